/*
 * msg.c: failing, warning, whole writes and process hardening (see msg.h).
 */
#define _DEFAULT_SOURCE /* NSIG, sigaction */
#include "msg.h"
#include "proto/escape.h"

#include <glib.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

extern char **environ;

static void (*clearers[MSG_CLEARERS])(void);

/* What the caller gave this process (harden), given back to exec's command (unharden). */
static struct {
	char **env;
	sigset_t ignored, mask;
} caller;
static int nclearers;

void clear_at_exit(void (*fn)(void))
{
	for (int i = 0; i < nclearers; i++)
		if (clearers[i] == fn)
			return;
	if (nclearers == MSG_CLEARERS)
		abort(); /* a programming error: raise MSG_CLEARERS */
	clearers[nclearers++] = fn;
}

void leave(int code)
{
	while (nclearers > 0)
		clearers[--nclearers]();
	fflush(stdout);
	fflush(stderr);
	_exit(code);
}

/*
 * Every message passes term_safe() here, once: what it quotes (a server's
 * answer, a file name, a keyring attribute, a gpg user id, a bus name, a
 * library's error text) is kept in messages as it came, and made harmless
 * on the way out.
 */
static void vmsg(const char *fmt, va_list ap)
{
	char *raw = g_strdup_vprintf(fmt, ap), *safe = term_safe(raw);

	fprintf(stderr, "jira-credential: %s\n", safe);
	g_free(safe);
	g_free(raw);
}

void fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	leave(code);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void report(const char *fmt, ...)
{
	va_list ap;
	char *raw, *safe;

	va_start(ap, fmt);
	raw = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	safe = term_safe(raw);
	printf("%s\n", safe);
	g_free(safe);
	g_free(raw);
}

int write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= w;
	}
	return 0;
}

/*
 * Libraries' own log lines (a GLib-GIO critical when a keyring quits in
 * the middle of a prompt) are not for the user: each failure is said
 * once, in one line, by the code that sees it.
 */
static GLogWriterOutput quiet_writer(GLogLevelFlags level, const GLogField *fields, gsize n,
                                     gpointer ud)
{
	(void)level;
	(void)fields;
	(void)n;
	(void)ud;
	return G_LOG_WRITER_HANDLED;
}

static void quiet_handler(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer ud)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)ud;
}

static void remember_caller(void)
{
	caller.env = g_strdupv(environ);
	sigemptyset(&caller.ignored);
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction sa;

		if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			sigaddset(&caller.ignored, sig);
	}
	sigprocmask(SIG_SETMASK, NULL, &caller.mask);
}

void harden(void)
{
	remember_caller();
	g_log_set_default_handler(quiet_handler, NULL);
	g_log_set_writer_func(quiet_writer, NULL, NULL);
	/*
	 * Not dumpable: the kernel writes no core at all (do_coredump gives
	 * up on such a process before it looks at core_pattern, a pipe
	 * handler's included, or at RLIMIT_CORE), and no other process of
	 * the user may ptrace it or read its /proc/PID/mem.  RLIMIT_CORE is
	 * left as the caller set it, so that exec's command gets it as is.
	 */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(SIGPIPE, SIG_IGN);
}

void unharden(void)
{
	alarm(0);
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction sa = {.sa_handler = SIG_DFL};

		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (sigismember(&caller.ignored, sig))
			sa.sa_handler = SIG_IGN;
		sigemptyset(&sa.sa_mask);
		sigaction(sig, &sa, NULL); /* the C library's own signals refuse: theirs */
	}
	sigprocmask(SIG_SETMASK, &caller.mask, NULL);
}

char **caller_environ(void)
{
	return caller.env ? caller.env : environ;
}
