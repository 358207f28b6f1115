/*
 * jtype.c: the credential types and their inference rule (see jtype.h).
 */
#include "jtype.h"
#include "domain.h"

#include <string.h>
#include <glib.h>

static const char *const names[] = {
    [JIRA_CLOUD] = "cloud",
    [JIRA_SERVER] = "server",
    [JIRA_PAT] = "pat",
    [JIRA_SERVICE] = "service",
};

const char *jira_type_name(enum jira_type t)
{
	return t > JIRA_TYPE_NONE && t <= JIRA_SERVICE ? names[t] : NULL;
}

int jira_type_parse(const char *name, enum jira_type *out)
{
	for (int t = JIRA_CLOUD; t <= JIRA_SERVICE; t++)
		if (name && !strcmp(name, names[t])) {
			*out = (enum jira_type)t;
			return 0;
		}
	return -1;
}

int jira_type_bearer(enum jira_type t)
{
	return t == JIRA_PAT || t == JIRA_SERVICE;
}

int jira_scope_valid(const char *scope)
{
	size_t n = strlen(scope);

	if (!n || n > SERVICE_SCOPE_MAX || scope[0] == ' ' || scope[n - 1] == ' ' ||
	    strstr(scope, "  "))
		return 0;
	for (const char *p = scope; *p; p++)
		if (*p != ' ' && (*p < 0x21 || *p > 0x7e || *p == '"' || *p == '\\'))
			return 0;
	return 1;
}

static int is_domain_or_below(const char *host, const char *domain)
{
	size_t h = strlen(host), d = strlen(domain);

	if (h == d)
		return !strcmp(host, domain);
	return h > d && host[h - d - 1] == '.' && !strcmp(host + h - d, domain);
}

int jira_host_is_cloud(const char *host)
{
	char *name = host_without_port(host);
	int cloud =
	    is_domain_or_below(name, "atlassian.net") || is_domain_or_below(name, "jira.com");

	g_free(name);
	return cloud;
}

enum jira_type jira_type_infer(const char *host, const char *username)
{
	if (host && jira_host_is_cloud(host))
		return JIRA_CLOUD;
	return username && *username ? JIRA_SERVER : JIRA_PAT;
}

const char *jira_renew_advice(enum jira_type t)
{
	switch (t) {
	case JIRA_CLOUD:
		return "make a new API token at " CLOUD_TOKENS_URL " and store it";
	case JIRA_SERVER:
		return "change the password (in your Jira profile, or ask a Jira administrator) "
		       "and "
		       "store the new one";
	case JIRA_SERVICE:
		return "make a new client secret for the service account (Atlassian "
		       "Administration at " SERVICE_ACCOUNTS_URL ", Directory, Service accounts; "
		       "on Data Center, ask a Jira administrator) and store it";
	default:
		return "make a new personal access token on the Personal Access Tokens page of "
		       "your "
		       "Jira profile and store it";
	}
}
