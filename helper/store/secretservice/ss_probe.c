/*
 * ss_probe.c: whether the Secret Service can be used here (the store's
 * probe, store.h), for the automatic choice and doctor: a session bus, a
 * service under the Secret Service's bus name (ss_bus_name: the one that
 * every other call of the store uses, SECRET_SERVICE_BUS_NAME included),
 * and a default collection that is open, or locked where a person can
 * unlock it.  Two calls on the shared connection, each bounded, never a
 * prompt.
 */
#define _DEFAULT_SOURCE /* S_ISSOCK */
#include "ss.h"
#include "sys/limits.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int session_bus_possible(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS"), *rt = getenv("XDG_RUNTIME_DIR");
	char *sock;
	struct stat st;
	int there;

	if (addr && *addr)
		return 1;
	if (!rt || !*rt)
		return 0;
	sock = g_build_filename(rt, "bus", NULL);
	there = stat(sock, &st) == 0 && S_ISSOCK(st.st_mode);
	g_free(sock);
	return there;
}

/*
 * Makes the call c now, waiting STORE_SECONDS at most: a probe must not
 * hang doctor.  Once more when the keyring refused it as coming from a
 * client it did not know yet (ss_refused_as_new).
 */
static void call_now(GDBusConnection *bus, struct ss_call *c)
{
	g_variant_ref_sink(c->params); /* kept for a second try; ss_calls_clear frees it */
	for (int tries = 0; tries < 2 && !c->reply; tries++) {
		if (tries && !ss_refused_as_new(c))
			break;
		g_clear_error(&c->err);
		c->reply = g_dbus_connection_call_sync(
		    bus, ss_bus_name(), c->path, c->iface, c->method, c->params, c->type,
		    G_DBUS_CALL_FLAGS_NONE, STORE_SECONDS * 1000, NULL, &c->err);
	}
}

/* Whether the collection at path is locked; -1 when that cannot be read. */
static int collection_locked(GDBusConnection *bus, const char *path)
{
	struct ss_call c = ss_locked_call(path);
	int locked;

	call_now(bus, &c);
	locked = c.reply ? ss_locked_of(&c) : -1;
	ss_calls_clear(&c, 1);
	return locked;
}

/*
 * What the default collection says (alias answered), for a person: a
 * collection locked where nobody can unlock it is PROBE_LOCKED, not
 * absent, so that no work goes to another store because of a lock.
 */
static enum probe collection_usable(GDBusConnection *bus, const char *path, char **why)
{
	const char *d = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
	int locked;

	if (!strcmp(path, "/")) {
		*why = g_strdup("the Secret Service has no default collection (no keyring yet)");
		return PROBE_ABSENT;
	}
	locked = collection_locked(bus, path);
	if (locked == 1 && !(d && *d) && !(w && *w)) {
		*why = g_strdup_printf("the default collection %s is locked and nobody can unlock "
		                       "it here (no display)",
		                       path);
		return PROBE_LOCKED;
	}
	*why = g_strdup_printf("default collection %s%s", path,
	                       locked == 1 ? ", locked (it asks to be unlocked)" : ", unlocked");
	return PROBE_USABLE;
}

int ss_probe(int detailed, char **why)
{
	GDBusConnection *bus;
	GError *gerr = NULL;
	struct ss_call alias;
	const char *path;
	int ok = PROBE_ABSENT;

	(void)detailed;
	if (!session_bus_possible()) {
		*why = g_strdup("no session bus (DBUS_SESSION_BUS_ADDRESS is unset and there is "
		                "no $XDG_RUNTIME_DIR/bus)");
		return PROBE_ABSENT;
	}
	if (!(bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &gerr))) {
		*why = g_strdup_printf("no session bus (%s)", gerr->message);
		g_error_free(gerr);
		return PROBE_ABSENT;
	}
	alias = ss_alias_call("default");
	call_now(bus, &alias);
	if (!alias.reply) {
		*why = g_strdup_printf("no Secret Service on the session bus under %s (%s)",
		                       ss_bus_name(), alias.err->message);
	} else {
		g_variant_get(alias.reply, "(&o)", &path);
		ok = collection_usable(bus, path, why);
	}
	ss_calls_clear(&alias, 1);
	g_object_unref(bus);
	return ok;
}
