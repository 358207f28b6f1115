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

/* Limits of the protocol (git-credential(1) and our own bound on input). */
#define CRED_MAX_LINE  65535         /* bytes, newline included */
#define CRED_MAX_INPUT (1024 * 1024) /* bytes in one request */
#define CRED_MAX_LIST  1024          /* entries in one key[] list */
/*
 * Room for any answer that holds a secret: a GString that grew would leave
 * an uncleared copy behind in the block it moved from, so such buffers are
 * made this large at once (untouched pages cost no memory).
 */
#define CRED_ANSWER_MAX (1024 * 1024)

struct credential {
	char *protocol; /* lower case scheme, "https" */
	char *host;     /* lower case host[:port], IPv6 in brackets, default port dropped */
	char *path;     /* no leading or trailing '/', NULL when none */
	char *username; /* NULL when not given; "" is a given, empty username */
	char *password; /* secret */
	char *password_expiry_utc;
	char *oauth_refresh_token; /* secret */
	char *authtype;
	char *credential; /* secret */
	char *type;       /* "cloud", "server" or "pat" */
	char *api_base;   /* gateway base URL learned by validation, not secret */
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

/* Clears then frees a string that may hold a secret. */
void secret_free(char *s);
/* Replaces *slot by a copy of value, clearing the old one. */
void secret_replace(char **slot, const char *value);

#endif
