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

#include "proto/escape.h"

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
    /* "evil" shown backwards inside an isolate; a right-to-left mark */
    {"\xe2\x81\xa7"
     "live\xe2\x81\xa9\xe2\x80\x8f",
     0, "\\u2067live\\u2069\\u200f"},
    /* a zero-width space and joiner hide a second name in a first */
    {"ad\xe2\x80\x8bmin\xe2\x80\x8d", 0, "ad\\u200bmin\\u200d"},
    /* a soft hyphen, a BOM and a line separator */
    {"a\xc2\xad"
     "b\xef\xbb\xbf"
     "c\xe2\x80\xa8",
     0, "a\\u00adb\\ufeffc\\u2028"},
    /* an invisible tag character, above U+FFFF */
    {"x\xf3\xa0\x81\x81", 0, "x\\U000e0041"},
    /* a C1 control inside otherwise valid text, and a lone raw CSI byte */
    {"\xc3\xa9\xc2\x9b"
     "1m\x9b",
     0, "\xc3\xa9\\u009b1m\\x9b"},
};

/*
 * Every code point that reorders, hides or controls what a terminal
 * shows: C1 (CSI U+009B among them), bidi embeddings, overrides, isolates
 * and marks, zero-width characters, separators, the soft hyphen.
 */
static const unsigned int hidden_points[] = {
    0x80,   0x85,   0x9b,   0x9d,   0x9f,   0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
    0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, 0x200b, 0x200c, 0x200d,
    0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x2028, 0x2029, 0x00ad,
};

static void test_hidden_points_escaped(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(hidden_points); i++) {
		char in[8] = "", want[16];
		char *got;

		g_unichar_to_utf8(hidden_points[i], in);
		g_snprintf(want, sizeof(want), "\\u%04x", hidden_points[i]);
		got = term_safe(in);
		if (strcmp(got, want))
			print_error("U+%04X: got \"%s\", want \"%s\"\n", hidden_points[i], got,
			            want);
		assert_string_equal(got, want);
		assert_false(term_printable(hidden_points[i]));
		g_free(got);
	}
}

/* What people write is kept: letters of every script, marks, spaces, emoji. */
static void test_visible_points_kept(void **state)
{
	static const unsigned int shown[] = {'a',    0xa0,   0xe9,   0x0301,  0x05d0,
	                                     0x0627, 0x4e2d, 0x3000, 0x1f600, 0x203a};

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(shown); i++)
		assert_true(term_printable(shown[i]));
}

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

				assert_true(term_printable(u));
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
	    cmocka_unit_test(test_hidden_points_escaped),
	    cmocka_unit_test(test_visible_points_kept),
	    cmocka_unit_test(test_every_byte_pair_is_harmless),
	};

	return cmocka_run_group_tests_name("term_safe", tests, NULL, NULL);
}
