/*
 * vcache.h: the cache of recent successful validations, so that
 * get --validate does not ask Jira on every call (--cache-ttl).
 */
#ifndef JC_VCACHE_H
#define JC_VCACHE_H

#include "jc.h"
#include "../proto/cred.h"
#include "../proto/facts.h"

/* Whether c validated less than --cache-ttl ago; fills f with what Jira said then. */
int vcache_lookup(const struct options *o, const struct credential *c, struct facts *f);

/* Records that c validated now, with facts f. */
void vcache_save(const struct options *o, const struct credential *c, const struct facts *f);

/* Drops every cached validation of c's domain (after store and erase). */
void vcache_forget(const struct credential *c);

#endif
