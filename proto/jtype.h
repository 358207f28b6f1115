/*
 * jtype.h: the four kinds of Jira credential (jira-credential(1), "Credential
 * types": cloud, server, pat, service), parsed once from text into an enum,
 * and the rule that infers the kind when none was given.
 */
#ifndef JC_JTYPE_H
#define JC_JTYPE_H

enum jira_type {
	JIRA_TYPE_NONE = 0, /* not given */
	JIRA_CLOUD,         /* Jira Cloud: email + API token, Basic */
	JIRA_SERVER,        /* Server/DC: username + password, Basic */
	JIRA_PAT,           /* Server/DC personal access token, Bearer */
	JIRA_SERVICE,       /* service account: client id + secret, minted into a Bearer token */
};

/* Where Atlassian account holders make API tokens. */
#define CLOUD_TOKENS_URL "https://id.atlassian.com/manage-profile/security/api-tokens"

/*
 * Where the admins of an Atlassian organisation make a service account's
 * OAuth 2.0 credentials (Directory, Service accounts).
 */
#define SERVICE_ACCOUNTS_URL "https://admin.atlassian.com"

/* "cloud", "server", "pat", "service"; NULL for JIRA_TYPE_NONE. */
const char *jira_type_name(enum jira_type t);

/* Parses a name; returns -1 for anything but the four names. */
int jira_type_parse(const char *name, enum jira_type *out);

/*
 * The type to use when none was given: hosts under atlassian.net or
 * jira.com are cloud; else an empty or missing username means pat, any
 * other server.
 */
enum jira_type jira_type_infer(const char *host, const char *username);

/*
 * Whether the type is sent as a Bearer token (pat; service, whose token
 * is minted) rather than Basic user:secret.
 */
int jira_type_bearer(enum jira_type t);

/* The scope a Data Center service account asks for when none was given. */
#define SERVICE_DEFAULT_SCOPE "WRITE"
#define SERVICE_SCOPE_MAX     256 /* bytes */

/*
 * Whether scope is an OAuth 2.0 scope (RFC 6749, 3.3): tokens of printable
 * ASCII but the quote and the backslash, one space between them, at most SERVICE_SCOPE_MAX
 * bytes.
 */
int jira_scope_valid(const char *scope);

/* Whether host (with or without port) is Jira Cloud's. */
int jira_host_is_cloud(const char *host);

/*
 * What a person does when a secret of this type expires, for messages
 * ("...; ADVICE"): a Server/DC password is changed, a Cloud API token is
 * made at Atlassian's page, a personal access token on the Jira profile.
 */
const char *jira_renew_advice(enum jira_type t);

#endif
