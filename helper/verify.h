/*
 * verify.h: asking Jira whether it accepts a credential, as the main
 * program does it: the plain-http rule, the cache (vcache.c), and the
 * validator program (jira-credential-validate, the only program that
 * links libcurl; see docs/design.md for why it is a program of its own).
 */
#ifndef JC_VERIFY_H
#define JC_VERIFY_H

#include "jc.h"
#include "../proto/cred.h"
#include "../proto/facts.h"

enum verify_purpose {
	VERIFY_FOR_GET,   /* --wait defaults to 0 */
	VERIFY_FOR_STORE, /* --wait defaults to 60: a brand-new token may need a minute */
};

/*
 * Checks c against Jira and fills f with what Jira said (the gateway URL
 * of a scoped Cloud token included: the caller decides what to keep).
 * Returns an exit code.  When the validator ran, it has said why on
 * stderr and *err stays NULL; otherwise *err says why.
 */
int verify_credential(const struct options *o, const struct credential *c, enum verify_purpose why,
                      struct facts *f, char **err);

#endif
