/*
 * store_pass_gpg.h: OpenPGP for the password store through GPGME (libgpgme), loaded
 * with dlopen() on first use, so that a run that never touches the
 * password store (a Secret Service get) does not pay for loading it
 * (docs/performance.md).  Encrypts to the keys a .gpg-id names and
 * decrypts with the user's gpg-agent and pinentry; when no pinentry can
 * reach the user (no terminal, no display), gpg is told to fail instead
 * of asking, so nothing hangs.
 */
#ifndef JC_STORE_PASS_GPG_H
#define JC_STORE_PASS_GPG_H

#include <glib.h>

/*
 * Bytes of ciphertext an entry may have, as written and as read: room for
 * about 2,000 RSA-4096 recipients.
 */
#define GPG_MAX_CIPHERTEXT (1024 * 1024)

/*
 * Decrypts cipher[0..len) into a buffer from secret_buf_new().  what names
 * the entry for messages.  Returns NULL with a one-line *err (exit 3).
 */
GString *gpg_decrypt(const char *cipher, size_t len, const char *what, char **err);

/*
 * Encrypts plain to every key named by ids (the lines of a .gpg-id), as
 * pass does: binary, uncompressed, no default recipients, with what
 * PASSWORD_STORE_GPG_OPTS asks (jira-credential(1), ENVIRONMENT).
 * Returns the ciphertext (any number of recipients, up to
 * GPG_MAX_CIPHERTEXT), or NULL with *err.
 */
GString *gpg_encrypt(const GString *plain, char **ids, char **err);

/*
 * Checks sig, a detached signature of data, as pass checks .gpg-id.sig
 * for PASSWORD_STORE_SIGNING_KEY: a signature gpg calls valid, made by a
 * key (or the primary key of a subkey) whose fingerprint is one of
 * signers.  Returns 0 good, 1 not (no valid signature by one of them), or
 * -1 with *err when GPGME cannot be used.
 */
int gpg_verify_detached(const GString *data, const GString *sig, char **signers, char **err);

/*
 * For doctor: how many of ids resolve to a usable public key and how many
 * of those have a secret key here (*secret); 0, or -1 with *err when GPGME
 * cannot be used at all.
 */
int gpg_keys_status(char **ids, int *usable, int *secret, char **err);

/* For doctor: whether gpg-agent's socket is there; *where says where it is looked for. */
int gpg_agent_running(char **where);

#endif
