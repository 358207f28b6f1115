/*
 * store_pass_git.c: git for the password store (see store_pass_git.h).
 * git is spawned directly (no shell), with no secret in its arguments,
 * stdin from /dev/null and its stderr dropped (our one line says what
 * failed and what to do); a git that does not end in time is killed.
 */
#define _GNU_SOURCE /* pipe2 */
#include "store_pass_git.h"
#include "sys/limits.h"
#include "store_pass_tty.h"
#include "proto/escape.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

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
	gpg_tty_export(); /* git's own gpg (commit -S) may ask for a passphrase */
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
