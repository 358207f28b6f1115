/*
 * validator.h: what the operations of jira-credential-validate share.
 * validator.c owns them: the request read from the pipe (docs/design.md,
 * "The validator protocol"), one HTTP exchange as libcurl reports it, the
 * trace of --verbose, and what a transport failure means.  Each operation
 * (op= of the request) returns an exit code, with the non-secret facts,
 * or the secret a token operation made, appended to out, or a one-line
 * *msg; only main() prints.
 */
#ifndef JC_VALIDATOR_H
#define JC_VALIDATOR_H

#include "reply.h"

#include <curl/curl.h>
#include <glib.h>

struct request {
	char *op; /* validate (the default), pat-create, pat-revoke, cert-check */
	char *base, *type, *username, *api_base, *cacert, *authorization;
	char *client_cert, *client_key; /* the files presented to every server, when set */
	char *pat_name, *pat_id;        /* pat-create's token name; pat-revoke's id */
	int wait, timeout, allow_http, verbose, pat_days;
	int quiet; /* a failure's message goes on stdout (message=), for the caller to tell */
};

/* One HTTP exchange as libcurl reported it. */
struct exchange {
	long status;
	GString *body; /* from secret_buf_new(): an answer may hold a token */
	int too_big;   /* the body passed MAX_BODY: reading stopped */
	int sent;      /* the request left: a server may have acted on it */
	int tls_done;  /* the TLS handshake was done, as the client saw it */
	char *login_reason, *denied_reason, *retry_after, *location;
	CURLcode cc;
	char errbuf[CURL_ERROR_SIZE];
	double secs;
};

extern struct request rq;
extern double deadline; /* monotonic seconds: no request runs past it */

/* --verbose: one line, through term_safe() as every message (msg.h). */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Monotonic seconds. */
double now(void);
void pause_for(double secs);

/*
 * One request: GET, POST (json, sent as application/json) or DELETE of
 * url, with rq's Authorization or without, presenting rq's client
 * certificate; never follows a redirect.  Clear x with exchange_clear.
 */
void http_send(CURL *c, const char *method, const char *url, const char *json, int with_auth,
               struct exchange *x);
void exchange_clear(struct exchange *x);

/* What the answer means (reply.c), for rq's base, type and user. */
void classify(const struct exchange *x, struct reply_verdict *v);

/* The exit code and one-line message of an exchange that got no answer. */
int transport_error(const struct exchange *x, char **msg);

/* Personal access tokens (pat_api.c): op=pat-create and op=pat-revoke. */
int pat_api_create(CURL *c, GString *out, char **msg);
int pat_api_revoke(CURL *c, GString *out, char **msg);

/* The client certificate's expiry and key (cert_check.c): op=cert-check. */
int cert_check(GString *out, char **msg);

#endif
