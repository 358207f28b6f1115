/*
 * test_netrc.c: cmocka unit tests of proto/netrc.c and netrc_file.c: the
 * reader against curl 7.84+'s rules (in the spirit of curl's own netrc
 * tests: quoting and escapes, keywords in any case, unknown words,
 * comments, macdef, default, the first entry for a machine), the limits,
 * the token writer read back by the reader, and safe file reading.
 *
 *   make build/tests/unit-netrc && ./build/tests/unit-netrc
 */
#define _GNU_SOURCE /* mkdtemp, symlink */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "proto/netrc.h"

static struct netrc parse_ok(const char *text)
{
	struct netrc n;
	char *err = NULL;

	if (netrc_parse(text, strlen(text), &n, &err))
		fail_msg("netrc_parse refused [%s]: %s", text, err);
	return n;
}

static void parse_fails(const char *text, size_t len, const char *why)
{
	struct netrc n;
	char *err = NULL;

	if (netrc_parse(text, len, &n, &err) == 0)
		fail_msg("netrc_parse accepted [%.60s]; want refused (%s)", text, why);
	assert_non_null(err);
	assert_null(strchr(err, '\n'));
	g_free(err);
	netrc_clear(&n);
}

static const struct netrc_entry *entry(const struct netrc *n, guint i)
{
	assert_true(i < n->entries->len);
	return g_ptr_array_index(n->entries, i);
}

static void test_basic_entries(void **state)
{
	struct netrc n = parse_ok("machine a.example login alice password secret1\n"
	                          "machine b.example\n\tlogin bob\n\tpassword secret2\n"
	                          "machine c.example password only\n");

	(void)state;
	assert_int_equal(n.entries->len, 3);
	assert_string_equal(entry(&n, 0)->machine, "a.example");
	assert_string_equal(entry(&n, 0)->login, "alice");
	assert_string_equal(entry(&n, 0)->password, "secret1");
	assert_string_equal(entry(&n, 1)->login, "bob");
	assert_string_equal(entry(&n, 1)->password, "secret2");
	assert_null(entry(&n, 2)->login);
	assert_string_equal(entry(&n, 2)->password, "only");
	netrc_clear(&n);
}

static void test_keywords_any_case(void **state)
{
	struct netrc n = parse_ok("MACHINE h.example LOGIN u Password p\nMacDef m\nx\n\nDEFAULT");

	(void)state;
	assert_int_equal(n.entries->len, 1);
	assert_string_equal(entry(&n, 0)->login, "u");
	assert_string_equal(entry(&n, 0)->password, "p");
	assert_int_equal(n.macros, 1);
	assert_int_equal(n.defaults, 1);
	netrc_clear(&n);
}

static void test_quoted_escapes(void **state)
{
	struct netrc n = parse_ok("machine h login \"us er\" password "
	                          "\"a\\\"b\\\\c\\nd\\re\\tf\\qg h#i\"\n");

	(void)state;
	assert_string_equal(entry(&n, 0)->login, "us er");
	assert_string_equal(entry(&n, 0)->password, "a\"b\\c\nd\re\tfqg h#i");
	netrc_clear(&n);
}

static void test_quoted_empty_and_keyword_values(void **state)
{
	struct netrc n = parse_ok("machine h login machine password \"\"\n");

	(void)state;
	assert_int_equal(n.entries->len, 1);
	assert_string_equal(entry(&n, 0)->login, "machine");
	assert_string_equal(entry(&n, 0)->password, "");
	netrc_clear(&n);
}

/* As curl 8's reader: a quoted token may run over a line break. */
static void test_quoted_over_a_line_break(void **state)
{
	struct netrc n = parse_ok("machine h login u password \"line1\nline2\" machine i\n");

	(void)state;
	assert_int_equal(n.entries->len, 2);
	assert_string_equal(entry(&n, 0)->password, "line1\nline2");
	netrc_clear(&n);
}

static void test_bad_quoting_refused(void **state)
{
	(void)state;
	parse_fails("machine h password \"abc", 23, "unterminated at the end");
	parse_fails("machine h password \"abc\nlogin u\n", 32, "unterminated over lines");
	parse_fails("machine h password \"abc\\", 24, "a trailing backslash");
	parse_fails("machine h password \"abc\\\"", 25, "an escaped closing quote");
}

static void test_unknown_words_skipped(void **state)
{
	struct netrc n = parse_ok("machine h port 21 login u protocol https password p extra\n"
	                          "something machine i login v password q\n");

	(void)state;
	assert_int_equal(n.entries->len, 2);
	assert_string_equal(entry(&n, 0)->login, "u");
	assert_string_equal(entry(&n, 0)->password, "p");
	assert_string_equal(entry(&n, 1)->machine, "i");
	netrc_clear(&n);
}

static void test_comments(void **state)
{
	struct netrc n = parse_ok("# a comment: machine evil login x password y\n"
	                          "   # indented comment\n"
	                          "machine h login u password a#b # trailing comment password z\n");

	(void)state;
	assert_int_equal(n.entries->len, 1);
	assert_string_equal(entry(&n, 0)->password, "a#b");
	netrc_clear(&n);
}

static void test_macdef_and_default_skipped(void **state)
{
	struct netrc n = parse_ok("macdef init\nmachine evil login x password y\ncd /\n\n"
	                          "default login anon password guest\n"
	                          "machine h login u password p\n");

	(void)state;
	assert_int_equal(n.entries->len, 1);
	assert_string_equal(entry(&n, 0)->machine, "h");
	assert_int_equal(n.macros, 1);
	assert_int_equal(n.defaults, 1);
	netrc_clear(&n);
}

/*
 * curl answers from the first entry for a machine and login; so does the
 * parser.  Another login for the same machine is another credential.
 */
static void test_first_entry_for_a_machine_and_login_wins(void **state)
{
	struct netrc n = parse_ok("machine h.example login first password one\n"
	                          "machine other login o password x\n"
	                          "machine H.Example login first password two\n"
	                          "machine h.example login second password three\n"
	                          "machine h.example password four\n"
	                          "machine h.example login second password five\n"
	                          "machine h.example password six\n");

	(void)state;
	assert_int_equal(n.entries->len, 4);
	assert_string_equal(entry(&n, 0)->password, "one");
	assert_string_equal(entry(&n, 1)->machine, "other");
	assert_string_equal(entry(&n, 2)->login, "second");
	assert_string_equal(entry(&n, 2)->password, "three");
	assert_null(entry(&n, 3)->login);
	assert_string_equal(entry(&n, 3)->password, "four");
	assert_int_equal(n.duplicates, 3);
	netrc_clear(&n);
}

static void test_missing_value_refused(void **state)
{
	(void)state;
	parse_fails("machine h login u password", 26, "password without a value");
	parse_fails("machine", 7, "machine without a value");
}

static void test_nul_refused(void **state)
{
	(void)state;
	parse_fails("machine h\0 login u", 18, "NUL byte");
}

static void test_token_limit(void **state)
{
	GString *s = g_string_new("machine h password ");
	struct netrc n;

	(void)state;
	for (int i = 0; i < NETRC_TOKEN_MAX; i++)
		g_string_append_c(s, 'x');
	n = parse_ok(s->str);
	assert_int_equal(strlen(entry(&n, 0)->password), NETRC_TOKEN_MAX);
	netrc_clear(&n);
	g_string_append_c(s, 'x');
	parse_fails(s->str, s->len, "bare token over the limit");
	g_string_assign(s, "machine h password \"");
	for (int i = 0; i < NETRC_TOKEN_MAX; i++)
		g_string_append(s, "\\n");
	g_string_append_c(s, '"');
	n = parse_ok(s->str);
	netrc_clear(&n);
	g_string_insert(s, strlen("machine h password \""), "y");
	parse_fails(s->str, s->len, "quoted token over the limit");
	g_string_free(s, TRUE);
}

static void test_file_limit(void **state)
{
	char *text = g_malloc(NETRC_FILE_MAX + 2);
	struct netrc n;
	char *err = NULL;

	(void)state;
	memset(text, '\n', NETRC_FILE_MAX + 1);
	assert_int_equal(netrc_parse(text, NETRC_FILE_MAX, &n, &err), 0);
	netrc_clear(&n);
	parse_fails(text, NETRC_FILE_MAX + 1, "over the file limit");
	g_free(text);
}

/* Whatever a secret is, the writer's token reads back byte for byte. */
static void test_writer_round_trip(void **state)
{
	static const char *const values[] = {
	    "plain",   "#abc",    "a#b",        "#",  "a\vb",     "a\fb",     "a\"b",      "\"",
	    "a\\b",    "\\",      "a b",        " ",  "",         "a\tb",     "a\nb",      "a\rb",
	    "machine", "default", "\"quoted\"", "é😀", "\x01\x7f", "tab\t\\t", "trailing\\"};

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
		GString *out = g_string_new("machine h login ");
		struct netrc n;

		netrc_write_token(out, values[i]);
		g_string_append(out, " password ");
		netrc_write_token(out, values[i]);
		g_string_append_c(out, '\n');
		n = parse_ok(out->str);
		assert_int_equal(n.entries->len, 1);
		assert_string_equal(entry(&n, 0)->login, values[i]);
		assert_string_equal(entry(&n, 0)->password, values[i]);
		/* never a raw line break: curl reads a quoted token on one line */
		assert_null(memchr(out->str, '\n', out->len - 1));
		assert_null(memchr(out->str, '\r', out->len));
		netrc_clear(&n);
		g_string_free(out, TRUE);
	}
}

static void test_writer_quotes_exactly_when_needed(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"plain", "plain"},    {"a#b", "a#b"},         {"#abc", "\"#abc\""},
	    {"", "\"\""},          {"a\vb", "\"a\vb\""},   {"a\fb", "\"a\fb\""},
	    {"a b", "\"a b\""},    {"a\"b", "\"a\\\"b\""}, {"a\\b", "\"a\\\\b\""},
	    {"a\tb", "\"a\\tb\""}, {"a\nb", "\"a\\nb\""},
	};

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GString *out = g_string_new(NULL);

		netrc_write_token(out, cases[i].in);
		assert_string_equal(out->str, cases[i].want);
		g_string_free(out, TRUE);
	}
}

/* ---- netrc_read_file ---- */

static char *dir;

static int make_dir(void **state)
{
	(void)state;
	dir = g_strdup("/tmp/test-netrc-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	int rc;

	(void)state;
	rc = system(cmd);
	g_free(cmd);
	g_free(dir);
	return rc;
}

static void read_fails(const char *path)
{
	char *text = NULL, *err = NULL;
	size_t len = 7;

	if (netrc_read_file(path, &text, &len, &err) == 0)
		fail_msg("netrc_read_file(%s) read %zu bytes; want refused", path, len);
	assert_null(text);
	assert_non_null(err);
	g_free(err);
}

static void test_read_regular_file_and_link(void **state)
{
	char *f = g_build_filename(dir, "netrc", NULL), *l = g_build_filename(dir, "link", NULL);
	char *text = NULL, *err = NULL;
	size_t len = 0;

	(void)state;
	assert_true(g_file_set_contents(f, "machine h login u password p\n", -1, NULL));
	assert_int_equal(symlink(f, l), 0);
	assert_int_equal(netrc_read_file(l, &text, &len, &err), 0);
	assert_int_equal(len, 29);
	assert_string_equal(text, "machine h login u password p\n");
	g_free(text);
	g_free(f);
	g_free(l);
}

static void test_read_refuses_devices_fifos_dirs(void **state)
{
	char *fifo = g_build_filename(dir, "fifo", NULL);
	char *link = g_build_filename(dir, "zero", NULL);

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("/dev/zero", link), 0);
	read_fails("/dev/zero");
	read_fails(link);
	read_fails(fifo); /* and does not block: no writer ever comes */
	read_fails(dir);
	read_fails("/nonexistent/netrc");
	g_free(fifo);
	g_free(link);
}

static void test_read_size_limit(void **state)
{
	char *f = g_build_filename(dir, "big", NULL), *text = NULL, *err = NULL;
	char *data = g_malloc0(NETRC_FILE_MAX + 1);
	size_t len = 0;

	(void)state;
	memset(data, ' ', NETRC_FILE_MAX + 1);
	assert_true(g_file_set_contents(f, data, NETRC_FILE_MAX, NULL));
	assert_int_equal(netrc_read_file(f, &text, &len, &err), 0);
	assert_int_equal(len, NETRC_FILE_MAX);
	g_free(text);
	assert_true(g_file_set_contents(f, data, NETRC_FILE_MAX + 1, NULL));
	read_fails(f);
	g_free(data);
	g_free(f);
}

int main(void)
{
	const struct CMUnitTest parse_tests[] = {
	    cmocka_unit_test(test_basic_entries),
	    cmocka_unit_test(test_keywords_any_case),
	    cmocka_unit_test(test_quoted_escapes),
	    cmocka_unit_test(test_quoted_empty_and_keyword_values),
	    cmocka_unit_test(test_quoted_over_a_line_break),
	    cmocka_unit_test(test_bad_quoting_refused),
	    cmocka_unit_test(test_unknown_words_skipped),
	    cmocka_unit_test(test_comments),
	    cmocka_unit_test(test_macdef_and_default_skipped),
	    cmocka_unit_test(test_first_entry_for_a_machine_and_login_wins),
	    cmocka_unit_test(test_missing_value_refused),
	    cmocka_unit_test(test_nul_refused),
	    cmocka_unit_test(test_token_limit),
	    cmocka_unit_test(test_file_limit),
	    cmocka_unit_test(test_writer_round_trip),
	    cmocka_unit_test(test_writer_quotes_exactly_when_needed),
	};
	const struct CMUnitTest file_tests[] = {
	    cmocka_unit_test(test_read_regular_file_and_link),
	    cmocka_unit_test(test_read_refuses_devices_fifos_dirs),
	    cmocka_unit_test(test_read_size_limit),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("netrc_parse", parse_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("netrc_read_file", file_tests, make_dir, remove_dir);
	return failed ? 1 : 0;
}
