/*
 * escape.c: term_safe(), the terminal-safe rendering of untrusted bytes,
 * and term_printable(), the rule it applies (see escape.h).
 */
#include "escape.h"

#include <glib.h>
#include <string.h>

static void put_byte(GString *out, unsigned char c)
{
	switch (c) {
	case '\\':
		g_string_append(out, "\\\\");
		break;
	case '\n':
		g_string_append(out, "\\n");
		break;
	case '\r':
		g_string_append(out, "\\r");
		break;
	case '\t':
		g_string_append(out, "\\t");
		break;
	default:
		if (c < 0x20 || c >= 0x7f)
			g_string_append_printf(out, "\\x%02x", c);
		else
			g_string_append_c(out, (char)c);
	}
}

int term_printable(unsigned int cp)
{
	switch (g_unichar_type((gunichar)cp)) {
	case G_UNICODE_CONTROL:             /* C0, DEL, C1: CSI, OSC, NEL... */
	case G_UNICODE_FORMAT:              /* bidi controls, zero-width, soft hyphen, tags */
	case G_UNICODE_LINE_SEPARATOR:      /* U+2028 */
	case G_UNICODE_PARAGRAPH_SEPARATOR: /* U+2029 */
		return 0;
	default:
		return 1;
	}
}

char *term_safe_len(const char *s, size_t len)
{
	GString *out = g_string_sized_new(len + 1);
	const char *p = s, *end = s + len;

	while (p < end) {
		unsigned char c = (unsigned char)*p;
		gunichar u;
		int n;

		if (c < 0x80) {
			put_byte(out, c);
			p++;
			continue;
		}
		u = g_utf8_get_char_validated(p, end - p);
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			put_byte(out, c); /* not UTF-8: one byte at a time */
			p++;
			continue;
		}
		n = g_utf8_skip[c];
		if (term_printable(u))
			g_string_append_len(out, p, n);
		else if (u > 0xffff)
			g_string_append_printf(out, "\\U%08x", u);
		else
			g_string_append_printf(out, "\\u%04x", u);
		p += n;
	}
	return g_string_free(out, FALSE);
}

char *term_safe(const char *s)
{
	return s ? term_safe_len(s, strlen(s)) : g_strdup("(null)");
}
