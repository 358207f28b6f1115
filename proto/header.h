/*
 * header.h: the three kinds of Jira credential (cloud, server, pat), the
 * rule that infers the kind, and the Authorization header each one needs.
 */
#ifndef JC_HEADER_H
#define JC_HEADER_H

int jira_type_valid(const char *type);

/*
 * The type to use when none was given: hosts under atlassian.net or
 * jira.com are "cloud"; else an empty or missing username means "pat",
 * any other "server".
 */
const char *jira_type_infer(const char *host, const char *username);

/* Whether host (with or without port) is Jira Cloud's. */
int jira_host_is_cloud(const char *host);

/* "Basic" for cloud and server, "Bearer" for pat. */
const char *auth_scheme(const char *type);

/*
 * The credential part of the header: base64(user:secret) for Basic, the
 * token for Bearer.  Holds the secret: free with secret_free().
 */
char *auth_credential(const char *type, const char *username, const char *secret);

/* The whole header value, "Basic ZW1h...".  Free with secret_free(). */
char *auth_header_value(const char *type, const char *username, const char *secret);

#endif
