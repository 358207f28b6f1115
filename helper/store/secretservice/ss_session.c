/*
 * ss_session.c: libsecret's service proxy, its encrypted session, opened
 * on a thread beside other calls, and reading one secret over it.
 * Opening the session is a Diffie-Hellman exchange: most of a get's CPU,
 * on both ends of the bus.  It is opened only once something matched:
 * opened (or only prepared) before, it made a miss, git's commonest call,
 * slower (docs/performance.md).
 */
#include "ss.h"
#include "ss_crypto.h"

#include <string.h>

/*
 * libsecret's own SecretService sets its proxy up with everything on: it
 * subscribes to the service's signals and loads its properties, round
 * trips one after the other before a session can open, for nothing a
 * short-lived helper uses.  libsecret takes a subclass of SecretService
 * (secret_service_open_sync's service_gtype), and its constructor sets
 * the proxy's flags itself; ours chains up to it, then sets them once
 * more, without those.  Only the flags: the proxy's bus name stays the
 * one libsecret set (SECRET_SERVICE_BUS_NAME moves it), since a second
 * setting of that string is never freed by GDBusProxy.  The proxy still
 * asks who owns the name, and the bus to start the service when nobody
 * does (a keyring started on demand).
 */
#define SERVICE_PROXY_FLAGS                                                                        \
	(G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES | G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS)

static struct {
	SecretService *shared;
	GObjectClass *parent;
} svc;

static GObject *service_construct(GType type, guint n, GObjectConstructParam *props)
{
	GObject *o = svc.parent->constructor(type, n, props);

	g_object_set(o, "g-flags", SERVICE_PROXY_FLAGS, NULL);
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

SecretService *ss_service(char **err)
{
	GError *gerr = NULL;

	if (ss_lib_load(err))
		return NULL;
	if (!svc.shared && !(svc.shared = secretlib.service_open_sync(
	                         service_type(), NULL, SECRET_SERVICE_NONE, NULL, &gerr))) {
		*err = ss_error("cannot connect", gerr);
		return NULL;
	}
	return g_object_ref(svc.shared);
}

/*
 * Whether s has an encrypted session, opened now if it has none: 0, or
 * -1 with *gerr.  libsecret opens "plain" when the keyring refuses the
 * encrypted one, and would then send secrets across the bus in the
 * clear; a secret never goes over such a session.
 */
static int encrypted(SecretService *s, GError **gerr)
{
	const char *alg;

	if (!secretlib.service_ensure_session_sync(s, NULL, gerr))
		return -1;
	alg = secretlib.service_get_session_algorithms(s);
	if (alg && !strcmp(alg, SS_ALGORITHM))
		return 0;
	g_set_error_literal(gerr, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
	                    "the keyring offers only the \"plain\" one, which would send "
	                    "secrets in the clear");
	return -1;
}

int ss_session_encrypted(SecretService *s, char **err)
{
	GError *gerr = NULL;

	if (encrypted(s, &gerr) == 0)
		return 0;
	*err = ss_error("cannot open an encrypted session", gerr);
	return -1;
}

SecretService *ss_service_fresh(void)
{
	SecretService *fresh;

	if (!svc.shared)
		return NULL;
	fresh = secretlib.service_open_sync(service_type(), NULL, SECRET_SERVICE_OPEN_SESSION, NULL,
	                                    NULL);
	if (fresh && encrypted(fresh, NULL)) {
		g_object_unref(fresh);
		fresh = NULL;
	}
	return fresh;
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
	SecretValue *v = NULL;
	SecretService *fresh;

	if (encrypted(s, &e) == 0)
		v = secretlib.service_get_secret_for_dbus_path_sync(s, path, NULL, &e);

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
