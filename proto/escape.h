/*
 * escape.h: makes bytes that came from a server, a file, the keyring, gpg
 * or the bus harmless for a terminal.  The one owner of the rule of what
 * may reach a terminal as it came: every message (msg.c's fail() and
 * warnx_()), every line printed for people (list, doctor, login,
 * import-netrc) and every --verbose trace passes through term_safe(), and
 * the JSON writer (jsonout.c) asks term_printable() which characters it
 * must write as \u escapes.
 */
#ifndef JC_ESCAPE_H
#define JC_ESCAPE_H

#include <stddef.h>

/*
 * Whether the code point cp may be shown as it is: not a control (C0,
 * DEL, C1 such as CSI U+009B), not a format character that reorders or
 * hides text (bidi embeddings, overrides, isolates and marks: U+202A..E,
 * U+2066..9, U+200E/F, U+061C; zero-width U+200B..D, U+2060..4, U+FEFF,
 * the soft hyphen U+00AD, tag characters), not a line or paragraph
 * separator (U+2028, U+2029).
 */
int term_printable(unsigned int cp);

/*
 * A newly allocated copy of s (NULL gives "(null)") in which nothing can
 * act on a terminal or hide from a reader: CR, LF and TAB become \r, \n,
 * \t; other C0 controls, DEL and bytes that are not valid UTF-8 (raw
 * 0x80..0x9F included) become \xNN; every code point that
 * term_printable() refuses becomes \uNNNN (\UNNNNNNNN above U+FFFF); a
 * backslash becomes \\ so the result is unambiguous.  Everything else is
 * kept.  Free with g_free().
 */
char *term_safe(const char *s);

/* The same for s[0..len), which may hold NUL bytes. */
char *term_safe_len(const char *s, size_t len);

#endif
