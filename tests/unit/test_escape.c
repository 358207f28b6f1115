/*
 * test_escape.c: cmocka unit tests of proto/escape.c, term_safe(): what
 * may reach a terminal from a server, a file or the keyring.
 *
 *   make build/tests/unit-escape && ./build/tests/unit-escape
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

#include "../../proto/escape.h"

struct esc_case {
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *want;
};

static const struct esc_case cases[] = {
    {"plain text: bob@example.com", 0, "plain text: bob@example.com"},
    {"", 0, ""},
    /* ESC: CSI (cursor, clear line) and OSC 52 (clipboard) */
    {"\x1b[2K\x1b[1Gok", 0, "\\x1b[2K\\x1b[1Gok"},
    {"\x1b]52;c;ZXZpbA==\x07", 0, "\\x1b]52;c;ZXZpbA==\\x07"},
    /* a bare CR that would rewrite the line, LF, TAB */
    {"evil\rvalid", 0, "evil\\rvalid"},
    {"a\nb\tc", 0, "a\\nb\\tc"},
    /* every other C0 control, and DEL */
    {"\x01\x08\x0b\x0c\x1f\x7f", 0, "\\x01\\x08\\x0b\\x0c\\x1f\\x7f"},
    /* a NUL inside a counted string */
    {"a\0b", 3, "a\\x00b"},
    /* the backslash itself, so that "\x1b" in the output is unambiguous */
    {"C:\\x1b", 0, "C:\\\\x1b"},
    /* C1 controls as UTF-8: CSI U+009B, NEL U+0085, OSC U+009D */
    {"\xc2\x9b"
     "2J",
     0, "\\u009b2J"},
    {"a\xc2\x85"
     "b",
     0, "a\\u0085b"},
    {"\xc2\x9d"
     "52;c;x",
     0, "\\u009d52;c;x"},
    /* raw C1 bytes and other invalid UTF-8, one byte at a time */
    {"\x9b"
     "2J",
     0, "\\x9b2J"},
    {"a\x80\xff"
     "b",
     0, "a\\x80\\xffb"},
    {"\xc3", 0, "\\xc3"},
    {"\xc0\xaf", 0, "\\xc0\\xaf"},          /* overlong '/' */
    {"\xed\xa0\x80", 0, "\\xed\\xa0\\x80"}, /* a surrogate */
    /* valid printable UTF-8 is kept */
    {"J\xc3\xbcrgen M\xc3\xbcller \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80", 0,
     "J\xc3\xbcrgen M\xc3\xbcller \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"},
    {"\xc2\xa0nbsp", 0, "\xc2\xa0nbsp"},
    /* bidi overrides reorder what follows: shown as escapes */
    {"a\xe2\x80\xae"
     "b",
     0, "a\\u202eb"},
};

static void test_table(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct esc_case *t = &cases[i];
		char *got = term_safe_len(t->in, t->len ? t->len : strlen(t->in));

		if (strcmp(got, t->want)) {
			print_error("case %zu: got \"%s\", want \"%s\"\n", i, got, t->want);
			bad++;
		}
		g_free(got);
	}
	assert_int_equal(bad, 0);
}

static void test_null_and_strlen_form(void **state)
{
	char *a = term_safe(NULL), *b = term_safe("x\x1b"
	                                          "y");

	(void)state;
	assert_string_equal(a, "(null)");
	assert_string_equal(b, "x\\x1by");
	g_free(a);
	g_free(b);
}

/* Whatever comes in, nothing below 0x20, no DEL, no C1, valid UTF-8 out. */
static void test_every_byte_pair_is_harmless(void **state)
{
	(void)state;
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned b = 0; b < 256; b += 3) {
			char in[4] = {(char)a, (char)b, (char)0xc2, (char)0x9b};
			char *out = term_safe_len(in, sizeof(in));

			assert_true(g_utf8_validate(out, -1, NULL));
			for (const char *p = out; *p; p = g_utf8_next_char(p)) {
				gunichar u = g_utf8_get_char(p);

				assert_false(u < 0x20 || u == 0x7f || (u >= 0x80 && u <= 0x9f));
			}
			g_free(out);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_null_and_strlen_form),
	    cmocka_unit_test(test_every_byte_pair_is_harmless),
	};

	return cmocka_run_group_tests_name("term_safe", tests, NULL, NULL);
}
