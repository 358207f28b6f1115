/*
 * store_pass_entry.c: one entry of the password store (see
 * store_pass_entry.h).  A team's store is written by others: what an
 * entry answers for is what its encrypted content says, never its file
 * name alone (proto/passentry.h), and a new entry is encrypted only to
 * the keys pass itself would use, after the checks pass makes
 * (PASSWORD_STORE_KEY, PASSWORD_STORE_SIGNING_KEY).  Only ciphertext
 * reaches the disk.
 */
#define _GNU_SOURCE /* O_NOFOLLOW */
#include "store_pass_entry.h"
#include "store_pass_files.h"
#include "store_pass_gpg.h"
#include "proto/escape.h"
#include "proto/passentry.h"
#include "sys/limits.h"
#include "sys/msg.h"
#include "sys/watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A person at a pinentry gets longer than a store that cannot ask anyone. */
void pass_watchdog(int on)
{
	watchdog_arm(on ? gpg_pinentry_reachable() ? PINENTRY_SECONDS : STORE_SECONDS : 0,
	             "gpg or git did not answer within the time allowed; unlock the key in "
	             "gpg-agent (or set GPG_TTY=$(tty)) and try again");
}

void pass_entry_clear(struct pass_entry *e)
{
	cred_clear(&e->c);
	secret_free(e->notes);
	e->notes = NULL;
}

/* Splits "a/b/c.gpg" into "a/b" and "c.gpg". */
static void split_rel(const char *rel, char **dir, char **base)
{
	const char *slash = strrchr(rel, '/');

	*dir = g_strndup(rel, (gsize)(slash - rel));
	*base = g_strdup(slash + 1);
}

/* Prefixes *err with what, the entry's name (safe for a terminal). */
static void name_error(const char *what, char **err)
{
	char *m = g_strdup_printf("%s: %s", what, *err);

	g_free(*err);
	*err = m;
}

/* The entry's name for messages: a file name is another's text, made safe. */
static char *entry_name(const char *rel)
{
	char *name = g_strndup(rel, strlen(rel) - strlen(".gpg")), *safe = term_safe(name);

	g_free(name);
	return safe;
}

enum pass_read pass_entry_read(int root, const char *rel, struct pass_entry *e, char **err)
{
	char *dir, *base, *url = NULL, *what = entry_name(rel);
	GString *cipher = NULL, *plain = NULL;
	enum pass_read rc = PASS_READ_FAILED;
	int fd;

	pass_entry_clear(e);
	split_rel(rel, &dir, &base);
	fd = pf_open_sub(root, dir, 0, err);
	if (fd >= 0) {
		cipher = pf_read_at(fd, base, GPG_MAX_CIPHERTEXT, err);
		close(fd);
	}
	if (!cipher) {
		if (!*err)
			rc = PASS_READ_MISSING;
	} else if ((plain = gpg_decrypt(cipher->str, cipher->len, what, err))) {
		if (passentry_parse(plain->str, plain->len, &e->c, &url, &e->notes, err))
			name_error(what, err);
		else if (passentry_identity(rel, url, &e->c, err))
			rc = PASS_READ_CONFLICT;
		else
			rc = PASS_READ_OK;
		g_free(url);
		secret_buf_free(plain);
	}
	if (rc != PASS_READ_OK)
		pass_entry_clear(e);
	if (cipher)
		g_string_free(cipher, TRUE);
	g_free(what);
	g_free(dir);
	g_free(base);
	return rc;
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
		ids = pf_parse_gpg_id(id);
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

/* Writes cipher to dir/base by a temporary file renamed into place. */
static int put_file(int fd, const char *base, const char *rel, const GString *cipher, char **err)
{
	char *tmp = g_strdup_printf(".%s.%08x.tmp", base, g_random_int());
	int out = openat(fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	int rc = 0;

	if (out < 0 || write_full(out, cipher->str, cipher->len) || fsync(out) ||
	    renameat(fd, tmp, fd, base)) {
		char *safe = term_safe(rel);

		*err = g_strdup_printf("cannot write %s: %s", safe, g_strerror(errno));
		g_free(safe);
		if (out >= 0)
			unlinkat(fd, tmp, 0);
		rc = -1;
	}
	if (out >= 0)
		close(out);
	g_free(tmp);
	return rc;
}

int pass_entry_write(int root, const char *rootpath, const char *rel, const struct credential *c,
                     const char *notes, char **err)
{
	char *dir, *base, *where = NULL, **ids = NULL;
	GString *plain = passentry_write(c, notes, err), *cipher = NULL;
	int fd = -1, rc = -1;

	split_rel(rel, &dir, &base);
	if (!plain) {
		rc = STORE_REFUSED;
		goto done;
	}
	if (!(ids = pass_recipients(root, dir, &where, err)) ||
	    !(cipher = gpg_encrypt(plain, ids, err)) || pf_git_ready(root, rootpath, err) ||
	    (fd = pf_open_sub(root, dir, 1, err)) < 0) {
		if (!*err)
			*err = g_strdup_printf("cannot make the directories of %s in the password "
			                       "store",
			                       dir);
		goto done;
	}
	if (!put_file(fd, base, rel, cipher, err))
		rc = pf_git_commit(root, rootpath, rel, 0, err);
done:
	if (fd >= 0)
		close(fd);
	g_strfreev(ids);
	g_free(where);
	if (cipher)
		g_string_free(cipher, TRUE);
	secret_buf_free(plain);
	g_free(dir);
	g_free(base);
	return rc;
}
