/*
 * ss_crypto.c: the encrypted session's cryptography (see ss_crypto.h),
 * with GMP's constant-time exponentiation on limbs in buffers of our own
 * (so that every intermediate value can be cleared) and nettle's HKDF,
 * HMAC-SHA256, AES and CBC.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "ss_crypto.h"
#include "sys/dl.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <gmp.h>
#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/hkdf.h>
#include <nettle/hmac.h>

#define LIMBS    (SS_DH_BYTES / sizeof(mp_limb_t))
#define EXP_BITS (SS_EXP_BYTES * 8)

G_STATIC_ASSERT(GMP_NAIL_BITS == 0);
G_STATIC_ASSERT(SS_DH_BYTES % sizeof(mp_limb_t) == 0);
G_STATIC_ASSERT(SS_EXP_BYTES % sizeof(mp_limb_t) == 0);

/* RFC 2409, 6.2: the Second Oakley Group's prime, 2^1024 - 2^960 - 1 + 2^64 * (2^894 pi + 129093).
 */
static const unsigned char ietf1024[SS_DH_BYTES] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC9, 0x0F, 0xDA, 0xA2, 0x21, 0x68, 0xC2, 0x34,
    0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1, 0x29, 0x02, 0x4E, 0x08, 0x8A, 0x67, 0xCC, 0x74,
    0x02, 0x0B, 0xBE, 0xA6, 0x3B, 0x13, 0x9B, 0x22, 0x51, 0x4A, 0x08, 0x79, 0x8E, 0x34, 0x04, 0xDD,
    0xEF, 0x95, 0x19, 0xB3, 0xCD, 0x3A, 0x43, 0x1B, 0x30, 0x2B, 0x0A, 0x6D, 0xF2, 0x5F, 0x14, 0x37,
    0x4F, 0xE1, 0x35, 0x6D, 0x6D, 0x51, 0xC2, 0x45, 0xE4, 0x85, 0xB5, 0x76, 0x62, 0x5E, 0x7E, 0xC6,
    0xF4, 0x4C, 0x42, 0xE9, 0xA6, 0x37, 0xED, 0x6B, 0x0B, 0xFF, 0x5C, 0xB6, 0xF4, 0x06, 0xB7, 0xED,
    0xEE, 0x38, 0x6B, 0xFB, 0x5A, 0x89, 0x9F, 0xA5, 0xAE, 0x9F, 0x24, 0x11, 0x7C, 0x4B, 0x1F, 0xE6,
    0x49, 0x28, 0x66, 0x51, 0xEC, 0xE6, 0x53, 0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

static struct {
	__typeof__(mpn_sec_powm) *sec_powm;
	__typeof__(mpn_sec_powm_itch) *sec_powm_itch;
	__typeof__(mpn_set_str) *set_str;
	__typeof__(mpn_get_str) *get_str;
} gmp;

static const char *const gmp_names[] = {
    G_STRINGIFY(mpn_sec_powm),
    G_STRINGIFY(mpn_sec_powm_itch),
    G_STRINGIFY(mpn_set_str),
    G_STRINGIFY(mpn_get_str),
};

static struct {
	__typeof__(hmac_sha256_set_key) *hmac_key;
	__typeof__(hmac_sha256_update) *hmac_update;
	__typeof__(hmac_sha256_digest) *hmac_digest;
	__typeof__(hkdf_extract) *extract;
	__typeof__(hkdf_expand) *expand;
	__typeof__(aes128_set_decrypt_key) *aes_key;
	__typeof__(aes128_decrypt) *aes_decrypt;
	__typeof__(cbc_decrypt) *cbc;
} nettle;

static const char *const nettle_names[] = {
    G_STRINGIFY(hmac_sha256_set_key), G_STRINGIFY(hmac_sha256_update),
    G_STRINGIFY(hmac_sha256_digest),  G_STRINGIFY(hkdf_extract),
    G_STRINGIFY(hkdf_expand),         G_STRINGIFY(aes128_set_decrypt_key),
    G_STRINGIFY(aes128_decrypt),      G_STRINGIFY(cbc_decrypt),
};

/* Loads one library into its table, once; 0, or -1 with *err. */
static int load(const char *lib, const char *package, const char *const *names, size_t n,
                void **slots, char **failed, char **err)
{
	char *why = NULL;

	if (slots[0])
		return 0;
	if (!*failed && dl_table(lib, package, names, n, slots, &why)) {
		*failed = g_strdup_printf(
		    "keyring unavailable: the encrypted session needs GMP and nettle: %s", why);
		g_free(why);
	}
	if (*failed) {
		*err = g_strdup(*failed);
		return -1;
	}
	return 0;
}

int ss_crypto_load_dh(char **err)
{
	static char *failed;

	G_STATIC_ASSERT(sizeof(gmp) == G_N_ELEMENTS(gmp_names) * sizeof(void *));
	return load("libgmp.so.10", "libgmp10", gmp_names, G_N_ELEMENTS(gmp_names), (void **)&gmp,
	            &failed, err);
}

int ss_crypto_load(char **err)
{
	static char *failed;

	G_STATIC_ASSERT(sizeof(nettle) == G_N_ELEMENTS(nettle_names) * sizeof(void *));
	return ss_crypto_load_dh(err) ||
	       load("libnettle.so.8", "libnettle8", nettle_names, G_N_ELEMENTS(nettle_names),
	            (void **)&nettle, &failed, err);
}

/* The number be[0..n) (big-endian) as nlimbs limbs; it must fit. */
static void limbs_of(mp_limb_t *x, size_t nlimbs, const unsigned char *be, size_t n)
{
	while (n > 0 && !*be) {
		be++;
		n--;
	}
	memset(x, 0, nlimbs * sizeof(*x));
	if (n)
		gmp.set_str(x, be, n, 256);
}

/* x (LIMBS limbs, cleared) as SS_DH_BYTES big-endian bytes. */
static void bytes_of(unsigned char *be, mp_limb_t *x)
{
	unsigned char digits[SS_DH_BYTES + 1]; /* mpn_get_str's room: one more */
	mp_size_t n = LIMBS;
	size_t k = 0;

	while (n > 0 && !x[n - 1])
		n--;
	if (n)
		k = gmp.get_str(digits, 256, x, n);
	memset(be, 0, SS_DH_BYTES - k);
	memcpy(be + SS_DH_BYTES - k, digits, k);
	explicit_bzero(digits, sizeof(digits));
	explicit_bzero(x, LIMBS * sizeof(*x));
}

/* out = base^exp mod p; out and base of SS_DH_BYTES, exp of SS_EXP_BYTES, big-endian. */
static void power(unsigned char *out, const unsigned char *base, const unsigned char *exp)
{
	mp_limb_t b[LIMBS], e[SS_EXP_BYTES / sizeof(mp_limb_t)], p[LIMBS], r[LIMBS];
	mp_size_t itch = gmp.sec_powm_itch(LIMBS, EXP_BITS, LIMBS);
	mp_limb_t *scratch = g_new0(mp_limb_t, itch);

	limbs_of(b, LIMBS, base, SS_DH_BYTES);
	limbs_of(e, G_N_ELEMENTS(e), exp, SS_EXP_BYTES);
	limbs_of(p, LIMBS, ietf1024, SS_DH_BYTES);
	gmp.sec_powm(r, b, LIMBS, e, EXP_BITS, p, LIMBS, scratch);
	bytes_of(out, r);
	explicit_bzero(scratch, itch * sizeof(*scratch));
	g_free(scratch);
	explicit_bzero(e, sizeof(e));
}

void ss_dh_public(struct ss_dh *d)
{
	unsigned char two[SS_DH_BYTES] = {0};

	two[SS_DH_BYTES - 1] = 2;
	power(d->pub, two, d->priv);
}

/*
 * Whether kwalletd5 would misread pub: QCA reads a public key as a two's
 * complement number and writes it back at the length its magnitude
 * needs, which changes a key above 2^1024 - 2^1015 (docs/backends.md).
 */
static int kwallet_misreads(const unsigned char *pub)
{
	return pub[0] == 0xFF && pub[1] >= 0x80;
}

int ss_dh_new(struct ss_dh *d, char **err)
{
	static const unsigned char zero[SS_EXP_BYTES];

	for (;;) {
		if (getrandom(d->priv, sizeof(d->priv), 0) != (ssize_t)sizeof(d->priv)) {
			*err = g_strdup_printf("keyring unavailable: no random numbers for the "
			                       "encrypted session (%s)",
			                       g_strerror(errno));
			ss_dh_clear(d);
			return -1;
		}
		if (!memcmp(d->priv, zero, sizeof(zero)))
			continue; /* 2^-256: the exponent must not be 0 */
		ss_dh_public(d);
		if (!kwallet_misreads(d->pub))
			return 0;
	}
}

/* The AES key of HKDF-SHA256 (no salt, no info) from ikm[0..n). */
static void derive(unsigned char *key, const unsigned char *ikm, size_t n)
{
	struct hmac_sha256_ctx mac;
	unsigned char prk[SHA256_DIGEST_SIZE];

	nettle.hmac_key(&mac, 0, (const uint8_t *)"");
	nettle.extract(&mac, (nettle_hash_update_func *)nettle.hmac_update,
	               (nettle_hash_digest_func *)nettle.hmac_digest, SHA256_DIGEST_SIZE, n, ikm,
	               prk);
	nettle.hmac_key(&mac, sizeof(prk), prk);
	nettle.expand(&mac, (nettle_hash_update_func *)nettle.hmac_update,
	              (nettle_hash_digest_func *)nettle.hmac_digest, SHA256_DIGEST_SIZE, 0, NULL,
	              SS_KEY_BYTES, key);
	explicit_bzero(&mac, sizeof(mac));
	explicit_bzero(prk, sizeof(prk));
}

int ss_dh_peer_valid(const unsigned char *peer, size_t n)
{
	unsigned char y[SS_DH_BYTES] = {0}, top[SS_DH_BYTES];

	while (n > 0 && !*peer) {
		peer++;
		n--;
	}
	if (n == 0 || n > SS_DH_BYTES || (n == 1 && *peer < 2))
		return 0;
	/* below p - 1: 1 and p - 1 would give a secret anyone knows */
	memcpy(y + SS_DH_BYTES - n, peer, n);
	memcpy(top, ietf1024, sizeof(top));
	top[SS_DH_BYTES - 1]--;
	return memcmp(y, top, SS_DH_BYTES) < 0;
}

int ss_dh_keys(const struct ss_dh *d, const unsigned char *peer, size_t n, struct ss_keys *k)
{
	unsigned char y[SS_DH_BYTES] = {0}, ikm[SS_DH_BYTES];
	size_t zeros = 0;

	memset(k, 0, sizeof(*k));
	if (!ss_dh_peer_valid(peer, n))
		return -1;
	while (!*peer) {
		peer++;
		n--;
	}
	memcpy(y + SS_DH_BYTES - n, peer, n);
	power(ikm, y, d->priv);
	derive(k->key[0], ikm, SS_DH_BYTES);
	k->n = 1;
	while (zeros < SS_DH_BYTES - 1 && !ikm[zeros])
		zeros++;
	if (zeros) /* kwalletd5 derives its key from the secret without them */
		derive(k->key[k->n++], ikm + zeros, SS_DH_BYTES - zeros);
	explicit_bzero(ikm, sizeof(ikm));
	return 0;
}

/* The length of padded[0..n) without its PKCS#7 padding, or -1 when that is not valid. */
static gssize unpad(const unsigned char *padded, size_t n)
{
	unsigned char pad = n ? padded[n - 1] : 0;

	if (pad == 0 || pad > AES_BLOCK_SIZE || pad > n)
		return -1;
	for (size_t i = n - pad; i < n; i++)
		if (padded[i] != pad)
			return -1;
	return (gssize)(n - pad);
}

char *ss_decrypt(const struct ss_keys *k, const unsigned char *iv, size_t ivlen,
                 const unsigned char *ct, size_t n, size_t *len)
{
	unsigned char chain[SS_IV_BYTES];
	struct aes128_ctx aes;
	char *plain;
	gssize got = -1;

	if (ivlen != SS_IV_BYTES || n == 0 || n % AES_BLOCK_SIZE)
		return NULL;
	plain = g_malloc(n + 1);
	for (int i = 0; i < k->n && got < 0; i++) {
		nettle.aes_key(&aes, k->key[i]);
		memcpy(chain, iv, sizeof(chain));
		nettle.cbc(&aes, (nettle_cipher_func *)nettle.aes_decrypt, AES_BLOCK_SIZE, chain, n,
		           (uint8_t *)plain, ct);
		got = unpad((const unsigned char *)plain, n);
	}
	explicit_bzero(&aes, sizeof(aes));
	explicit_bzero(chain, sizeof(chain));
	if (got < 0) {
		ss_plain_free(plain, n);
		return NULL;
	}
	explicit_bzero(plain + got, n - (size_t)got); /* the padding */
	plain[got] = '\0';
	*len = (size_t)got;
	return plain;
}

void ss_plain_free(char *plain, size_t len)
{
	if (plain) {
		explicit_bzero(plain, len);
		g_free(plain);
	}
}

void ss_dh_clear(struct ss_dh *d)
{
	explicit_bzero(d, sizeof(*d));
}

void ss_keys_clear(struct ss_keys *k)
{
	explicit_bzero(k, sizeof(*k));
}
