/*
 * test_pass.c: cmocka unit tests of proto/passentry.c and passentry_path.c,
 * the password-store entry (jira-credential(5), "PASSWORD STORE"): the
 * text both ways, as pass users write it, the entry path both ways, with
 * hostile names, the limits writer and reader share, the rule that an
 * entry answers only for what its content says, and proto/keep.c, what a
 * store keeps of the credential it replaces.
 *
 *   make build/tests/unit-pass && ./build/tests/unit-pass
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

#include "proto/keep.h"
#include "proto/passentry.h"

static int parse(const char *text, struct credential *c, char **url)
{
	char *err = NULL;
	int rc;

	cred_init(c);
	rc = passentry_parse(text, strlen(text), c, url, NULL, &err);
	if (rc)
		assert_non_null(err);
	g_free(err);
	return rc;
}

static void test_parse_canonical(void **state)
{
	struct credential c;
	char *url;

	(void)state;
	assert_int_equal(parse("tok 1\nlogin: bob@x.test\nurl: https://x.atlassian.net\n"
	                       "type: cloud\nexpires: 2031-05-01\napi_base: https://api.test/ex\n",
	                       &c, &url),
	                 0);
	assert_string_equal(c.password, "tok 1");
	assert_string_equal(c.username, "bob@x.test");
	assert_string_equal(url, "https://x.atlassian.net");
	assert_int_equal(c.type, JIRA_CLOUD);
	assert_string_equal(c.password_expiry_utc, "1935360000");
	assert_string_equal(c.api_base, "https://api.test/ex");
	g_free(url);
	cred_clear(&c);
}

/* A service account's entry: its type and scope, read and written back. */
static void test_service_entry(void **state)
{
	struct credential c;
	char *url, *err = NULL;
	GString *s;

	(void)state;
	assert_int_equal(parse("client-secret\nlogin: cid\nurl: https://jira.corp/jira\n"
	                       "type: service\nscope: READ WRITE\n",
	                       &c, &url),
	                 0);
	assert_int_equal(c.type, JIRA_SERVICE);
	assert_string_equal(c.scope, "READ WRITE");
	c.protocol = g_strdup("https");
	c.host = g_strdup("jira.corp");
	c.path = g_strdup("jira");
	s = passentry_write(&c, NULL, &err);
	assert_non_null(s);
	assert_null(err);
	assert_string_equal(s->str, "client-secret\nlogin: cid\nurl: https://jira.corp/jira\n"
	                            "type: service\nscope: READ WRITE\n");
	secret_buf_free(s);
	g_free(url);
	cred_clear(&c);
}

static void test_parse_lenient(void **state)
{
	struct credential c;
	char *url;

	(void)state;
	/* Keys in any case, no space or many after the colon, notes, no final newline. */
	assert_int_equal(
	    parse(" lead space kept \nLOGIN:carol\nnote without colon\n"
	          "Url:   https://j.test/jira  \nType:PAT\nfoo: bar\nexpires: 1900000000",
	          &c, &url),
	    0);
	assert_string_equal(c.password, " lead space kept ");
	assert_string_equal(c.username, "carol");
	assert_string_equal(url, "https://j.test/jira");
	assert_int_equal(c.type, JIRA_PAT);
	assert_string_equal(c.password_expiry_utc, "1900000000");
	g_free(url);
	cred_clear(&c);
	/* The secret alone, as pass insert writes it. */
	assert_int_equal(parse("only-the-secret\n", &c, &url), 0);
	assert_string_equal(c.password, "only-the-secret");
	assert_null(c.username);
	assert_null(url);
	assert_int_equal(c.type, JIRA_TYPE_NONE);
	cred_clear(&c);
	/* An ISO 8601 time. */
	assert_int_equal(parse("s\nexpires: 2031-05-01T12:00:00Z\n", &c, &url), 0);
	assert_string_equal(c.password_expiry_utc, "1935403200");
	cred_clear(&c);
}

static void test_parse_refuses(void **state)
{
	struct credential c;
	char *url;

	(void)state;
	assert_int_equal(parse("\nlogin: x\n", &c, &url), -1); /* empty secret */
	cred_clear(&c);
	assert_int_equal(parse("sec\r\nlogin: x\n", &c, &url), -1); /* CR */
	cred_clear(&c);
	assert_int_equal(parse("sec\ntype: basic\n", &c, &url), -1);
	cred_clear(&c);
	assert_int_equal(parse("sec\nexpires: next tuesday\n", &c, &url), -1);
	cred_clear(&c);
	/* Years that would not write back as YYYY-MM-DD (found by fuzz_passentry). */
	assert_int_equal(parse("sec\nexpires: 0842-05-01\n", &c, &url), -1);
	cred_clear(&c);
	assert_int_equal(parse("sec\nexpires: 999999999999\n", &c, &url), -1);
	cred_clear(&c);
	{
		char *err = NULL;

		cred_init(&c);
		assert_int_equal(passentry_parse("a\0b", 3, &c, &url, NULL, &err), -1);
		assert_non_null(err);
		g_free(err);
		cred_clear(&c);
	}
}

/* A credential of host (and path) for alice, to write as an entry. */
static void alices(struct credential *c, const char *host, const char *path, const char *password,
                   enum jira_type type)
{
	cred_init(c);
	c->protocol = g_strdup("https");
	c->host = g_strdup(host);
	c->path = g_strdup(path);
	c->username = g_strdup("alice");
	c->password = g_strdup(password);
	c->type = type;
}

static void test_write_round_trip(void **state)
{
	struct credential c, back;
	GString *s;
	char *url, *err = NULL;

	(void)state;
	alices(&c, "jira.corp:8443", "jira", "p w:d", JIRA_SERVER);
	c.password_expiry_utc = g_strdup("1935360000");
	s = passentry_write(&c, NULL, &err);
	assert_non_null(s);
	assert_string_equal(s->str, "p w:d\nlogin: alice\nurl: https://jira.corp:8443/jira\n"
	                            "type: server\nexpires: 2031-05-01\n");
	assert_int_equal(parse(s->str, &back, &url), 0);
	assert_string_equal(back.password, c.password);
	assert_string_equal(back.username, c.username);
	assert_string_equal(back.password_expiry_utc, c.password_expiry_utc);
	assert_int_equal(back.type, JIRA_SERVER);
	g_free(url);
	cred_clear(&back);
	secret_buf_free(s);
	/* A PAT has no login: line; a value with a line break is refused. */
	g_free(c.username);
	c.username = g_strdup("");
	c.type = JIRA_PAT;
	s = passentry_write(&c, NULL, &err);
	assert_null(strstr(s->str, "login:"));
	secret_buf_free(s);
	secret_replace(&c.password, "two\nlines");
	assert_null(passentry_write(&c, NULL, &err));
	assert_non_null(err);
	g_free(err);
	cred_clear(&c);
}

static void path_round_trip(const char *protocol, const char *host, const char *path,
                            const char *user, const char *want)
{
	char *rel = passentry_path(protocol, host, path, user);
	char *p, *h, *pa, *u;

	if (want)
		assert_string_equal(rel, want);
	assert_int_equal(passentry_parse_path(rel, &p, &h, &pa, &u), 0);
	assert_string_equal(p, protocol);
	assert_string_equal(h, host);
	if (path && *path)
		assert_string_equal(pa, path);
	else
		assert_null(pa);
	assert_string_equal(u, user ? user : "");
	g_free(p);
	g_free(h);
	g_free(pa);
	g_free(u);
	g_free(rel);
}

static void test_path_mapping(void **state)
{
	(void)state;
	path_round_trip("https", "x.atlassian.net", NULL, "bob@x.test",
	                "jira/x.atlassian.net/bob@x.test.gpg");
	path_round_trip("https", "jira.corp:8443", "jira", "alice",
	                "jira/jira.corp_8443/jira/alice.gpg");
	path_round_trip("https", "j.test", NULL, "", "jira/j.test/_token.gpg");
	path_round_trip("https", "j.test", NULL, "_token", "jira/j.test/%5Ftoken.gpg");
	path_round_trip("http", "localhost:8080", NULL, "u", "jira/http+localhost_8080/u.gpg");
	path_round_trip("https", "[::1]:8443", NULL, "u", "jira/[::1]_8443/u.gpg");
	path_round_trip("https", "[::1]", NULL, "u", "jira/[::1]/u.gpg");
	/* Hostile names stay one file, inside their origin's directory. */
	path_round_trip("https", "h.test", NULL, "../../etc/passwd",
	                "jira/h.test/%2E.%2F..%2Fetc%2Fpasswd.gpg");
	path_round_trip("https", "h.test", NULL, ".hidden", "jira/h.test/%2Ehidden.gpg");
	path_round_trip("https", "h.test", "a.gpg/b", "u", "jira/h.test/a%2Egpg/b/u.gpg");
	path_round_trip("https", "h.test", "sp ace/%41", "x y%",
	                "jira/h.test/sp%20ace/%2541/x%20y%25.gpg");
	path_round_trip("https", "under_score.test", NULL, "u", "jira/under%5Fscore.test/u.gpg");
}

static void test_path_refuses(void **state)
{
	static const char *const bad[] = {
	    "jira/h.test",         "other/h.test/u.gpg",  "jira/h.test/u.txt",
	    "jira/h.test/%zz.gpg", "jira/h.test/%0a.gpg", "jira/h.test/%2E%2E/u.gpg",
	    "jira/h.test_x/u.gpg", "jira/h.test/.gpg",    "jira//u.gpg",
	};
	char *p, *h, *pa, *u;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		if (passentry_parse_path(bad[i], &p, &h, &pa, &u) == 0)
			fail_msg("accepted %s", bad[i]);
		assert_null(p);
		assert_null(h);
	}
	{
		char *dir = passentry_origin_dir("http", "[::1]:80");

		assert_string_equal(dir, "jira/http+[::1]_80");
		g_free(dir);
	}
}

/* A person's own lines stay; git's Bearer origin and an empty secret round-trip. */
static void test_notes_authtype_empty(void **state)
{
	struct credential c;
	char *url, *notes, *err = NULL;
	const char *text = "s3\nLogin: carol\nsecurity question: blue\nno colon here\n"
	                   "URL: https://j.test\n\nauthtype: Bearer\n";
	GString *s;

	(void)state;
	cred_init(&c);
	assert_int_equal(passentry_parse(text, strlen(text), &c, &url, &notes, &err), 0);
	assert_string_equal(notes, "security question: blue\nno colon here\n\n");
	assert_true(c.from_authtype);
	c.protocol = g_strdup("https");
	c.host = g_strdup("j.test");
	s = passentry_write(&c, notes, &err);
	assert_string_equal(s->str, "s3\nlogin: carol\nurl: https://j.test\ntype: server\n"
	                            "authtype: Bearer\nsecurity question: blue\nno colon here\n\n");
	secret_buf_free(s);
	secret_free(notes);
	g_free(url);
	/* An empty secret: written with its url: line, read back as empty. */
	secret_replace(&c.password, "");
	s = passentry_write(&c, NULL, &err);
	assert_int_equal(s->str[0], '\n');
	cred_clear(&c);
	cred_init(&c);
	assert_int_equal(passentry_parse(s->str, s->len, &c, &url, NULL, &err), 0);
	assert_string_equal(c.password, "");
	secret_buf_free(s);
	g_free(url);
	cred_clear(&c);
}

/* The writer refuses what the reader would not read back. */
static void test_limits(void **state)
{
	struct credential c;
	char *err = NULL, *rel;
	GString *deep = g_string_new(NULL), *big;

	(void)state;
	rel = passentry_path("https", "h.test", NULL, "u");
	assert_int_equal(passentry_path_fits(rel, &err), 0);
	g_free(rel);
	for (int i = 0; i < PASSENTRY_MAX_DEPTH; i++)
		g_string_append_printf(deep, "%ss%d", i ? "/" : "", i);
	rel = passentry_path("https", "h.test", deep->str, "u"); /* one directory too many */
	assert_int_equal(passentry_path_fits(rel, &err), -1);
	assert_non_null(strstr(err, "directories"));
	g_free(err);
	err = NULL;
	{
		char *p, *h, *pa, *u;

		assert_int_equal(passentry_parse_path(rel, &p, &h, &pa, &u), -1);
	}
	g_free(rel);
	g_string_truncate(deep, 0);
	for (int i = 0; i < PASSENTRY_MAX_NAME; i++)
		g_string_append_c(deep, 'a');
	rel = passentry_path("https", "h.test", NULL, deep->str);
	assert_int_equal(passentry_path_fits(rel, &err), -1);
	g_free(err);
	err = NULL;
	g_free(rel);
	g_string_free(deep, TRUE);
	cred_init(&c);
	c.protocol = g_strdup("https");
	c.host = g_strdup("h.test");
	big = g_string_new(NULL);
	for (int i = 0; i < PASSENTRY_MAX; i++)
		g_string_append_c(big, 'x');
	c.password = g_string_free(big, FALSE);
	assert_null(passentry_write(&c, NULL, &err));
	assert_non_null(strstr(err, "longer"));
	g_free(err);
	cred_clear(&c);
}

/* identity: rel, text; want 0 (and the user it answers as) or -1. */
static void identity_case(const char *rel, const char *text, int want, const char *user)
{
	struct credential c;
	char *url = NULL, *err = NULL;

	cred_init(&c);
	assert_int_equal(passentry_parse(text, strlen(text), &c, &url, NULL, &err), 0);
	if (passentry_identity(rel, url, &c, &err) != want)
		fail_msg("%s with %s: not %d (%s)", rel, text, want, err ? err : "");
	if (want == 0)
		assert_string_equal(c.username, user);
	else
		assert_non_null(err);
	g_free(err);
	g_free(url);
	cred_clear(&c);
}

/* What an entry answers for is what its content says; its name must agree. */
static void test_identity(void **state)
{
	(void)state;
	identity_case("jira/jira.corp/alice.gpg", "pw\nlogin: alice\nurl: https://jira.corp\n", 0,
	              "alice");
	/* Moved to another host, to plain http, under a path, to another user. */
	identity_case("jira/evil.test/alice.gpg", "pw\nlogin: alice\nurl: https://jira.corp\n", -1,
	              NULL);
	identity_case("jira/http+jira.corp/alice.gpg", "pw\nlogin: alice\nurl: https://jira.corp\n",
	              -1, NULL);
	identity_case("jira/jira.corp/sub/alice.gpg", "pw\nlogin: alice\nurl: https://jira.corp\n",
	              -1, NULL);
	identity_case("jira/jira.corp/bob.gpg", "pw\nlogin: alice\nurl: https://jira.corp\n", -1,
	              NULL);
	/* A token without user, renamed to a user's name. */
	identity_case("jira/jira.corp/_token.gpg", "pat\nurl: https://jira.corp\n", 0, "");
	identity_case("jira/jira.corp/bob.gpg", "pat\nurl: https://jira.corp\n", -1, NULL);
	/* The url's own normal form: case, default port, a URL inside Jira. */
	identity_case("jira/jira.corp_8443/jira/carol.gpg",
	              "pw\nlogin: carol\nurl: HTTPS://Jira.Corp:8443/jira/rest/api/2/myself\n", 0,
	              "carol");
	/* Written by hand, without url:: the name says where, login: must agree. */
	identity_case("jira/jira.corp/carol.gpg", "pw\n", 0, "carol");
	identity_case("jira/jira.corp/carol.gpg", "pw\nLogin: carol\n", 0, "carol");
	identity_case("jira/jira.corp/carol.gpg", "pw\nlogin: dave\n", -1, NULL);
	/* A url: that is not a URL names nothing this name could be. */
	identity_case("jira/jira.corp/carol.gpg", "pw\nurl: https://a b\nlogin: carol\n", -1, NULL);
}

/* A token made here: its id and the client certificate's files, both ways. */
static void test_token_facts(void **state)
{
	struct credential c, back;
	GString *s;
	char *url, *err = NULL;

	(void)state;
	alices(&c, "dc.test", NULL, "pat-1", JIRA_PAT);
	c.pat_id = g_strdup("42");
	c.client_cert = g_strdup("/home/a/c.pem");
	c.client_key = g_strdup("/home/a/k.pem");
	s = passentry_write(&c, NULL, &err);
	assert_non_null(s);
	assert_string_equal(s->str, "pat-1\nlogin: alice\nurl: https://dc.test\ntype: pat\n"
	                            "pat_id: 42\nclient_cert: /home/a/c.pem\n"
	                            "client_key: /home/a/k.pem\n");
	assert_int_equal(parse(s->str, &back, &url), 0);
	assert_string_equal(back.pat_id, "42");
	assert_string_equal(back.client_cert, "/home/a/c.pem");
	assert_string_equal(back.client_key, "/home/a/k.pem");
	g_free(url);
	cred_clear(&back);
	secret_buf_free(s);
	cred_clear(&c);
	/* As a person writes them: any case, empty ones absent. */
	assert_int_equal(parse("t\nPAT_ID:7\nClient_Cert: /c\nclient_key:\n", &back, &url), 0);
	assert_string_equal(back.pat_id, "7");
	assert_string_equal(back.client_cert, "/c");
	assert_null(back.client_key);
	g_free(url);
	cred_clear(&back);
}

/* c as git sends it back: origin, user and password, nothing else. */
static void from_git(struct credential *c, const char *password)
{
	cred_init(c);
	c->protocol = g_strdup("https");
	c->host = g_strdup("dc.test");
	c->username = g_strdup("carol");
	c->password = g_strdup(password);
}

/* What a store keeps of the credential it replaces (proto/keep.h). */
static void test_keep(void **state)
{
	struct credential c, stored;

	(void)state;
	from_git(&stored, "tok");
	stored.type = JIRA_PAT;
	stored.password_expiry_utc = g_strdup("1935360000");
	stored.api_base = g_strdup("https://gw.test/ex/1");
	stored.pat_id = g_strdup("42");
	stored.client_cert = g_strdup("/c.pem");
	stored.client_key = g_strdup("/k.pem");
	/* What git sends back: the same secret keeps every fact. */
	from_git(&c, "tok");
	keep_stored(&c, &stored);
	assert_int_equal(c.type, JIRA_PAT);
	assert_string_equal(c.password_expiry_utc, "1935360000");
	assert_string_equal(c.api_base, "https://gw.test/ex/1");
	assert_string_equal(c.pat_id, "42");
	assert_string_equal(c.client_cert, "/c.pem");
	assert_string_equal(c.client_key, "/k.pem");
	assert_true(keep_unchanged(&c, &stored));
	/* Another token id, or other files, is a change. */
	g_free(c.pat_id);
	c.pat_id = g_strdup("43");
	assert_false(keep_unchanged(&c, &stored));
	g_free(c.pat_id);
	c.pat_id = g_strdup("42");
	g_free(c.client_key);
	c.client_key = g_strdup("/k2.pem");
	assert_false(keep_unchanged(&c, &stored));
	cred_clear(&c);
	/* A certificate given comes with its own key, or none: never the stored key. */
	from_git(&c, "tok");
	c.client_cert = g_strdup("/other.pem");
	keep_stored(&c, &stored);
	assert_string_equal(c.client_cert, "/other.pem");
	assert_null(c.client_key);
	cred_clear(&c);
	from_git(&c, "tok");
	keep_stored(&c, &stored);
	/* A fact given wins, and is a change. */
	g_free(c.password_expiry_utc);
	c.password_expiry_utc = g_strdup("1935400000");
	assert_false(keep_unchanged(&c, &stored));
	cred_clear(&c);
	/*
	 * A new secret keeps the type and the way to the host (the client
	 * certificate), not the old secret's expiry, gateway or token id.
	 */
	from_git(&c, "new");
	keep_stored(&c, &stored);
	assert_int_equal(c.type, JIRA_PAT);
	assert_null(c.password_expiry_utc);
	assert_null(c.api_base);
	assert_null(c.pat_id);
	assert_string_equal(c.client_cert, "/c.pem");
	assert_string_equal(c.client_key, "/k.pem");
	assert_false(keep_unchanged(&c, &stored));
	cred_clear(&c);
	/* A type given wins; nothing stored: inferred. */
	from_git(&c, "tok");
	c.type = JIRA_SERVER;
	keep_stored(&c, &stored);
	assert_int_equal(c.type, JIRA_SERVER);
	assert_false(keep_unchanged(&c, &stored));
	c.type = JIRA_TYPE_NONE;
	keep_stored(&c, NULL);
	assert_int_equal(c.type, JIRA_SERVER);
	cred_clear(&c);
	cred_clear(&stored);
	/* A service account's new client secret keeps its type and scope; a scope given wins. */
	from_git(&stored, "old-secret");
	stored.type = JIRA_SERVICE;
	stored.scope = g_strdup("READ");
	from_git(&c, "new-secret");
	keep_stored(&c, &stored);
	assert_int_equal(c.type, JIRA_SERVICE);
	assert_string_equal(c.scope, "READ");
	cred_clear(&c);
	from_git(&c, "old-secret");
	keep_stored(&c, &stored);
	assert_true(keep_unchanged(&c, &stored));
	g_free(c.scope);
	c.scope = g_strdup("WRITE");
	assert_false(keep_unchanged(&c, &stored));
	cred_clear(&c);
	cred_clear(&stored);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_canonical),  cmocka_unit_test(test_parse_lenient),
	    cmocka_unit_test(test_service_entry),    cmocka_unit_test(test_parse_refuses),
	    cmocka_unit_test(test_write_round_trip), cmocka_unit_test(test_path_mapping),
	    cmocka_unit_test(test_path_refuses),     cmocka_unit_test(test_notes_authtype_empty),
	    cmocka_unit_test(test_limits),           cmocka_unit_test(test_identity),
	    cmocka_unit_test(test_token_facts),      cmocka_unit_test(test_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
