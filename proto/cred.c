/*
 * cred.c: the credential of git's credential protocol (git-credential(1))
 * from its keys: key[] lists with an empty value clearing them, unknown
 * keys ignored, CR in a value refused (CVE-2024-52006); the lines
 * themselves are kv.c's.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "cred.h"
#include "domain.h"

#include <string.h>

static void list_free(GPtrArray **list)
{
	if (*list)
		g_ptr_array_free(*list, TRUE);
	*list = NULL;
}

void cred_init(struct credential *c)
{
	memset(c, 0, sizeof(*c));
}

void cred_clear(struct credential *c)
{
	g_free(c->protocol);
	g_free(c->host);
	g_free(c->path);
	g_free(c->username);
	secret_free(c->password);
	g_free(c->password_expiry_utc);
	secret_free(c->oauth_refresh_token);
	g_free(c->authtype);
	secret_free(c->credential);
	g_free(c->api_base);
	g_free(c->scope);
	secret_free(c->token);
	g_free(c->token_expiry_utc);
	g_free(c->pat_id);
	g_free(c->client_cert);
	g_free(c->client_key);
	list_free(&c->capability);
	list_free(&c->wwwauth);
	list_free(&c->state);
	cred_init(c);
}

int cred_has_capability(const struct credential *c, const char *name)
{
	if (!c->capability)
		return 0;
	for (guint i = 0; i < c->capability->len; i++)
		if (!strcmp(g_ptr_array_index(c->capability, i), name))
			return 1;
	return 0;
}

static enum cred_status bad(char **err, char *msg)
{
	*err = msg;
	return CRED_BAD_INPUT;
}

static enum cred_status list_add(GPtrArray **list, const char *key, const char *value, char **err)
{
	if (!*value) { /* git: an empty key[]= clears the list */
		list_free(list);
		return CRED_OK;
	}
	if (!*list)
		*list = g_ptr_array_new_with_free_func(g_free);
	if ((*list)->len >= CRED_MAX_LIST)
		return bad(err, g_strdup_printf("more than %d values for %s[]; refused",
		                                CRED_MAX_LIST, key));
	g_ptr_array_add(*list, g_strdup(value));
	return CRED_OK;
}

static enum cred_status set_flag(int *flag, const char *key, const char *value, char **err)
{
	if (!strcmp(value, "1") || !strcmp(value, "true"))
		*flag = 1;
	else if (!strcmp(value, "0") || !strcmp(value, "false") || !*value)
		*flag = 0;
	else
		return bad(err, g_strdup_printf("%s= takes 1 or 0", key));
	return CRED_OK;
}

/* url= and domain=: protocol, host and path from the URL; its user, if any. */
static enum cred_status set_url(struct credential *c, const char *key, const char *value,
                                char **err, GString *warn)
{
	struct origin o;
	char *why = NULL;

	if (domain_parse(value, &o, &why, warn)) {
		*err = g_strdup_printf("%s=: %s", key, why);
		g_free(why);
		return CRED_BAD_INPUT;
	}
	g_free(c->protocol);
	g_free(c->host);
	g_free(c->path);
	c->protocol = o.protocol;
	c->host = o.host;
	c->path = o.path;
	if (o.username) {
		g_free(c->username);
		c->username = o.username;
	}
	return CRED_OK;
}

static enum cred_status set_path(struct credential *c, const char *value, char **err)
{
	char *why = NULL, *p;

	if (path_normalize(value, &p, &why)) {
		*err = g_strdup_printf("path=: %s", why);
		g_free(why);
		return CRED_BAD_INPUT;
	}
	g_free(c->path);
	c->path = p;
	return CRED_OK;
}

static void set_str(char **slot, const char *value)
{
	g_free(*slot);
	*slot = g_strdup(value);
}

enum cred_status cred_set(struct credential *c, const char *key, const char *value, char **err,
                          GString *warn)
{
	size_t klen = strlen(key);

	if (strchr(value, '\r'))
		return bad(err, g_strdup_printf("carriage return in the value of %s; refused "
		                                "(see CVE-2024-52006)",
		                                g_utf8_validate(key, -1, NULL) ? key : "a key"));
	if (!g_utf8_validate(key, -1, NULL) || !g_utf8_validate(value, -1, NULL))
		return bad(err, g_strdup("the input is not valid UTF-8; give text values"));

	if (klen > 2 && !strcmp(key + klen - 2, "[]")) {
		if (!strcmp(key, "capability[]"))
			return list_add(&c->capability, "capability", value, err);
		if (!strcmp(key, "wwwauth[]"))
			return list_add(&c->wwwauth, "wwwauth", value, err);
		if (!strcmp(key, "state[]"))
			return list_add(&c->state, "state", value, err);
		return CRED_OK;
	}
	if (!strcmp(key, "protocol"))
		set_str(&c->protocol, value);
	else if (!strcmp(key, "host"))
		set_str(&c->host, value);
	else if (!strcmp(key, "path"))
		return set_path(c, value, err);
	else if (!strcmp(key, "url") || !strcmp(key, "domain"))
		return set_url(c, key, value, err, warn);
	else if (!strcmp(key, "username"))
		set_str(&c->username, value);
	else if (!strcmp(key, "password"))
		secret_replace(&c->password, value);
	else if (!strcmp(key, "password_expiry_utc"))
		set_str(&c->password_expiry_utc, value);
	else if (!strcmp(key, "oauth_refresh_token"))
		secret_replace(&c->oauth_refresh_token, value);
	else if (!strcmp(key, "authtype"))
		set_str(&c->authtype, value);
	else if (!strcmp(key, "credential"))
		secret_replace(&c->credential, value);
	else if (!strcmp(key, "type")) {
		c->type = JIRA_TYPE_NONE;
		if (*value && jira_type_parse(value, &c->type))
			return bad(err, g_strdup("type= must be cloud, server, pat or service"));
	} else if (!strcmp(key, "scope"))
		set_str(&c->scope, *value ? value : NULL);
	else if (!strcmp(key, "ephemeral"))
		return set_flag(&c->ephemeral, key, value, err);
	else if (!strcmp(key, "validate"))
		return set_flag(&c->validate, key, value, err);
	return CRED_OK; /* unknown keys are ignored, as git asks */
}

enum cred_status cred_normalize(struct credential *c, char **err)
{
	char *why = NULL, *host;

	if (c->protocol) {
		char *lower = g_ascii_strdown(c->protocol, -1);

		g_free(c->protocol);
		c->protocol = lower;
	}
	if (c->password_expiry_utc &&
	    (!*c->password_expiry_utc || strlen(c->password_expiry_utc) > 18 ||
	     strspn(c->password_expiry_utc, "0123456789") != strlen(c->password_expiry_utc)))
		return bad(err, g_strdup("password_expiry_utc= must be seconds since the epoch"));
	if (!c->host)
		return CRED_OK;
	if (host_normalize(c->protocol ? c->protocol : "https", c->host, &host, &why)) {
		*err = why;
		return CRED_BAD_INPUT;
	}
	g_free(c->host);
	c->host = host;
	return CRED_OK;
}

struct set_ctx {
	struct credential *c;
	GString *warn;
};

static enum cred_status set_one(void *ud, const char *key, const char *value, char **err)
{
	struct set_ctx *ctx = ud;

	return cred_set(ctx->c, key, value, err, ctx->warn);
}

enum cred_status cred_parse(struct credential *c, const char *buf, size_t len, char **err,
                            GString *warn)
{
	struct set_ctx ctx = {c, warn};
	enum cred_status st = kv_parse(buf, len, set_one, &ctx, err);

	return st == CRED_OK ? cred_normalize(c, err) : st;
}

enum jira_type cred_type(const struct credential *c)
{
	return c->type ? c->type : jira_type_infer(c->host, c->username);
}
