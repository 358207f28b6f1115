/*
 * ss_crypto.h: the cryptography of the Secret Service's encrypted session,
 * "dh-ietf1024-sha256-aes128-cbc-pkcs7", for the get that opens its own
 * session (ss_get.c): a Diffie-Hellman exchange in the 1024-bit group of
 * RFC 2409 (the Second Oakley Group, generator 2), HKDF-SHA256 with no
 * salt and no info giving a 16-byte AES key, and AES-128-CBC with PKCS#7
 * padding, as the Secret Service specification and libsecret do.
 *
 * GMP (the exponentiation) and nettle (HKDF, HMAC-SHA256, AES, CBC) are
 * loaded with dlopen() (dl.h) when first needed, so that a get that finds
 * nothing never pays for them.  No
 * D-Bus here: tests/unit/test_crypto.c checks it against known answers.
 *
 * Every buffer that held the private exponent, the shared secret, a key
 * or a plaintext is cleared before it is freed or goes out of scope.
 */
#ifndef JC_SS_CRYPTO_H
#define JC_SS_CRYPTO_H

#include <glib.h>

#define SS_DH_BYTES  128 /* the group's numbers, big-endian, at full length */
#define SS_EXP_BYTES 32  /* a private exponent of 256 bits */
#define SS_KEY_BYTES 16  /* the AES-128 key */
#define SS_IV_BYTES  16  /* the CBC initialisation vector, the secret's "parameters" */

/* The algorithm's name in OpenSession. */
#define SS_ALGORITHM "dh-ietf1024-sha256-aes128-cbc-pkcs7"

/* One key pair; cleared by ss_dh_clear. */
struct ss_dh {
	unsigned char priv[SS_EXP_BYTES];
	unsigned char pub[SS_DH_BYTES];
};

/*
 * The keys a session's secrets may be encrypted with: the specification's
 * (the shared secret at full length), and when that secret begins with a
 * zero byte, the one kwalletd5 derives from it without its leading zeros
 * (docs/backends.md).  Cleared by ss_keys_clear.
 */
struct ss_keys {
	unsigned char key[2][SS_KEY_BYTES];
	int n;
};

/*
 * Loads GMP, what the key pair needs, or GMP and nettle, what everything
 * else needs; each once.  0, or -1 with *err (exit 3).  A get makes its
 * key pair first and loads nettle while the keyring makes its half of
 * the exchange.
 */
int ss_crypto_load_dh(char **err);
int ss_crypto_load(char **err);

/*
 * A new key pair: a random private exponent, its public key.  0, or -1
 * with *err.  Needs ss_crypto_load_dh.
 */
int ss_dh_new(struct ss_dh *d, char **err);

/* d->pub from d->priv (tests give their own exponent).  Needs ss_crypto_load_dh. */
void ss_dh_public(struct ss_dh *d);

/* Whether peer[0..n) (big-endian, leading zeros allowed) is a public key: 2..p-2. */
int ss_dh_peer_valid(const unsigned char *peer, size_t n);

/*
 * The session's keys from the peer's public key (peer[0..n), big-endian,
 * leading zeros allowed).  0, or -1 for a public key outside 2..p-2.
 * Needs ss_crypto_load, as ss_decrypt does.
 */
int ss_dh_keys(const struct ss_dh *d, const unsigned char *peer, size_t n, struct ss_keys *k);

/*
 * The plaintext of ct[0..n) under the first of k's keys that decrypts it
 * (AES-128-CBC, iv of SS_IV_BYTES, PKCS#7 padding), in a new buffer of
 * *len bytes and one NUL more; NULL when none does.  Free it with
 * ss_plain_free.
 */
char *ss_decrypt(const struct ss_keys *k, const unsigned char *iv, size_t ivlen,
                 const unsigned char *ct, size_t n, size_t *len);

/* Clears then frees a plaintext of len bytes from ss_decrypt (NULL allowed). */
void ss_plain_free(char *plain, size_t len);

void ss_dh_clear(struct ss_dh *d);
void ss_keys_clear(struct ss_keys *k);

#endif
