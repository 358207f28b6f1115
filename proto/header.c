/*
 * header.c: Jira credential kinds and Authorization header encoding
 * (RFC 7617 Basic, RFC 6750 Bearer), base64 by glib.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "header.h"
#include "cred.h"
#include "domain.h"

#include <string.h>
#include <glib.h>

int jira_type_valid(const char *type)
{
	return type && (!strcmp(type, "cloud") || !strcmp(type, "server") || !strcmp(type, "pat"));
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

const char *jira_type_infer(const char *host, const char *username)
{
	if (host && jira_host_is_cloud(host))
		return "cloud";
	return username && *username ? "server" : "pat";
}

const char *auth_scheme(const char *type)
{
	return type && !strcmp(type, "pat") ? "Bearer" : "Basic";
}

char *auth_credential(const char *type, const char *username, const char *secret)
{
	char *pair, *b64;

	if (!strcmp(auth_scheme(type), "Bearer"))
		return g_strdup(secret);
	pair = g_strconcat(username ? username : "", ":", secret, NULL);
	b64 = g_base64_encode((const guchar *)pair, strlen(pair));
	secret_free(pair);
	return b64;
}

char *auth_header_value(const char *type, const char *username, const char *secret)
{
	char *cred = auth_credential(type, username, secret);
	char *value = g_strconcat(auth_scheme(type), " ", cred, NULL);

	secret_free(cred);
	return value;
}
