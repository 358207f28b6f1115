/*
 * cmd_get.c: the get action (and capability, git's question about what
 * get can answer).  Looks the request up in the store, applies expiry,
 * validates when asked, and answers in the chosen format.
 */
#include "actions.h"
#include "output.h"
#include "verify.h"
#include "../proto/domain.h"
#include "../proto/escape.h"

#include <limits.h>
#include <stdlib.h>
#include <time.h>

#define EXPIRY_WARN_DAYS 14

/* What may hold a secret, cleared at exit whatever the path. */
static struct credential found;
static GString *answer;

static void clear_found(void)
{
	cred_clear(&found);
	secret_buf_free(answer);
	answer = NULL;
}

/* Seconds until the credential expires; LLONG_MAX when it never does. */
static long long expires_in(const struct credential *c)
{
	if (!c->password_expiry_utc)
		return LLONG_MAX;
	return (long long)g_ascii_strtoll(c->password_expiry_utc, NULL, 10) - (long long)time(NULL);
}

/* Warns near expiry; after it, answers nothing (git) or exits 1. */
static void check_expiry(const struct options *o, const struct credential *c)
{
	long long left = expires_in(c);
	char *url = domain_format(c->protocol, c->host, c->path);
	char *domain = term_safe(url); /* stored facts: from the keyring */

	g_free(url);
	if (left <= 0) {
		warnx_("the credential for %s expired; make a new token at %s and store it", domain,
		       jira_token_page(c->type));
		g_free(domain);
		leave(o->format == FMT_GIT ? EXIT_OK : EXIT_NOMATCH);
	}
	if (left <= EXPIRY_WARN_DAYS * 86400LL)
		warnx_("the credential for %s expires in %lld day(s); make a new token at %s",
		       domain, (left + 86399) / 86400, jira_token_page(c->type));
	g_free(domain);
}

/* get --validate: Jira's verdict, and the gateway URL it taught us kept. */
static int validate(const struct options *o, const struct store *st, struct facts *facts)
{
	char *err = NULL;
	int rc = verify_credential(o, &found, VERIFY_FOR_GET, facts, &err);

	if (rc != EXIT_OK) {
		if (err)
			fail(rc, "%s", err);
		return rc;
	}
	if (facts->api_base && !found.api_base) {
		found.api_base = g_strdup(facts->api_base);
		if (st->remember_api_base && st->remember_api_base(&found, found.api_base, &err))
			warnx_("could not remember the gateway URL: %s", err);
	}
	return EXIT_OK;
}

int op_get(const struct options *o, const char *domain)
{
	struct credential *req = request_read(domain, domain == NULL);
	const struct store *st;
	struct facts facts = {0};
	char *err = NULL;
	int rc;

	request_require_origin(req, "get");
	st = request_store(o);
	clear_at_exit(clear_found);
	rc = st->lookup(req, &found, &err);
	if (rc < 0)
		fail(EXIT_KEYRING, "%s", err);
	/* A token git handed over as authtype/credential goes back only that way. */
	if (rc == 1 && o->format == FMT_GIT && found.from_authtype &&
	    !cred_has_capability(req, "authtype"))
		rc = 0;
	if (rc == 0) {
		if (o->format == FMT_GIT)
			return EXIT_OK; /* git asks the next helper or the user */
		char *d = domain_format(req->protocol, req->host, req->path);
		fail(EXIT_NOMATCH,
		     "no credential stored for %s; store one with: jira-credential store %s", d, d);
	}
	found.type = cred_type(&found);
	check_expiry(o, &found);
	if ((o->validate || req->validate) && (rc = validate(o, st, &facts)) != EXIT_OK)
		return rc;
	answer = secret_buf_new();
	if (output_render(&found, req, &facts, o->format, answer, &err))
		fail(o->format == FMT_NETRC ? EXIT_USAGE : EXIT_NOMATCH, "%s", err);
	facts_clear(&facts);
	emit(answer);
	return EXIT_OK;
}

int op_capability(const struct options *o, const char *domain)
{
	GString *s = g_string_new("version 0\ncapability authtype\n");

	(void)o;
	(void)domain;
	emit(s);
	g_string_free(s, TRUE);
	return EXIT_OK;
}
