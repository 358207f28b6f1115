/*
 * fuzz_proto.c: libFuzzer target for the protocol reader and writer.
 * Property: whatever cred_parse accepts, writing it back with
 * cred_write_kv and parsing that again gives the same credential; every
 * written value is one line.
 */
#include "proto/cred.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define FIELDS(X) \
	X(protocol) X(host) X(path) X(username) X(password) X(password_expiry_utc) \
	X(oauth_refresh_token) X(authtype) X(credential)
/* clang-format on */

static void write_back(const struct credential *c, GString *out)
{
#define W(f)                                                                                       \
	if (cred_write_kv(out, #f, c->f))                                                          \
		abort(); /* a parsed value always fits on one line */
	FIELDS(W)
#undef W
	cred_write_kv(out, "type", jira_type_name(c->type)); /* the enum, as its name */
	if (c->capability)
		for (guint i = 0; i < c->capability->len; i++)
			if (cred_write_kv(out, "capability[]", g_ptr_array_index(c->capability, i)))
				abort();
	if (c->ephemeral)
		cred_write_kv(out, "ephemeral", "1");
	if (c->validate)
		cred_write_kv(out, "validate", "1");
}

static void same(const struct credential *a, const struct credential *b)
{
#define S(f)                                                                                       \
	if (g_strcmp0(a->f, b->f))                                                                 \
		abort();
	FIELDS(S)
#undef S
	if (a->type != b->type || a->ephemeral != b->ephemeral || a->validate != b->validate ||
	    (a->capability ? a->capability->len : 0) != (b->capability ? b->capability->len : 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct credential a, b;
	GString *out = g_string_new(NULL);
	char *err = NULL;

	cred_init(&a);
	cred_init(&b);
	if (cred_parse(&a, (const char *)data, size, &err, NULL) == CRED_OK) {
		write_back(&a, out);
		if (memchr(out->str, '\r', out->len))
			abort();
		if (cred_parse(&b, out->str, out->len, &err, NULL) != CRED_OK)
			abort(); /* what we write, we read */
		same(&a, &b);
	} else if (!err || strchr(err, '\n')) {
		abort(); /* a refusal always says why, on one line */
	}
	g_free(err);
	g_string_free(out, TRUE);
	cred_clear(&a);
	cred_clear(&b);
	return 0;
}
