/*
 * actions.h: the actions of jira-credential, one function each, called by
 * main.c's table with the parsed options and the argument (DOMAIN, or
 * FILE for import-netrc; NULL when none).  Each returns an exit code;
 * only actions (and main) print and exit.
 */
#ifndef JC_ACTIONS_H
#define JC_ACTIONS_H

#include "jc.h"
#include "store/store.h"
#include "proto/cred.h"

int op_get(const struct options *o, const char *domain);
int op_store(const struct options *o, const char *domain);
int op_erase(const struct options *o, const char *domain);
int op_list(const struct options *o, const char *domain);
int op_login(const struct options *o, const char *domain);
int op_import_netrc(const struct options *o, const char *file);
int op_doctor(const struct options *o, const char *domain);
int op_capability(const struct options *o, const char *domain);
int op_exec(const struct options *o, const char *domain);
int op_rotate(const struct options *o, const char *domain);

/* erase --revoke (cmd_revoke.c): the token revoked at Jira, then erased here. */
int erase_revoking(const struct options *o, const char *domain);

/* What the actions share (request.c). */

/*
 * The request: stdin when use_stdin, then DOMAIN over it.  Exits 2 on bad
 * input.  The credential is cleared at exit whatever the path.
 */
struct credential *request_read(const char *domain, int use_stdin);

/* Exits 2 unless the request names protocol and host (CVE-2020-11008). */
void request_require_origin(const struct credential *req, const char *action);

/* The store this run uses; exits 3 when none can be used. */
const struct store *request_store(const struct options *o);

/*
 * Whether st cannot be written (the env store).  Then it says so once on
 * stderr, "the NAME store is read-only; nothing was VERB", and the action
 * ends with exit 0: git calls store after every success.  With a request
 * c (store, erase) it says so only when the store holds c's origin: in CI
 * git asks every helper to store and erase for every host, and the job's
 * log is no place for a line about each.  Without one (login,
 * import-netrc, erase --revoke: a person's own request) it always says
 * so.  Every action that would change a store asks this first: the same
 * condition, the same line and exit everywhere.
 */
int request_read_only(const struct store *st, const struct credential *c, const char *verb);

/* Writes the answer in one go; a closed stdout is exit 2, never ignored. */
void emit(GString *s);

#endif
