/*
 * save_rules.h: what may be saved, and as which type; pure rules that
 * every way of saving a credential applies (save.h).
 */
#ifndef JC_SAVE_RULES_H
#define JC_SAVE_RULES_H

#include "jc.h"
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
 * A validation that showed what the guessed type could not tell: a Cloud
 * site on its own domain answers as Cloud (accountId), a Server as one
 * (name, key).  Only a guessed Basic type is changed: a token stays a
 * token, a type given stays given.
 */
void credential_take_shown_type(struct credential *c, const struct facts *f);

#endif
