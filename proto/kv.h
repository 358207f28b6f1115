/*
 * kv.h: git's key=value blocks (git-credential(1)), read line by line, and
 * bound to the members of a struct by a table: the request is cred.h's,
 * every other block this program reads or writes is one table.
 */
#ifndef JC_KV_H
#define JC_KV_H

#include <glib.h>
#include <stddef.h>

/* Limits of the protocol (git-credential(1) and our own bound on input). */
#define CRED_MAX_LINE  65535         /* bytes, newline included */
#define CRED_MAX_INPUT (1024 * 1024) /* bytes in one request */
#define CRED_MAX_LIST  1024          /* entries in one key[] list */

/* Reading stops at a blank line or at the end of the buffer. */
enum cred_status {
	CRED_OK = 0,
	CRED_BAD_INPUT, /* the message says what; exit 2 */
};

/*
 * The line rules alone: calls fn for each key=value of the block in
 * buf[0..len), stopping at a blank line, the first error, or the end.
 */
typedef enum cred_status (*kv_fn)(void *ud, const char *key, const char *value, char **err);
enum cred_status kv_parse(const char *buf, size_t len, kv_fn fn, void *ud, char **err);

/* Appends "key=value\n"; refuses (returns -1) a value with LF, CR or NUL. */
int cred_write_kv(GString *out, const char *key, const char *value);

/*
 * A table that binds keys of a key=value block to the members of a
 * struct, so that each block this program reads or writes besides the
 * request (an item's secret, validation facts, the validator's request)
 * is one table instead of one more callback.  A table ends with a NULL
 * key.
 */
enum kv_kind {
	KV_TEXT,   /* char *, an empty value reads as NULL */
	KV_STRING, /* char *, an empty value reads as "" */
	KV_SECRET, /* char *, cleared before it is freed; empty reads as NULL */
	KV_INT,    /* int */
};

struct kv_field {
	const char *key;
	enum kv_kind kind;
	size_t offset;
};

#define KV_FIELD(type, member, kind)                                                               \
	{                                                                                          \
#member, kind, offsetof(type, member)                                              \
	}

/*
 * Parses a block into the members of base that table names; unknown keys
 * are ignored; a carriage return in a value is refused, as in a request.
 */
enum cred_status kv_bind(const char *buf, size_t len, const struct kv_field *table, void *base,
                         char **err);

/* Writes the members of base that are set (not NULL), in table order; -1 on a line break. */
int kv_emit(GString *out, const struct kv_field *table, const void *base);

/* Frees the char * members that table names, clearing KV_SECRET ones. */
void kv_free(const struct kv_field *table, void *base);

#endif
