/*
 * validator.h: what the files of jira-credential-validate share, and
 * nothing outside it includes.  validator.c owns the request read from the
 * pipe (docs/design.md, "The validator protocol"), one HTTP exchange as
 * libcurl reports it, the trace of --verbose and what a transport failure
 * means; validator_site.c which Jira answers (tenant_info, serverInfo, the
 * gateway).  Each operation (op= of the request) returns an exit code,
 * with the non-secret facts, or the secret a token operation made,
 * appended to out, or a one-line *msg; only main() prints: validate
 * (validator.c), mint (validator_mint.c), pat-create and pat-revoke
 * (pat_api.c), cert-check (cert_check.c).
 */
#ifndef JC_VALIDATOR_H
#define JC_VALIDATOR_H

#include "proto/reply.h"

#include <curl/curl.h>
#include <glib.h>

struct request {
	char *op; /* validate (the default), mint, pat-create, pat-revoke, cert-check */
	char *base, *type, *username, *api_base, *cacert, *authorization;
	char *client_secret, *scope;    /* mint */
	char *client_cert, *client_key; /* the files presented to every server, when set */
	char *pat_name, *pat_id;        /* pat-create's token name; pat-revoke's id */
	int wait, timeout, allow_http, verbose, pat_days;
	int guessed; /* the type was inferred: a server may be a Cloud site on its own domain */
	int stored;  /* the credential is a stored one that worked before, not a new one */
	int quiet;   /* a failure's message goes on stdout (message=), for the caller to tell */
};

extern struct request rq;
extern double deadline; /* monotonic seconds: no request runs past it */

/* One HTTP exchange as libcurl reported it. */
struct exchange {
	long status;
	GString *body; /* from secret_buf_new(): an answer may hold a token */
	size_t max;    /* bytes of body read at most */
	int too_big;   /* the body passed max: reading stopped */
	int sent;      /* the request left: a server may have acted on it */
	int tls_done;  /* the TLS handshake was done, as the client saw it */
	char *login_reason, *denied_reason, *retry_after, *location;
	CURLcode cc;
	char errbuf[CURL_ERROR_SIZE];
	double secs;
};

/* What a request sends after its headers. */
enum http_body {
	BODY_NONE, /* GET, DELETE */
	BODY_JSON, /* application/json, never a secret: traced */
	BODY_FORM, /* application/x-www-form-urlencoded holding a secret: redacted */
};

/* --verbose: one line, through term_safe() as every message (msg.h). */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Monotonic seconds. */
double now(void);
void pause_for(double secs);

/*
 * One request: method of url, with a body of that kind (text) or none,
 * with rq's Authorization or without, presenting rq's client certificate;
 * never follows a redirect, bounded by --timeout and the deadline.  Clear
 * x with exchange_clear.
 */
void http_send(CURL *c, const char *method, const char *url, enum http_body kind, const char *text,
               int with_auth, struct exchange *x);
void exchange_clear(struct exchange *x);

/* GET url, with the credential or without. */
void http_get(CURL *c, const char *url, int with_auth, struct exchange *x);

/* What the answer means (reply.c), for rq's base, type and user. */
void classify(const struct exchange *x, struct reply_verdict *v);

/*
 * The exit code and one-line message of an exchange that got no answer;
 * who names the other end ("Jira at URL").
 */
int transport_error(const struct exchange *x, const char *who, char **msg);

/* ---- which Jira answers (validator_site.c) ------------------------------- */

/* The origin of rq.base: protocol://host[:port], no path. */
char *site_origin(void);

/*
 * {site}/_edge/tenant_info, asked without the credential: 0 with *id the
 * Cloud site's id, 1 when the site has none (not Jira Cloud), or an exit
 * code with *msg when it could not be asked (network, 429, 5xx).
 */
int site_cloud_id(CURL *c, char **id, char **msg);

/* The gateway's base for a cloud id: JIRA_CREDENTIAL_GATEWAY or Atlassian's, then /ex/jira/ID. */
char *gateway_base(const char *id);

/*
 * Whether {base}/rest/api/2/serverInfo, asked without the credential,
 * says the deployment is Cloud: a Cloud site on its own domain.  Anything
 * else (Server, no answer) is not.
 */
int site_says_cloud(CURL *c);

/* ---- the operations -------------------------------------------------------- */

/*
 * mint (validator_mint.c): an access token from the service account's
 * client id and secret (rq.username, rq.client_secret): the answer's lines
 * into out (access_token, expires_in, api_base).
 */
int mint(CURL *c, GString *out, char **msg);

/* Personal access tokens (pat_api.c): op=pat-create and op=pat-revoke. */
int pat_api_create(CURL *c, GString *out, char **msg);
int pat_api_revoke(CURL *c, GString *out, char **msg);

/* The client certificate's expiry and key (cert_check.c): op=cert-check; nothing is sent. */
int cert_check(GString *out, char **msg);

#endif
