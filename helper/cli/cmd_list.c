/*
 * cmd_list.c: the list action.  Prints what is stored, one credential a line
 * (or a JSON array), from the items' attributes alone: no secret is ever
 * loaded, so list works on a locked keyring too (the password store
 * decrypts its entries to check what each says, never printing a secret).
 */
#include "actions.h"
#include "proto/domain.h"
#include "proto/escape.h"
#include "proto/jsonout.h"

#include <stdio.h>
#include <string.h>

/* YYYY-MM-DD of a password_expiry_utc, or "-". */
static char *expiry_date(const char *utc)
{
	GDateTime *dt;
	char *s;

	if (!utc || !(dt = g_date_time_new_from_unix_utc(g_ascii_strtoll(utc, NULL, 10))))
		return g_strdup("-");
	s = g_date_time_format(dt, "%Y-%m-%d");
	g_date_time_unref(dt);
	return s;
}

/* How long ago e was stored, for people: "N days", "today", or "-" when unknown. */
static char *age(const struct stored *e)
{
	gint64 days;

	if (e->stored_us <= 0)
		return g_strdup("-");
	days = (g_get_real_time() - e->stored_us) / G_USEC_PER_SEC / 86400;
	if (days <= 0)
		return g_strdup("today");
	return g_strdup_printf("%" G_GINT64_FORMAT " day%s", days, days == 1 ? "" : "s");
}

/* YYYY-MM-DD and seconds since the epoch of when e was stored, or NULLs. */
static void stored_when(const struct stored *e, char **date, char **utc)
{
	GDateTime *dt =
	    e->stored_us > 0 ? g_date_time_new_from_unix_utc(e->stored_us / G_USEC_PER_SEC) : NULL;

	*date = dt ? g_date_time_format(dt, "%Y-%m-%d") : NULL;
	*utc = dt ? g_strdup_printf("%" G_GINT64_FORMAT, e->stored_us / G_USEC_PER_SEC) : NULL;
	if (dt)
		g_date_time_unref(dt);
}

/*
 * Says which credentials the store holds more than once: a keyring that
 * would not let a store remove the older copy (KeePassXC, access denied)
 * keeps both, and the table shows each.
 */
static void say_copies(GPtrArray *entries)
{
	for (guint i = 0; i < entries->len; i++) {
		const struct stored *e = g_ptr_array_index(entries, i);
		int first;
		guint n = stored_copies(entries, i, &first);
		char *d;

		if (n < 2 || !first)
			continue;
		d = domain_format(e->protocol, e->host, e->path);
		warnx_("%s%s%s is stored %u times: the keyring kept older copies; remove them in "
		       "your keyring manager",
		       d, *e->username ? " for " : "", e->username, n);
		g_free(d);
	}
}

/* A table for people: what came from the keyring is made harmless first. */
static void print_table(GPtrArray *entries)
{
	int wd = strlen("DOMAIN"), wu = strlen("USER");
	char **domains = g_new0(char *, entries->len + 1);
	char **users = g_new0(char *, entries->len + 1);

	for (guint i = 0; i < entries->len; i++) {
		struct stored *e = g_ptr_array_index(entries, i);
		char *d = domain_format(e->protocol, e->host, e->path);

		domains[i] = term_safe(d);
		users[i] = term_safe(*e->username ? e->username : "-");
		wd = MAX(wd, (int)strlen(domains[i]));
		wu = MAX(wu, (int)strlen(users[i]));
		g_free(d);
	}
	printf("%-*s  %-*s  %-7s  %-10s  %s\n", wd, "DOMAIN", wu, "USER", "TYPE", "EXPIRES", "AGE");
	for (guint i = 0; i < entries->len; i++) {
		struct stored *e = g_ptr_array_index(entries, i);
		char *exp = expiry_date(e->expiry), *a = age(e);

		printf("%-*s  %-*s  %-7s  %-10s  %s\n", wd, domains[i], wu, users[i],
		       jira_type_name(stored_type(e)), exp, a);
		g_free(exp);
		g_free(a);
	}
	g_strfreev(domains);
	g_strfreev(users);
}

static void print_json(GPtrArray *entries)
{
	GString *out = g_string_new("[");

	for (guint i = 0; i < entries->len; i++) {
		struct stored *e = g_ptr_array_index(entries, i);
		char *domain = domain_format(e->protocol, e->host, e->path);
		char *exp = e->expiry ? expiry_date(e->expiry) : NULL, *sdate, *sutc;
		int first = 1;

		stored_when(e, &sdate, &sutc);
		g_string_append(out, i ? ",\n  {" : "\n  {");
		json_write_member(out, &first, "domain", domain);
		json_write_member(out, &first, "username", e->username);
		json_write_member(out, &first, "type", jira_type_name(stored_type(e)));
		json_write_member(out, &first, "expires", exp);
		json_write_member(out, &first, "password_expiry_utc", e->expiry);
		json_write_member(out, &first, "api_base", e->api_base);
		json_write_member(out, &first, "scope", e->scope);
		json_write_member(out, &first, "stored", sdate);
		json_write_member(out, &first, "stored_utc", sutc);
		json_write_member(out, &first, "pat_id", e->pat_id);
		json_write_member(out, &first, "client_cert", e->client_cert);
		json_write_member(out, &first, "client_key", e->client_key);
		g_string_append_c(out, '}');
		g_free(sdate);
		g_free(sutc);
		g_free(exp);
		g_free(domain);
	}
	g_string_append(out, entries->len ? "\n]\n" : "]\n");
	fputs(out->str, stdout);
	g_string_free(out, TRUE);
}

/*
 * Entries whose names and contents disagree answer nothing: each is
 * pointed out, one line on stderr (the store made it safe), and left out.
 */
static void drop_conflicts(GPtrArray *entries)
{
	for (guint i = entries->len; i-- > 0;) {
		struct stored *e = g_ptr_array_index(entries, i);

		if (e->conflict) {
			warnx_("%s", e->conflict);
			g_ptr_array_remove_index(entries, i);
		}
	}
}

int op_list(const struct options *o, const char *domain)
{
	const struct store *st;
	GPtrArray *entries = NULL;
	char *err = NULL;
	int hidden = 0;

	(void)domain;
	if (o->format_given && o->format != FMT_JSON && o->format != FMT_GIT)
		fail(EXIT_USAGE, "list prints a table, or JSON with --format=json");
	st = request_store(o);
	if (st->list(&entries, &hidden, &err))
		fail(EXIT_KEYRING, "%s", err);
	if (err) /* a store's note (entries it could not check) */
		warnx_("%s", err);
	drop_conflicts(entries);
	if (hidden < 0)
		warnx_("the keyring is locked: what it holds is not shown; unlock it to see them");
	else if (hidden)
		warnx_("%d credential%s in a locked keyring not shown; unlock it to see them",
		       hidden, hidden == 1 ? " is" : "s are");
	/* A lock that hides everything is not an empty store: no "[]" for a script. */
	if (hidden && !entries->len) {
		g_ptr_array_free(entries, TRUE);
		return EXIT_KEYRING;
	}
	say_copies(entries);
	if (o->format == FMT_JSON)
		print_json(entries);
	else if (entries->len)
		print_table(entries);
	g_ptr_array_free(entries, TRUE);
	if (fflush(stdout) || ferror(stdout))
		fail(EXIT_USAGE, "cannot write the list");
	return EXIT_OK;
}
