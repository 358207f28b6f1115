/*
 * jtype.h: the three kinds of Jira credential (design.md: cloud, server,
 * pat), parsed once from text into an enum, and the rule that infers the
 * kind when none was given.
 */
#ifndef JC_JTYPE_H
#define JC_JTYPE_H

enum jira_type {
	JIRA_TYPE_NONE = 0, /* not given */
	JIRA_CLOUD,         /* Jira Cloud: email + API token, Basic */
	JIRA_SERVER,        /* Server/DC: username + password, Basic */
	JIRA_PAT,           /* Server/DC personal access token, Bearer */
};

/* Where Atlassian account holders make API tokens. */
#define CLOUD_TOKENS_URL "https://id.atlassian.com/manage-profile/security/api-tokens"

/* "cloud", "server", "pat"; NULL for JIRA_TYPE_NONE. */
const char *jira_type_name(enum jira_type t);

/* Parses a name; returns -1 for anything but the three names. */
int jira_type_parse(const char *name, enum jira_type *out);

/*
 * The type to use when none was given: hosts under atlassian.net or
 * jira.com are cloud; else an empty or missing username means pat, any
 * other server.
 */
enum jira_type jira_type_infer(const char *host, const char *username);

/* Whether host (with or without port) is Jira Cloud's. */
int jira_host_is_cloud(const char *host);

/*
 * What a person does when a secret of this type expires, for messages
 * ("...; ADVICE"): a Server/DC password is changed, a Cloud API token is
 * made at Atlassian's page, a personal access token on the Jira profile.
 */
const char *jira_renew_advice(enum jira_type t);

#endif
