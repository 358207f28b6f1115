/*
 * header.h: the Authorization header each kind of Jira credential needs
 * (RFC 7617 Basic for cloud and server, RFC 6750 Bearer for pat), and the
 * way back: git's authtype=/credential= pair decoded into user and secret.
 */
#ifndef JC_HEADER_H
#define JC_HEADER_H

#include "jtype.h"

/* "Basic" for cloud and server, "Bearer" for pat and service. */
const char *auth_scheme(enum jira_type type);

/*
 * The credential part of the header: base64(user:secret) for Basic, the
 * token for Bearer (for service, give the minted token as the secret).
 * Holds the secret: free with secret_free().
 */
char *auth_credential(enum jira_type type, const char *username, const char *secret);

/* The whole header value, "Basic ZW1h...".  Free with secret_free(). */
char *auth_header_value(enum jira_type type, const char *username, const char *secret);

struct credential;

/*
 * The header value that c is sent with: its type's (given or inferred),
 * made from its user and password, or for a service credential the
 * Bearer token minted from them (c->token).  Free with secret_free().
 */
char *auth_header_of(const struct credential *c);

/*
 * Decodes git's authtype=/credential= (capability[]=authtype): Bearer
 * gives the token and JIRA_PAT; Basic gives base64(user:secret) split at
 * the first ':' and JIRA_TYPE_NONE (the type is then inferred).  Returns
 * 0 with *username and *secret newly allocated (free *secret with
 * secret_free), or -1 when the pair cannot be one of ours: another
 * scheme, bad base64, no ':', a NUL or invalid UTF-8.
 */
int auth_decode(const char *authtype, const char *credential, char **username, char **secret,
                enum jira_type *type);

#endif
