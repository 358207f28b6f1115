/*
 * item.c: the keyring item's secret, both ways (see item.h).
 */
#include "item.h"

#include <string.h>

/*
 * What may follow the password line: git's refresh token, and in items
 * of versions before 0.2 a copy of the facts, which the attributes hold
 * too and which is therefore ignored here.
 */
struct item_tail {
	char *oauth_refresh_token;
};

static const struct kv_field tail_fields[] = {
    KV_FIELD(struct item_tail, oauth_refresh_token, KV_SECRET),
    {NULL, 0, 0},
};

GString *item_secret_encode(const struct credential *c)
{
	GString *s = secret_buf_new();

	g_string_append(s, c->password);
	if (c->oauth_refresh_token) { /* one line: save.c refuses line breaks */
		g_string_append(s, "\noauth_refresh_token=");
		g_string_append(s, c->oauth_refresh_token);
	} else if (!*c->password)
		g_string_append_c(s, '\n'); /* an empty password is not an empty secret */
	return s;
}

int item_secret_decode(const char *bytes, size_t len, struct credential *c)
{
	const char *nl = memchr(bytes, '\n', len);
	struct item_tail t = {0};
	char *err = NULL;

	if (len == 0)
		return -1;
	/* A tail that does not read whole is not trusted in part. */
	if (nl && kv_bind(nl + 1, len - (nl + 1 - bytes), tail_fields, &t, &err) != CRED_OK)
		kv_free(tail_fields, &t);
	g_free(err);
	secret_free(c->password);
	c->password = g_strndup(bytes, nl ? (gsize)(nl - bytes) : len);
	secret_free(c->oauth_refresh_token);
	c->oauth_refresh_token = g_steal_pointer(&t.oauth_refresh_token);
	return 0;
}
