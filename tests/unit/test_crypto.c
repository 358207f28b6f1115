/*
 * test_crypto.c: cmocka unit tests of helper/store/secretservice/ss_crypto.c, the encrypted
 * session's cryptography, against known answers made by other tools
 * (tests/unit/crypto_vectors.py: python3's pow(), hmac and hashlib, and
 * openssl enc).
 *
 *   make build/tests/unit-crypto && ./build/tests/unit-crypto
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/secretservice/ss_crypto.h"
#include "crypto_vectors.h"

static int setup(void **state)
{
	char *err = NULL;

	(void)state;
	if (ss_crypto_load(&err)) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static struct ss_dh fixed_pair(void)
{
	struct ss_dh d;

	memcpy(d.priv, v_priv, sizeof(d.priv));
	ss_dh_public(&d);
	return d;
}

static void public_key(void **state)
{
	struct ss_dh d = fixed_pair();

	(void)state;
	assert_memory_equal(d.pub, v_pub, sizeof(v_pub));
}

static void session_key(void **state)
{
	struct ss_dh d = fixed_pair();
	struct ss_keys k;

	(void)state;
	assert_int_equal(ss_dh_keys(&d, v_peer, sizeof(v_peer), &k), 0);
	assert_int_equal(k.n, 1);
	assert_memory_equal(k.key[0], v_key, sizeof(v_key));
}

/* A public key sent without its leading zero bytes, or with more, is the same number. */
static void peer_key_length(void **state)
{
	struct ss_dh d = fixed_pair();
	unsigned char longer[sizeof(v_zpeer) + 1] = {0};
	struct ss_keys k;
	size_t zeros = 0;

	(void)state;
	memcpy(longer + 1, v_zpeer, sizeof(v_zpeer));
	assert_int_equal(ss_dh_keys(&d, longer, sizeof(longer), &k), 0);
	assert_memory_equal(k.key[0], v_zkey, sizeof(v_zkey));
	while (!v_peer[zeros])
		zeros++;
	assert_int_equal(ss_dh_keys(&d, v_peer + zeros, sizeof(v_peer) - zeros, &k), 0);
	assert_memory_equal(k.key[0], v_key, sizeof(v_key));
}

/* A secret that begins with a zero byte: the full-length key first, then kwalletd5's. */
static void zero_led_secret(void **state)
{
	struct ss_dh d = fixed_pair();
	struct ss_keys k;

	(void)state;
	assert_int_equal(ss_dh_keys(&d, v_zpeer, sizeof(v_zpeer), &k), 0);
	assert_int_equal(k.n, 2);
	assert_memory_equal(k.key[0], v_zkey, sizeof(v_zkey));
	assert_memory_equal(k.key[1], v_zkey_short, sizeof(v_zkey_short));
}

/* 0, 1, p - 1, p and above, and a number longer than p are no public keys. */
static void bad_peer_keys(void **state)
{
	struct ss_dh d = fixed_pair();
	unsigned char y[SS_DH_BYTES + 1];
	struct ss_keys k;

	(void)state;
	memset(y, 0, sizeof(y));
	assert_int_equal(ss_dh_keys(&d, y, SS_DH_BYTES, &k), -1);
	assert_int_equal(ss_dh_keys(&d, y, 0, &k), -1);
	y[SS_DH_BYTES - 1] = 1;
	assert_int_equal(ss_dh_keys(&d, y, SS_DH_BYTES, &k), -1);
	y[SS_DH_BYTES - 1] = 2; /* the smallest that is one */
	assert_int_equal(ss_dh_keys(&d, y, SS_DH_BYTES, &k), 0);
	memcpy(y, v_prime, SS_DH_BYTES); /* p: the prime ends in 0xff */
	assert_int_equal(ss_dh_keys(&d, y, SS_DH_BYTES, &k), -1);
	y[SS_DH_BYTES - 1] = 0xfe; /* p - 1 */
	assert_int_equal(ss_dh_keys(&d, y, SS_DH_BYTES, &k), -1);
	y[SS_DH_BYTES - 1] = 0xfd; /* p - 2, the largest that is one */
	assert_int_equal(ss_dh_keys(&d, y, SS_DH_BYTES, &k), 0);
	memset(y, 0xff, sizeof(y));
	assert_int_equal(ss_dh_keys(&d, y, SS_DH_BYTES, &k), -1); /* above p */
	assert_int_equal(ss_dh_keys(&d, y, sizeof(y), &k), -1);   /* 129 bytes */
	assert_int_equal(k.n, 0);
}

static void random_pairs(void **state)
{
	struct ss_dh a, b;
	struct ss_keys ka, kb;
	char *err = NULL;

	(void)state;
	assert_int_equal(ss_dh_new(&a, &err), 0);
	assert_int_equal(ss_dh_new(&b, &err), 0);
	assert_memory_not_equal(a.priv, b.priv, sizeof(a.priv));
	/* both ends of an exchange agree */
	assert_int_equal(ss_dh_keys(&a, b.pub, sizeof(b.pub), &ka), 0);
	assert_int_equal(ss_dh_keys(&b, a.pub, sizeof(a.pub), &kb), 0);
	assert_memory_equal(ka.key[0], kb.key[0], SS_KEY_BYTES);
	ss_dh_clear(&a);
	ss_keys_clear(&ka);
	for (size_t i = 0; i < sizeof(a); i++)
		assert_int_equal(((unsigned char *)&a)[i], 0);
	assert_int_equal(ka.n, 0);
}

static struct ss_keys one_key(const unsigned char *key)
{
	struct ss_keys k = {.n = 1};

	memcpy(k.key[0], key, SS_KEY_BYTES);
	return k;
}

static void decrypts(void **state)
{
	struct ss_keys k = one_key(v_key);
	size_t len;
	char *p;

	(void)state;
	p = ss_decrypt(&k, v_iv, sizeof(v_iv), v_ct1, sizeof(v_ct1), &len);
	assert_non_null(p);
	assert_int_equal(len, strlen(V_PLAIN1));
	assert_memory_equal(p, V_PLAIN1, len);
	assert_int_equal(p[len], '\0');
	ss_plain_free(p, len);

	p = ss_decrypt(&k, v_iv, sizeof(v_iv), v_ct16, sizeof(v_ct16), &len);
	assert_int_equal(sizeof(v_ct16), 32); /* a whole block of padding */
	assert_non_null(p);
	assert_int_equal(len, 16);
	assert_memory_equal(p, V_PLAIN16, len);
	ss_plain_free(p, len);

	p = ss_decrypt(&k, v_iv, sizeof(v_iv), v_ct2, sizeof(v_ct2), &len);
	assert_non_null(p);
	assert_string_equal(p, V_PLAIN2);
	ss_plain_free(p, len);
}

/* kwalletd5's key, when the full-length one does not decrypt. */
static void decrypts_with_second_key(void **state)
{
	struct ss_keys k = {.n = 2};
	size_t len;
	char *p;

	(void)state;
	memcpy(k.key[0], v_zkey, SS_KEY_BYTES);
	memcpy(k.key[1], v_zkey_short, SS_KEY_BYTES);
	p = ss_decrypt(&k, v_iv, sizeof(v_iv), v_zct, sizeof(v_zct), &len);
	assert_non_null(p);
	assert_string_equal(p, V_PLAIN1);
	ss_plain_free(p, len);
	k.n = 1;
	assert_null(ss_decrypt(&k, v_iv, sizeof(v_iv), v_zct, sizeof(v_zct), &len));
}

static void refuses(void **state)
{
	struct ss_keys k = one_key(v_key), wrong = one_key(v_zkey);
	unsigned char ct[sizeof(v_ct1)];
	size_t len;

	(void)state;
	/* a wrong key: the padding does not check (this ciphertext's does not, by chance) */
	assert_null(ss_decrypt(&wrong, v_iv, sizeof(v_iv), v_ct1, sizeof(v_ct1), &len));
	/* not whole blocks, nothing, an IV of the wrong size */
	assert_null(ss_decrypt(&k, v_iv, sizeof(v_iv), v_ct1, sizeof(v_ct1) - 1, &len));
	assert_null(ss_decrypt(&k, v_iv, sizeof(v_iv), v_ct1, 0, &len));
	assert_null(ss_decrypt(&k, v_iv, sizeof(v_iv) - 1, v_ct1, sizeof(v_ct1), &len));
	/* a changed last block spoils the padding */
	memcpy(ct, v_ct1, sizeof(ct));
	ct[sizeof(ct) - 1] ^= 0x01;
	assert_null(ss_decrypt(&k, v_iv, sizeof(v_iv), ct, sizeof(ct), &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(public_key),      cmocka_unit_test(session_key),
	    cmocka_unit_test(peer_key_length), cmocka_unit_test(zero_led_secret),
	    cmocka_unit_test(bad_peer_keys),   cmocka_unit_test(random_pairs),
	    cmocka_unit_test(decrypts),        cmocka_unit_test(decrypts_with_second_key),
	    cmocka_unit_test(refuses),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
