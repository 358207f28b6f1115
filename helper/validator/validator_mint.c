/*
 * validator_mint.c: op=mint of jira-credential-validate: a service
 * account's client id and secret, sent once to a token endpoint with
 * OAuth 2.0 client credentials (RFC 6749, 4.4), become an access token.
 * Jira Cloud (the site has a cloud id) mints at Atlassian's token
 * endpoint without a scope (Atlassian refuses one) and is called through
 * its gateway; Jira Data Center 11 mints at {domain}/rest/oauth2/latest/token
 * with a scope and is called at its own base.  Which one a credential is
 * is asked once (tenant_info) and then remembered by the caller as
 * api_base: with it, a mint is one request.  What the endpoint's answer
 * means is tokenreply.c's.
 *
 * The form (it holds the client secret) and the answer (it holds the
 * token) are cleared after use; the token goes out on stdout, the pipe
 * to jira-credential, and nowhere else.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "http.h"
#include "request.h"
#include "proto/exitcode.h"
#include "proto/tokenreply.h"
#include "operations.h"
#include "validator_site.h"
#include "proto/cred.h"
#include "proto/jtype.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_OAUTH_URL "https://auth.atlassian.com/oauth/token"
#define DC_TOKEN_PATH     "/rest/oauth2/latest/token"

/* Appends "&name=value" (no '&' first), value percent-encoded. */
static void form_add(GString *form, CURL *c, const char *name, const char *value)
{
	char *enc = curl_easy_escape(c, value, 0);

	if (form->len)
		g_string_append_c(form, '&');
	g_string_append(form, name);
	g_string_append_c(form, '=');
	g_string_append(form, enc);
	explicit_bzero(enc, strlen(enc));
	curl_free(enc);
}

/* The form of a client-credentials grant; it holds the secret (a buffer that never moves). */
static GString *grant_form(CURL *c, int data_center)
{
	GString *form = secret_buf_new();

	form_add(form, c, "grant_type", "client_credentials");
	form_add(form, c, "client_id", rq.username);
	form_add(form, c, "client_secret", rq.client_secret);
	if (data_center)
		form_add(form, c, "scope", rq.scope ? rq.scope : SERVICE_DEFAULT_SCOPE);
	return form;
}

/*
 * Where calls go (*api_base): the gateway of a Cloud site, or the base of a
 * Data Center; from the request when the caller remembered it, else asked.
 */
static int where(CURL *c, char **api_base, int *data_center, char **msg)
{
	char *id = NULL;
	int rc;

	if (rq.api_base) {
		*data_center = !strcmp(rq.api_base, rq.domain);
		*api_base = g_strdup(rq.api_base);
		return EXIT_OK;
	}
	rc = site_cloud_id(c, &id, msg);
	if (rc > 1)
		return rc;
	*data_center = rc == 1;
	*api_base = *data_center ? g_strdup(rq.domain) : gateway_base(id);
	trace("%s: calls go to %s", *data_center ? "no cloud id: Jira Data Center" : "Jira Cloud",
	      *api_base);
	g_free(id);
	return EXIT_OK;
}

static char *token_url(int data_center)
{
	const char *env = g_getenv("JIRA_CREDENTIAL_OAUTH_URL");

	if (data_center)
		return g_strconcat(rq.domain, DC_TOKEN_PATH, NULL);
	return g_strdup(env && *env ? env : DEFAULT_OAUTH_URL);
}

int mint(CURL *c, GString *out, char **msg)
{
	struct token_ctx ctx = {0};
	struct token_answer a = {0};
	struct exchange x;
	char *api_base = NULL, *url, *who, num[24];
	int data_center = 0, rc;
	GString *form;

	deadline = now() + rq.timeout;
	if ((rc = where(c, &api_base, &data_center, msg)))
		return rc;
	url = token_url(data_center);
	form = grant_form(c, data_center);
	http_send(c, "POST", url, BODY_FORM, form->str, 0, &x);
	secret_buf_free(form);
	ctx.url = url;
	ctx.data_center = data_center;
	ctx.scope = data_center ? (rq.scope ? rq.scope : SERVICE_DEFAULT_SCOPE) : NULL;
	if (x.cc != CURLE_OK) {
		who = g_strconcat("the token endpoint ", url, NULL);
		rc = transport_error(&x, who, msg);
		g_free(who);
	} else {
		token_classify(x.status, x.body->str, x.body->len, x.location, &ctx, &a);
		rc = a.code;
		if (a.kind == TOKEN_MINTED) {
			g_snprintf(num, sizeof(num), "%ld", a.expires_in);
			cred_write_kv(out, "access_token", a.token);
			cred_write_kv(out, "expires_in", num);
			cred_write_kv(out, "api_base", api_base);
			trace("minted a token for %ld s", a.expires_in);
		} else {
			*msg = g_steal_pointer(&a.msg);
		}
		token_answer_clear(&a);
	}
	exchange_clear(&x);
	g_free(url);
	g_free(api_base);
	return rc;
}
