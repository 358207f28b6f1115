/*
 * facts.c: the key=value form of validation facts (see facts.h).
 */
#include "facts.h"
#include "cred.h"

#include <string.h>

static const struct kv_field fields[] = {
    KV_FIELD(struct facts, display_name, KV_TEXT), KV_FIELD(struct facts, account_id, KV_TEXT),
    KV_FIELD(struct facts, email, KV_TEXT),        KV_FIELD(struct facts, api_base, KV_TEXT),
    KV_FIELD(struct facts, deployment, KV_TEXT),   {NULL, 0, 0},
};

int facts_parse(const char *buf, size_t len, struct facts *f)
{
	char *err = NULL;
	int rc = kv_bind(buf, len, fields, f, &err) == CRED_OK ? 0 : -1;

	g_free(err);
	return rc;
}

void facts_write(GString *out, const struct facts *f)
{
	for (const struct kv_field *k = fields; k->key; k++) {
		const char *v = *(char *const *)((const char *)f + k->offset);

		if (v && !strpbrk(v, "\r\n"))
			cred_write_kv(out, k->key, v);
	}
}

void facts_clear(struct facts *f)
{
	kv_free(fields, f);
}
