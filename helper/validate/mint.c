/*
 * mint.c: a service credential's access token (see mint.h).  The request
 * to the validator is its validate request with op=mint, the client
 * secret and the scope in place of an Authorization header (the pipe
 * protocol is in docs/design.md); the answer is access_token, expires_in
 * and api_base.  Its expiry is counted from before the request went out,
 * so that it is never later than the token endpoint's own.
 */
#include "mint.h"
#include "sys/msg.h"
#include "proto/exitcode.h"
#include "mcache.h"
#include "verify.h"
#include "proto/input.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* What the validator answers to op=mint. */
struct minted {
	char *access_token;
	int expires_in;
	char *api_base;
};

static const struct kv_field minted_fields[] = {
    KV_FIELD(struct minted, access_token, KV_SECRET),
    KV_FIELD(struct minted, expires_in, KV_INT),
    KV_FIELD(struct minted, api_base, KV_TEXT),
    {NULL, 0, 0},
};

/* Asks the validator for a new token; returns an exit code. */
static enum verdict mint_new(const struct vsettings *vs, struct credential *c, int *learned,
                             char **err)
{
	GString *req = validator_request_new(vs, c, "mint");
	struct minted m = {0};
	gint64 asked = (gint64)time(NULL);
	char *out = NULL, *perr = NULL;
	size_t len = 0;
	enum verdict rc;

	validator_request_add(req, "scope", c->scope);
	validator_request_add(req, "client_secret", c->password);
	rc = validator_call(req, &out, &len, err);
	secret_buf_free(req);
	if (rc == VERDICT_OK && (kv_bind(out, len, minted_fields, &m, &perr) != CRED_OK ||
	                         !m.access_token || m.expires_in <= 0)) {
		*err = g_strdup("the validator's answer holds no token; reinstall jira-credential");
		rc = VERDICT_UNREACHED;
	}
	if (rc == VERDICT_OK) {
		secret_free(c->token);
		c->token = g_steal_pointer(&m.access_token);
		g_free(c->token_expiry_utc);
		c->token_expiry_utc =
		    g_strdup_printf("%" G_GINT64_FORMAT, asked + (gint64)m.expires_in);
		if (m.api_base && !c->api_base) {
			c->api_base = g_steal_pointer(&m.api_base);
			*learned = 1;
		}
	}
	kv_free(minted_fields, &m);
	block_free(out, len);
	g_free(perr);
	return rc;
}

enum verdict mint_token(const struct vsettings *vs, struct credential *c, int *learned, char **err)
{
	enum verdict rc;

	*learned = 0;
	if ((rc = verify_allowed(vs, c, err)))
		return rc; /* the client secret goes over https only */
	if (mcache_lookup(vs, c)) {
		if (vs->verbose)
			warnx_(
			    "the service account's token is reused (it expires in %" G_GINT64_FORMAT
			    " s)",
			    g_ascii_strtoll(c->token_expiry_utc, NULL, 10) - (gint64)time(NULL));
		return VERDICT_OK;
	}
	rc = mint_new(vs, c, learned, err);
	if (rc == VERDICT_OK)
		mcache_save(vs, c);
	return rc;
}
