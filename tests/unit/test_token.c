/*
 * test_token.c: cmocka unit tests of proto/tokenreply.c, what a token
 * endpoint's answer means: a Bearer token and its lifetime, or a refusal,
 * a redirect or a broken answer, each with its exit code and message.
 *
 *   make build/tests/unit-token && ./build/tests/unit-token
 */
/* Ours first: cmocka defines a fail() macro that msg.h's declaration would meet. */
#include "proto/exitcode.h"
#include "proto/tokenreply.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

static const struct token_ctx cloud = {"https://auth.example/oauth/token", 0, NULL};
static const struct token_ctx dc = {"https://jira.example/rest/oauth2/latest/token", 1, "WRITE"};

static void classify(long status, const char *body, const struct token_ctx *c,
                     struct token_answer *a)
{
	token_classify(status, body, body ? strlen(body) : 0, NULL, c, a);
}

/*
 * An answer that is no token: its kind, its exit code, a message that says
 * says and, when not_says is given, does not say it.
 */
static void assert_verdict(long status, const char *body, const char *location,
                           const struct token_ctx *c, enum token_kind kind, int code,
                           const char *says, const char *not_says)
{
	struct token_answer a;

	token_classify(status, body, body ? strlen(body) : 0, location, c, &a);
	assert_int_equal(a.kind, kind);
	assert_int_equal(a.code, code);
	assert_null(a.token);
	assert_non_null(strstr(a.msg, says));
	if (not_says)
		assert_null(strstr(a.msg, not_says));
	token_answer_clear(&a);
}

/* A 200 that must be refused: exit 5, a message naming why, never the body. */
static void assert_bad(const char *body, const char *why)
{
	assert_verdict(200, body, NULL, &cloud, TOKEN_BAD, EXIT_NETWORK, why, "secret-looking");
}

static void test_minted(void **state)
{
	struct token_answer a;

	(void)state;
	classify(200,
	         "{\"access_token\":\"eyJ.abc-_~+/==\",\"expires_in\":3600,"
	         "\"token_type\":\"Bearer\",\"scope\":\"read:jira-work\"}",
	         &cloud, &a);
	assert_int_equal(a.kind, TOKEN_MINTED);
	assert_int_equal(a.code, EXIT_OK);
	assert_string_equal(a.token, "eyJ.abc-_~+/==");
	assert_int_equal(a.expires_in, 3600);
	assert_null(a.msg);
	token_answer_clear(&a);
	assert_null(a.token);
	/* token_type is optional, and compared without case */
	classify(200, "{\"access_token\":\"t\",\"expires_in\":1}", &dc, &a);
	assert_int_equal(a.kind, TOKEN_MINTED);
	assert_int_equal(a.expires_in, 1);
	token_answer_clear(&a);
	classify(200, "{\"access_token\":\"t\",\"expires_in\":86400,\"token_type\":\"bearer\"}",
	         &dc, &a);
	assert_int_equal(a.kind, TOKEN_MINTED);
	token_answer_clear(&a);
}

static void test_refused_200(void **state)
{
	char *huge, *deep;

	(void)state;
	assert_bad(NULL, "an empty body");
	assert_bad("[1]", "not a JSON object");
	assert_bad("{\"access_token\":\"secret-looking\"", "not a JSON object");
	assert_bad("{\"expires_in\":3600}", "no access_token");
	assert_bad("{\"access_token\":\"\",\"expires_in\":3600}", "no access_token");
	assert_bad("{\"access_token\":12345,\"expires_in\":3600}", "no access_token");
	assert_bad("{\"access_token\":\"secret-looking\\nX: 1\",\"expires_in\":3600}",
	           "not one a Bearer header can carry");
	assert_bad("{\"access_token\":\"secret looking\",\"expires_in\":3600}",
	           "not one a Bearer header can carry");
	assert_bad("{\"access_token\":\"a=b\",\"expires_in\":3600}",
	           "not one a Bearer header can carry");
	assert_bad(
	    "{\"access_token\":\"secret-looking\",\"expires_in\":3600,\"token_type\":\"mac\"}",
	    "token_type is not Bearer");
	assert_bad("{\"access_token\":\"secret-looking\",\"expires_in\":3600,\"token_type\":7}",
	           "token_type is not Bearer");
	assert_bad("{\"access_token\":\"secret-looking\"}", "no expires_in");
	assert_bad("{\"access_token\":\"secret-looking\",\"expires_in\":\"3600\"}",
	           "no expires_in");
	assert_bad("{\"access_token\":\"secret-looking\",\"expires_in\":3600.5}", "no expires_in");
	assert_bad("{\"access_token\":\"secret-looking\",\"expires_in\":0}", "no expires_in");
	assert_bad("{\"access_token\":\"secret-looking\",\"expires_in\":-5}", "no expires_in");
	assert_bad("{\"access_token\":\"secret-looking\",\"expires_in\":86401}", "no expires_in");
	deep = g_strnfill(TOKEN_MAX_DEPTH + 1, '[');
	assert_bad(deep, "nested deeper than");
	g_free(deep);
	huge =
	    g_strdup_printf("{\"access_token\":\"%0*d\",\"expires_in\":3600}", TOKEN_MAX_BODY, 0);
	assert_bad(huge, "larger than");
	g_free(huge);
	huge = g_strdup_printf("{\"access_token\":\"%0*d\",\"expires_in\":3600}", TOKEN_MAX_LEN + 1,
	                       0);
	assert_bad(huge, "not one a Bearer header can carry");
	g_free(huge);
}

static void test_nul_in_body(void **state)
{
	static const char body[] = "{\"access_token\":\"ok\",\"expires_in\":3600}\0tail";
	struct token_answer a;

	(void)state;
	token_classify(200, body, sizeof(body) - 1, NULL, &cloud, &a);
	assert_int_equal(a.kind, TOKEN_BAD);
	token_answer_clear(&a);
}

static void test_refusals(void **state)
{
	(void)state;
	assert_verdict(401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}",
	               NULL, &cloud, TOKEN_REFUSED, EXIT_REJECTED,
	               "refused the service account's client id and secret (HTTP 401 "
	               "invalid_client); check them, or have an organisation admin make new ones "
	               "at https://admin.atlassian.com",
	               NULL);
	assert_verdict(403, "<html>no</html>", NULL, &dc, TOKEN_REFUSED, EXIT_REJECTED,
	               "(HTTP 403); check them, or have a Jira administrator make new ones",
	               "admin.atlassian.com");
	/* an error code that is not a plain word is not quoted */
	assert_verdict(400, "{\"error\":\"bad \\u001b[2J code\"}", NULL, &cloud, TOKEN_REFUSED,
	               EXIT_REJECTED, "(HTTP 400)", "code");
	assert_verdict(400, "{\"error\":\"invalid_scope\"}", NULL, &dc, TOKEN_REFUSED,
	               EXIT_REJECTED,
	               "refused the scope 'WRITE' (HTTP 400 invalid_scope); give one the service "
	               "account may ask for with --scope",
	               NULL);
}

static void test_other_statuses(void **state)
{
	(void)state;
	assert_verdict(302, "", "https://evil.example/token", &cloud, TOKEN_REDIRECT, EXIT_NETWORK,
	               "a redirect to https://evil.example/token; the client secret was not sent "
	               "there",
	               NULL);
	assert_verdict(404, "not found", NULL, &dc, TOKEN_BAD, EXIT_NETWORK, "Data Center 11",
	               NULL);
	assert_verdict(503, "{\"access_token\":\"secret-looking\",\"expires_in\":3600}", NULL,
	               &cloud, TOKEN_BAD, EXIT_NETWORK, "HTTP 503", "secret-looking");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_minted),         cmocka_unit_test(test_refused_200),
	    cmocka_unit_test(test_nul_in_body),    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_other_statuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
