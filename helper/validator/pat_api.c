/*
 * pat_api.c: jira-credential-validate's operations on Jira Data Center's
 * personal access tokens (Jira 8.14 and later).  op=pat-create makes one
 * (POST {domain}/rest/pat/latest/tokens) with the request's credential, a
 * user's password (Basic) or a token (Bearer), and answers it on stdout;
 * op=pat-revoke revokes one by its id (DELETE .../tokens/{id}).  What
 * each answer says is pat_reply.c's and reply.c's.  Nothing is retried
 * but a 429 or 503 within --timeout: a refused password counts toward
 * Jira's CAPTCHA lock-out, so it is sent once.
 */
#include "http.h"
#include "request.h"
#include "proto/exitcode.h"
#include "proto/pat_reply.h"
#include "operations.h"
#include "proto/cred.h"

#include <string.h>

#define BY_HAND "in Jira: your profile > Personal Access Tokens > Create token"

/*
 * Sends until the answer is final: a 429 or 503 is waited for as Jira
 * asks, within the deadline.  Returns 0 with the answer in x, or the exit
 * code of a transport failure with *msg (x cleared).
 */
static int send_final(CURL *c, const char *method, const char *url, const char *json,
                      struct exchange *x, char **msg)
{
	struct reply_verdict v;

	for (;;) {
		http_send(c, method, url, json ? BODY_JSON : BODY_NONE, json, 1, x);
		if (x->cc != CURLE_OK) {
			char *who = g_strconcat("Jira at ", rq.domain, NULL);
			int rc = transport_error(x, who, msg);

			g_free(who);

			if (x->sent && !strcmp(method, "POST")) { /* it may have been made */
				char *more = g_strdup_printf(
				    "%s; Jira may have made the token anyway: look %s", *msg,
				    BY_HAND);

				g_free(*msg);
				*msg = more;
			}
			exchange_clear(x);
			return rc;
		}
		if (x->status != 429 && x->status != 503)
			return 0;
		classify(x, &v);
		if (now() + v.retry_secs + 1 > deadline) {
			reply_verdict_clear(&v);
			return 0; /* final: classify() says it */
		}
		trace("rate limited: waiting %d s as Jira asks", v.retry_secs);
		pause_for(v.retry_secs);
		reply_verdict_clear(&v);
		exchange_clear(x);
	}
}

/* Jira's words of an error answer, as " (HTTP S: WORDS)" or " (HTTP S)". */
static char *status_words(const struct exchange *x)
{
	char *words = pat_reply_message(x->body->str, x->body->len), *s;

	s = words ? g_strdup_printf(" (HTTP %ld: %s)", x->status, words)
	          : g_strdup_printf(" (HTTP %ld)", x->status);
	g_free(words);
	return s;
}

/* Any other answer: what reply.c says of it. */
static int other_answer(const struct exchange *x, char **msg)
{
	struct reply_verdict v;
	int rc;

	classify(x, &v);
	rc = v.code == EXIT_OK ? EXIT_NETWORK : v.code;
	*msg = v.msg ? g_steal_pointer(&v.msg)
	             : g_strdup_printf("Jira at %s answered HTTP %ld", rq.domain, x->status);
	reply_verdict_clear(&v);
	return rc;
}

/* A made token's facts, and the token itself, for the helper's pipe. */
static int made(const struct exchange *x, GString *out, char **msg)
{
	struct pat_made m;
	const char *why;
	char num[24];

	if (pat_reply_made(x->body->str, x->body->len, &m, &why)) {
		*msg = g_strdup_printf("Jira at %s answered HTTP %ld without a usable token (%s); "
		                       "look %s, and revoke a token made just now",
		                       rq.domain, x->status, why, BY_HAND);
		return EXIT_NETWORK;
	}
	trace("< a token was made: id %s", m.id ? m.id : "(none)");
	cred_write_kv(out, "pat_id", m.id);
	if (m.expiry) {
		g_snprintf(num, sizeof(num), "%" G_GINT64_FORMAT, m.expiry);
		cred_write_kv(out, "expiry_utc", num);
	}
	cred_write_kv(out, "token", m.token);
	pat_made_clear(&m);
	return EXIT_OK;
}

int pat_api_create(CURL *c, GString *out, char **msg)
{
	char *url = g_strconcat(rq.domain, PAT_PATH, NULL), *words = NULL;
	char *json = pat_request_body(rq.pat_name, rq.pat_days);
	int bearer = !strcmp(rq.type, "pat"), rc;
	struct exchange x;

	deadline = now() + rq.timeout;
	if ((rc = send_final(c, "POST", url, json, &x, msg)))
		goto out;
	if (x.status == 200 || x.status == 201) {
		rc = made(&x, out, msg);
	} else if (x.status == 404) {
		rc = EXIT_NETWORK;
		*msg =
		    g_strdup_printf("Jira at %s has no personal access token API (HTTP 404; Data "
		                    "Center 8.14 and later have one): make a token %s, then store "
		                    "it: jira-credential store %s",
		                    rq.domain, BY_HAND, rq.domain);
	} else if (x.status == 403 && !x.denied_reason) {
		words = status_words(&x);
		rc = EXIT_REJECTED;
		*msg =
		    g_strdup_printf("Jira at %s does not let this account make personal access "
		                    "tokens%s; an administrator may have turned them off, or make "
		                    "one %s",
		                    rq.domain, words, BY_HAND);
	} else if (x.status == 400) {
		words = status_words(&x);
		rc = EXIT_USAGE;
		*msg = g_strdup_printf("Jira at %s refused to make the token%s; --create-pat=DAYS "
		                       "must be within what Jira allows",
		                       rq.domain, words);
	} else if (x.status == 401 && bearer) {
		rc = EXIT_REJECTED;
		*msg = g_strdup_printf("Jira at %s rejected the stored personal access token (HTTP "
		                       "401): it may have expired or been revoked; make a new one "
		                       "with: jira-credential login %s --create-pat",
		                       rq.domain, rq.domain);
	} else {
		rc = other_answer(&x, msg);
	}
	exchange_clear(&x);
out:
	g_free(words);
	g_free(json);
	g_free(url);
	return rc;
}

int pat_api_revoke(CURL *c, GString *out, char **msg)
{
	char *url, *words = NULL;
	struct exchange x;
	int rc;

	if (!pat_id_valid(rq.pat_id)) {
		*msg = g_strdup("bad request to the validator: pat_id must be a token's id");
		return EXIT_USAGE;
	}
	url = g_strconcat(rq.domain, PAT_PATH, "/", rq.pat_id, NULL);
	deadline = now() + rq.timeout;
	if ((rc = send_final(c, "DELETE", url, NULL, &x, msg))) {
		g_free(url);
		return rc;
	}
	if (x.status == 204 || x.status == 200) {
		rc = EXIT_OK;
	} else if (x.status == 404) { /* gone already: what revoking wants */
		trace("< Jira has no token %s: revoked already", rq.pat_id);
		cred_write_kv(out, "pat_gone", "1");
		rc = EXIT_OK;
	} else if ((x.status == 401 || x.status == 403) && !x.denied_reason) {
		words = status_words(&x);
		rc = EXIT_REJECTED;
		*msg = g_strdup_printf("Jira at %s refused to revoke personal access token %s%s",
		                       rq.domain, rq.pat_id, words);
	} else {
		rc = other_answer(&x, msg);
	}
	exchange_clear(&x);
	g_free(words);
	g_free(url);
	return rc;
}
