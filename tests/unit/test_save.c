/*
 * test_save.c: cmocka unit tests of helper/cli/save_rules.c, what every
 * way of saving applies before a store sees a credential: --type over
 * type=, --scope for a service account only, the user each type needs, no
 * ':' in a Basic user, --expires, one line of text, and the type a
 * validation shows.
 *
 *   make build/tests/unit-save && ./build/tests/unit-save
 */
/* before cmocka.h, whose fail() macro would rename sys/msg.h's fail() */
#include "cli/save_rules.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

static void make(struct credential *c, const char *host, const char *user, const char *secret)
{
	cred_init(c);
	c->protocol = g_strdup("https");
	c->host = g_strdup(host);
	c->username = g_strdup(user);
	c->password = g_strdup(secret);
}

/* Asserts that c is refused with a one-line message holding what. */
static void expect_refused(struct credential *c, const struct options *o, const char *what)
{
	char *err = NULL;

	assert_int_equal(credential_complete(c, o, &err), -1);
	assert_non_null(err);
	if (!strstr(err, what))
		fail_msg("\"%s\" does not say \"%s\"", err, what);
	assert_null(strchr(err, '\n'));
	g_free(err);
}

static void expect_taken(struct credential *c, const struct options *o)
{
	char *err = NULL;

	if (credential_complete(c, o, &err))
		fail_msg("refused: %s", err);
	assert_null(err);
}

/* --type wins over type=; a type given is not guessed. */
static void test_type_option_over_key(void **state)
{
	struct options o = {.type = JIRA_PAT};
	struct credential c;

	(void)state;
	make(&c, "jira.corp.example", "bob", "pat-1");
	c.type = JIRA_SERVER;
	expect_taken(&c, &o);
	assert_int_equal(c.type, JIRA_PAT);
	assert_false(c.type_guessed);
	cred_clear(&c);

	make(&c, "jira.corp.example", "bob", "pw");
	c.type = JIRA_SERVER; /* type= alone */
	expect_taken(&c, NULL);
	assert_int_equal(c.type, JIRA_SERVER);
	assert_false(c.type_guessed);
	cred_clear(&c);
}

/* No type given: it stays unset (the store keeps the stored one) and is marked guessed. */
static void test_type_not_given_stays_unset(void **state)
{
	struct options o = {0};
	struct credential c;

	(void)state;
	make(&c, "example.atlassian.net", "alice@example.com", "tok");
	expect_taken(&c, &o);
	assert_int_equal(c.type, JIRA_TYPE_NONE);
	assert_true(c.type_guessed);
	cred_clear(&c);
}

/* A user is needed, named as its type calls it, except by a personal access token. */
static void test_user_required_except_pat(void **state)
{
	struct options cloud = {.type = JIRA_CLOUD}, server = {.type = JIRA_SERVER},
	               service = {.type = JIRA_SERVICE}, pat = {.type = JIRA_PAT}, none = {0};
	struct credential c;

	(void)state;
	make(&c, "jira.corp.example", NULL, "s");
	expect_refused(&c, &cloud, "a cloud credential needs username= (the account email)");
	cred_clear(&c);
	make(&c, "jira.corp.example", "", "s");
	expect_refused(&c, &server, "a server credential needs username= (the Jira user)");
	cred_clear(&c);
	make(&c, "jira.corp.example", NULL, "s");
	expect_refused(&c, &service, "a service credential needs username= (the client id)");
	cred_clear(&c);
	/* inferred: a Cloud host is cloud, whatever the user */
	make(&c, "example.atlassian.net", NULL, "s");
	expect_refused(&c, &none, "a cloud credential needs username=");
	cred_clear(&c);

	make(&c, "jira.corp.example", NULL, "pat-1");
	expect_taken(&c, &pat);
	cred_clear(&c);
	/* inferred: no user on a Server host is a personal access token */
	make(&c, "jira.corp.example", NULL, "pat-1");
	expect_taken(&c, &none);
	cred_clear(&c);
}

/* Basic splits user and secret at the first ':'; Bearer sends no user. */
static void test_colon_in_basic_user(void **state)
{
	struct options server = {.type = JIRA_SERVER}, cloud = {.type = JIRA_CLOUD},
	               pat = {.type = JIRA_PAT}, service = {.type = JIRA_SERVICE};
	struct credential c;

	(void)state;
	make(&c, "jira.corp.example", "dom:bob", "pw");
	expect_refused(&c, &server, "the username holds ':'");
	cred_clear(&c);
	make(&c, "jira.corp.example", "a:b@example.com", "tok");
	expect_refused(&c, &cloud, "the username holds ':'");
	cred_clear(&c);
	make(&c, "jira.corp.example", "dom:bob", "pw"); /* inferred server */
	expect_refused(&c, NULL, "the username holds ':'");
	cred_clear(&c);

	make(&c, "jira.corp.example", "dom:bob", "pat-1");
	expect_taken(&c, &pat);
	cred_clear(&c);
	make(&c, "jira.corp.example", "urn:client:1", "client-secret");
	expect_taken(&c, &service);
	cred_clear(&c);
}

/* --scope, or scope=, is a service account's, and an OAuth scope. */
static void test_scope_only_for_service(void **state)
{
	struct options o = {.type = JIRA_SERVICE, .scope = "READ WRITE"};
	struct credential c;

	(void)state;
	make(&c, "jira.corp.example", "client-id", "client-secret");
	expect_taken(&c, &o);
	assert_string_equal(c.scope, "READ WRITE");
	cred_clear(&c);

	o.type = JIRA_SERVER;
	make(&c, "jira.corp.example", "bob", "pw");
	expect_refused(&c, &o, "a scope is for a service account: give --type=service");
	cred_clear(&c);

	o.type = JIRA_TYPE_NONE; /* scope= from the request, no type: not a service */
	o.scope = NULL;
	make(&c, "jira.corp.example", "bob", "pw");
	c.scope = g_strdup("WRITE");
	expect_refused(&c, &o, "a scope is for a service account");
	cred_clear(&c);

	o.type = JIRA_SERVICE;
	o.scope = "READ  WRITE";
	make(&c, "jira.corp.example", "client-id", "client-secret");
	expect_refused(&c, &o, "the scope is not an OAuth scope");
	cred_clear(&c);
	o.scope = "READ\"";
	make(&c, "jira.corp.example", "client-id", "client-secret");
	expect_refused(&c, &o, "the scope is not an OAuth scope");
	cred_clear(&c);

	/* --scope wins over scope= */
	o.scope = "READ";
	make(&c, "jira.corp.example", "client-id", "client-secret");
	c.scope = g_strdup("WRITE");
	expect_taken(&c, &o);
	assert_string_equal(c.scope, "READ");
	cred_clear(&c);
}

/* --expires: the start of that day in UTC, over password_expiry_utc=. */
static void test_expires(void **state)
{
	struct options o = {.expires = "2027-03-31"};
	struct credential c;

	(void)state;
	make(&c, "example.atlassian.net", "alice@example.com", "tok");
	c.password_expiry_utc = g_strdup("1700000000");
	expect_taken(&c, &o);
	assert_string_equal(c.password_expiry_utc, "1806451200");
	cred_clear(&c);

	o.expires = "2028-02-29"; /* a leap day */
	make(&c, "example.atlassian.net", "alice@example.com", "tok");
	expect_taken(&c, &o);
	assert_string_equal(c.password_expiry_utc, "1835395200");
	cred_clear(&c);

	/* without --expires, password_expiry_utc= stays */
	make(&c, "example.atlassian.net", "alice@example.com", "tok");
	c.password_expiry_utc = g_strdup("1700000000");
	expect_taken(&c, NULL);
	assert_string_equal(c.password_expiry_utc, "1700000000");
	cred_clear(&c);
}

static void test_expires_refused(void **state)
{
	static const char *const bad[] = {
	    "2027-02-30", "2027-13-01", "2027-00-10", "2027-03-31x", "31.03.2027",
	    "tomorrow",   "",           "2027-03",    "12345-01-01",
	};
	struct credential c;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct options o = {.expires = bad[i]};

		make(&c, "example.atlassian.net", "alice@example.com", "tok");
		c.password_expiry_utc = g_strdup("1700000000");
		expect_refused(&c, &o,
		               "--expires takes a date as YYYY-MM-DD, for example 2027-03-31");
		assert_string_equal(c.password_expiry_utc, "1700000000"); /* left as it was */
		cred_clear(&c);
	}
}

/* What is stored is one line of UTF-8: a line break would cut the entry. */
static void test_one_line_of_text(void **state)
{
	struct credential c;

	(void)state;
	make(&c, "jira.corp.example", "bob\nhost=evil", "pw");
	expect_refused(&c, NULL, "the username holds a line break or is not valid UTF-8");
	cred_clear(&c);
	make(&c, "jira.corp.example", "bob", "pw\r");
	expect_refused(&c, NULL, "the secret holds a line break or is not valid UTF-8");
	cred_clear(&c);
	make(&c, "jira.corp.example", "bob", "pw\xff");
	expect_refused(&c, NULL, "the secret holds a line break or is not valid UTF-8");
	cred_clear(&c);
	make(&c, "jira.corp.example", "bob", "pw");
	c.oauth_refresh_token = g_strdup("r\nx");
	expect_refused(&c, NULL, "the refresh token holds a line break");
	cred_clear(&c);
	make(&c, "jira.corp.example", "b\xc3\xb6rje", "p\xc3\xa4ss"); /* UTF-8 is fine */
	expect_taken(&c, NULL);
	cred_clear(&c);
}

/* A guessed Basic type takes what validation showed; nothing else changes. */
static void test_shown_type(void **state)
{
	struct facts cloud = {.deployment = "cloud"}, server = {.deployment = "server"}, none = {0};
	struct credential c;

	(void)state;
	make(&c, "jira.example.org", "alice@example.org", "tok");
	expect_taken(&c, NULL);
	credential_take_shown_type(&c, &cloud);
	assert_int_equal(c.type, JIRA_CLOUD);
	cred_clear(&c);

	make(&c, "jira.example.org", "bob", "pw");
	expect_taken(&c, NULL);
	credential_take_shown_type(&c, &none);
	assert_int_equal(c.type, JIRA_TYPE_NONE);
	credential_take_shown_type(&c, &server);
	assert_int_equal(c.type, JIRA_SERVER);
	cred_clear(&c);

	make(&c, "jira.example.org", "bob", "pw"); /* given: stays */
	c.type = JIRA_SERVER;
	expect_taken(&c, NULL);
	credential_take_shown_type(&c, &cloud);
	assert_int_equal(c.type, JIRA_SERVER);
	cred_clear(&c);

	make(&c, "jira.example.org", NULL, "pat-1"); /* guessed pat: a token stays a token */
	expect_taken(&c, NULL);
	credential_take_shown_type(&c, &cloud);
	assert_int_equal(c.type, JIRA_TYPE_NONE);
	cred_clear(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_type_option_over_key),
	    cmocka_unit_test(test_type_not_given_stays_unset),
	    cmocka_unit_test(test_user_required_except_pat),
	    cmocka_unit_test(test_colon_in_basic_user),
	    cmocka_unit_test(test_scope_only_for_service),
	    cmocka_unit_test(test_expires),
	    cmocka_unit_test(test_expires_refused),
	    cmocka_unit_test(test_one_line_of_text),
	    cmocka_unit_test(test_shown_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
