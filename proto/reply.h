/*
 * reply.h: what one answer of Jira's means.  Pure: no network, no
 * printing, no exit.  The validator fills a struct jira_reply from an HTTP
 * exchange and gets back a verdict, an exit code, a one-line message (the
 * server's bytes in it as they came: fail() escapes them when it prints)
 * and the non-secret facts of a 200.  tests/fuzz/fuzz_reply.c drives it.
 */
#ifndef JC_REPLY_H
#define JC_REPLY_H

#include <json-glib/json-glib.h>
#include <stddef.h>
#include <time.h>

#define MAX_BODY       (1024 * 1024) /* bytes of an answer read at most */
#define JSON_MAX_DEPTH 64            /* nesting of [ and { parsed at most */

struct jira_reply {
	long status;
	const char *body; /* body_len bytes, may hold NUL; NULL when empty */
	size_t body_len;
	const char *login_reason;  /* X-Seraph-LoginReason, NULL when absent */
	const char *denied_reason; /* X-Authentication-Denied-Reason */
	const char *retry_after;   /* Retry-After */
	const char *location;      /* where a redirect points */
};

/* What was asked: for the message, never from the server. */
struct reply_ctx {
	const char *base;     /* the Jira base URL */
	const char *type;     /* cloud, server, pat or service */
	const char *username; /* may be NULL */
	time_t now;           /* for a Retry-After given as a date */
	int stored;           /* a stored credential that worked before, not a new one */
};

enum reply_kind {
	REPLY_USER,         /* 200 naming a user: the credential works */
	REPLY_UNAUTHORIZED, /* 401, or 200 with AUTHENTICATED_FAILED: maybe a new token */
	REPLY_REJECTED,     /* 403, or an account password sent to Cloud: final */
	REPLY_CAPTCHA,      /* Jira's CAPTCHA lock-out: final, never retried */
	REPLY_BUSY,         /* 429 or 503: retry after retry_secs */
	REPLY_REDIRECT,     /* 3xx: never followed, final */
	REPLY_NOT_USER,     /* 200 that names no user: final */
	REPLY_SERVER,       /* any other status: final */
};

struct reply_verdict {
	enum reply_kind kind;
	int code;       /* exit code when this is the last answer */
	char *msg;      /* the message, server bytes as sent; NULL for REPLY_USER */
	int retry_secs; /* REPLY_BUSY: 1..3600 */
	char *display_name, *account_id, *email; /* REPLY_USER, as Jira sent them */
	int cloud; /* REPLY_USER: the user came as Jira Cloud names one (accountId) */
};

void reply_classify(const struct jira_reply *r, const struct reply_ctx *c, struct reply_verdict *v);
void reply_verdict_clear(struct reply_verdict *v);

/*
 * Whether the JSON text s[0..len) nests [ and { at most max deep (strings
 * and their escapes skipped).  Checked before any JSON is parsed.
 */
int json_depth_ok(const char *s, size_t len, int max);

/*
 * The root object of the JSON text body[0..len), parsed by p (which owns
 * it), or NULL with *why (static text): empty, nested deeper than
 * JSON_MAX_DEPTH, longer than MAX_BODY, not JSON, not an object.
 */
JsonObject *reply_body_object(JsonParser *p, const char *body, size_t len, const char **why);

/* The string member name of o, or NULL when absent or not a string. */
const char *reply_json_str(JsonObject *o, const char *name);

/* The cloud id of a /_edge/tenant_info answer (hex digits and '-'), or NULL. */
char *reply_cloud_id(const char *body, size_t len);

/* Whether a /rest/api/2/serverInfo answer says "deploymentType": "Cloud". */
int reply_says_cloud(const char *body, size_t len);

#endif
