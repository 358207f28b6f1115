/*
 * store_pass.c: the password store of pass(1), gopass, QtPass and
 * browserpass: one GPG-encrypted file per credential under jira/ in
 * $PASSWORD_STORE_DIR (default ~/.password-store), encrypted to every key
 * of the nearest .gpg-id, committed with git when the store is a git
 * repository, as pass does.  Owns the files: nothing below the store's
 * directory is followed through a link, every directory and entry is
 * fstat-checked, writes go to a temporary file in the same directory and
 * are renamed into place, and only ciphertext ever reaches the disk.
 * What an entry says and where it lives is proto/passentry.c's; gpg is
 * store_pass_gpg.c's; which entry answers is proto/match.c's.
 */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW, explicit_bzero */
#include "store.h"
#include "store_pass_gpg.h"
#include "store_pass_files.h"
#include "../proto/domain.h"
#include "../proto/passentry.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void watchdog_fire(int sig)
{
	static const char msg[] =
	    "jira-credential: gpg did not answer within the time allowed; unlock the key in "
	    "gpg-agent (or set GPG_TTY=$(tty)) and try again\n";
	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(EXIT_KEYRING);
}

/* A person at a pinentry gets longer than a store that cannot ask anyone. */
static void watchdog(int on)
{
	signal(SIGALRM, watchdog_fire);
	alarm(on ? (gpg_pinentry_reachable() ? 4 : 1) * STORE_TIMEOUT : 0);
}

/* Splits "a/b/c.gpg" into "a/b" and "c.gpg". */
static void split_rel(const char *rel, char **dir, char **base)
{
	const char *slash = strrchr(rel, '/');

	*dir = g_strndup(rel, (gsize)(slash - rel));
	*base = g_strdup(slash + 1);
}

/* Decrypts the entry e into out (origin, path and user from its name). */
static int read_entry(int root, const struct stored *e, struct credential *out, char **err)
{
	char *dir, *base, *url = NULL, *what;
	GString *cipher = NULL, *plain = NULL;
	int fd, rc = -1;

	split_rel(e->handle, &dir, &base);
	what = g_strndup(e->handle, strlen(e->handle) - strlen(".gpg"));
	fd = pf_open_sub(root, dir, 0, err);
	if (fd >= 0) {
		cipher = pf_read_at(fd, base, GPG_MAX_CIPHERTEXT, err);
		close(fd);
	}
	if (!cipher) {
		if (!*err)
			*err = g_strdup_printf("%s vanished while it was read; try again", what);
	} else if ((plain = gpg_decrypt(cipher->str, cipher->len, what, err))) {
		cred_clear(out);
		if (passentry_parse(plain->str, plain->len, out, &url, err)) {
			char *m = g_strdup_printf("%s: %s", what, *err);

			g_free(*err);
			*err = m;
		} else {
			out->protocol = g_strdup(e->protocol);
			out->host = g_strdup(e->host);
			out->path = g_strdup(e->path);
			g_free(out->username);
			out->username = g_strdup(e->username);
			out->stored_us = e->stored_us;
			rc = 0;
		}
		g_free(url);
		secret_buf_free(plain);
	}
	if (cipher)
		g_string_free(cipher, TRUE);
	g_free(what);
	g_free(dir);
	g_free(base);
	return rc;
}

/* Writes c's entry: encrypted to the nearest .gpg-id, renamed into place, committed. */
static int write_entry(int root, const char *rootpath, const struct credential *c, char **err)
{
	char *rel = passentry_path(c->protocol, c->host, c->path, c->username);
	char *dir, *base, *tmp = NULL, **ids = NULL;
	GString *plain = passentry_write(c), *cipher = NULL;
	int fd = -1, out = -1, rc = -1;

	split_rel(rel, &dir, &base);
	if (!plain) {
		*err = g_strdup("a value holds a line break; refused");
		goto done;
	}
	if (!(ids = pf_gpg_ids_for(root, dir, err))) {
		if (!*err)
			*err = g_strdup("the password store has no .gpg-id; run pass init KEYID");
		goto done;
	}
	if (!(cipher = gpg_encrypt(plain, ids, err)) || (fd = pf_open_sub(root, dir, 1, err)) < 0)
		goto done;
	tmp = g_strdup_printf(".%s.%08x.tmp", base, g_random_int());
	out = openat(fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0 || write_full(out, cipher->str, cipher->len) || fsync(out) ||
	    renameat(fd, tmp, fd, base)) {
		*err = g_strdup_printf("cannot write %s: %s", rel, g_strerror(errno));
		if (out >= 0)
			unlinkat(fd, tmp, 0);
		goto done;
	}
	rc = pf_git_commit(root, rootpath, rel, 0, err);
done:
	if (out >= 0)
		close(out);
	if (fd >= 0)
		close(fd);
	g_free(tmp);
	g_strfreev(ids);
	if (cipher)
		g_string_free(cipher, TRUE);
	secret_buf_free(plain);
	g_free(dir);
	g_free(base);
	g_free(rel);
	return rc;
}

/* Entries of q's origin, keeping only those of q's username when it is given. */
static GPtrArray *candidates(int root, const struct credential *q, char **err)
{
	char *dir = passentry_origin_dir(q->protocol, q->host);
	GPtrArray *found = pf_collect(root, dir, err);

	g_free(dir);
	for (guint i = found ? found->len : 0; i-- > 0;) {
		struct stored *e = g_ptr_array_index(found, i);

		if (q->username && strcmp(e->username, q->username))
			g_ptr_array_remove_index(found, i);
	}
	return found;
}

static int pass_lookup(const struct credential *q, struct credential *out, char **err)
{
	char *rootpath = NULL;
	GPtrArray *found = NULL;
	struct stored *best;
	int root, rc = -1;

	watchdog(1);
	if ((root = pf_open_root(&rootpath, err)) < 0)
		goto out;
	if (!(found = candidates(root, q, err)))
		goto out;
	rc = 0;
	if ((best = match_best(found, q->path)))
		rc = read_entry(root, best, out, err) ? -1 : 1;
out:
	watchdog(0);
	if (found)
		g_ptr_array_free(found, TRUE);
	if (root >= 0)
		close(root);
	g_free(rootpath);
	return rc;
}

static int pass_save(const struct credential *c, char **err)
{
	char *rootpath = NULL;
	int root, rc = -1;

	watchdog(1);
	if ((root = pf_open_root(&rootpath, err)) >= 0) {
		rc = write_entry(root, rootpath, c, err);
		close(root);
	}
	watchdog(0);
	g_free(rootpath);
	return rc;
}

/* Removes the empty directories between rel's and jira/, as pass rm does. */
static void prune_dirs(int root, const char *rel)
{
	char *dir = g_strdup(rel), *slash;

	while ((slash = strrchr(dir, '/'))) {
		*slash = '\0';
		if (unlinkat(root, dir, AT_REMOVEDIR))
			break;
	}
	if (!strchr(dir, '/'))
		unlinkat(root, dir, AT_REMOVEDIR); /* jira/ itself, once empty */
	g_free(dir);
}

/* Whether erase q takes e (reads the secret when q has a password or a type). */
static int erase_takes(int root, const struct stored *e, const struct credential *q, char **err)
{
	struct credential c;
	int take;

	if (q->path && g_strcmp0(e->path, q->path))
		return 0;
	if (!q->password && !q->type)
		return 1;
	cred_init(&c);
	if (read_entry(root, e, &c, err)) {
		cred_clear(&c);
		return -1;
	}
	take = (!q->password || !g_strcmp0(c.password, q->password)) &&
	       (!q->type || cred_type(&c) == q->type);
	cred_clear(&c);
	return take;
}

static int pass_erase(const struct credential *q, int *count, char **err)
{
	char *rootpath = NULL;
	GPtrArray *found = NULL;
	int root, rc = -1;

	*count = 0;
	watchdog(1);
	if ((root = pf_open_root(&rootpath, err)) < 0 || !(found = candidates(root, q, err)))
		goto out;
	rc = 0;
	for (guint i = 0; i < found->len && !rc; i++) {
		struct stored *e = g_ptr_array_index(found, i);
		int take = erase_takes(root, e, q, err);

		if (take < 0)
			rc = -1;
		else if (take && unlinkat(root, e->handle, 0) && errno != ENOENT) {
			*err = g_strdup_printf("cannot remove %s: %s", (char *)e->handle,
			                       g_strerror(errno));
			rc = -1;
		} else if (take) {
			(*count)++;
			prune_dirs(root, e->handle);
			rc = pf_git_commit(root, rootpath, e->handle, 1, err);
		}
	}
out:
	watchdog(0);
	if (found)
		g_ptr_array_free(found, TRUE);
	if (root >= 0)
		close(root);
	g_free(rootpath);
	return rc;
}

/* Only file names are read: type is inferred, expiry unknown until an entry is opened. */
static int pass_list(GPtrArray **entries, int *hidden, char **err)
{
	char *rootpath = NULL;
	int root;

	*hidden = 0;
	*entries = NULL;
	if ((root = pf_open_root(&rootpath, err)) >= 0) {
		*entries = pf_collect(root, PASSENTRY_DIR, err);
		close(root);
	}
	g_free(rootpath);
	if (*entries)
		stored_sort(*entries);
	return *entries ? 0 : -1;
}

static int pass_remember_api_base(const struct credential *c, const char *api_base, char **err)
{
	struct credential q = {.protocol = c->protocol, .host = c->host, .username = c->username};
	struct credential now;
	char *rootpath = NULL;
	GPtrArray *found = NULL;
	int root, rc = -1;

	cred_init(&now);
	watchdog(1);
	if ((root = pf_open_root(&rootpath, err)) < 0 || !(found = candidates(root, &q, err)))
		goto out;
	rc = 0;
	for (guint i = 0; i < found->len && !rc; i++) {
		struct stored *e = g_ptr_array_index(found, i);

		/* Only the entry that was validated: a newer secret stays as it is. */
		if (g_strcmp0(e->path, c->path) || (rc = read_entry(root, e, &now, err)) ||
		    g_strcmp0(now.password, c->password))
			continue;
		g_free(now.api_base);
		now.api_base = g_strdup(api_base);
		rc = write_entry(root, rootpath, &now, err);
	}
out:
	watchdog(0);
	cred_clear(&now);
	if (found)
		g_ptr_array_free(found, TRUE);
	if (root >= 0)
		close(root);
	g_free(rootpath);
	return rc;
}

static int pass_probe(int detailed, char **why)
{
	char *rootpath = NULL, *err = NULL, **ids = NULL;
	int root = pf_open_root(&rootpath, &err), ok = 0;
	struct stat st;

	if (root < 0) {
		*why = err;
		return 0;
	}
	ids = pf_gpg_ids_for(root, PASSENTRY_DIR, &err);
	if (!ids) {
		*why = err ? err
		           : g_strdup_printf("no .gpg-id in %s: the store is not initialised; run "
		                             "pass init KEYID",
		                             rootpath);
	} else if (!detailed) {
		ok = 1;
		*why = g_strdup_printf("initialised at %s", rootpath);
	} else {
		GString *s = g_string_new(NULL);
		int usable = 0, secret = 0, agent;
		char *sock = NULL;

		g_string_printf(s, "%s; .gpg-id names %u key(s)", rootpath, g_strv_length(ids));
		if (gpg_keys_status(ids, &usable, &secret, &err)) {
			g_string_append_printf(s, "; %s", err);
		} else {
			g_string_append_printf(s, ", %d usable, %d with a secret key here", usable,
			                       secret);
			ok = usable == (int)g_strv_length(ids);
			if (!ok)
				g_string_append(s, " (key not usable: import or renew it)");
			if (!secret)
				g_string_append(s,
				                "; no secret key here: nothing can be decrypted");
		}
		g_string_append(s, fstatat(root, ".git", &st, AT_SYMLINK_NOFOLLOW)
		                       ? "; not a git repository"
		                       : "; a git repository (changes are committed)");
		agent = gpg_agent_running(&sock);
		g_string_append_printf(s, "; gpg-agent %s",
		                       agent ? "running" : "not running (gpg starts it)");
		g_string_append(s, gpg_pinentry_reachable()
		                       ? "; pinentry can reach this terminal"
		                       : "; no pinentry for this terminal (no tty, no display): a "
		                         "passphrase-protected key must be unlocked in gpg-agent");
		g_free(sock);
		g_free(err);
		*why = g_string_free(s, FALSE);
	}
	g_strfreev(ids);
	close(root);
	g_free(rootpath);
	return ok;
}

const struct store store_pass = {
    .name = "pass",
    .lookup = pass_lookup,
    .save = pass_save,
    .erase = pass_erase,
    .list = pass_list,
    .remember_api_base = pass_remember_api_base,
    .probe = pass_probe,
};
