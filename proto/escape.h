/*
 * escape.h: makes bytes that came from a server, a file or the keyring
 * harmless for a terminal.  The one function every message, list line and
 * trace passes such bytes through before printing them.
 */
#ifndef JC_ESCAPE_H
#define JC_ESCAPE_H

#include <stddef.h>

/*
 * A newly allocated copy of s (NULL gives "(null)") in which nothing can
 * act on a terminal: C0 controls, DEL, C1 controls (U+0080..U+009F), ESC,
 * BEL, CR, LF and TAB become visible escapes (\x1b, \r, \n, \t, \xNN,
 * \u0085), bytes that are not valid UTF-8 become \xNN, and a backslash
 * becomes \\ so the result is unambiguous.  Valid printable UTF-8 is kept.
 * Free with g_free().
 */
char *term_safe(const char *s);

/* The same for s[0..len), which may hold NUL bytes. */
char *term_safe_len(const char *s, size_t len);

#endif
