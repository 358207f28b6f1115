/*
 * store_pass_files.h: the files of the password store: where it is,
 * opening it and what is below it without following links, each
 * directory and file held to the trust rule (sys/trust.h), small bounded
 * reads, and the umask pass writes with.
 */
#ifndef JC_STORE_PASS_FILES_H
#define JC_STORE_PASS_FILES_H

#include <glib.h>
#include <sys/types.h>

/* The store's directory (a link to it is allowed; nothing below it is); *path its name. */
int pf_open_root(char **path, char **err);

/*
 * The directory rel (a/b/c, may be "") below dirfd, each level opened
 * without following links and checked; made (0700) when create.  Returns
 * an fd, or -1: with *err set on a real error, *err NULL when missing.
 */
int pf_open_sub(int dirfd, const char *rel, int create, char **err);

/* A small file of ours at dirfd/name; NULL with *err NULL when there is none. */
GString *pf_read_at(int dirfd, const char *name, size_t max, char **err);

/*
 * The umask for what the store makes, as pass sets it:
 * PASSWORD_STORE_UMASK (octal, default 077), never granting others write
 * access; (mode_t)-1 with *err when it is not an octal umask.
 */
mode_t pf_umask(char **err);

/*
 * Whether a password store is there at all (its .gpg-id): one stat, so
 * that a Secret Service that answered is asked nothing more when there is
 * no password store to fall back to.
 */
int pf_present(void);

#endif
