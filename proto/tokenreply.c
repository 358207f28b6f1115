/*
 * tokenreply.c: the meaning of a token endpoint's answer (see
 * tokenreply.h).  A 200 must be a JSON object with an access_token that a
 * Bearer header can carry as it is (RFC 6750's b64token: no blank, no line
 * break, nothing to escape), no token_type but Bearer, and an expires_in
 * that is a whole number of seconds; anything else is refused, never
 * repaired.  A 200's body is never quoted in a message: it may hold a
 * token.  From a refusal only the OAuth error code is quoted, and only
 * when it is a plain word.  The nesting is bounded before json-glib sees
 * the text (reply.c's json_depth_ok).
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "tokenreply.h"
#include "exitcode.h"
#include "reply.h"
#include "jtype.h"
#include "secret.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* RFC 6750, 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
static int b64token(const char *s)
{
	static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                            "0123456789-._~+/";
	size_t body = strspn(s, chars), n = strlen(s);

	return body > 0 && n <= TOKEN_MAX_LEN && strspn(s + body, "=") == n - body;
}

/* The member name of o when it is a JSON string, else NULL. */
static const char *str_member(JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member(o, name);

	return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
	           ? json_node_get_string(n)
	           : NULL;
}

/* The root object of body, or NULL with *why. */
static JsonObject *root_object(JsonParser *p, const char *body, size_t len, const char **why)
{
	JsonNode *root;

	*why = "an empty body";
	if (!body || !len)
		return NULL;
	*why = "larger than " G_STRINGIFY(TOKEN_MAX_BODY) " bytes";
	if (len > TOKEN_MAX_BODY)
		return NULL;
	*why = "JSON nested deeper than " G_STRINGIFY(TOKEN_MAX_DEPTH) " levels";
	if (!json_depth_ok(body, len, TOKEN_MAX_DEPTH))
		return NULL;
	*why = "not a JSON object";
	if (memchr(body, '\0', len) || !json_parser_load_from_data(p, body, (gssize)len, NULL))
		return NULL;
	root = json_parser_get_root(p);
	return root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
}

/* The lifetime in seconds, or -1 when expires_in is missing or not a whole number in range. */
static long lifetime(JsonObject *o)
{
	JsonNode *n = json_object_get_member(o, "expires_in");
	gint64 v;

	if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
		return -1;
	v = json_node_get_int(n);
	return v >= 1 && v <= TOKEN_MAX_LIFETIME ? (long)v : -1;
}

/* json-glib's own copy of the token, cleared before the parser frees it. */
static void wipe_member(JsonObject *o, const char *name)
{
	char *s = (char *)str_member(o, name);

	if (s)
		explicit_bzero(s, strlen(s));
}

static void minted(const char *body, size_t len, const struct token_ctx *c, struct token_answer *a)
{
	JsonParser *p = json_parser_new();
	const char *why, *tok = NULL, *type;
	JsonObject *o = root_object(p, body, len, &why);
	long secs = -1;

	if (o) {
		tok = str_member(o, "access_token");
		type = str_member(o, "token_type");
		secs = lifetime(o);
		if (!tok || !*tok)
			why = "no access_token";
		else if (!b64token(tok))
			why = "its access_token is not one a Bearer header can carry";
		else if (json_object_has_member(o, "token_type") &&
		         (!type || g_ascii_strcasecmp(type, "Bearer")))
			why = "its token_type is not Bearer";
		else if (secs < 0)
			why = "no expires_in of 1 to " G_STRINGIFY(TOKEN_MAX_LIFETIME) " seconds";
		else
			why = NULL;
	}
	if (o && !why) {
		a->kind = TOKEN_MINTED;
		a->code = EXIT_OK;
		a->token = g_strdup(tok);
		a->expires_in = secs;
	} else {
		a->kind = TOKEN_BAD;
		a->msg = g_strdup_printf("the token endpoint %s answered 200 without a usable "
		                         "access token (%s); is it an OAuth 2.0 token endpoint?",
		                         c->url, why);
	}
	if (o)
		wipe_member(o, "access_token");
	g_object_unref(p);
}

/* The OAuth error code of a refusal ("invalid_client"), when it is a plain word. */
static char *error_code(const char *body, size_t len)
{
	JsonParser *p = json_parser_new();
	const char *why, *e;
	JsonObject *o = root_object(p, body, len, &why);
	char *code = NULL;

	if (o && (e = str_member(o, "error")) && *e && strlen(e) <= 40 &&
	    strspn(e, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") ==
	        strlen(e))
		code = g_strdup(e);
	g_object_unref(p);
	return code;
}

static void refused(long status, const char *body, size_t len, const struct token_ctx *c,
                    struct token_answer *a)
{
	char *code = error_code(body, len);

	a->kind = TOKEN_REFUSED;
	a->code = EXIT_REJECTED;
	if (code && !strcmp(code, "invalid_scope") && c->scope)
		a->msg = g_strdup_printf("the token endpoint %s refused the scope '%s' (HTTP %ld "
		                         "invalid_scope); give one the service account may ask for "
		                         "with --scope (such as READ or WRITE) and store it again",
		                         c->url, c->scope, status);
	else
		a->msg = g_strdup_printf(
		    "the token endpoint %s refused the service account's client id and secret "
		    "(HTTP %ld%s%s); check them, or have %s make new ones%s",
		    c->url, status, code ? " " : "", code ? code : "",
		    c->data_center ? "a Jira administrator" : "an organisation admin",
		    c->data_center ? ""
		                   : " at " SERVICE_ACCOUNTS_URL " (Directory, Service accounts)");
	g_free(code);
}

void token_classify(long status, const char *body, size_t len, const char *location,
                    const struct token_ctx *c, struct token_answer *a)
{
	memset(a, 0, sizeof(*a));
	a->code = EXIT_NETWORK;
	if (status == 200) {
		minted(body, len, c, a);
	} else if (status == 400 || status == 401 || status == 403) {
		refused(status, body, len, c, a);
	} else if (status >= 300 && status < 400) {
		a->kind = TOKEN_REDIRECT;
		a->msg =
		    g_strdup_printf("the token endpoint %s answered %ld, a redirect to %s; the "
		                    "client secret was not sent there",
		                    c->url, status, location ? location : "(no Location)");
	} else if (status == 404) {
		a->kind = TOKEN_BAD;
		a->msg = g_strdup_printf("there is no token endpoint at %s (HTTP 404); service "
		                         "accounts need Jira Cloud or Jira Data Center 11 or later",
		                         c->url);
	} else {
		a->kind = TOKEN_BAD;
		a->msg = g_strdup_printf("the token endpoint %s answered HTTP %ld; try again later",
		                         c->url, status);
	}
}

void token_answer_clear(struct token_answer *a)
{
	g_free(a->msg);
	secret_free(a->token);
	memset(a, 0, sizeof(*a));
}
