/*
 * test_domain_dots.c: cmocka unit tests of proto/domain.c's refusal of dot
 * segments, decided on the decoded segments: a percent-encoded slash or
 * dot cannot hide "." or "..", in domain=/url= and in git's path=.
 *
 *   make build/tests/unit-domain_dots && ./build/tests/unit-domain_dots
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

#include "proto/domain.h"

/* Hidden dot segments: each must be refused. */
static const char *const hidden[] = {
    "a%2F..%2Fb",  "a%2f..%2fb",   "teamA%2F..%2FteamB",
    "%2e%2e",      "%2E%2E",       "%2e%2E",
    ".%2e",        "%2e.",         "%2e",
    "jira%2F.",    "jira%2F%2e",   "%2F..",
    "..%2F",       "x%2F%2E%2E",   "a%5C..%5Cb",
    "a%2F..%2F..", "%2e%2e%2fadm", "a%00b",
    "%zz",
};

/* Lookalikes that are plain segments: each must be kept. */
static const struct {
	const char *in, *path; /* path as domain_parse keeps it */
} plain[] = {
    {"...", "..."},
    {"..a", "..a"},
    {"a..", "a.."},
    {".hidden", ".hidden"},
    {"%2e%2e%2e", "..."},
    {"%252e%252e", "%2e%2e"}, /* double encoding is decoded once only */
    {"%252F..%252F", "%2F..%2F"},
    {"a%2Fb", "a/b"},
};

static void test_url_with_hidden_dots_refused(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(hidden); i++) {
		const char *shapes[] = {"https://multi.example.com/%s/rest/api/2/myself",
		                        "https://multi.example.com/%s", "multi.example.com/x/%s/y"};

		for (size_t k = 0; k < G_N_ELEMENTS(shapes); k++) {
			char *url = g_strdup_printf(shapes[k], hidden[i]);
			struct origin o;
			char *err = NULL;

			if (domain_parse(url, &o, &err, NULL) == 0) {
				print_error("domain_parse(\"%s\") accepted it, path %s\n", url,
				            o.path ? o.path : "NULL");
				origin_clear(&o);
				bad++;
			} else {
				assert_non_null(err);
				assert_null(strstr(err, hidden[i])); /* one line, no echo */
			}
			g_free(err);
			g_free(url);
		}
	}
	assert_int_equal(bad, 0);
}

static void test_path_with_hidden_dots_refused(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(hidden); i++) {
		char *path = g_strdup_printf("jira/%s/rest", hidden[i]), *out = NULL, *err = NULL;

		if (path_normalize(path, &out, &err) == 0) {
			print_error("path_normalize(\"%s\") accepted it as %s\n", path,
			            out ? out : "NULL");
			bad++;
		}
		g_free(out);
		g_free(err);
		g_free(path);
	}
	assert_int_equal(bad, 0);
}

static void test_lookalikes_kept(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(plain); i++) {
		char *url = g_strdup_printf("https://h.example/%s", plain[i].in);
		struct origin o;
		char *err = NULL;

		if (domain_parse(url, &o, &err, NULL)) {
			print_error("domain_parse(\"%s\") refused it: %s\n", url, err);
			bad++;
		} else {
			if (g_strcmp0(o.path, plain[i].path)) {
				print_error("domain_parse(\"%s\"): path %s, want %s\n", url,
				            o.path ? o.path : "NULL", plain[i].path);
				bad++;
			}
			origin_clear(&o);
		}
		g_free(err);
		g_free(url);
	}
	assert_int_equal(bad, 0);
}

/* The issue's example: the credential for teamB must not answer it. */
static void test_issue_example_refused(void **state)
{
	struct origin o;
	char *err = NULL;

	(void)state;
	assert_int_equal(
	    domain_parse("https://multi.example.com/teamA%2F..%2FteamB/rest/api/2/myself", &o, &err,
	                 NULL),
	    -1);
	assert_non_null(strstr(err, "'..'"));
	g_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url_with_hidden_dots_refused),
	    cmocka_unit_test(test_path_with_hidden_dots_refused),
	    cmocka_unit_test(test_lookalikes_kept),
	    cmocka_unit_test(test_issue_example_refused),
	};

	return cmocka_run_group_tests_name("domain_dots", tests, NULL, NULL);
}
