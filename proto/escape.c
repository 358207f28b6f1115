/*
 * escape.c: term_safe(), the terminal-safe rendering of untrusted bytes
 * (see escape.h).  Owns the rule for what may reach a terminal as it came.
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

/* Whether a valid code point may be shown as it is. */
static int printable(gunichar u)
{
	if (u >= 0x80 && u <= 0x9f) /* C1 controls: CSI, OSC, NEL... */
		return 0;
	/* Bidi overrides and isolates reorder the rest of the line. */
	if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069))
		return 0;
	return u != 0x2028 && u != 0x2029; /* line and paragraph separators */
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
		if (printable(u))
			g_string_append_len(out, p, n);
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
