/*
 * secret.h: strings and buffers that may hold a secret.  Each is cleared
 * before it is freed; a buffer that receives a secret is made at its final
 * size, because a buffer that grew would leave an uncleared copy behind in
 * the block it moved from.
 */
#ifndef JC_SECRET_H
#define JC_SECRET_H

#include <glib.h>

/*
 * Room for any text that holds a secret (an answer, an item's secret, the
 * validator's request).  Untouched pages cost no memory.
 */
#define SECRET_BUF_MAX (1024 * 1024)

/* Clears then frees a string that may hold a secret. */
void secret_free(char *s);
/* Replaces *slot by a copy of value (NULL allowed), clearing the old one. */
void secret_replace(char **slot, const char *value);

/* A GString of SECRET_BUF_MAX bytes, never moved; only ever append to it. */
GString *secret_buf_new(void);
/* Clears what was written to a buffer from secret_buf_new, and frees it (NULL allowed). */
void secret_buf_free(GString *s);

#endif
