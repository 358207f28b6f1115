/*
 * cmd_doctor.c: the doctor action, for people: which store this run uses
 * and why, what each other store lacks, and for DOMAIN (or every stored
 * credential) its type, user, expiry and days left, api_base, and with
 * --validate what Jira says.  Never a secret: only what list shows and
 * the expiry that the entry itself records.  Every line goes out through
 * report() (msg.h): what a store, a keyring or Jira said is shown with
 * its control and invisible characters escaped.
 */
#include "validation.h"
#include "actions.h"
#include "validate/mcache.h"
#include "validate/mint.h"
#include "validate/verify.h"
#include "proto/domain.h"
#include "proto/input.h"

#include <stdio.h>
#include <time.h>

static void print_stores(const struct store *chosen)
{
	int i = 0;

	for (const struct store *s; (s = store_nth(i)); i++) {
		char *why = NULL;
		int ok = store_probe(s, 1, &why);

		report("  %-13s %s%s: %s", s->name, s == chosen ? "(used) " : "",
		       ok == PROBE_USABLE   ? "usable"
		       : ok == PROBE_LOCKED ? "locked"
		                            : "not usable",
		       why);
		g_free(why);
	}
}

static void print_expiry(const char *utc, enum jira_type type)
{
	GDateTime *dt;
	char *day;
	long long left;

	if (!utc || !(dt = g_date_time_new_from_unix_utc(g_ascii_strtoll(utc, NULL, 10)))) {
		report("    expires:  not recorded (store with --expires=YYYY-MM-DD)");
		return;
	}
	day = g_date_time_format(dt, "%Y-%m-%d");
	left = (g_date_time_to_unix(dt) - (long long)time(NULL));
	if (left <= 0)
		report("    expires:  %s (expired: %s)", day, jira_renew_advice(type));
	else
		report("    expires:  %s (%lld day%s left)", day, (left + 86399) / 86400,
		       (left + 86399) / 86400 == 1 ? "" : "s");
	g_free(day);
	g_date_time_unref(dt);
}

/*
 * When the secret was stored, and how long ago: a Cloud API token without
 * a recorded expiry lasts a year at most, so its age is all there is to go by.
 */
static void print_stored(const struct credential *c)
{
	GDateTime *dt =
	    c->stored_us > 0 ? g_date_time_new_from_unix_utc(c->stored_us / G_USEC_PER_SEC) : NULL;
	long long days;
	char *day;

	if (!dt) {
		report("    stored:   not recorded");
		return;
	}
	day = g_date_time_format(dt, "%Y-%m-%d");
	days = (long long)((g_get_real_time() - c->stored_us) / G_USEC_PER_SEC / 86400);
	report("    stored:   %s (%s%lld day%s ago)%s", day, days > 0 ? "" : "less than ",
	       days > 0 ? days : 1, days == 1 || days <= 0 ? "" : "s",
	       c->type == JIRA_CLOUD && !c->password_expiry_utc && days > 350
	           ? "; Atlassian's API tokens expire within a year"
	           : "");
	g_free(day);
	g_date_time_unref(dt);
}

/*
 * --validate: what Jira says of c; a service account's token reused or
 * minted first (a refused one is forgotten).  Returns the exit code.
 */
static int ask_jira(const struct options *o, struct credential *c)
{
	struct facts facts = {0};
	char *err = NULL;
	int learned, rc = EXIT_OK;

	fflush(stdout);
	if (c->type == JIRA_SERVICE)
		rc = verdict_exit(mint_token(VSETTINGS(o), c, &learned, &err));
	if (rc == EXIT_OK)
		rc = verdict_exit(verify_credential(VSETTINGS(o), c, VERIFY_FOR_GET, &facts, &err));
	if (rc == EXIT_REJECTED && c->type == JIRA_SERVICE)
		mcache_forget(c);
	if (rc == EXIT_OK)
		report("    jira:     accepted, as %s",
		       facts.display_name ? facts.display_name : "(no name given)");
	else
		report("    jira:     not accepted (exit %d): %s", rc,
		       err ? err : "see the message above");
	g_free(err);
	facts_clear(&facts);
	return rc;
}

/* What the validator says of a client certificate (op=cert-check). */
struct cert_facts {
	char *not_after, *subject, *message;
};

static const struct kv_field cert_fields[] = {
    KV_FIELD(struct cert_facts, not_after, KV_TEXT),
    KV_FIELD(struct cert_facts, subject, KV_TEXT),
    KV_FIELD(struct cert_facts, message, KV_TEXT),
    {NULL, 0, 0},
};

/* A usable certificate: its subject, and its expiry or the days it has left. */
static void report_cert_expiry(const struct cert_facts *cf)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(
	    cf->not_after ? g_ascii_strtoll(cf->not_after, NULL, 10) : 0);
	char *day = g_date_time_format(dt, "%Y-%m-%d");
	long long left = g_date_time_to_unix(dt) - (long long)time(NULL);

	if (left <= 0)
		report("    certificate: %s expired on %s: get a new one, and store it with "
		       "--client-cert=FILE --client-key=FILE",
		       cf->subject ? cf->subject : "", day);
	else
		report("    certificate: %s, the key matches, expires %s (%lld day%s left)",
		       cf->subject ? cf->subject : "", day, (left + 86399) / 86400,
		       (left + 86399) / 86400 == 1 ? "" : "s");
	g_free(day);
	g_date_time_unref(dt);
}

/*
 * The client certificate: its files there, the key this user's alone,
 * the key the certificate's, and the certificate's expiry.  The validator
 * reads them (OpenSSL, which this program does not link); no secret goes
 * to it, and nothing is sent anywhere.
 */
static void describe_cert(const struct credential *c)
{
	GString *req = validator_request_cert(c);
	struct cert_facts cf = {0};
	char *out = NULL, *err = NULL;
	size_t len = 0;
	int rc;

	report("    client cert: %s", c->client_cert);
	report("    client key:  %s",
	       c->client_key ? c->client_key : "(in the certificate's file)");
	rc = verdict_exit(validator_call(req, &out, &len, &err));
	if (out)
		kv_bind(out, len, cert_fields, &cf, &err);
	if (rc != EXIT_OK)
		report("    certificate: not usable: %s", cf.message ? cf.message
		                                          : err      ? err
		                                                     : "the validator failed");
	else
		report_cert_expiry(&cf);
	kv_free(cert_fields, &cf);
	block_free(out, len);
	g_free(err);
	secret_buf_free(req);
}

/* One credential; returns the exit code of its validation (0 without --validate). */
static int describe(const struct options *o, const struct store *st, struct credential *q)
{
	struct credential c;
	char *err = NULL, *d = domain_format(q->protocol, q->host, q->path);
	int rc;

	cred_init(&c);
	report("  %s", d);
	g_free(d);
	rc = st->lookup(q, &c, &err);
	if (rc <= 0) {
		report("    %s", rc < 0 ? err : "no credential stored");
		g_free(err);
		cred_clear(&c);
		return rc < 0 ? EXIT_KEYRING : EXIT_NOMATCH;
	}
	c.type = cred_type(&c);
	report("    user:     %s", c.username && *c.username ? c.username : "(none: a token)");
	report("    type:     %s", jira_type_name(c.type));
	print_expiry(c.password_expiry_utc, c.type);
	print_stored(&c);
	report("    api_base: %s", c.api_base ? c.api_base : "-");
	if (c.scope)
		report("    scope:    %s", c.scope);
	if (c.pat_id)
		report("    token id: %s (made here; rotate renews it)", c.pat_id);
	if (c.client_cert)
		describe_cert(&c);
	rc = o->validate ? ask_jira(o, &c) : EXIT_OK;
	cred_clear(&c);
	return rc;
}

/*
 * The credentials the store holds more than once (of q's origin, when
 * given): a keyring that would not let a store remove the older copy
 * (KeePassXC, access denied) keeps both.
 */
static void report_copies(const struct store *st, const struct credential *q)
{
	GPtrArray *entries = NULL;
	char *err = NULL;
	int hidden = 0, first;

	if (st->list(&entries, &hidden, &err)) {
		g_free(err);
		return;
	}
	for (guint i = 0; i < entries->len; i++) {
		const struct stored *e = g_ptr_array_index(entries, i);
		guint n = stored_copies(entries, i, &first);
		char *d;

		if (n < 2 || !first ||
		    (q && (g_strcmp0(q->protocol, e->protocol) || g_strcmp0(q->host, e->host))))
			continue;
		d = domain_format(e->protocol, e->host, e->path);
		report("  stored %u times: %s%s%s; the keyring kept older copies: remove them in "
		       "your keyring manager",
		       n, d, *e->username ? " for " : "", e->username);
		g_free(d);
	}
	g_ptr_array_free(entries, TRUE);
}

/* Each listed credential once (copies skipped); the first failed validation's exit code. */
static int describe_entries(const struct options *o, const struct store *st, GPtrArray *entries)
{
	int rc = EXIT_OK;

	for (guint i = 0; i < entries->len; i++) {
		struct stored *e = g_ptr_array_index(entries, i);

		if (e->conflict) { /* answers nothing: its name and content disagree */
			report("  ! %s", e->conflict);
			continue;
		}
		struct credential q = {.protocol = e->protocol,
		                       .host = e->host,
		                       .path = e->path,
		                       .username = e->username};
		int first, r;

		stored_copies(entries, i, &first);
		if (!first)
			continue; /* a copy of one described already */
		r = describe(o, st, &q);

		if (r != EXIT_OK && rc == EXIT_OK && o->validate)
			rc = r;
	}
	return rc;
}

static int describe_all(const struct options *o, const struct store *st)
{
	GPtrArray *entries = NULL;
	char *err = NULL;
	int hidden = 0, rc;

	if (st->list(&entries, &hidden, &err)) {
		report("  cannot list: %s", err);
		g_free(err);
		return EXIT_KEYRING;
	}
	if (err) { /* a note: entries it could not check */
		report("  %s", err);
		g_free(err);
	}
	if (!entries->len)
		report("  none stored");
	rc = describe_entries(o, st, entries);
	if (hidden < 0)
		report(
		    "  the keyring is locked: what it holds is not shown; unlock it to see them");
	else if (hidden)
		report("  %d more in a locked keyring, not shown", hidden);
	g_ptr_array_free(entries, TRUE);
	return rc;
}

int op_doctor(const struct options *o, const char *domain)
{
	struct credential *req = domain ? request_read(domain, 0) : NULL;
	const struct store *st, *chosen = NULL;
	char *err = NULL, *why = NULL;
	int rc;

	if ((st = store_choose(o->store, &err)))
		chosen = store_settle(st, &err);
	if (chosen && store_probe(chosen, 0, &why) != PROBE_USABLE) {
		err = g_strdup_printf("the %s store is not usable: %s", chosen->name, why);
		chosen = NULL;
	}
	g_free(why);
	if (chosen)
		report("store: %s (%s)", chosen->name, store_choice_reason());
	else
		report("store: none usable: %s", err);
	print_stores(chosen);
	if (!chosen) {
		fflush(stdout);
		fail(EXIT_KEYRING, "%s", err);
	}
	report("credentials in %s:", chosen->name);
	if (req)
		rc = describe(o, chosen, req);
	else
		rc = describe_all(o, chosen);
	report_copies(chosen, req);
	return rc;
}
