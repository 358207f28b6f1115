/*
 * store_pass_gpgopts.c: PASSWORD_STORE_GPG_OPTS, read as a list of
 * gpg's options (see store_pass_gpgopts.h).  pass hands them to every
 * gpg it runs; GPGME has no such list, so each option is either given
 * to GPGME by its own setting, known to change nothing here, or refused
 * by name: an option silently dropped could matter (a keyring, an
 * algorithm).
 */
#include "store_pass_gpgopts.h"
#include "proto/escape.h"

#include <glib.h>
#include <gpgme.h>
#include <stdlib.h>
#include <string.h>

/* Options that change nothing here (pass gives gpg most of them itself). */
static const char *const harmless[] = {
    "--quiet",
    "-q",
    "--yes",
    "--batch",
    "--no-tty",
    "--use-agent",
    "--no-greeting",
    "--no-verbose",
    "--verbose",
    "-v",
    "--no-secmem-warning",
    "--no-permission-warning",
    "--no-encrypt-to",
    NULL,
};

static int in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return 1;
	return 0;
}

/* The value of --name VALUE or --name=VALUE at *p (advancing past it), or NULL. */
static const char *value_of(char ***p, const char *name)
{
	size_t n = strlen(name);

	if (!strncmp(**p, name, n) && (**p)[n] == '=')
		return **p + n + 1;
	if (!strcmp(**p, name) && (*p)[1])
		return *++*p;
	return NULL;
}

static const struct {
	const char *name;
	gpgme_pinentry_mode_t mode;
} pinentry_modes[] = {
    {"default", GPGME_PINENTRY_MODE_DEFAULT},   {"ask", GPGME_PINENTRY_MODE_ASK},
    {"cancel", GPGME_PINENTRY_MODE_CANCEL},     {"error", GPGME_PINENTRY_MODE_ERROR},
    {"loopback", GPGME_PINENTRY_MODE_LOOPBACK},
};

static int pinentry_mode(const char *v)
{
	for (size_t i = 0; i < G_N_ELEMENTS(pinentry_modes); i++)
		if (!strcmp(v, pinentry_modes[i].name))
			return (int)pinentry_modes[i].mode;
	return -1;
}

int gpg_opts_read(struct gpg_opts *o, char **err)
{
	const char *env = getenv("PASSWORD_STORE_GPG_OPTS"), *v;
	char **w = g_strsplit_set(env ? env : "", " \t\n", -1);
	int rc = 0;

	memset(o, 0, sizeof(*o));
	o->pinentry = -1;
	for (char **p = w; *p && !rc; p++) {
		if (!**p || in(*p, harmless))
			continue;
		if ((v = value_of(&p, "--homedir"))) {
			g_free(o->homedir);
			o->homedir = g_strdup(v);
		} else if ((v = value_of(&p, "--trust-model"))) {
			g_free(o->trust_model);
			o->trust_model = g_strdup(v);
		} else if (!strcmp(*p, "--always-trust")) {
			g_free(o->trust_model);
			o->trust_model = g_strdup("always");
		} else if (!strcmp(*p, "--throw-keyids") || !strcmp(*p, "--no-throw-keyids")) {
			o->throw_keyids = !strcmp(*p, "--throw-keyids");
		} else if ((v = value_of(&p, "--compress-algo"))) {
			; /* pass's own --compress-algo=none comes after it: never compressed */
		} else if ((v = value_of(&p, "--pinentry-mode")) && pinentry_mode(v) >= 0) {
			o->pinentry = pinentry_mode(v);
		} else {
			char *safe = term_safe(*p);

			*err = g_strdup_printf(
			    "PASSWORD_STORE_GPG_OPTS holds %s, which GPGME cannot give gpg; remove "
			    "it (honoured: --homedir, --trust-model, --always-trust, "
			    "--throw-keyids, "
			    "--pinentry-mode)",
			    safe);
			g_free(safe);
			rc = -1;
		}
	}
	g_strfreev(w);
	if (rc)
		gpg_opts_clear(o);
	return rc;
}

void gpg_opts_clear(struct gpg_opts *o)
{
	g_free(o->homedir);
	g_free(o->trust_model);
	o->homedir = o->trust_model = NULL;
}
