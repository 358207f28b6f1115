/*
 * validator.h: what the files of jira-credential-validate share, and
 * nothing outside it includes: the request read from the pipe, one HTTP
 * exchange with libcurl (validator.c), the questions that tell which Jira
 * answers (validator_site.c: tenant_info, serverInfo, the gateway), and the
 * operations: validate (validator.c) and mint (validator_mint.c).  The
 * pipe protocol is in docs/design.md.
 */
#ifndef JC_VALIDATOR_H
#define JC_VALIDATOR_H

#include <curl/curl.h>
#include <glib.h>

/* The request block (docs/design.md, "The validator protocol"). */
struct request {
	char *op; /* validate (default) or mint */
	char *base, *type, *username, *api_base, *cacert, *authorization;
	char *client_secret, *scope; /* mint */
	int wait, timeout, allow_http, verbose;
	int guessed; /* the type was inferred: a server may be a Cloud site on its own domain */
	int stored;  /* the credential is a stored one that worked before, not a new one */
};

extern struct request rq;
extern double deadline; /* monotonic seconds: no request runs past it */

/* One HTTP exchange as libcurl reported it. */
struct exchange {
	long status;
	GString *body;
	size_t max;  /* bytes of body read at most */
	int secret;  /* the body may hold a secret: made at its final size, cleared */
	int too_big; /* the body passed max: reading stopped */
	char *login_reason, *denied_reason, *retry_after, *location;
	CURLcode cc;
	char errbuf[CURL_ERROR_SIZE];
	double secs;
};

/* --verbose: one line, through term_safe() as every message (msg.h). */
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Monotonic seconds. */
double now(void);

/*
 * GET url, or with form (not NULL) a POST of that
 * application/x-www-form-urlencoded body, which holds a secret: then the
 * answer's body is a secret too (x->secret).  With the credential's
 * Authorization header or without; never follows a redirect, bounded by
 * --timeout and the deadline.
 */
void http_request(CURL *c, const char *url, int with_auth, const char *form, struct exchange *x);
void exchange_clear(struct exchange *x);

/* The verdict on an exchange that failed below HTTP; who names the other end ("Jira at URL"). */
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

/* ---- mint (validator_mint.c) ---------------------------------------------- */

/*
 * Mints an access token from the service account's client id and secret
 * (rq.username, rq.client_secret): the answer's lines into out
 * (access_token, expires_in, api_base).  Returns an exit code, with *msg
 * on failure.
 */
int mint(CURL *c, GString *out, char **msg);

#endif
