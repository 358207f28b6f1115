/*
 * pat_reply.c: the words of Jira Data Center's personal access token API
 * (see pat_reply.h).  A raw token is checked before anyone uses it: it
 * goes into an Authorization header, a keyring item and a pass entry,
 * which each carry one line of text.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "pat_reply.h"
#include "reply.h"
#include "secret.h"

#include <string.h>

int pat_id_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n && n <= PAT_ID_MAX && strspn(s, "0123456789") == n;
}

/* What a header can carry as a Bearer token: printable ASCII without space. */
static int token_ok(const char *s, size_t n)
{
	if (!n || n > PAT_TOKEN_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return 0;
	return 1;
}

/* Jira's id: a whole number, sent as a JSON number or as a string of digits. */
static char *id_of(JsonObject *o)
{
	JsonNode *n = json_object_get_member(o, "id");

	if (!n || !JSON_NODE_HOLDS_VALUE(n))
		return NULL;
	if (json_node_get_value_type(n) == G_TYPE_INT64 && json_node_get_int(n) >= 0)
		return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
	if (json_node_get_value_type(n) == G_TYPE_STRING && pat_id_valid(json_node_get_string(n)))
		return g_strdup(json_node_get_string(n));
	return NULL;
}

/* expiringAt as seconds since the epoch; 0 when absent or not a time after 1970. */
static gint64 expiry_of(JsonObject *o)
{
	const char *s = reply_json_str(o, "expiringAt");
	GTimeZone *utc;
	GDateTime *dt;
	gint64 t = 0;

	if (!s || strlen(s) > 64)
		return 0;
	utc = g_time_zone_new_utc();
	dt = g_date_time_new_from_iso8601(s, utc);
	g_time_zone_unref(utc);
	if (dt) {
		t = MAX(g_date_time_to_unix(dt), 0);
		g_date_time_unref(dt);
	}
	return t;
}

int pat_reply_made(const char *body, size_t len, struct pat_made *m, const char **why)
{
	JsonParser *p = json_parser_new();
	JsonObject *o = reply_body_object(p, body, len, why);
	JsonNode *n = o ? json_object_get_member(o, "rawToken") : NULL;
	char *raw = NULL;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	if (o)
		*why = "no rawToken in it";
	if (n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING) {
		raw = (char *)json_node_get_string(n);
		*why = "its rawToken is empty, too long, or holds a byte a header cannot carry";
	}
	if (raw && token_ok(raw, strlen(raw))) {
		m->token = g_strdup(raw);
		m->id = id_of(o);
		m->expiry = expiry_of(o);
		rc = 0;
	}
	if (raw) /* the parser's copy goes cleared */
		explicit_bzero(raw, strlen(raw));
	g_object_unref(p);
	return rc;
}

void pat_made_clear(struct pat_made *m)
{
	secret_free(m->token);
	g_free(m->id);
	memset(m, 0, sizeof(*m));
}

/* s cut to at most max bytes of valid UTF-8; NULL when empty. */
static char *bounded(const char *s, size_t max)
{
	const char *end;

	if (!s || !*s)
		return NULL;
	g_utf8_validate(s, (gssize)MIN(strlen(s), max), &end);
	return end > s ? g_strndup(s, (gsize)(end - s)) : NULL;
}

/* The first string of an array: itself, or its first element's "message". */
static const char *first_of(JsonNode *n)
{
	JsonArray *a;
	JsonNode *e;

	if (!n || !JSON_NODE_HOLDS_ARRAY(n) || !json_array_get_length(a = json_node_get_array(n)))
		return NULL;
	e = json_array_get_element(a, 0);
	if (JSON_NODE_HOLDS_VALUE(e) && json_node_get_value_type(e) == G_TYPE_STRING)
		return json_node_get_string(e);
	return JSON_NODE_HOLDS_OBJECT(e) ? reply_json_str(json_node_get_object(e), "message")
	                                 : NULL;
}

/* {"errors": {"field": "words"}}: the first member's words. */
static const char *first_member(JsonNode *n)
{
	GList *names;
	const char *s = NULL;

	if (!n || !JSON_NODE_HOLDS_OBJECT(n))
		return first_of(n);
	names = json_object_get_members(json_node_get_object(n));
	if (names)
		s = reply_json_str(json_node_get_object(n), names->data);
	g_list_free(names);
	return s;
}

char *pat_reply_message(const char *body, size_t len)
{
	JsonParser *p = json_parser_new();
	const char *why, *s = NULL;
	JsonObject *o = reply_body_object(p, body, len, &why);
	char *msg = NULL;

	if (o) {
		s = reply_json_str(o, "message");
		if (!s || !*s)
			s = first_of(json_object_get_member(o, "errorMessages"));
		if (!s || !*s)
			s = first_member(json_object_get_member(o, "errors"));
		msg = bounded(s, PAT_MSG_MAX);
	}
	g_object_unref(p);
	return msg;
}

char *pat_request_body(const char *name, int days)
{
	JsonBuilder *b = json_builder_new();
	JsonGenerator *g = json_generator_new();
	JsonNode *root;
	char *text, *n = bounded(name, PAT_NAME_MAX);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, n ? n : "jira-credential");
	if (days > 0) {
		json_builder_set_member_name(b, "expirationDuration");
		json_builder_add_int_value(b, days);
	}
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	json_generator_set_root(g, root);
	text = json_generator_to_data(g, NULL);
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
	g_free(n);
	return text;
}
