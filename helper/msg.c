/*
 * msg.c: failing, warning, whole writes and process hardening (see msg.h).
 */
#include "msg.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

static void (*clearers[MSG_CLEARERS])(void);
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

static void vmsg(const char *fmt, va_list ap)
{
	fputs("jira-credential: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
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

void harden(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(SIGPIPE, SIG_IGN);
}
