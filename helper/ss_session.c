/*
 * ss_session.c: libsecret's service proxy, its encrypted session, opened
 * on a thread beside other calls, and reading one secret over it.
 * Opening the session is a Diffie-Hellman exchange: most of a get's CPU,
 * on both ends of the bus.  It is opened only once something matched:
 * opened (or only prepared) before, it made a miss, git's commonest call,
 * slower (docs/performance.md).
 */
#include "ss.h"

/*
 * libsecret's own SecretService sets its proxy up for the well-known name
 * with everything on: it watches who owns the name, asks the bus to start
 * it, subscribes to its signals and loads its properties.  That is seven
 * round trips, one after the other, before a session can open, for
 * nothing a short-lived helper uses.  libsecret takes a subclass of
 * SecretService (secret_service_open_sync's service_gtype): ours chains
 * up to libsecret's constructor, then sets the proxy's construction
 * properties once more, as libsecret's constructor itself does: the
 * unique name that owns the Secret Service's name, and no set-up.  A
 * unique name never changes hands: should the keyring go away meanwhile,
 * calls fail ("keyring unavailable") instead of reaching whoever takes
 * the name next.
 */
#define SERVICE_PROXY_FLAGS                                                                        \
	(G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES | G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS |   \
	 G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START)

static struct {
	char *owner; /* the unique name the proxies talk to */
	SecretService *shared;
	GObjectClass *parent;
} svc;

static GObject *service_construct(GType type, guint n, GObjectConstructParam *props)
{
	GObject *o = svc.parent->constructor(type, n, props);

	g_object_set(o, "g-name", svc.owner, "g-flags", SERVICE_PROXY_FLAGS, NULL);
	return o;
}

static void service_class_init(gpointer klass, gpointer unused)
{
	(void)unused;
	svc.parent = g_type_class_peek_parent(klass);
	G_OBJECT_CLASS(klass)->constructor = service_construct;
}

static GType service_type(void)
{
	static gsize type;

	if (g_once_init_enter(&type))
		g_once_init_leave(&type, g_type_register_static_simple(
		                             secretlib.service_get_type(), "JiraCredentialService",
		                             sizeof(SecretServiceClass), service_class_init,
		                             sizeof(SecretService), NULL, 0));
	return (GType)type;
}

struct ss_call ss_owner_call(void)
{
	return (struct ss_call){.path = "/org/freedesktop/DBus",
	                        .iface = "org.freedesktop.DBus",
	                        .method = "GetNameOwner",
	                        .params = g_variant_new("(s)", ss_bus_name()),
	                        .type = G_VARIANT_TYPE("(s)"),
	                        .dest = "org.freedesktop.DBus"};
}

static GVariant *bus_call(GDBusConnection *bus, const char *method, GVariant *params,
                          const char *type, GError **gerr)
{
	return g_dbus_connection_call_sync(
	    bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", method,
	    params, G_VARIANT_TYPE(type), G_DBUS_CALL_FLAGS_NONE, -1, NULL, gerr);
}

/*
 * The owner of the Secret Service's name: from owner's answer, else asked;
 * when nobody owns it, the bus is asked to start the service first (a
 * keyring started on demand), as libsecret's proxy would.
 */
static char *owner_of(GDBusConnection *bus, const struct ss_call *owner, GError **gerr)
{
	GVariant *r = owner && owner->reply ? g_variant_ref(owner->reply) : NULL;
	char *name = NULL;

	if (!r)
		r = bus_call(bus, "GetNameOwner", g_variant_new("(s)", ss_bus_name()), "(s)", gerr);
	if (!r && g_error_matches(*gerr, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER)) {
		g_clear_error(gerr);
		r = bus_call(bus, "StartServiceByName", g_variant_new("(su)", ss_bus_name(), 0u),
		             "(u)", gerr);
		if (r) {
			g_variant_unref(r);
			r = bus_call(bus, "GetNameOwner", g_variant_new("(s)", ss_bus_name()),
			             "(s)", gerr);
		}
	}
	if (r) {
		g_variant_get(r, "(s)", &name);
		g_variant_unref(r);
	}
	return name;
}

SecretService *ss_service_on(const struct ss_call *owner, char **err)
{
	GError *gerr = NULL;
	GDBusConnection *bus;

	if (ss_lib_load(err))
		return NULL;
	if (svc.shared)
		return g_object_ref(svc.shared);
	if (!svc.owner) {
		if (!(bus = ss_bus(err)))
			return NULL;
		svc.owner = owner_of(bus, owner, &gerr);
		g_object_unref(bus);
		if (!svc.owner) {
			*err = ss_error("cannot connect", gerr);
			return NULL;
		}
	}
	svc.shared =
	    secretlib.service_open_sync(service_type(), NULL, SECRET_SERVICE_NONE, NULL, &gerr);
	if (!svc.shared) {
		*err = ss_error("cannot connect", gerr);
		return NULL;
	}
	return g_object_ref(svc.shared);
}

SecretService *ss_service(char **err)
{
	return ss_service_on(NULL, err);
}

SecretService *ss_service_fresh(void)
{
	if (!svc.owner)
		return NULL;
	return secretlib.service_open_sync(service_type(), NULL, SECRET_SERVICE_OPEN_SESSION, NULL,
	                                   NULL);
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
	if (!secretlib.service_ensure_session_sync(s, NULL, NULL))
		secretlib.service_ensure_session_sync(s, NULL, NULL);
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

SecretValue *ss_secret_at(SecretService *s, const char *path, GError **gerr)
{
	GError *e = NULL;
	SecretValue *v = secretlib.service_get_secret_for_dbus_path_sync(s, path, NULL, &e);
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
	for (int i = 0; i < SS_SECRET_RETRIES && !v && !e; i++) {
		if (!(fresh = ss_service_fresh()))
			break;
		v = secretlib.service_get_secret_for_dbus_path_sync(fresh, path, NULL, &e);
		g_object_unref(fresh);
	}
	if (gerr)
		*gerr = e;
	else
		g_clear_error(&e);
	return v;
}
