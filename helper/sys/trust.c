/*
 * trust.c: the one "this file or directory is mine" check (see
 * trust.h).  Every store, cache, key and lock asks it, so the rule (and
 * the order in which its parts are told apart, for the messages that
 * name them) is written once.
 */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW */
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

enum trust_fail trust_stat(const struct stat *st, enum trust_kind kind, uid_t owner,
                           mode_t forbidden)
{
	if (kind == TRUST_DIR ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode))
		return TRUST_NOT_KIND;
	if (st->st_uid != owner)
		return TRUST_NOT_OWNER;
	if (st->st_mode & forbidden)
		return TRUST_MODE;
	return TRUST_OK;
}

enum trust_fail trust_fd(int fd, enum trust_kind kind, mode_t forbidden, struct stat *st)
{
	struct stat own;

	if (!st)
		st = &own;
	if (fstat(fd, st))
		return TRUST_NOT_KIND; /* nothing we can tell the kind of */
	return trust_stat(st, kind, geteuid(), forbidden);
}

int trust_openat(int dirfd, const char *name, int flags, enum trust_kind kind, mode_t forbidden,
                 struct stat *st, enum trust_fail *fail)
{
	int fd = openat(dirfd, name,
	                flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
	                    (kind == TRUST_DIR ? O_DIRECTORY : 0),
	                0600);

	if (fd < 0) {
		*fail = TRUST_NOT_OPENED;
		return -1;
	}
	if ((*fail = trust_fd(fd, kind, forbidden, st)) != TRUST_OK) {
		close(fd);
		return -1;
	}
	return fd;
}
