/*
 * store.h: saving a credential, shared by store, login and import-netrc:
 * the type rule, --expires, validation before saving, and the cache.
 */
#ifndef JC_STORE_H
#define JC_STORE_H

#include "jc.h"
#include "output.h"
#include "../proto/cred.h"

/*
 * Completes c for saving: the type (given or inferred), the user the type
 * needs, and --expires (YYYY-MM-DD, may be NULL).  Returns 0, or -1 with a
 * one-line *err (exit 2).
 */
int credential_complete(struct credential *c, const char *expires, char **err);

/*
 * Checks c against Jira when validate is set (filling f), then saves it.
 * Returns an exit code; the failure has been reported on stderr.
 */
int credential_save(const struct options *o, struct credential *c, int validate, struct facts *f);

#endif
