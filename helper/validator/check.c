/*
 * check.c: op=validate of jira-credential-validate: asks Jira who the
 * credential is (GET {domain}/rest/api/2/myself) until an answer is
 * final.  What each answer means is reply.c's; this file owns the
 * new-token wait (Cloud API tokens and personal access tokens can take a
 * minute to start working), Retry-After pauses and the gateway of a scoped
 * Cloud token; which Jira answers (Cloud or not) is validator_site.c's.
 */
#include "http.h"
#include "request.h"
#include "operations.h"
#include "validator_site.h"
#include "proto/cred.h"
#include "proto/exitcode.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int progress_shown; /* the "Retrying..." line is on the terminal */

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

/* {domain}/rest/api/2/myself, or the gateway's (api_base) for a scoped Cloud token. */
static char *myself_url(void)
{
	if (!strcmp(rq.type, "service")) /* the gateway, or Data Center's own base */
		return g_strconcat(rq.api_base ? rq.api_base : rq.domain, "/rest/api/2/myself",
		                   NULL);
	return rq.api_base ? g_strconcat(rq.api_base, "/rest/api/3/myself", NULL)
	                   : g_strconcat(rq.domain, "/rest/api/2/myself", NULL);
}

/* A guessed server that says it is Cloud: a Cloud site on its own domain. */
static void guess_cloud(CURL *c)
{
	if (!rq.guessed || strcmp(rq.type, "server") || !site_says_cloud(c))
		return;
	/* no CAPTCHA to fear, a new token to wait for */
	trace("the site says it is Jira Cloud: its 401 is waited for as Cloud's");
	g_free(rq.type);
	rq.type = g_strdup("cloud");
}

/*
 * What to do after answer v to attempt: -1 to ask again (after a pause),
 * else the exit code, with the facts in out or *msg.
 */
static int after(CURL *c, struct reply_verdict *v, int attempt, double wait_until, char **id,
                 GString *out, char **msg)
{
	if (v->kind == REPLY_USER)
		return succeeded(v, rq.api_base, out);
	if (v->kind == REPLY_BUSY && now() + v->retry_secs + 1 <= deadline) {
		trace("rate limited: waiting %d s as Jira asks", v->retry_secs);
		pause_for(v->retry_secs);
		return -1;
	}
	if (v->kind == REPLY_UNAUTHORIZED && !strcmp(rq.type, "cloud") && !rq.api_base &&
	    try_gateway(c, id, out) == 0)
		return EXIT_OK;
	if (v->kind == REPLY_UNAUTHORIZED && new_token_may_wait() && now() < wait_until) {
		double p = MIN(next_pause(attempt), wait_until - now());

		trace("rejected; retrying in %.0f s (--wait)", p);
		progress(wait_until - now());
		pause_for(p);
		return -1;
	}
	*msg = g_steal_pointer(&v->msg);
	return v->code;
}

int check_validate(CURL *c, GString *out, char **msg)
{
	double start = now(), wait_until = start + rq.wait;
	char *url, *id = NULL, *who;
	struct exchange x;
	struct reply_verdict v;
	int rc = -1;

	deadline = start + rq.wait + rq.timeout;
	guess_cloud(c);
	url = myself_url();
	who = g_strconcat("Jira at ", rq.domain, NULL);
	for (int attempt = 0; rc < 0; attempt++) {
		http_get(c, url, 1, &x);
		if (x.cc != CURLE_OK) {
			rc = transport_error(&x, who, msg);
			exchange_clear(&x);
			break;
		}
		classify(&x, &v);
		exchange_clear(&x);
		rc = after(c, &v, attempt, wait_until, &id, out, msg);
		reply_verdict_clear(&v);
	}
	g_free(id);
	g_free(url);
	g_free(who);
	return rc;
}

void check_end_progress(void)
{
	if (progress_shown && isatty(STDERR_FILENO))
		fputc('\n', stderr);
}
