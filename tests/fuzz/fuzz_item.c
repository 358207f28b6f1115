/*
 * fuzz_item.c: libFuzzer target for the codecs that read bytes a store or
 * git hands back: the keyring item's secret (proto/item.c) and git's
 * authtype=/credential= pair (proto/header.c).  Properties: an item
 * secret that decodes encodes back to one that decodes to the same
 * password and refresh token, and is never empty; a decoded credential=
 * encodes back to a header that decodes to the same user and secret.
 */
#include "proto/header.h"
#include "proto/item.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void same(const char *a, const char *b)
{
	if (g_strcmp0(a, b))
		abort();
}

static void item_round_trip(const char *data, size_t size)
{
	struct credential a, b;
	GString *s;

	cred_init(&a);
	cred_init(&b);
	if (item_secret_decode(data, size, &a) == 0 && !memchr(data, '\0', size)) {
		s = item_secret_encode(&a);
		if (item_secret_decode(s->str, s->len, &b))
			abort();
		same(a.password, b.password);
		same(a.oauth_refresh_token, b.oauth_refresh_token);
		if (s->len == 0)
			abort(); /* never an empty secret */
		secret_buf_free(s);
	} else if (size > 0 && !memchr(data, '\0', size))
		abort(); /* only zero bytes are refused */
	cred_clear(&a);
	cred_clear(&b);
}

static void authtype_round_trip(const char *data, size_t size)
{
	char *in = g_strndup(data, size), *nl = strchr(in, '\n');
	char *user = NULL, *secret = NULL, *user2 = NULL, *secret2 = NULL, *cred;
	enum jira_type type, type2;

	if (nl) {
		*nl = '\0';
		if (auth_decode(in, nl + 1, &user, &secret, &type) == 0) {
			if (type == JIRA_TYPE_NONE && (!user || strchr(user, ':')))
				abort(); /* Basic splits at the first ':' */
			cred = auth_credential(type ? type : JIRA_SERVER, user, secret);
			if (auth_decode(type == JIRA_PAT ? "Bearer" : "Basic", cred, &user2,
			                &secret2, &type2))
				abort();
			same(user, user2);
			same(secret, secret2);
			secret_free(cred);
			g_free(user);
			g_free(user2);
			secret_free(secret);
			secret_free(secret2);
		}
	}
	g_free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	item_round_trip((const char *)data, size);
	authtype_round_trip((const char *)data, size);
	return 0;
}
