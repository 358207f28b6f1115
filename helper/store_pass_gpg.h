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

/* Bytes of ciphertext an entry may have. */
#define GPG_MAX_CIPHERTEXT (256 * 1024)

/* Whether a pinentry can reach the user (a terminal or a display). */
int gpg_pinentry_reachable(void);

/*
 * Decrypts cipher[0..len) into a buffer from secret_buf_new().  what names
 * the entry for messages.  Returns NULL with a one-line *err (exit 3).
 */
GString *gpg_decrypt(const char *cipher, size_t len, const char *what, char **err);

/*
 * Encrypts plain to every key named by ids (the lines of a .gpg-id), as
 * pass does: binary, uncompressed, no default recipients.  Returns the
 * ciphertext, or NULL with *err.
 */
GString *gpg_encrypt(const GString *plain, char **ids, char **err);

/*
 * For doctor: how many of ids resolve to a usable public key and how many
 * of those have a secret key here (*secret); 0, or -1 with *err when GPGME
 * cannot be used at all.
 */
int gpg_keys_status(char **ids, int *usable, int *secret, char **err);

/* For doctor: whether gpg-agent's socket is there; *where says where it is looked for. */
int gpg_agent_running(char **where);

#endif
