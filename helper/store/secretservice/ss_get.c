/*
 * ss_get.c: a get from the Secret Service, without libsecret.  The search
 * is ss_search.c's; then the match's attributes, and its secret over an
 * encrypted session that this file opens itself, over GDBus: OpenSession
 * with "dh-ietf1024-sha256-aes128-cbc-pkcs7" (never "plain"), GetSecrets,
 * and the cryptography of ss_crypto.c.  libsecret is loaded only when the
 * search must unlock something.
 *
 * Why not libsecret's session: a get is mostly waiting on it.  libsecret
 * makes its key pair with a private exponent as long as the prime, twice
 * over in libgcrypt, and the proxy it needs first costs a library load;
 * here the key pair has a 256-bit exponent (docs/design.md), GMP computes
 * it while the attributes are on their way, and OpenSession follows them
 * without a round trip of its own (docs/performance.md).
 */
#include "ss.h"
#include "ss_crypto.h"
#include "proto/item.h"

#include <string.h>

/* OpenSession with d's public key, at its full length (kwalletd5 wants 128 bytes). */
static struct ss_call open_call(const struct ss_dh *d)
{
	GVariant *pub = g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, d->pub, SS_DH_BYTES, 1);

	return (struct ss_call){.path = SS_SERVICE_PATH,
	                        .iface = SS_SERVICE_IFACE,
	                        .method = "OpenSession",
	                        .params = g_variant_new("(sv)", SS_ALGORITHM, pub),
	                        .type = G_VARIANT_TYPE("(vo)")};
}

/* GetSecrets of the item at path on the session at session. */
static struct ss_call secrets_call(const char *path, const char *session)
{
	const char *items[] = {path, NULL};

	return (struct ss_call){.path = SS_SERVICE_PATH,
	                        .iface = SS_SERVICE_IFACE,
	                        .method = "GetSecrets",
	                        .params = g_variant_new("(^aoo)", items, session),
	                        .type = G_VARIANT_TYPE("(a{o(oayays)})")};
}

/*
 * The plaintext of the secret of path in c, a GetSecrets answer, under
 * keys: 1 with *plain (*len bytes; ss_plain_free), 0 when it did not
 * decrypt, -1 with *err (the keyring said why, or left the item out: it
 * is locked).
 */
static int secret_from(GDBusConnection *bus, struct ss_call *c, const char *path,
                       const struct ss_keys *keys, char **plain, size_t *len, char **err)
{
	GVariant *secrets, *iv, *ct;
	const unsigned char *ivb, *ctb;
	gsize ivlen, ctlen;
	int rc = -1;

	if (!c->reply) {
		*err = ss_error("cannot read the secret", g_steal_pointer(&c->err));
		return -1;
	}
	secrets = g_variant_get_child_value(c->reply, 0);
	if (g_variant_lookup(secrets, path, "(o@ay@ays)", NULL, &iv, &ct, NULL)) {
		ivb = g_variant_get_fixed_array(iv, &ivlen, 1);
		ctb = g_variant_get_fixed_array(ct, &ctlen, 1);
		*plain = ss_decrypt(keys, ivb, ivlen, ctb, ctlen, len);
		rc = *plain ? 1 : 0;
		g_variant_unref(iv);
		g_variant_unref(ct);
	} else {
		*err = ss_locked_error(bus);
	}
	g_variant_unref(secrets);
	return rc;
}

/*
 * The secret of the item at path, on the session that open (d's
 * OpenSession) opened: as secret_from.  GetSecrets goes out as soon as
 * the keyring's public key is checked, and the session's keys are made
 * while it travels.
 */
static int secret_on(GDBusConnection *bus, const struct ss_dh *d, struct ss_call *open,
                     const char *path, char **plain, size_t *len, char **err)
{
	GVariant *out = NULL;
	const unsigned char *peer = NULL;
	const char *session = NULL;
	struct ss_keys keys;
	struct ss_call get;
	struct ss_batch *b;
	gsize n = 0;
	int rc;

	if (!open->reply) {
		*err = ss_error("cannot open an encrypted session", g_steal_pointer(&open->err));
		return -1;
	}
	g_variant_get(open->reply, "(v&o)", &out, &session);
	if (g_variant_is_of_type(out, G_VARIANT_TYPE_BYTESTRING))
		peer = g_variant_get_fixed_array(out, &n, 1);
	if (!peer || !ss_dh_peer_valid(peer, n)) {
		*err = g_strdup("keyring unavailable: the keyring answered the encrypted session "
		                "with a key that is not one; restart the keyring and try again");
		g_variant_unref(out);
		return -1;
	}
	get = secrets_call(path, session);
	b = ss_calls_send(bus, &get, 1);
	ss_dh_keys(d, peer, n, &keys);
	ss_calls_wait(b);
	rc = secret_from(bus, &get, path, &keys, plain, len, err);
	ss_keys_clear(&keys);
	ss_calls_clear(&get, 1);
	g_variant_unref(out);
	return rc;
}

/*
 * secret_on, and again on a fresh session while the secret does not
 * decrypt: kwalletd5 5.103 now and then agrees on a key that is not ours
 * (docs/backends.md).  1 with the plaintext, or -1 with *err, also when
 * it never decrypted: an error, never a miss.
 */
static int secret_of(GDBusConnection *bus, const struct ss_dh *d, struct ss_call *open,
                     const char *path, char **plain, size_t *len, char **err)
{
	int rc = secret_on(bus, d, open, path, plain, len, err);

	for (int i = 0; i < SS_SECRET_RETRIES && rc == 0; i++) {
		struct ss_dh fresh;
		struct ss_call c;

		if (ss_dh_new(&fresh, err))
			return -1;
		c = open_call(&fresh);
		ss_calls_wait(ss_calls_send(bus, &c, 1));
		rc = secret_on(bus, &fresh, &c, path, plain, len, err);
		ss_dh_clear(&fresh);
		ss_calls_clear(&c, 1);
	}
	if (rc == 0) {
		*err = g_strdup_printf("keyring unavailable: the item's secret did not decrypt on "
		                       "%d encrypted sessions; restart the keyring and try again",
		                       SS_SECRET_RETRIES + 1);
		rc = -1;
	}
	return rc;
}

/*
 * Whether e can answer request q: its own attributes name q's origin (and
 * user, when q names one).  The keyring's search said so already; a
 * keyring that answers more than it was asked must not give one host's
 * credential for another.
 */
static int answers(const struct stored *e, const struct credential *q)
{
	return !g_strcmp0(e->protocol, q->protocol) && !g_strcmp0(e->host, q->host) &&
	       (!q->username || !g_strcmp0(e->username, q->username));
}

/* The entries, among the n answers of calls, that can answer q. */
static GPtrArray *answering(const struct ss_call *calls, int n, const struct credential *q)
{
	GPtrArray *found = stored_array_new();

	for (int i = 0; i < n; i++) {
		struct stored *e = ss_stored_of(&calls[i]);

		if (e && answers(e, q))
			g_ptr_array_add(found, e);
		else
			stored_free(e);
	}
	return found;
}

/*
 * best's credential into out, its secret read on the session open
 * opened: 1, 0 (it holds none), -1 with *err.
 */
static int take(GDBusConnection *bus, const struct ss_dh *d, struct ss_call *open,
                const struct stored *best, struct credential *out, char **err)
{
	char *plain = NULL;
	size_t len = 0;
	int rc = secret_of(bus, d, open, best->id, &plain, &len, err);

	if (rc < 0)
		return -1;
	cred_clear(out);
	ss_fill_from_entry(out, best);
	if (item_secret_decode(plain, len, out) < 0) { /* a store that failed half-way */
		cred_clear(out);
		rc = 0;
	}
	ss_plain_free(plain, len);
	return rc;
}

/*
 * The best of the items at paths, secret included.  Their attributes
 * decide (one Get each); the session's key pair is made while those
 * travel, and OpenSession follows them, so that the keyring's half of
 * the exchange starts one key pair after the attributes were asked;
 * nettle loads while it computes.  Returns 1 found, 0 none matches (or
 * the best holds no secret), -1 error.
 */
static int lookup_paths(GDBusConnection *bus, gchar **paths, const struct credential *q,
                        struct credential *out, char **err)
{
	int n = (int)g_strv_length(paths), rc = -1, ready = 0;
	struct ss_call *calls = g_new0(struct ss_call, n + 1);
	struct ss_batch *attrs, *open = NULL;
	GPtrArray *found = NULL;
	struct stored *best;
	struct ss_dh d = {0};

	for (int i = 0; i < n; i++)
		calls[i] = ss_item_attrs_call(paths[i]);
	attrs = ss_calls_send(bus, calls, n);
	if (ss_crypto_load_dh(err) == 0 && ss_dh_new(&d, err) == 0) {
		calls[n] = open_call(&d);
		open = ss_calls_send(bus, &calls[n], 1);
		ready = ss_crypto_load(err) == 0;
	}
	ss_calls_wait(attrs);
	if (ready) {
		found = answering(calls, n, q);
		if (found->len > 1)
			ss_created_fill(bus, (struct stored **)found->pdata, found->len);
	}
	if (open)
		ss_calls_wait(open);
	if (!ready)
		goto out;
	best = match_best(found, q->path);
	rc = best ? take(bus, &d, &calls[n], best, out, err) : 0;
out:
	ss_dh_clear(&d);
	if (found)
		g_ptr_array_free(found, TRUE);
	ss_calls_clear(calls, n + 1);
	g_free(calls);
	return rc;
}

int ss_lookup(const struct credential *q, struct credential *out, char **err)
{
	GDBusConnection *bus;
	gchar **paths = NULL;
	int rc = -1;

	ss_watchdog(1);
	if (!(bus = ss_bus(err)))
		goto out;
	/*
	 * The search first, and the rest only once it found something: most
	 * gets find nothing (git asks about every host), and work begun
	 * before the answer (the key pair, the crypto libraries) competes
	 * with the daemons that make it (docs/performance.md).
	 */
	if (!(rc = ss_find(bus, q, &paths, err)))
		rc = paths[0] ? lookup_paths(bus, paths, q, out, err) : 0;
out:
	ss_watchdog(0);
	g_strfreev(paths);
	if (bus)
		g_object_unref(bus);
	return rc;
}
