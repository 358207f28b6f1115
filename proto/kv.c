/*
 * kv.c: the key=value block of git's credential protocol
 * (git-credential(1)), line by line: one key=value a line, a blank line or
 * the end ends the block.  On top of git's rules it refuses what git's
 * CVEs taught: NUL anywhere, over-long lines (and, binding to a table, CR
 * in a value: CVE-2024-52006), and never writes a value that holds a line
 * break (CVE-2020-5260).  The credential's own keys are cred.c's.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "kv.h"
#include "secret.h"

#include <string.h>

static enum cred_status bad(char **err, char *msg)
{
	*err = msg;
	return CRED_BAD_INPUT;
}

static void set_str(char **slot, const char *value)
{
	g_free(*slot);
	*slot = g_strdup(value);
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
