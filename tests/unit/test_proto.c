/*
 * test_proto.c: cmocka unit tests of proto/ (cred, domain, header, input),
 * checked against the contract in design.md (Protocol, Matching, types).
 *
 *   make build/tests/unit-proto && ./build/tests/unit-proto
 */
#define _GNU_SOURCE /* pipe, SIGPIPE */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "proto/cred.h"
#include "proto/domain.h"
#include "proto/header.h"
#include "proto/input.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

/* Parses buf[0..len) into *c and asserts that it was accepted. */
static void parse_len_ok(struct credential *c, const char *buf, size_t len, GString *warn)
{
	char *err = NULL;
	enum cred_status st;

	cred_init(c);
	st = cred_parse(c, buf, len, &err, warn);
	if (st != CRED_OK)
		fail_msg("cred_parse refused valid input: %s", err ? err : "(no message)");
	assert_null(err);
}

static void parse_ok(struct credential *c, const char *text)
{
	parse_len_ok(c, text, strlen(text), NULL);
}

/*
 * Parses buf[0..len) and asserts that it is refused with a one-line
 * message that does not quote `secret` (when not NULL).
 */
static void assert_refused_len(const char *buf, size_t len, const char *secret)
{
	struct credential c;
	char *err = NULL;
	enum cred_status st;

	cred_init(&c);
	st = cred_parse(&c, buf, len, &err, NULL);
	if (st != CRED_BAD_INPUT) {
		char *head = g_strndup(buf, len < 80 ? len : 80);
		char *shown = g_strescape(head, NULL);
		char msg[512];

		g_snprintf(msg, sizeof(msg), "cred_parse accepted \"%s\"%s; want CRED_BAD_INPUT",
		           shown, len > 80 ? "..." : "");
		g_free(shown);
		g_free(head);
		cred_clear(&c);
		fail_msg("%s", msg);
	}
	assert_non_null(err);
	assert_true(strlen(err) > 0);
	assert_null(strchr(err, '\n'));
	if (secret && strstr(err, secret))
		fail_msg("the error quotes the value \"%s\": %s", secret, err);
	g_free(err);
	cred_clear(&c);
}

static void assert_refused(const char *text, const char *secret)
{
	assert_refused_len(text, strlen(text), secret);
}

/* Asserts that list holds exactly the n strings of want, in order. */
static void assert_list(const GPtrArray *list, const char *const *want, guint n)
{
	assert_non_null(list);
	assert_int_equal(list->len, n);
	for (guint i = 0; i < n; i++)
		assert_string_equal(g_ptr_array_index(list, i), want[i]);
}

/* key=<fill × n>\n, the whole line being `total` bytes long with its newline. */
static char *line_of(const char *key, size_t total)
{
	size_t fill = total - strlen(key) - 2;
	char *pad = g_strnfill(fill, 'a');
	char *line = g_strdup_printf("%s=%s\n", key, pad);

	g_free(pad);
	assert_int_equal(strlen(line), total);
	return line;
}

/* Compares two maybe-NULL strings; prints and counts a mismatch. */
static int check_str(const char *row, const char *what, const char *got, const char *want)
{
	if ((!got && !want) || (got && want && !strcmp(got, want)))
		return 0;
	print_error("  row \"%s\": %s is %s%s%s, want %s%s%s\n", row, what, got ? "\"" : "",
	            got ? got : "NULL", got ? "\"" : "", want ? "\"" : "", want ? want : "NULL",
	            want ? "\"" : "");
	return 1;
}

/* ------------------------------------------------------------------ */
/* 1. cred_parse: what is read                                        */
/* ------------------------------------------------------------------ */

static void test_parse_reads_every_known_key(void **state)
{
	static const char in[] = "protocol=https\n"
	                         "host=example.atlassian.net\n"
	                         "path=jira\n"
	                         "username=bob@example.com\n"
	                         "password=tok1\n"
	                         "password_expiry_utc=1735689600\n"
	                         "oauth_refresh_token=refresh1\n"
	                         "authtype=Bearer\n"
	                         "credential=cred1\n"
	                         "type=cloud\n"
	                         "ephemeral=1\n"
	                         "validate=1\n"
	                         "capability[]=authtype\n"
	                         "wwwauth[]=Basic realm=\"Jira\"\n"
	                         "state[]=helper:x\n";
	static const char *const caps[] = {"authtype"};
	static const char *const www[] = {"Basic realm=\"Jira\""};
	static const char *const st[] = {"helper:x"};
	struct credential c;

	(void)state;
	parse_ok(&c, in);
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.host, "example.atlassian.net");
	assert_string_equal(c.path, "jira");
	assert_string_equal(c.username, "bob@example.com");
	assert_string_equal(c.password, "tok1");
	assert_string_equal(c.password_expiry_utc, "1735689600");
	assert_string_equal(c.oauth_refresh_token, "refresh1");
	assert_string_equal(c.authtype, "Bearer");
	assert_string_equal(c.credential, "cred1");
	assert_string_equal(jira_type_name(c.type), "cloud");
	assert_int_equal(c.ephemeral, 1);
	assert_int_equal(c.validate, 1);
	assert_list(c.capability, caps, 1);
	assert_list(c.wwwauth, www, 1);
	assert_list(c.state, st, 1);
	assert_null(c.api_base);
	cred_clear(&c);
}

static void test_parse_empty_input_gives_empty_credential(void **state)
{
	struct credential c, zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	parse_len_ok(&c, "", 0, NULL);
	assert_memory_equal(&c, &zero, sizeof(c));
	parse_ok(&c, "\n");
	assert_memory_equal(&c, &zero, sizeof(c));
}

static void test_parse_ignores_unknown_keys(void **state)
{
	struct credential c, zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	parse_ok(&c, "foo=bar\nX-Custom=1\nauthorization=Basic abc\nPassword=Upper\n"
	             "api_base=https://evil.example\nurl_extra=1\n");
	assert_memory_equal(&c, &zero, sizeof(c));

	parse_ok(&c, "username=bob\nfoo=bar\npassword=x\n");
	assert_string_equal(c.username, "bob");
	assert_string_equal(c.password, "x");
	cred_clear(&c);
}

static void test_parse_later_scalar_overrides_earlier(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "username=alice\npassword=one\ntype=server\nephemeral=1\nvalidate=1\n"
	             "host=first.example\npath=a\n"
	             "username=bob\npassword=two\ntype=pat\nephemeral=0\nvalidate=false\n"
	             "host=second.example\npath=b\n");
	assert_string_equal(c.username, "bob");
	assert_string_equal(c.password, "two");
	assert_string_equal(jira_type_name(c.type), "pat");
	assert_int_equal(c.ephemeral, 0);
	assert_int_equal(c.validate, 0);
	assert_string_equal(c.host, "second.example");
	assert_string_equal(c.path, "b");
	cred_clear(&c);
}

static void test_parse_flag_and_type_values(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "ephemeral=true\nvalidate=true\n");
	assert_int_equal(c.ephemeral, 1);
	assert_int_equal(c.validate, 1);
	cred_clear(&c);

	parse_ok(&c, "ephemeral=1\nvalidate=1\nephemeral=\nvalidate=0\n");
	assert_int_equal(c.ephemeral, 0);
	assert_int_equal(c.validate, 0);
	cred_clear(&c);

	parse_ok(&c, "type=server\n");
	assert_string_equal(jira_type_name(c.type), "server");
	cred_clear(&c);

	/* An empty type= takes back an earlier one. */
	parse_ok(&c, "type=cloud\ntype=\n");
	assert_int_equal(c.type, JIRA_TYPE_NONE);
	cred_clear(&c);
}

static void test_parse_lists_accumulate(void **state)
{
	static const char *const caps[] = {"authtype", "state", "authtype"};
	static const char *const www[] = {"Basic realm=\"Jira\"", "Bearer"};
	static const char *const st[] = {"a=1", "b=2"};
	struct credential c;

	(void)state;
	parse_ok(&c, "capability[]=authtype\nwwwauth[]=Basic realm=\"Jira\"\nstate[]=a=1\n"
	             "capability[]=state\nwwwauth[]=Bearer\nstate[]=b=2\n"
	             "capability[]=authtype\n");
	assert_list(c.capability, caps, 3);
	assert_list(c.wwwauth, www, 2);
	assert_list(c.state, st, 2);
	cred_clear(&c);
}

static void test_parse_empty_list_value_clears_list(void **state)
{
	static const char *const after[] = {"c"};
	struct credential c;

	(void)state;
	parse_ok(&c, "capability[]=a\ncapability[]=b\ncapability[]=\n"
	             "wwwauth[]=x\nwwwauth[]=\n"
	             "state[]=s\nstate[]=\nstate[]=c\n");
	assert_true(c.capability == NULL || c.capability->len == 0);
	assert_true(c.wwwauth == NULL || c.wwwauth->len == 0);
	assert_list(c.state, after, 1);
	assert_int_equal(cred_has_capability(&c, "a"), 0);
	cred_clear(&c);
}

static void test_parse_ignores_unknown_list_keys(void **state)
{
	struct credential c, zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	parse_ok(&c, "foo[]=bar\nfoo[]=\nusername[]=bob\n[]=x\n");
	assert_memory_equal(&c, &zero, sizeof(c));
}

static void test_parse_blank_line_ends_block(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "protocol=https\nusername=alice\n\nusername=bob\npassword=late\n"
	             "capability[]=authtype\n");
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.username, "alice");
	assert_null(c.password);
	assert_null(c.capability);
	cred_clear(&c);

	/* What follows the blank line is not read, so not judged either. */
	parse_ok(&c, "username=alice\n\nno equals sign\n=empty key\ntype=bogus\n");
	assert_string_equal(c.username, "alice");
	assert_int_equal(c.type, JIRA_TYPE_NONE);
	cred_clear(&c);

	/* A block that begins with a blank line is empty. */
	parse_ok(&c, "\nusername=bob\n");
	assert_null(c.username);
}

static void test_parse_last_line_without_newline(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "protocol=https\nhost=example.com");
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.host, "example.com");
	cred_clear(&c);

	parse_ok(&c, "password=abc");
	assert_string_equal(c.password, "abc");
	cred_clear(&c);
}

static void test_parse_value_keeps_text_after_first_equals(void **state)
{
	static const char *const st[] = {"k=v=w"};
	struct credential c;

	(void)state;
	parse_ok(&c, "password=a=b==c=\nusername==bob\nstate[]=k=v=w\n");
	assert_string_equal(c.password, "a=b==c=");
	assert_string_equal(c.username, "=bob");
	assert_list(c.state, st, 1);
	cred_clear(&c);
}

static void test_parse_empty_value_is_empty_string(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "username=\npassword=\n");
	assert_non_null(c.username);
	assert_string_equal(c.username, "");
	assert_non_null(c.password);
	assert_string_equal(c.password, "");
	cred_clear(&c);
}

static void test_parse_accepts_utf8_values(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "username=J\xc3\xbcrgen\npassword=p\xe2\x82\xac\xf0\x9f\x94\x91\n");
	assert_string_equal(c.username, "J\xc3\xbcrgen");
	assert_string_equal(c.password, "p\xe2\x82\xac\xf0\x9f\x94\x91");
	cred_clear(&c);
}

/* ------------------------------------------------------------------ */
/* 2. cred_parse: what is refused                                     */
/* ------------------------------------------------------------------ */

static void test_refuse_carriage_return_in_any_value(void **state)
{
	(void)state;
	assert_refused("protocol=https\nhost=example.com\npassword=SECRETVALUE\r\n", "SECRETVALUE");
	assert_refused("password=SECRET\rVALUE\n", "SECRET");
	assert_refused("host=HOSTVALUE\r\n", "HOSTVALUE");
	assert_refused("username=USERVALUE\r\n", "USERVALUE");
	assert_refused("wwwauth[]=Basic WWWAUTHVALUE\r\n", "WWWAUTHVALUE");
	assert_refused("capability[]=CAPVALUE\r\n", "CAPVALUE");
	assert_refused("oauth_refresh_token=REFRESHVALUE\r\n", "REFRESHVALUE");
	assert_refused("credential=CREDVALUE\r\n", "CREDVALUE");
	/* Even an unknown key's value, and even on the last line. */
	assert_refused("foo=FOOVALUE\r\n", "FOOVALUE");
	assert_refused("password=SECRETVALUE\r", "SECRETVALUE");
	/* CRLF line endings throughout. */
	assert_refused("protocol=https\r\nhost=example.com\r\n\r\n", NULL);
}

static void test_refuse_nul_anywhere(void **state)
{
	static const char in_value[] = "username=bob\npassword=SECRET\0VALUE\n";
	static const char in_key[] = "user\0name=bob\n";
	static const char after_blank[] = "username=bob\n\nfoo=bar\0\n";
	static const char trailing[] = "username=bob\n\0";

	(void)state;
	assert_refused_len(in_value, sizeof(in_value) - 1, "SECRET");
	assert_refused_len(in_key, sizeof(in_key) - 1, NULL);
	assert_refused_len(after_blank, sizeof(after_blank) - 1, NULL);
	assert_refused_len(trailing, sizeof(trailing) - 1, NULL);
	assert_refused_len("\0", 1, NULL);
}

static void test_line_of_65535_bytes_accepted_65536_refused(void **state)
{
	struct credential c;
	char *ok = line_of("password", CRED_MAX_LINE);
	char *ok_last = line_of("password", CRED_MAX_LINE + 1); /* newline dropped below */
	char *too_long = line_of("password", CRED_MAX_LINE + 1);
	char *too_long_last = line_of("password", CRED_MAX_LINE + 2);

	(void)state;
	assert_int_equal(CRED_MAX_LINE, 65535);

	parse_ok(&c, ok);
	assert_int_equal(strlen(c.password), CRED_MAX_LINE - strlen("password=\n"));
	cred_clear(&c);

	/* 65535 bytes on a last line without its newline. */
	ok_last[CRED_MAX_LINE] = '\0';
	parse_ok(&c, ok_last);
	assert_int_equal(strlen(c.password), CRED_MAX_LINE - strlen("password="));
	cred_clear(&c);

	assert_refused(too_long, "aaaaaaaa");
	too_long_last[CRED_MAX_LINE + 1] = '\0'; /* 65536 bytes, no newline */
	assert_refused(too_long_last, "aaaaaaaa");

	g_free(ok);
	g_free(ok_last);
	g_free(too_long);
	g_free(too_long_last);
}

static void test_refuse_line_without_equals(void **state)
{
	(void)state;
	assert_refused("protocol=https\nSECRETVALUE\n", "SECRETVALUE");
	assert_refused("SECRETVALUE", "SECRETVALUE");
	assert_refused(" \n", NULL);
	assert_refused("\r\n", NULL);
}

static void test_refuse_empty_key(void **state)
{
	(void)state;
	assert_refused("=x\n", NULL);
	assert_refused("username=bob\n=SECRETVALUE\n", "SECRETVALUE");
	assert_refused("=", NULL);
}

static void test_refuse_invalid_utf8(void **state)
{
	(void)state;
	assert_refused("username=bob\xff\n", NULL);
	assert_refused("password=SECRETVALUE\xc3\x28\n", "SECRETVALUE");
	assert_refused("password=\xc0\xaf\n", NULL);     /* overlong '/' */
	assert_refused("password=\xed\xa0\x80\n", NULL); /* UTF-16 surrogate */
	assert_refused("password=abc\xe2\x82\n", NULL);  /* truncated sequence */
	assert_refused("user\xfename=bob\n", NULL);      /* in the key */
	assert_refused("wwwauth[]=Basic \x80\n", NULL);  /* in a list */
}

/* `total` bytes of legal "x=aaa..." lines, each at most CRED_MAX_LINE long. */
static GString *legal_input(size_t total)
{
	GString *in = g_string_sized_new(total);

	while (in->len < total) {
		size_t left = total - in->len;
		/* never leave a remainder too short for a "k=\n" line */
		size_t n = left > CRED_MAX_LINE
		               ? (left - CRED_MAX_LINE < 3 ? CRED_MAX_LINE - 3 : CRED_MAX_LINE)
		               : left;
		char *line = line_of("x", n);

		g_string_append(in, line);
		g_free(line);
	}
	assert_int_equal(in->len, total);
	return in;
}

static void test_input_size_limit(void **state)
{
	struct credential c;
	GString *in;

	(void)state;
	/* Exactly CRED_MAX_INPUT bytes, every line legal: accepted. */
	in = legal_input(CRED_MAX_INPUT);
	parse_len_ok(&c, in->str, in->len, NULL);
	cred_clear(&c);
	g_string_free(in, TRUE);

	/* One byte more, every line still legal: refused for its size alone. */
	in = legal_input(CRED_MAX_INPUT + 1);
	assert_refused_len(in->str, in->len, NULL);

	/* With the blank line early: still refused as a whole. */
	g_string_prepend(in, "username=bob\n\n");
	assert_refused_len(in->str, in->len, NULL);
	g_string_free(in, TRUE);
}

static void test_list_entry_limit(void **state)
{
	GString *in = g_string_new(NULL);
	struct credential c;

	(void)state;
	for (int i = 0; i < CRED_MAX_LIST; i++)
		g_string_append_printf(in, "capability[]=c%d\n", i);
	parse_ok(&c, in->str);
	assert_int_equal(c.capability->len, CRED_MAX_LIST);
	assert_string_equal(g_ptr_array_index(c.capability, CRED_MAX_LIST - 1), "c1023");
	cred_clear(&c);

	g_string_append(in, "capability[]=one-too-many\n");
	assert_refused(in->str, "one-too-many");

	/* An empty value clears the list, and its count starts again. */
	g_string_truncate(in, 0);
	for (int i = 0; i < CRED_MAX_LIST; i++)
		g_string_append_printf(in, "wwwauth[]=w%d\n", i);
	g_string_append(in, "wwwauth[]=\nwwwauth[]=after\n");
	parse_ok(&c, in->str);
	assert_int_equal(c.wwwauth->len, 1);
	assert_string_equal(g_ptr_array_index(c.wwwauth, 0), "after");
	cred_clear(&c);

	g_string_truncate(in, 0);
	for (int i = 0; i <= CRED_MAX_LIST; i++)
		g_string_append_printf(in, "state[]=s%d\n", i);
	assert_refused(in->str, NULL);
	g_string_free(in, TRUE);
}

static void test_refuse_bad_type(void **state)
{
	(void)state;
	assert_refused("type=bogus\n", "bogus");
	assert_refused("type=Cloud\n", NULL);
	assert_refused("type=cloud \n", NULL);
	assert_refused("type=basic\n", NULL);
}

static void test_refuse_bad_flag_values(void **state)
{
	(void)state;
	assert_refused("validate=maybe\n", "maybe");
	assert_refused("validate=2\n", NULL);
	assert_refused("validate=yes\n", NULL);
	assert_refused("ephemeral=maybe\n", "maybe");
}

static void test_refuse_bad_password_expiry_with_host(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "protocol=https\nhost=example.com\npassword_expiry_utc=1735689600\n");
	assert_string_equal(c.password_expiry_utc, "1735689600");
	cred_clear(&c);

	assert_refused("protocol=https\nhost=example.com\npassword_expiry_utc=notanumber\n",
	               "notanumber");
	assert_refused("protocol=https\nhost=example.com\npassword_expiry_utc=12abc\n", "12abc");
	assert_refused("protocol=https\nhost=example.com\npassword_expiry_utc=\n", NULL);
}

/* The check must not depend on whether host= happened to be given. */
static void test_refuse_bad_password_expiry_without_host(void **state)
{
	(void)state;
	assert_refused("password_expiry_utc=notanumber\n", "notanumber");
	assert_refused("protocol=https\npassword_expiry_utc=notanumber\n", "notanumber");
}

/* ------------------------------------------------------------------ */
/* 3. Domain normalisation: domain_parse, domain= and url=            */
/* ------------------------------------------------------------------ */

struct domain_case {
	const char *in;
	const char *protocol, *host, *path, *username;
	int warn;           /* a warning is expected */
	int fail;           /* refused */
	const char *secret; /* must not appear in the error */
};

static const struct domain_case domain_cases[] = {
    /* bare host means https; case folded */
    {.in = "example.atlassian.net", .protocol = "https", .host = "example.atlassian.net"},
    {.in = "Example.Atlassian.NET", .protocol = "https", .host = "example.atlassian.net"},
    {.in = "HTTPS://JIRA.Corp.Example/Jira",
     .protocol = "https",
     .host = "jira.corp.example",
     .path = "Jira"},
    {.in = "http://jira.corp.example", .protocol = "http", .host = "jira.corp.example"},
    /* ports */
    {.in = "https://example.com:443", .protocol = "https", .host = "example.com"},
    {.in = "https://example.com:443/", .protocol = "https", .host = "example.com"},
    {.in = "http://example.com:80", .protocol = "http", .host = "example.com"},
    {.in = "https://example.com:8443", .protocol = "https", .host = "example.com:8443"},
    {.in = "http://example.com:443", .protocol = "http", .host = "example.com:443"},
    {.in = "https://example.com:80", .protocol = "https", .host = "example.com:80"},
    {.in = "example.com:8443/jira",
     .protocol = "https",
     .host = "example.com:8443",
     .path = "jira"},
    {.in = "https://example.com:65535", .protocol = "https", .host = "example.com:65535"},
    /* IP literals */
    {.in = "https://[::1]:8443/jira", .protocol = "https", .host = "[::1]:8443", .path = "jira"},
    {.in = "https://[::1]", .protocol = "https", .host = "[::1]"},
    {.in = "https://[::1]:443/", .protocol = "https", .host = "[::1]"},
    {.in = "https://[2001:DB8::1]:8443", .protocol = "https", .host = "[2001:db8::1]:8443"},
    {.in = "https://127.0.0.1:8080/jira",
     .protocol = "https",
     .host = "127.0.0.1:8080",
     .path = "jira"},
    /* context path, slashes */
    {.in = "https://jira.corp.example/jira",
     .protocol = "https",
     .host = "jira.corp.example",
     .path = "jira"},
    {.in = "https://jira.corp.example/jira/",
     .protocol = "https",
     .host = "jira.corp.example",
     .path = "jira"},
    {.in = "https://jira.corp.example/jira///",
     .protocol = "https",
     .host = "jira.corp.example",
     .path = "jira"},
    {.in = "https://jira.corp.example//a//b/",
     .protocol = "https",
     .host = "jira.corp.example",
     .path = "a/b"},
    {.in = "https://jira.corp.example/", .protocol = "https", .host = "jira.corp.example"},
    /* URLs inside Jira stand for the base */
    {.in = "https://jira.corp.example/jira/rest/api/2/myself",
     .protocol = "https",
     .host = "jira.corp.example",
     .path = "jira"},
    {.in = "https://jira.corp.example/rest/api/2/myself",
     .protocol = "https",
     .host = "jira.corp.example"},
    {.in = "https://jira.corp.example/browse/ABC-1",
     .protocol = "https",
     .host = "jira.corp.example"},
    {.in = "https://jira.corp.example/a/b/browse/ABC-1",
     .protocol = "https",
     .host = "jira.corp.example",
     .path = "a/b"},
    {.in = "https://x.atlassian.net/rest/api/3/issue?jql=x#frag",
     .protocol = "https",
     .host = "x.atlassian.net",
     .warn = 1},
    {.in = "https://x.atlassian.net/jira?x=1",
     .protocol = "https",
     .host = "x.atlassian.net",
     .path = "jira",
     .warn = 1},
    {.in = "https://x.atlassian.net#frag",
     .protocol = "https",
     .host = "x.atlassian.net",
     .warn = 1},
    /* IDN */
    {.in = "https://b\xc3\xbc"
           "cher.example",
     .protocol = "https",
     .host = "xn--bcher-kva.example"},
    {.in = "B\xc3\x9c"
           "CHER.example/jira",
     .protocol = "https",
     .host = "xn--bcher-kva.example",
     .path = "jira"},
    /* userinfo: a user is taken, a password is refused */
    {.in = "https://bob@jira.corp.example/jira",
     .protocol = "https",
     .host = "jira.corp.example",
     .path = "jira",
     .username = "bob"},
    {.in = "https://bob%40example.com@x.atlassian.net",
     .protocol = "https",
     .host = "x.atlassian.net",
     .username = "bob@example.com"},
    {.in = "https://bob:pw@host.example", .fail = 1, .secret = "pw"},
    {.in = "https://bob:S3cretPW@host.example/jira", .fail = 1, .secret = "S3cretPW"},
    {.in = "bob:S3cretPW@host.example", .fail = 1, .secret = "S3cretPW"},
    {.in = "https://:S3cretPW@host.example", .fail = 1, .secret = "S3cretPW"},
    /* bad ports */
    {.in = "https://host.example:0", .fail = 1},
    {.in = "https://host.example:70000", .fail = 1},
    {.in = "https://host.example:65536", .fail = 1},
    {.in = "https://host.example:port", .fail = 1},
    /* bad or missing hosts */
    {.in = "https://bad host.example", .fail = 1},
    {.in = "bad host.example", .fail = 1},
    {.in = "https://a%2fb.example", .fail = 1},
    {.in = "https://[fe80::1%25eth0]", .fail = 1},
    {.in = "https://[::1", .fail = 1},
    {.in = "", .fail = 1},
    {.in = "https://", .fail = 1},
    {.in = "https:///jira", .fail = 1},
    /* dot segments, plain or percent-encoded */
    {.in = "https://host.example/../x", .fail = 1},
    {.in = "https://host.example/jira/../admin", .fail = 1},
    {.in = "https://host.example/./jira", .fail = 1},
    {.in = "https://host.example/jira/.", .fail = 1},
    {.in = "https://host.example/..", .fail = 1},
    {.in = "host.example/jira/..", .fail = 1},
    {.in = "https://host.example/%2e%2e/x", .fail = 1},
    {.in = "https://host.example/jira/%2E%2E", .fail = 1},
    {.in = "https://host.example/.%2e/x", .fail = 1},
};

/* How one row is fed to the code. */
enum domain_via { VIA_DOMAIN_PARSE, VIA_DOMAIN_KEY, VIA_URL_KEY };

/* Runs one row; returns the number of mismatches, printed as they are found. */
static int run_domain_case(const struct domain_case *t, enum domain_via via)
{
	const char *key = via == VIA_URL_KEY ? "url" : "domain";
	GString *warn = g_string_new(NULL);
	char *err = NULL;
	const char *protocol = NULL, *host = NULL, *path = NULL, *username = NULL;
	struct origin o;
	struct credential c;
	int rc, bad = 0;

	memset(&o, 0, sizeof(o));
	cred_init(&c);
	if (via == VIA_DOMAIN_PARSE) {
		rc = domain_parse(t->in, &o, &err, warn);
		protocol = o.protocol, host = o.host, path = o.path, username = o.username;
	} else {
		char *in = g_strdup_printf("%s=%s\n", key, t->in);

		rc = cred_parse(&c, in, strlen(in), &err, warn) == CRED_OK ? 0 : -1;
		g_free(in);
		protocol = c.protocol, host = c.host, path = c.path, username = c.username;
	}

	if (t->fail) {
		if (rc == 0) {
			print_error("  row \"%s\": accepted (host %s, path %s), want refused\n",
			            t->in, host ? host : "NULL", path ? path : "NULL");
			bad++;
		} else if (!err || !*err || strchr(err, '\n')) {
			print_error("  row \"%s\": refused without a one-line message\n", t->in);
			bad++;
		} else if (t->secret && strstr(err, t->secret)) {
			print_error("  row \"%s\": the error quotes the secret: %s\n", t->in, err);
			bad++;
		} else if (via != VIA_DOMAIN_PARSE && !g_str_has_prefix(err, key)) {
			print_error("  row \"%s\": the error does not name %s=: %s\n", t->in, key,
			            err);
			bad++;
		}
	} else if (rc != 0) {
		print_error("  row \"%s\": refused (%s), want accepted\n", t->in,
		            err ? err : "no message");
		bad++;
	} else {
		bad += check_str(t->in, "protocol", protocol, t->protocol);
		bad += check_str(t->in, "host", host, t->host);
		bad += check_str(t->in, "path", path, t->path);
		bad += check_str(t->in, "username", username, t->username);
		if (t->warn && (warn->len == 0 || warn->str[warn->len - 1] != '\n')) {
			print_error("  row \"%s\": no warning line about the dropped query\n",
			            t->in);
			bad++;
		} else if (!t->warn && warn->len) {
			print_error("  row \"%s\": unexpected warning: %s\n", t->in, warn->str);
			bad++;
		}
	}
	g_free(err);
	origin_clear(&o);
	cred_clear(&c);
	g_string_free(warn, TRUE);
	return bad;
}

static void run_domain_table(enum domain_via via)
{
	size_t n = sizeof(domain_cases) / sizeof(domain_cases[0]);
	int bad = 0;

	assert_true(n >= 25);
	for (size_t i = 0; i < n; i++)
		bad += run_domain_case(&domain_cases[i], via);
	if (bad)
		fail_msg("%d mismatches in the domain table (listed above)", bad);
}

static void test_domain_table_domain_parse(void **state)
{
	(void)state;
	run_domain_table(VIA_DOMAIN_PARSE);
}

static void test_domain_table_domain_key(void **state)
{
	(void)state;
	run_domain_table(VIA_DOMAIN_KEY);
}

static void test_domain_table_url_key(void **state)
{
	(void)state;
	run_domain_table(VIA_URL_KEY);
}

/* The same cases as in the table, on their own so that a report is plain. */
static void test_domain_dot_segments_refused(void **state)
{
	static const char *const dotted[] = {
	    "https://host.example/jira/../admin",
	    "https://host.example/./jira",
	    "https://host.example/%2e%2e/x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(dotted) / sizeof(dotted[0]); i++) {
		struct origin o;
		char *err = NULL;
		int rc = domain_parse(dotted[i], &o, &err, NULL);

		if (rc == 0) {
			char path[256];

			g_strlcpy(path, o.path ? o.path : "NULL", sizeof(path));
			origin_clear(&o);
			fail_msg("domain_parse(\"%s\") accepted it with path %s; want refused",
			         dotted[i], path);
		}
		g_free(err);
	}
}

static void test_domain_query_fragment_warns_and_is_dropped(void **state)
{
	GString *warn = g_string_new(NULL);
	struct credential c;
	static const char in[] = "url=https://x.atlassian.net/rest/api/3/issue?jql=x#frag\n";

	(void)state;
	parse_len_ok(&c, in, strlen(in), warn);
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.host, "x.atlassian.net");
	assert_null(c.path);
	assert_true(warn->len > 0);
	assert_int_equal(warn->str[warn->len - 1], '\n');
	/* One line, and the dropped query is not echoed. */
	assert_ptr_equal(strchr(warn->str, '\n'), warn->str + warn->len - 1);
	assert_null(strstr(warn->str, "jql"));
	cred_clear(&c);

	/* A NULL warn is allowed. */
	parse_ok(&c, in);
	assert_string_equal(c.host, "x.atlassian.net");
	cred_clear(&c);
	g_string_free(warn, TRUE);
}

static void test_domain_userinfo_sets_username(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "domain=https://bob@jira.corp.example/jira\n");
	assert_string_equal(c.username, "bob");
	assert_string_equal(c.host, "jira.corp.example");
	assert_string_equal(c.path, "jira");
	cred_clear(&c);

	/* A later username= wins over the URL's. */
	parse_ok(&c, "url=https://bob@jira.corp.example\nusername=alice\n");
	assert_string_equal(c.username, "alice");
	cred_clear(&c);

	/* A URL without a user keeps the username given before. */
	parse_ok(&c, "username=alice\ndomain=https://jira.corp.example\n");
	assert_string_equal(c.username, "alice");
	cred_clear(&c);

	/* domain= replaces protocol, host and path given before, path included. */
	parse_ok(&c, "protocol=http\nhost=old.example\npath=old\ndomain=new.example\n");
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.host, "new.example");
	assert_null(c.path);
	cred_clear(&c);
}

static void test_domain_password_in_url_refused_without_quoting_it(void **state)
{
	(void)state;
	assert_refused("domain=https://bob:pw@host.example\n", "pw");
	assert_refused("url=https://bob:SECRETVALUE@host.example/jira\n", "SECRETVALUE");
	assert_refused("domain=bob:SECRETVALUE@host.example\n", "SECRETVALUE");
	/* Even when the rest of the URL is also wrong. */
	assert_refused("url=https://bob:SECRETVALUE@host.example:99999\n", "SECRETVALUE");
	assert_refused("url=https://bob:SECRETVALUE@bad host\n", "SECRETVALUE");
}

/*
 * A user name percent-decoded from the URL is a value too: it must not
 * smuggle in the CR (or LF) that username= itself could not carry.
 */
static void test_domain_userinfo_cannot_smuggle_line_breaks(void **state)
{
	(void)state;
	assert_refused("url=https://bob%0d@host.example\n", NULL);
	assert_refused("url=https://bob%0a@host.example\n", NULL);
	assert_refused("domain=https://bob%0d%0apassword=x@host.example\n", NULL);
}

static void test_domain_format_builds_base_url(void **state)
{
	char *s;

	(void)state;
	s = domain_format("https", "example.com", NULL);
	assert_string_equal(s, "https://example.com");
	g_free(s);
	s = domain_format("https", "example.com", "");
	assert_string_equal(s, "https://example.com");
	g_free(s);
	s = domain_format("https", "[::1]:8443", "jira");
	assert_string_equal(s, "https://[::1]:8443/jira");
	g_free(s);
}

static void test_host_without_port(void **state)
{
	static const char *const cases[][2] = {
	    {"example.com", "example.com"},
	    {"example.com:8443", "example.com"},
	    {"[::1]:8443", "[::1]"},
	    {"[::1]", "[::1]"},
	    {"", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *h = host_without_port(cases[i][0]);

		assert_string_equal(h, cases[i][1]);
		g_free(h);
	}
}

/* ------------------------------------------------------------------ */
/* 4. host_normalize (host= as git sends it)                          */
/* ------------------------------------------------------------------ */

static void assert_host_normal(const char *protocol, const char *host, const char *want)
{
	char *out = NULL, *err = NULL;

	if (host_normalize(protocol, host, &out, &err))
		fail_msg("host_normalize(%s, \"%s\") refused: %s", protocol, host, err);
	assert_null(err);
	assert_string_equal(out, want);
	g_free(out);
}

static void assert_host_refused(const char *protocol, const char *host)
{
	char *out = NULL, *err = NULL;

	if (host_normalize(protocol, host, &out, &err) == 0)
		fail_msg("host_normalize(%s, \"%s\") accepted it as \"%s\"", protocol, host, out);
	assert_null(out);
	assert_non_null(err);
	g_free(err);
}

static void test_host_normalize_drops_default_port(void **state)
{
	(void)state;
	assert_host_normal("https", "Example.COM:443", "example.com");
	assert_host_normal("https", "example.com", "example.com");
	assert_host_normal("http", "example.com:80", "example.com");
	assert_host_normal("https", "[::1]:443", "[::1]");
	assert_host_normal("https", "example.com:", "example.com");
}

static void test_host_normalize_keeps_other_ports(void **state)
{
	(void)state;
	assert_host_normal("https", "example.com:8080", "example.com:8080");
	assert_host_normal("http", "example.com:443", "example.com:443");
	assert_host_normal("https", "example.com:80", "example.com:80");
	assert_host_normal("https", "[::1]:8443", "[::1]:8443");
	assert_host_normal("https", "[2001:DB8::A]", "[2001:db8::a]");
	assert_host_normal("https",
	                   "b\xc3\xbc"
	                   "cher.example",
	                   "xn--bcher-kva.example");
}

static void test_host_normalize_refuses(void **state)
{
	(void)state;
	assert_host_refused("https", "a/b");
	assert_host_refused("https", "user@host");
	assert_host_refused("https", "");
	assert_host_refused("https", "a b");
	assert_host_refused("https", "host?x");
	assert_host_refused("https", "host#x");
	assert_host_refused("https", "a\\b");
	assert_host_refused("https", "host:0");
	assert_host_refused("https", "host:70000");
	assert_host_refused("https", "::1");
	assert_host_refused("1https", "host");
	assert_host_refused("ht tp", "host");
}

/* Found by tests/abuse: a 60,000-byte host was taken (and never matched). */
static void test_host_longer_than_dns_refused(void **state)
{
	char host[300], *out = NULL, *err = NULL;

	(void)state;
	memset(host, 'a', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	host[254] = '\0'; /* 254 characters: one too many */
	assert_int_equal(host_normalize("https", host, &out, &err), -1);
	assert_null(out);
	g_free(err);
	host[253] = '\0'; /* 253: the most DNS allows */
	err = NULL;
	assert_int_equal(host_normalize("https", host, &out, &err), 0);
	assert_int_equal(strlen(out), 253);
	g_free(out);
}

static void test_parse_normalizes_protocol_and_host(void **state)
{
	struct credential c;

	(void)state;
	parse_ok(&c, "protocol=HTTPS\nhost=EXAMPLE.com\n");
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.host, "example.com");
	cred_clear(&c);

	parse_ok(&c, "protocol=https\nhost=Example.COM:443\n");
	assert_string_equal(c.host, "example.com");
	cred_clear(&c);

	/* The default port depends on the protocol, whatever the order. */
	parse_ok(&c, "host=example.com:80\nprotocol=HTTP\n");
	assert_string_equal(c.protocol, "http");
	assert_string_equal(c.host, "example.com");
	cred_clear(&c);

	parse_ok(&c, "protocol=http\nhost=example.com:443\n");
	assert_string_equal(c.host, "example.com:443");
	cred_clear(&c);

	assert_refused("protocol=https\nhost=user@HOSTVALUE\n", NULL);
	assert_refused("protocol=https\nhost=\n", NULL);
	assert_refused("protocol=https\nhost=a/b\n", NULL);
}

/* ------------------------------------------------------------------ */
/* 5. path_normalize, path_covers                                     */
/* ------------------------------------------------------------------ */

static void assert_path_normal(const char *in, const char *want)
{
	char *out = NULL, *err = NULL;

	if (path_normalize(in, &out, &err))
		fail_msg("path_normalize(\"%s\") refused: %s", in, err);
	if (want)
		assert_string_equal(out, want);
	else
		assert_null(out);
	g_free(out);
}

static void assert_path_refused(const char *in)
{
	char *out = NULL, *err = NULL;

	if (path_normalize(in, &out, &err) == 0)
		fail_msg("path_normalize(\"%s\") accepted it as \"%s\"", in, out ? out : "NULL");
	assert_non_null(err);
	assert_null(out);
	g_free(err);
}

static void test_path_normalize(void **state)
{
	struct credential c;

	(void)state;
	assert_path_normal("jira", "jira");
	assert_path_normal("/jira/", "jira");
	assert_path_normal("//a//b//", "a/b");
	assert_path_normal("jira/rest/api/2/myself", "jira/rest/api/2/myself");
	assert_path_normal("a/.../b", "a/.../b");
	assert_path_normal("", NULL);
	assert_path_normal("/", NULL);
	assert_path_normal("///", NULL);
	assert_path_refused("..");
	assert_path_refused(".");
	assert_path_refused("a/../b");
	assert_path_refused("a/./b");
	assert_path_refused("jira/..");
	assert_path_refused("%2e%2e");
	assert_path_refused("a/%2E/b");

	parse_ok(&c, "path=/jira/\n");
	assert_string_equal(c.path, "jira");
	cred_clear(&c);
	parse_ok(&c, "path=jira\npath=\n");
	assert_null(c.path);
	cred_clear(&c);
	assert_refused("path=jira/../admin\n", NULL);
}

static void test_path_covers(void **state)
{
	(void)state;
	assert_int_equal(path_covers("jira", "jira/rest/api/2/myself"), 1);
	assert_int_equal(path_covers("ji", "jira"), 0);
	assert_int_equal(path_covers("jira", "jira"), 1);
	assert_int_equal(path_covers(NULL, "x"), 1);
	assert_int_equal(path_covers("", "x"), 1);
	assert_int_equal(path_covers(NULL, NULL), 1);
	assert_int_equal(path_covers("jira", NULL), 0);
	assert_int_equal(path_covers("a/b", "a/bc"), 0);
	assert_int_equal(path_covers("a/b", "a/b/c"), 1);
	assert_int_equal(path_covers("a/b", "a"), 0);
	assert_int_equal(path_covers("jira", "other/jira"), 0);
	assert_int_equal(path_covers("jira", ""), 0);
}

/* ------------------------------------------------------------------ */
/* 6. cred_write_kv                                                   */
/* ------------------------------------------------------------------ */

static void test_write_kv_writes_line(void **state)
{
	GString *out = g_string_new("a=1\n");

	(void)state;
	assert_int_equal(cred_write_kv(out, "username", "bob"), 0);
	assert_int_equal(cred_write_kv(out, "password", "p=w"), 0);
	assert_int_equal(cred_write_kv(out, "path", ""), 0);
	assert_string_equal(out->str, "a=1\nusername=bob\npassword=p=w\npath=\n");
	g_string_free(out, TRUE);
}

static void test_write_kv_refuses_line_breaks_and_equals_in_key(void **state)
{
	GString *out = g_string_new("kept\n");

	(void)state;
	assert_int_equal(cred_write_kv(out, "password", "a\nb"), -1);
	assert_int_equal(cred_write_kv(out, "password", "a\rb"), -1);
	assert_int_equal(cred_write_kv(out, "password", "\n"), -1);
	assert_int_equal(cred_write_kv(out, "password", "ab\r"), -1);
	assert_int_equal(cred_write_kv(out, "user=name", "bob"), -1);
	assert_int_equal(cred_write_kv(out, "user\nname", "bob"), -1);
	assert_int_equal(cred_write_kv(out, "user\rname", "bob"), -1);
	assert_string_equal(out->str, "kept\n");
	g_string_free(out, TRUE);
}

static void test_write_kv_null_value_writes_nothing(void **state)
{
	GString *out = g_string_new(NULL);

	(void)state;
	assert_int_equal(cred_write_kv(out, "username", NULL), 0);
	assert_int_equal(out->len, 0);
	g_string_free(out, TRUE);
}

static void test_write_kv_round_trips_through_parse(void **state)
{
	GString *out = g_string_new(NULL);
	struct credential c;

	(void)state;
	assert_int_equal(cred_write_kv(out, "protocol", "https"), 0);
	assert_int_equal(cred_write_kv(out, "host", "example.com:8443"), 0);
	assert_int_equal(cred_write_kv(out, "username", "bob@example.com"), 0);
	assert_int_equal(cred_write_kv(out, "password", "a=b c"), 0);
	parse_ok(&c, out->str);
	assert_string_equal(c.host, "example.com:8443");
	assert_string_equal(c.username, "bob@example.com");
	assert_string_equal(c.password, "a=b c");
	cred_clear(&c);
	g_string_free(out, TRUE);
}

/* ------------------------------------------------------------------ */
/* 7. Types and the Authorization header                              */
/* ------------------------------------------------------------------ */

/* The type named, for tables written as text. */
static enum jira_type ty(const char *name)
{
	enum jira_type t = JIRA_TYPE_NONE;

	if (name && jira_type_parse(name, &t))
		fail_msg("bad type name in a test: %s", name);
	return t;
}

static void assert_header(const char *type, const char *user, const char *secret, const char *want)
{
	char *v = auth_header_value(ty(type), user, secret);

	assert_string_equal(v, want);
	secret_free(v);
}

static void assert_credential_part(const char *type, const char *user, const char *secret,
                                   const char *want)
{
	char *v = auth_credential(ty(type), user, secret);

	assert_string_equal(v, want);
	secret_free(v);
}

static void test_header_cloud_is_basic_email_token(void **state)
{
	(void)state;
	assert_header("cloud", "bob@example.com", "tok1", "Basic Ym9iQGV4YW1wbGUuY29tOnRvazE=");
}

static void test_header_server_is_basic_user_password(void **state)
{
	(void)state;
	assert_header("server", "bob@example.com", "tok1", "Basic Ym9iQGV4YW1wbGUuY29tOnRvazE=");
	assert_header("server", "alice", "hunter2", "Basic YWxpY2U6aHVudGVyMg==");
}

static void test_header_pat_is_bearer_token(void **state)
{
	(void)state;
	assert_header("pat", NULL, "TOKEN", "Bearer TOKEN");
	assert_header("pat", "ignored-user", "NzQ5MjY2:abc", "Bearer NzQ5MjY2:abc");
}

static void test_header_credential_part(void **state)
{
	(void)state;
	assert_credential_part("pat", NULL, "TOKEN", "TOKEN");
	assert_credential_part("cloud", "bob@example.com", "tok1", "Ym9iQGV4YW1wbGUuY29tOnRvazE=");
	assert_credential_part("server", "alice", "hunter2", "YWxpY2U6aHVudGVyMg==");
	assert_string_equal(auth_scheme(JIRA_CLOUD), "Basic");
	assert_string_equal(auth_scheme(JIRA_SERVER), "Basic");
	assert_string_equal(auth_scheme(JIRA_PAT), "Bearer");
	assert_string_equal(auth_scheme(JIRA_SERVICE), "Bearer");
	assert_string_equal(auth_scheme(JIRA_TYPE_NONE), "Basic");
}

/* A service credential is sent with the token minted from it, never its client secret. */
static void test_header_of_service(void **state)
{
	struct credential c;
	char *h;

	(void)state;
	cred_init(&c);
	c.type = JIRA_SERVICE;
	c.username = g_strdup("client-id");
	c.password = g_strdup("client-secret");
	c.token = g_strdup("minted.TOKEN-1");
	h = auth_header_of(&c);
	assert_string_equal(h, "Bearer minted.TOKEN-1");
	secret_free(h);
	c.type = JIRA_SERVER; /* the same fields as Basic: user and password */
	h = auth_header_of(&c);
	assert_string_equal(h, "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=");
	secret_free(h);
	cred_clear(&c);
	assert_null(c.token);
}

static void test_header_password_with_colon(void **state)
{
	(void)state;
	/* base64("user:pa:ss"): servers split on the first colon only. */
	assert_header("server", "user", "pa:ss", "Basic dXNlcjpwYTpzcw==");
	assert_credential_part("server", "user", "pa:ss", "dXNlcjpwYTpzcw==");
}

static void test_type_inference_table(void **state)
{
	static const struct {
		const char *host, *user, *want;
	} cases[] = {
	    {"example.atlassian.net", "bob@example.com", "cloud"},
	    {"example.atlassian.net", NULL, "cloud"},
	    {"example.atlassian.net", "", "cloud"},
	    {"example.atlassian.net:443", "bob", "cloud"},
	    {"example.atlassian.net:8443", NULL, "cloud"},
	    {"atlassian.net", "bob", "cloud"},
	    {"x.jira.com", "bob", "cloud"},
	    {"jira.com", "bob", "cloud"},
	    {"a.b.jira.com", NULL, "cloud"},
	    {"evilatlassian.net", "bob", "server"},
	    {"evilatlassian.net", NULL, "pat"},
	    {"evil-example.atlassian.net.evil.com", "bob", "server"},
	    {"atlassian.net.evil.com", NULL, "pat"},
	    {"notjira.com", "bob", "server"},
	    {"jira.com.example", "", "pat"},
	    {"jira.corp.example", "bob", "server"},
	    {"jira.corp.example", NULL, "pat"},
	    {"jira.corp.example", "", "pat"},
	    {"jira.corp.example:8443", "bob", "server"},
	    {"[::1]:8443", NULL, "pat"},
	    {"[::1]:8443", "bob", "server"},
	    {NULL, "bob", "server"},
	    {NULL, NULL, "pat"},
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = jira_type_name(jira_type_infer(cases[i].host, cases[i].user));

		if (!got || strcmp(got, cases[i].want)) {
			print_error("  jira_type_infer(%s, %s) = %s, want %s\n",
			            cases[i].host ? cases[i].host : "NULL",
			            cases[i].user ? cases[i].user : "NULL", got ? got : "NULL",
			            cases[i].want);
			bad++;
		}
	}
	if (bad)
		fail_msg("%d wrong inferences", bad);
}

static void test_host_is_cloud(void **state)
{
	(void)state;
	assert_int_equal(jira_host_is_cloud("example.atlassian.net"), 1);
	assert_int_equal(jira_host_is_cloud("example.atlassian.net:443"), 1);
	assert_int_equal(jira_host_is_cloud("x.jira.com"), 1);
	assert_int_equal(jira_host_is_cloud("jira.com"), 1);
	assert_int_equal(jira_host_is_cloud("evilatlassian.net"), 0);
	assert_int_equal(jira_host_is_cloud("atlassian.net.evil.com"), 0);
	assert_int_equal(jira_host_is_cloud("net"), 0);
	assert_int_equal(jira_host_is_cloud(""), 0);
}

/* Whether name parses as a type. */
static int jira_type_valid(const char *name)
{
	enum jira_type t;

	return jira_type_parse(name, &t) == 0;
}

static void test_jira_type_valid(void **state)
{
	(void)state;
	assert_int_equal(jira_type_valid("cloud"), 1);
	assert_int_equal(jira_type_valid("server"), 1);
	assert_int_equal(jira_type_valid("pat"), 1);
	assert_int_equal(jira_type_valid("service"), 1);
	assert_string_equal(jira_type_name(JIRA_SERVICE), "service");
	assert_int_equal(jira_type_bearer(JIRA_SERVICE), 1);
	assert_int_equal(jira_type_bearer(JIRA_PAT), 1);
	assert_int_equal(jira_type_bearer(JIRA_CLOUD), 0);
	assert_int_equal(jira_type_bearer(JIRA_SERVER), 0);
	assert_int_equal(jira_type_valid("Cloud"), 0);
	assert_int_equal(jira_type_valid("bogus"), 0);
	assert_int_equal(jira_type_valid(""), 0);
	assert_int_equal(jira_type_valid("pat "), 0);
	assert_int_equal(jira_type_valid(NULL), 0);
}

/* OAuth scopes (RFC 6749, 3.3): printable words, one space between them. */
static void test_scope_valid(void **state)
{
	char big[SERVICE_SCOPE_MAX + 2];

	(void)state;
	assert_int_equal(jira_scope_valid("WRITE"), 1);
	assert_int_equal(jira_scope_valid("READ WRITE"), 1);
	assert_int_equal(jira_scope_valid("read:jira-work"), 1);
	assert_int_equal(jira_scope_valid(""), 0);
	assert_int_equal(jira_scope_valid(" WRITE"), 0);
	assert_int_equal(jira_scope_valid("WRITE "), 0);
	assert_int_equal(jira_scope_valid("READ  WRITE"), 0);
	assert_int_equal(jira_scope_valid("READ\tWRITE"), 0);
	assert_int_equal(jira_scope_valid("READ\nWRITE"), 0);
	assert_int_equal(jira_scope_valid("a\"b"), 0);
	assert_int_equal(jira_scope_valid("a\\b"), 0);
	assert_int_equal(jira_scope_valid("caf\xc3\xa9"), 0);
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(jira_scope_valid(big), 0);
	big[SERVICE_SCOPE_MAX] = '\0';
	assert_int_equal(jira_scope_valid(big), 1);
}

/* type=service and scope= on stdin. */
static void test_parse_service_and_scope(void **state)
{
	struct credential c;
	char *err = NULL;
	const char *in = "type=service\nscope=READ WRITE\nusername=cid\npassword=cs\n";

	(void)state;
	cred_init(&c);
	assert_int_equal(cred_parse(&c, in, strlen(in), &err, NULL), CRED_OK);
	assert_int_equal(c.type, JIRA_SERVICE);
	assert_string_equal(c.scope, "READ WRITE");
	cred_clear(&c);
	assert_int_equal(cred_parse(&c, "type=oauth\n", 11, &err, NULL), CRED_BAD_INPUT);
	assert_string_equal(err, "type= must be cloud, server, pat or service");
	g_free(err);
	cred_clear(&c);
}

/* ------------------------------------------------------------------ */
/* 8. cred_read_fd                                                    */
/* ------------------------------------------------------------------ */

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		assert_true(n > 0);
		buf += n;
		len -= (size_t)n;
	}
}

/* cred_read_fd on a thread, so that a reader waiting for EOF fails, not hangs. */
struct reader {
	int fd;
	struct credential c;
	enum cred_status st;
	char *err;
	gboolean done;
	GMutex lock;
	GCond cond;
};

static gpointer reader_main(gpointer data)
{
	struct reader *r = data;
	enum cred_status st = cred_read_fd(&r->c, r->fd, &r->err, NULL);

	g_mutex_lock(&r->lock);
	r->st = st;
	r->done = TRUE;
	g_cond_signal(&r->cond);
	g_mutex_unlock(&r->lock);
	return NULL;
}

static void reader_init(struct reader *r, int fd)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	cred_init(&r->c);
	g_mutex_init(&r->lock);
	g_cond_init(&r->cond);
}

/* Whether the reader finished within `seconds`. */
static gboolean reader_wait(struct reader *r, int seconds)
{
	gint64 until = g_get_monotonic_time() + seconds * G_TIME_SPAN_SECOND;
	gboolean done;

	g_mutex_lock(&r->lock);
	while (!r->done)
		if (!g_cond_wait_until(&r->cond, &r->lock, until))
			break;
	done = r->done;
	g_mutex_unlock(&r->lock);
	return done;
}

static void reader_end(struct reader *r)
{
	g_free(r->err);
	cred_clear(&r->c);
	g_mutex_clear(&r->lock);
	g_cond_clear(&r->cond);
}

static void test_read_fd_stops_at_blank_line_with_pipe_open(void **state)
{
	static const char in[] = "protocol=https\nhost=a\n\nignored=1\n";
	struct reader r;
	GThread *t;
	int p[2];
	gboolean done;

	(void)state;
	assert_int_equal(pipe(p), 0);
	write_all(p[1], in, strlen(in));
	reader_init(&r, p[0]);
	t = g_thread_new("reader", reader_main, &r);
	done = reader_wait(&r, 5);
	close(p[1]); /* unblocks a reader that waits for EOF */
	g_thread_join(t);
	close(p[0]);
	if (!done)
		fail_msg("cred_read_fd waited for EOF instead of stopping at the blank line");
	assert_int_equal(r.st, CRED_OK);
	assert_null(r.err);
	assert_string_equal(r.c.protocol, "https");
	assert_string_equal(r.c.host, "a");
	reader_end(&r);
}

static void test_read_fd_blank_line_split_across_writes(void **state)
{
	struct reader r;
	GThread *t;
	int p[2];
	gboolean done;

	(void)state;
	assert_int_equal(pipe(p), 0);
	reader_init(&r, p[0]);
	t = g_thread_new("reader", reader_main, &r);
	write_all(p[1], "protocol=https\n", 15);
	g_usleep(50 * 1000);
	write_all(p[1], "host=example.com\n", 17);
	g_usleep(50 * 1000);
	write_all(p[1], "\n", 1); /* the blank line comes on its own */
	done = reader_wait(&r, 5);
	close(p[1]);
	g_thread_join(t);
	close(p[0]);
	if (!done)
		fail_msg("cred_read_fd missed a blank line that came in its own write");
	assert_int_equal(r.st, CRED_OK);
	assert_string_equal(r.c.protocol, "https");
	assert_string_equal(r.c.host, "example.com");
	reader_end(&r);
}

static void test_read_fd_block_ended_by_eof(void **state)
{
	static const char in[] = "protocol=https\nhost=Example.COM:443\nusername=bob";
	struct credential c;
	char *err = NULL, *buf = NULL;
	size_t len = 0;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	write_all(p[1], in, strlen(in));
	close(p[1]);
	cred_init(&c);
	assert_int_equal(cred_read_fd(&c, p[0], &err, NULL), CRED_OK);
	close(p[0]);
	assert_null(err);
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.host, "example.com");
	assert_string_equal(c.username, "bob");
	cred_clear(&c);

	/* block_read_fd hands back exactly the bytes written. */
	assert_int_equal(pipe(p), 0);
	write_all(p[1], in, strlen(in));
	close(p[1]);
	assert_int_equal(block_read_fd(p[0], &buf, &len, &err), 0);
	close(p[0]);
	assert_int_equal(len, strlen(in));
	assert_memory_equal(buf, in, len);
	block_free(buf, len);

	/* Nothing at all is an empty request. */
	assert_int_equal(pipe(p), 0);
	close(p[1]);
	cred_init(&c);
	assert_int_equal(cred_read_fd(&c, p[0], &err, NULL), CRED_OK);
	close(p[0]);
	assert_null(c.protocol);
	assert_null(c.host);
	cred_clear(&c);
}

struct writer {
	int fd;
	size_t total;
};

/* Writes `total` bytes of legal lines, none blank, then closes its end. */
static gpointer writer_main(gpointer data)
{
	struct writer *w = data;
	static const char line[] = "x=0123456789abcdef0123456789abcdef\n";
	GString *buf = g_string_sized_new(w->total + sizeof(line));
	size_t sent = 0;

	while (buf->len < w->total)
		g_string_append(buf, line);
	while (sent < w->total) {
		ssize_t k = write(w->fd, buf->str + sent, w->total - sent);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break; /* EPIPE once the reader has given up: expected */
		sent += (size_t)k;
	}
	g_string_free(buf, TRUE);
	close(w->fd);
	return NULL;
}

static void test_read_fd_refuses_oversized_input(void **state)
{
	struct writer w;
	struct credential c;
	GThread *t;
	char *err = NULL;
	int p[2];
	void (*old)(int);

	(void)state;
	old = signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(p), 0);
	w.fd = p[1];
	w.total = CRED_MAX_INPUT + 100;
	t = g_thread_new("writer", writer_main, &w);
	cred_init(&c);
	assert_int_equal(cred_read_fd(&c, p[0], &err, NULL), CRED_BAD_INPUT);
	close(p[0]); /* the writer gets EPIPE for what is left */
	g_thread_join(t);
	signal(SIGPIPE, old);
	assert_non_null(err);
	assert_null(strstr(err, "0123456789"));
	assert_null(c.protocol);
	g_free(err);
	cred_clear(&c);
}

/* ------------------------------------------------------------------ */
/* 9. cred_clear, cred_has_capability, secrets                        */
/* ------------------------------------------------------------------ */

static void test_cred_clear_zeroes_and_is_idempotent(void **state)
{
	struct credential c, zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	parse_ok(&c, "protocol=https\nhost=h\npath=p\nusername=u\npassword=pw\n"
	             "password_expiry_utc=1\noauth_refresh_token=r\nauthtype=Basic\n"
	             "credential=cr\ntype=pat\nephemeral=1\nvalidate=1\ncapability[]=authtype\n"
	             "wwwauth[]=Basic\nstate[]=s\n");
	c.api_base = g_strdup("https://api.atlassian.com/ex/jira/x");
	cred_clear(&c);
	assert_memory_equal(&c, &zero, sizeof(c));
	cred_clear(&c);
	assert_memory_equal(&c, &zero, sizeof(c));

	/* The struct can be reused after a clear. */
	parse_ok(&c, "username=again\n");
	assert_string_equal(c.username, "again");
	cred_clear(&c);

	/* cred_init alone is clear too. */
	memset(&c, 0xa5, sizeof(c));
	cred_init(&c);
	assert_memory_equal(&c, &zero, sizeof(c));
	cred_clear(&c);
}

static void test_cred_has_capability(void **state)
{
	struct credential c;

	(void)state;
	cred_init(&c);
	assert_int_equal(cred_has_capability(&c, "authtype"), 0);

	parse_ok(&c, "capability[]=authtype\ncapability[]=state\n");
	assert_int_equal(cred_has_capability(&c, "authtype"), 1);
	assert_int_equal(cred_has_capability(&c, "state"), 1);
	assert_int_equal(cred_has_capability(&c, "auth"), 0);
	assert_int_equal(cred_has_capability(&c, "authtypes"), 0);
	assert_int_equal(cred_has_capability(&c, "AUTHTYPE"), 0);
	assert_int_equal(cred_has_capability(&c, ""), 0);
	cred_clear(&c);

	parse_ok(&c, "capability[]=authtype\ncapability[]=\n");
	assert_int_equal(cred_has_capability(&c, "authtype"), 0);
	cred_clear(&c);

	/* wwwauth[] and state[] are not capabilities. */
	parse_ok(&c, "wwwauth[]=authtype\nstate[]=authtype\n");
	assert_int_equal(cred_has_capability(&c, "authtype"), 0);
	cred_clear(&c);
}

static void test_secret_replace_and_free(void **state)
{
	char *s = NULL;

	(void)state;
	secret_replace(&s, "one");
	assert_string_equal(s, "one");
	secret_replace(&s, "two");
	assert_string_equal(s, "two");
	secret_replace(&s, NULL);
	assert_null(s);
	secret_free(NULL);
}

/* ------------------------------------------------------------------ */

int main(void)
{
	const struct CMUnitTest parse_tests[] = {
	    cmocka_unit_test(test_parse_reads_every_known_key),
	    cmocka_unit_test(test_parse_service_and_scope),
	    cmocka_unit_test(test_scope_valid),
	    cmocka_unit_test(test_header_of_service),
	    cmocka_unit_test(test_parse_empty_input_gives_empty_credential),
	    cmocka_unit_test(test_parse_ignores_unknown_keys),
	    cmocka_unit_test(test_parse_later_scalar_overrides_earlier),
	    cmocka_unit_test(test_parse_flag_and_type_values),
	    cmocka_unit_test(test_parse_lists_accumulate),
	    cmocka_unit_test(test_parse_empty_list_value_clears_list),
	    cmocka_unit_test(test_parse_ignores_unknown_list_keys),
	    cmocka_unit_test(test_parse_blank_line_ends_block),
	    cmocka_unit_test(test_parse_last_line_without_newline),
	    cmocka_unit_test(test_parse_value_keeps_text_after_first_equals),
	    cmocka_unit_test(test_parse_empty_value_is_empty_string),
	    cmocka_unit_test(test_parse_accepts_utf8_values),
	};
	const struct CMUnitTest refusal_tests[] = {
	    cmocka_unit_test(test_refuse_carriage_return_in_any_value),
	    cmocka_unit_test(test_refuse_nul_anywhere),
	    cmocka_unit_test(test_line_of_65535_bytes_accepted_65536_refused),
	    cmocka_unit_test(test_refuse_line_without_equals),
	    cmocka_unit_test(test_refuse_empty_key),
	    cmocka_unit_test(test_refuse_invalid_utf8),
	    cmocka_unit_test(test_input_size_limit),
	    cmocka_unit_test(test_list_entry_limit),
	    cmocka_unit_test(test_refuse_bad_type),
	    cmocka_unit_test(test_refuse_bad_flag_values),
	    cmocka_unit_test(test_refuse_bad_password_expiry_with_host),
	    cmocka_unit_test(test_refuse_bad_password_expiry_without_host),
	};
	const struct CMUnitTest domain_tests[] = {
	    cmocka_unit_test(test_domain_table_domain_parse),
	    cmocka_unit_test(test_domain_table_domain_key),
	    cmocka_unit_test(test_domain_table_url_key),
	    cmocka_unit_test(test_domain_dot_segments_refused),
	    cmocka_unit_test(test_domain_query_fragment_warns_and_is_dropped),
	    cmocka_unit_test(test_domain_userinfo_sets_username),
	    cmocka_unit_test(test_domain_password_in_url_refused_without_quoting_it),
	    cmocka_unit_test(test_domain_userinfo_cannot_smuggle_line_breaks),
	    cmocka_unit_test(test_domain_format_builds_base_url),
	    cmocka_unit_test(test_host_without_port),
	    cmocka_unit_test(test_host_normalize_drops_default_port),
	    cmocka_unit_test(test_host_normalize_keeps_other_ports),
	    cmocka_unit_test(test_host_normalize_refuses),
	    cmocka_unit_test(test_host_longer_than_dns_refused),
	    cmocka_unit_test(test_parse_normalizes_protocol_and_host),
	    cmocka_unit_test(test_path_normalize),
	    cmocka_unit_test(test_path_covers),
	};
	const struct CMUnitTest output_tests[] = {
	    cmocka_unit_test(test_write_kv_writes_line),
	    cmocka_unit_test(test_write_kv_refuses_line_breaks_and_equals_in_key),
	    cmocka_unit_test(test_write_kv_null_value_writes_nothing),
	    cmocka_unit_test(test_write_kv_round_trips_through_parse),
	    cmocka_unit_test(test_header_cloud_is_basic_email_token),
	    cmocka_unit_test(test_header_server_is_basic_user_password),
	    cmocka_unit_test(test_header_pat_is_bearer_token),
	    cmocka_unit_test(test_header_credential_part),
	    cmocka_unit_test(test_header_password_with_colon),
	    cmocka_unit_test(test_type_inference_table),
	    cmocka_unit_test(test_host_is_cloud),
	    cmocka_unit_test(test_jira_type_valid),
	};
	const struct CMUnitTest input_tests[] = {
	    cmocka_unit_test(test_read_fd_stops_at_blank_line_with_pipe_open),
	    cmocka_unit_test(test_read_fd_blank_line_split_across_writes),
	    cmocka_unit_test(test_read_fd_block_ended_by_eof),
	    cmocka_unit_test(test_read_fd_refuses_oversized_input),
	    cmocka_unit_test(test_cred_clear_zeroes_and_is_idempotent),
	    cmocka_unit_test(test_cred_has_capability),
	    cmocka_unit_test(test_secret_replace_and_free),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("cred_parse", parse_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("refusals", refusal_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("domain", domain_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("output_and_header", output_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("input_and_lifetime", input_tests, NULL, NULL);
	return failed ? 1 : 0;
}
