/*
 * ss_search.c: finding items in the Secret Service, reading what their
 * attributes say, and the rule that a locked keyring never looks like an
 * empty one.  Its calls go through ss_bus.c, several at once.
 *
 * The search needs GDBus alone: libsecret is loaded (ss_lib.c) only when
 * something must be unlocked, so a get never pays for it otherwise.
 *
 * The Secret Service answers SearchItems with the unlocked and the locked
 * matches apart.  A locked keyring file may still hide an item whose
 * attributes it keeps hashed, so "nothing matched" is trusted only when
 * no collection is locked.  The collections' paths come in the search's
 * round trip; only a search that found nothing asks each one's Locked, in
 * a second, and only when some collection is locked are those unlocked
 * (the keyring may prompt) and the search made again.  No collection
 * proxy is loaded: gnome-keyring's carry their whole item list.
 */
#include "ss.h"

#include <string.h>

#define PROPS_IFACE "org.freedesktop.DBus.Properties"

/* The object paths an "(v)" answer holding "ao" names; none for anything else. */
static gchar **paths_in(GVariant *v)
{
	/* as before: a service that lists no collection hides nothing */
	if (v && g_variant_is_of_type(v, G_VARIANT_TYPE("ao")))
		return g_variant_dup_objv(v, NULL);
	return g_new0(gchar *, 1);
}

static struct ss_call collections_call(void)
{
	return (struct ss_call){.path = SS_SERVICE_PATH,
	                        .iface = PROPS_IFACE,
	                        .method = "Get",
	                        .params = g_variant_new("(ss)", SS_SERVICE_IFACE, "Collections"),
	                        .type = G_VARIANT_TYPE("(v)")};
}

static gchar **collections_of(const struct ss_call *c)
{
	GVariant *v = NULL;
	gchar **paths;

	if (c->reply)
		g_variant_get(c->reply, "(v)", &v);
	paths = paths_in(v);
	if (v)
		g_variant_unref(v);
	return paths;
}

gchar **ss_collections(SecretService *s)
{
	struct ss_call c = collections_call();
	gchar **paths;

	ss_calls_wait(ss_calls_send(ss_conn(s), &c, 1));
	paths = collections_of(&c);
	ss_calls_clear(&c, 1);
	return paths;
}

struct ss_call ss_locked_call(const char *path)
{
	struct ss_call c = {
	    .path = path,
	    .iface = PROPS_IFACE,
	    .method = "Get",
	    .params = g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
	    .type = G_VARIANT_TYPE("(v)")};

	return c;
}

int ss_locked_of(const struct ss_call *c)
{
	GVariant *v;
	int locked = 1;

	if (!c->reply)
		return 1;
	g_variant_get(c->reply, "(v)", &v);
	if (g_variant_is_of_type(v, G_VARIANT_TYPE_BOOLEAN))
		locked = g_variant_get_boolean(v);
	g_variant_unref(v);
	return locked;
}

static GVariant *attrs_variant(GHashTable *attrs)
{
	GVariantBuilder b;
	GHashTableIter it;
	gpointer k, v;

	g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
	g_variant_builder_add(&b, "{ss}", "xdg:schema", ss_schema.name);
	g_hash_table_iter_init(&it, attrs);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_variant_builder_add(&b, "{ss}", (const char *)k, (const char *)v);
	return g_variant_builder_end(&b);
}

/*
 * Unlocks paths (items or collections; may prompt), libsecret loaded for
 * it.  0 when all opened, else -1 with *err.
 */
static int unlock_paths(gchar **paths, char **err)
{
	GError *uerr = NULL;
	gchar **opened = NULL;
	gint want = (gint)g_strv_length(paths), n;
	SecretService *s = ss_service(err);

	if (!s)
		return -1;
	n = secretlib.service_unlock_dbus_paths_sync(s, (const gchar **)paths, ss_prompt_guard(),
	                                             &opened, &uerr);
	g_clear_error(&uerr);
	g_strfreev(opened);
	if (n < want)
		*err = ss_locked_error(ss_conn(s));
	g_object_unref(s);
	return n < want ? -1 : 0;
}

/* The locked ones among the n collections cols, whose Locked answers are in calls. */
static gchar **locked_collections(gchar **cols, const struct ss_call *calls, int n)
{
	GPtrArray *a = g_ptr_array_new();

	for (int i = 0; i < n; i++)
		if (ss_locked_of(&calls[i]))
			g_ptr_array_add(a, g_strdup(cols[i]));
	g_ptr_array_add(a, NULL);
	return (gchar **)g_ptr_array_free(a, FALSE);
}

static gchar **strv_cat(gchar **a, gchar **b)
{
	guint na = a ? g_strv_length(a) : 0, nb = b ? g_strv_length(b) : 0;
	gchar **out = g_new0(gchar *, na + nb + 1);

	for (guint i = 0; i < na; i++)
		out[i] = g_strdup(a[i]);
	for (guint i = 0; i < nb; i++)
		out[na + i] = g_strdup(b[i]);
	return out;
}

gchar **ss_locked_collections(GDBusConnection *bus, gchar **cols)
{
	int n = (int)g_strv_length(cols);
	struct ss_call *calls = g_new0(struct ss_call, n + 1);
	gchar **shut;

	for (int i = 0; i < n; i++)
		calls[i] = ss_locked_call(cols[i]);
	ss_calls_wait(ss_calls_send(bus, calls, n));
	shut = locked_collections(cols, calls, n);
	ss_calls_clear(calls, n);
	g_free(calls);
	return shut;
}

struct ss_call ss_search_call(GHashTable *attrs)
{
	return (struct ss_call){.path = SS_SERVICE_PATH,
	                        .iface = SS_SERVICE_IFACE,
	                        .method = "SearchItems",
	                        .params = g_variant_new("(@a{ss})", attrs_variant(attrs)),
	                        .type = G_VARIANT_TYPE("(aoao)")};
}

struct ss_call ss_alias_call(const char *alias)
{
	return (struct ss_call){.path = SS_SERVICE_PATH,
	                        .iface = SS_SERVICE_IFACE,
	                        .method = "ReadAlias",
	                        .params = g_variant_new("(s)", alias),
	                        .type = G_VARIANT_TYPE("(o)")};
}

int ss_search(GDBusConnection *bus, GHashTable *attrs, int flags, gchar ***out, char **err)
{
	struct ss_call calls[2] = {ss_search_call(attrs)};
	int n = 1, rc = -1;
	gchar **unlocked = NULL, **locked = NULL, **cols = NULL, **shut = NULL;

	if (flags & SS_TRUST_NONE)
		calls[n++] = collections_call();
	ss_calls_wait(ss_calls_send(bus, calls, n));
	if (!calls[0].reply) {
		*err = ss_error("search failed", g_steal_pointer(&calls[0].err));
		goto out;
	}
	g_variant_get(calls[0].reply, "(^ao^ao)", &unlocked, &locked);
	if ((flags & SS_TRUST_NONE) && !*unlocked && !*locked) {
		cols = collections_of(&calls[1]);
		shut = ss_locked_collections(bus, cols);
		if (*shut) {
			if (unlock_paths(shut, err) == 0)
				rc = ss_search(bus, attrs, flags & ~SS_TRUST_NONE, out, err);
			goto out;
		}
	}
	if ((flags & SS_UNLOCK) && *locked && unlock_paths(locked, err))
		goto out;
	*out = strv_cat(unlocked, locked);
	rc = 0;
out:
	ss_calls_clear(calls, n);
	g_strfreev(cols);
	g_strfreev(unlocked);
	g_strfreev(locked);
	g_strfreev(shut);
	return rc;
}

/* Attributes that every request names: the origin, and the user if given. */
static GHashTable *query_attrs(const struct credential *q)
{
	GHashTable *a = ss_attrs_new();

	g_hash_table_insert(a, "protocol", g_strdup(q->protocol));
	g_hash_table_insert(a, "host", g_strdup(q->host));
	if (q->username)
		g_hash_table_insert(a, "user", g_strdup(q->username));
	return a;
}

int ss_find(GDBusConnection *bus, const struct credential *q, gchar ***paths, char **err)
{
	GHashTable *attrs = query_attrs(q);
	int rc = ss_search(bus, attrs, SS_UNLOCK | SS_TRUST_NONE, paths, err);

	g_hash_table_unref(attrs);
	return rc;
}

static char *attr_dup(GVariant *attrs, const char *name)
{
	const char *v = NULL;

	return g_variant_lookup(attrs, name, "&s", &v) && *v ? g_strdup(v) : NULL;
}

struct stored *ss_stored_from(const char *path, GVariant *attrs, guint64 created)
{
	struct stored *e = g_new0(struct stored, 1);
	const char *user = NULL, *type = NULL, *when = NULL;

	g_variant_lookup(attrs, "user", "&s", &user);
	g_variant_lookup(attrs, "type", "&s", &type);
	g_variant_lookup(attrs, "stored", "&s", &when);
	e->protocol = attr_dup(attrs, "protocol");
	e->host = attr_dup(attrs, "host");
	e->path = attr_dup(attrs, "path");
	e->username = g_strdup(user ? user : "");
	if (jira_type_parse(type, &e->type))
		e->type = JIRA_TYPE_NONE;
	e->expiry = attr_dup(attrs, "password_expiry_utc");
	e->api_base = attr_dup(attrs, "api_base");
	e->scope = attr_dup(attrs, "scope");
	e->pat_id = attr_dup(attrs, "pat_id");
	e->client_cert = attr_dup(attrs, "client_cert");
	e->client_key = attr_dup(attrs, "client_key");
	e->from_authtype = g_variant_lookup(attrs, "authtype", "&s", &type);
	e->stored_us = when ? g_ascii_strtoll(when, NULL, 10) : (gint64)created * G_USEC_PER_SEC;
	e->id = g_strdup(path);
	return e;
}

static struct ss_call item_property_call(const char *path, const char *name)
{
	return (struct ss_call){.path = path,
	                        .iface = PROPS_IFACE,
	                        .method = "Get",
	                        .params = g_variant_new("(ss)", ITEM_IFACE, name),
	                        .type = G_VARIANT_TYPE("(v)")};
}

struct ss_call ss_item_attrs_call(const char *path)
{
	return item_property_call(path, "Attributes");
}

struct stored *ss_stored_of(const struct ss_call *c)
{
	GVariant *attrs;
	struct stored *e = NULL;

	if (!c->reply)
		return NULL;
	g_variant_get(c->reply, "(v)", &attrs);
	if (g_variant_is_of_type(attrs, G_VARIANT_TYPE("a{ss}")))
		e = ss_stored_from(c->path, attrs, 0);
	g_variant_unref(attrs);
	return e;
}

void ss_created_fill(GDBusConnection *bus, struct stored **es, guint n)
{
	struct ss_call *calls = g_new0(struct ss_call, n);
	guint asked = 0, k = 0;
	GVariant *v;

	for (guint i = 0; i < n; i++)
		if (!es[i]->stored_us)
			calls[asked++] = item_property_call(es[i]->id, "Created");
	if (asked)
		ss_calls_wait(ss_calls_send(bus, calls, (int)asked));
	for (guint i = 0; i < n; i++) {
		if (es[i]->stored_us)
			continue;
		if (calls[k].reply) {
			g_variant_get(calls[k].reply, "(v)", &v);
			if (g_variant_is_of_type(v, G_VARIANT_TYPE_UINT64))
				es[i]->stored_us = (gint64)g_variant_get_uint64(v) * G_USEC_PER_SEC;
			g_variant_unref(v);
		}
		k++;
	}
	ss_calls_clear(calls, (int)asked);
	g_free(calls);
}
