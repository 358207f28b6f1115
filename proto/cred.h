/*
 * cred.h: the credential as git's credential protocol describes it, plus
 * the Jira keys (domain, type, validate), read from a key=value block
 * (kv.h).  No keyring, no network: this library is
 * unit-tested and fuzzed on its own.
 */
#ifndef JC_CRED_H
#define JC_CRED_H

#include <stddef.h>
#include <glib.h>

#include "jtype.h"
#include "kv.h"
#include "secret.h"

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

/* Applies one key=value pair, as cred_parse does for each line. */
enum cred_status cred_set(struct credential *c, const char *key, const char *value, char **err,
                          GString *warn);

/*
 * Brings protocol and host to their normal form (lower case, default port
 * dropped) and checks path.  cred_parse calls it; call it after cred_set.
 */
enum cred_status cred_normalize(struct credential *c, char **err);

/* Whether the request announced capability[]=NAME. */
int cred_has_capability(const struct credential *c, const char *name);

/*
 * The type given, else the one inferred from host and username
 * (jira-credential(1), Credential types).
 */
enum jira_type cred_type(const struct credential *c);

#endif
