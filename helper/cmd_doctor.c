/*
 * cmd_doctor.c: the doctor action, for people: which store this run uses
 * and why, what each other store lacks, and for DOMAIN (or every stored
 * credential) its type, user, expiry and days left, api_base, and with
 * --validate what Jira says.  Never a secret: only what list shows and
 * the expiry that the entry itself records.
 */
#include "actions.h"
#include "verify.h"
#include "../proto/domain.h"

#include <stdio.h>
#include <time.h>

/* Text from a store or the environment, made harmless for a terminal. */
static char *safe(const char *s)
{
	GString *out = g_string_new(NULL);

	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			g_string_append_printf(out, "\\x%02x", ch);
		else
			g_string_append_c(out, (char)ch);
	}
	return g_string_free(out, FALSE);
}

static void print_stores(const struct store *chosen)
{
	for (const struct store *const *s = store_all; *s; s++) {
		char *why = NULL, *w;
		int ok = store_probe(*s, 1, &why);

		w = safe(why);
		printf("  %-13s %s%s: %s\n", (*s)->name, *s == chosen ? "(used) " : "",
		       ok == PROBE_USABLE   ? "usable"
		       : ok == PROBE_LOCKED ? "locked"
		                            : "not usable",
		       w);
		g_free(w);
		g_free(why);
	}
}

static void print_expiry(const char *utc)
{
	GDateTime *dt;
	char *day;
	long long left;

	if (!utc || !(dt = g_date_time_new_from_unix_utc(g_ascii_strtoll(utc, NULL, 10)))) {
		printf("    expires:  not recorded (store with --expires=YYYY-MM-DD)\n");
		return;
	}
	day = g_date_time_format(dt, "%Y-%m-%d");
	left = (g_date_time_to_unix(dt) - (long long)time(NULL));
	if (left <= 0)
		printf("    expires:  %s (expired: make a new token and store it)\n", day);
	else
		printf("    expires:  %s (%lld day%s left)\n", day, (left + 86399) / 86400,
		       (left + 86399) / 86400 == 1 ? "" : "s");
	g_free(day);
	g_date_time_unref(dt);
}

/* One credential; returns the exit code of its validation (0 without --validate). */
static int describe(const struct options *o, const struct store *st, struct credential *q)
{
	struct credential c;
	struct facts facts = {0};
	char *err = NULL, *d = domain_format(q->protocol, q->host, q->path), *s;
	int rc;

	cred_init(&c);
	s = safe(d);
	printf("  %s\n", s);
	g_free(s);
	g_free(d);
	rc = st->lookup(q, &c, &err);
	if (rc <= 0) {
		s = safe(err ? err : "no credential stored");
		printf("    %s\n", s);
		g_free(s);
		g_free(err);
		cred_clear(&c);
		return rc < 0 ? EXIT_KEYRING : EXIT_NOMATCH;
	}
	c.type = cred_type(&c);
	s = safe(c.username && *c.username ? c.username : "(none: a token)");
	printf("    user:     %s\n    type:     %s\n", s, jira_type_name(c.type));
	g_free(s);
	print_expiry(c.password_expiry_utc);
	s = safe(c.api_base ? c.api_base : "-");
	printf("    api_base: %s\n", s);
	g_free(s);
	rc = EXIT_OK;
	if (o->validate) {
		fflush(stdout);
		rc = verify_credential(o, &c, VERIFY_FOR_GET, &facts, &err);
		if (rc == EXIT_OK) {
			s = safe(facts.display_name ? facts.display_name : "(no name given)");
			printf("    jira:     accepted, as %s\n", s);
			g_free(s);
		} else {
			s = safe(err ? err : "see the message above");
			printf("    jira:     not accepted (exit %d): %s\n", rc, s);
			g_free(s);
		}
		g_free(err);
		facts_clear(&facts);
	}
	cred_clear(&c);
	return rc;
}

static int describe_all(const struct options *o, const struct store *st)
{
	GPtrArray *entries = NULL;
	char *err = NULL;
	int hidden = 0, rc = EXIT_OK;

	if (st->list(&entries, &hidden, &err)) {
		char *s = safe(err);

		printf("  cannot list: %s\n", s);
		g_free(s);
		g_free(err);
		return EXIT_KEYRING;
	}
	if (err) { /* a note: entries it could not check */
		char *s = safe(err);

		printf("  %s\n", s);
		g_free(s);
		g_free(err);
	}
	if (!entries->len)
		printf("  none stored\n");
	for (guint i = 0; i < entries->len; i++) {
		struct stored *e = g_ptr_array_index(entries, i);

		if (e->conflict) { /* answers nothing: its name and content disagree */
			char *s = safe(e->conflict);

			printf("  ! %s\n", s);
			g_free(s);
			continue;
		}
		struct credential q = {.protocol = e->protocol,
		                       .host = e->host,
		                       .path = e->path,
		                       .username = e->username};
		int r = describe(o, st, &q);

		if (r != EXIT_OK && rc == EXIT_OK && o->validate)
			rc = r;
	}
	if (hidden)
		printf("  %d more in a locked keyring, not shown\n", hidden);
	g_ptr_array_free(entries, TRUE);
	return rc;
}

int op_doctor(const struct options *o, const char *domain)
{
	struct credential *req = domain ? request_read(domain, 0) : NULL;
	const struct store *st, *chosen = NULL;
	char *err = NULL, *why = NULL, *s;
	int rc;

	if ((st = store_choose(o, &err)))
		chosen = store_settle(st, &err);
	if (chosen && store_probe(chosen, 0, &why) != PROBE_USABLE) {
		err = g_strdup_printf("the %s store is not usable: %s", chosen->name, why);
		chosen = NULL;
	}
	g_free(why);
	if (chosen) {
		s = safe(store_choice_reason());
		printf("store: %s (%s)\n", chosen->name, s);
		g_free(s);
	} else {
		s = safe(err);
		printf("store: none usable: %s\n", s);
		g_free(s);
	}
	print_stores(chosen);
	if (!chosen) {
		fflush(stdout);
		fail(EXIT_KEYRING, "%s", err);
	}
	printf("credentials in %s:\n", chosen->name);
	if (req)
		rc = describe(o, chosen, req);
	else
		rc = describe_all(o, chosen);
	return rc;
}
