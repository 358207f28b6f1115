/*
 * pat.h: Jira Data Center's personal access tokens, made and revoked for
 * the actions (login --create-pat, rotate, erase --revoke).  The
 * requests are the validator program's (op=pat-create, op=pat-revoke:
 * docs/design.md, "The validator protocol"): jira-credential never links
 * libcurl.  The credential that authenticates goes on the validator's
 * pipe, and the token made comes back on another.
 */
#ifndef JC_PAT_H
#define JC_PAT_H

#include "verdict.h"
#include "vsettings.h"
#include "proto/cred.h"
#include "proto/facts.h"

/* The default lifetime of a token made here, in days (--create-pat without DAYS). */
#define PAT_DAYS_DEFAULT 90

/* A token Jira made. */
struct pat_new {
	char *token;      /* the raw token: secret */
	char *id;         /* Jira's id; NULL when its answer gave none */
	char *expiry_utc; /* expiringAt, seconds since the epoch; NULL when none */
};

void pat_new_clear(struct pat_new *p);

/* YYYY-MM-DD (UTC) of an expiry in seconds since the epoch, or "never"; newly allocated. */
char *pat_expiry_day(const char *utc);

/*
 * Makes a token that lasts days, named for this host, at with's Jira
 * (its protocol, host and path), authenticated by with (a user and
 * password: Basic; a pat: Bearer) and presenting its client certificate.
 * Returns a verdict; on success out holds the token, on failure *err
 * says why (what Jira answered, and how to make a token by hand where
 * that is the way out), to be told in the caller's one line.
 */
enum verdict pat_create(const struct vsettings *vs, const struct credential *with, int days,
                        struct pat_new *out, char **err);

/*
 * Revokes the token whose id is id (digits: a stored one is checked),
 * authenticated by with, as pat_create.  Returns a verdict; *gone is
 * set when Jira had no such token any more (revoked already), which is
 * success too.
 */
enum verdict pat_revoke(const struct vsettings *vs, const struct credential *with, const char *id,
                        int *gone, char **err);

/*
 * Validates c as a store does (waiting up to --wait, default 60 s, for a
 * brand-new token), filling f; returns a verdict, with *err on failure
 * (as pat_create: for the caller's one line).  The cache is not used: a
 * token made a moment ago has never been validated.
 */
enum verdict pat_validate(const struct vsettings *vs, const struct credential *c, struct facts *f,
                          char **err);

#endif
