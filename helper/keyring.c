/*
 * keyring.c: the Secret Service through libsecret.  Owns the keyring schema
 * (see jira-credential(5)), the choice of the best match among the items a
 * search returns, and the rule that nothing is removed or half-stored when
 * the keyring cannot be read.  A watchdog bounds every keyring call, so a
 * headless session whose keyring wants a prompt fails in seconds instead of
 * hanging.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "keyring.h"
#include "jc.h"
#include "../proto/domain.h"

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
        {NULL, 0},
    },
    .reserved = 0,
};

static void watchdog_fire(int sig)
{
	static const char msg[] = "jira-credential: the keyring did not answer within " G_STRINGIFY(
	    KEYRING_TIMEOUT) " seconds; unlock it (or start "
	                     "gnome-keyring-daemon) and try again\n";
	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(EXIT_KEYRING);
}

static void watchdog(int on)
{
	signal(SIGALRM, watchdog_fire);
	alarm(on ? KEYRING_TIMEOUT : 0);
}

static char *keyring_error(const char *what, GError *gerr)
{
	char *msg = g_strdup_printf("keyring unavailable (%s: %s); start or unlock the Secret "
	                            "Service, e.g. gnome-keyring-daemon --unlock "
	                            "--components=secrets (under dbus-run-session when headless)",
	                            what, gerr ? gerr->message : "no answer");

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

void kr_entry_free(struct kr_entry *e)
{
	if (!e)
		return;
	g_free(e->protocol);
	g_free(e->host);
	g_free(e->path);
	g_free(e->username);
	g_free(e->type);
	g_free(e->expiry);
	g_free(e->api_base);
	if (e->item)
		g_object_unref(e->item);
	g_free(e);
}

static char *attr_dup(GHashTable *attrs, const char *name)
{
	const char *v = g_hash_table_lookup(attrs, name);

	return v && *v ? g_strdup(v) : NULL;
}

static struct kr_entry *entry_from_item(SecretItem *item)
{
	struct kr_entry *e = g_new0(struct kr_entry, 1);
	GHashTable *attrs = secret_item_get_attributes(item);
	const char *user = g_hash_table_lookup(attrs, "user");

	e->protocol = attr_dup(attrs, "protocol");
	e->host = attr_dup(attrs, "host");
	e->path = attr_dup(attrs, "path");
	e->username = g_strdup(user ? user : "");
	e->type = attr_dup(attrs, "type");
	e->expiry = attr_dup(attrs, "password_expiry_utc");
	e->api_base = attr_dup(attrs, "api_base");
	e->created = secret_item_get_created(item);
	e->item = g_object_ref(item);
	g_hash_table_unref(attrs);
	return e;
}

/* Object paths end in a number; compare them as numbers. */
static int path_order(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

/* Whether a was stored after b. */
static int newer(const struct kr_entry *a, const struct kr_entry *b)
{
	if (a->created != b->created)
		return a->created > b->created;
	return path_order(g_dbus_proxy_get_object_path(a->item),
	                  g_dbus_proxy_get_object_path(b->item)) > 0;
}

/*
 * Whether a is a better answer than b to a request for want (a path or
 * NULL): with a path, the longest covering path; without, the pathless
 * one; then the most recent.
 */
static int better(const struct kr_entry *a, const struct kr_entry *b, const char *want)
{
	size_t la = a->path ? strlen(a->path) : 0, lb = b->path ? strlen(b->path) : 0;

	if (want && la != lb)
		return la > lb;
	if (!want && (la == 0) != (lb == 0))
		return la == 0;
	return newer(a, b);
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
	*out = g_ptr_array_new_with_free_func((GDestroyNotify)kr_entry_free);
	add_entries(s, paths, *out);
	g_strfreev(paths);
	return 0;
}

static int search(SecretService *s, GHashTable *attrs, GPtrArray **out, char **err)
{
	return search_flags(s, attrs, 1, out, err);
}

static int ensure_unlocked(const struct kr_entry *e, char **err)
{
	if (!secret_item_get_locked(e->item))
		return 0;
	*err = g_strdup(LOCKED_MSG);
	return -1;
}

/*
 * The item's secret: the password on its first line, then, one key=value a
 * line as git-credential-libsecret does, git's other secret
 * (oauth_refresh_token) and a copy of the credential's non-secret facts.
 * With that copy a get that matches one item needs no round trip for the
 * item's attributes; the attributes stay what searches and list read.
 */
static enum cred_status secret_fact(void *ud, const char *key, const char *value, char **err)
{
	struct credential *c = ud;
	char **slot = !strcmp(key, "oauth_refresh_token")   ? &c->oauth_refresh_token
	              : !strcmp(key, "username")            ? &c->username
	              : !strcmp(key, "path")                ? &c->path
	              : !strcmp(key, "type")                ? &c->type
	              : !strcmp(key, "password_expiry_utc") ? &c->password_expiry_utc
	              : !strcmp(key, "api_base")            ? &c->api_base
	                                                    : NULL;

	(void)err;
	if (slot)
		secret_replace(slot, *value || slot == &c->username ? value : NULL);
	return CRED_OK;
}

/*
 * Takes the password and refresh token of v into c; with facts, also the
 * copy of the non-secret facts.  Returns whether v carried that copy.
 */
static int take_secret(SecretValue *v, struct credential *c, int facts)
{
	gsize len;
	const char *bytes = secret_value_get(v, &len);
	const char *nl = memchr(bytes, '\n', len);
	struct credential extra;
	char *err = NULL;
	int complete;

	cred_init(&extra);
	if (nl)
		kv_parse(nl + 1, len - (nl + 1 - bytes), secret_fact, &extra, &err);
	g_free(err);
	secret_free(c->password);
	c->password = g_strndup(bytes, nl ? (gsize)(nl - bytes) : len);
	secret_free(c->oauth_refresh_token);
	c->oauth_refresh_token = g_steal_pointer(&extra.oauth_refresh_token);
	complete = extra.type && extra.username;
	if (facts && complete) {
		c->username = g_steal_pointer(&extra.username);
		c->path = g_steal_pointer(&extra.path);
		c->type = g_steal_pointer(&extra.type);
		c->password_expiry_utc = g_steal_pointer(&extra.password_expiry_utc);
		c->api_base = g_steal_pointer(&extra.api_base);
	}
	cred_clear(&extra);
	return complete;
}

/* Loads the secret of e into c->password and c->oauth_refresh_token. */
static int load_secret(const struct kr_entry *e, struct credential *c, char **err)
{
	GError *gerr = NULL;
	SecretValue *v;

	if (ensure_unlocked(e, err))
		return -1;
	if (!secret_item_load_secret_sync(e->item, NULL, &gerr)) {
		*err = keyring_error("cannot read the secret", gerr);
		return -1;
	}
	v = secret_item_get_secret(e->item);
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

static void fill_from_entry(struct credential *out, const struct kr_entry *e)
{
	out->protocol = g_strdup(e->protocol);
	out->host = g_strdup(e->host);
	out->path = g_strdup(e->path);
	out->username = g_strdup(e->username);
	out->type = g_strdup(e->type);
	out->password_expiry_utc = g_strdup(e->expiry);
	out->api_base = g_strdup(e->api_base);
}

static struct kr_entry *best_match(GPtrArray *found, const struct credential *q)
{
	struct kr_entry *best = NULL;

	for (guint i = 0; i < found->len; i++) {
		struct kr_entry *e = g_ptr_array_index(found, i);

		if (!e->protocol || !e->host || (q->path && !path_covers(e->path, q->path)))
			continue;
		if (!best || better(e, best, q->path))
			best = e;
	}
	return best;
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
	GPtrArray *found = g_ptr_array_new_with_free_func((GDestroyNotify)kr_entry_free);
	struct kr_entry *best;
	SecretValue *v;
	int rc = 0;

	add_entries(s, paths, found);
	best = best_match(found, q);
	if (best) {
		cred_clear(out);
		fill_from_entry(out, best);
		v = secret_at(s, g_dbus_proxy_get_object_path(best->item), err);
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

int keyring_lookup(const struct credential *q, struct credential *out, char **err)
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
		label = g_strdup_printf("Jira: %s token on %s",
		                        !strcmp(c->type, "pat") ? "personal access" : "anonymous",
		                        domain);
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

static SecretValue *secret_value_of(const struct credential *c)
{
	GString *s = g_string_sized_new(CRED_ANSWER_MAX); /* never moved: no stray copies */
	SecretValue *v;

	g_string_append(s, c->password);
	g_string_append_c(s, '\n');
	cred_write_kv(s, "oauth_refresh_token", c->oauth_refresh_token);
	cred_write_kv(s, "username", c->username ? c->username : "");
	cred_write_kv(s, "path", c->path);
	cred_write_kv(s, "type", c->type);
	cred_write_kv(s, "password_expiry_utc", c->password_expiry_utc);
	cred_write_kv(s, "api_base", c->api_base);
	v = secret_value_new(s->str, s->len, "text/plain");
	explicit_bzero(s->str, s->len);
	g_string_free(s, TRUE);
	return v;
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
static void prune_older(SecretService *s, const struct credential *c, SecretItem *mine)
{
	GHashTable *attrs = key_attrs(c);
	GPtrArray *found = NULL;
	char *ignored = NULL;
	struct kr_entry self = {.item = mine, .created = secret_item_get_created(mine)};

	if (search(s, attrs, &found, &ignored) == 0) {
		for (guint i = 0; i < found->len; i++) {
			struct kr_entry *e = g_ptr_array_index(found, i);

			if (strcmp(g_dbus_proxy_get_object_path(e->item),
			           g_dbus_proxy_get_object_path(G_DBUS_PROXY(mine))) &&
			    !newer(e, &self))
				secret_item_delete_sync(e->item, NULL, NULL);
		}
		g_ptr_array_free(found, TRUE);
	}
	g_free(ignored);
	g_hash_table_unref(attrs);
}

int keyring_store(const struct credential *c, char **err)
{
	SecretService *s = NULL;
	SecretCollection *col = NULL;
	SecretItem *item = NULL;
	GError *gerr = NULL;
	int rc = -1;

	watchdog(1);
	if (!(s = service_get(err)) || !(col = default_collection(s, err)))
		goto out;
	GHashTable *attrs = key_attrs(c);
	g_hash_table_insert(attrs, "type", g_strdup(c->type));
	if (c->password_expiry_utc)
		g_hash_table_insert(attrs, "password_expiry_utc", g_strdup(c->password_expiry_utc));
	if (c->api_base)
		g_hash_table_insert(attrs, "api_base", g_strdup(c->api_base));
	char *label = make_label(c);
	SecretValue *value = secret_value_of(c);
	/* Always a new item: its creation time is when it was stored. */
	item = secret_item_create_sync(col, &schema, attrs, label, value, SECRET_ITEM_CREATE_NONE,
	                               NULL, &gerr);
	secret_value_unref(value);
	g_free(label);
	g_hash_table_unref(attrs);
	if (!item) {
		*err = keyring_error("cannot store", gerr);
		goto out;
	}
	prune_older(s, c, item);
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
static int erase_matches(const struct kr_entry *e, const struct credential *q)
{
	if (q->path && g_strcmp0(e->path, q->path))
		return 0;
	if (q->type && g_strcmp0(e->type, q->type))
		return 0;
	return 1;
}

/* Whether e's stored secret is still password. */
static int same_secret(const struct kr_entry *e, const char *password)
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
		struct kr_entry *e = g_ptr_array_index(found, i);

		if (ensure_unlocked(e, err))
			return -1;
		if (!erase_matches(e, q) || (q->password && !same_secret(e, q->password)))
			g_ptr_array_remove_index(found, i);
	}
	return 0;
}

int keyring_erase(const struct credential *q, int *count, char **err)
{
	SecretService *s;
	GPtrArray *found = NULL;
	GError *gerr = NULL;
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
	for (guint i = 0; i < found->len; i++) {
		struct kr_entry *e = g_ptr_array_index(found, i);

		if (!secret_item_delete_sync(e->item, NULL, &gerr)) {
			*err = keyring_error("cannot delete", gerr);
			rc = -1;
			goto out;
		}
		(*count)++;
	}
out:
	watchdog(0);
	if (found)
		g_ptr_array_free(found, TRUE);
	if (s)
		g_object_unref(s);
	return rc;
}

static gint entry_order(gconstpointer a, gconstpointer b)
{
	const struct kr_entry *x = *(struct kr_entry *const *)a, *y = *(struct kr_entry *const *)b;

	return newer(x, y) ? 1 : newer(y, x) ? -1 : 0;
}

int keyring_list(GPtrArray **entries, char **err)
{
	SecretService *s;
	GHashTable *attrs = attrs_new();
	int rc = -1;

	watchdog(1);
	if ((s = service_get(err))) {
		rc = search_flags(s, attrs, 0, entries, err);
		if (!rc)
			g_ptr_array_sort(*entries, entry_order);
		g_object_unref(s);
	}
	watchdog(0);
	g_hash_table_unref(attrs);
	return rc;
}

int keyring_set_api_base(const struct credential *c, const char *api_base, char **err)
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
		struct kr_entry *e = g_ptr_array_index(found, i);
		GHashTable *now;
		GError *gerr = NULL;

		/*
		 * Only the item that was validated: a store that ran meanwhile
		 * (a long --wait) has put a newer secret there, which must stay.
		 */
		if (!same_secret(e, c->password))
			continue;
		now = key_attrs(c);
		g_hash_table_insert(now, "type", g_strdup(e->type ? e->type : c->type));
		if (e->expiry)
			g_hash_table_insert(now, "password_expiry_utc", g_strdup(e->expiry));
		g_hash_table_insert(now, "api_base", g_strdup(api_base));
		if (!secret_item_set_attributes_sync(e->item, &schema, now, NULL, &gerr)) {
			*err = keyring_error("cannot update", gerr);
			rc = -1;
		}
		g_hash_table_unref(now);
		if (!rc && c->password) { /* the secret's copy of the facts too */
			struct credential copy = *c;
			SecretValue *v;

			copy.api_base = (char *)api_base;
			v = secret_value_of(&copy);
			if (!secret_item_set_secret_sync(e->item, v, NULL, &gerr)) {
				*err = keyring_error("cannot update", gerr);
				rc = -1;
			}
			secret_value_unref(v);
		}
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
