/*
 * ssproxy.c: a test-only Secret Service that passes every method call on
 * to the real one (org.freedesktop.secrets) and its answer back, with the
 * faults a test asks for.  The helper reaches it through
 * SECRET_SERVICE_BUS_NAME.  A keyring ties sessions to the connection that
 * opened them; all calls go out on the proxy's one connection, so the
 * sessions it opens for a client are that client's.
 *
 *   ssproxy NAME LOG [FAULT...]
 *
 * NAME is the bus name it owns (calls to its unique name are passed on
 * too: libsecret's proxy sends to the owner); LOG gets one line per call (its method,
 * and OpenSession's algorithm).  It prints "ready" on stdout once NAME is
 * its own.  FAULTs:
 *
 *   no-aes      OpenSession of any algorithm but "plain" is refused
 *               (org.freedesktop.DBus.Error.NotSupported), as a keyring
 *               built without encryption would
 *   bad-key     OpenSession answers with the public key 1
 *   garble=N    the first N GetSecrets answers are changed so that their
 *               padding no longer checks: the secret's last byte is flipped
 *               through the block before it (or the IV)
 *   unknown=N   the first N calls are answered as gnome-keyring 42 answers
 *               a client it has not registered yet: UnknownMethod, "Method
 *               M is not implemented on interface I"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#define REAL "org.freedesktop.secrets"

static struct {
	int no_aes, bad_key, garble, unknown;
	FILE *log;
	GDBusConnection *bus;
	const char *name;
} px;

/* A GetSecrets answer with each secret's last plaintext byte flipped. */
static GVariant *garbled(GVariant *body)
{
	GVariantBuilder b;
	GVariantIter *it;
	const char *item, *session, *type;
	GVariant *params, *value;

	g_variant_builder_init(&b, G_VARIANT_TYPE("a{o(oayays)}"));
	g_variant_get(body, "(a{o(oayays)})", &it);
	while (
	    g_variant_iter_loop(it, "{&o(&o@ay@ay&s)}", &item, &session, &params, &value, &type)) {
		gsize np, nv;
		guchar *p = g_memdup2(g_variant_get_data(params), g_variant_get_size(params));
		guchar *v = g_memdup2(g_variant_get_data(value), g_variant_get_size(value));

		np = g_variant_get_size(params);
		nv = g_variant_get_size(value);
		if (nv > 16)
			v[nv - 17] ^= 1;
		else if (np > 0)
			p[np - 1] ^= 1;
		g_variant_builder_add(
		    &b, "{o(o@ay@ays)}", item, session,
		    g_variant_new_from_data(G_VARIANT_TYPE_BYTESTRING, p, np, TRUE, g_free, p),
		    g_variant_new_from_data(G_VARIANT_TYPE_BYTESTRING, v, nv, TRUE, g_free, v),
		    type);
	}
	g_variant_iter_free(it);
	return g_variant_new("(@a{o(oayays)})", g_variant_builder_end(&b));
}

/* OpenSession's answer with the public key 1. */
static GVariant *bad_key(GVariant *body)
{
	static const guchar one = 1;
	GVariant *out;
	const char *path;

	g_variant_get(body, "(v&o)", &out, &path);
	g_variant_unref(out);
	return g_variant_new("(vo)", g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, &one, 1, 1),
	                     path);
}

static void answered(GObject *src, GAsyncResult *res, gpointer data)
{
	GDBusMessage *call = data, *reply, *out;
	GError *e = NULL;
	const char *member = g_dbus_message_get_member(call);

	reply = g_dbus_connection_send_message_with_reply_finish(G_DBUS_CONNECTION(src), res, &e);
	if (!reply) {
		out = g_dbus_message_new_method_error_literal(
		    call, "org.freedesktop.DBus.Error.Failed", e->message);
		g_error_free(e);
	} else if (g_dbus_message_get_message_type(reply) == G_DBUS_MESSAGE_TYPE_ERROR) {
		GVariant *why = g_dbus_message_get_body(reply);
		const char *text = "";

		if (why && g_variant_is_of_type(why, G_VARIANT_TYPE("(s)")))
			g_variant_get(why, "(&s)", &text);
		out = g_dbus_message_new_method_error_literal(
		    call, g_dbus_message_get_error_name(reply), text);
	} else {
		GVariant *body = g_dbus_message_get_body(reply);

		out = g_dbus_message_new_method_reply(call);
		if (!strcmp(member, "GetSecrets") && px.garble > 0) {
			px.garble--;
			g_dbus_message_set_body(out, garbled(body));
		} else if (!strcmp(member, "OpenSession") && px.bad_key) {
			g_dbus_message_set_body(out, bad_key(body));
		} else if (body) {
			g_dbus_message_set_body(out, body);
		}
	}
	g_dbus_connection_send_message(px.bus, out, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
	g_object_unref(out);
	if (reply)
		g_object_unref(reply);
	g_object_unref(call);
}

/* On the main loop: one call passed on, or refused. */
static gboolean pass_on(gpointer data)
{
	GDBusMessage *call = data, *fwd;
	const char *member = g_dbus_message_get_member(call);
	const char *alg = NULL;
	GVariant *body = g_dbus_message_get_body(call);

	if (!strcmp(member, "OpenSession") && body)
		g_variant_get_child(body, 0, "&s", &alg);
	fprintf(px.log, "%s%s%s\n", member, alg ? " " : "", alg ? alg : "");
	fflush(px.log);
	if (px.unknown > 0 || (alg && px.no_aes && strcmp(alg, "plain"))) {
		GDBusMessage *out;

		if (px.unknown-- > 0)
			out = g_dbus_message_new_method_error(
			    call, "org.freedesktop.DBus.Error.UnknownMethod",
			    "Method %s is not implemented on interface %s", member,
			    g_dbus_message_get_interface(call));
		else
			out = g_dbus_message_new_method_error_literal(
			    call, "org.freedesktop.DBus.Error.NotSupported",
			    "Algorithms other than plain are not supported");
		g_dbus_connection_send_message(px.bus, out, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL,
		                               NULL);
		g_object_unref(out);
		g_object_unref(call);
		return G_SOURCE_REMOVE;
	}
	fwd = g_dbus_message_copy(call, NULL);
	g_dbus_message_set_destination(fwd, REAL);
	g_dbus_message_set_sender(fwd, NULL);
	g_dbus_connection_send_message_with_reply(px.bus, fwd, G_DBUS_SEND_MESSAGE_FLAGS_NONE, -1,
	                                          NULL, NULL, answered, call);
	g_object_unref(fwd);
	return G_SOURCE_REMOVE;
}

/* On GDBus's thread: method calls to us go to the main loop, the rest is left alone. */
static GDBusMessage *filter(GDBusConnection *c, GDBusMessage *m, gboolean incoming, gpointer d)
{
	const char *dest = g_dbus_message_get_destination(m);

	(void)d;
	if (!incoming || g_dbus_message_get_message_type(m) != G_DBUS_MESSAGE_TYPE_METHOD_CALL ||
	    !dest || (strcmp(dest, px.name) && strcmp(dest, g_dbus_connection_get_unique_name(c))))
		return m;
	g_idle_add(pass_on, m); /* takes our reference */
	return NULL;
}

int main(int argc, char **argv)
{
	GError *e = NULL;
	GVariant *r;
	guint32 got = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: ssproxy NAME LOG [no-aes|bad-key|garble=N|unknown=N]...\n");
		return 2;
	}
	px.name = argv[1];
	if (!(px.log = fopen(argv[2], "a")))
		return 2;
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "no-aes"))
			px.no_aes = 1;
		else if (!strcmp(argv[i], "bad-key"))
			px.bad_key = 1;
		else if (!strncmp(argv[i], "garble=", 7))
			px.garble = atoi(argv[i] + 7);
		else if (!strncmp(argv[i], "unknown=", 8))
			px.unknown = atoi(argv[i] + 8);
		else
			return 2;
	}
	if (!(px.bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &e)))
		return 2;
	g_dbus_connection_add_filter(px.bus, filter, NULL, NULL);
	r = g_dbus_connection_call_sync(px.bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
	                                "org.freedesktop.DBus", "RequestName",
	                                g_variant_new("(su)", px.name, 4u), G_VARIANT_TYPE("(u)"),
	                                G_DBUS_CALL_FLAGS_NONE, -1, NULL, &e);
	if (r)
		g_variant_get(r, "(u)", &got);
	if (got != 1) /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
		return 2;
	printf("ready\n");
	fflush(stdout);
	g_main_loop_run(g_main_loop_new(NULL, FALSE));
	return 0;
}
