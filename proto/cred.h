/*
 * cred.h: the credential as git's credential protocol describes it, plus
 * the Jira keys (domain, type, validate), and the functions that read and
 * write it as key=value blocks.  No keyring, no network: this library is
 * unit-tested and fuzzed on its own.
 */
#ifndef JC_CRED_H
#define JC_CRED_H

#include <stddef.h>
#include <glib.h>

#include "jtype.h"
#include "secret.h"

/* Limits of the protocol (git-credential(1) and our own bound on input). */
#define CRED_MAX_LINE  65535         /* bytes, newline included */
#define CRED_MAX_INPUT (1024 * 1024) /* bytes in one request */
#define CRED_MAX_LIST  1024          /* entries in one key[] list */

struct credential {
	char *protocol; /* lower case scheme, "https" */
	char *host;     /* lower case host[:port], IPv6 in brackets, default port dropped */
	char *path;     /* no leading or trailing '/', NULL when none */
	char *username; /* NULL when not given; "" is a given, empty username */
	char *password; /* secret */
	char *password_expiry_utc;
	char *oauth_refresh_token; /* secret */
	char *authtype;
	char *credential;    /* secret */
	enum jira_type type; /* JIRA_TYPE_NONE when not given */
	int from_authtype; /* stored from git's authtype=/credential=: only such a caller can use it
	                    */
	char *api_base;    /* gateway base URL learned by validation, not secret */
	char *scope;       /* service on Data Center: the scope its tokens are minted with */
	char *token;       /* service: the access token minted from the client secret (secret) */
	char *token_expiry_utc; /* service: when that token expires, seconds since the epoch */
	gint64 stored_us;       /* when the store says it was stored (microseconds); 0: unknown */
	int type_guessed;       /* the type was inferred, not given: validation may show another */
	char *pat_id;      /* Jira's id of a personal access token made here (digits), not secret */
	char *client_cert; /* absolute path of the client certificate, not secret */
	char *client_key;  /* absolute path of its key: the file's name, never its contents */
	GPtrArray *capability;
	GPtrArray *wwwauth;
	GPtrArray *state;
	int ephemeral;
	int validate;
};

/* Reading stops at a blank line or at the end of the buffer. */
enum cred_status {
	CRED_OK = 0,
	CRED_BAD_INPUT, /* the message says what; exit 2 */
};

void cred_init(struct credential *c);
/* Frees everything, clearing secrets first.  The struct can be reused. */
void cred_clear(struct credential *c);

/*
 * Parse a key=value block from buf[0..len).  On error returns
 * CRED_BAD_INPUT and sets *err to a one-line message that names the key
 * but never quotes a value.  Warnings (dropped query, ...) are appended
 * to *warn, one per line, when warn is not NULL.
 */
enum cred_status cred_parse(struct credential *c, const char *buf, size_t len, char **err,
                            GString *warn);

/*
 * The line rules alone: calls fn for each key=value of the block in
 * buf[0..len), stopping at a blank line, the first error, or the end.
 */
typedef enum cred_status (*kv_fn)(void *ud, const char *key, const char *value, char **err);
enum cred_status kv_parse(const char *buf, size_t len, kv_fn fn, void *ud, char **err);

/* Applies one key=value pair, as cred_parse does for each line. */
enum cred_status cred_set(struct credential *c, const char *key, const char *value, char **err,
                          GString *warn);

/*
 * Brings protocol and host to their normal form (lower case, default port
 * dropped) and checks path.  cred_parse calls it; call it after cred_set.
 */
enum cred_status cred_normalize(struct credential *c, char **err);

/* Appends "key=value\n"; refuses (returns -1) a value with LF, CR or NUL. */
int cred_write_kv(GString *out, const char *key, const char *value);

/* Whether the request announced capability[]=NAME. */
int cred_has_capability(const struct credential *c, const char *name);

/* The type given, else the one design.md infers from host and username. */
enum jira_type cred_type(const struct credential *c);

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
