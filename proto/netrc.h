/*
 * netrc.h: reads a .netrc file's text (as curl and ftp read it): machine,
 * login and password tokens, quoted tokens, default and macdef entries
 * (counted and skipped), # comments.  No keyring: import-netrc stores what
 * this returns.
 */
#ifndef JC_NETRC_H
#define JC_NETRC_H

#include <glib.h>

struct netrc_entry {
	char *machine;
	char *login;    /* NULL when the entry has none */
	char *password; /* secret; NULL when the entry has none */
};

struct netrc {
	GPtrArray *entries; /* struct netrc_entry *, in file order */
	int defaults;       /* "default" entries skipped */
	int macros;         /* "macdef" definitions skipped */
};

/* Parses text[0..len).  Returns 0, or -1 with a one-line *err. */
int netrc_parse(const char *text, size_t len, struct netrc *out, char **err);

/* Frees everything, clearing the passwords. */
void netrc_clear(struct netrc *n);

#endif
