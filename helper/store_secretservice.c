/*
 * store_secretservice.c: the Secret Service store through libsecret
 * (gnome-keyring, KeePassXC, KWallet).  Owns the keyring schema (see
 * jira-credential(5)), libsecret I/O, and the rule that nothing is removed
 * or half-stored when the keyring cannot be read.  A watchdog bounds every
 * keyring call, so a headless session whose keyring wants a prompt fails
 * in seconds instead of hanging.  What an item's secret holds is
 * proto/item.c's; which item answers is proto/match.c's.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "store.h"
#include "../proto/domain.h"
#include "../proto/escape.h"
#include "../proto/item.h"

/*
 * The D-Bus path calls (search_for_dbus_paths, unlock_dbus_paths) are in
 * libsecret's "unstable" header, unchanged since libsecret 0.7: they tell
 * locked items apart from missing ones, which the high-level search hides.
 */
#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static const SecretSchema schema = {
    "org.jira-credential.Credential",
    SECRET_SCHEMA_NONE,
    {
        {"protocol", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"host", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"path", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"user", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"type", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"password_expiry_utc", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"api_base", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"stored", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"authtype", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {NULL, 0},
    },
    .reserved = 0,
};

static void watchdog_fire(int sig)
{
	static const char msg[] = "jira-credential: the keyring did not answer within " G_STRINGIFY(
	    STORE_TIMEOUT) " seconds; unlock it (or start "
	                   "gnome-keyring-daemon) and try again\n";
	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(EXIT_KEYRING);
}

static void watchdog(int on)
{
	signal(SIGALRM, watchdog_fire);
	alarm(on ? STORE_TIMEOUT : 0);
}

static char *keyring_error(const char *what, GError *gerr)
{
	char *why = term_safe(gerr ? gerr->message : "no answer"); /* the service's words */
	char *msg = g_strdup_printf("keyring unavailable (%s: %s); start or unlock the Secret "
	                            "Service, e.g. gnome-keyring-daemon --unlock "
	                            "--components=secrets (under dbus-run-session when headless)",
	                            what, why);

	g_free(why);
	g_clear_error(&gerr);
	return msg;
}

static SecretService *service_get(char **err)
{
	GError *gerr = NULL;
	SecretService *s = secret_service_get_sync(SECRET_SERVICE_NONE, NULL, &gerr);

	if (!s)
		*err = keyring_error("cannot connect", gerr);
	return s;
}

static char *attr_dup(GHashTable *attrs, const char *name)
{
	const char *v = g_hash_table_lookup(attrs, name);

	return v && *v ? g_strdup(v) : NULL;
}

static SecretItem *item_of(const struct stored *e)
{
	return e->handle;
}

static const char *path_of(const struct stored *e)
{
	return g_dbus_proxy_get_object_path(G_DBUS_PROXY(e->handle));
}

/*
 * The item as a stored credential.  Its store time is the "stored"
 * attribute (microseconds), else the item's creation time, which some
 * keyrings keep in whole seconds only.
 */
static struct stored *entry_from_item(SecretItem *item)
{
	struct stored *e = g_new0(struct stored, 1);
	GHashTable *attrs = secret_item_get_attributes(item);
	const char *user = g_hash_table_lookup(attrs, "user");
	const char *when = g_hash_table_lookup(attrs, "stored");

	e->protocol = attr_dup(attrs, "protocol");
	e->host = attr_dup(attrs, "host");
	e->path = attr_dup(attrs, "path");
	e->username = g_strdup(user ? user : "");
	if (jira_type_parse(g_hash_table_lookup(attrs, "type"), &e->type))
		e->type = JIRA_TYPE_NONE;
	e->expiry = attr_dup(attrs, "password_expiry_utc");
	e->api_base = attr_dup(attrs, "api_base");
	e->from_authtype = g_hash_table_contains(attrs, "authtype");
	e->stored_us = when ? g_ascii_strtoll(when, NULL, 10)
	                    : (gint64)secret_item_get_created(item) * G_USEC_PER_SEC;
	e->handle = g_object_ref(item);
	e->handle_free = g_object_unref;
	e->order = g_strdup(g_dbus_proxy_get_object_path(G_DBUS_PROXY(item)));
	g_hash_table_unref(attrs);
	return e;
}

static GHashTable *attrs_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
}

/* Attributes that every request names: the origin, and the user if given. */
static GHashTable *query_attrs(const struct credential *q)
{
	GHashTable *a = attrs_new();

	g_hash_table_insert(a, "protocol", g_strdup(q->protocol));
	g_hash_table_insert(a, "host", g_strdup(q->host));
	if (q->username)
		g_hash_table_insert(a, "user", g_strdup(q->username));
	return a;
}

/* Items that match attrs, as entries; unlocks them (may prompt). */
#define LOCKED_MSG                                                                                 \
	"the keyring is locked and could not be unlocked; unlock it (for example in Seahorse, or " \
	"by logging in to the desktop) and try again"

/* Entries for the items at paths; an item the keyring will not describe is skipped. */
static void add_entries(SecretService *s, gchar **paths, GPtrArray *out)
{
	for (gchar **p = paths; p && *p; p++) {
		SecretItem *item =
		    secret_item_new_for_dbus_path_sync(s, *p, SECRET_ITEM_NONE, NULL, NULL);

		if (item) {
			g_ptr_array_add(out, entry_from_item(item));
			g_object_unref(item);
		}
	}
}

/*
 * Items that match attrs, as entries.  With unlock, locked matches are
 * unlocked first (the keyring may prompt); if any stays locked the search
 * fails, because a locked keyring must not look like an empty one: a get
 * would fall through to another helper, an erase would erase nothing and
 * say so.  Without unlock, locked items are returned as they are.
 */
/*
 * A locked keyring file shows its items only under hashed attributes, which
 * a search may not match: when nothing matched, every locked collection is
 * unlocked (the keyring may prompt) so that "nothing" can be trusted.
 * Returns 1 when some collection was locked and is now open, 0 when none
 * was locked, -1 when one stays locked.
 */
static int unlock_collections(SecretService *s, char **err)
{
	GList *cols, *locked = NULL, *opened = NULL;
	int rc = 0;

	if (!secret_service_load_collections_sync(s, NULL, NULL))
		return 0;
	cols = secret_service_get_collections(s);
	for (GList *l = cols; l; l = l->next)
		if (secret_collection_get_locked(l->data))
			locked = g_list_append(locked, l->data);
	if (locked) {
		secret_service_unlock_sync(s, locked, NULL, &opened, NULL);
		rc = g_list_length(opened) == g_list_length(locked) ? 1 : -1;
		if (rc < 0)
			*err = g_strdup(LOCKED_MSG);
	}
	g_list_free_full(opened, g_object_unref);
	g_list_free(locked);
	g_list_free_full(cols, g_object_unref);
	return rc;
}

/*
 * The paths of the items that match attrs.  With unlock, locked matches
 * are unlocked first (the keyring may prompt); if any stays locked the
 * search fails, because a locked keyring must not look like an empty one:
 * a get would fall through to another helper, an erase would erase
 * nothing and say so.  Without unlock, locked items come too.
 */
static int search_paths(SecretService *s, GHashTable *attrs, int unlock, gchar ***out, char **err)
{
	GError *gerr = NULL;
	gchar **unlocked = NULL, **locked = NULL, **opened = NULL;
	int tries = 0;

again:
	if (!secret_service_search_for_dbus_paths_sync(s, &schema, attrs, NULL, &unlocked, &locked,
	                                               &gerr)) {
		*err = keyring_error("search failed", gerr);
		return -1;
	}
	if (unlock && !tries++ && !(unlocked && *unlocked) && !(locked && *locked)) {
		int rc = unlock_collections(s, err);

		if (rc) {
			g_strfreev(unlocked);
			g_strfreev(locked);
			if (rc < 0)
				return -1;
			goto again;
		}
	}
	if (unlock && locked && *locked) {
		GError *uerr = NULL;
		gint want = (gint)g_strv_length(locked);
		gint n = secret_service_unlock_dbus_paths_sync(s, (const gchar **)locked, NULL,
		                                               &opened, &uerr);

		g_clear_error(&uerr);
		g_strfreev(locked);
		locked = opened;
		if (n < want) {
			*err = g_strdup(LOCKED_MSG);
			g_strfreev(unlocked);
			g_strfreev(locked);
			return -1;
		}
	}
	*out = g_strdupv(unlocked);
	for (gchar **p = locked; p && *p; p++) {
		guint n = g_strv_length(*out);

		*out = g_renew(gchar *, *out, n + 2);
		(*out)[n] = g_strdup(*p);
		(*out)[n + 1] = NULL;
	}
	g_strfreev(unlocked);
	g_strfreev(locked);
	return 0;
}

static int search_flags(SecretService *s, GHashTable *attrs, int unlock, GPtrArray **out,
                        char **err)
{
	gchar **paths = NULL;

	if (search_paths(s, attrs, unlock, &paths, err))
		return -1;
	*out = stored_array_new();
	add_entries(s, paths, *out);
	g_strfreev(paths);
	return 0;
}

static int search(SecretService *s, GHashTable *attrs, GPtrArray **out, char **err)
{
	return search_flags(s, attrs, 1, out, err);
}

static int ensure_unlocked(const struct stored *e, char **err)
{
	if (!secret_item_get_locked(item_of(e)))
		return 0;
	*err = g_strdup(LOCKED_MSG);
	return -1;
}

/* Takes the secret of v into c (see proto/item.h); returns whether it carried the facts. */
static int take_secret(SecretValue *v, struct credential *c, int facts)
{
	gsize len;
	const char *bytes = secret_value_get(v, &len);

	return item_secret_decode(bytes, len, c, facts);
}

static SecretValue *secret_value_of(const struct credential *c)
{
	GString *s = item_secret_encode(c);
	SecretValue *v = secret_value_new(s->str, s->len, "text/plain");

	secret_buf_free(s);
	return v;
}

/* Loads the secret of e into c->password and c->oauth_refresh_token. */
static int load_secret(const struct stored *e, struct credential *c, char **err)
{
	GError *gerr = NULL;
	SecretValue *v;

	if (ensure_unlocked(e, err))
		return -1;
	if (!secret_item_load_secret_sync(item_of(e), NULL, &gerr)) {
		*err = keyring_error("cannot read the secret", gerr);
		return -1;
	}
	v = secret_item_get_secret(item_of(e));
	if (!v) {
		*err =
		    g_strdup("the keyring returned no secret for the item; unlock the keyring and "
		             "try again");
		return -1;
	}
	take_secret(v, c, 0);
	secret_value_unref(v);
	return 0;
}

static void fill_from_entry(struct credential *out, const struct stored *e)
{
	out->protocol = g_strdup(e->protocol);
	out->host = g_strdup(e->host);
	out->path = g_strdup(e->path);
	out->username = g_strdup(e->username);
	out->type = e->type;
	out->password_expiry_utc = g_strdup(e->expiry);
	out->api_base = g_strdup(e->api_base);
	out->from_authtype = e->from_authtype;
}

static SecretValue *secret_at(SecretService *s, const char *path, char **err)
{
	GError *gerr = NULL;
	SecretValue *v = secret_service_get_secret_for_dbus_path_sync(s, path, NULL, &gerr);

	if (!v)
		*err = gerr ? keyring_error("cannot read the secret", gerr) : g_strdup(LOCKED_MSG);
	return v;
}

/*
 * One match, whose secret carries a copy of its facts: answered with two
 * round trips (the search, then the secret), no attributes fetched.
 * Returns 1 found, 0 no match, -1 error, 2 when the item must be read the
 * long way (an item stored before the copy existed).
 */
static int lookup_one(SecretService *s, const char *path, const struct credential *q,
                      struct credential *out, char **err)
{
	SecretValue *v = secret_at(s, path, err);
	int complete;

	if (!v)
		return -1;
	complete = take_secret(v, out, 1);
	secret_value_unref(v);
	if (!complete)
		return 2;
	if (q->path && !path_covers(out->path, q->path)) {
		cred_clear(out);
		return 0;
	}
	out->protocol = g_strdup(q->protocol);
	out->host = g_strdup(q->host);
	return 1;
}

/* Several matches: their attributes decide, then the best one's secret. */
static int lookup_many(SecretService *s, gchar **paths, const struct credential *q,
                       struct credential *out, char **err)
{
	GPtrArray *found = stored_array_new();
	struct stored *best;
	SecretValue *v;
	int rc = 0;

	add_entries(s, paths, found);
	best = match_best(found, q->path);
	if (best) {
		cred_clear(out);
		fill_from_entry(out, best);
		v = secret_at(s, path_of(best), err);
		if (v) {
			take_secret(v, out, 0);
			secret_value_unref(v);
		}
		rc = v ? 1 : -1;
	}
	g_ptr_array_free(found, TRUE);
	return rc;
}

/*
 * Opening the session (a Diffie-Hellman exchange, most of a get's CPU on
 * both ends) needs nothing from the search: a thread opens it while the
 * main thread searches.  libsecret guards the service's session itself.
 */
static gpointer open_session(gpointer s)
{
	GMainContext *ctx = g_main_context_new();

	g_main_context_push_thread_default(ctx); /* the sync call runs its loop here */
	secret_service_ensure_session_sync(s, NULL, NULL);
	g_main_context_pop_thread_default(ctx);
	g_main_context_unref(ctx);
	return NULL;
}

static int ss_lookup(const struct credential *q, struct credential *out, char **err)
{
	SecretService *s;
	gchar **paths = NULL;
	GThread *session;
	int rc = -1;

	watchdog(1);
	if (!(s = service_get(err)))
		goto out;
	session = g_thread_new("session", open_session, s);
	GHashTable *attrs = query_attrs(q);
	rc = search_paths(s, attrs, 1, &paths, err);
	g_hash_table_unref(attrs);
	g_thread_join(session);
	if (rc)
		goto out;
	rc = 0;
	if (paths[0] && !paths[1])
		rc = lookup_one(s, paths[0], q, out, err);
	if (rc == 2 || (paths[0] && paths[1]))
		rc = lookup_many(s, paths, q, out, err);
out:
	watchdog(0);
	g_strfreev(paths);
	if (s)
		g_object_unref(s);
	return rc;
}

static char *make_label(const struct credential *c)
{
	char *domain = domain_format(c->protocol, c->host, c->path);
	char *label;

	if (c->username && *c->username)
		label = g_strdup_printf("Jira: %s on %s", c->username, domain);
	else
		label =
		    g_strdup_printf("Jira: %s token on %s",
		                    c->type == JIRA_PAT ? "personal access" : "anonymous", domain);
	g_free(domain);
	return label;
}

/* Attributes that make a credential's identity: origin, path, user. */
static GHashTable *key_attrs(const struct credential *c)
{
	GHashTable *a = attrs_new();

	g_hash_table_insert(a, "protocol", g_strdup(c->protocol));
	g_hash_table_insert(a, "host", g_strdup(c->host));
	g_hash_table_insert(a, "path", g_strdup(c->path ? c->path : ""));
	g_hash_table_insert(a, "user", g_strdup(c->username ? c->username : ""));
	return a;
}

/* Every attribute of c's item: its identity, then its non-secret facts. */
static GHashTable *item_attrs(const struct credential *c, gint64 stored_us)
{
	GHashTable *a = key_attrs(c);

	g_hash_table_insert(a, "type", g_strdup(jira_type_name(c->type)));
	if (c->password_expiry_utc)
		g_hash_table_insert(a, "password_expiry_utc", g_strdup(c->password_expiry_utc));
	if (c->api_base)
		g_hash_table_insert(a, "api_base", g_strdup(c->api_base));
	g_hash_table_insert(a, "stored", g_strdup_printf("%" G_GINT64_FORMAT, stored_us));
	if (c->from_authtype)
		g_hash_table_insert(a, "authtype", g_strdup("Bearer"));
	return a;
}

static SecretCollection *default_collection(SecretService *s, char **err)
{
	GError *gerr = NULL;
	SecretCollection *col = secret_collection_for_alias_sync(
	    s, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE, NULL, &gerr);
	GList *objs, *unlocked = NULL;

	if (!col) {
		*err = gerr ? keyring_error("no default collection", gerr)
		            : g_strdup("the keyring has no default collection; create one (for "
		                       "example in Seahorse) and try again");
		return NULL;
	}
	if (!secret_collection_get_locked(col))
		return col;
	objs = g_list_append(NULL, col);
	secret_service_unlock_sync(s, objs, NULL, &unlocked, NULL);
	g_list_free(objs);
	g_list_free_full(unlocked, g_object_unref);
	if (!secret_collection_get_locked(col))
		return col;
	g_object_unref(col);
	*err = g_strdup(LOCKED_MSG);
	return NULL;
}

/*
 * After our item is in place, removes every other item with the same
 * identity that was stored before it.  Concurrent stores all agree on the
 * order, so exactly the newest survives.
 */
static void prune_older(SecretService *s, const struct credential *c, SecretItem *mine,
                        gint64 stored_us)
{
	GHashTable *attrs = key_attrs(c);
	GPtrArray *found = NULL;
	char *ignored = NULL;
	const char *my_path = g_dbus_proxy_get_object_path(G_DBUS_PROXY(mine));
	struct stored self = {.stored_us = stored_us, .order = (char *)my_path};

	if (search(s, attrs, &found, &ignored) == 0) {
		for (guint i = 0; i < found->len; i++) {
			struct stored *e = g_ptr_array_index(found, i);

			if (strcmp(path_of(e), my_path) && !stored_newer(e, &self))
				secret_item_delete_sync(item_of(e), NULL, NULL);
		}
		g_ptr_array_free(found, TRUE);
	}
	g_free(ignored);
	g_hash_table_unref(attrs);
}

static int ss_save(const struct credential *c, char **err)
{
	SecretService *s = NULL;
	SecretCollection *col = NULL;
	SecretItem *item = NULL;
	GError *gerr = NULL;
	gint64 now = g_get_real_time();
	int rc = -1;

	watchdog(1);
	if (!(s = service_get(err)) || !(col = default_collection(s, err)))
		goto out;
	GHashTable *attrs = item_attrs(c, now);
	char *label = make_label(c);
	SecretValue *value = secret_value_of(c);
	/* Always a new item, then the older ones go: never a moment with none. */
	item = secret_item_create_sync(col, &schema, attrs, label, value, SECRET_ITEM_CREATE_NONE,
	                               NULL, &gerr);
	secret_value_unref(value);
	g_free(label);
	g_hash_table_unref(attrs);
	if (!item) {
		*err = keyring_error("cannot store", gerr);
		goto out;
	}
	prune_older(s, c, item, now);
	rc = 0;
out:
	watchdog(0);
	if (item)
		g_object_unref(item);
	if (col)
		g_object_unref(col);
	if (s)
		g_object_unref(s);
	return rc;
}

/* Whether e is one that erase q removes, apart from the password. */
static int erase_matches(const struct stored *e, const struct credential *q)
{
	if (q->path && g_strcmp0(e->path, q->path))
		return 0;
	if (q->type && stored_type(e) != q->type)
		return 0;
	return 1;
}

/* Whether e's stored secret is still password. */
static int same_secret(const struct stored *e, const char *password)
{
	struct credential stored;
	char *err = NULL;
	int same;

	cred_init(&stored);
	same = load_secret(e, &stored, &err) == 0 && !g_strcmp0(stored.password, password);
	cred_clear(&stored);
	g_free(err);
	return same;
}

/* Keeps in found only what q erases; reads secrets when q has a password. */
static int erase_select(GPtrArray *found, const struct credential *q, char **err)
{
	for (guint i = found->len; i-- > 0;) {
		struct stored *e = g_ptr_array_index(found, i);

		if (ensure_unlocked(e, err))
			return -1;
		if (!erase_matches(e, q) || (q->password && !same_secret(e, q->password)))
			g_ptr_array_remove_index(found, i);
	}
	return 0;
}

/* Whether a failed delete means the item was already gone (another erase won). */
static int already_gone(const GError *e)
{
	return g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
	       g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
	       g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
	       g_error_matches(e, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT);
}

static int ss_erase(const struct credential *q, int *count, char **err)
{
	SecretService *s;
	GPtrArray *found = NULL;
	int rc = -1;

	*count = 0;
	watchdog(1);
	if (!(s = service_get(err)))
		goto out;
	GHashTable *attrs = query_attrs(q);
	rc = search(s, attrs, &found, err);
	g_hash_table_unref(attrs);
	if (rc || (rc = erase_select(found, q, err)))
		goto out;
	/* Every match is tried: one that fails does not keep the others. */
	for (guint i = 0; i < found->len; i++) {
		GError *gerr = NULL;

		if (secret_item_delete_sync(item_of(g_ptr_array_index(found, i)), NULL, &gerr) ||
		    already_gone(gerr))
			(*count)++;
		else if (!*err)
			*err = keyring_error("cannot delete", g_steal_pointer(&gerr));
		g_clear_error(&gerr);
	}
	rc = *err ? -1 : 0;
out:
	watchdog(0);
	if (found)
		g_ptr_array_free(found, TRUE);
	if (s)
		g_object_unref(s);
	return rc;
}

/* A keyring file that is locked shows only hashed attributes: those are hidden. */
static int drop_unreadable(GPtrArray *entries)
{
	int n = 0;

	for (guint i = entries->len; i-- > 0;) {
		struct stored *e = g_ptr_array_index(entries, i);

		if (!e->protocol || !e->host) {
			g_ptr_array_remove_index(entries, i);
			n++;
		}
	}
	return n;
}

static int ss_list(GPtrArray **entries, int *hidden, char **err)
{
	SecretService *s;
	GHashTable *attrs = attrs_new();
	int rc = -1;

	watchdog(1);
	if ((s = service_get(err))) {
		rc = search_flags(s, attrs, 0, entries, err);
		if (!rc) {
			*hidden = drop_unreadable(*entries);
			stored_sort(*entries);
		}
		g_object_unref(s);
	}
	watchdog(0);
	g_hash_table_unref(attrs);
	return rc;
}

static int ss_remember_api_base(const struct credential *c, const char *api_base, char **err)
{
	SecretService *s;
	GPtrArray *found = NULL;
	GHashTable *attrs = key_attrs(c);
	int rc = -1;

	watchdog(1);
	if (!(s = service_get(err)) || search(s, attrs, &found, err))
		goto out;
	rc = 0;
	for (guint i = 0; i < found->len && !rc; i++) {
		struct stored *e = g_ptr_array_index(found, i);
		struct credential now = *c;
		GHashTable *a;
		GError *gerr = NULL;
		SecretValue *v;

		/*
		 * Only the item that was validated: a store that ran meanwhile
		 * (a long --wait) has put a newer secret there, which must stay.
		 */
		if (!same_secret(e, c->password))
			continue;
		now.type = e->type ? e->type : c->type;
		now.password_expiry_utc = e->expiry;
		now.api_base = (char *)api_base;
		now.from_authtype = e->from_authtype;
		a = item_attrs(&now, e->stored_us);
		if (!secret_item_set_attributes_sync(item_of(e), &schema, a, NULL, &gerr)) {
			*err = keyring_error("cannot update", gerr);
			rc = -1;
		}
		g_hash_table_unref(a);
		if (rc)
			break;
		v = secret_value_of(&now); /* the secret's copy of the facts too */
		if (!secret_item_set_secret_sync(item_of(e), v, NULL, &gerr)) {
			*err = keyring_error("cannot update", gerr);
			rc = -1;
		}
		secret_value_unref(v);
	}
out:
	watchdog(0);
	if (found)
		g_ptr_array_free(found, TRUE);
	if (s)
		g_object_unref(s);
	g_hash_table_unref(attrs);
	return rc;
}

const struct store store_secretservice = {
    .name = "secretservice",
    .lookup = ss_lookup,
    .save = ss_save,
    .erase = ss_erase,
    .list = ss_list,
    .remember_api_base = ss_remember_api_base,
};
