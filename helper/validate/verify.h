/*
 * verify.h: asking Jira whether it accepts a credential, as the main
 * program does it: the plain-http rule, the cache (vcache.c), and the
 * validator program (jira-credential-validate, the only program that
 * links libcurl; see docs/design.md for why it is a program of its own).
 */
#ifndef JC_VERIFY_H
#define JC_VERIFY_H

#include "verdict.h"
#include "vsettings.h"
#include "proto/cred.h"
#include "proto/facts.h"

enum verify_purpose {
	VERIFY_FOR_GET,   /* --wait defaults to 0 */
	VERIFY_FOR_STORE, /* --wait defaults to 60: a brand-new token may need a minute */
};

/*
 * Checks c against Jira and fills f with what Jira said (the gateway URL
 * of a scoped Cloud token included: the caller decides what to keep).
 * Returns a verdict.  When the validator ran, it has said why on
 * stderr and *err stays NULL; otherwise *err says why.
 */
enum verdict verify_credential(const struct vsettings *vs, const struct credential *c,
                               enum verify_purpose why, struct facts *f, char **err);

/*
 * Whether anything may be sent to Jira for c: https, or http with
 * --allow-http.  Returns VERDICT_OK, or VERDICT_REFUSED with *err.
 */
enum verdict verify_allowed(const struct vsettings *vs, const struct credential *c, char **err);

/*
 * The validator protocol (docs/design.md, "The validator protocol"), its
 * one writer: a request block with op, c's domain, type, user, api_base and client
 * certificate's files, and the options (--cacert, --timeout, --allow-http,
 * --verbose), in a buffer from secret_buf_new() for the caller to append
 * the operation's lines and its secret to.
 */
GString *validator_request_new(const struct vsettings *vs, const struct credential *c,
                               const char *op);

/* op=cert-check, quiet, for c's client certificate files: nothing else goes with it. */
GString *validator_request_cert(const struct credential *c);

/* A line key=value of the request (NULL value: none); value may be a secret. */
void validator_request_add(GString *req, const char *key, const char *value);
/* A line key=n of the request. */
void validator_request_int(GString *req, const char *key, int n);

/*
 * Runs the validator with the request req on its stdin (a pipe: never argv
 * or the environment); returns the verdict of its exit status, with what it wrote on stdout
 * in *out[0..*len) (NULL when nothing; on failure too, where a quiet=1
 * request finds its message=; free with block_free: it may hold a secret).
 * Its stderr is ours, for its one-line message; when it could not run at
 * all, returns VERDICT_UNREACHED with *err.
 */
enum verdict validator_call(const GString *req, char **out, size_t *len, char **err);

#endif
