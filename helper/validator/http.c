/*
 * http.c: one HTTP exchange with libcurl (see http.h).  Redirects are
 * never followed (a credential must not follow one), TLS is always
 * verified, and plain http is allowed only with allow_http=1.  Messages
 * and traces quote the server as it answered: fail() and trace() make
 * every line harmless for a terminal on its way out.
 */
#define _GNU_SOURCE /* explicit_bzero */
#include "http.h"
#include "cabundle.h"
#include "request.h"
#include "validate/clientcert.h"
#include "sys/msg.h"
#include "sys/version.h"
#include "proto/cred.h"
#include "proto/escape.h"
#include "proto/exitcode.h"
#include "proto/input.h"
#include "proto/tokenreply.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

double deadline;
static struct ca_bundle ca; /* whose CA certificates every request trusts */

void trace(const char *fmt, ...)
{
	va_list ap;
	char *line, *safe;

	if (!rq.verbose)
		return;
	va_start(ap, fmt);
	line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	safe = term_safe(line);
	fprintf(stderr, "jira-credential: %s\n", safe);
	g_free(safe);
	g_free(line);
}

/* Traces "PREFIX: VALUE" when the value is there. */
static void trace_value(const char *prefix, const char *value)
{
	if (value)
		trace("%s%s", prefix, value);
}

double now(void)
{
	return g_get_monotonic_time() / 1e6;
}

void pause_for(double secs)
{
	if (secs > 0)
		g_usleep((gulong)(secs * 1e6));
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct exchange *x = ud;

	if (x->body->len + size * n > x->max) {
		x->too_big = 1;
		return 0; /* too big for an answer about a user: stop */
	}
	g_string_append_len(x->body, p, size * n);
	return size * n;
}

static void keep_header(char **slot, const char *line, const char *name)
{
	size_t n = strlen(name);

	if (g_ascii_strncasecmp(line, name, n) || line[n] != ':')
		return;
	g_free(*slot);
	*slot = g_strstrip(g_strdup(line + n + 1));
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct exchange *x = ud;
	char *line = g_strndup(p, size * n);

	keep_header(&x->login_reason, line, "X-Seraph-LoginReason");
	keep_header(&x->denied_reason, line, "X-Authentication-Denied-Reason");
	keep_header(&x->retry_after, line, "Retry-After");
	g_free(line);
	return size * n;
}

void exchange_clear(struct exchange *x)
{
	secret_buf_free(x->body); /* an answer may hold a token made for us */
	g_free(x->login_reason);
	g_free(x->denied_reason);
	g_free(x->retry_after);
	g_free(x->location);
	memset(x, 0, sizeof(*x));
}

/* The header list holds the secret: clear each line before curl frees it. */
static void headers_free(struct curl_slist *h)
{
	for (struct curl_slist *l = h; l; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(h);
}

static struct curl_slist *headers_new(int with_auth)
{
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");

	if (with_auth) {
		char *line = g_strconcat("Authorization: ", rq.authorization, NULL);

		h = curl_slist_append(h, line);
		secret_free(line);
	}
	return h;
}

static const char *curl_why(const struct exchange *x)
{
	return *x->errbuf ? x->errbuf : curl_easy_strerror(x->cc);
}

static void trace_exchange(const struct exchange *x)
{
	if (x->cc != CURLE_OK) {
		trace("< error %d: %s (%.3f s%s)", (int)x->cc, curl_why(x), x->secs,
		      x->tls_done ? ", after the TLS handshake" : "");
		return;
	}
	trace("< HTTP %ld (%.3f s)", x->status, x->secs);
	trace_value("< X-Seraph-LoginReason: ", x->login_reason);
	trace_value("< X-Authentication-Denied-Reason: ", x->denied_reason);
	trace_value("< Retry-After: ", x->retry_after);
	trace_value("< Location: ", x->location);
}

/*
 * The client certificate, when the credential has one (validate() checked
 * its key's mode first), with an empty passphrase: OpenSSL is never left
 * to ask for one on the terminal.
 */
static void client_cert_options(CURL *c)
{
	if (!rq.client_cert)
		return;
	curl_easy_setopt(c, CURLOPT_SSLCERT, rq.client_cert);
	curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
	if (rq.client_key)
		curl_easy_setopt(c, CURLOPT_SSLKEY, rq.client_key);
	curl_easy_setopt(c, CURLOPT_KEYPASSWD, "");
	trace("> client certificate: %s%s%s", rq.client_cert, rq.client_key ? ", key " : "",
	      rq.client_key ? rq.client_key : "");
}

/* What every request sets: its URL, headers, limits, trust and callbacks. */
static void set_options(CURL *c, const char *url, struct curl_slist *h, struct exchange *x)
{
	long left_ms = (long)((deadline - now()) * 1000);

	if (left_ms < 1)
		left_ms = 1;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "jira-credential/" JC_VERSION);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, rq.allow_http ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca.file)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca.file);
	if (ca.dir)
		curl_easy_setopt(c, CURLOPT_CAPATH, ca.dir);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, MIN(left_ms, rq.timeout * 1000L));
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, MIN(left_ms, rq.timeout * 1000L));
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
}

/* What libcurl saw of the exchange, into x. */
static void read_info(CURL *c, struct exchange *x)
{
	long sent = 0;
	curl_off_t tls_us = 0;
	char *loc = NULL;

	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &x->status);
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &x->secs);
	curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &sent);
	x->sent = sent > 0;
	curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &tls_us);
	x->tls_done = tls_us > 0;
	if (curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
		x->location = g_strdup(loc);
}

void http_send(CURL *c, const char *method, const char *url, enum http_body kind, const char *text,
               int with_auth, struct exchange *x)
{
	struct curl_slist *h = headers_new(with_auth);

	memset(x, 0, sizeof(*x));
	x->max = kind == BODY_FORM ? TOKEN_MAX_BODY : MAX_BODY;
	x->body = secret_buf_new(); /* made at its final size: a token in it never moves */
	if (kind == BODY_JSON)
		h = curl_slist_append(h, "Content-Type: application/json");
	set_options(c, url, h, x);
	if (kind != BODY_NONE) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, text);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(text));
	}
	if (strcmp(method, kind == BODY_NONE ? "GET" : "POST"))
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	client_cert_options(c);
	trace("> %s %s", method, url);
	trace("> Authorization: %s", with_auth ? "[redacted]" : "(none)");
	if (kind == BODY_JSON) /* a token's name and days: never a secret */
		trace("> %s", text);
	else if (kind == BODY_FORM)
		trace("> form: [redacted]");
	x->cc = curl_easy_perform(c);
	read_info(c, x);
	headers_free(h);
	trace_exchange(x);
}

void http_get(CURL *c, const char *url, int with_auth, struct exchange *x)
{
	http_send(c, "GET", url, BODY_NONE, NULL, with_auth, x);
}

void classify(const struct exchange *x, struct reply_verdict *v)
{
	struct jira_reply r = {
	    .status = x->status,
	    .body = x->body->str,
	    .body_len = x->body->len,
	    .login_reason = x->login_reason,
	    .denied_reason = x->denied_reason,
	    .retry_after = x->retry_after,
	    .location = x->location,
	};
	struct reply_ctx ctx = {rq.domain, rq.type, rq.username, time(NULL), rq.stored};

	reply_classify(&r, &ctx, v);
}

/* ---- the verdicts ------------------------------------------------------- */

/*
 * Whether the server (a proxy before Jira) refused the TLS handshake: it
 * refused the client certificate, or wanted one.  A TLS 1.3 server says so
 * after the client's last handshake message, with an alert that libcurl
 * sees on its first read or write (OpenSSL names it), or by closing the
 * connection at once, before the request could leave (libcurl 7.88 then
 * fails to ask the socket for its peer).  NULL when it did not, else why.
 */
static const char *handshake_refused(const struct exchange *x)
{
	if (x->cc != CURLE_SSL_CONNECT_ERROR && x->cc != CURLE_RECV_ERROR &&
	    x->cc != CURLE_SEND_ERROR)
		return NULL;
	if (strstr(curl_why(x), " alert "))
		return curl_why(x);
	return x->tls_done && !x->sent ? "it closed the connection right after the handshake"
	                               : NULL;
}

int transport_error(const struct exchange *x, const char *who, char **msg)
{
	const char *why = curl_why(x);
	const char *whose = ca.file_from ? ca.file_from : ca.dir_from;
	int rc = EXIT_NETWORK;

	if (x->cc == CURLE_SSL_CERTPROBLEM)
		*msg = g_strdup_printf("cannot use the client certificate %s%s%s (%s); check the "
		                       "files with: jira-credential doctor %s",
		                       rq.client_cert ? rq.client_cert : "(none)",
		                       rq.client_key ? " with the key " : "",
		                       rq.client_key ? rq.client_key : "", why, rq.domain);
	else if (handshake_refused(x))
		*msg = g_strdup_printf(
		    "the proxy refused the TLS handshake: %s; %s", handshake_refused(x),
		    rq.client_cert
		        ? "is the client certificate the one it trusts, and still valid? "
		          "(jira-credential doctor shows its expiry)"
		        : "it may want a client certificate: store the credential with "
		          "--client-cert=FILE --client-key=FILE");
	else if (x->too_big)
		*msg = g_strdup_printf("%s answered more than %zu bytes, too much for what was "
		                       "asked; is it the right URL?",
		                       who, x->max);
	else if (x->cc == CURLE_PEER_FAILED_VERIFICATION || x->cc == CURLE_SSL_CACERT_BADFILE ||
	         x->cc == CURLE_SSL_CONNECT_ERROR)
		*msg = g_strdup_printf("TLS with %s failed (%s)%s%s; if it uses a private CA, "
		                       "give it with --cacert=FILE",
		                       who, why, whose ? ", trusting the CA certificates of " : "",
		                       whose ? whose : "");
	else if (x->cc == CURLE_OPERATION_TIMEDOUT)
		*msg = g_strdup_printf("%s did not answer within %d s (%s); try again or raise "
		                       "--timeout",
		                       who, rq.timeout, why);
	else if (x->cc == CURLE_UNSUPPORTED_PROTOCOL) {
		*msg = g_strdup_printf("refusing to send a secret over plain http:// to %s; use "
		                       "https, or --allow-http",
		                       who);
		rc = EXIT_USAGE;
	} else
		*msg = g_strdup_printf("cannot reach %s: %s", who, why);
	return rc;
}

int http_open(CURL **c, int *usage, char **msg)
{
	*usage = 1; /* nothing sent: what was named cannot be used */
	if (ca_bundle_choose(rq.cacert, &ca, msg))
		return -1;
	if (rq.client_cert && clientcert_check(rq.client_cert, rq.client_key, msg))
		return -1;
	if (ca.file)
		trace("CA bundle: %s (%s)", ca.file, ca.file_from);
	if (ca.dir)
		trace("CA directory: %s (%s)", ca.dir, ca.dir_from);
	*usage = 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(*c = curl_easy_init())) {
		*msg = g_strdup("cannot start libcurl");
		return -1;
	}
	return 0;
}

void http_close(CURL *c)
{
	curl_easy_cleanup(c);
	curl_global_cleanup();
}
