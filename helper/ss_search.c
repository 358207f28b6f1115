/*
 * ss_search.c: finding items in the Secret Service, and the rule that a
 * locked keyring never looks like an empty one.  Owns the raw D-Bus calls
 * on libsecret's own connection (several sent at once, one round trip's
 * wait), the search with its unlocking, the thread that opens the
 * encrypted session beside other calls, and reading one secret (once more
 * on a session of its own when it does not decrypt).
 *
 * The Secret Service answers SearchItems with the unlocked and the locked
 * matches apart.  A locked keyring file may still hide an item whose
 * attributes it keeps hashed, so "nothing matched" is trusted only when
 * no collection is locked: the Locked property of every collection is
 * asked in the same round trip as the search, and only when nothing
 * matched and some collection is locked are those unlocked (the keyring
 * may prompt) and the search made again.  No collection proxy is loaded:
 * gnome-keyring's carry their whole item list.
 */
#include "ss.h"

#include <string.h>

#define SERVICE_IFACE "org.freedesktop.Secret.Service"
#define PROPS_IFACE   "org.freedesktop.DBus.Properties"

struct ss_batch {
	GMainContext *ctx;
	int pending;
};

struct pending_call {
	struct ss_batch *b;
	struct ss_call *c;
};

static void call_done(GObject *src, GAsyncResult *res, gpointer data)
{
	struct pending_call *p = data;

	p->c->reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(src), res, &p->c->err);
	p->b->pending--;
	g_free(p);
}

struct ss_batch *ss_calls_send(SecretService *s, struct ss_call *calls, int n)
{
	GDBusProxy *proxy = G_DBUS_PROXY(s);
	struct ss_batch *b = g_new0(struct ss_batch, 1);

	b->ctx = g_main_context_new();
	b->pending = n;
	/* The replies are dispatched to the context current when each call is made. */
	g_main_context_push_thread_default(b->ctx);
	for (int i = 0; i < n; i++) {
		struct pending_call *p = g_new(struct pending_call, 1);

		p->b = b;
		p->c = &calls[i];
		g_dbus_connection_call(g_dbus_proxy_get_connection(proxy),
		                       g_dbus_proxy_get_name(proxy), calls[i].path, calls[i].iface,
		                       calls[i].method, calls[i].params, calls[i].type,
		                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, call_done, p);
		calls[i].params = NULL; /* consumed */
	}
	g_main_context_pop_thread_default(b->ctx);
	return b;
}

void ss_calls_wait(struct ss_batch *b)
{
	while (b->pending > 0)
		g_main_context_iteration(b->ctx, TRUE);
	g_main_context_unref(b->ctx);
	g_free(b);
}

void ss_calls_clear(struct ss_call *calls, int n)
{
	for (int i = 0; i < n; i++) {
		if (calls[i].reply)
			g_variant_unref(calls[i].reply);
		g_clear_error(&calls[i].err);
	}
}

GVariant *ss_call1(SecretService *s, const char *path, const char *iface, const char *method,
                   GVariant *params, const GVariantType *type, GError **gerr)
{
	struct ss_call c = {path, iface, method, params, type, NULL, NULL};

	ss_calls_wait(ss_calls_send(s, &c, 1));
	if (gerr)
		*gerr = c.err;
	else
		g_clear_error(&c.err);
	return c.reply;
}

gchar **ss_collections(SecretService *s)
{
	GVariant *v = g_dbus_proxy_get_cached_property(G_DBUS_PROXY(s), "Collections");
	gchar **paths;

	if (!v) {
		GVariant *r =
		    ss_call1(s, g_dbus_proxy_get_object_path(G_DBUS_PROXY(s)), PROPS_IFACE, "Get",
		             g_variant_new("(ss)", SERVICE_IFACE, "Collections"),
		             G_VARIANT_TYPE("(v)"), NULL);

		if (r) {
			g_variant_get(r, "(v)", &v);
			g_variant_unref(r);
		}
	}
	if (v && g_variant_is_of_type(v, G_VARIANT_TYPE("ao")))
		paths = g_variant_dup_objv(v, NULL);
	else
		paths = g_new0(gchar *, 1); /* as before: a service that lists none hides none */
	if (v)
		g_variant_unref(v);
	return paths;
}

struct ss_call ss_locked_call(const char *path)
{
	struct ss_call c = {path,
	                    PROPS_IFACE,
	                    "Get",
	                    g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
	                    G_VARIANT_TYPE("(v)"),
	                    NULL,
	                    NULL};

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

/* Unlocks paths (items or collections; may prompt).  0 when all opened, else -1 with *err. */
static int unlock_paths(SecretService *s, gchar **paths, char **err)
{
	GError *uerr = NULL;
	gchar **opened = NULL;
	gint want = (gint)g_strv_length(paths);
	gint n = secret_service_unlock_dbus_paths_sync(s, (const gchar **)paths, ss_prompt_guard(),
	                                               &opened, &uerr);

	g_clear_error(&uerr);
	g_strfreev(opened);
	if (n >= want)
		return 0;
	*err = ss_locked_error(s);
	return -1;
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

int ss_search(SecretService *s, GHashTable *attrs, int flags, gchar ***out, char **err)
{
	gchar **cols = (flags & SS_TRUST_NONE) ? ss_collections(s) : g_new0(gchar *, 1);
	int ncols = (int)g_strv_length(cols);
	struct ss_call *calls = g_new0(struct ss_call, ncols + 1);
	gchar **unlocked = NULL, **locked = NULL, **shut = NULL;
	struct ss_batch *b;
	int rc = -1;

	calls[0] = (struct ss_call){g_dbus_proxy_get_object_path(G_DBUS_PROXY(s)),
	                            SERVICE_IFACE,
	                            "SearchItems",
	                            g_variant_new("(@a{ss})", attrs_variant(attrs)),
	                            G_VARIANT_TYPE("(aoao)"),
	                            NULL,
	                            NULL};
	for (int i = 0; i < ncols; i++)
		calls[i + 1] = ss_locked_call(cols[i]);
	b = ss_calls_send(s, calls, ncols + 1);
	ss_calls_wait(b);
	if (!calls[0].reply) {
		*err = ss_error("search failed", g_steal_pointer(&calls[0].err));
		goto out;
	}
	g_variant_get(calls[0].reply, "(^ao^ao)", &unlocked, &locked);
	if ((flags & SS_TRUST_NONE) && !*unlocked && !*locked) {
		shut = locked_collections(cols, calls + 1, ncols);
		if (*shut) {
			if (unlock_paths(s, shut, err) == 0)
				rc = ss_search(s, attrs, flags & ~SS_TRUST_NONE, out, err);
			goto out;
		}
	}
	if ((flags & SS_UNLOCK) && *locked && unlock_paths(s, locked, err))
		goto out;
	*out = strv_cat(unlocked, locked);
	rc = 0;
out:
	ss_calls_clear(calls, ncols + 1);
	g_free(calls);
	g_strfreev(cols);
	g_strfreev(unlocked);
	g_strfreev(locked);
	g_strfreev(shut);
	return rc;
}

static gpointer open_session(gpointer s)
{
	GMainContext *ctx = g_main_context_new();

	g_main_context_push_thread_default(ctx); /* the sync call runs its loop here */
	/*
	 * Once more when it fails: kwalletd5 rejects about one key exchange in
	 * a few hundred ("Client public key size is invalid": a public key
	 * that begins with a zero byte), and a second one goes through.
	 */
	if (!secret_service_ensure_session_sync(s, NULL, NULL))
		secret_service_ensure_session_sync(s, NULL, NULL);
	g_main_context_pop_thread_default(ctx);
	g_main_context_unref(ctx);
	g_object_unref(s);
	return NULL;
}

GThread *ss_session_start(SecretService *s)
{
	return g_thread_new("session", open_session, g_object_ref(s));
}

void ss_session_join(GThread *t)
{
	if (t)
		g_thread_join(t);
}

/* Fresh sessions a secret that does not decrypt is asked on, one after another. */
#define SECRET_RETRIES 3

SecretValue *ss_secret_at(SecretService *s, const char *path, GError **gerr)
{
	GError *e = NULL;
	SecretValue *v = secret_service_get_secret_for_dbus_path_sync(s, path, NULL, &e);
	SecretService *fresh;

	/*
	 * No value and no error: the item is locked (gnome-keyring leaves it
	 * out of the answer), or its secret did not decrypt.  kwalletd5 5.103
	 * now and then (about one session in 150) agrees on a session key that
	 * is not the client's: it answers the item, and libsecret cannot
	 * decrypt it.  Once more, then, on a session of its own, and again if
	 * that one fails too (with one retry, 1 get of about 6,000 in a loop
	 * still went unanswered).
	 */
	for (int i = 0; i < SECRET_RETRIES && !v && !e; i++) {
		fresh = secret_service_open_sync(SECRET_TYPE_SERVICE, NULL,
		                                 SECRET_SERVICE_OPEN_SESSION, NULL, NULL);
		if (!fresh)
			break;
		v = secret_service_get_secret_for_dbus_path_sync(fresh, path, NULL, &e);
		g_object_unref(fresh);
	}
	if (gerr)
		*gerr = e;
	else
		g_clear_error(&e);
	return v;
}
