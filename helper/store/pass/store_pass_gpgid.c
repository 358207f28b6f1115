/*
 * store_pass_gpgid.c: the keys of the password store (see
 * store_pass_gpgid.h).  A team's .gpg-id is written by others: with
 * PASSWORD_STORE_SIGNING_KEY set, nothing is encrypted to the keys an
 * unsigned or badly signed one names, as pass refuses it.  The files are
 * read as every file of the store is (store_pass_files.h), the
 * signature checked by gpg (store_pass_gpg.h).
 */
#include "store_pass_gpgid.h"
#include "store_pass_files.h"
#include "store_pass_gpg.h"
#include "proto/escape.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The key ids of a .gpg-id, as pass reads them: comments and blank lines skipped. */
static char **parse_gpg_id(const GString *s)
{
	char **lines = g_strsplit(s->str, "\n", -1);
	GPtrArray *ids = g_ptr_array_new();

	for (char **l = lines; *l; l++) {
		char *hash = strchr(*l, '#');

		if (hash)
			*hash = '\0';
		g_strstrip(*l);
		if (**l)
			g_ptr_array_add(ids, g_strdup(*l));
	}
	g_strfreev(lines);
	g_ptr_array_add(ids, NULL);
	return (char **)g_ptr_array_free(ids, FALSE);
}

GString *pf_nearest_gpg_id(int root, const char *dir, GString **sig, char **where, char **err)
{
	char **parts = g_strsplit(dir, "/", -1);
	GString *prefix = g_string_new(NULL), *id = NULL;

	*sig = NULL;
	*where = NULL;
	for (char **p = parts;; p++) {
		int fd = pf_open_sub(root, prefix->str, 0, err);
		GString *s, *sg = NULL;

		if (fd < 0)
			break;
		s = pf_read_at(fd, ".gpg-id", GPG_ID_MAX, err);
		if (s && !*err)
			sg = pf_read_at(fd, ".gpg-id.sig", GPG_ID_MAX, err);
		close(fd);
		if (*err) {
			if (s)
				g_string_free(s, TRUE);
			break;
		}
		if (s) { /* a nearer one replaces what was found above it */
			if (id)
				g_string_free(id, TRUE);
			if (*sig)
				g_string_free(*sig, TRUE);
			g_free(*where);
			id = s;
			*sig = sg;
			*where =
			    g_strdup_printf("%s%s.gpg-id", prefix->str, prefix->len ? "/" : "");
		}
		if (!*p)
			break;
		g_string_append_printf(prefix, "%s%s", prefix->len ? "/" : "", *p);
	}
	g_string_free(prefix, TRUE);
	g_strfreev(parts);
	if (*err) {
		if (id)
			g_string_free(id, TRUE);
		if (*sig)
			g_string_free(*sig, TRUE);
		g_free(*where);
		*sig = NULL;
		*where = NULL;
		return NULL;
	}
	return id;
}

/* PASSWORD_STORE_SIGNING_KEY: the fingerprints pass takes (40 upper-case hex digits). */
static char **signing_keys(void)
{
	const char *env = getenv("PASSWORD_STORE_SIGNING_KEY");
	char **w = g_strsplit_set(env ? env : "", " \t\n", -1);
	GPtrArray *keys = g_ptr_array_new();

	for (char **p = w; *p; p++)
		if (strlen(*p) == 40 && strspn(*p, "0123456789ABCDEF") == 40)
			g_ptr_array_add(keys, g_strdup(*p));
	g_strfreev(w);
	g_ptr_array_add(keys, NULL);
	return (char **)g_ptr_array_free(keys, FALSE);
}

/* As pass's verify_file: with PASSWORD_STORE_SIGNING_KEY set, .gpg-id needs a good .sig. */
static int signed_well(const GString *id, const GString *sig, const char *where, char **err)
{
	const char *env = getenv("PASSWORD_STORE_SIGNING_KEY");
	char **signers, *at;
	int rc = 0;

	if (!env || !*env)
		return 0;
	at = term_safe(where);
	signers = signing_keys();
	if (!sig)
		*err = g_strdup_printf("PASSWORD_STORE_SIGNING_KEY is set and %s has no signature "
		                       "(.sig); nothing is encrypted to it: sign it with pass init",
		                       at);
	else if ((rc = gpg_verify_detached(id, sig, signers, err)) > 0)
		*err =
		    g_strdup_printf("PASSWORD_STORE_SIGNING_KEY is set and %s.sig is not a good "
		                    "signature by one of those keys; nothing is encrypted to the "
		                    "keys it names",
		                    at);
	g_strfreev(signers);
	g_free(at);
	return *err ? -1 : 0;
}

char **pass_recipients(int root, const char *dir, char **where, char **err)
{
	const char *key = getenv("PASSWORD_STORE_KEY");
	GString *id, *sig = NULL;
	char **ids = NULL;

	*where = NULL;
	if (key && *key) { /* as pass: these keys, and no .gpg-id at all */
		char **w = g_strsplit_set(key, " \t\n", -1);
		GPtrArray *keys = g_ptr_array_new();

		for (char **p = w; *p; p++)
			if (**p)
				g_ptr_array_add(keys, g_strdup(*p));
		g_strfreev(w);
		g_ptr_array_add(keys, NULL);
		*where = g_strdup("PASSWORD_STORE_KEY");
		return (char **)g_ptr_array_free(keys, FALSE);
	}
	if (!(id = pf_nearest_gpg_id(root, dir, &sig, where, err))) {
		if (!*err)
			*err = g_strdup("the password store has no .gpg-id; run pass init KEYID");
		return NULL;
	}
	if (!signed_well(id, sig, *where, err)) {
		ids = parse_gpg_id(id);
		if (!*ids) {
			*err = g_strdup("the store's .gpg-id names no key; run pass init KEYID");
			g_strfreev(ids);
			ids = NULL;
		}
	}
	g_string_free(id, TRUE);
	if (sig)
		g_string_free(sig, TRUE);
	if (!ids) {
		g_free(*where);
		*where = NULL;
	}
	return ids;
}
