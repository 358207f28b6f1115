/*
 * test_token.c: cmocka unit tests of helper/tokenreply.c, what a token
 * endpoint's answer means: a Bearer token and its lifetime, or a refusal,
 * a redirect or a broken answer, each with its exit code and message.
 *
 *   make build/tests/unit-token && ./build/tests/unit-token
 */
/* Ours first: cmocka defines a fail() macro that msg.h's declaration would meet. */
#include "../../helper/jc.h"
#include "../../helper/tokenreply.h"

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

/* A 200 that must be refused: exit 5, a message naming why, never the body. */
static void assert_bad(const char *body, const char *why)
{
	struct token_answer a;

	classify(200, body, &cloud, &a);
	assert_int_equal(a.kind, TOKEN_BAD);
	assert_int_equal(a.code, EXIT_NETWORK);
	assert_null(a.token);
	assert_non_null(strstr(a.msg, why));
	assert_null(strstr(a.msg, "secret-looking"));
	token_answer_clear(&a);
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
	struct token_answer a;

	(void)state;
	classify(401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}",
	         &cloud, &a);
	assert_int_equal(a.kind, TOKEN_REFUSED);
	assert_int_equal(a.code, EXIT_REJECTED);
	assert_non_null(strstr(a.msg, "refused the service account's client id and secret "
	                              "(HTTP 401 invalid_client)"));
	assert_non_null(strstr(a.msg, "an organisation admin"));
	assert_non_null(strstr(a.msg, "https://admin.atlassian.com"));
	token_answer_clear(&a);
	classify(403, "<html>no</html>", &dc, &a);
	assert_int_equal(a.kind, TOKEN_REFUSED);
	assert_non_null(strstr(a.msg, "(HTTP 403)"));
	assert_non_null(strstr(a.msg, "a Jira administrator"));
	assert_null(strstr(a.msg, "admin.atlassian.com"));
	token_answer_clear(&a);
	/* an error code that is not a plain word is not quoted */
	classify(400, "{\"error\":\"bad \\u001b[2J code\"}", &cloud, &a);
	assert_int_equal(a.kind, TOKEN_REFUSED);
	assert_non_null(strstr(a.msg, "(HTTP 400)"));
	assert_null(strstr(a.msg, "code"));
	token_answer_clear(&a);
	classify(400, "{\"error\":\"invalid_scope\"}", &dc, &a);
	assert_int_equal(a.kind, TOKEN_REFUSED);
	assert_non_null(strstr(a.msg, "refused the scope 'WRITE' (HTTP 400 invalid_scope)"));
	assert_non_null(strstr(a.msg, "--scope"));
	token_answer_clear(&a);
}

static void test_other_statuses(void **state)
{
	struct token_answer a;

	(void)state;
	token_classify(302, "", 0, "https://evil.example/token", &cloud, &a);
	assert_int_equal(a.kind, TOKEN_REDIRECT);
	assert_int_equal(a.code, EXIT_NETWORK);
	assert_non_null(strstr(a.msg, "https://evil.example/token"));
	assert_non_null(strstr(a.msg, "not sent there"));
	token_answer_clear(&a);
	classify(404, "not found", &dc, &a);
	assert_int_equal(a.code, EXIT_NETWORK);
	assert_non_null(strstr(a.msg, "Data Center 11"));
	token_answer_clear(&a);
	classify(503, "{\"access_token\":\"secret-looking\",\"expires_in\":3600}", &cloud, &a);
	assert_int_equal(a.kind, TOKEN_BAD);
	assert_int_equal(a.code, EXIT_NETWORK);
	assert_null(a.token);
	assert_non_null(strstr(a.msg, "HTTP 503"));
	assert_null(strstr(a.msg, "secret-looking"));
	token_answer_clear(&a);
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
