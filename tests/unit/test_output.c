/*
 * test_output.c: cmocka unit tests of helper/cli/output.c, the six
 * formats get answers in (jira-credential(1), "OUTPUT FORMATS"): the exact
 * text for a Basic and a Bearer credential, a service account's minted
 * token (never its client secret), a client certificate's files, and what
 * a format refuses.
 *
 *   make build/tests/unit-output && ./build/tests/unit-output
 */
/* before cmocka.h, whose fail() macro would rename sys/msg.h's fail() */
#include "cli/output.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

/* "alice@example.com:tok-1" in base64 */
#define ALICE_B64 "YWxpY2VAZXhhbXBsZS5jb206dG9rLTE="

/* Jira Cloud: email + API token, Basic. */
static void make_basic(struct credential *c)
{
	cred_init(c);
	c->protocol = g_strdup("https");
	c->host = g_strdup("example.atlassian.net");
	c->username = g_strdup("alice@example.com");
	c->password = g_strdup("tok-1");
	c->type = JIRA_CLOUD;
}

/* A Data Center personal access token, Bearer, under a context path. */
static void make_bearer(struct credential *c)
{
	cred_init(c);
	c->protocol = g_strdup("https");
	c->host = g_strdup("jira.corp.example");
	c->path = g_strdup("jira");
	c->password = g_strdup("pat-2");
	c->type = JIRA_PAT;
}

/* A service account: client id and secret, with a token minted from them. */
static void make_service(struct credential *c)
{
	cred_init(c);
	c->protocol = g_strdup("https");
	c->host = g_strdup("jira.corp.example");
	c->username = g_strdup("client-id");
	c->password = g_strdup("client-secret");
	c->token = g_strdup("minted-3");
	c->token_expiry_utc = g_strdup("1800000000");
	c->type = JIRA_SERVICE;
}

/* Renders c in f for req; the text, or NULL with *err set. */
static char *render(const struct credential *c, const struct credential *req, enum format f,
                    char **err)
{
	GString *out = secret_buf_new();
	char *text = NULL;

	*err = NULL;
	if (output_render(c, req, NULL, f, out, err) == 0)
		text = g_strdup(out->str);
	secret_buf_free(out);
	return text;
}

/* Asserts that c renders in f as want (for a request without capabilities). */
static void expect_text(const struct credential *c, enum format f, const char *want)
{
	struct credential req;
	char *err, *got;

	cred_init(&req);
	got = render(c, &req, f, &err);
	assert_null(err);
	assert_non_null(got);
	assert_string_equal(got, want);
	g_free(got);
	cred_clear(&req);
}

/* Asserts that c cannot be rendered in f, with a one-line message holding what. */
static void expect_refused(const struct credential *c, enum format f, const char *what)
{
	struct credential req;
	char *err, *got;

	cred_init(&req);
	got = render(c, &req, f, &err);
	assert_null(got);
	assert_non_null(err);
	assert_non_null(strstr(err, what));
	assert_null(strchr(err, '\n'));
	g_free(err);
	cred_clear(&req);
}

static void test_format_names(void **state)
{
	static const char *const names[] = {"git", "header", "curl", "netrc", "env", "json"};
	enum format f;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		assert_int_equal(output_format_parse(names[i], &f), 0);
		assert_int_equal(f, (enum format)i);
	}
	assert_int_equal(output_format_parse("GIT", &f), -1);
	assert_int_equal(output_format_parse("yaml", &f), -1);
	assert_int_equal(output_format_parse("", &f), -1);
}

static void test_git_basic(void **state)
{
	struct credential c;

	(void)state;
	make_basic(&c);
	expect_text(&c, FMT_GIT,
	            "protocol=https\nhost=example.atlassian.net\nusername=alice@example.com\n"
	            "password=tok-1\ntype=cloud\nauthorization=Basic " ALICE_B64 "\n");
	cred_clear(&c);
}

static void test_git_bearer(void **state)
{
	struct credential c;

	(void)state;
	make_bearer(&c);
	/* git without authtype: it sends what it gets as Basic, so the user is empty */
	expect_text(&c, FMT_GIT,
	            "protocol=https\nhost=jira.corp.example\npath=jira\nusername=\npassword=pat-2\n"
	            "type=pat\nauthorization=Bearer pat-2\n");
	cred_clear(&c);
}

/* git 2.46 with capability[]=authtype: the Bearer token as authtype/credential, no password. */
static void test_git_bearer_authtype(void **state)
{
	struct credential c, req;
	char *err = NULL, *got;

	(void)state;
	make_bearer(&c);
	cred_init(&req);
	assert_int_equal(cred_set(&req, "capability[]", "authtype", &err, NULL), CRED_OK);
	got = render(&c, &req, FMT_GIT, &err);
	assert_non_null(got);
	assert_string_equal(got, "protocol=https\nhost=jira.corp.example\npath=jira\ntype=pat\n"
	                         "authorization=Bearer pat-2\ncapability[]=authtype\n"
	                         "authtype=Bearer\ncredential=pat-2\n");
	g_free(got);
	cred_clear(&req);
	cred_clear(&c);
}

static void test_header(void **state)
{
	struct credential c;

	(void)state;
	make_basic(&c);
	expect_text(&c, FMT_HEADER, "Authorization: Basic " ALICE_B64 "\n");
	cred_clear(&c);
	make_bearer(&c);
	expect_text(&c, FMT_HEADER, "Authorization: Bearer pat-2\n");
	cred_clear(&c);
}

static void test_curl(void **state)
{
	struct credential c;

	(void)state;
	make_basic(&c);
	expect_text(&c, FMT_CURL, "header = \"Authorization: Basic " ALICE_B64 "\"\n");
	cred_clear(&c);
	make_bearer(&c);
	expect_text(&c, FMT_CURL, "header = \"Authorization: Bearer pat-2\"\n");
	cred_clear(&c);
}

static void test_netrc(void **state)
{
	struct credential c;

	(void)state;
	make_basic(&c);
	expect_text(&c, FMT_NETRC,
	            "machine example.atlassian.net login alice@example.com password tok-1\n");
	g_free(c.host);
	c.host = g_strdup("[::1]:8443"); /* netrc names the bare address, without the port */
	expect_text(&c, FMT_NETRC, "machine ::1 login alice@example.com password tok-1\n");
	cred_clear(&c);
}

static void test_netrc_refuses_bearer(void **state)
{
	struct credential c;

	(void)state;
	make_bearer(&c);
	expect_refused(&c, FMT_NETRC, "a personal access token needs a Bearer header");
	cred_clear(&c);
	make_service(&c);
	expect_refused(&c, FMT_NETRC, "a service account's token needs a Bearer header");
	cred_clear(&c);
}

static void test_env_basic(void **state)
{
	struct credential c;

	(void)state;
	make_basic(&c);
	expect_text(&c, FMT_ENV,
	            "JIRA_BASE_URL='https://example.atlassian.net'\n"
	            "JIRA_URL='https://example.atlassian.net'\n"
	            "JIRA_SERVER='https://example.atlassian.net'\n"
	            "JIRA_HOST='https://example.atlassian.net'\n"
	            "JIRA_USER_EMAIL='alice@example.com'\n"
	            "JIRA_USERNAME='alice@example.com'\n"
	            "JIRA_EMAIL='alice@example.com'\n"
	            "JIRA_LOGIN='alice@example.com'\n"
	            "JIRA_API_TOKEN='tok-1'\n"
	            "JIRA_AUTH_TYPE='basic'\n"
	            "export JIRA_BASE_URL JIRA_URL JIRA_SERVER JIRA_HOST JIRA_USER_EMAIL "
	            "JIRA_USERNAME JIRA_EMAIL JIRA_LOGIN JIRA_API_TOKEN JIRA_AUTH_TYPE\n"
	            "unset JIRA_PERSONAL_TOKEN JIRA_CLIENT_CERT JIRA_CLIENT_KEY\n");
	cred_clear(&c);
}

/* Bearer: the user's four unset, so that no client falls back to Basic. */
static void test_env_bearer(void **state)
{
	struct credential c;

	(void)state;
	make_bearer(&c);
	expect_text(&c, FMT_ENV,
	            "JIRA_BASE_URL='https://jira.corp.example/jira'\n"
	            "JIRA_URL='https://jira.corp.example/jira'\n"
	            "JIRA_SERVER='https://jira.corp.example/jira'\n"
	            "JIRA_HOST='https://jira.corp.example/jira'\n"
	            "JIRA_API_TOKEN='pat-2'\n"
	            "JIRA_AUTH_TYPE='bearer'\n"
	            "JIRA_PERSONAL_TOKEN='pat-2'\n"
	            "export JIRA_BASE_URL JIRA_URL JIRA_SERVER JIRA_HOST JIRA_API_TOKEN "
	            "JIRA_AUTH_TYPE JIRA_PERSONAL_TOKEN\n"
	            "unset JIRA_USER_EMAIL JIRA_USERNAME JIRA_EMAIL JIRA_LOGIN JIRA_CLIENT_CERT "
	            "JIRA_CLIENT_KEY\n");
	cred_clear(&c);
}

/* A value is one shell word whatever it holds; the gateway replaces the site. */
static void test_env_quoting_and_gateway(void **state)
{
	struct credential c;
	char *err, *got;

	(void)state;
	make_basic(&c);
	secret_free(c.password);
	c.password = g_strdup("it's $(rm -rf ~) `x`");
	c.api_base = g_strdup("https://api.atlassian.com/ex/jira/1234");
	got = render(&c, NULL, FMT_ENV, &err);
	assert_non_null(got);
	assert_non_null(strstr(got, "\nJIRA_API_TOKEN='it'\\''s $(rm -rf ~) `x`'\n"));
	assert_true(g_str_has_prefix(got, "JIRA_BASE_URL='https://api.atlassian.com/ex/jira/1234'\n"
	                                  "JIRA_URL='https://api.atlassian.com/ex/jira/1234'\n"));
	g_free(got);
	cred_clear(&c);
}

static void test_json(void **state)
{
	struct credential c;

	(void)state;
	make_basic(&c);
	expect_text(&c, FMT_JSON,
	            "{\"domain\":\"https://example.atlassian.net\",\"protocol\":\"https\","
	            "\"host\":\"example.atlassian.net\",\"username\":\"alice@example.com\","
	            "\"type\":\"cloud\",\"authorization\":\"Basic " ALICE_B64 "\","
	            "\"password\":\"tok-1\"}\n");
	cred_clear(&c);
	make_bearer(&c);
	expect_text(
	    &c, FMT_JSON,
	    "{\"domain\":\"https://jira.corp.example/jira\",\"protocol\":\"https\","
	    "\"host\":\"jira.corp.example\",\"path\":\"jira\",\"username\":\"\","
	    "\"type\":\"pat\",\"authorization\":\"Bearer pat-2\",\"password\":\"pat-2\"}\n");
	cred_clear(&c);
}

/* A service account is answered with its minted token, in every format, never its secret. */
static void test_service_answers_the_minted_token(void **state)
{
	static const enum format formats[] = {FMT_GIT, FMT_HEADER, FMT_CURL, FMT_ENV, FMT_JSON};
	struct credential c, req;
	char *err = NULL, *got;

	(void)state;
	make_service(&c);
	cred_init(&req);
	assert_int_equal(cred_set(&req, "capability[]", "authtype", &err, NULL), CRED_OK);
	for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
		got = render(&c, &req, formats[i], &err);
		assert_non_null(got);
		assert_non_null(strstr(got, "minted-3"));
		assert_null(strstr(got, "client-secret"));
		g_free(got);
	}
	expect_text(&c, FMT_HEADER, "Authorization: Bearer minted-3\n");
	/* git: the token's expiry, and ephemeral: git is not to store an hour's token */
	expect_text(&c, FMT_GIT,
	            "protocol=https\nhost=jira.corp.example\nusername=client-id\n"
	            "password_expiry_utc=1800000000\ntype=service\n"
	            "authorization=Bearer minted-3\nephemeral=1\n");
	expect_text(
	    &c, FMT_JSON,
	    "{\"domain\":\"https://jira.corp.example\",\"protocol\":\"https\","
	    "\"host\":\"jira.corp.example\",\"username\":\"client-id\",\"type\":\"service\","
	    "\"authorization\":\"Bearer minted-3\",\"credential\":\"minted-3\","
	    "\"password_expiry_utc\":\"1800000000\"}\n");
	cred_clear(&req);
	cred_clear(&c);
}

/* A client certificate: its files, for curl's parser and as shell words. */
static void test_client_certificate(void **state)
{
	struct credential c;
	char *err, *got;

	(void)state;
	make_bearer(&c);
	c.client_cert = g_strdup("/home/u/c:1\\x.pem");
	c.client_key = g_strdup("/home/u/my \"key\".pem");
	/* curl reads ':' in cert as a passphrase's start and '\' as its escape */
	expect_text(&c, FMT_CURL,
	            "header = \"Authorization: Bearer pat-2\"\n"
	            "cert = \"/home/u/c\\\\:1\\\\\\\\x.pem\"\n"
	            "key = \"/home/u/my \\\"key\\\".pem\"\n");
	got = render(&c, NULL, FMT_ENV, &err);
	assert_non_null(got);
	assert_non_null(strstr(got, "\nJIRA_CLIENT_CERT='/home/u/c:1\\x.pem'\n"
	                            "JIRA_CLIENT_KEY='/home/u/my \"key\".pem'\nexport "));
	assert_non_null(strstr(got, " JIRA_CLIENT_CERT JIRA_CLIENT_KEY\nunset "));
	g_free(got);
	cred_clear(&c);
}

/* A value with a line break is refused in every format, before anything is written. */
static void test_line_break_refused(void **state)
{
	struct credential c;

	(void)state;
	for (int f = FMT_GIT; f <= FMT_JSON; f++) {
		make_basic(&c);
		secret_free(c.password);
		c.password = g_strdup("tok\nusername=mallory");
		expect_refused(&c, (enum format)f, "line break");
		cred_clear(&c);

		make_basic(&c);
		g_free(c.username);
		c.username = g_strdup("alice\r");
		expect_refused(&c, (enum format)f, "line break");
		cred_clear(&c);

		make_bearer(&c);
		c.client_key = g_strdup("/k.pem\nheader = \"X: y\"");
		expect_refused(&c, (enum format)f, "line break");
		cred_clear(&c);
	}
	/* git: a line break in a value that is not the secret (the gateway) */
	make_basic(&c);
	c.api_base = g_strdup("https://api.atlassian.com/ex/jira/1\nhost=evil.example");
	expect_refused(&c, FMT_GIT, "line break");
	cred_clear(&c);
}

/* env_values: what exec sets (a value) and removes (NULL), in env_names' order. */
static void test_env_values(void **state)
{
	struct credential c;
	char *v[ENV_VARS];

	(void)state;
	assert_string_equal(env_names[0], "JIRA_BASE_URL");
	assert_string_equal(env_names[ENV_VARS - 1], "JIRA_CLIENT_KEY");
	make_bearer(&c);
	env_values(&c, v);
	assert_string_equal(v[0], "https://jira.corp.example/jira");
	for (int i = 4; i < 8; i++)
		assert_null(v[i]);
	assert_string_equal(v[8], "pat-2");
	assert_string_equal(v[9], "bearer");
	assert_string_equal(v[10], "pat-2");
	assert_null(v[11]);
	assert_null(v[12]);
	for (int i = 0; i < ENV_VARS; i++)
		secret_free(v[i]);
	cred_clear(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_names),
	    cmocka_unit_test(test_git_basic),
	    cmocka_unit_test(test_git_bearer),
	    cmocka_unit_test(test_git_bearer_authtype),
	    cmocka_unit_test(test_header),
	    cmocka_unit_test(test_curl),
	    cmocka_unit_test(test_netrc),
	    cmocka_unit_test(test_netrc_refuses_bearer),
	    cmocka_unit_test(test_env_basic),
	    cmocka_unit_test(test_env_bearer),
	    cmocka_unit_test(test_env_quoting_and_gateway),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_service_answers_the_minted_token),
	    cmocka_unit_test(test_client_certificate),
	    cmocka_unit_test(test_line_break_refused),
	    cmocka_unit_test(test_env_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
