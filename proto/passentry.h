/*
 * passentry.h: a credential as a file of the standard Unix password store
 * (pass, gopass, QtPass, browserpass): the entry's text (line 1 the
 * secret, then "key: value" lines in pass's convention) and the entry's
 * path in the store, made from the domain and the username
 * (jira-credential(5), "PASSWORD STORE").  Pure code: no gpg, no files.
 *
 * The text is in passentry.c; the path, the limits every writer and
 * reader share, and the rule that an entry answers only for what its own
 * content says are in passentry_path.c.
 */
#ifndef JC_PASSENTRY_H
#define JC_PASSENTRY_H

#include "cred.h"

/*
 * Bounds on what an entry may be.  The writer refuses what the reader
 * would not read back: one set of limits for both.
 */
#define PASSENTRY_MAX       (64 * 1024) /* bytes of an entry's text */
#define PASSENTRY_MAX_PATH  2048        /* bytes of an entry's path in the store */
#define PASSENTRY_MAX_NAME  255         /* bytes of one file or directory name (NAME_MAX) */
#define PASSENTRY_MAX_DEPTH 32          /* directories below jira/, the host's included */

/* The top directory of our entries in the store. */
#define PASSENTRY_DIR "jira"
/* The file name that stands for an empty username (a personal access token). */
#define PASSENTRY_NO_USER "_token"

/*
 * Parses an entry as pass users write it: line 1 the secret (exactly as
 * written), then lines "key: value" whose keys are case-insensitive and
 * whose space after the colon is optional.  Keys: login (also user,
 * username, email), url, type, expires (YYYY-MM-DD, an ISO 8601 time, or
 * seconds since the epoch), api_base, oauth_refresh_token, authtype
 * (Bearer: stored from git's authtype=/credential=), scope (a service
 * account's), pat_id, client_cert, client_key.  Fills c's password,
 * username (when given), type, password_expiry_utc, api_base,
 * oauth_refresh_token, from_authtype, scope, pat_id, client_cert and
 * client_key, *url (NULL when none) and, when notes is not NULL, *notes:
 * every other line after the first, as written (NULL when none; it may
 * hold anything a person wrote: free it with secret_free).  The first line
 * may be empty (an empty password) only in an entry with a url: line, as
 * this program writes one.  Returns 0, or -1 with a one-line *err that
 * never quotes a value (CR or NUL anywhere, too long, an empty secret, a
 * bad type or date).
 */
int passentry_parse(const char *buf, size_t len, struct credential *c, char **url, char **notes,
                    char **err);

/*
 * The canonical text of c's entry, in a buffer from secret_buf_new(): the
 * secret, then login:, url:, type:, and expires:, api_base:,
 * oauth_refresh_token:, authtype:, scope:, pat_id:, client_cert:,
 * client_key: when set, then notes (lines kept from the entry it replaces;
 * may be NULL).  NULL with a one-line *err when a value holds a line break
 * or the text would be longer than PASSENTRY_MAX.
 */
GString *passentry_write(const struct credential *c, const char *notes, char **err);

/*
 * "jira/HOST/PATH.../USER.gpg" for an origin, path (NULL: none) and
 * username (NULL or "": PASSENTRY_NO_USER), each part escaped so that the
 * mapping is reversible and no part is ".", "..", hidden, or holds a '/'.
 * Newly allocated.
 */
char *passentry_path(const char *protocol, const char *host, const char *path,
                     const char *username);

/* "jira/HOST": the directory of every entry of one origin.  Newly allocated. */
char *passentry_origin_dir(const char *protocol, const char *host);

/*
 * Whether an entry at rel stays within the limits above (its length, each
 * name, its depth), so that every reader finds it again.  Returns 0, or
 * -1 with a one-line *err for the person who stores it.
 */
int passentry_path_fits(const char *rel, char **err);

/*
 * The inverse of passentry_path: protocol, host, path (NULL when none) and
 * username ("" for PASSENTRY_NO_USER) of the entry at rel (relative to the
 * store, "jira/..."), newly allocated.  Returns 0, or -1 when rel is not
 * the path of an entry of ours (or lies beyond the limits above).
 */
int passentry_parse_path(const char *rel, char **protocol, char **host, char **path,
                         char **username);

/*
 * What the entry at rel answers for, decided by its content
 * (jira-credential(5), "Entry"): the origin and path of its url: line,
 * and its login: line (c->username as passentry_parse left it: NULL when
 * none), the login being empty when the entry has a url: line and no
 * login: line.  Only an entry with no url: line at all (the secret alone,
 * as pass insert makes one by hand) takes its origin and path, and then
 * its user when it has no login: line, from the file name.  Sets c's
 * protocol, host, path and username.  Returns 0, or -1 with a one-line
 * *err, every part made safe for a terminal, when the file name and the
 * content disagree: such an entry answers nothing.
 */
int passentry_identity(const char *rel, const char *url, struct credential *c, char **err);

#endif
