/*
 * keep.c: what a store keeps of the credential it replaces (see keep.h).
 */
#include "keep.h"

static void keep_text(char **mine, const char *stored)
{
	if (!*mine && stored)
		*mine = g_strdup(stored);
}

void keep_stored(struct credential *c, const struct credential *stored)
{
	if (stored && !g_strcmp0(c->password, stored->password)) {
		keep_text(&c->password_expiry_utc, stored->password_expiry_utc);
		keep_text(&c->api_base, stored->api_base);
		keep_text(&c->pat_id, stored->pat_id);
		keep_text(&c->oauth_refresh_token, stored->oauth_refresh_token);
		c->from_authtype |= stored->from_authtype;
	}
	/* The pair goes together: a certificate given comes with its own key, or none. */
	if (stored && !c->client_cert && !c->client_key) {
		keep_text(&c->client_cert, stored->client_cert);
		keep_text(&c->client_key, stored->client_key);
	}
	if (!c->type && stored)
		c->type = stored->type;
	if (stored) /* a service account's, whatever its secret */
		keep_text(&c->scope, stored->scope);
	c->type = cred_type(c);
}

int keep_unchanged(const struct credential *c, const struct credential *stored)
{
	return stored && !g_strcmp0(c->password, stored->password) &&
	       !g_strcmp0(c->oauth_refresh_token, stored->oauth_refresh_token) &&
	       cred_type(c) == cred_type(stored) &&
	       !g_strcmp0(c->password_expiry_utc, stored->password_expiry_utc) &&
	       !g_strcmp0(c->api_base, stored->api_base) && !g_strcmp0(c->scope, stored->scope) &&
	       !g_strcmp0(c->pat_id, stored->pat_id) &&
	       !g_strcmp0(c->client_cert, stored->client_cert) &&
	       !g_strcmp0(c->client_key, stored->client_key) &&
	       !c->from_authtype == !stored->from_authtype;
}
