/*
 * item.h: the secret of a keyring item (jira-credential(5)): the password
 * on its first line, then, one key=value a line as git-credential-libsecret
 * does, git's other secret (oauth_refresh_token) and a copy of the
 * credential's non-secret facts (and whether it came as git's
 * authtype=/credential= pair).  With that copy a get that matches one
 * item needs no round trip for the item's attributes; the attributes stay
 * what searches and list read.
 */
#ifndef JC_ITEM_H
#define JC_ITEM_H

#include "cred.h"

/* The secret for c (password set), in a buffer from secret_buf_new(). */
GString *item_secret_encode(const struct credential *c);

/*
 * Takes the password and refresh token of the secret bytes[0..len) into
 * c; with facts, also the copy of the non-secret facts (username, path,
 * type, expiry, api_base).  Returns whether the secret carried that copy
 * (an item stored before the copy existed did not).
 */
int item_secret_decode(const char *bytes, size_t len, struct credential *c, int facts);

#endif
