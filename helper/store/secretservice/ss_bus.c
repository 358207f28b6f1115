/*
 * ss_bus.c: the bottom of the Secret Service store: the session bus (the
 * connection libsecret shares), the service's bus name, and method calls
 * sent together and waited for together (one round trip's latency for
 * all of them).  GDBus alone: nothing here loads libsecret.
 */
#include "ss.h"

#include <string.h>

const char *ss_bus_name(void)
{
	const char *name = g_getenv("SECRET_SERVICE_BUS_NAME");

	return name && *name ? name : "org.freedesktop.secrets";
}

GDBusConnection *ss_bus(char **err)
{
	GError *gerr = NULL;
	GDBusConnection *bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &gerr);

	if (!bus)
		*err = ss_error("cannot connect", gerr);
	else
		g_clear_error(&gerr);
	return bus;
}

GDBusConnection *ss_conn(SecretService *s)
{
	return g_dbus_proxy_get_connection(G_DBUS_PROXY(s));
}

struct ss_batch {
	GDBusConnection *bus;
	GMainContext *ctx;
	struct ss_call *calls;
	int n, pending;
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

static void send_one(struct ss_batch *b, struct ss_call *c)
{
	struct pending_call *p = g_new(struct pending_call, 1);

	p->b = b;
	p->c = c;
	b->pending++;
	/* The reply is dispatched to the context current when the call is made. */
	g_main_context_push_thread_default(b->ctx);
	g_dbus_connection_call(b->bus, ss_bus_name(), c->path, c->iface, c->method, c->params,
	                       c->type, G_DBUS_CALL_FLAGS_NONE, -1, NULL, call_done, p);
	g_main_context_pop_thread_default(b->ctx);
}

struct ss_batch *ss_calls_send(GDBusConnection *bus, struct ss_call *calls, int n)
{
	struct ss_batch *b = g_new0(struct ss_batch, 1);

	b->bus = g_object_ref(bus);
	b->ctx = g_main_context_new();
	b->calls = calls;
	b->n = n;
	for (int i = 0; i < n; i++) {
		g_variant_ref_sink(calls[i].params); /* kept: it may be sent again */
		send_one(b, &calls[i]);
	}
	return b;
}

int ss_refused_as_new(const struct ss_call *c)
{
	return g_error_matches(c->err, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) &&
	       strstr(c->err->message, " is not implemented on interface ");
}

static void drain(struct ss_batch *b)
{
	while (b->pending > 0)
		g_main_context_iteration(b->ctx, TRUE);
}

/* Waits for every answer; a call ss_refused_as_new is sent once more (all change nothing). */
void ss_calls_wait(struct ss_batch *b)
{
	drain(b);
	for (int i = 0; i < b->n; i++)
		if (ss_refused_as_new(&b->calls[i])) {
			g_clear_error(&b->calls[i].err);
			send_one(b, &b->calls[i]);
		}
	drain(b);
	g_main_context_unref(b->ctx);
	g_object_unref(b->bus);
	g_free(b);
}

void ss_calls_clear(struct ss_call *calls, int n)
{
	for (int i = 0; i < n; i++) {
		if (calls[i].reply)
			g_variant_unref(calls[i].reply);
		if (calls[i].params)
			g_variant_unref(calls[i].params);
		g_clear_error(&calls[i].err);
	}
}
