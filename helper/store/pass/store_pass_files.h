/*
 * store_pass_files.h: the files of the password store, for store_pass.c:
 * opening the store and what is below it without following links, small
 * bounded reads, the nearest .gpg-id, the walk that lists entries from
 * their names, and the git commits that pass makes.
 */
#ifndef JC_STORE_PASS_FILES_H
#define JC_STORE_PASS_FILES_H

#include "store/store.h"

#include <sys/types.h>

#define GPG_ID_MAX 65536 /* bytes of a .gpg-id */

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
 * The nearest .gpg-id at or above dir (relative to root), as pass finds
 * it, with its .gpg-id.sig in *sig (NULL when there is none) and its path
 * in the store in *where; NULL when there is none (*err NULL) or it cannot
 * be read (*err).
 */
GString *pf_nearest_gpg_id(int root, const char *dir, GString **sig, char **where, char **err);

/* The key ids of a .gpg-id, as pass reads them: comments and blank lines skipped. */
char **pf_parse_gpg_id(const GString *s);

/* Every entry below dir (struct stored; id: its path in the store). */
GPtrArray *pf_collect(int root, const char *dir, char **err);

/*
 * Commits the change of rel as pass does (signed with pass.signcommits),
 * when the store is a git repository.  Every git command runs on the
 * store's own repository (git's repository variables cleared: git sets
 * them for the helpers it runs) and is killed when it runs too long.
 */
int pf_git_commit(int rootfd, const char *root, const char *rel, int removed, char **err);

/*
 * Before a change: waits a few seconds while another git holds the
 * store's index.lock; 0, or -1 with *err when it still does (nothing may
 * be changed then, or the change could not be committed).
 */
int pf_git_ready(int rootfd, const char *root, char **err);

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
