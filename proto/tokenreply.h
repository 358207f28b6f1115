/*
 * tokenreply.h: what an OAuth 2.0 token endpoint's answer means (RFC 6749,
 * 5.1 and 5.2): Atlassian's for a Cloud service account, or a Jira Data
 * Center 11's.  Pure: no network, no printing, no exit.  The validator
 * fills in what the endpoint answered and gets back a verdict, an exit
 * code, a one-line message (the server's bytes in it as they came: fail()
 * escapes them) and, on success, the access token and its lifetime.  The
 * answer is bounded and parsed strictly, as Jira's are (reply.c):
 * tests/fuzz/fuzz_token.c drives it.
 */
#ifndef JC_TOKENREPLY_H
#define JC_TOKENREPLY_H

#include <stddef.h>

#define TOKEN_MAX_BODY     (64 * 1024) /* bytes of a token endpoint's answer read at most */
#define TOKEN_MAX_DEPTH    8           /* nesting of [ and { parsed at most */
#define TOKEN_MAX_LEN      8192        /* bytes of an access token */
#define TOKEN_MAX_LIFETIME 86400       /* seconds an access token may claim to last */

/* What was asked: for the message, never from the server. */
struct token_ctx {
	const char *url;   /* the token endpoint */
	int data_center;   /* Jira Data Center's endpoint, not Atlassian's */
	const char *scope; /* the scope sent (Data Center), or NULL */
};

enum token_kind {
	TOKEN_MINTED,   /* 200 with a Bearer access token and its lifetime */
	TOKEN_REFUSED,  /* 400, 401, 403: the client id, secret or scope refused: final */
	TOKEN_REDIRECT, /* 3xx: never followed with the secret: final */
	TOKEN_BAD,      /* 200 without a usable token, or any other status: final */
};

struct token_answer {
	enum token_kind kind;
	int code;        /* exit code */
	char *msg;       /* NULL for TOKEN_MINTED */
	char *token;     /* TOKEN_MINTED: the access token (a secret: secret_free) */
	long expires_in; /* TOKEN_MINTED: seconds, 1..TOKEN_MAX_LIFETIME */
};

/*
 * The meaning of an answer with status and body[0..len) (may hold NUL; NULL
 * when empty); location is where a redirect points (NULL when none).
 */
void token_classify(long status, const char *body, size_t len, const char *location,
                    const struct token_ctx *c, struct token_answer *a);

/* Frees what a holds, clearing the token first. */
void token_answer_clear(struct token_answer *a);

#endif
