/*
 * netrc.h: reads and writes .netrc text by curl's rules (7.84 and later):
 * machine, login, password, account, default and macdef, keywords in any
 * case, words netrc does not know skipped, quoted tokens with \", \\, \n,
 * \r and \t escapes, '#' comments.  Bounded: NETRC_TOKEN_MAX per token,
 * NETRC_FILE_MAX per file (curl's own limits).  No keyring: import-netrc
 * stores what this returns; --format=netrc writes with netrc_write_token.
 */
#ifndef JC_NETRC_H
#define JC_NETRC_H

#include <glib.h>

#define NETRC_TOKEN_MAX 4096         /* bytes in one token, as curl's MAX_NETRC_TOKEN */
#define NETRC_FILE_MAX  (128 * 1024) /* bytes in a file, as curl's MAX_NETRC_FILE */

struct netrc_entry {
	char *machine;
	char *login;    /* NULL when the entry has none */
	char *password; /* secret; NULL when the entry has none */
};

struct netrc {
	GPtrArray *entries; /* struct netrc_entry *, in file order, each machine and login once */
	int defaults;       /* "default" entries skipped */
	int macros;         /* "macdef" definitions skipped */
	int duplicates;     /* later entries for a machine and login already named, dropped */
};

/*
 * Parses text[0..len).  When a file names the same machine (in any case)
 * with the same login twice, curl uses the first entry: only that one is
 * returned, and the later ones are dropped and counted in duplicates, so
 * that importing the file cannot let a later entry override the one curl
 * uses.  Entries for one machine with different logins are different
 * credentials: all are returned (curl picks among them by the login the
 * URL names, and the first when it names none).  Returns 0, or -1 with a
 * one-line *err that never quotes the file.
 */
int netrc_parse(const char *text, size_t len, struct netrc *out, char **err);

/* Frees everything, clearing the passwords. */
void netrc_clear(struct netrc *n);

/*
 * Appends s as one netrc token that curl reads back byte for byte: bare
 * when that is safe, else double-quoted with \", \\, \n, \r and \t escaped.
 */
void netrc_write_token(GString *out, const char *s);

/*
 * Reads a netrc file: follows symbolic links, but the file itself must be
 * a regular file (never a FIFO or a device, and opening never blocks) of
 * at most NETRC_FILE_MAX bytes.  On success *text is NUL-terminated and
 * newly allocated (clear it with explicit_bzero(*text, *len) before
 * g_free).  Returns 0, or -1 with a one-line *err.
 */
int netrc_read_file(const char *path, char **text, size_t *len, char **err);

#endif
