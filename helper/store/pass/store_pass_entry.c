/*
 * store_pass_entry.c: one entry of the password store (see
 * store_pass_entry.h).  A team's store is written by others: what an
 * entry answers for is what its encrypted content says, never its file
 * name alone (proto/passentry.h), and a new entry is encrypted only to
 * the keys pass itself would use, after the checks pass makes
 * (store_pass_gpgid.c).  Only ciphertext reaches the disk.
 */
#define _GNU_SOURCE /* O_NOFOLLOW */
#include "store_pass_entry.h"
#include "store_pass_files.h"
#include "store_pass_git.h"
#include "store_pass_gpg.h"
#include "store_pass_gpgid.h"
#include "store_pass_tty.h"
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
