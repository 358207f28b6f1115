/*
 * item.c: the keyring item's secret, both ways (see item.h).
 */
#include "item.h"

#include <string.h>

/* What follows the password line; type is text here, parsed on the way in. */
struct item_tail {
	char *oauth_refresh_token, *username, *path, *type, *password_expiry_utc, *api_base;
	char *authtype; /* "Bearer" when stored from git's authtype=/credential= */
};

static const struct kv_field tail_fields[] = {
    KV_FIELD(struct item_tail, oauth_refresh_token, KV_SECRET),
    KV_FIELD(struct item_tail, username, KV_STRING),
    KV_FIELD(struct item_tail, path, KV_TEXT),
    KV_FIELD(struct item_tail, type, KV_TEXT),
    KV_FIELD(struct item_tail, password_expiry_utc, KV_TEXT),
    KV_FIELD(struct item_tail, api_base, KV_TEXT),
    KV_FIELD(struct item_tail, authtype, KV_TEXT),
    {NULL, 0, 0},
};

GString *item_secret_encode(const struct credential *c)
{
	GString *s = secret_buf_new();
	struct item_tail t = {
	    .oauth_refresh_token = c->oauth_refresh_token,
	    .username = c->username ? c->username : "",
	    .path = c->path,
	    .type = (char *)jira_type_name(cred_type(c)),
	    .password_expiry_utc = c->password_expiry_utc,
	    .api_base = c->api_base,
	    .authtype = c->from_authtype ? "Bearer" : NULL,
	};

	g_string_append(s, c->password);
	g_string_append_c(s, '\n');
	kv_emit(s, tail_fields, &t);
	return s;
}

int item_secret_decode(const char *bytes, size_t len, struct credential *c, int facts)
{
	const char *nl = memchr(bytes, '\n', len);
	struct item_tail t = {0};
	enum jira_type type = JIRA_TYPE_NONE;
	char *err = NULL;
	int complete;

	/* A tail that does not read whole is not trusted in part. */
	if (nl && kv_bind(nl + 1, len - (nl + 1 - bytes), tail_fields, &t, &err) != CRED_OK)
		kv_free(tail_fields, &t);
	g_free(err);
	secret_free(c->password);
	c->password = g_strndup(bytes, nl ? (gsize)(nl - bytes) : len);
	secret_free(c->oauth_refresh_token);
	c->oauth_refresh_token = g_steal_pointer(&t.oauth_refresh_token);
	complete = t.username && t.type && !jira_type_parse(t.type, &type);
	if (facts && complete) {
		g_free(c->username);
		g_free(c->path);
		g_free(c->password_expiry_utc);
		g_free(c->api_base);
		c->username = g_steal_pointer(&t.username);
		c->path = g_steal_pointer(&t.path);
		c->type = type;
		c->password_expiry_utc = g_steal_pointer(&t.password_expiry_utc);
		c->api_base = g_steal_pointer(&t.api_base);
		c->from_authtype = t.authtype != NULL;
	}
	kv_free(tail_fields, &t);
	return complete;
}
