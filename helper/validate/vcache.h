/*
 * vcache.h: the cache of recent successful validations, so that
 * get --validate does not ask Jira on every call (--cache-ttl).
 */
#ifndef JC_VCACHE_H
#define JC_VCACHE_H

#include "vsettings.h"
#include "proto/cred.h"
#include "proto/facts.h"

#include <sys/stat.h>

/* Whether c validated less than --cache-ttl ago; fills f with what Jira said then. */
int vcache_lookup(const struct vsettings *vs, const struct credential *c, struct facts *f);

/* Records that c validated now, with facts f. */
void vcache_save(const struct vsettings *vs, const struct credential *c, const struct facts *f);

/* Drops every cached validation of c's domain (after store and erase). */
void vcache_forget(const struct credential *c);

/*
 * The rule that a file or directory of the cache is ours alone, for the
 * other cache in the same directory (mcache.c, the minted tokens): one
 * owner for it.
 */
#define VCACHE_KEY_BYTES 32

/*
 * BASE/jira-credential (made, mode 0700, when missing and create is set)
 * when it is a directory of this user's, not a link, whose mode has none
 * of the bits of forbidden; else NULL (--verbose says why).
 */
char *vcache_dir_at(const char *base, int create, mode_t forbidden);

/*
 * Opens path for reading without following a link or blocking (a FIFO
 * planted there must not hang a get): -1 when absent, or when it is not a
 * regular file of this user's with mode 0600 (no bits for others).
 */
int vcache_open_trusted(const char *path, struct stat *st);

/*
 * dir/PREFIX + the hex HMAC-SHA256, under the key kept in dir (made when
 * create is set), of the n parts (NULL as empty): a file name that tells
 * nothing of the secrets among them.  NULL when there is no key.
 */
char *vcache_path(const char *dir, const char *prefix, const char *const *parts, int n, int create);

/* Whether the functions above say on stderr why they distrust a file, naming cache. */
void vcache_trust_verbose(int on, const char *cache);

/* Removes the files of dir (NULL: none) whose names start with prefix. */
void vcache_remove_prefixed(const char *dir, const char *prefix);

/* The random HMAC key (VCACHE_KEY_BYTES) kept in dir; made on first use when create is set. */
guchar *vcache_key(const char *dir, int create);

#endif
