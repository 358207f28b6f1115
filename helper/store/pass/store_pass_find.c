/*
 * store_pass_find.c: which entry of the password store answers a
 * request (see store_pass_find.h).  File names only say where to look;
 * each candidate is decrypted, and one whose name and content disagree
 * answers nothing (a note says which), nor does any when several users
 * are stored for the origin and the request names none.  Which of those
 * that agree answers is proto/match.c's rule.
 */
#include "store_pass_find.h"
#include "store_pass_entry.h"
#include "store_pass_files.h"
#include "store_pass_list.h"
#include "proto/domain.h"
#include "proto/escape.h"
#include "proto/passentry.h"

#include <string.h>
#include <unistd.h>

/* Appends a line for the person to *notes (several reasons may come together). */
static void note(char **notes, char *line)
{
	char *both = *notes ? g_strdup_printf("%s\n%s", *notes, line) : NULL;

	if (both) {
		g_free(*notes);
		g_free(line);
		*notes = both;
	} else
		*notes = line;
}

/*
 * Entries of q's origin whose names say they cover q's path and, when q
 * names a user, are that user's: where to look.  Only what their content
 * says decides.
 */
GPtrArray *pass_candidates(int root, const struct credential *q, char **err)
{
	char *dir = passentry_origin_dir(q->protocol, q->host);
	GPtrArray *found = pf_collect(root, dir, err);

	g_free(dir);
	for (guint i = found ? found->len : 0; i-- > 0;) {
		struct stored *e = g_ptr_array_index(found, i);

		if ((q->username && strcmp(e->username, q->username)) ||
		    (q->path && !path_covers(e->path, q->path)))
			g_ptr_array_remove_index(found, i);
	}
	return found;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The users that found names, each once, sorted, safe for a terminal: "alice, bob". */
static char *users_of(GPtrArray *found, guint *n)
{
	GString *s = g_string_new(NULL);
	GPtrArray *users = g_ptr_array_new();

	for (guint i = 0; i < found->len; i++) {
		char *u = ((struct stored *)g_ptr_array_index(found, i))->username;
		guint j = 0;

		while (j < users->len && strcmp(g_ptr_array_index(users, j), u))
			j++;
		if (j == users->len)
			g_ptr_array_add(users, u);
	}
	g_ptr_array_sort(users, by_name);
	for (guint i = 0; i < users->len; i++) {
		const char *u = g_ptr_array_index(users, i);
		char *safe = *u ? term_safe(u) : g_strdup("a token without user");

		g_string_append_printf(s, "%s%s", i ? ", " : "", safe);
		g_free(safe);
	}
	*n = users->len;
	g_ptr_array_free(users, TRUE);
	return g_string_free(s, FALSE);
}

/*
 * Keeps in found the entries whose content agrees with their names (one
 * decryption each); a note for each that does not.  0, or -1 with *err.
 */
static int keep_agreeing(int root, GPtrArray *found, char **notes, char **err)
{
	struct pass_entry e = {0};

	for (guint i = found->len; i-- > 0;) {
		char *why = NULL;

		switch (pass_entry_read(root, ((struct stored *)g_ptr_array_index(found, i))->id,
		                        &e, &why)) {
		case PASS_READ_OK:
			pass_entry_clear(&e);
			break;
		case PASS_READ_CONFLICT:
			note(notes, why);
			g_ptr_array_remove_index(found, i);
			break;
		case PASS_READ_MISSING:
			g_ptr_array_remove_index(found, i);
			break;
		default:
			*err = why;
			return -1;
		}
	}
	return 0;
}

/*
 * Several users for the origin and none asked for: none answers, and the
 * person learns which users exist and how git names one.
 */
static int several_users(int root, GPtrArray *found, const struct credential *q, char **notes,
                         char **err)
{
	char *users, *url;
	guint n;

	g_free(users_of(found, &n));
	if (q->username || n < 2)
		return 0;
	if (keep_agreeing(root, found, notes, err))
		return -1;
	users = users_of(found, &n);
	if (n > 1) {
		url = domain_format(q->protocol, q->host, q->path);
		note(notes,
		     g_strdup_printf("several users are stored for %s in the password store (%s) "
		                     "and the request names none, so none answers; name one, for "
		                     "git with: git config credential.%s.username USER",
		                     url, users, url));
		g_free(url);
		g_ptr_array_set_size(found, 0);
	}
	g_free(users);
	return 0;
}

/* The best of found whose content agrees with its name, into out: 1, 0 none, -1. */
static int answer(int root, GPtrArray *found, const struct credential *q, struct credential *out,
                  char **notes, char **err)
{
	struct pass_entry e = {0};
	struct stored *best;

	while ((best = match_best(found, q->path))) {
		char *why = NULL;

		switch (pass_entry_read(root, best->id, &e, &why)) {
		case PASS_READ_OK:
			cred_clear(out);
			*out = e.c;
			out->stored_us = best->stored_us; /* the file's time: when it was stored */
			cred_init(&e.c);
			pass_entry_clear(&e);
			return 1;
		case PASS_READ_CONFLICT:
			note(notes, why);
			break;
		case PASS_READ_MISSING:
			break;
		default:
			*err = why;
			return -1;
		}
		g_ptr_array_remove(found, best);
	}
	return 0;
}

int pass_lookup(const struct credential *q, struct credential *out, char **err)
{
	char *rootpath = NULL, *notes = NULL;
	GPtrArray *found = NULL;
	int root, rc = -1;

	pass_watchdog(1);
	if ((root = pf_open_root(&rootpath, err)) >= 0 && (found = pass_candidates(root, q, err)) &&
	    !several_users(root, found, q, &notes, err))
		rc = answer(root, found, q, out, &notes, err);
	pass_watchdog(0);
	if (rc == 0)
		*err = notes;
	else
		g_free(notes);
	if (found)
		g_ptr_array_free(found, TRUE);
	if (root >= 0)
		close(root);
	g_free(rootpath);
	return rc;
}
