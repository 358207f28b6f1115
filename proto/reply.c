/*
 * reply.c: the meaning of one Jira answer (see reply.h), as
 * docs/jira-answers.md lists them: 200 with a user, 401 (maybe a
 * brand-new token), CAPTCHA 403, other 403, an account password sent to
 * Cloud, 429/503 with Retry-After, redirects, anything else.  Messages
 * quote the server's bytes as they came: the one place that prints them,
 * fail() (msg.c), makes them harmless for a terminal.  The JSON nesting
 * is bounded before json-glib sees it.
 */
#include "reply.h"
#include "exitcode.h"
#include "domain.h"
#include "jtype.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#define RATE_PAUSE 5  /* seconds, when a 429/503 names no usable Retry-After */
#define EXCERPT    80 /* bytes of a body quoted in a message */

int json_depth_ok(const char *s, size_t len, int max)
{
	int depth = 0, in_string = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return 0;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return 1;
}

JsonObject *reply_body_object(JsonParser *p, const char *body, size_t len, const char **why)
{
	JsonNode *root;

	*why = "an empty body";
	if (!body || !len)
		return NULL;
	*why = "JSON nested deeper than " G_STRINGIFY(JSON_MAX_DEPTH) " levels";
	if (!json_depth_ok(body, len, JSON_MAX_DEPTH))
		return NULL;
	*why = "not a JSON object";
	if (len > MAX_BODY || !json_parser_load_from_data(p, body, (gssize)len, NULL))
		return NULL;
	root = json_parser_get_root(p);
	return root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
}

const char *reply_json_str(JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member(o, name);

	return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
	           ? json_node_get_string(n)
	           : NULL;
}

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

char *reply_cloud_id(const char *body, size_t len)
{
	JsonParser *p = json_parser_new();
	const char *why, *s;
	JsonObject *o = reply_body_object(p, body, len, &why);
	char *id = NULL;

	/* The id goes into a URL path: accept only what a UUID is made of. */
	if (o && (s = reply_json_str(o, "cloudId")) && *s &&
	    strspn(s, "0123456789abcdefABCDEF-") == strlen(s))
		id = g_strdup(s);
	g_object_unref(p);
	return id;
}

int reply_says_cloud(const char *body, size_t len)
{
	JsonParser *p = json_parser_new();
	const char *why, *s;
	JsonObject *o = reply_body_object(p, body, len, &why);
	int cloud =
	    o && (s = reply_json_str(o, "deploymentType")) && !g_ascii_strcasecmp(s, "Cloud");

	g_object_unref(p);
	return cloud;
}

/*
 * Whom a 200 names: accountId on Cloud, name or key on Server/DC.  Any of
 * them is a user, whatever the host and the stored type: a Cloud site may
 * be reached on its own domain, where nothing tells it from a Server.
 */
static void user_reply(const struct jira_reply *r, const struct reply_ctx *c,
                       struct reply_verdict *v)
{
	JsonParser *p = json_parser_new();
	const char *why, *id = NULL;
	JsonObject *o = reply_body_object(p, r->body, r->body_len, &why);

	if (o) {
		id = nonempty(reply_json_str(o, "accountId"));
		v->cloud = id != NULL;
		if (!id)
			id = nonempty(reply_json_str(o, "name"));
		if (!id)
			id = nonempty(reply_json_str(o, "key"));
		why = "no accountId, user name or key in it";
	}
	if (id) {
		v->kind = REPLY_USER;
		v->code = EXIT_OK;
		v->account_id = g_strdup(id);
		v->display_name = g_strdup(reply_json_str(o, "displayName"));
		v->email = g_strdup(reply_json_str(o, "emailAddress"));
	} else {
		/* up to its first NUL: a message is a C string */
		char *excerpt =
		    g_strndup(r->body ? r->body : "", MIN(r->body_len, (size_t)EXCERPT));

		v->kind = REPLY_NOT_USER;
		v->code = EXIT_NETWORK;
		v->msg = g_strdup_printf("Jira at %s answered 200 but not with a user (%s%s%s%s); "
		                         "is it a Jira base URL?",
		                         c->base, why, *excerpt ? ": " : "", excerpt,
		                         r->body_len > EXCERPT ? "..." : "");
		g_free(excerpt);
	}
	g_object_unref(p);
}

/* Seconds a Retry-After asks for: delta-seconds or an IMF-fixdate. */
static int retry_secs(const char *ra, time_t now)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4] = "", *end;
	int d, y, hh, mm, ss;
	long v = RATE_PAUSE;

	if (ra && *ra) {
		v = strtol(ra, &end, 10);
		if (end == ra || *end) { /* "Sun, 06 Nov 1994 08:49:37 GMT" */
			const char *m;
			GDateTime *t = NULL;

			v = RATE_PAUSE;
			if (sscanf(ra, "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &d, mon, &y, &hh, &mm,
			           &ss) == 6 &&
			    strlen(mon) == 3 && (m = strstr(months, mon)) && (m - months) % 3 == 0)
				t = g_date_time_new_utc(y, (int)(m - months) / 3 + 1, d, hh, mm,
				                        ss);
			if (t) {
				v = (long)(g_date_time_to_unix(t) - now);
				g_date_time_unref(t);
			}
		}
	}
	/* at least a second: "Retry-After: 0" must not become a request storm */
	return (int)CLAMP(v, 1, 3600);
}

static char *login_url(const char *denied)
{
	const char *p = denied ? strstr(denied, "login-url=") : NULL;

	if (!p)
		return g_strdup("the Jira login page");
	return g_strstrip(g_strdup(p + strlen("login-url=")));
}

static char *redirect_msg(const struct jira_reply *r)
{
	struct origin o = {0};
	char *err = NULL, *to = NULL, *msg;

	if (r->location && !domain_parse(r->location, &o, &err, NULL))
		to = domain_format(o.protocol, o.host, o.path);
	origin_clear(&o);
	g_free(err);
	msg = g_strdup_printf("Jira answered %ld, a redirect to %s; the credential was not sent "
	                      "there. If that is the right Jira, store the credential under it: "
	                      "jira-credential store %s",
	                      r->status, r->location ? r->location : "(no Location)",
	                      to ? to : "NEW-DOMAIN");
	g_free(to);
	return msg;
}

static int password_on_cloud(const struct jira_reply *r, const struct reply_ctx *c)
{
	return !strcmp(c->type, "cloud") && r->body &&
	       g_strstr_len(r->body, (gssize)r->body_len,
	                    "Basic authentication with passwords is deprecated");
}

/*
 * What to do about a 401, by type.  Only tokens are ever new: a password
 * is not retried (each failed Basic login counts toward Jira's CAPTCHA
 * lock-out), so it is never told to wait.
 */
static const char *rejected_advice(const char *type, int stored)
{
	if (!strcmp(type, "server"))
		return "check the username and the password (it is not tried again: each failed "
		       "login counts toward Jira's CAPTCHA lock-out)";
	if (!strcmp(type, "cloud") && stored)
		return "the API token may have expired or been revoked: make a new one "
		       "at " CLOUD_TOKENS_URL
		       " and store it (if it is brand new, wait with --wait=60)";
	if (!strcmp(type, "cloud"))
		return "check the email and the API token, or if the token is brand new, wait "
		       "with --wait=60";
	if (!strcmp(type, "service"))
		return "the token minted for the service account was refused: check that the "
		       "service account may use this site (its product access and scopes), or if "
		       "it is brand new, wait with --wait=60";
	return "check the personal access token, or if it is brand new, wait with --wait=60";
}

static char *rejected_msg(const struct jira_reply *r, const struct reply_ctx *c)
{
	const char *base = c->base, *why = r->login_reason;
	const char *user = c->username && *c->username ? c->username : NULL;
	char *msg;

	if (r->status == 403)
		msg = g_strdup_printf("Jira refused the credential for %s (403%s%s); check the "
		                      "account's permissions",
		                      base, why ? ", " : "", why ? why : "");
	else
		msg = g_strdup_printf("Jira rejected the credential for %s%s%s (401%s%s); %s",
		                      user ? user : "", user ? " on " : "", base, why ? " " : "",
		                      why ? why : "", rejected_advice(c->type, c->stored));
	return msg;
}

void reply_classify(const struct jira_reply *r, const struct reply_ctx *c, struct reply_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->code = EXIT_NETWORK;
	if (r->status == 200 && g_strcmp0(r->login_reason, "AUTHENTICATED_FAILED")) {
		user_reply(r, c, v);
	} else if (r->status == 403 && r->denied_reason && strstr(r->denied_reason, "CAPTCHA")) {
		char *url = login_url(r->denied_reason);

		v->kind = REPLY_CAPTCHA;
		v->code = EXIT_REJECTED;
		v->msg = g_strdup_printf(
		    "Jira demands a CAPTCHA after failed logins and rejects even the right "
		    "password "
		    "until you log in once in a browser at %s; not retrying (each retry makes it "
		    "worse)",
		    url);
		g_free(url);
	} else if (r->status == 429 || r->status == 503) {
		v->kind = REPLY_BUSY;
		v->retry_secs = retry_secs(r->retry_after, c->now);
		v->msg = g_strdup_printf("Jira is busy or limiting requests (HTTP %ld, Retry-After "
		                         "%d s) beyond --timeout; try again later",
		                         r->status, v->retry_secs);
	} else if (r->status >= 300 && r->status < 400) {
		v->kind = REPLY_REDIRECT;
		v->msg = redirect_msg(r);
	} else if (r->status == 401 || r->status == 200 || r->status == 403) {
		v->code = EXIT_REJECTED;
		if (password_on_cloud(r, c)) {
			v->kind = REPLY_REJECTED;
			v->msg = g_strdup("Jira Cloud does not take the account password; it needs "
			                  "an API token: make one at " CLOUD_TOKENS_URL
			                  " and store that");
		} else {
			v->kind = r->status == 403 ? REPLY_REJECTED : REPLY_UNAUTHORIZED;
			v->msg = rejected_msg(r, c);
		}
	} else {
		v->kind = REPLY_SERVER;
		v->msg = g_strdup_printf("Jira at %s answered HTTP %ld; try again later", c->base,
		                         r->status);
	}
}

void reply_verdict_clear(struct reply_verdict *v)
{
	g_free(v->msg);
	g_free(v->display_name);
	g_free(v->account_id);
	g_free(v->email);
	memset(v, 0, sizeof(*v));
}
