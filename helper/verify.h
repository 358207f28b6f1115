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

/*
 * Whether anything may be sent to Jira for c: https, or http with
 * --allow-http.  Returns EXIT_OK, or EXIT_USAGE with *err.
 */
int verify_allowed(const struct options *o, const struct credential *c, char **err);

/*
 * The validator's request about c (docs/design.md, "The validator
 * protocol"): its base, type, user and client certificate, the options,
 * wait (--wait's seconds) and c's Authorization value, in a buffer from
 * secret_buf_new() (it holds the secret).  An operation other than
 * validation appends its own lines (op=, ...).
 */
GString *validator_request(const struct options *o, const struct credential *c, int wait);

/*
 * Runs the validator with req on its stdin.  Returns its exit code, with
 * what it wrote on stdout in *out (*len bytes, NULL when nothing; free it
 * with block_free, as it may hold a token made for us); the validator
 * has said why it failed on stderr.  When it could not run at all,
 * returns EXIT_NETWORK with *err.
 */
int validator_exec(const GString *req, char **out, size_t *len, char **err);

#endif
