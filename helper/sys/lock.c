/*
 * lock.c: the advisory locks our processes take turns under (see lock.h).
 */
#define _DEFAULT_SOURCE /* flock */
#include "lock.h"
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

int lock_take(int fd)
{
	gint64 deadline = g_get_monotonic_time() + LOCK_WAIT_SECONDS * G_USEC_PER_SEC;
	long pause_us = 1000;

	/* flock queues no one: a short, growing pause between tries, up to a deadline. */
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		struct timespec ts;

		if (errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (g_get_monotonic_time() >= deadline)
			return -1;
		ts.tv_sec = 0;
		ts.tv_nsec = pause_us * 1000;
		nanosleep(&ts, NULL);
		pause_us = MIN(pause_us * 2, 50000);
	}
	return 0;
}

int lock_runtime_file(const char *name)
{
	char *path = g_build_filename(g_get_user_runtime_dir(), name, NULL);
	enum trust_fail fail;
	int fd = trust_openat(AT_FDCWD, path, O_RDWR | O_CREAT, TRUST_FILE, S_IWGRP | S_IWOTH, NULL,
	                      &fail);

	g_free(path);
	return fd;
}
