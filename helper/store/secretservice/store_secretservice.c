/*
 * store_secretservice.c: the Secret Service store through libsecret
 * (gnome-keyring, KeePassXC, KWallet): its table, and erase, list and the
 * API base's update.  An item's shape is ss_item.c's, the search and its
 * locked-keyring rule ss_search.c's, the get (its own encrypted session,
 * no libsecret) ss_get.c's, the save ss_save.c's, the watchdog and the
 * prompt guard ss_watch.c's; which item answers is proto/match.c's.
 */
#include "ss.h"

#include <string.h>

static SecretItem *item_of(const struct stored *e)
{
	return e->item;
}

/* The item (its proxy's cached properties) as a stored credential. */
static struct stored *entry_from_item(SecretItem *item)
{
	const char *path = g_dbus_proxy_get_object_path(G_DBUS_PROXY(item));
	GVariant *attrs = g_dbus_proxy_get_cached_property(G_DBUS_PROXY(item), "Attributes");
	struct stored *e;

	if (!attrs)
		attrs = g_variant_ref_sink(g_variant_new_array(G_VARIANT_TYPE("{ss}"), NULL, 0));
	e = ss_stored_from(path, attrs, secretlib.item_get_created(item));
	g_variant_unref(attrs);
	e->item = g_object_ref(item);
	e->item_free = g_object_unref;
	return e;
}

/* Entries for the items at paths; an item the keyring will not describe is skipped. */
static void add_entries(SecretService *s, gchar **paths, GPtrArray *out)
{
	for (gchar **p = paths; p && *p; p++) {
		SecretItem *item =
		    secretlib.item_new_for_dbus_path_sync(s, *p, SECRET_ITEM_NONE, NULL, NULL);

		if (item) {
			g_ptr_array_add(out, entry_from_item(item));
			g_object_unref(item);
		}
	}
}

/* Items that match attrs, as entries (see ss_search for flags). */
static int search_flags(SecretService *s, GHashTable *attrs, int flags, GPtrArray **out, char **err)
{
	gchar **paths = NULL;

	if (ss_search(ss_conn(s), attrs, flags, &paths, err))
		return -1;
	*out = stored_array_new();
	add_entries(s, paths, *out);
	g_strfreev(paths);
	return 0;
}

static int search(SecretService *s, GHashTable *attrs, GPtrArray **out, char **err)
{
	return search_flags(s, attrs, SS_UNLOCK | SS_TRUST_NONE, out, err);
}

static int ensure_unlocked(const struct stored *e, char **err)
{
	if (!secretlib.item_get_locked(item_of(e)))
		return 0;
	*err = ss_locked_error(ss_conn(secretlib.item_get_service(item_of(e))));
	return -1;
}

/* Loads the secret of e into c->password and c->oauth_refresh_token. */
static int load_secret(const struct stored *e, struct credential *c, char **err)
{
	GError *gerr = NULL;
	SecretValue *v;

	if (ensure_unlocked(e, err))
		return -1;
	v = ss_secret_at(secretlib.item_get_service(item_of(e)), e->id, &gerr);
	if (!v && gerr) {
		*err = ss_error("cannot read the secret", gerr);
		return -1;
	}
	if (!v) {
		*err =
		    g_strdup("the keyring returned no secret for the item; unlock the keyring and "
		             "try again");
		return -1;
	}
	ss_take_secret(v, c);
	secretlib.value_unref(v);
	return 0;
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

static int ss_erase(const struct credential *q, int *count, char **err)
{
	GDBusConnection *bus;
	SecretService *s = NULL;
	GPtrArray *found = NULL;
	gchar **paths = NULL;
	int rc = -1, lock;

	*count = 0;
	ss_watchdog(1);
	if (!(bus = ss_bus(err)))
		goto out;
	/* As a get's: an erase that finds nothing needs no libsecret. */
	if ((rc = ss_find(bus, q, &paths, err)) || !paths[0])
		goto out;
	rc = -1;
	if (!(s = ss_service(err)))
		goto out;
	found = stored_array_new();
	add_entries(s, paths, found);
	if ((rc = erase_select(found, q, err)))
		goto out;
	/* Every match is tried: one that fails does not keep the others. */
	lock = ss_removal_lock();
	for (guint i = 0; i < found->len; i++) {
		GError *gerr = NULL;

		if (secretlib.item_delete_sync(item_of(g_ptr_array_index(found, i)),
		                               ss_prompt_guard(), &gerr) ||
		    ss_already_gone(gerr))
			(*count)++;
		else if (!*err)
			*err = ss_error("cannot delete", g_steal_pointer(&gerr));
		g_clear_error(&gerr);
	}
	ss_removal_unlock(lock);
	rc = *err ? -1 : 0;
out:
	ss_watchdog(0);
	if (found)
		g_ptr_array_free(found, TRUE);
	g_strfreev(paths);
	if (s)
		g_object_unref(s);
	if (bus)
		g_object_unref(bus);
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

/*
 * Whether a collection is locked: KeePassXC hides a locked database's
 * items from searches altogether, so an empty answer must be checked.
 */
static int any_locked(SecretService *s)
{
	gchar **cols = ss_collections(s);
	gchar **shut = ss_locked_collections(ss_conn(s), cols);
	int locked = shut[0] != NULL;

	g_strfreev(shut);
	g_strfreev(cols);
	return locked;
}

static int ss_list(GPtrArray **entries, int *hidden, char **err)
{
	SecretService *s;
	GHashTable *attrs = ss_attrs_new();
	int rc = -1;

	ss_watchdog(1);
	if ((s = ss_service(err))) {
		rc = search_flags(s, attrs, 0, entries, err);
		if (!rc) {
			*hidden = drop_unreadable(*entries);
			if (!*hidden && any_locked(s))
				*hidden = -1; /* locked, and how much it holds is not shown */
			stored_sort(*entries);
		}
		g_object_unref(s);
	}
	ss_watchdog(0);
	g_hash_table_unref(attrs);
	return rc;
}

/* Rewrites e's attributes and secret with api_base, the rest as e holds it; 0, or -1 with *err. */
static int rewrite_api_base(const struct stored *e, const struct credential *c,
                            const char *api_base, char **err)
{
	struct credential now = *c;
	GHashTable *a;
	GError *gerr = NULL;
	SecretValue *v;
	int rc = 0;

	now.type = e->type ? e->type : c->type;
	now.password_expiry_utc = e->expiry;
	now.api_base = (char *)api_base;
	now.from_authtype = e->from_authtype;
	now.pat_id = e->pat_id;
	now.client_cert = e->client_cert;
	now.client_key = e->client_key;
	a = ss_item_attrs(&now, e->stored_us);
	if (!secretlib.item_set_attributes_sync(item_of(e), &ss_schema, a, NULL, &gerr)) {
		*err = ss_error("cannot update", gerr);
		rc = -1;
	}
	g_hash_table_unref(a);
	if (rc)
		return rc;
	v = ss_value_of(&now); /* the secret's copy of the facts too */
	if (!secretlib.item_set_secret_sync(item_of(e), v, NULL, &gerr)) {
		*err = ss_error("cannot update", gerr);
		rc = -1;
	}
	secretlib.value_unref(v);
	return rc;
}

static int ss_remember_api_base(const struct credential *c, const char *api_base, char **err)
{
	SecretService *s;
	GPtrArray *found = NULL;
	GHashTable *attrs = ss_key_attrs(c);
	int rc = -1;

	ss_watchdog(1);
	if (!(s = ss_service(err)) || search(s, attrs, &found, err))
		goto out;
	rc = 0;
	for (guint i = 0; i < found->len && !rc; i++) {
		struct stored *e = g_ptr_array_index(found, i);

		/*
		 * Only the item that was validated: a store that ran meanwhile
		 * (a long --wait) has put a newer secret there, which must stay.
		 */
		if (same_secret(e, c->password))
			rc = rewrite_api_base(e, c, api_base, err);
	}
out:
	ss_watchdog(0);
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
    .probe = ss_probe,
    .present = session_bus_possible,
};
