/*
 * patname.c: a token's name at Jira (see patname.h).
 */
#include "patname.h"

#include <glib.h>
#include <string.h>

char *pat_token_name(const char *host)
{
	GString *s = g_string_new("jira-credential on ");
	size_t n = host ? strlen(host) : 0;

	if (!n)
		g_string_append(s, "this computer");
	for (size_t i = 0; i < n && i < PATNAME_HOST_MAX; i++)
		g_string_append_c(s, g_ascii_isalnum(host[i]) || strchr(".-_", host[i]) ? host[i]
		                                                                        : '_');
	return g_string_free(s, FALSE);
}
