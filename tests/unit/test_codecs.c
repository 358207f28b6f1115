/*
 * test_codecs.c: cmocka unit tests of the proto/ codecs that moved out of
 * the keyring code and the validator: the keyring item's secret (item.c),
 * match ranking (match.c), validation facts (facts.c), kv_bind tables
 * (cred.c), git's authtype=/credential= decoding (header.c), JSON output
 * (jsonout.c), the type enum (jtype.c) and a token's name at Jira
 * (patname.c).
 *
 *   make build/tests/unit-codecs && ./build/tests/unit-codecs
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

#include "proto/cred.h"
#include "proto/facts.h"
#include "proto/header.h"
#include "proto/item.h"
#include "proto/jsonout.h"
#include "proto/match.h"
#include "proto/patname.h"

/* ---- the item's secret ---------------------------------------------- */

static void decode_ok(const char *bytes, size_t len, struct credential *c)
{
	cred_init(c);
	assert_int_equal(item_secret_decode(bytes, len, c), 0);
}

/* The secret is the credential itself: what a person copies is the token. */
static void test_item_secret_is_the_token(void **state)
{
	struct credential in, out;
	GString *s;

	(void)state;
	cred_init(&in);
	in.username = g_strdup("bob@example.com");
	in.password = g_strdup("tok=with=equals");
	in.path = g_strdup("jira");
	in.type = JIRA_CLOUD;
	in.password_expiry_utc = g_strdup("1893456000");
	s = item_secret_encode(&in);
	assert_int_equal(s->len, strlen("tok=with=equals"));
	assert_memory_equal(s->str, "tok=with=equals", s->len);
	decode_ok(s->str, s->len, &out);
	assert_string_equal(out.password, "tok=with=equals");
	assert_null(out.oauth_refresh_token);
	assert_null(out.username); /* facts come from the attributes */
	cred_clear(&out);
	secret_buf_free(s);
	cred_clear(&in);
}

/* A refresh token on a second line, as git-credential-libsecret writes it. */
static void test_item_refresh_token_second_line(void **state)
{
	struct credential in, out;
	GString *s;

	(void)state;
	cred_init(&in);
	in.password = g_strdup("pw");
	in.oauth_refresh_token = g_strdup("rt");
	s = item_secret_encode(&in);
	assert_int_equal(s->len, strlen("pw\noauth_refresh_token=rt"));
	assert_memory_equal(s->str, "pw\noauth_refresh_token=rt", s->len);
	decode_ok(s->str, s->len, &out);
	assert_string_equal(out.password, "pw");
	assert_string_equal(out.oauth_refresh_token, "rt");
	cred_clear(&out);
	secret_buf_free(s);
	cred_clear(&in);
}

/* An empty password is a lone newline; zero bytes are no secret at all. */
static void test_item_empty_password_is_not_empty_secret(void **state)
{
	struct credential in, out;
	GString *s;

	(void)state;
	cred_init(&in);
	in.password = g_strdup("");
	s = item_secret_encode(&in);
	assert_int_equal(s->len, 1);
	decode_ok(s->str, s->len, &out);
	assert_string_equal(out.password, "");
	cred_clear(&out);
	cred_init(&out);
	assert_int_equal(item_secret_decode("", 0, &out), -1);
	assert_null(out.password);
	cred_clear(&out);
	secret_buf_free(s);
	cred_clear(&in);
}

/* Items of versions before 0.2 carry a copy of the facts: secrets only are taken. */
static void test_item_old_formats(void **state)
{
	static const char old[] = "pw\noauth_refresh_token=rt\nusername=mallory\npath=x\n"
	                          "type=pat\npassword_expiry_utc=1\n";
	struct credential c;

	(void)state;
	decode_ok(old, strlen(old), &c);
	assert_string_equal(c.password, "pw");
	assert_string_equal(c.oauth_refresh_token, "rt");
	assert_null(c.username);
	assert_null(c.path);
	assert_int_equal(c.type, JIRA_TYPE_NONE);
	cred_clear(&c);

	decode_ok("just-the-password", 17, &c);
	assert_string_equal(c.password, "just-the-password");
	cred_clear(&c);

	/* A carriage return anywhere in the tail: none of it is trusted. */
	decode_ok("pw\noauth_refresh_token=r\rt\n", 29, &c);
	assert_string_equal(c.password, "pw");
	assert_null(c.oauth_refresh_token);
	cred_clear(&c);
}

/* ---- match ranking ------------------------------------------------------ */

static struct stored *entry(const char *path, gint64 when, const char *order)
{
	struct stored *e = g_new0(struct stored, 1);

	e->protocol = g_strdup("https");
	e->host = g_strdup("jira.example");
	e->path = g_strdup(path);
	e->username = g_strdup("u");
	e->stored_us = when;
	e->id = g_strdup(order);
	return e;
}

static void test_match_longest_covering_path(void **state)
{
	GPtrArray *a = stored_array_new();

	(void)state;
	g_ptr_array_add(a, entry(NULL, 5, "/1"));
	g_ptr_array_add(a, entry("jira", 1, "/2"));
	g_ptr_array_add(a, entry("jira/rest", 2, "/3"));
	g_ptr_array_add(a, entry("ji", 9, "/4"));
	assert_string_equal(match_best(a, "jira/rest/api/2/myself")->id, "/3");
	assert_string_equal(match_best(a, "jira/browse")->id, "/2");
	assert_string_equal(match_best(a, "other")->id, "/1");
	/* No path asked: the pathless one first, whatever its age. */
	assert_string_equal(match_best(a, NULL)->id, "/1");
	g_ptr_array_free(a, TRUE);
}

static void test_match_newest_wins(void **state)
{
	GPtrArray *a = stored_array_new();

	(void)state;
	g_ptr_array_add(a, entry(NULL, 1000001, "/org/x/9"));
	g_ptr_array_add(a, entry(NULL, 1000002, "/org/x/1")); /* newer, smaller path */
	assert_string_equal(match_best(a, NULL)->id, "/org/x/1");
	g_ptr_array_free(a, TRUE);
}

static void test_match_ties_by_order(void **state)
{
	GPtrArray *a = stored_array_new();

	(void)state;
	/* Same time: object paths compare as numbers, /10 after /9. */
	g_ptr_array_add(a, entry(NULL, 7, "/org/x/10"));
	g_ptr_array_add(a, entry(NULL, 7, "/org/x/9"));
	assert_string_equal(match_best(a, NULL)->id, "/org/x/10");
	stored_sort(a);
	assert_string_equal(((struct stored *)g_ptr_array_index(a, 0))->id, "/org/x/9");
	g_ptr_array_free(a, TRUE);
}

/* Copies of one credential (a keyring that kept an older one): counted, the first named. */
static void test_stored_copies(void **state)
{
	GPtrArray *a = stored_array_new();
	struct stored *other_user = entry("jira", 4, "/4");
	int first;

	(void)state;
	g_free(other_user->username);
	other_user->username = g_strdup("v");
	g_ptr_array_add(a, entry("jira", 1, "/1"));
	g_ptr_array_add(a, entry(NULL, 2, "/2"));
	g_ptr_array_add(a, entry("jira", 3, "/3"));
	g_ptr_array_add(a, other_user);
	assert_int_equal(stored_copies(a, 0, &first), 2);
	assert_true(first);
	assert_int_equal(stored_copies(a, 2, &first), 2);
	assert_false(first);
	assert_int_equal(stored_copies(a, 1, &first), 1); /* another path */
	assert_true(first);
	assert_int_equal(stored_copies(a, 3, &first), 1); /* another user */
	g_ptr_array_free(a, TRUE);
}

static void test_match_skips_unreadable(void **state)
{
	GPtrArray *a = stored_array_new();
	struct stored *locked = entry(NULL, 99, "/9");

	(void)state;
	g_free(locked->host);
	locked->host = NULL; /* a locked keyring shows no attributes */
	g_ptr_array_add(a, locked);
	assert_null(match_best(a, NULL));
	g_ptr_array_add(a, entry(NULL, 1, "/1"));
	assert_string_equal(match_best(a, NULL)->id, "/1");
	g_ptr_array_free(a, TRUE);
}

static void test_stored_type(void **state)
{
	struct stored *e = entry(NULL, 1, "/1");

	(void)state;
	assert_int_equal(stored_type(e), JIRA_SERVER);
	g_free(e->username);
	e->username = g_strdup("");
	assert_int_equal(stored_type(e), JIRA_PAT);
	e->type = JIRA_CLOUD;
	assert_int_equal(stored_type(e), JIRA_CLOUD);
	stored_free(e);
}

/* ---- facts and kv_bind ------------------------------------------------ */

static void test_facts_round_trip(void **state)
{
	struct facts in = {g_strdup("Alice Liddell"), g_strdup("5b10a2844c20165700ede21g"), NULL,
	                   g_strdup("https://api.atlassian.com/ex/jira/x"), g_strdup("cloud")};
	struct facts out = {0};
	GString *s = g_string_new(NULL);

	(void)state;
	facts_write(s, &in);
	assert_string_equal(s->str, "display_name=Alice Liddell\n"
	                            "account_id=5b10a2844c20165700ede21g\n"
	                            "api_base=https://api.atlassian.com/ex/jira/x\n"
	                            "deployment=cloud\n");
	assert_int_equal(facts_parse(s->str, s->len, &out), 0);
	assert_string_equal(out.display_name, "Alice Liddell");
	assert_string_equal(out.deployment, "cloud");
	assert_null(out.email);
	assert_string_equal(out.api_base, in.api_base);
	facts_clear(&out);
	facts_clear(&in);
	assert_null(in.display_name);
	g_string_free(s, TRUE);
}

static void test_facts_refuse_line_breaks(void **state)
{
	struct facts in = {g_strdup("Evil\nemail=x"), NULL, g_strdup("ok"), NULL, NULL};
	GString *s = g_string_new(NULL);

	(void)state;
	facts_write(s, &in);
	assert_string_equal(s->str, "email=ok\n");
	facts_clear(&in);
	g_string_free(s, TRUE);
}

struct sample {
	char *text, *keep, *secret;
	int n;
};

static const struct kv_field sample_fields[] = {
    KV_FIELD(struct sample, text, KV_TEXT),
    KV_FIELD(struct sample, keep, KV_STRING),
    KV_FIELD(struct sample, secret, KV_SECRET),
    KV_FIELD(struct sample, n, KV_INT),
    {NULL, 0, 0},
};

static void test_kv_bind_kinds(void **state)
{
	static const char block[] = "text=\nkeep=\nsecret=s3\nn=42\nunknown=x\n\ntext=after\n";
	struct sample s = {0};
	GString *out = g_string_new(NULL);
	char *err = NULL;

	(void)state;
	assert_int_equal(kv_bind(block, strlen(block), sample_fields, &s, &err), CRED_OK);
	assert_null(s.text);             /* empty reads as NULL */
	assert_string_equal(s.keep, ""); /* empty kept */
	assert_string_equal(s.secret, "s3");
	assert_int_equal(s.n, 42);
	assert_int_equal(kv_emit(out, sample_fields, &s), 0);
	assert_string_equal(out->str, "keep=\nsecret=s3\nn=42\n");
	kv_free(sample_fields, &s);
	assert_null(s.secret);
	assert_int_equal(kv_bind("no-equals\n", 10, sample_fields, &s, &err), CRED_BAD_INPUT);
	assert_non_null(err);
	g_free(err);
	g_string_free(out, TRUE);
}

/* ---- git's authtype=/credential= ----------------------------------------- */

static void test_auth_decode_ok(void **state)
{
	char *user = NULL, *secret = NULL, *b64;
	enum jira_type t = JIRA_CLOUD;

	(void)state;
	assert_int_equal(auth_decode("Bearer", "tok", &user, &secret, &t), 0);
	assert_null(user);
	assert_string_equal(secret, "tok");
	assert_int_equal(t, JIRA_PAT);
	secret_free(secret);

	b64 = g_base64_encode((const guchar *)"dave:pw:with:colons", 19);
	assert_int_equal(auth_decode("basic", b64, &user, &secret, &t), 0);
	assert_string_equal(user, "dave");
	assert_string_equal(secret, "pw:with:colons");
	assert_int_equal(t, JIRA_TYPE_NONE);
	g_free(user);
	secret_free(secret);
	g_free(b64);
}

static void test_auth_decode_refuses(void **state)
{
	static const struct {
		const char *type, *cred;
	} bad[] = {
	    {"Negotiate", "YWxpY2U6cHc="}, /* another scheme */
	    {"Basic", "bm9jb2xvbg=="},     /* "nocolon" */
	    {"Basic", "!!notbase64!!"},
	    {"Basic", "YWxpY2U6cHc"},   /* padding missing */
	    {"Basic", "YWxp Y2U6cHc="}, /* junk inside */
	    {"Basic", "YQBiOmM="},      /* "a\0b:c" */
	    {"Basic", "/w=="},          /* not UTF-8 */
	    {"Bearer", ""},
	    {NULL, "x"},
	    {"Basic", NULL},
	};
	char *user = NULL, *secret = NULL;
	enum jira_type t;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		if (auth_decode(bad[i].type, bad[i].cred, &user, &secret, &t) != -1)
			fail_msg("accepted authtype=%s credential=%s", bad[i].type, bad[i].cred);
	}
}

/* ---- JSON output ------------------------------------------------------------ */

static void test_json_string_escapes(void **state)
{
	GString *s = g_string_new(NULL);
	int first = 1;

	(void)state;
	g_string_append_c(s, '{');
	json_write_member(s, &first, "a", "q\"b\\s/\n\t\x01\x7f é");
	json_write_member(s, &first, "b", NULL);
	json_write_member(s, &first, "c", "bad\xff\xc2\x9b[2J");
	/* bidi and invisible characters as escapes; above U+FFFF a surrogate pair */
	json_write_member(s, &first, "d",
	                  "\xe2\x80\xae"
	                  "x\xe2\x80\x8b\xf3\xa0\x81\x81");
	g_string_append_c(s, '}');
	assert_string_equal(s->str, "{\"a\":\"q\\\"b\\\\s/\\n\\t\\u0001\\u007f é\","
	                            "\"b\":null,\"c\":\"bad\\ufffd\\u009b[2J\","
	                            "\"d\":\"\\u202ex\\u200b\\udb40\\udc41\"}");
	assert_true(g_utf8_validate(s->str, -1, NULL));
	g_string_free(s, TRUE);
}

/* ---- types ------------------------------------------------------------------ */

static void test_jira_type_names(void **state)
{
	enum jira_type t;

	(void)state;
	for (t = JIRA_CLOUD; t <= JIRA_PAT; t++) {
		enum jira_type back;

		assert_int_equal(jira_type_parse(jira_type_name(t), &back), 0);
		assert_int_equal(back, t);
	}
	assert_null(jira_type_name(JIRA_TYPE_NONE));
	assert_int_equal(jira_type_parse(NULL, &t), -1);
	/* expiry advice that fits each type: a password is changed, tokens are made */
	assert_non_null(strstr(jira_renew_advice(JIRA_CLOUD), CLOUD_TOKENS_URL));
	assert_non_null(strstr(jira_renew_advice(JIRA_SERVER), "change the password"));
	assert_null(strstr(jira_renew_advice(JIRA_SERVER), "token"));
	assert_non_null(strstr(jira_renew_advice(JIRA_PAT), "Personal Access Tokens"));
	assert_null(strstr(jira_renew_advice(JIRA_PAT), "id.atlassian.com"));
}

/* A token's name says what made it and where: the host name made plain and bounded. */
static void test_pat_token_name(void **state)
{
	char *n;

	(void)state;
	n = pat_token_name("build-7.corp_example");
	assert_string_equal(n, "jira-credential on build-7.corp_example");
	g_free(n);
	n = pat_token_name("a b\x1b[2J\n\xc3\xa9/\"<x>");
	assert_string_equal(n, "jira-credential on a_b__2J______x_");
	g_free(n);
	n = pat_token_name("");
	assert_string_equal(n, "jira-credential on this computer");
	g_free(n);
	n = pat_token_name(NULL);
	assert_string_equal(n, "jira-credential on this computer");
	g_free(n);
	n = pat_token_name("hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"
	                   "hhhhhhhhhhhhhhhhhhhhh");
	assert_int_equal(strlen(n), strlen("jira-credential on ") + PATNAME_HOST_MAX);
	g_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_item_secret_is_the_token),
	    cmocka_unit_test(test_item_refresh_token_second_line),
	    cmocka_unit_test(test_item_empty_password_is_not_empty_secret),
	    cmocka_unit_test(test_item_old_formats),
	    cmocka_unit_test(test_match_longest_covering_path),
	    cmocka_unit_test(test_match_newest_wins),
	    cmocka_unit_test(test_match_ties_by_order),
	    cmocka_unit_test(test_match_skips_unreadable),
	    cmocka_unit_test(test_stored_copies),
	    cmocka_unit_test(test_stored_type),
	    cmocka_unit_test(test_facts_round_trip),
	    cmocka_unit_test(test_facts_refuse_line_breaks),
	    cmocka_unit_test(test_kv_bind_kinds),
	    cmocka_unit_test(test_auth_decode_ok),
	    cmocka_unit_test(test_auth_decode_refuses),
	    cmocka_unit_test(test_json_string_escapes),
	    cmocka_unit_test(test_jira_type_names),
	    cmocka_unit_test(test_pat_token_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
