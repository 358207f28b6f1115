/*
 * passentry.h: a credential as a file of the standard Unix password store
 * (pass, gopass, QtPass, browserpass): the entry's text (line 1 the
 * secret, then "key: value" lines in pass's convention) and the entry's
 * path in the store, made from the domain and the username
 * (jira-credential(5), "PASSWORD STORE").  Pure code: no gpg, no files.
 */
#ifndef JC_PASSENTRY_H
#define JC_PASSENTRY_H

#include "cred.h"

/* Bounds on what an entry may be. */
#define PASSENTRY_MAX      (64 * 1024) /* bytes of an entry's text */
#define PASSENTRY_MAX_PATH 4096        /* bytes of an entry's path in the store */

/* The top directory of our entries in the store. */
#define PASSENTRY_DIR "jira"
/* The file name that stands for an empty username (a personal access token). */
#define PASSENTRY_NO_USER "_token"

/*
 * Parses an entry as pass users write it: line 1 the secret (exactly as
 * written), then lines "key: value" whose keys are case-insensitive and
 * whose space after the colon is optional; other lines are ignored.  Keys:
 * login (also user, username, email), url, type, expires (YYYY-MM-DD, an
 * ISO 8601 time, or seconds since the epoch), api_base,
 * oauth_refresh_token, scope.  Fills c's password, username (when given),
 * type, password_expiry_utc, api_base, oauth_refresh_token and scope, and *url
 * (NULL when none).  Returns 0, or -1 with a one-line *err that never
 * quotes a value (CR or NUL anywhere, an empty secret, a bad type or date).
 */
int passentry_parse(const char *buf, size_t len, struct credential *c, char **url, char **err);

/*
 * The canonical text of c's entry (password set), in a buffer from
 * secret_buf_new(): the secret, then login:, url:, type:, and expires:,
 * api_base:, oauth_refresh_token:, scope: when set.  NULL when a value holds a
 * line break.
 */
GString *passentry_write(const struct credential *c);

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
 * The inverse of passentry_path: protocol, host, path (NULL when none) and
 * username ("" for PASSENTRY_NO_USER) of the entry at rel (relative to the
 * store, "jira/..."), newly allocated.  Returns 0, or -1 when rel is not
 * the path of an entry of ours.
 */
int passentry_parse_path(const char *rel, char **protocol, char **host, char **path,
                         char **username);

#endif
