/*
 * list.c: the list action.  Prints what is stored, one credential a line
 * (or a JSON array), from the items' attributes alone: no secret is ever
 * loaded, so list works on a locked keyring too.
 */
#include "actions.h"
#include "jsonw.h"
#include "keyring.h"
#include "output.h"
#include "../proto/domain.h"
#include "../proto/header.h"

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

static const char *entry_type(const struct kr_entry *e)
{
	return e->type ? e->type : jira_type_infer(e->host, e->username);
}

static void print_table(GPtrArray *entries)
{
	int wd = strlen("DOMAIN"), wu = strlen("USER");
	char **domains = g_new0(char *, entries->len + 1);

	for (guint i = 0; i < entries->len; i++) {
		struct kr_entry *e = g_ptr_array_index(entries, i);

		domains[i] = domain_format(e->protocol, e->host, e->path);
		wd = MAX(wd, (int)strlen(domains[i]));
		wu = MAX(wu, (int)strlen(e->username));
	}
	printf("%-*s  %-*s  %-6s  %s\n", wd, "DOMAIN", wu, "USER", "TYPE", "EXPIRES");
	for (guint i = 0; i < entries->len; i++) {
		struct kr_entry *e = g_ptr_array_index(entries, i);
		char *exp = expiry_date(e->expiry);

		printf("%-*s  %-*s  %-6s  %s\n", wd, domains[i], wu,
		       *e->username ? e->username : "-", entry_type(e), exp);
		g_free(exp);
	}
	g_strfreev(domains);
}

static void print_json(GPtrArray *entries)
{
	struct jsonw *w = jsonw_new();
	char *text;

	jsonw_begin_array(w);
	for (guint i = 0; i < entries->len; i++) {
		struct kr_entry *e = g_ptr_array_index(entries, i);
		char *domain = domain_format(e->protocol, e->host, e->path);
		char *exp = e->expiry ? expiry_date(e->expiry) : NULL;

		jsonw_begin_object(w);
		jsonw_member(w, "domain", domain);
		jsonw_member(w, "username", e->username);
		jsonw_member(w, "type", entry_type(e));
		jsonw_member(w, "expires", exp);
		jsonw_member(w, "password_expiry_utc", e->expiry);
		jsonw_member(w, "api_base", e->api_base);
		jsonw_end_object(w);
		g_free(exp);
		g_free(domain);
	}
	jsonw_end_array(w);
	text = jsonw_finish(w, 1);
	puts(text);
	g_free(text);
}

/* A keyring file that is locked shows only hashed attributes: drop those. */
static int drop_unreadable(GPtrArray *entries)
{
	int n = 0;

	for (guint i = entries->len; i-- > 0;) {
		struct kr_entry *e = g_ptr_array_index(entries, i);

		if (!e->protocol || !e->host) {
			g_ptr_array_remove_index(entries, i);
			n++;
		}
	}
	return n;
}

int op_list(const struct options *o, const char *domain)
{
	GPtrArray *entries = NULL;
	char *err = NULL;
	int hidden;

	(void)domain;
	if (o->format_given && o->format != FMT_JSON && o->format != FMT_GIT)
		fail(EXIT_USAGE, "list prints a table, or JSON with --format=json");
	if (keyring_list(&entries, &err))
		fail(EXIT_KEYRING, "%s", err);
	hidden = drop_unreadable(entries);
	if (hidden)
		warnx_("%d credential%s in a locked keyring not shown; unlock it to see them",
		       hidden, hidden == 1 ? " is" : "s are");
	if (o->format == FMT_JSON)
		print_json(entries);
	else if (entries->len)
		print_table(entries);
	g_ptr_array_free(entries, TRUE);
	if (fflush(stdout) || ferror(stdout))
		fail(EXIT_USAGE, "cannot write the list");
	return EXIT_OK;
}
