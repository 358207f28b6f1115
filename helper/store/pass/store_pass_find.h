/*
 * store_pass_find.h: which entry of the password store answers a
 * request: only one whose encrypted content says it is for that
 * request's origin, path and user (its file name is only where to look).
 */
#ifndef JC_STORE_PASS_FIND_H
#define JC_STORE_PASS_FIND_H

#include "proto/cred.h"

#include <glib.h>

/*
 * Entries of q's origin whose names say they cover q's path and, when q
 * names a user, are that user's (struct stored): where to look.  NULL
 * with *err.
 */
GPtrArray *pass_candidates(int root, const struct credential *q, char **err);

/* The store's lookup (store/store.h, struct store). */
int pass_lookup(const struct credential *q, struct credential *out, char **err);

#endif
