/*
 * mcache.h: the cache of access tokens minted for service accounts, so
 * that most gets of a service credential make no network call: a token is
 * reused until a minute before it expires.  It is kept only in memory the
 * user alone can read ($XDG_RUNTIME_DIR on tmpfs), never on a disk, in the
 * password store or in any shared file; without such a directory there is
 * no cache and every get mints.
 */
#ifndef JC_MCACHE_H
#define JC_MCACHE_H

#include "vsettings.h"
#include "proto/cred.h"

/* Seconds before its expiry from which a cached token is no longer handed out. */
#define MCACHE_MARGIN 60

/*
 * The cached token of service credential c (its origin, client id, client
 * secret and scope) into c->token and c->token_expiry_utc, when it has
 * more than MCACHE_MARGIN seconds left.  Returns 1 when so, else 0.
 */
int mcache_lookup(const struct vsettings *vs, struct credential *c);

/* Keeps c->token until c->token_expiry_utc, replacing what was kept for c. */
void mcache_save(const struct vsettings *vs, const struct credential *c);

/* Forgets every token kept for c's origin (erase, a store of a new secret, a refusal). */
void mcache_forget(const struct credential *c);

#endif
