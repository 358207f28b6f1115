/*
 * ss_session.c: the encrypted session, opened on a thread beside other
 * calls, and reading one secret over it.  Opening it is a Diffie-Hellman
 * exchange: most of a get's CPU, on both ends of the bus.  It is opened
 * only once something matched: opened (or only prepared) before, it made
 * a miss, git's commonest call, slower (docs/performance.md).
 */
#include "ss.h"

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

/* Fresh sessions a secret that does not decrypt is asked on, one after another. */
#define SECRET_RETRIES 3

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
	for (int i = 0; i < SECRET_RETRIES && !v && !e; i++) {
		fresh = secretlib.service_open_sync(secretlib.service_get_type(), NULL,
		                                    SECRET_SERVICE_OPEN_SESSION, NULL, NULL);
		if (!fresh)
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
