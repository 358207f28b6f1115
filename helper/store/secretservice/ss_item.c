/*
 * ss_item.c: what an item of the Secret Service store is: the keyring
 * schema (see jira-credential(5)), its attributes and label made from a
 * credential, its secret (proto/item.h), and what a credential takes
 * from a stored item.
 */
#include "ss.h"
#include "proto/item.h"

#include <string.h>

const SecretSchema ss_schema = {
    "org.jira-credential.Credential",
    SECRET_SCHEMA_NONE,
    {
        {"protocol", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"host", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"path", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"user", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"type", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"password_expiry_utc", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"api_base", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"stored", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"authtype", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"scope", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"pat_id", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"client_cert", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"client_key", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {NULL, 0},
    },
    .reserved = 0,
};

int ss_same_identity(const struct stored *e, const struct credential *c)
{
	return !g_strcmp0(e->protocol, c->protocol) && !g_strcmp0(e->host, c->host) &&
	       !g_strcmp0(e->path, c->path) &&
	       !g_strcmp0(e->username, c->username ? c->username : "");
}

GHashTable *ss_attrs_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
}

int ss_take_secret(SecretValue *v, struct credential *c)
{
	gsize len;
	const char *bytes = secretlib.value_get(v, &len);

	return item_secret_decode(bytes, len, c);
}

SecretValue *ss_value_of(const struct credential *c)
{
	GString *s = item_secret_encode(c);
	SecretValue *v = secretlib.value_new(s->str, s->len, "text/plain");

	secret_buf_free(s);
	return v;
}

void ss_fill_from_entry(struct credential *out, const struct stored *e)
{
	out->protocol = g_strdup(e->protocol);
	out->host = g_strdup(e->host);
	out->path = g_strdup(e->path);
	out->username = g_strdup(e->username);
	out->type = e->type;
	out->password_expiry_utc = g_strdup(e->expiry);
	out->api_base = g_strdup(e->api_base);
	out->scope = g_strdup(e->scope);
	out->from_authtype = e->from_authtype;
	out->stored_us = e->stored_us;
	out->pat_id = g_strdup(e->pat_id);
	out->client_cert = g_strdup(e->client_cert);
	out->client_key = g_strdup(e->client_key);
}

/*
 * "Jira: bob@example.com on example.atlassian.net", then " path a › b"
 * and " (http)" when they apply.  No '/': KWallet splits a label at its
 * first '/' into a folder and a name.
 */
char *ss_label(const struct credential *c)
{
	GString *l = g_string_new("Jira: ");
	char **segs;

	if (c->username && *c->username)
		g_string_append(l, c->username);
	else
		g_string_append(l,
		                c->type == JIRA_PAT ? "personal access token" : "anonymous token");
	if (c->type == JIRA_SERVICE)
		g_string_append(l, " (service account)");
	g_string_append(l, " on ");
	g_string_append(l, c->host);
	if (c->path) {
		segs = g_strsplit(c->path, "/", -1);
		g_string_append(l, " path ");
		for (char **p = segs; *p; p++)
			g_string_append_printf(l, "%s%s", p == segs ? "" : " \u203a ", *p);
		g_strfreev(segs);
	}
	if (strcmp(c->protocol, "https"))
		g_string_append_printf(l, " (%s)", c->protocol);
	for (char *p = l->str; *p; p++) /* a username may hold one */
		if (*p == '/')
			*p = '|';
	return g_string_free(l, FALSE);
}

/* Attributes that make a credential's identity: origin, path, user. */
GHashTable *ss_key_attrs(const struct credential *c)
{
	GHashTable *a = ss_attrs_new();

	g_hash_table_insert(a, "protocol", g_strdup(c->protocol));
	g_hash_table_insert(a, "host", g_strdup(c->host));
	g_hash_table_insert(a, "path", g_strdup(c->path ? c->path : ""));
	g_hash_table_insert(a, "user", g_strdup(c->username ? c->username : ""));
	return a;
}

/* Every attribute of c's item: its identity, then its non-secret facts. */
GHashTable *ss_item_attrs(const struct credential *c, gint64 stored_us)
{
	GHashTable *a = ss_key_attrs(c);

	g_hash_table_insert(a, "type", g_strdup(jira_type_name(c->type)));
	if (c->password_expiry_utc)
		g_hash_table_insert(a, "password_expiry_utc", g_strdup(c->password_expiry_utc));
	if (c->api_base)
		g_hash_table_insert(a, "api_base", g_strdup(c->api_base));
	g_hash_table_insert(a, "stored", g_strdup_printf("%" G_GINT64_FORMAT, stored_us));
	if (c->from_authtype)
		g_hash_table_insert(a, "authtype", g_strdup("Bearer"));
	if (c->scope)
		g_hash_table_insert(a, "scope", g_strdup(c->scope));
	if (c->pat_id)
		g_hash_table_insert(a, "pat_id", g_strdup(c->pat_id));
	if (c->client_cert)
		g_hash_table_insert(a, "client_cert", g_strdup(c->client_cert));
	if (c->client_key)
		g_hash_table_insert(a, "client_key", g_strdup(c->client_key));
	return a;
}
