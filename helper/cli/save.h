/*
 * save.h: what every way of saving a credential shares (the store, login
 * and import-netrc actions): the type rule, --expires, validation before
 * saving, and the cached validations that a new secret makes stale.
 */
#ifndef JC_SAVE_H
#define JC_SAVE_H

#include "jc.h"
#include "store/store.h"
#include "proto/cred.h"
#include "proto/facts.h"

/*
 * Checks c for saving: --type (over type=) and --scope taken, the user its
 * type (given or inferred) needs, and --expires (YYYY-MM-DD, over
 * password_expiry_utc=) taken.  A type not given stays unset, for the
 * store to keep the stored one (proto/keep.h), and c->type_guessed says
 * so: a validation may show it.  o NULL: nothing from the command line
 * (login --create-pat's password).  Returns 0, or -1 with a one-line
 * *err (exit 2).
 */
int credential_complete(struct credential *c, const struct options *o, char **err);

/*
 * --expires=YYYY-MM-DD: the token stops working at the start of that day
 * (UTC), as c's password_expiry_utc.  Returns 0, or -1 with *err.
 */
int credential_take_expires(struct credential *c, const char *date, char **err);

/*
 * Checks c against Jira when validate is set (filling f; a service
 * account's token minted first, and kept), then saves it in st, with the
 * type Jira's answer showed when the type was only guessed.  Returns an
 * exit code; on failure *err says why, unless the validator has said it on
 * stderr already (then *err stays NULL).  A store's note on a done save
 * (an older copy it kept) is passed on as a warning.
 */
int credential_save(const struct options *o, const struct store *st, struct credential *c,
                    int validate, struct facts *f, char **err);

#endif
