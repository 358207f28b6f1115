/*
 * operations.h: the operations of jira-credential-validate, one per op=
 * of the request (docs/design.md, "The validator protocol"), run by
 * validator.c's table.  Each returns the program's exit code, with the
 * non-secret facts, or the secret a token operation made, appended to
 * out, or a one-line *msg; only main() (validator.c) prints.
 */
#ifndef JC_OPERATIONS_H
#define JC_OPERATIONS_H

#include <curl/curl.h>
#include <glib.h>

/* validate (check.c): who Jira says the credential is, the facts into out. */
int check_validate(CURL *c, GString *out, char **msg);
/* Ends the "Retrying..." line of check_validate on the terminal, if it showed one. */
void check_end_progress(void);

/*
 * mint (validator_mint.c): an access token from the service account's
 * client id and secret (rq.username, rq.client_secret): the answer's lines
 * into out (access_token, expires_in, api_base).
 */
int mint(CURL *c, GString *out, char **msg);

/* Personal access tokens (pat_api.c): op=pat-create and op=pat-revoke. */
int pat_api_create(CURL *c, GString *out, char **msg);
int pat_api_revoke(CURL *c, GString *out, char **msg);

/* The client certificate's expiry and key (cert_check.c): op=cert-check; nothing is sent. */
int cert_check(GString *out, char **msg);

#endif
