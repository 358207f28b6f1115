/*
 * store_pass_files.c: the files of the password store (see
 * store_pass_files.h): nothing below the store's directory is followed
 * through a link, every directory and file is fstat-checked (ours, and
 * writable by us only), reads are bounded, and git runs as pass runs it.
 */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW */
#include "store_pass_files.h"
#include "../proto/passentry.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PASS_MAX_DEPTH   32    /* directories below jira/ */
#define PASS_MAX_ENTRIES 10000 /* entries one walk reads */

extern char **environ;

static char *pf_store_dir(void)
{
	const char *d = getenv("PASSWORD_STORE_DIR");

	return d && *d ? g_strdup(d) : g_build_filename(g_get_home_dir(), ".password-store", NULL);
}

int pf_present(void)
{
	char *dir = pf_store_dir(), *id = g_build_filename(dir, ".gpg-id", NULL);
	struct stat st;
	int present = stat(id, &st) == 0;

	g_free(id);
	g_free(dir);
	return present;
}

/* Ours, and nobody else may write it. */
static int pf_trusted(int fd, int want_dir, const char *what, char **err)
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
int pf_open_root(char **path, char **err)
{
	char *dir = pf_store_dir();
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		*err = g_strdup_printf("no password store at %s (%s); create one with: pass init "
		                       "KEYID",
		                       dir, g_strerror(errno));
		g_free(dir);
		return -1;
	}
	if (pf_trusted(fd, 1, dir, err)) {
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
int pf_open_sub(int dirfd, const char *rel, int create, char **err)
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
		else if (next >= 0 && pf_trusted(next, 1, *p, err)) {
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
GString *pf_read_at(int dirfd, const char *name, size_t max, char **err)
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
	if (pf_trusted(fd, 0, name, err) || fstat(fd, &st) || (size_t)st.st_size > max) {
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
static char **pf_parse_gpg_id(const GString *s)
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
char **pf_gpg_ids_for(int root, const char *dir, char **err)
{
	char **parts = g_strsplit(dir, "/", -1), **ids = NULL;
	GString *prefix = g_string_new(NULL);

	for (char **p = parts;; p++) {
		int fd = pf_open_sub(root, prefix->str, 0, err);
		GString *s;

		if (fd < 0)
			break;
		s = pf_read_at(fd, ".gpg-id", GPG_ID_MAX, err);
		close(fd);
		if (*err)
			break;
		if (s) {
			g_strfreev(ids);
			ids = pf_parse_gpg_id(s);
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
static void pf_walk(int dirfd, GString *rel, int depth, GPtrArray *out)
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
			int sub = pf_open_sub(dirfd, de->d_name, 0, &ignored);

			g_free(ignored);
			if (sub >= 0) {
				pf_walk(sub, rel, depth + 1, out);
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
GPtrArray *pf_collect(int root, const char *dir, char **err)
{
	GPtrArray *out = stored_array_new();
	int fd = pf_open_sub(root, dir, 0, err);
	GString *rel = g_string_new(dir);

	if (fd >= 0) {
		pf_walk(fd, rel, 0, out);
		close(fd);
	}
	g_string_free(rel, TRUE);
	if (*err) {
		g_ptr_array_free(out, TRUE);
		return NULL;
	}
	return out;
}

/* Runs git -C root ARGS... (no secret in them); returns its exit status. */
static int pf_git(const char *root, const char *const *args)
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
int pf_git_commit(int rootfd, const char *root, const char *rel, int removed, char **err)
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
	    (pf_git(root, removed ? rm : add) ||
	     (pf_git(root, staged) == 1 && pf_git(root, commit)))) {
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
