/*
 * validator.c: jira-credential-validate, the one program that links
 * libcurl.  It reads a request block on stdin (base URL, type, the
 * Authorization value and the options), asks Jira who that credential is
 * (GET {base}/rest/api/2/myself), and answers: exit code 0 with non-secret
 * facts on stdout, or 2/4/5 with one line on stderr saying what happened
 * and what to do.  With op=mint it mints a service account's access token
 * instead (validator_mint.c).  What each answer means is reply.c's; this
 * file owns the exchanges: the new-token wait, the scoped-token gateway,
 * Retry-After pauses, redirects never followed, transport errors; which
 * Jira answers (Cloud or not, its gateway) is validator_site.c's.  Functions below
 * main() return an exit code and a one-line message; main() alone prints
 * and exits.  Messages and traces quote the server as it answered: fail()
 * and trace() make every line harmless for a terminal on its way out.
 * The request's op= chooses another operation instead of the check: Data
 * Center's token API (pat_api.c) or doctor's look at a client certificate
 * (cert_check.c); every request presents the credential's client
 * certificate.
 */
#define _GNU_SOURCE /* explicit_bzero */
#include "cabundle.h"
#include "validate/clientcert.h"
#include "cli/jc.h"
#include "proto/reply.h"
#include "proto/tokenreply.h"
#include "validator.h"
#include "sys/version.h"
#include "proto/cred.h"
#include "proto/escape.h"
#include "proto/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct request rq;
double deadline;
static struct ca_bundle ca; /* whose CA certificates every request trusts */
static int progress_shown;  /* the "Retrying..." line is on the terminal */

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

/* ---- reading the request ------------------------------------------------ */

/* The request block (docs/design.md, "The validator protocol"). */
static const struct kv_field request_fields[] = {
    KV_FIELD(struct request, op, KV_TEXT),
    KV_FIELD(struct request, base, KV_TEXT),
    KV_FIELD(struct request, type, KV_TEXT),
    KV_FIELD(struct request, username, KV_STRING),
    KV_FIELD(struct request, api_base, KV_TEXT),
    KV_FIELD(struct request, cacert, KV_TEXT),
    KV_FIELD(struct request, authorization, KV_SECRET),
    KV_FIELD(struct request, client_secret, KV_SECRET),
    KV_FIELD(struct request, scope, KV_TEXT),
    KV_FIELD(struct request, wait, KV_INT),
    KV_FIELD(struct request, timeout, KV_INT),
    KV_FIELD(struct request, allow_http, KV_INT),
    KV_FIELD(struct request, verbose, KV_INT),
    KV_FIELD(struct request, guessed, KV_INT),
    KV_FIELD(struct request, stored, KV_INT),
    KV_FIELD(struct request, client_cert, KV_TEXT),
    KV_FIELD(struct request, client_key, KV_TEXT),
    KV_FIELD(struct request, pat_name, KV_TEXT),
    KV_FIELD(struct request, pat_id, KV_TEXT),
    KV_FIELD(struct request, pat_days, KV_INT),
    KV_FIELD(struct request, quiet, KV_INT),
    {NULL, 0, 0},
};

/* The request holds the secret (authorization, client_secret): cleared on every way out. */
static void clear_request(void)
{
	kv_free(request_fields, &rq);
}

static int read_request(char **msg)
{
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	int bad;

	clear_at_exit(clear_request);
	bad = block_read_fd(STDIN_FILENO, &buf, &len, &err) ||
	      kv_bind(buf, len, request_fields, &rq, &err) != CRED_OK;
	if (buf)
		block_free(buf, len);
	if (bad) {
		*msg =
		    g_strdup_printf("bad request to the validator: %s", err ? err : "unreadable");
		g_free(err);
		return EXIT_USAGE;
	}
	if (!rq.op)
		rq.op = g_strdup("validate");
	/* an op not known is refused by run(), before anything is sent */
	if ((!strcmp(rq.op, "validate") || !strncmp(rq.op, "pat-", 4)) &&
	    (!rq.base || !rq.type || !rq.authorization)) {
		*msg =
		    g_strdup("bad request to the validator: base, type and authorization needed");
		return EXIT_USAGE;
	}
	if (!strcmp(rq.op, "mint") &&
	    (!rq.base || !rq.username || !*rq.username || !rq.client_secret)) {
		*msg = g_strdup(
		    "bad request to the validator: base, username and client_secret needed");
		return EXIT_USAGE;
	}
	if (rq.timeout <= 0)
		rq.timeout = 30;
	return EXIT_OK;
}

/* ---- one HTTP exchange -------------------------------------------------- */

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

void http_send(CURL *c, const char *method, const char *url, enum http_body kind, const char *text,
               int with_auth, struct exchange *x)
{
	struct curl_slist *h = headers_new(with_auth);
	long left_ms = (long)((deadline - now()) * 1000), sent = 0;
	curl_off_t tls_us = 0;
	char *loc = NULL;

	memset(x, 0, sizeof(*x));
	x->max = kind == BODY_FORM ? TOKEN_MAX_BODY : MAX_BODY;
	x->body = secret_buf_new(); /* made at its final size: a token in it never moves */
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
	if (kind == BODY_JSON)
		h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
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
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &x->status);
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &x->secs);
	curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &sent);
	x->sent = sent > 0;
	curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &tls_us);
	x->tls_done = tls_us > 0;
	if (curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
		x->location = g_strdup(loc);
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
	struct reply_ctx ctx = {rq.base, rq.type, rq.username, time(NULL), rq.stored};

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
		                       rq.client_key ? rq.client_key : "", why, rq.base);
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

static void fact(GString *out, const char *key, const char *value)
{
	if (value && !strpbrk(value, "\r\n"))
		cred_write_kv(out, key, value);
}

/* A 200 that names a user: the facts for stdout. */
static int succeeded(const struct reply_verdict *v, const char *api_base, GString *out)
{
	fact(out, "display_name", v->display_name);
	fact(out, "account_id", v->account_id);
	fact(out, "email", v->email);
	fact(out, "api_base", api_base);
	fact(out, "deployment", v->cloud ? "cloud" : "server");
	return EXIT_OK;
}

void pause_for(double secs)
{
	if (secs > 0)
		g_usleep((gulong)(secs * 1e6));
}

/* ---- scoped Cloud tokens: the gateway ----------------------------------- */

/* After the site said 401: 0 with the facts when the gateway knows the user, else -1. */
static int try_gateway(CURL *c, char **id, GString *out)
{
	struct exchange x;
	struct reply_verdict v;
	char *base, *url, *ignored = NULL;
	int rc = -1;

	if (!*id && site_cloud_id(c, id, &ignored) != 0) {
		g_free(ignored);
		return -1;
	}
	base = gateway_base(*id);
	url = g_strconcat(base, "/rest/api/3/myself", NULL);
	http_get(c, url, 1, &x);
	if (x.cc == CURLE_OK) {
		classify(&x, &v);
		if (v.kind == REPLY_USER)
			rc = succeeded(&v, base, out);
		reply_verdict_clear(&v);
	}
	exchange_clear(&x);
	g_free(url);
	g_free(base);
	return rc;
}

/* ---- the check ---------------------------------------------------------- */

/*
 * Only tokens are new: Cloud API tokens and personal access tokens can take
 * a minute to start working.  A Server/DC password that fails is wrong, and
 * every failed Basic login counts toward Jira's CAPTCHA lock-out (after 3 by
 * default), so it is never retried.
 */
static int new_token_may_wait(void)
{
	return strcmp(rq.type, "server") != 0;
}

/* Pauses between 401 retries: about a dozen requests a minute at most. */
static double next_pause(int attempt)
{
	static const int pauses[] = {5, 10, 10, 15};

	return pauses[MIN(attempt, (int)G_N_ELEMENTS(pauses) - 1)];
}

static void progress(double left)
{
	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr,
	        "\rjira-credential: Jira does not accept the token yet; new tokens can take a "
	        "minute to work. Retrying for %3.0f s more...",
	        left);
	fflush(stderr);
	progress_shown = 1;
}

/*
 * Asks Jira until an answer is final: returns EXIT_OK with the facts in
 * out, or an exit code with a one-line *msg.
 */
static int check(CURL *c, GString *out, char **msg)
{
	char *url, *id = NULL, *who;
	double start = now(), wait_until = start + rq.wait;
	struct exchange x;
	struct reply_verdict v;
	int rc = -1;

	deadline = start + rq.wait + rq.timeout;
	if (rq.guessed && !strcmp(rq.type, "server") && site_says_cloud(c)) {
		/* a Cloud site on its own domain: no CAPTCHA to fear, a new token to wait for */
		trace("the site says it is Jira Cloud: its 401 is waited for as Cloud's");
		g_free(rq.type);
		rq.type = g_strdup("cloud");
	}
	if (!strcmp(rq.type, "service")) /* the gateway, or Data Center's own base */
		url = g_strconcat(rq.api_base ? rq.api_base : rq.base, "/rest/api/2/myself", NULL);
	else
		url = rq.api_base ? g_strconcat(rq.api_base, "/rest/api/3/myself", NULL)
		                  : g_strconcat(rq.base, "/rest/api/2/myself", NULL);
	who = g_strconcat("Jira at ", rq.base, NULL);
	for (int attempt = 0; rc < 0; attempt++) {
		http_get(c, url, 1, &x);
		if (x.cc != CURLE_OK) {
			rc = transport_error(&x, who, msg);
			exchange_clear(&x);
			break;
		}
		classify(&x, &v);
		exchange_clear(&x);
		if (v.kind == REPLY_USER) {
			rc = succeeded(&v, rq.api_base, out);
		} else if (v.kind == REPLY_BUSY && now() + v.retry_secs + 1 <= deadline) {
			trace("rate limited: waiting %d s as Jira asks", v.retry_secs);
			pause_for(v.retry_secs);
		} else if (v.kind == REPLY_UNAUTHORIZED && !strcmp(rq.type, "cloud") &&
		           !rq.api_base && try_gateway(c, &id, out) == 0) {
			rc = EXIT_OK;
		} else if (v.kind == REPLY_UNAUTHORIZED && new_token_may_wait() &&
		           now() < wait_until) {
			double p = MIN(next_pause(attempt), wait_until - now());

			trace("rejected; retrying in %.0f s (--wait)", p);
			progress(wait_until - now());
			pause_for(p);
		} else {
			rc = v.code;
			*msg = g_steal_pointer(&v.msg);
		}
		reply_verdict_clear(&v);
	}
	g_free(id);
	g_free(url);
	g_free(who);
	return rc;
}

/* The operations that talk to a server, by op= (docs/design.md, "The validator protocol"). */
static const struct operation {
	const char *name;
	int (*run)(CURL *c, GString *out, char **msg);
} operations[] = {
    {"validate", check},
    {"mint", mint},
    {"pat-create", pat_api_create},
    {"pat-revoke", pat_api_revoke},
    {NULL, NULL},
};

/* The operation asked, with libcurl and the CA certificates set up. */
static int run(GString *out, char **msg)
{
	const struct operation *op;
	CURL *c;
	int rc;

	if (!strcmp(rq.op, "cert-check"))
		return cert_check(out, msg); /* files only: nothing is sent */
	for (op = operations; op->name && strcmp(op->name, rq.op); op++)
		;
	if (!op->name) {
		*msg = g_strdup("bad request to the validator: unknown op");
		return EXIT_USAGE;
	}
	if ((rc = ca_bundle_choose(rq.cacert, &ca, msg)))
		return rc; /* nothing sent */
	if (rq.client_cert && clientcert_check(rq.client_cert, rq.client_key, msg))
		return EXIT_USAGE;
	if (ca.file)
		trace("CA bundle: %s (%s)", ca.file, ca.file_from);
	if (ca.dir)
		trace("CA directory: %s (%s)", ca.dir, ca.dir_from);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(c = curl_easy_init())) {
		*msg = g_strdup("cannot start libcurl");
		return EXIT_NETWORK;
	}
	rc = op->run(c, out, msg);
	curl_easy_cleanup(c);
	curl_global_cleanup();
	return rc;
}

/*
 * quiet=1: the caller, which does more than validate (rotate, erase
 * --revoke), tells the failure in its own one line: the message goes to
 * it as message= on stdout, a line break in it made a space, and nothing
 * else escaped (its fail() does that on the way out).
 */
static void say_to_caller(int rc, char *msg)
{
	GString *m = g_string_new(NULL);

	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	cred_write_kv(m, "message", msg);
	if (write_full(STDOUT_FILENO, m->str, m->len))
		fail(rc, "%s", msg);
	g_string_free(m, TRUE);
	leave(rc);
}

/* The one place that prints a verdict and exits. */
int main(void)
{
	GString *out = secret_buf_new(); /* a token made for us goes back this way */
	char *msg = NULL;
	int rc;

	harden();
	rc = read_request(&msg);
	if (rc == EXIT_OK)
		rc = run(out, &msg);
	if (progress_shown && isatty(STDERR_FILENO))
		fputc('\n', stderr);
	/* straight to the pipe: stdio's buffer would keep a copy nobody clears */
	if (rc == EXIT_OK && write_full(STDOUT_FILENO, out->str, out->len)) {
		rc = EXIT_NETWORK;
		msg = g_strdup("cannot write the answer");
	}
	secret_buf_free(out);
	if (rc != EXIT_OK && rq.quiet)
		say_to_caller(rc, msg ? msg : "validation failed");
	if (rc != EXIT_OK)
		fail(rc, "%s", msg ? msg : "validation failed");
	leave(EXIT_OK);
}
