/*
 * ss_save.c: saving a credential in the Secret Service.  Owns the rules
 * that a store never leaves a moment with no item (a new item first, then
 * the older ones go), that concurrent stores leave exactly the newest, and
 * that storing what is already stored changes nothing.
 *
 * Round trips: the search for the items of the credential's identity
 * (origin, path, user), the default collection's alias and the
 * collections' Locked go out together while a thread opens the encrypted
 * session; the credential it replaces is then one Get of its attributes
 * and one GetSecrets (sent together) away: with it the store completes
 * what git did not send (proto/keep.h), and an unchanged credential is
 * done.  Otherwise CreateItem, a search for the credential's identity, and
 * per older item one GetAll (its store time) and one Delete, all by path,
 * without an item or collection proxy.
 */
#include "ss.h"
#include "proto/item.h"
#include "proto/keep.h"

#include <string.h>

/*
 * Whether an item's attributes say what want says, in every attribute of
 * our schema but its store time.  Attributes a keyring adds of its own
 * (KeePassXC: Title, UserName, Uuid, Path...) say nothing about the
 * credential.
 */
static int same_attrs(GVariant *have, GHashTable *want)
{
	for (const SecretSchemaAttribute *a = ss_schema.attributes; a->name; a++) {
		const char *v = NULL;

		if (!strcmp(a->name, "stored"))
			continue;
		g_variant_lookup(have, a->name, "&s", &v);
		if (g_strcmp0(v, g_hash_table_lookup(want, a->name)))
			return 0;
	}
	return 1;
}

/*
 * The stored credential that c replaces, secret included, into stored:
 * the newest of the unlocked items the search found that carry c's
 * identity by their own attributes (a search's answer is not trusted
 * alone).  *have_attrs gets its attributes and *raw its secret as the
 * keyring holds it; *only is set when it is the only item of c's
 * identity.  Their attributes are asked together; the secret of the
 * newest then.  Returns 1 found, 0 none (or unreadable).
 */
static int stored_of(SecretService *s, gchar **unlocked, gchar **locked, const struct credential *c,
                     struct credential *stored, GVariant **have_attrs, SecretValue **raw, int *only)
{
	guint n = unlocked ? g_strv_length(unlocked) : 0, mine = 0;
	struct ss_call *calls = g_new0(struct ss_call, n + 1);
	struct stored **es = g_new0(struct stored *, n + 1), *best = NULL;
	SecretValue *v = NULL;
	int found = 0;

	struct ss_batch *b;

	for (guint i = 0; i < n; i++)
		calls[i] = ss_item_attrs_call(unlocked[i]);
	b = ss_calls_send(ss_conn(s), calls, (int)n);
	if (n == 1) /* the usual case: its secret is read while its attributes travel */
		v = ss_secret_at(s, unlocked[0], NULL);
	ss_calls_wait(b);
	for (guint i = 0; i < n; i++) {
		struct stored *e = ss_stored_of(&calls[i]);

		if (e && ss_same_identity(e, c))
			es[mine++] = e;
		else
			stored_free(e);
	}
	if (mine > 1)
		ss_created_fill(ss_conn(s), es, mine);
	for (guint i = 0; i < mine; i++)
		if (!best || stored_newer(es[i], best))
			best = es[i];
	*only = mine == 1 && !(locked && locked[0]);
	if (best && !v)
		v = ss_secret_at(s, best->id, NULL);
	if (best && v) {
		ss_fill_from_entry(stored, best);
		found = ss_take_secret(v, stored) == 0;
		for (guint i = 0; i < n && found; i++)
			if (!strcmp(calls[i].path, best->id) && calls[i].reply)
				g_variant_get(calls[i].reply, "(v)", have_attrs);
		if (found)
			*raw = g_steal_pointer(&v);
	}
	if (v)
		secretlib.value_unref(v);
	for (guint i = 0; i < mine; i++)
		stored_free(es[i]);
	g_free(es);
	ss_calls_clear(calls, (int)n);
	g_free(calls);
	if (!found)
		cred_clear(stored);
	return found;
}

/*
 * Completes c from the credential it replaces (proto/keep.h), and says
 * whether that one is c already: the only item of its identity, the same
 * bytes in its secret and the same attributes (type, expiry, API base),
 * so that a new item would answer every get the same way.
 */
static int already_stored(SecretService *s, gchar **unlocked, gchar **locked, struct credential *c)
{
	struct credential stored;
	GVariant *attrs = NULL;
	SecretValue *raw = NULL, *mine;
	GHashTable *want;
	const char *a, *b;
	gsize alen, blen;
	int only = 0, have, same;

	cred_init(&stored);
	have = stored_of(s, unlocked, locked, c, &stored, &attrs, &raw, &only);
	keep_stored(c, have ? &stored : NULL);
	same = have && only && keep_unchanged(c, &stored) && attrs &&
	       g_variant_is_of_type(attrs, G_VARIANT_TYPE("a{ss}"));
	if (same) { /* as the keyring holds it: an item of an older version is rewritten */
		mine = ss_value_of(c);
		a = secretlib.value_get(raw, &alen);
		b = secretlib.value_get(mine, &blen);
		want = ss_item_attrs(c, 0);
		same = alen == blen && !memcmp(a, b, alen) && same_attrs(attrs, want);
		g_hash_table_unref(want);
		secretlib.value_unref(mine);
	}
	if (raw)
		secretlib.value_unref(raw);
	if (attrs)
		g_variant_unref(attrs);
	cred_clear(&stored);
	return same;
}

/*
 * The store time of the item at path, when its own attributes say it is
 * c's (same origin, path and user: a search's answer is not trusted
 * alone, kwalletd5 has been seen to answer items of other users under
 * load); G_MAXINT64 when it is not, is gone, or is unreadable.
 */
static gint64 stored_at(SecretService *s, const char *path, const struct credential *c)
{
	struct ss_call call = ss_item_attrs_call(path);
	struct stored *e;
	gint64 us = G_MAXINT64;

	ss_calls_wait(ss_calls_send(ss_conn(s), &call, 1));
	if ((e = ss_stored_of(&call)) && ss_same_identity(e, c)) {
		ss_created_fill(ss_conn(s), &e, 1);
		us = e->stored_us;
	}
	stored_free(e);
	ss_calls_clear(&call, 1);
	return us;
}

/*
 * How many items of c's identity, other than mine, are still there and
 * were stored before it (only those among seen, when given: what the
 * removals dealt with, not an older store's item that arrived since and
 * that its own store removes); -1 when the keyring does not say.  The
 * search unlocks nothing: KeePassXC shows an item whose access
 * confirmation was denied or left unanswered as locked, and it is a copy
 * left all the same.
 */
static int older_left(SecretService *s, const struct credential *c, const struct stored *self,
                      gchar **seen)
{
	GHashTable *attrs = ss_key_attrs(c);
	gchar **paths = NULL;
	char *ignored = NULL;
	int n = -1;

	if (ss_search(ss_conn(s), attrs, 0, &paths, &ignored) == 0) {
		n = 0;
		for (gchar **p = paths; *p; p++) {
			struct stored e = {.id = *p};

			if (strcmp(*p, self->id) &&
			    (!seen || g_strv_contains((const gchar *const *)seen, *p))) {
				e.stored_us = stored_at(s, *p, c);
				n += e.stored_us != G_MAXINT64 && !stored_newer(&e, self);
			}
		}
	}
	g_strfreev(paths);
	g_free(ignored);
	g_hash_table_unref(attrs);
	return n;
}

/*
 * After our item is in place, removes every other item with the same
 * identity that was stored before it; if one was stored after it, our
 * own item goes instead (a concurrent store won, and its item may have
 * reached the keyring after that store's own search).  Every store agrees
 * on the order, so exactly the newest survives.  An older item that is
 * locked to us is unlocked first: KeePassXC asks the person to confirm
 * access to it, and removes it once they allow.  Returns how many older
 * items are left (access denied or not confirmed, a removal refused),
 * counted afresh after the removals, so that each one left is said.
 */
static int prune_older(SecretService *s, const struct credential *c, const char *mine,
                       gint64 stored_us)
{
	int kept = 0, lost = 0, left, searched;
	GHashTable *attrs = ss_key_attrs(c);
	gchar **paths = NULL;
	char *ignored = NULL;
	struct stored self = {.stored_us = stored_us, .id = (char *)mine};
	int lock = ss_removal_lock(); /* the search too: what it finds is what goes */

	searched = ss_search(ss_conn(s), attrs, SS_UNLOCK, &paths, &ignored) == 0;
	if (searched) {
		for (gchar **p = paths; *p; p++) {
			struct stored e = {.id = *p};

			if (!strcmp(*p, mine))
				continue;
			GError *gerr = NULL;

			e.stored_us = stored_at(s, *p, c);
			if (e.stored_us == G_MAXINT64)
				continue; /* gone, or unreadable: no reason either way */
			if (stored_newer(&e, &self))
				lost = 1;
			else if (!secretlib.service_delete_item_dbus_path_sync(
			             s, *p, ss_prompt_guard(), &gerr) &&
			         !ss_already_gone(gerr))
				kept++; /* refused, not gone: say so */
			g_clear_error(&gerr);
		}
	}
	if (lost)
		secretlib.service_delete_item_dbus_path_sync(s, mine, ss_prompt_guard(), NULL);
	/* What is older and still there; when ours lost, the newer store's prune takes the rest. */
	left = lost ? 0 : older_left(s, c, &self, searched ? paths : NULL);
	ss_removal_unlock(lock);
	g_strfreev(paths);
	g_free(ignored);
	g_hash_table_unref(attrs);
	if (left < 0) /* the keyring does not say: what it refused, or the copy it kept locked */
		left = searched ? kept : 1;
	return left;
}

/*
 * After a failed CreateItem: removes whatever it left (kwalletd5 has been
 * seen to create the item and then lose the session before the secret
 * went in).  Our item is the one with this store's own "stored" value.
 */
static void remove_half_stored(SecretService *s, const struct credential *c, gint64 now)
{
	GHashTable *attrs = ss_key_attrs(c);
	gchar **paths = NULL;
	char *ignored = NULL;
	int lock;

	g_hash_table_insert(attrs, "stored", g_strdup_printf("%" G_GINT64_FORMAT, now));
	if (ss_search(ss_conn(s), attrs, 0, &paths, &ignored) == 0) {
		lock = ss_removal_lock();
		for (gchar **p = paths; *p; p++)
			if (stored_at(s, *p, c) == now) /* ours: never trust the search alone */
				secretlib.service_delete_item_dbus_path_sync(
				    s, *p, ss_prompt_guard(), NULL);
		ss_removal_unlock(lock);
	}
	g_strfreev(paths);
	g_free(ignored);
	g_hash_table_unref(attrs);
}

/*
 * CreateItem, and once more on a session of its own when the keyring lost
 * ours: kwalletd5 now and then forgets a session between two calls ("Can't
 * find session").  What the failed call may have left goes first.
 */
static char *create_item(SecretService **s, const char *col, GHashTable *props, SecretValue *value,
                         const struct credential *c, gint64 now, GError **gerr)
{
	char *mine = secretlib.service_create_item_dbus_path_sync(
	    *s, col, props, value, SECRET_ITEM_CREATE_NONE, ss_prompt_guard(), gerr);
	SecretService *fresh;

	if (mine || !*gerr || !strstr((*gerr)->message, "session"))
		return mine;
	remove_half_stored(*s, c, now);
	if (!(fresh = ss_service_fresh()))
		return NULL;
	g_clear_error(gerr);
	g_object_unref(*s);
	*s = fresh;
	return secretlib.service_create_item_dbus_path_sync(
	    *s, col, props, value, SECRET_ITEM_CREATE_NONE, ss_prompt_guard(), gerr);
}

/* The new item's properties: label and attributes (xdg:schema included, as libsecret adds). */
static GHashTable *item_props(const struct credential *c, gint64 now)
{
	GHashTable *props =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_variant_unref);
	GHashTable *attrs = ss_item_attrs(c, now);
	GVariantBuilder b;
	GHashTableIter it;
	gpointer k, v;
	char *label = ss_label(c);

	g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
	g_variant_builder_add(&b, "{ss}", "xdg:schema", ss_schema.name);
	g_hash_table_iter_init(&it, attrs);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_variant_builder_add(&b, "{ss}", (const char *)k, (const char *)v);
	g_hash_table_insert(props, ITEM_IFACE ".Label",
	                    g_variant_ref_sink(g_variant_new_string(label)));
	g_hash_table_insert(props, ITEM_IFACE ".Attributes",
	                    g_variant_ref_sink(g_variant_builder_end(&b)));
	g_free(label);
	g_hash_table_unref(attrs);
	return props;
}

/* The path ReadAlias("default") answered, or NULL: none, or no answer. */
static const char *alias_path(const struct ss_call *alias)
{
	const char *path = NULL;

	if (alias->reply)
		g_variant_get(alias->reply, "(&o)", &path);
	return path && strcmp(path, "/") ? path : NULL;
}

/* The default collection's path, unlocked (may prompt), from the answers asked beforehand. */
static char *default_collection(SecretService *s, const struct ss_call *alias,
                                const struct ss_call *locked, char **err)
{
	const char *path = alias_path(alias);

	if (!alias->reply) {
		*err = ss_error("no default collection", g_error_copy(alias->err));
		return NULL;
	}
	if (!path) {
		*err = g_strdup("the keyring has no default collection; create one (gnome-keyring: "
		                "in Seahorse; KeePassXC: expose a group to the Secret Service) and "
		                "try again");
		return NULL;
	}
	if (ss_locked_of(locked)) {
		gchar *one[] = {(gchar *)path, NULL};
		gchar **opened = NULL;
		int n = secretlib.service_unlock_dbus_paths_sync(s, (const gchar **)one,
		                                                 ss_prompt_guard(), &opened, NULL);

		g_strfreev(opened);
		if (n < 1) {
			*err = ss_locked_error(ss_conn(s));
			return NULL;
		}
	}
	return g_strdup(path);
}

/*
 * The store's questions, asked before its first answer: the origin's
 * items and the default collection (then whether it is locked) on the
 * bus, while libsecret loads and the session opens (both ways need it:
 * a secret is read or sent).
 */
/*
 * Stores c as a new item in col, then removes the older copies: never a
 * moment with none.  Returns 0, 1 with a note in *err (older copies
 * kept), or -1 with *err (nothing stored).
 */
static int replace(SecretService **s, const char *col, const struct credential *c, gint64 now,
                   char **err)
{
	GHashTable *props = item_props(c, now);
	SecretValue *value = ss_value_of(c);
	GError *gerr = NULL;
	char *mine = create_item(s, col, props, value, c, now, &gerr);
	int kept;

	secretlib.value_unref(value);
	g_hash_table_unref(props);
	if (!mine) {
		*err = ss_error("cannot store; nothing was stored", gerr);
		remove_half_stored(*s, c, now);
		return -1;
	}
	/* Stored: whatever happens to the older copies, this store is done. */
	ss_watchdog_saved();
	kept = prune_older(*s, c, mine, now);
	g_free(mine);
	if (kept == 1)
		*err =
		    g_strdup("stored; the keyring kept an older copy (access to it was denied or "
		             "not confirmed): list shows both; remove the older one in your "
		             "keyring manager");
	else if (kept)
		*err =
		    g_strdup_printf("stored; the keyring kept %d older copies (access to them was "
		                    "denied or not confirmed): list shows all; remove the older "
		                    "ones in your keyring manager",
		                    kept);
	return kept ? 1 : 0;
}

int ss_save(struct credential *c, char **err)
{
	SecretService *s = NULL;
	GDBusConnection *bus = NULL;
	GThread *session = NULL;
	gchar **unlocked = NULL, **locked = NULL;
	struct ss_call calls[3] = {{0}};
	struct ss_batch *asked;
	GHashTable *attrs = ss_key_attrs(c);
	char *col = NULL;
	gint64 now = g_get_real_time();
	int rc = -1;

	ss_watchdog(1);
	if (!(bus = ss_bus(err)))
		goto out;
	calls[0] = ss_search_call(attrs);
	calls[1] = ss_alias_call("default");
	asked = ss_calls_send(bus, calls, 2);
	if ((s = ss_service(err)))
		session = ss_session_start(s);
	ss_calls_wait(asked);
	if (!s)
		goto out;
	if (alias_path(&calls[1])) {
		calls[2] = ss_locked_call(alias_path(&calls[1]));
		ss_calls_wait(ss_calls_send(bus, &calls[2], 1));
	}
	ss_session_join(session);
	if (ss_session_encrypted(s, err))
		goto out;
	if (calls[0].reply)
		g_variant_get(calls[0].reply, "(^ao^ao)", &unlocked, &locked);
	if (already_stored(s, unlocked, locked, c)) {
		rc = 0;
		goto out;
	}
	if (!(col = default_collection(s, &calls[1], &calls[2], err)))
		goto out;
	rc = replace(&s, col, c, now, err);
out:
	ss_watchdog(0);
	ss_calls_clear(calls, G_N_ELEMENTS(calls));
	g_hash_table_unref(attrs);
	g_strfreev(unlocked);
	g_strfreev(locked);
	g_free(col);
	if (s)
		g_object_unref(s);
	if (bus)
		g_object_unref(bus);
	return rc;
}
