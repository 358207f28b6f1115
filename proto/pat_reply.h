/*
 * pat_reply.h: Jira Data Center's personal access token API
 * ({base}/rest/pat/latest/tokens), as words: the body of a request to
 * make a token, and what an answer says.  Pure: no network, no printing,
 * no exit; tests/fuzz/fuzz_pat_reply.c drives it.  The answers are
 * bounded and parsed with json-glib, as reply.c parses the others.
 */
#ifndef JC_PAT_REPLY_H
#define JC_PAT_REPLY_H

#include <glib.h>
#include <stddef.h>

#define PAT_PATH      "/rest/pat/latest/tokens"
#define PAT_TOKEN_MAX 1024 /* bytes of a raw token taken at most */
#define PAT_ID_MAX    20   /* digits of a token id */
#define PAT_NAME_MAX  200  /* bytes of a token's name sent */
#define PAT_MSG_MAX   200  /* bytes of Jira's own words quoted in a message */

/* What a 200 or 201 to POST .../tokens gives. */
struct pat_made {
	char *id;      /* decimal digits (pat_id_valid) */
	char *token;   /* the raw token: secret; printable ASCII, no space; free with secret_free */
	gint64 expiry; /* expiringAt, seconds since the epoch; 0 when the token has none */
};

/*
 * Reads the answer body[0..len) to a token's creation.  Returns 0 with m
 * filled (m->id NULL when the answer has no whole-number id, m->expiry 0
 * when its expiringAt is absent or not an ISO 8601 time: a token Jira
 * made is never thrown away for a missing fact), or -1 with *why (static
 * text) when it holds no usable token: not a JSON object, no rawToken, or
 * one that is empty, too long or has a byte a header cannot carry.
 * Clears the parser's copy of the token.
 */
int pat_reply_made(const char *body, size_t len, struct pat_made *m, const char **why);
void pat_made_clear(struct pat_made *m);

/*
 * Jira's own words in an error answer: "message", else the first of
 * "errorMessages", else the first "message" of "errors", at most
 * PAT_MSG_MAX bytes of valid UTF-8 (bytes as sent: the sinks escape
 * them); NULL when there are none.
 */
char *pat_reply_message(const char *body, size_t len);

/* Whether s is a token id to put in a URL: 1 to PAT_ID_MAX decimal digits. */
int pat_id_valid(const char *s);

/* The JSON body of POST .../tokens: {"name": NAME, "expirationDuration": DAYS}. */
char *pat_request_body(const char *name, int days);

#endif
