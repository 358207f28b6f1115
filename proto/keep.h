/*
 * keep.h: what a store keeps of the credential that a store replaces
 * (jira-credential(5), STORE).  git stores, after every request that
 * worked, only what it keeps itself (protocol, host, username, password:
 * Debian 12's git), so what it does not send back must not be lost, and a
 * store that changes nothing must write nothing.  One rule for every store.
 */
#ifndef JC_KEEP_H
#define JC_KEEP_H

#include "cred.h"

/*
 * Completes c, about to replace stored (the same origin, path and
 * username; NULL when nothing is stored), with what c does not give:
 * with the same secret, the stored type, expiry, api_base, token id
 * (pat_id), refresh token and Bearer origin (authtype=/credential=); with
 * a new secret, the stored type; either way a service account's scope,
 * and the client certificate's and key's paths when c gives neither (they
 * belong to the way to the host, not to the secret, and go as a pair).
 * What c gives wins.  A type still missing then is inferred (cred_type),
 * so c->type is set on return.
 */
void keep_stored(struct credential *c, const struct credential *stored);

/*
 * Whether c, completed by keep_stored, says nothing that stored does not
 * say already: then a store writes nothing (no new item, no encryption,
 * no commit).
 */
int keep_unchanged(const struct credential *c, const struct credential *stored);

#endif
