/*
 * jsonout.h: writing JSON text (RFC 8259) for --format=json and list: flat
 * objects of string members.  Written here rather than by a JSON library
 * because the answer of get holds the secret, and a library's builder and
 * generator keep copies of it that nobody clears; this writes straight
 * into the caller's buffer (from secret_buf_new(), cleared after use).
 */
#ifndef JC_JSONOUT_H
#define JC_JSONOUT_H

#include <glib.h>

/*
 * Appends s as a JSON string; what a terminal must not get raw (controls,
 * bidi and invisible format characters: term_printable() of escape.h) is
 * written as \u escapes, which read back as the same characters; invalid
 * UTF-8 becomes U+FFFD.
 */
void json_write_string(GString *out, const char *s);

/*
 * Appends "name": value to the object being written (value NULL gives
 * null); *first is set before the first member and tracks the commas.
 */
void json_write_member(GString *out, int *first, const char *name, const char *value);

#endif
