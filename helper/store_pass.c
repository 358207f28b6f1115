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

#define PASS_MAX_DEPTH   32    /* directories below jira/ */
#define PASS_MAX_ENTRIES 10000 /* entries one walk reads */
#define GPG_ID_MAX       65536 /* bytes of a .gpg-id */

extern char **environ;

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

static char *store_dir(void)
{
	const char *d = getenv("PASSWORD_STORE_DIR");

	return d && *d ? g_strdup(d) : g_build_filename(g_get_home_dir(), ".password-store", NULL);
}

/* Ours, and nobody else may write it. */
static int trusted(int fd, int want_dir, const char *what, char **err)
{
	struct stat st;

	if (fstat(fd, &st) || (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) ||
	    st.st_uid != geteuid() || (st.st_mode & 022)) {
		*err = g_strdup_printf("%s is not a %s of yours that only you can write; fix its "
		                       "owner or mode (chmod go-w)",
		                       what, want_dir ? "directory" : "file");
		return -1;
	}
	return 0;
}

/* The store's directory (a link to it is allowed, as pass allows; nothing below it is). */
static int open_root(char **path, char **err)
{
	char *dir = store_dir();
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		*err = g_strdup_printf("no password store at %s (%s); create one with: pass init "
		                       "KEYID",
		                       dir, g_strerror(errno));
		g_free(dir);
		return -1;
	}
	if (trusted(fd, 1, dir, err)) {
		close(fd);
		g_free(dir);
		return -1;
	}
	*path = dir;
	return fd;
}

/*
 * The directory rel (a/b/c, may be "") below dirfd, each level opened
 * without following links and checked; made (0700) when create.  Returns
 * an fd, or -1: with *err set on a real error, with *err NULL when a level
 * is missing.
 */
static int open_sub(int dirfd, const char *rel, int create, char **err)
{
	char **parts = g_strsplit(rel, "/", -1);
	int fd = dup(dirfd);

	for (char **p = parts; *p && fd >= 0; p++) {
		int next;

		if (!**p)
			continue;
		next = openat(fd, *p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (next < 0 && errno == ENOENT && create && !mkdirat(fd, *p, 0700))
			next = openat(fd, *p,
			              O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (next < 0 && errno != ENOENT)
			*err = g_strdup_printf("cannot open %s in the password store: %s", *p,
			                       g_strerror(errno));
		else if (next >= 0 && trusted(next, 1, *p, err)) {
			close(next);
			next = -1;
		}
		close(fd);
		fd = next;
	}
	g_strfreev(parts);
	return fd;
}

/* A small file of ours at dirfd/name; NULL with *err NULL when there is none. */
static GString *read_at(int dirfd, const char *name, size_t max, char **err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	GString *s;
	struct stat st;
	ssize_t n;

	if (fd < 0) {
		if (errno != ENOENT)
			*err = g_strdup_printf("cannot open %s: %s", name, g_strerror(errno));
		return NULL;
	}
	if (trusted(fd, 0, name, err) || fstat(fd, &st) || (size_t)st.st_size > max) {
		if (!*err)
			*err = g_strdup_printf("%s is too large to be ours", name);
		close(fd);
		return NULL;
	}
	s = g_string_sized_new((gsize)st.st_size + 1);
	while ((n = read(fd, s->str + s->len, s->allocated_len - s->len - 1)) > 0) {
		s->len += (gsize)n;
		s->str[s->len] = '\0';
		if (s->len + 1 >= s->allocated_len)
			break;
	}
	close(fd);
	if (n < 0) {
		*err = g_strdup_printf("cannot read %s: %s", name, g_strerror(errno));
		g_string_free(s, TRUE);
		return NULL;
	}
	return s;
}

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

/* The ids of the nearest .gpg-id at or above dir (relative to root); NULL when none. */
static char **gpg_ids_for(int root, const char *dir, char **err)
{
	char **parts = g_strsplit(dir, "/", -1), **ids = NULL;
	GString *prefix = g_string_new(NULL);

	for (char **p = parts;; p++) {
		int fd = open_sub(root, prefix->str, 0, err);
		GString *s;

		if (fd < 0)
			break;
		s = read_at(fd, ".gpg-id", GPG_ID_MAX, err);
		close(fd);
		if (*err)
			break;
		if (s) {
			g_strfreev(ids);
			ids = parse_gpg_id(s);
			g_string_free(s, TRUE);
		}
		if (!*p)
			break;
		g_string_append_printf(prefix, "%s%s", prefix->len ? "/" : "", *p);
	}
	g_string_free(prefix, TRUE);
	g_strfreev(parts);
	if (*err || (ids && !*ids)) {
		if (!*err)
			*err = g_strdup("the store's .gpg-id names no key; run pass init KEYID");
		g_strfreev(ids);
		return NULL;
	}
	return ids;
}

/* Entries (struct stored, handle: the path in the store) below dir, recursively. */
static void walk(int dirfd, GString *rel, int depth, GPtrArray *out)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)) && out->len < PASS_MAX_ENTRIES) {
		struct stat st;
		gsize keep = rel->len;

		if (de->d_name[0] == '.' || fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    st.st_uid != geteuid())
			continue;
		g_string_append_printf(rel, "/%s", de->d_name);
		if (S_ISDIR(st.st_mode) && depth < PASS_MAX_DEPTH) {
			char *ignored = NULL;
			int sub = open_sub(dirfd, de->d_name, 0, &ignored);

			g_free(ignored);
			if (sub >= 0) {
				walk(sub, rel, depth + 1, out);
				close(sub);
			}
		} else if (S_ISREG(st.st_mode) && g_str_has_suffix(de->d_name, ".gpg")) {
			struct stored *e = g_new0(struct stored, 1);

			if (passentry_parse_path(rel->str, &e->protocol, &e->host, &e->path,
			                         &e->username)) {
				g_free(e);
			} else {
				e->stored_us = (gint64)st.st_mtim.tv_sec * G_USEC_PER_SEC +
				               st.st_mtim.tv_nsec / 1000;
				e->order = g_strdup(rel->str);
				e->handle = g_strdup(rel->str);
				e->handle_free = g_free;
				g_ptr_array_add(out, e);
			}
		}
		g_string_truncate(rel, keep);
	}
	closedir(d);
}

/* Every entry below dir ("jira" or "jira/HOST"); none when it does not exist. */
static GPtrArray *collect(int root, const char *dir, char **err)
{
	GPtrArray *out = stored_array_new();
	int fd = open_sub(root, dir, 0, err);
	GString *rel = g_string_new(dir);

	if (fd >= 0) {
		walk(fd, rel, 0, out);
		close(fd);
	}
	g_string_free(rel, TRUE);
	if (*err) {
		g_ptr_array_free(out, TRUE);
		return NULL;
	}
	return out;
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
	fd = open_sub(root, dir, 0, err);
	if (fd >= 0) {
		cipher = read_at(fd, base, GPG_MAX_CIPHERTEXT, err);
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

/* Runs git -C root ARGS... (no secret in them); returns its exit status. */
static int git(const char *root, const char *const *args)
{
	posix_spawn_file_actions_t fa;
	GPtrArray *argv = g_ptr_array_new();
	pid_t pid;
	int status = -1;

	g_ptr_array_add(argv, "git");
	g_ptr_array_add(argv, "-C");
	g_ptr_array_add(argv, (char *)root);
	for (; *args; args++)
		g_ptr_array_add(argv, (char *)*args);
	g_ptr_array_add(argv, NULL);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	if (!posix_spawnp(&pid, "git", &fa, NULL, (char **)argv->pdata, environ))
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	posix_spawn_file_actions_destroy(&fa);
	g_ptr_array_free(argv, TRUE);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Commits the change of rel, as pass does, when the store is a git repository. */
static int git_commit(int rootfd, const char *root, const char *rel, int removed, char **err)
{
	struct stat st;
	char *name = g_strndup(rel, strlen(rel) - strlen(".gpg"));
	char *msg = removed ? g_strdup_printf("Remove %s from store.", name)
	                    : g_strdup_printf("Add given password for %s to store.", name);
	const char *add[] = {"add", "--", rel, NULL};
	const char *rm[] = {"rm", "-q", "--cached", "--ignore-unmatch", "--", rel, NULL};
	const char *staged[] = {"diff", "--cached", "--quiet", "--", rel, NULL};
	const char *commit[] = {"commit", "-q", "-m", msg, "--", rel, NULL};
	int rc = 0;

	if (fstatat(rootfd, ".git", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    (git(root, removed ? rm : add) || (git(root, staged) == 1 && git(root, commit)))) {
		*err =
		    g_strdup_printf("%s is %s in the password store, but git could not commit it; "
		                    "commit it with: pass git commit",
		                    name, removed ? "removed" : "saved");
		rc = -1;
	}
	g_free(name);
	g_free(msg);
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
	if (!(ids = gpg_ids_for(root, dir, err))) {
		if (!*err)
			*err = g_strdup("the password store has no .gpg-id; run pass init KEYID");
		goto done;
	}
	if (!(cipher = gpg_encrypt(plain, ids, err)) || (fd = open_sub(root, dir, 1, err)) < 0)
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
	rc = git_commit(root, rootpath, rel, 0, err);
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
	GPtrArray *found = collect(root, dir, err);

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
	if ((root = open_root(&rootpath, err)) < 0)
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
	if ((root = open_root(&rootpath, err)) >= 0) {
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
	if ((root = open_root(&rootpath, err)) < 0 || !(found = candidates(root, q, err)))
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
			rc = git_commit(root, rootpath, e->handle, 1, err);
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
	if ((root = open_root(&rootpath, err)) >= 0) {
		*entries = collect(root, PASSENTRY_DIR, err);
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
	if ((root = open_root(&rootpath, err)) < 0 || !(found = candidates(root, &q, err)))
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
	int root = open_root(&rootpath, &err), ok = 0;
	struct stat st;

	if (root < 0) {
		*why = err;
		return 0;
	}
	ids = gpg_ids_for(root, PASSENTRY_DIR, &err);
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
