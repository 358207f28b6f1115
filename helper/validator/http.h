/*
 * http.h: one HTTP exchange of jira-credential-validate as libcurl reports
 * it, for the request rq (request.h): its Authorization, client
 * certificate, CA certificates, --timeout and the deadline; the trace of
 * --verbose, and what a transport failure means.  Every operation's
 * requests go through here; nothing here knows which operation sent one.
 */
#ifndef JC_HTTP_H
#define JC_HTTP_H

#include "proto/reply.h"

#include <curl/curl.h>
#include <glib.h>

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
 * libcurl, with the CA certificates rq.cacert or the environment name
 * (cabundle.h) and rq's client certificate checked (clientcert.h), into
 * *c; 0, or -1 with a one-line *msg and *usage set when the request named
 * a file it cannot use (then nothing was sent).  http_close ends it.
 */
int http_open(CURL **c, int *usage, char **msg);
void http_close(CURL *c);

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

/* What the answer means (reply.c), for rq's domain, type and user. */
void classify(const struct exchange *x, struct reply_verdict *v);

/*
 * The exit code and one-line message of an exchange that got no answer;
 * who names the other end ("Jira at URL").
 */
int transport_error(const struct exchange *x, const char *who, char **msg);

#endif
