/*
 * save.h: what every way of saving a credential shares (the store, login
 * and import-netrc actions): the rules of save_rules.h, validation before
 * saving, and the cached validations that a new secret makes stale.
 */
#ifndef JC_SAVE_H
#define JC_SAVE_H

#include "jc.h"
#include "save_rules.h"
#include "store/store.h"

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
