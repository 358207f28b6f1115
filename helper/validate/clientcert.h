/*
 * clientcert.h: the client certificate that a proxy before Jira may ask
 * for (a zero-trust proxy in front of Data Center): its files as both
 * programs check them.  Only the paths are ever kept, never a file's
 * contents.  The key's rule is ssh's: a key that anyone but its owner may
 * read or write is refused, when it is stored and whenever it is used.
 */
#ifndef JC_CLIENTCERT_H
#define JC_CLIENTCERT_H

#include "proto/cred.h"

/* Bytes of a certificate's or key's path at most. */
#define CLIENTCERT_PATH_MAX 4096

/*
 * Checks the files: cert, and key (NULL: cert's file holds the key too,
 * as curl takes it), regular files this user can open; the key's file
 * this user's, with no permission for group or others.  Links are
 * followed, as curl follows them.  Returns 0, or -1 with a one-line *err
 * that names the file and what to do.
 */
int clientcert_check(const char *cert, const char *key, char **err);

/*
 * The files cert and key (--client-cert, --client-key; NULL when not
 * given) into c, each made absolute (against the working directory; links
 * are kept, not resolved) and checked.  With neither given c is untouched.  Returns 0, or -1 with a
 * one-line *err (exit 2: nothing stored).
 */
int clientcert_take(const char *cert, const char *key, struct credential *c, char **err);

#endif
