/*
 * store.c: the one file that names the stores (see store.h), and which
 * store this run uses: --store=, then JIRA_CREDENTIAL_STORE, then the
 * automatic choice in the list's order.  The first store that may be
 * there (its present op: no call) answers at once; the stores' probes are
 * asked only when it found nothing or failed, or for doctor.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

extern const struct store store_secretservice, store_pass, store_env;

/*
 * The stores, in the order of the automatic choice and of doctor.  A new
 * store is one line here.
 */
static const struct {
	const struct store *ops;
	const char *title;  /* for a person */
	const char *absent; /* what its present op saying no means */
	const char *setup;  /* how a person sets one up */
} stores[] = {
    {&store_secretservice, "Secret Service", "no session bus",
     "gnome-keyring-daemon --unlock --components=secrets (under dbus-run-session when "
     "headless) for the Secret Service"},
    {&store_pass, "password store", "no password store", "pass init KEYID for a password store"},
    {&store_env, "environment", NULL, NULL},
};

#define N_STORES ((int)G_N_ELEMENTS(stores))

/* Whether store i takes part in the automatic choice. */
#define AUTOMATIC(i) (stores[i].ops->present != NULL)

const struct store *store_nth(int i)
{
	return i >= 0 && i < N_STORES ? stores[i].ops : NULL;
}

const char *store_names(const char *sep, const char *last)
{
	static GHashTable *made; /* sep and last: their list, for the program's life */
	char *key = g_strconcat(sep, "\n", last, NULL), *names;
	GString *s;

	if (!made)
		made = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if ((names = g_hash_table_lookup(made, key))) {
		g_free(key);
		return names;
	}
	s = g_string_new(NULL);
	for (int i = 0; i < N_STORES; i++)
		g_string_append_printf(s, "%s%s", i ? sep : "", stores[i].ops->name);
	g_string_append_printf(s, "%sauto", last);
	names = g_string_free(s, FALSE);
	g_hash_table_insert(made, key, names);
	return names;
}

static char *reason;

const char *store_choice_reason(void)
{
	return reason ? reason : "";
}

static void set_reason(char *r)
{
	g_free(reason);
	reason = r;
}

int store_probe(const struct store *st, int detailed, char **why)
{
	if (st->probe)
		return st->probe(detailed, why);
	*why = g_strdup("not set");
	return PROBE_ABSENT;
}

/* ---- the pure rule ------------------------------------------------------- */

/* How the automatic choice came to store chosen, for doctor. */
static char *auto_reason(const struct store_seen *seen, int chosen)
{
	GString *s = g_string_new("automatic: ");
	gsize start = s->len;

	for (int i = 0; i < chosen; i++) {
		if (!AUTOMATIC(i))
			continue;
		if (!seen[i].present)
			g_string_append_printf(s, "%s; ", stores[i].absent);
		else
			g_string_append_printf(s, "the %s is not usable (%s); ", stores[i].title,
			                       seen[i].why);
	}
	g_string_append_printf(s, s->len == start ? "the %s answers (%s)" : "the %s is %s",
	                       stores[chosen].title, seen[chosen].why);
	return g_string_free(s, FALSE);
}

/* The one line for no usable store: what each lacks, and how to set one up. */
static char *none_usable(const struct store_seen *seen)
{
	GString *s = g_string_new("no usable credential store: ");
	const char *sep = "set one up: ";

	for (int i = 0; i < N_STORES; i++)
		if (AUTOMATIC(i))
			g_string_append_printf(s, "%s: %s; ", stores[i].title, seen[i].why);
	for (int i = 0; i < N_STORES; i++)
		if (AUTOMATIC(i)) {
			g_string_append_printf(s, "%s%s", sep, stores[i].setup);
			sep = ", or ";
		}
	return g_string_free(s, FALSE);
}

int store_pick(const char *name, const char *env, const struct store_seen *seen, char **why)
{
	const char *n = name ? name : env && *env ? env : NULL;

	if (n && strcmp(n, "auto")) {
		for (int i = 0; i < N_STORES; i++)
			if (!strcmp(stores[i].ops->name, n)) {
				*why =
				    g_strdup_printf("chosen by %s=%s",
				                    name ? "--store" : "JIRA_CREDENTIAL_STORE", n);
				return i;
			}
		*why = g_strdup_printf("%s names no store ('%s'); use %s",
		                       name ? "--store" : "JIRA_CREDENTIAL_STORE", n,
		                       store_names(", ", " or "));
		return -1;
	}
	if (!seen)
		return STORE_AUTO;
	for (int i = 0; i < N_STORES; i++)
		if (AUTOMATIC(i) && seen[i].probe != PROBE_ABSENT) {
			*why = auto_reason(seen, i);
			return i;
		}
	*why = none_usable(seen);
	return -1;
}

/* ---- the automatic choice ------------------------------------------------ */

/* The first store that may be there (asked first), and the one that answers once settled. */
static int first = -1;
static const struct store *decided;

/* Probes the automatic stores in order, up to the first that is not absent. */
static void look(struct store_seen *seen, char **whys)
{
	for (int i = 0; i < N_STORES; i++) {
		if (!AUTOMATIC(i))
			continue;
		seen[i].present = stores[i].ops->present();
		seen[i].probe = store_probe(stores[i].ops, 0, &whys[i]);
		seen[i].why = whys[i];
		if (seen[i].probe != PROBE_ABSENT)
			break;
	}
}

/* The index of the store the probes choose, its probe in *probe, the reason set; -1 with *err. */
static int settle_now(int *probe, char **err)
{
	struct store_seen seen[N_STORES] = {{0}};
	char *whys[N_STORES] = {NULL}, *why = NULL;
	int i;

	look(seen, whys);
	i = store_pick(NULL, NULL, seen, &why);
	if (i >= 0) {
		set_reason(why);
		*probe = seen[i].probe;
	} else
		*err = why;
	for (int k = 0; k < N_STORES; k++)
		g_free(whys[k]);
	return i;
}

/* The first automatic store after i that may be there, or -1. */
static int present_after(int i)
{
	while (++i < N_STORES)
		if (AUTOMATIC(i) && stores[i].ops->present())
			return i;
	return -1;
}

/* *err, a locked first store's, with the other store that may be there. */
static void hint_other(char **err)
{
	int other = present_after(first);
	char *hint;

	if (other < 0 || !*err)
		return;
	hint = g_strdup_printf("%s; or use the %s with --store=%s", *err, stores[other].title,
	                       stores[other].ops->name);
	g_free(*err);
	*err = hint;
}

/*
 * The first store found nothing (answered: rc >= 0) or failed: whether
 * its answer stands (0), another store answers instead (1, decided), or
 * none can (-1, *err).  A store that answered, with no later one that
 * may be there, stands without another question: a get that finds
 * nothing, git's most common call, costs nothing more.  A locked store
 * is not a missing one: its answer (or its failure, exit 3) stands, and
 * work never goes elsewhere because of a lock.
 */
static int fall_back(int rc, char **err)
{
	char *none = NULL;
	int i, probe = PROBE_ABSENT;

	decided = stores[first].ops;
	if (rc >= 0 && present_after(first) < 0)
		return 0;
	if ((i = settle_now(&probe, &none)) < 0) {
		g_free(*err);
		*err = none;
		return -1;
	}
	if (i != first) {
		decided = stores[i].ops;
		g_free(*err);
		*err = NULL;
		return 1;
	}
	if (probe != PROBE_LOCKED || rc >= 0)
		return 0;
	hint_other(err);
	return -1;
}

/*
 * After the first store answered *rc (done: an answer that settles the
 * choice), the store that must answer instead, or NULL when *rc stands
 * (set to -1, with *err, when no store is usable).
 */
static const struct store *instead(int *rc, int done, char **err)
{
	if (done) {
		decided = stores[first].ops;
		return NULL;
	}
	switch (fall_back(*rc, err)) {
	case 1:
		return decided;
	case -1:
		*rc = -1;
		return NULL;
	default:
		return NULL;
	}
}

static int auto_lookup(const struct credential *q, struct credential *out, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->lookup(q, out, err);
	rc = stores[first].ops->lookup(q, out, err);
	st = instead(&rc, rc == 1, err);
	return st ? st->lookup(q, out, err) : rc;
}

static int auto_save(struct credential *c, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->save(c, err);
	rc = stores[first].ops->save(c, err);
	st = instead(&rc, rc >= 0, err);
	return st ? st->save(c, err) : rc;
}

static int auto_erase(const struct credential *q, int *count, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->erase(q, count, err);
	rc = stores[first].ops->erase(q, count, err);
	st = instead(&rc, rc == 0 && *count, err);
	return st ? st->erase(q, count, err) : rc;
}

static int auto_list(GPtrArray **entries, int *hidden, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->list(entries, hidden, err);
	*entries = NULL;
	rc = stores[first].ops->list(entries, hidden, err);
	if (!(st = instead(&rc, rc == 0 && (*entries)->len, err)))
		return rc;
	if (*entries)
		g_ptr_array_free(*entries, TRUE);
	*entries = NULL;
	return st->list(entries, hidden, err);
}

static int auto_remember_api_base(const struct credential *c, const char *api_base, char **err)
{
	const struct store *st = decided ? decided : stores[first].ops;

	return st->remember_api_base(c, api_base, err);
}

static const struct store store_auto = {
    .name = "auto",
    .lookup = auto_lookup,
    .save = auto_save,
    .erase = auto_erase,
    .list = auto_list,
    .remember_api_base = auto_remember_api_base,
};

const struct store *store_find(const char *name)
{
	if (!strcmp(name, "auto"))
		return &store_auto;
	for (int i = 0; i < N_STORES; i++)
		if (!strcmp(stores[i].ops->name, name))
			return stores[i].ops;
	return NULL;
}

const struct store *store_settle(const struct store *st, char **err)
{
	int probe, i;

	if (st != &store_auto)
		return st;
	i = settle_now(&probe, err);
	return i >= 0 ? stores[i].ops : NULL;
}

const struct store *store_choose(const char *name, char **err)
{
	char *why = NULL;
	int i = store_pick(name, getenv("JIRA_CREDENTIAL_STORE"), NULL, &why);

	if (i >= 0) {
		set_reason(why);
		return stores[i].ops;
	}
	if (i == -1) {
		*err = why;
		return NULL;
	}
	if ((first = present_after(-1)) >= 0) {
		set_reason(g_strdup_printf("automatic: the %s may be there, so it is asked first",
		                           stores[first].title));
		return &store_auto;
	}
	return store_settle(&store_auto, err);
}
