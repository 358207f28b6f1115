/*
 * lock.h: the advisory locks (flock(2)) under which our own processes
 * take turns: removals from the Secret Service (KeePassXC crashes on two
 * at once) and every change to a password store (git's index, one entry
 * compared then written).  One owner, so every wait is bounded the same
 * way and no process waits forever on another.
 */
#ifndef JC_LOCK_H
#define JC_LOCK_H

#include "sys/limits.h" /* LOCK_WAIT_SECONDS */

/*
 * Takes an exclusive lock on fd (a file or a directory), waiting at most
 * LOCK_WAIT_SECONDS.  Returns 0, or -1 when another process held it all
 * that time (or flock failed).  Closing fd releases it.
 */
int lock_take(int fd);

/*
 * The file name in the user's runtime directory, opened (made when
 * missing) to be locked: a plain file of the user's that only they can
 * write, never through a link; -1 otherwise.
 */
int lock_runtime_file(const char *name);

#endif
