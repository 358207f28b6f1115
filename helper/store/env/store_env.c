/*
 * store_env.c: the env store, for CI jobs whose runner injects the secret:
 * one credential from JIRA_BASE_URL, JIRA_USER_EMAIL, JIRA_API_TOKEN and
 * JIRA_AUTH_TYPE, exactly what --format=env writes.  Read-only: store and
 * erase change nothing (the actions say so).  It answers only for the
 * origin of JIRA_BASE_URL (exact host, and the path rules of
 * jira-credential(5), MATCHING).
 */
#define _DEFAULT_SOURCE /* setenv */
#include "store/store.h"
#include "proto/domain.h"

#include <stdlib.h>
#include <string.h>

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/*
 * The credential the variables describe, without its secret; 0 when
 * JIRA_BASE_URL is unset, -1 with *err when a variable is unusable.
 */
static int env_entry(struct stored **out, char **err)
{
	const char *url = env("JIRA_BASE_URL"), *user = env("JIRA_USER_EMAIL");
	const char *auth = env("JIRA_AUTH_TYPE");
	struct origin o = {0};
	struct stored *e;
	char *perr = NULL;

	*out = NULL;
	if (!url)
		return 0;
	if (domain_parse(url, &o, &perr, NULL)) {
		*err = g_strdup_printf("JIRA_BASE_URL is not a Jira URL: %s", perr);
		g_free(perr);
		return -1;
	}
	if ((user && strpbrk(user, "\r\n")) ||
	    (auth && g_ascii_strcasecmp(auth, "basic") && g_ascii_strcasecmp(auth, "bearer"))) {
		*err =
		    g_strdup("JIRA_USER_EMAIL holds a line break, or JIRA_AUTH_TYPE is not basic "
		             "or bearer");
		origin_clear(&o);
		return -1;
	}
	e = g_new0(struct stored, 1);
	e->protocol = g_steal_pointer(&o.protocol);
	e->host = g_steal_pointer(&o.host);
	e->path = g_steal_pointer(&o.path);
	e->username = g_strdup(user ? user : "");
	e->type = auth && !g_ascii_strcasecmp(auth, "bearer") ? JIRA_PAT : JIRA_TYPE_NONE;
	origin_clear(&o);
	*out = e;
	return 1;
}

static int env_lookup(const struct credential *q, struct credential *out, char **err)
{
	const char *token = env("JIRA_API_TOKEN");
	struct stored *e;
	int rc = env_entry(&e, err);

	if (rc <= 0)
		return rc;
	rc = 0;
	if (!strcmp(e->protocol, q->protocol) && !strcmp(e->host, q->host) &&
	    (!q->path || path_covers(e->path, q->path)) &&
	    (!q->username || !strcmp(q->username, e->username)) && token) {
		if (strpbrk(token, "\r\n")) {
			*err = g_strdup("JIRA_API_TOKEN holds a line break; refused");
			rc = -1;
		} else {
			cred_clear(out);
			out->protocol = g_strdup(e->protocol);
			out->host = g_strdup(e->host);
			out->path = g_strdup(e->path);
			out->username = g_strdup(e->username);
			out->type = e->type ? e->type : jira_type_infer(e->host, e->username);
			out->password = g_strdup(token);
			rc = 1;
		}
	}
	stored_free(e);
	return rc;
}

static int env_list(GPtrArray **entries, int *hidden, char **err)
{
	struct stored *e;
	int rc = env_entry(&e, err);

	*hidden = 0;
	if (rc < 0)
		return -1;
	*entries = stored_array_new();
	if (e)
		g_ptr_array_add(*entries, e);
	return 0;
}

static int env_probe(int detailed, char **why)
{
	const char *url = env("JIRA_BASE_URL");

	(void)detailed;
	if (!url || !env("JIRA_API_TOKEN")) {
		*why = g_strdup_printf("%s unset", url ? "JIRA_API_TOKEN is" : "JIRA_BASE_URL is");
		return 0;
	}
	*why = g_strdup_printf("JIRA_BASE_URL, JIRA_API_TOKEN%s set (read-only)",
	                       env("JIRA_USER_EMAIL") ? ", JIRA_USER_EMAIL" : "");
	return 1;
}

const struct store store_env = {
    .name = "env",
    .lookup = env_lookup,
    .save = NULL,
    .erase = NULL,
    .list = env_list,
    .remember_api_base = NULL,
    .probe = env_probe,
};
