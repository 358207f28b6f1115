/*
 * cmd_import.c: the import-netrc action.  Moves each machine entry that has a
 * password from a netrc file into the keyring, says how many it imported
 * and skipped and why, never prints a secret, and suggests removing the
 * plaintext file.
 */
#define _GNU_SOURCE /* explicit_bzero */
#include "actions.h"
#include "save.h"
#include "proto/netrc.h"

#include <stdio.h>
#include <string.h>

/* Says an entry was skipped and why (warnx_ escapes what came from the file). */
static void skipped_entry(const char *machine, const char *why)
{
	warnx_("skipped %s: %s", machine, why);
}

/* Saves one entry; returns an exit code (EXIT_USAGE: skipped, said why). */
static int import_one(const struct options *o, const struct store *st, const struct netrc_entry *e)
{
	struct credential c;
	struct facts f = {0};
	char *err = NULL;
	int rc = EXIT_USAGE;

	cred_init(&c);
	if (cred_set(&c, "domain", e->machine, &err, NULL) != CRED_OK || cred_normalize(&c, &err)) {
		skipped_entry(e->machine, "the machine name is not a host");
		goto out;
	}
	c.username = g_strdup(e->login ? e->login : "");
	c.password = g_strdup(e->password);
	if (credential_complete(&c, o, &err)) {
		skipped_entry(c.host, err);
		goto out;
	}
	rc = credential_save(o, st, &c, o->validate, &f, &err);
	if (rc == EXIT_KEYRING)
		warnx_("%s", err);
	else if (rc != EXIT_OK) { /* did not validate, or cannot be validated: skipped */
		skipped_entry(c.host, err ? err : "it did not validate");
		rc = EXIT_USAGE;
	}
out:
	g_free(err);
	facts_clear(&f);
	cred_clear(&c);
	return rc;
}

/*
 * The order in which the entries are stored: the file's, except that the
 * entries of one machine (one per login) go last to first.  The first is
 * then the most recently stored, and answers a lookup that names no user,
 * as curl answers from the first entry for a machine when the URL names
 * no login.
 */
static guint *store_order(const GPtrArray *entries)
{
	guint n = entries->len, k = 0, *order = g_new(guint, n + 1);
	gboolean *placed = g_new0(gboolean, n + 1);

	for (guint i = 0; i < n; i++) {
		const struct netrc_entry *e = g_ptr_array_index(entries, i);
		guint start = k;

		if (placed[i])
			continue;
		for (guint j = i; j < n; j++) {
			const struct netrc_entry *f = g_ptr_array_index(entries, j);

			if (!placed[j] && !g_ascii_strcasecmp(e->machine, f->machine)) {
				placed[j] = TRUE;
				order[k++] = j;
			}
		}
		for (guint a = start, b = k - 1; a < b; a++, b--) {
			guint t = order[a];

			order[a] = order[b];
			order[b] = t;
		}
	}
	g_free(placed);
	return order;
}

/* What the file holds that no credential can come from, and why. */
static void report_unread(const struct netrc *n)
{
	if (n->defaults)
		warnx_("skipped %d 'default' entr%s: a credential needs a host", n->defaults,
		       n->defaults == 1 ? "y" : "ies");
	if (n->macros)
		warnx_("skipped %d macdef macro%s", n->macros, n->macros == 1 ? "" : "s");
	if (n->duplicates)
		warnx_("skipped %d later entr%s for a machine and login named before: curl uses "
		       "the first",
		       n->duplicates, n->duplicates == 1 ? "y" : "ies");
}

int op_import_netrc(const struct options *o, const char *arg)
{
	char *path = arg ? g_strdup(arg) : g_build_filename(g_get_home_dir(), ".netrc", NULL);
	struct netrc n;
	char *text = NULL, *err = NULL;
	size_t len = 0;
	int imported = 0, skipped = 0;
	const struct store *st;
	guint *order;

	if (netrc_read_file(path, &text, &len, &err))
		fail(EXIT_USAGE, "cannot read %s: %s", path, err);
	if (netrc_parse(text, len, &n, &err))
		fail(EXIT_USAGE, "%s: %s; nothing was imported", path, err);
	explicit_bzero(text, len);
	g_free(text);
	st = request_store(o);
	if (request_read_only(st, NULL, "stored")) {
		netrc_clear(&n);
		g_free(path);
		return EXIT_OK;
	}
	order = store_order(n.entries);
	for (guint i = 0; i < n.entries->len; i++) {
		const struct netrc_entry *e = g_ptr_array_index(n.entries, order[i]);
		int rc;

		if (!e->password) {
			skipped_entry(e->machine, "the entry has no password");
			skipped++;
			continue;
		}
		rc = import_one(o, st, e);
		if (rc == EXIT_KEYRING)
			fail(EXIT_KEYRING, "stopped after %d imported; the keyring failed",
			     imported);
		rc == EXIT_OK ? imported++ : skipped++;
	}
	report_unread(&n);
	report("imported %d credential%s from %s, skipped %d", imported, imported == 1 ? "" : "s",
	       path, skipped + n.defaults + n.duplicates);
	if (imported)
		report("The secrets are still in plain text in %s: remove them once "
		       "'jira-credential list' shows what you need.",
		       path);
	g_free(order);
	netrc_clear(&n);
	g_free(path);
	return EXIT_OK;
}
