/*
 * item.h: the secret of a keyring item (jira-credential(5)): the
 * credential itself and nothing else, so that what a person copies from
 * Seahorse or KeePassXC, or gets from secret-tool lookup, is the token or
 * password: the password, then, when there is one, git's other secret on
 * a second line as git-credential-libsecret writes it
 * ("oauth_refresh_token=...").  The non-secret facts live in the item's
 * attributes.  An empty password is written as a lone newline, so that an
 * item whose secret never arrived (zero bytes: a keyring that failed in
 * the middle of a store) is never taken for one.
 *
 * Items stored by versions before 0.2 carry a copy of the facts after the
 * password (username=, path=, type=...); those are read, and rewritten in
 * this form when the credential is next stored.
 */
#ifndef JC_ITEM_H
#define JC_ITEM_H

#include "cred.h"

/* The secret for c (password set), in a buffer from secret_buf_new(). */
GString *item_secret_encode(const struct credential *c);

/*
 * Takes the password and refresh token of the secret bytes[0..len) into
 * c.  Returns 0, or -1 for a secret that holds nothing (zero bytes),
 * which is never answered.
 */
int item_secret_decode(const char *bytes, size_t len, struct credential *c);

#endif
