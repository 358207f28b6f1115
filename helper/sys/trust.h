/*
 * trust.h: the one rule for a file or directory we trust (a store, a
 * cache, a key, a lock): it is ours, of the kind we expect, and nobody
 * else may write it (or, for a key, read it).  The rule is asked of what
 * was opened (fstat(2)), never of a name; what is opened here is opened
 * without following a link and without blocking, so a link or a FIFO
 * planted in its place is refused instead of followed or waited on.
 */
#ifndef JC_TRUST_H
#define JC_TRUST_H

#include <sys/stat.h>
#include <sys/types.h>

enum trust_kind { TRUST_FILE, TRUST_DIR };

/* Why something is not trusted; the first rule broken, in this order. */
enum trust_fail {
	TRUST_OK = 0,
	TRUST_NOT_OPENED, /* it could not be opened: errno says why (ELOOP: a link) */
	TRUST_NOT_KIND,   /* not a regular file, or not a directory, as wanted */
	TRUST_NOT_OWNER,  /* someone else's */
	TRUST_MODE,       /* a mode bit of forbidden is set */
};

/* Whether st is of kind, owner's, and without any bit of forbidden (022, 077). */
enum trust_fail trust_stat(const struct stat *st, enum trust_kind kind, uid_t owner,
                           mode_t forbidden);

/*
 * The rule for the open fd and this process's user (geteuid); *st, when
 * not NULL, gets what fstat said.
 */
enum trust_fail trust_fd(int fd, enum trust_kind kind, mode_t forbidden, struct stat *st);

/*
 * Opens name relative to dirfd (AT_FDCWD, or a directory's fd) with flags
 * (O_RDONLY, or O_RDWR | O_CREAT: made 0600 when missing), never through
 * a link, without blocking, close-on-exec, and checks it with trust_fd.
 * Returns the fd, or -1 with *fail (TRUST_NOT_OPENED: errno is open's).
 */
int trust_openat(int dirfd, const char *name, int flags, enum trust_kind kind, mode_t forbidden,
                 struct stat *st, enum trust_fail *fail);

#endif
