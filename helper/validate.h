/*
 * validate.h: the main program's side of validation.  It keeps the cache of
 * recent successes and runs the validator (jira-credential-validate, the
 * only program that links libcurl) when the cache cannot answer.
 */
#ifndef JC_VALIDATE_H
#define JC_VALIDATE_H

#include "jc.h"
#include "output.h"
#include "../proto/cred.h"

/* Checks c before get answers; fills facts.  Returns an exit code. */
int validate_for_get(const struct options *o, struct credential *c, struct facts *facts);

/* Checks c before store saves it (waiting for a new token).  Exit code. */
int validate_for_store(const struct options *o, struct credential *c, struct facts *facts);

/* Drops cached validations for c's domain (after store and erase). */
void validate_forget(const struct credential *c);

void facts_clear(struct facts *f);

#endif
