/*
 * mint.h: the access token of a service credential, as the main program
 * gets it: from the minted tokens' cache (mcache.c) while it has more than
 * a minute left, else minted by the validator program (op=mint: libcurl
 * stays out of this program), the client secret going there on a pipe and
 * the token coming back on another.
 */
#ifndef JC_MINT_H
#define JC_MINT_H

#include "verdict.h"
#include "vsettings.h"
#include "proto/cred.h"

/*
 * Fills c->token and c->token_expiry_utc for service credential c (client
 * id as the user, client secret as the password).  A mint that learned
 * where calls go (the gateway of a Cloud site, or a Data Center's own
 * base) sets c->api_base when it was not known, and *learned.  Returns a
 * verdict; on failure *err says why, unless the validator said it on
 * stderr already (then *err stays NULL).
 */
enum verdict mint_token(const struct vsettings *vs, struct credential *c, int *learned, char **err);

#endif
