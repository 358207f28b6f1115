/*
 * store_pass_gpg.c: GPGME for the password store (see store_pass_gpg.h).
 * libgpgme is resolved with dlopen() on first use; the types and
 * signatures come from gpgme.h through __typeof__, so a mismatch fails to
 * compile.  Plaintext only ever lives in secret buffers (secret.h).
 */
#define _GNU_SOURCE /* explicit_bzero */
#include "store_pass_gpg.h"
#include "sys/dl.h"
#include "proto/escape.h"
#include "proto/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <gpgme.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GPGME_LIB "libgpgme.so.11"

static struct {
	__typeof__(gpgme_check_version) *check_version;
	__typeof__(gpgme_new) *new_ctx;
	__typeof__(gpgme_release) *release;
	__typeof__(gpgme_set_armor) *set_armor;
	__typeof__(gpgme_set_pinentry_mode) *set_pinentry_mode;
	__typeof__(gpgme_ctx_set_engine_info) *set_engine_info;
	__typeof__(gpgme_data_new_from_mem) *data_from_mem;
	__typeof__(gpgme_data_new_from_cbs) *data_from_cbs;
	__typeof__(gpgme_data_release) *data_release;
	__typeof__(gpgme_op_decrypt) *decrypt;
	__typeof__(gpgme_op_encrypt) *encrypt;
	__typeof__(gpgme_op_keylist_start) *keylist_start;
	__typeof__(gpgme_op_keylist_next) *keylist_next;
	__typeof__(gpgme_op_keylist_end) *keylist_end;
	__typeof__(gpgme_key_unref) *key_unref;
	__typeof__(gpgme_strerror) *strerror_;
	__typeof__(gpgme_set_global_flag) *set_global_flag;
	__typeof__(gpgme_set_ctx_flag) *set_ctx_flag;
	__typeof__(gpgme_op_verify) *verify;
	__typeof__(gpgme_op_verify_result) *verify_result;
	__typeof__(gpgme_get_key) *get_key;
} G;

static const char *const names[] = {
    "gpgme_check_version",     "gpgme_new",
    "gpgme_release",           "gpgme_set_armor",
    "gpgme_set_pinentry_mode", "gpgme_ctx_set_engine_info",
    "gpgme_data_new_from_mem", "gpgme_data_new_from_cbs",
    "gpgme_data_release",      "gpgme_op_decrypt",
    "gpgme_op_encrypt",        "gpgme_op_keylist_start",
    "gpgme_op_keylist_next",   "gpgme_op_keylist_end",
    "gpgme_key_unref",         "gpgme_strerror",
    "gpgme_set_global_flag",   "gpgme_set_ctx_flag",
    "gpgme_op_verify",         "gpgme_op_verify_result",
    "gpgme_get_key",
};

static int load(char **err)
{
	char *why = NULL;

	if (G.check_version)
		return 0;
	G_STATIC_ASSERT(sizeof(G) == G_N_ELEMENTS(names) * sizeof(void *));
	if (dl_table(GPGME_LIB, "libgpgme11", names, G_N_ELEMENTS(names), (void **)&G, &why)) {
		*err = g_strdup_printf("the password store needs GPGME: %s", why);
		g_free(why);
		return -1;
	}
	/*
	 * Without this GPGME runs gpgconf three times and gpgsm once before
	 * its first operation, to find engines we do not use: that doubled
	 * the processes of a get (docs/performance.md).  gpg is then found
	 * where GPGME was built to look, /usr/bin/gpg on Debian.
	 */
	G.set_global_flag("disable-gpgconf", "1");
	if (!G.check_version(NULL)) {
		*err = g_strdup("GPGME failed to initialise");
		memset(&G, 0, sizeof(G));
		return -1;
	}
	return 0;
}

int gpg_pinentry_reachable(void)
{
	const char *v;
	int fd;

	if (((v = getenv("DISPLAY")) && *v) || ((v = getenv("WAYLAND_DISPLAY")) && *v) ||
	    ((v = getenv("GPG_TTY")) && *v))
		return 1;
	/* git runs us with pipes, but a terminal may still be ours: tell gpg which. */
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	v = ttyname(fd);
	if (v)
		setenv("GPG_TTY", v, 0);
	close(fd);
	return v != NULL;
}

/* What PASSWORD_STORE_GPG_OPTS asks of gpg, as GPGME can give it. */
struct gpg_opts {
	char *homedir, *trust_model;
	int throw_keyids;
	int pinentry; /* a gpgme_pinentry_mode_t, or -1: as this program decides */
};

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

/*
 * PASSWORD_STORE_GPG_OPTS, the options pass gives every gpg it runs:
 * those GPGME can give gpg are honoured, those that change nothing here
 * are ignored, and any other is refused rather than silently dropped
 * (it may matter: a keyring, an algorithm).  0, or -1 with *err.
 */
static int gpg_opts(struct gpg_opts *o, char **err)
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
	if (rc) {
		g_free(o->homedir);
		g_free(o->trust_model);
	}
	return rc;
}

/* A GPGME context as pass would run gpg; *o what PASSWORD_STORE_GPG_OPTS said. */
static gpgme_ctx_t ctx_new(struct gpg_opts *o, char **err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_error_t e;

	if (load(err) || gpg_opts(o, err))
		return NULL;
	if ((e = G.new_ctx(&ctx))) {
		*err = g_strdup_printf("cannot start GPGME: %s", G.strerror_(e));
		g_free(o->homedir);
		g_free(o->trust_model);
		return NULL;
	}
	G.set_armor(ctx, 0);
	if (o->homedir)
		G.set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, NULL, o->homedir);
	if (o->trust_model)
		G.set_ctx_flag(ctx, "trust-model", o->trust_model);
	/* Nobody to ask: gpg fails at once instead of waiting for a pinentry. */
	if (o->pinentry >= 0)
		G.set_pinentry_mode(ctx, (gpgme_pinentry_mode_t)o->pinentry);
	else if (!gpg_pinentry_reachable())
		G.set_pinentry_mode(ctx, GPGME_PINENTRY_MODE_CANCEL);
	return ctx;
}

static void ctx_free(gpgme_ctx_t ctx, struct gpg_opts *o)
{
	G.release(ctx);
	g_free(o->homedir);
	g_free(o->trust_model);
}

/* A data sink into a secret buffer, made at its final size: it never grows. */
static ssize_t sink_write(void *handle, const void *buf, size_t n)
{
	GString *s = handle;

	if (n >= s->allocated_len - s->len) {
		errno = EFBIG;
		return -1;
	}
	g_string_append_len(s, buf, (gssize)n);
	return (ssize_t)n;
}

static struct gpgme_data_cbs sink_cbs = {.write = sink_write};

/*
 * A sink for ciphertext, which is not secret: it grows with the number of
 * recipients, up to what a reader takes (GPG_MAX_CIPHERTEXT).
 */
static ssize_t cipher_write(void *handle, const void *buf, size_t n)
{
	GString *s = handle;

	if (s->len + n > GPG_MAX_CIPHERTEXT) {
		errno = EFBIG;
		return -1;
	}
	g_string_append_len(s, buf, (gssize)n);
	return (ssize_t)n;
}

static struct gpgme_data_cbs cipher_cbs = {.write = cipher_write};

/* Whether a decryption error means gpg needed a passphrase nobody could give. */
static int needs_passphrase(gpgme_error_t e)
{
	switch (gpgme_err_code(e)) {
	case GPG_ERR_CANCELED:
	case GPG_ERR_FULLY_CANCELED:
	case GPG_ERR_NO_PIN_ENTRY:
	case GPG_ERR_NO_PASSPHRASE:
	case GPG_ERR_BAD_PASSPHRASE:
	case GPG_ERR_TIMEOUT:
		return 1;
	default:
		return 0;
	}
}

GString *gpg_decrypt(const char *cipher, size_t len, const char *what, char **err)
{
	struct gpg_opts o;
	gpgme_ctx_t ctx = ctx_new(&o, err);
	gpgme_data_t in = NULL, out = NULL;
	GString *plain = NULL;
	gpgme_error_t e;
	int reachable = gpg_pinentry_reachable();

	if (!ctx)
		return NULL;
	plain = secret_buf_new();
	if ((e = G.data_from_mem(&in, cipher, len, 0)) ||
	    (e = G.data_from_cbs(&out, &sink_cbs, plain)) || (e = G.decrypt(ctx, in, out))) {
		if (needs_passphrase(e) || (!reachable && gpgme_err_code(e) == GPG_ERR_NO_SECKEY))
			*err = g_strdup_printf(
			    "gpg needs the passphrase of the key for %s and no pinentry can reach "
			    "you here (%s); unlock the key in gpg-agent first (for example, run "
			    "pass "
			    "show in a terminal), set GPG_TTY=$(tty), or use a key the agent holds",
			    what, reachable ? "it was not given" : "no terminal, no display");
		else if (gpgme_err_code(e) == GPG_ERR_NO_SECKEY)
			*err = g_strdup_printf(
			    "none of your secret keys can decrypt %s; it is encrypted to the keys "
			    "of the store's .gpg-id: ask a holder to re-encrypt it to your key",
			    what);
		else
			*err = g_strdup_printf("gpg cannot decrypt %s: %s", what, G.strerror_(e));
		secret_buf_free(plain);
		plain = NULL;
	}
	if (out)
		G.data_release(out);
	if (in)
		G.data_release(in);
	ctx_free(ctx, &o);
	return plain;
}

/* Whether a key can take an encryption now. */
static int key_usable(gpgme_key_t k)
{
	return k->can_encrypt && !k->revoked && !k->expired && !k->disabled && !k->invalid;
}

/* The first usable key that id (a line of .gpg-id) names, or NULL. */
static gpgme_key_t find_key(gpgme_ctx_t ctx, const char *id, int secret)
{
	char *pat = g_strdup(id);
	gpgme_key_t k = NULL, found = NULL;

	g_strchomp(pat);
	if (*pat && pat[strlen(pat) - 1] == '!')
		pat[strlen(pat) - 1] = '\0';
	if (!G.keylist_start(ctx, pat, secret)) {
		while (!G.keylist_next(ctx, &k)) {
			if (!found && key_usable(k))
				found = k;
			else
				G.key_unref(k);
		}
		G.keylist_end(ctx);
	}
	g_free(pat);
	return found;
}

/*
 * The plaintext as GPGME's input.  GPGME copies it, a block at a time,
 * through a buffer of its own that it frees without clearing; it asks for
 * the next block only once the last one went to gpg, and the same buffer
 * then receives the end of the input: that is where the copy is cleared.
 */
struct plain_src {
	const GString *s;
	size_t off;
};

static ssize_t plain_read(void *handle, void *buf, size_t n)
{
	struct plain_src *p = handle;
	size_t left = p->s->len - p->off;

	if (!left) {
		explicit_bzero(buf, n);
		return 0;
	}
	n = MIN(n, left);
	memcpy(buf, p->s->str + p->off, n);
	p->off += n;
	return (ssize_t)n;
}

static struct gpgme_data_cbs plain_cbs = {.read = plain_read};

GString *gpg_encrypt(const GString *plain, char **ids, char **err)
{
	struct gpg_opts o;
	gpgme_ctx_t ctx = ctx_new(&o, err);
	guint n = ids ? g_strv_length(ids) : 0;
	gpgme_key_t *keys;
	gpgme_data_t in = NULL, out = NULL;
	gpgme_error_t e;
	GString *cipher = NULL;
	int always = o.trust_model && !strcmp(o.trust_model, "always");
	struct plain_src src = {plain, 0};

	if (!ctx)
		return NULL;
	keys = g_new0(gpgme_key_t, n + 1);
	for (guint i = 0; i < n; i++)
		if (!(keys[i] = find_key(ctx, ids[i], 0))) {
			char *id = term_safe(ids[i]);

			*err = g_strdup_printf("no usable public key for '%s' of .gpg-id (import "
			                       "it, or renew it if it expired)",
			                       id);
			g_free(id);
			goto out;
		}
	cipher = g_string_new(NULL);
	if ((e = G.data_from_cbs(&in, &plain_cbs, &src)) ||
	    (e = G.data_from_cbs(&out, &cipher_cbs, cipher)) ||
	    (e = G.encrypt(ctx, keys,
	                   GPGME_ENCRYPT_NO_ENCRYPT_TO | GPGME_ENCRYPT_NO_COMPRESS |
	                       (always ? GPGME_ENCRYPT_ALWAYS_TRUST : 0) |
	                       (o.throw_keyids ? GPGME_ENCRYPT_THROW_KEYIDS : 0),
	                   in, out))) {
		if (cipher->len + 1 > GPG_MAX_CIPHERTEXT || gpgme_err_code(e) == GPG_ERR_EFBIG)
			*err = g_strdup_printf("the encrypted entry would be larger than the %d "
			                       "bytes a reader takes (too many keys in .gpg-id?)",
			                       GPG_MAX_CIPHERTEXT);
		else
			*err = g_strdup_printf(
			    "gpg cannot encrypt to the keys of .gpg-id: %s%s", G.strerror_(e),
			    gpgme_err_code(e) == GPG_ERR_UNUSABLE_PUBKEY
			        ? " (a key there is not trusted: sign it, or set "
			          "PASSWORD_STORE_GPG_OPTS=--trust-model=always as pass users do)"
			        : "");
		g_string_free(cipher, TRUE);
		cipher = NULL;
	}
out:
	if (out)
		G.data_release(out);
	if (in)
		G.data_release(in);
	for (guint i = 0; i < n; i++)
		if (keys[i])
			G.key_unref(keys[i]);
	g_free(keys);
	ctx_free(ctx, &o);
	return cipher;
}

/* Whether a signature is one gpg calls valid (VALIDSIG: good, maybe by an expired key). */
static int sig_valid(gpgme_signature_t sig)
{
	switch (gpgme_err_code(sig->status)) {
	case GPG_ERR_NO_ERROR:
	case GPG_ERR_SIG_EXPIRED:
	case GPG_ERR_KEY_EXPIRED:
		return 1;
	default:
		return 0;
	}
}

/* Whether fpr (a signing key, maybe a subkey) or its primary key is one of signers. */
static int signer_listed(gpgme_ctx_t ctx, const char *fpr, char **signers)
{
	gpgme_key_t k = NULL;
	const char *primary = NULL;
	int listed = 0;

	if (!G.get_key(ctx, fpr, &k, 0) && k && k->subkeys)
		primary = k->subkeys->fpr;
	for (char **s = signers; *s && !listed; s++)
		listed = !g_strcmp0(*s, fpr) || !g_strcmp0(*s, primary);
	if (k)
		G.key_unref(k);
	return listed;
}

int gpg_verify_detached(const GString *data, const GString *sig, char **signers, char **err)
{
	struct gpg_opts o;
	gpgme_ctx_t ctx = ctx_new(&o, err);
	gpgme_data_t d = NULL, s = NULL;
	gpgme_verify_result_t r;
	int ok = 0;

	if (!ctx)
		return -1;
	if (!G.data_from_mem(&s, sig->str, sig->len, 0) &&
	    !G.data_from_mem(&d, data->str, data->len, 0) && !G.verify(ctx, s, d, NULL) &&
	    (r = G.verify_result(ctx)))
		for (gpgme_signature_t g = r->signatures; g && !ok; g = g->next)
			ok = g->fpr && sig_valid(g) && signer_listed(ctx, g->fpr, signers);
	if (d)
		G.data_release(d);
	if (s)
		G.data_release(s);
	ctx_free(ctx, &o);
	return ok ? 0 : 1;
}

int gpg_keys_status(char **ids, int *usable, int *secret, char **err)
{
	struct gpg_opts o;
	gpgme_ctx_t ctx = ctx_new(&o, err);
	gpgme_key_t k;

	*usable = *secret = 0;
	if (!ctx)
		return -1;
	for (char **p = ids; p && *p; p++) {
		if (!(k = find_key(ctx, *p, 0)))
			continue;
		(*usable)++;
		G.key_unref(k);
		if ((k = find_key(ctx, *p, 1))) {
			(*secret)++;
			G.key_unref(k);
		}
	}
	ctx_free(ctx, &o);
	return 0;
}

int gpg_agent_running(char **where)
{
	char *argv[] = {"gpgconf", "--list-dirs", "agent-socket", NULL}, *sock = NULL;
	struct stat st;
	int up;

	/* For doctor only: gpgconf knows where this GNUPGHOME's agent listens. */
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
	                  NULL, &sock, NULL, NULL, NULL) ||
	    !sock) {
		*where = g_strdup("?");
		return 0;
	}
	g_strstrip(sock);
	up = *sock && stat(sock, &st) == 0 && S_ISSOCK(st.st_mode);
	*where = sock;
	return up;
}
