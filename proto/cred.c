/*
 * cred.c: reads and writes git's credential protocol (git-credential(1)):
 * one key=value a line, a blank line or the end ends the block, key[]
 * lists with an empty value clearing them, unknown keys ignored.  On top
 * of git's rules it refuses what git's CVEs taught: CR in a value
 * (CVE-2024-52006), NUL anywhere, over-long lines, and never writes a value
 * that holds a line break (CVE-2020-5260).
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "cred.h"
#include "domain.h"

#include <string.h>

static void list_free(GPtrArray **list)
{
	if (*list)
		g_ptr_array_free(*list, TRUE);
	*list = NULL;
}

void cred_init(struct credential *c)
{
	memset(c, 0, sizeof(*c));
}

void cred_clear(struct credential *c)
{
	g_free(c->protocol);
	g_free(c->host);
	g_free(c->path);
	g_free(c->username);
	secret_free(c->password);
	g_free(c->password_expiry_utc);
	secret_free(c->oauth_refresh_token);
	g_free(c->authtype);
	secret_free(c->credential);
	g_free(c->api_base);
	g_free(c->scope);
	secret_free(c->token);
	g_free(c->token_expiry_utc);
	g_free(c->pat_id);
	g_free(c->client_cert);
	g_free(c->client_key);
	list_free(&c->capability);
	list_free(&c->wwwauth);
	list_free(&c->state);
	cred_init(c);
}

int cred_has_capability(const struct credential *c, const char *name)
{
	if (!c->capability)
		return 0;
	for (guint i = 0; i < c->capability->len; i++)
		if (!strcmp(g_ptr_array_index(c->capability, i), name))
			return 1;
	return 0;
}

static enum cred_status bad(char **err, char *msg)
{
	*err = msg;
	return CRED_BAD_INPUT;
}

static enum cred_status list_add(GPtrArray **list, const char *key, const char *value, char **err)
{
	if (!*value) { /* git: an empty key[]= clears the list */
		list_free(list);
		return CRED_OK;
	}
	if (!*list)
		*list = g_ptr_array_new_with_free_func(g_free);
	if ((*list)->len >= CRED_MAX_LIST)
		return bad(err, g_strdup_printf("more than %d values for %s[]; refused",
		                                CRED_MAX_LIST, key));
	g_ptr_array_add(*list, g_strdup(value));
	return CRED_OK;
}

static enum cred_status set_flag(int *flag, const char *key, const char *value, char **err)
{
	if (!strcmp(value, "1") || !strcmp(value, "true"))
		*flag = 1;
	else if (!strcmp(value, "0") || !strcmp(value, "false") || !*value)
		*flag = 0;
	else
		return bad(err, g_strdup_printf("%s= takes 1 or 0", key));
	return CRED_OK;
}

/* url= and domain=: protocol, host and path from the URL; its user, if any. */
static enum cred_status set_url(struct credential *c, const char *key, const char *value,
                                char **err, GString *warn)
{
	struct origin o;
	char *why = NULL;

	if (domain_parse(value, &o, &why, warn)) {
		*err = g_strdup_printf("%s=: %s", key, why);
		g_free(why);
		return CRED_BAD_INPUT;
	}
	g_free(c->protocol);
	g_free(c->host);
	g_free(c->path);
	c->protocol = o.protocol;
	c->host = o.host;
	c->path = o.path;
	if (o.username) {
		g_free(c->username);
		c->username = o.username;
	}
	return CRED_OK;
}

static enum cred_status set_path(struct credential *c, const char *value, char **err)
{
	char *why = NULL, *p;

	if (path_normalize(value, &p, &why)) {
		*err = g_strdup_printf("path=: %s", why);
		g_free(why);
		return CRED_BAD_INPUT;
	}
	g_free(c->path);
	c->path = p;
	return CRED_OK;
}

static void set_str(char **slot, const char *value)
{
	g_free(*slot);
	*slot = g_strdup(value);
}

enum cred_status cred_set(struct credential *c, const char *key, const char *value, char **err,
                          GString *warn)
{
	size_t klen = strlen(key);

	if (strchr(value, '\r'))
		return bad(err, g_strdup_printf("carriage return in the value of %s; refused "
		                                "(see CVE-2024-52006)",
		                                g_utf8_validate(key, -1, NULL) ? key : "a key"));
	if (!g_utf8_validate(key, -1, NULL) || !g_utf8_validate(value, -1, NULL))
		return bad(err, g_strdup("the input is not valid UTF-8; give text values"));

	if (klen > 2 && !strcmp(key + klen - 2, "[]")) {
		if (!strcmp(key, "capability[]"))
			return list_add(&c->capability, "capability", value, err);
		if (!strcmp(key, "wwwauth[]"))
			return list_add(&c->wwwauth, "wwwauth", value, err);
		if (!strcmp(key, "state[]"))
			return list_add(&c->state, "state", value, err);
		return CRED_OK;
	}
	if (!strcmp(key, "protocol"))
		set_str(&c->protocol, value);
	else if (!strcmp(key, "host"))
		set_str(&c->host, value);
	else if (!strcmp(key, "path"))
		return set_path(c, value, err);
	else if (!strcmp(key, "url") || !strcmp(key, "domain"))
		return set_url(c, key, value, err, warn);
	else if (!strcmp(key, "username"))
		set_str(&c->username, value);
	else if (!strcmp(key, "password"))
		secret_replace(&c->password, value);
	else if (!strcmp(key, "password_expiry_utc"))
		set_str(&c->password_expiry_utc, value);
	else if (!strcmp(key, "oauth_refresh_token"))
		secret_replace(&c->oauth_refresh_token, value);
	else if (!strcmp(key, "authtype"))
		set_str(&c->authtype, value);
	else if (!strcmp(key, "credential"))
		secret_replace(&c->credential, value);
	else if (!strcmp(key, "type")) {
		c->type = JIRA_TYPE_NONE;
		if (*value && jira_type_parse(value, &c->type))
			return bad(err, g_strdup("type= must be cloud, server, pat or service"));
	} else if (!strcmp(key, "scope"))
		set_str(&c->scope, *value ? value : NULL);
	else if (!strcmp(key, "ephemeral"))
		return set_flag(&c->ephemeral, key, value, err);
	else if (!strcmp(key, "validate"))
		return set_flag(&c->validate, key, value, err);
	return CRED_OK; /* unknown keys are ignored, as git asks */
}

enum cred_status cred_normalize(struct credential *c, char **err)
{
	char *why = NULL, *host;

	if (c->protocol) {
		char *lower = g_ascii_strdown(c->protocol, -1);

		g_free(c->protocol);
		c->protocol = lower;
	}
	if (c->password_expiry_utc &&
	    (!*c->password_expiry_utc || strlen(c->password_expiry_utc) > 18 ||
	     strspn(c->password_expiry_utc, "0123456789") != strlen(c->password_expiry_utc)))
		return bad(err, g_strdup("password_expiry_utc= must be seconds since the epoch"));
	if (!c->host)
		return CRED_OK;
	if (host_normalize(c->protocol ? c->protocol : "https", c->host, &host, &why)) {
		*err = why;
		return CRED_BAD_INPUT;
	}
	g_free(c->host);
	c->host = host;
	return CRED_OK;
}

/* One line, without its newline: key=value. */
static enum cred_status parse_line(char *line, size_t n, size_t lineno, kv_fn fn, void *ud,
                                   char **err)
{
	char *eq = memchr(line, '=', n);
	enum cred_status st;
	char *key, *value;

	if (!eq)
		return bad(err, g_strdup_printf("line %zu has no '='; each line must be key=value",
		                                lineno));
	if (eq == line)
		return bad(err, g_strdup_printf("line %zu has an empty key", lineno));
	key = g_strndup(line, eq - line);
	value = g_strndup(eq + 1, n - (eq - line) - 1);
	st = fn(ud, key, value, err);
	g_free(key);
	secret_free(value);
	return st;
}

enum cred_status kv_parse(const char *buf, size_t len, kv_fn fn, void *ud, char **err)
{
	size_t off = 0, lineno = 0;

	if (len > CRED_MAX_INPUT)
		return bad(err, g_strdup_printf("the input is larger than %d bytes; refused",
		                                CRED_MAX_INPUT));
	if (memchr(buf, '\0', len))
		return bad(err, g_strdup("NUL byte in the input; refused"));
	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;
		char *line;
		enum cred_status st;

		lineno++;
		if (n + (nl ? 1 : 0) > CRED_MAX_LINE)
			return bad(err, g_strdup_printf("line %zu is longer than %d bytes; refused",
			                                lineno, CRED_MAX_LINE));
		if (n == 0)
			break; /* a blank line ends the block */
		line = g_strndup(buf + off, n);
		st = parse_line(line, n, lineno, fn, ud, err);
		explicit_bzero(line, n);
		g_free(line);
		if (st != CRED_OK)
			return st;
		off += n + (nl ? 1 : 0);
	}
	return CRED_OK;
}

struct set_ctx {
	struct credential *c;
	GString *warn;
};

static enum cred_status set_one(void *ud, const char *key, const char *value, char **err)
{
	struct set_ctx *ctx = ud;

	return cred_set(ctx->c, key, value, err, ctx->warn);
}

enum cred_status cred_parse(struct credential *c, const char *buf, size_t len, char **err,
                            GString *warn)
{
	struct set_ctx ctx = {c, warn};
	enum cred_status st = kv_parse(buf, len, set_one, &ctx, err);

	return st == CRED_OK ? cred_normalize(c, err) : st;
}

int cred_write_kv(GString *out, const char *key, const char *value)
{
	if (!value)
		return 0;
	if (strpbrk(key, "=\n\r") || strpbrk(value, "\n\r"))
		return -1;
	g_string_append(out, key);
	g_string_append_c(out, '=');
	g_string_append(out, value);
	g_string_append_c(out, '\n');
	return 0;
}

enum jira_type cred_type(const struct credential *c)
{
	return c->type ? c->type : jira_type_infer(c->host, c->username);
}

struct bind_ctx {
	const struct kv_field *table;
	void *base;
};

static enum cred_status bind_one(void *ud, const char *key, const char *value, char **err)
{
	struct bind_ctx *ctx = ud;
	const struct kv_field *f;
	char **slot;

	for (f = ctx->table; f->key && strcmp(f->key, key); f++)
		;
	if (!f->key)
		return CRED_OK;
	if (strchr(value, '\r'))
		return bad(err,
		           g_strdup_printf("carriage return in the value of %s; refused", key));
	slot = (char **)((char *)ctx->base + f->offset);
	switch (f->kind) {
	case KV_INT:
		*(int *)slot = (int)g_ascii_strtoll(value, NULL, 10);
		break;
	case KV_STRING:
		set_str(slot, value);
		break;
	case KV_TEXT:
		set_str(slot, *value ? value : NULL);
		break;
	case KV_SECRET:
		secret_replace(slot, *value ? value : NULL);
		break;
	}
	return CRED_OK;
}

enum cred_status kv_bind(const char *buf, size_t len, const struct kv_field *table, void *base,
                         char **err)
{
	struct bind_ctx ctx = {table, base};

	return kv_parse(buf, len, bind_one, &ctx, err);
}

int kv_emit(GString *out, const struct kv_field *table, const void *base)
{
	int bad = 0;

	for (const struct kv_field *f = table; f->key; f++) {
		const void *slot = (const char *)base + f->offset;
		char num[24];

		if (f->kind == KV_INT) {
			g_snprintf(num, sizeof(num), "%d", *(const int *)slot);
			bad |= cred_write_kv(out, f->key, num);
		} else
			bad |= cred_write_kv(out, f->key, *(char *const *)slot);
	}
	return bad;
}

void kv_free(const struct kv_field *table, void *base)
{
	for (const struct kv_field *f = table; f->key; f++) {
		char **slot = (char **)((char *)base + f->offset);

		if (f->kind == KV_INT)
			continue;
		if (f->kind == KV_SECRET)
			secret_free(*slot);
		else
			g_free(*slot);
		*slot = NULL;
	}
}
