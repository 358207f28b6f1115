/*
 * ss_session.c: the encrypted session, opened on a thread beside other
 * calls.  Opening it is a Diffie-Hellman exchange: most of a get's CPU,
 * on both ends of the bus.  It is opened only once something matched:
 * opened (or only prepared) before, it made a miss, git's commonest
 * call, slower (docs/performance.md).
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
