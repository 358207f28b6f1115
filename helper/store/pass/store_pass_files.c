/*
 * store_pass_files.c: the files of the password store (see
 * store_pass_files.h): nothing below the store's directory is followed
 * through a link, every directory and file is fstat-checked (ours, and
 * writable by us only), reads are bounded, and git runs as pass runs it:
 * on the store's own repository whatever git's variables say, and never
 * for long.
 */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW, pipe2 */
#include "store_pass_files.h"
#include "proto/escape.h"
#include "proto/passentry.h"
#include "sys/limits.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* *err = fmt with name, a file's name (another's text), made safe for a terminal. */
G_GNUC_PRINTF(2, 0)
static void name_err(char **err, const char *fmt, const char *name, const char *more)
{
	char *safe = term_safe(name);

	*err = g_strdup_printf(fmt, safe, more);
	g_free(safe);
}

/* Ours, and nobody else may write it. */
static int pf_trusted(int fd, int want_dir, const char *what, char **err)
{
	struct stat st;

	if (fstat(fd, &st) || (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) ||
	    st.st_uid != geteuid() || (st.st_mode & 022)) {
		name_err(err,
		         "%s is not a %s of yours that only you can write; fix its owner or mode "
		         "(chmod go-w)",
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
 * without following links and checked; made when create (with the
 * process's umask: pf_umask).  Returns
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
		if (next < 0 && errno == ENOENT && create && !mkdirat(fd, *p, 0777)) /* umask */
			next = openat(fd, *p,
			              O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (next < 0 && errno != ENOENT)
			name_err(err, "cannot open %s in the password store: %s", *p,
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
			name_err(err, "cannot open %s: %s", name, g_strerror(errno));
		return NULL;
	}
	if (pf_trusted(fd, 0, name, err) || fstat(fd, &st) || (size_t)st.st_size > max) {
		if (!*err)
			name_err(err, "%s is too large to be ours%s", name, "");
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
		name_err(err, "cannot read %s: %s", name, g_strerror(errno));
		g_string_free(s, TRUE);
		return NULL;
	}
	return s;
}

char **pf_parse_gpg_id(const GString *s)
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

/*
 * Entries (struct stored, id: the path in the store) below the
 * directory dirfd, depth directories below jira/, recursively down to
 * PASSENTRY_MAX_DEPTH: as deep as a writer may put one.
 */
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
		if (S_ISDIR(st.st_mode) && depth < PASSENTRY_MAX_DEPTH) {
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
				e->id = g_strdup(rel->str);
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
	int fd = pf_open_sub(root, dir, 0, err), depth = 0;
	GString *rel = g_string_new(dir);

	for (const char *c = dir; *c; c++) /* directories below jira/, as the writer counts */
		depth += *c == '/';
	if (fd >= 0) {
		pf_walk(fd, rel, depth, out);
		close(fd);
	}
	g_string_free(rel, TRUE);
	if (*err) {
		g_ptr_array_free(out, TRUE);
		return NULL;
	}
	return out;
}

/*
 * The variables through which git points a command at a repository (git
 * rev-parse --local-env-vars, and the ones pass unsets): git sets them for
 * the helpers it runs (GIT_DIR during a clone, in a linked worktree, with
 * --git-dir), and the store's git must not follow them into the user's
 * own repository.
 */
static const char *const git_local_vars[] = {
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_PREFIX",
    "GIT_INTERNAL_SUPER_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_INDEX_VERSION",
    NULL,
};

/* Our environment without git's repository variables, for the store's git alone. */
static char **git_env(void)
{
	GPtrArray *env = g_ptr_array_new();

	for (char **e = environ; *e; e++) {
		int drop = 0;

		for (const char *const *v = git_local_vars; *v && !drop; v++) {
			size_t n = strlen(*v);

			drop = !strncmp(*e, *v, n) && (*e)[n] == '=';
		}
		if (!drop)
			g_ptr_array_add(env, *e);
	}
	g_ptr_array_add(env, NULL);
	return (char **)g_ptr_array_free(env, FALSE);
}

/*
 * Waits for pid at most GIT_MAX_SECONDS; then it is killed.  Returns its
 * exit status, or -1 (killed, or it died of a signal).
 */
static int git_wait(pid_t pid)
{
	gint64 deadline = g_get_monotonic_time() + GIT_MAX_SECONDS * G_USEC_PER_SEC;
	long pause_us = 500;
	int status = 0;
	pid_t r;

	while ((r = waitpid(pid, &status, WNOHANG)) == 0 || (r < 0 && errno == EINTR)) {
		struct timespec ts = {0, 0};

		if (g_get_monotonic_time() >= deadline) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return -1;
		}
		ts.tv_nsec = pause_us * 1000;
		nanosleep(&ts, NULL);
		pause_us = MIN(pause_us * 2, 20000);
	}
	return r == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Runs git -C root ARGS... (no secret in them) with git's repository
 * variables cleared, bounded in time; its stdout goes to *out when out is
 * not NULL.  Returns its exit status, or -1.
 */
static int pf_git_run(const char *root, const char *const *args, char **out)
{
	posix_spawn_file_actions_t fa;
	GPtrArray *argv = g_ptr_array_new();
	char **env = git_env();
	int pipefd[2] = {-1, -1}, status = -1;
	GString *text = g_string_new(NULL);
	pid_t pid;

	g_ptr_array_add(argv, "git");
	g_ptr_array_add(argv, "-C");
	g_ptr_array_add(argv, (char *)root);
	for (; *args; args++)
		g_ptr_array_add(argv, (char *)*args);
	g_ptr_array_add(argv, NULL);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (out && !pipe2(pipefd, O_CLOEXEC))
		posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	/* Our one line says what failed and what to do; git's would be a second. */
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	if (!posix_spawnp(&pid, "git", &fa, NULL, (char **)argv->pdata, env)) {
		if (pipefd[1] >= 0) { /* git says little: read it all, then wait */
			char buf[256];
			ssize_t n;

			close(pipefd[1]);
			pipefd[1] = -1;
			while ((n = read(pipefd[0], buf, sizeof(buf))) > 0 ||
			       (n < 0 && errno == EINTR))
				if (n > 0 && text->len < 4096)
					g_string_append_len(text, buf, n);
		}
		status = git_wait(pid);
	}
	for (int i = 0; i < 2; i++)
		if (pipefd[i] >= 0)
			close(pipefd[i]);
	posix_spawn_file_actions_destroy(&fa);
	g_ptr_array_free(argv, TRUE);
	g_free(env);
	if (out)
		*out = g_strstrip(g_string_free(text, FALSE));
	else
		g_string_free(text, TRUE);
	return status;
}

static int pf_git(const char *root, const char *const *args)
{
	return pf_git_run(root, args, NULL);
}

int pf_git_ready(int rootfd, const char *root, char **err)
{
	gint64 deadline = g_get_monotonic_time() + INDEX_LOCK_WAIT * G_USEC_PER_SEC;
	struct stat st;

	if (fstatat(rootfd, ".git", &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode))
		return 0;
	while (fstatat(rootfd, ".git/index.lock", &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (g_get_monotonic_time() >= deadline) {
			*err =
			    g_strdup_printf("the password store's git is busy: %s/.git/index.lock "
			                    "is held by another git (if none runs, remove it); "
			                    "nothing was changed",
			                    root);
			return -1;
		}
		g_usleep(20000);
	}
	return 0;
}

/* Commits the change of rel, as pass does, when the store is a git repository. */
int pf_git_commit(int rootfd, const char *root, const char *rel, int removed, char **err)
{
	struct stat st;
	char *name = g_strndup(rel, strlen(rel) - strlen(".gpg"));
	char *msg = removed ? g_strdup_printf("Remove %s from store.", name)
	                    : g_strdup_printf("Add given password for %s to store.", name);
	char *sign = NULL;
	const char *add[] = {"add", "--", rel, NULL};
	const char *rm[] = {"rm", "-q", "--cached", "--ignore-unmatch", "--", rel, NULL};
	const char *staged[] = {"diff", "--cached", "--quiet", "--", rel, NULL};
	const char *signs[] = {"config", "--bool", "--get", "pass.signcommits", NULL};
	const char *commit[] = {"commit", "-q", "-m", msg, "--", rel, NULL};
	const char *signed_commit[] = {"commit", "-q", "-S", "-m", msg, "--", rel, NULL};
	int rc = 0;

	if (fstatat(rootfd, ".git", &st, AT_SYMLINK_NOFOLLOW))
		goto out;
	if (pf_git_ready(rootfd, root, err) || pf_git(root, removed ? rm : add)) {
		rc = -1;
	} else if (pf_git(root, staged) == 1) {
		/* pass.signcommits: as pass, git commit -S (git's own gpg and key). */
		pf_git_run(root, signs, &sign);
		rc = pf_git(root, !g_strcmp0(sign, "true") ? signed_commit : commit) ? -1 : 0;
	}
	if (rc && !*err) {
		char *safe = term_safe(name); /* a file name: another's text */

		*err = g_strdup_printf("%s is %s in the password store, but git could not commit "
		                       "it; commit it with: pass git commit",
		                       safe, removed ? "removed" : "saved");
		g_free(safe);
	}
out:
	g_free(sign);
	g_free(name);
	g_free(msg);
	return rc;
}

mode_t pf_umask(char **err)
{
	const char *v = getenv("PASSWORD_STORE_UMASK");
	char *end = NULL;
	long m;

	if (!v || !*v)
		return 077;
	m = strtol(v, &end, 8);
	if (*end || m < 0 || m > 0777) {
		*err = g_strdup("PASSWORD_STORE_UMASK is not an octal umask (such as 077 or 027)");
		return (mode_t)-1;
	}
	/* Never write access for others: such a file would not be trusted when read. */
	return (mode_t)m | 022;
}
