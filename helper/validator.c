/*
 * validator.c: jira-credential-validate, the one program that links
 * libcurl.  It reads a request block on stdin (base URL, type, the
 * Authorization value and the options), asks Jira who that credential is
 * (GET {base}/rest/api/2/myself), and answers: exit code 0 with non-secret
 * facts on stdout, or 2/4/5 with one line on stderr saying what happened
 * and what to do.  The answers it classifies are those of
 * shared/jira-auth-facts.md: 401 (with the new-token wait and the scoped
 * token gateway), CAPTCHA 403 (never retried), 429/503 with Retry-After,
 * redirects (never followed), and transport errors.
 */
#define _GNU_SOURCE /* explicit_bzero */
#include "jc.h"
#include "../proto/cred.h"
#include "../proto/domain.h"
#include "../proto/input.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY         (1024 * 1024)
#define DEFAULT_GATEWAY  "https://api.atlassian.com"
#define RATE_PAUSE       5 /* seconds, when a 429/503 names no Retry-After */
#define CLOUD_TOKENS_URL "https://id.atlassian.com/manage-profile/security/api-tokens"

struct request {
	char *base, *type, *username, *api_base, *cacert, *authorization;
	int wait, timeout, allow_http, verbose;
};

struct reply {
	long status;
	GString *body;
	char *login_reason, *denied_reason, *retry_after, *www_auth;
	char *location;
	CURLcode cc;
	char errbuf[CURL_ERROR_SIZE];
	double secs;
};

static struct request rq;
static double deadline; /* monotonic seconds: no request runs past it */

void fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("jira-credential: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(code);
}

static void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void trace(const char *fmt, ...)
{
	va_list ap;

	if (!rq.verbose)
		return;
	va_start(ap, fmt);
	fputs("jira-credential: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static double now(void)
{
	return g_get_monotonic_time() / 1e6;
}

/* ---- reading the request ------------------------------------------------ */

static int to_int(const char *v)
{
	return (int)g_ascii_strtoll(v, NULL, 10);
}

static enum cred_status request_set(void *ud, const char *key, const char *value, char **err)
{
	struct request *r = ud;
	char **slot = !strcmp(key, "base")            ? &r->base
	              : !strcmp(key, "type")          ? &r->type
	              : !strcmp(key, "username")      ? &r->username
	              : !strcmp(key, "api_base")      ? &r->api_base
	              : !strcmp(key, "cacert")        ? &r->cacert
	              : !strcmp(key, "authorization") ? &r->authorization
	                                              : NULL;

	(void)err;
	if (slot)
		secret_replace(slot, value);
	else if (!strcmp(key, "wait"))
		r->wait = to_int(value);
	else if (!strcmp(key, "timeout"))
		r->timeout = to_int(value);
	else if (!strcmp(key, "allow_http"))
		r->allow_http = to_int(value);
	else if (!strcmp(key, "verbose"))
		r->verbose = to_int(value);
	return CRED_OK;
}

static void read_request(void)
{
	char *buf, *err = NULL;
	size_t len;

	if (block_read_fd(STDIN_FILENO, &buf, &len, &err) ||
	    kv_parse(buf, len, request_set, &rq, &err) != CRED_OK)
		fail(EXIT_USAGE, "bad request to the validator: %s", err);
	block_free(buf, len);
	if (!rq.base || !rq.type || !rq.authorization)
		fail(EXIT_USAGE,
		     "bad request to the validator: base, type and authorization needed");
	if (rq.timeout <= 0)
		rq.timeout = 30;
}

/* ---- one HTTP exchange -------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct reply *r = ud;

	if (r->body->len + size * n > MAX_BODY)
		return 0; /* too big for an answer about a user: stop */
	g_string_append_len(r->body, p, size * n);
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
	struct reply *r = ud;
	char *line = g_strndup(p, size * n);

	keep_header(&r->login_reason, line, "X-Seraph-LoginReason");
	keep_header(&r->denied_reason, line, "X-Authentication-Denied-Reason");
	keep_header(&r->retry_after, line, "Retry-After");
	keep_header(&r->www_auth, line, "WWW-Authenticate");
	g_free(line);
	return size * n;
}

static void reply_clear(struct reply *r)
{
	if (r->body)
		g_string_free(r->body, TRUE);
	g_free(r->login_reason);
	g_free(r->denied_reason);
	g_free(r->retry_after);
	g_free(r->www_auth);
	g_free(r->location);
	memset(r, 0, sizeof(*r));
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

static void trace_reply(const struct reply *r)
{
	if (r->cc != CURLE_OK) {
		trace("< error: %s (%.3f s)", *r->errbuf ? r->errbuf : curl_easy_strerror(r->cc),
		      r->secs);
		return;
	}
	trace("< HTTP %ld (%.3f s)", r->status, r->secs);
	if (r->login_reason)
		trace("< X-Seraph-LoginReason: %s", r->login_reason);
	if (r->denied_reason)
		trace("< X-Authentication-Denied-Reason: %s", r->denied_reason);
	if (r->retry_after)
		trace("< Retry-After: %s", r->retry_after);
	if (r->location)
		trace("< Location: %s", r->location);
}

/* GET url, with the credential or without; never follows a redirect. */
static void http_get(CURL *c, const char *url, int with_auth, struct reply *r)
{
	struct curl_slist *h = headers_new(with_auth);
	long left_ms = (long)((deadline - now()) * 1000);
	char *loc = NULL;

	memset(r, 0, sizeof(*r));
	r->body = g_string_new(NULL);
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
	if (rq.cacert)
		curl_easy_setopt(c, CURLOPT_CAINFO, rq.cacert);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, MIN(left_ms, rq.timeout * 1000L));
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, MIN(left_ms, rq.timeout * 1000L));
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->errbuf);
	trace("> GET %s", url);
	trace("> Authorization: %s", with_auth ? "[redacted]" : "(none)");
	r->cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r->secs);
	if (curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
		r->location = g_strdup(loc);
	headers_free(h);
	trace_reply(r);
}

/* ---- reading Jira's answers --------------------------------------------- */

static JsonObject *json_object_of(JsonParser *p, const GString *body)
{
	JsonNode *root;

	if (!json_parser_load_from_data(p, body->str, body->len, NULL))
		return NULL;
	root = json_parser_get_root(p);
	return root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
}

static const char *json_str(JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member(o, name);

	return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
	           ? json_node_get_string(n)
	           : NULL;
}

static void fact(GString *out, const char *key, const char *value)
{
	if (value && !strpbrk(value, "\r\n"))
		cred_write_kv(out, key, value);
}

/* 200 from /myself: who Jira says this is.  Exits. */
static void succeed(const struct reply *r, const char *api_base)
{
	JsonParser *p = json_parser_new();
	JsonObject *o = json_object_of(p, r->body);
	GString *out = g_string_new(NULL);

	if (!o)
		fail(EXIT_NETWORK,
		     "Jira answered 200 but not with a user (is %s a Jira base "
		     "URL?)",
		     rq.base);
	fact(out, "display_name", json_str(o, "displayName"));
	fact(out, "account_id",
	     json_str(o, "accountId") ? json_str(o, "accountId") : json_str(o, "name"));
	fact(out, "email", json_str(o, "emailAddress"));
	fact(out, "api_base", api_base);
	g_object_unref(p);
	if (fwrite(out->str, 1, out->len, stdout) != out->len || fflush(stdout))
		fail(EXIT_NETWORK, "cannot write the answer");
	g_string_free(out, TRUE);
	exit(EXIT_OK);
}

static char *login_url(const char *denied)
{
	const char *p = strstr(denied, "login-url=");

	return p ? g_strstrip(g_strdup(p + strlen("login-url="))) : NULL;
}

static void captcha(const struct reply *r)
{
	char *url = login_url(r->denied_reason);

	fail(EXIT_REJECTED,
	     "Jira demands a CAPTCHA after failed logins and rejects even the right password until "
	     "you log in once in a browser at %s; not retrying (each retry makes it worse)",
	     url ? url : "the Jira login page");
}

static void redirected(const struct reply *r)
{
	struct origin o = {0};
	char *err = NULL, *to = NULL;

	if (r->location && !domain_parse(r->location, &o, &err, NULL))
		to = domain_format(o.protocol, o.host, o.path);
	fail(EXIT_NETWORK,
	     "Jira answered %ld, a redirect to %s; the credential was not sent there. If that is "
	     "the right Jira, store the credential under it: jira-credential store %s",
	     r->status, r->location ? r->location : "(no Location)", to ? to : "NEW-DOMAIN");
}

static void transport_error(const struct reply *r)
{
	const char *why = *r->errbuf ? r->errbuf : curl_easy_strerror(r->cc);

	switch (r->cc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
		fail(EXIT_NETWORK,
		     "TLS with %s failed (%s); if Jira uses a private CA, give it with "
		     "--cacert=FILE",
		     rq.base, why);
	case CURLE_OPERATION_TIMEDOUT:
		fail(EXIT_NETWORK,
		     "Jira at %s did not answer within %d s (%s); try again or raise "
		     "--timeout",
		     rq.base, rq.timeout, why);
	case CURLE_UNSUPPORTED_PROTOCOL:
		fail(EXIT_USAGE,
		     "refusing to send a credential over plain http:// to %s; use "
		     "https, or --allow-http",
		     rq.base);
	default:
		fail(EXIT_NETWORK, "cannot reach Jira at %s: %s", rq.base, why);
	}
}

static int is_password_on_cloud(const struct reply *r)
{
	return !strcmp(rq.type, "cloud") && r->body &&
	       strstr(r->body->str, "Basic authentication with passwords is deprecated");
}

static void rejected(const struct reply *r)
{
	if (is_password_on_cloud(r))
		fail(EXIT_REJECTED,
		     "Jira Cloud does not take the account password; it needs an API "
		     "token: make one at %s and store that",
		     CLOUD_TOKENS_URL);
	if (r->status == 403)
		fail(EXIT_REJECTED,
		     "Jira refused the credential for %s (403%s%s); check the "
		     "account's permissions",
		     rq.base, r->login_reason ? ", " : "", r->login_reason ? r->login_reason : "");
	fail(EXIT_REJECTED,
	     "Jira rejected the credential for %s%s%s (401%s%s); check the %s, or if it is brand "
	     "new, wait with --wait=60",
	     rq.username && *rq.username ? rq.username : "",
	     rq.username && *rq.username ? " on " : "", rq.base, r->login_reason ? " " : "",
	     r->login_reason ? r->login_reason : "",
	     !strcmp(rq.type, "server") ? "password" : "token");
}

/* Seconds a Retry-After asks for (delta-seconds or an HTTP date). */
static int retry_after(const struct reply *r)
{
	char *end;
	long v;

	if (!r->retry_after)
		return RATE_PAUSE;
	v = strtol(r->retry_after, &end, 10);
	if (end == r->retry_after || *end) { /* an HTTP date */
		time_t when = curl_getdate(r->retry_after, NULL);

		v = when < 0 ? RATE_PAUSE : (long)(when - time(NULL));
	}
	/* at least a second: "Retry-After: 0" must not become a request storm */
	return (int)CLAMP(v, 1, 3600);
}

static void pause_for(double secs)
{
	if (secs > 0)
		g_usleep((gulong)(secs * 1e6));
}

/* ---- scoped Cloud tokens: the gateway ----------------------------------- */

static char *site_origin(void)
{
	struct origin o = {0};
	char *err = NULL, *s;

	if (domain_parse(rq.base, &o, &err, NULL)) {
		g_free(err);
		return g_strdup(rq.base);
	}
	s = domain_format(o.protocol, o.host, NULL);
	origin_clear(&o);
	return s;
}

/* {site}/_edge/tenant_info answers the cloud id without authentication. */
static char *cloud_id(CURL *c)
{
	char *site = site_origin(), *url = g_strconcat(site, "/_edge/tenant_info", NULL);
	struct reply r;
	JsonParser *p = json_parser_new();
	JsonObject *o;
	char *id = NULL;
	const char *s;

	http_get(c, url, 0, &r);
	/* The id goes into a URL path: accept only what a UUID is made of. */
	if (r.cc == CURLE_OK && r.status == 200 && (o = json_object_of(p, r.body)) &&
	    (s = json_str(o, "cloudId")) && *s && strspn(s, "0123456789abcdefABCDEF-") == strlen(s))
		id = g_strdup(s);
	g_object_unref(p);
	reply_clear(&r);
	g_free(url);
	g_free(site);
	return id;
}

static char *gateway_base(const char *id)
{
	const char *gw = g_getenv("JIRA_CREDENTIAL_GATEWAY");
	char *base = g_strdup(gw && *gw ? gw : DEFAULT_GATEWAY);
	char *full;

	while (*base && base[strlen(base) - 1] == '/')
		base[strlen(base) - 1] = '\0';
	full = g_strconcat(base, "/ex/jira/", id, NULL);
	g_free(base);
	return full;
}

/* Tries the gateway after the site said 401; exits on success. */
static void try_gateway(CURL *c, char **id)
{
	struct reply r;
	char *base, *url;

	if (!*id && !(*id = cloud_id(c)))
		return;
	base = gateway_base(*id);
	url = g_strconcat(base, "/rest/api/3/myself", NULL);
	http_get(c, url, 1, &r);
	if (r.cc == CURLE_OK && r.status == 200)
		succeed(&r, base);
	reply_clear(&r);
	g_free(url);
	g_free(base);
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
}

static void progress_done(int shown)
{
	if (shown && isatty(STDERR_FILENO))
		fputc('\n', stderr);
}

static void check(CURL *c)
{
	char *url, *id = NULL;
	double start = now(), wait_until = start + rq.wait;
	int attempt = 0, shown = 0;
	struct reply r;

	deadline = start + rq.wait + rq.timeout;
	url = rq.api_base ? g_strconcat(rq.api_base, "/rest/api/3/myself", NULL)
	                  : g_strconcat(rq.base, "/rest/api/2/myself", NULL);
	for (;; attempt++) {
		http_get(c, url, 1, &r);
		if (r.cc != CURLE_OK) {
			progress_done(shown);
			transport_error(&r);
		}
		if (r.status == 200 && g_strcmp0(r.login_reason, "AUTHENTICATED_FAILED")) {
			progress_done(shown);
			succeed(&r, rq.api_base);
		}
		if (r.status == 403 && r.denied_reason && strstr(r.denied_reason, "CAPTCHA")) {
			progress_done(shown);
			captcha(&r);
		}
		if (r.status == 429 || r.status == 503) {
			int ra = retry_after(&r);

			if (now() + ra + 1 > deadline)
				fail(EXIT_NETWORK,
				     "Jira is busy or limiting requests (HTTP %ld, "
				     "Retry-After %d s) beyond --timeout; try again "
				     "later",
				     r.status, ra);
			trace("rate limited: waiting %d s as Jira asks", ra);
			pause_for(ra);
			reply_clear(&r);
			continue;
		}
		if (r.status >= 300 && r.status < 400)
			redirected(&r);
		if ((r.status == 401 || r.status == 200) && !is_password_on_cloud(&r)) {
			if (!strcmp(rq.type, "cloud") && !rq.api_base)
				try_gateway(c, &id);
			if (new_token_may_wait() && now() < wait_until) {
				double p = MIN(next_pause(attempt), wait_until - now());

				trace("rejected; retrying in %.0f s (--wait)", p);
				progress(wait_until - now());
				shown = 1;
				pause_for(p);
				reply_clear(&r);
				continue;
			}
		}
		progress_done(shown);
		if (r.status == 401 || r.status == 403 || r.status == 200)
			rejected(&r);
		fail(EXIT_NETWORK, "Jira at %s answered HTTP %ld; try again later", rq.base,
		     r.status);
	}
}

/* The verdict exits from deep inside check(): libcurl is released at exit. */
static CURL *c;

static void curl_release(void)
{
	curl_easy_cleanup(c);
	curl_global_cleanup();
}

int main(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	read_request();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(c = curl_easy_init()))
		fail(EXIT_NETWORK, "cannot start libcurl");
	atexit(curl_release);
	check(c);
	return EXIT_NETWORK; /* not reached: check() exits */
}
