/*
 * jsonout.c: JSON strings and members (see jsonout.h).
 */
#include "jsonout.h"
#include "escape.h"

#include <string.h>

/* \uXXXX, as a UTF-16 surrogate pair above U+FFFF (RFC 8259, section 7). */
static void put_u_escape(GString *out, gunichar c)
{
	if (c > 0xffff) {
		c -= 0x10000;
		g_string_append_printf(out, "\\u%04x\\u%04x", 0xd800 + (unsigned)(c >> 10),
		                       0xdc00 + (unsigned)(c & 0x3ff));
	} else
		g_string_append_printf(out, "\\u%04x", (unsigned)c);
}

void json_write_string(GString *out, const char *s)
{
	const char *p = s, *end = s + strlen(s);

	g_string_append_c(out, '"');
	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);

		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append(out, "\\ufffd");
			p++;
			continue;
		}
		if (c == '"' || c == '\\')
			g_string_append_printf(out, "\\%c", (char)c);
		else if (c == '\n')
			g_string_append(out, "\\n");
		else if (c == '\t')
			g_string_append(out, "\\t");
		else if (!term_printable(c)) /* controls, bidi and invisible: never raw */
			put_u_escape(out, c);
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
		p = g_utf8_next_char(p);
	}
	g_string_append_c(out, '"');
}

void json_write_member(GString *out, int *first, const char *name, const char *value)
{
	if (!*first)
		g_string_append_c(out, ',');
	*first = 0;
	json_write_string(out, name);
	g_string_append_c(out, ':');
	if (value)
		json_write_string(out, value);
	else
		g_string_append(out, "null");
}
