/*
 * secret.c: clearing what held a secret before it is freed (see secret.h).
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "secret.h"

#include <string.h>

void secret_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		g_free(s);
	}
}

void secret_replace(char **slot, const char *value)
{
	secret_free(*slot);
	*slot = value ? g_strdup(value) : NULL;
}

GString *secret_buf_new(void)
{
	return g_string_sized_new(SECRET_BUF_MAX);
}

void secret_buf_free(GString *s)
{
	if (s) {
		/*
		 * What was written, not the whole allocation: clearing pages that
		 * were never touched would make the kernel map them (a megabyte
		 * of memory, and time, on every get).  Such a buffer is only ever
		 * appended to, so nothing lies beyond its length.
		 */
		explicit_bzero(s->str, s->len);
		g_string_free(s, TRUE);
	}
}
