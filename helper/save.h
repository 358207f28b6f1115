/*
 * save.h: what every way of saving a credential shares (the store, login
 * and import-netrc actions): the type rule, --expires, validation before
 * saving, and the cached validations that a new secret makes stale.
 */
#ifndef JC_SAVE_H
#define JC_SAVE_H

#include "jc.h"
#include "store.h"
#include "../proto/cred.h"
#include "../proto/facts.h"

/*
 * Checks c for saving: the user its type (given or inferred) needs, and
 * --expires (YYYY-MM-DD, may be NULL) taken.  A type not given stays
 * unset, for the store to keep the stored one (proto/keep.h).  Returns 0,
 * or -1 with a one-line *err (exit 2).
 */
int credential_complete(struct credential *c, const char *expires, char **err);

/*
 * Checks c against Jira when validate is set (filling f), then saves it in
 * st.  Returns an exit code; on failure *err says why, unless the
 * validator has said it on stderr already (then *err stays NULL).  A
 * store's note on a done save (an older copy it kept) is passed on as a
 * warning.
 */
int credential_save(const struct options *o, const struct store *st, struct credential *c,
                    int validate, struct facts *f, char **err);

#endif
