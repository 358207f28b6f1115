/*
 * list.c: the list action.  Prints what is stored, one credential a line
 * (or a JSON array), from the items' attributes alone: no secret is ever
 * loaded, so list works on a locked keyring too.
 */
#include "actions.h"
#include "keyring.h"
#include "output.h"
#include "../proto/domain.h"
#include "../proto/header.h"

#include <json-glib/json-glib.h>
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

static void member(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (value)
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

static void print_json(GPtrArray *entries)
{
	JsonBuilder *b = json_builder_new();
	JsonGenerator *g = json_generator_new();
	JsonNode *root;
	char *text;

	json_builder_begin_array(b);
	for (guint i = 0; i < entries->len; i++) {
		struct kr_entry *e = g_ptr_array_index(entries, i);
		char *domain = domain_format(e->protocol, e->host, e->path);
		char *exp = e->expiry ? expiry_date(e->expiry) : NULL;

		json_builder_begin_object(b);
		member(b, "domain", domain);
		member(b, "username", e->username);
		member(b, "type", entry_type(e));
		member(b, "expires", exp);
		member(b, "password_expiry_utc", e->expiry);
		member(b, "api_base", e->api_base);
		json_builder_end_object(b);
		g_free(exp);
		g_free(domain);
	}
	json_builder_end_array(b);
	root = json_builder_get_root(b);
	json_generator_set_root(g, root);
	json_generator_set_pretty(g, TRUE);
	text = json_generator_to_data(g, NULL);
	puts(text);
	g_free(text);
	json_node_unref(root);
	g_object_unref(g);
	g_object_unref(b);
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
		warnx_("%d credential%s in a locked keyring not shown; unlock it to see them", hidden,
		       hidden == 1 ? " is" : "s are");
	if (o->format == FMT_JSON)
		print_json(entries);
	else if (entries->len)
		print_table(entries);
	g_ptr_array_free(entries, TRUE);
	if (fflush(stdout) || ferror(stdout))
		fail(EXIT_USAGE, "cannot write the list");
	return EXIT_OK;
}
