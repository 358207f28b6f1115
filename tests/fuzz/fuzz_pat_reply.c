/*
 * fuzz_pat_reply.c: libFuzzer target for proto/pat_reply.c, the words of
 * Jira Data Center's personal access token API.  The input is a body as
 * Jira might answer it.  Properties: no crash or leak; a token taken is
 * one line a Bearer header can carry (printable ASCII, no space, at most
 * PAT_TOKEN_MAX bytes) with an id of digits or none; a body refused says
 * why and fills nothing; Jira's words quoted are valid UTF-8 within
 * PAT_MSG_MAX bytes; and a request body made from the input as a name is
 * a JSON object whose name is valid UTF-8 within PAT_NAME_MAX bytes.
 */
#include "proto/pat_reply.h"
#include "proto/exitcode.h"

#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void fail(int code, const char *fmt, ...)
{
	(void)fmt;
	exit(code); /* jc.h declares it; pat_reply.c never calls it */
}

static void check_made(const char *body, size_t len)
{
	struct pat_made m;
	const char *why = NULL;

	if (pat_reply_made(body, len, &m, &why)) {
		if (!why || m.token || m.id)
			abort();
		return;
	}
	if (!m.token || !*m.token || strlen(m.token) > PAT_TOKEN_MAX || m.expiry < 0)
		abort();
	for (const char *p = m.token; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			abort();
	if (m.id && !pat_id_valid(m.id))
		abort();
	pat_made_clear(&m);
}

static void check_request(const char *data, size_t size)
{
	char *name = g_strndup(data, size), *json = pat_request_body(name, (int)(size % 400));
	JsonParser *p = json_parser_new();
	JsonNode *root;
	const char *got;

	if (!json_parser_load_from_data(p, json, -1, NULL) || !(root = json_parser_get_root(p)) ||
	    !JSON_NODE_HOLDS_OBJECT(root) ||
	    !(got = json_object_get_string_member(json_node_get_object(root), "name")) ||
	    !g_utf8_validate(got, -1, NULL) || strlen(got) > PAT_NAME_MAX)
		abort();
	g_object_unref(p);
	g_free(json);
	g_free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	char *msg;

	check_made(body, size);
	msg = pat_reply_message(body, size);
	if (msg && (!*msg || strlen(msg) > PAT_MSG_MAX || !g_utf8_validate(msg, -1, NULL)))
		abort();
	g_free(msg);
	check_request(body, size);
	return 0;
}
