/*
 * jsonw.h: writing JSON with json-glib, loaded only when JSON is asked
 * for.  Linking json-glib costs every start of the program (a plain get
 * included) about 110 KiB of memory and a library load; only
 * --format=json and list --format=json need it.
 */
#ifndef JC_JSONW_H
#define JC_JSONW_H

struct jsonw;

/* A new writer; exits 2 with a message when json-glib cannot be loaded. */
struct jsonw *jsonw_new(void);
void jsonw_begin_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_begin_array(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);
/* A member whose value is a string, or null when value is NULL. */
void jsonw_member(struct jsonw *w, const char *name, const char *value);
/* The document (free with secret_free), and the writer freed. */
char *jsonw_finish(struct jsonw *w, int pretty);

#endif
