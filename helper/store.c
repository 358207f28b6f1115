/*
 * store.c: which store this run uses (see store.h): --store=, then
 * JIRA_CREDENTIAL_STORE, then the automatic choice, and the probe that
 * tells whether the Secret Service has a usable collection (through GDBus
 * directly, a few calls, made only when the Secret Service found nothing
 * or failed, or for doctor).
 */
#define _DEFAULT_SOURCE /* S_ISSOCK */
#include "store.h"
#include "store_pass_files.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SS_NAME  "org.freedesktop.secrets"
#define SS_PATH  "/org/freedesktop/secrets"
#define SS_IFACE "org.freedesktop.Secret.Service"

#define SETUP_HINT                                                                                 \
	"set one up: gnome-keyring-daemon --unlock --components=secrets (under dbus-run-session "  \
	"when headless) for the Secret Service, or pass init KEYID for a password store"

static char *reason;

const char *store_choice_reason(void)
{
	return reason ? reason : "";
}

static void set_reason(char *r)
{
	g_free(reason);
	reason = r;
}

/* Whether a session bus may exist, known without a single call. */
static int bus_possible(void)
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

static GVariant *ss_call(GDBusConnection *bus, const char *path, const char *iface,
                         const char *method, GVariant *args, const char *reply, GError **gerr)
{
	return g_dbus_connection_call_sync(bus, SS_NAME, path, iface, method, args,
	                                   G_VARIANT_TYPE(reply), G_DBUS_CALL_FLAGS_NONE,
	                                   STORE_TIMEOUT * 1000, NULL, gerr);
}

/* Whether the default collection is locked; -1 when that cannot be read. */
static int collection_locked(GDBusConnection *bus, const char *path)
{
	GVariant *v, *inner;
	int locked = -1;

	v = ss_call(bus, path, "org.freedesktop.DBus.Properties", "Get",
	            g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"), "(v)",
	            NULL);
	if (v) {
		g_variant_get(v, "(v)", &inner);
		if (g_variant_is_of_type(inner, G_VARIANT_TYPE_BOOLEAN))
			locked = g_variant_get_boolean(inner);
		g_variant_unref(inner);
		g_variant_unref(v);
	}
	return locked;
}

/*
 * The Secret Service is usable when it answers with a default collection
 * that is open, or locked where a person can unlock it (a display); a
 * collection locked where nobody can is PROBE_LOCKED, not absent.
 */
static int ss_probe(int detailed, char **why)
{
	GDBusConnection *bus;
	GError *gerr = NULL;
	GVariant *v;
	const char *path, *d = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
	int ok = PROBE_ABSENT, locked;

	(void)detailed;
	if (!bus_possible()) {
		*why = g_strdup("no session bus (DBUS_SESSION_BUS_ADDRESS is unset and there is "
		                "no $XDG_RUNTIME_DIR/bus)");
		return 0;
	}
	if (!(bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &gerr))) {
		*why = g_strdup_printf("no session bus (%s)", gerr->message);
		g_error_free(gerr);
		return 0;
	}
	v = ss_call(bus, SS_PATH, SS_IFACE, "ReadAlias", g_variant_new("(s)", "default"), "(o)",
	            &gerr);
	if (!v) {
		*why = g_strdup_printf("no Secret Service on the session bus (%s)", gerr->message);
		g_error_free(gerr);
	} else {
		g_variant_get(v, "(&o)", &path);
		if (!strcmp(path, "/")) {
			*why = g_strdup("the Secret Service has no default collection (no keyring "
			                "yet)");
		} else if ((locked = collection_locked(bus, path)) == 1 && !(d && *d) &&
		           !(w && *w)) {
			ok = PROBE_LOCKED;
			*why = g_strdup_printf("the default collection %s is locked and nobody can "
			                       "unlock it here (no display)",
			                       path);
		} else {
			ok = PROBE_USABLE;
			*why = g_strdup_printf("default collection %s%s", path,
			                       locked == 1 ? ", locked (it asks to be unlocked)"
			                                   : ", unlocked");
		}
		g_variant_unref(v);
	}
	g_object_unref(bus);
	return ok;
}

static int env_unused(int detailed, char **why)
{
	(void)detailed;
	*why = g_strdup("not set");
	return 0;
}

int store_probe(const struct store *st, int detailed, char **why)
{
	if (st->probe)
		return st->probe(detailed, why);
	if (st == &store_secretservice)
		return ss_probe(detailed, why);
	return env_unused(detailed, why);
}

/* ---- the automatic choice ------------------------------------------------ */

/* The store that answers once the automatic choice is settled. */
static const struct store *decided;

static char *none_usable(const char *ss_why, const char *pass_why)
{
	return g_strdup_printf("no usable credential store: Secret Service: %s; password store: "
	                       "%s; %s",
	                       ss_why, pass_why, SETUP_HINT);
}

/*
 * The Secret Service found nothing (answered: ss_rc >= 0) or failed:
 * whether its answer stands (0), the password store answers instead (1),
 * or none can (-1, *err).  A Secret Service that answered, with no
 * password store beside it, stands without another question: a get that
 * finds nothing, git's most common call, costs nothing more.  A locked
 * keyring is not a missing one: its answer (or its failure, exit 3)
 * stands, and work never goes to the password store because of a lock.
 */
static int fall_back(int ss_rc, char **err)
{
	char *ss_why = NULL, *pass_why = NULL, *hint;
	int rc;

	if (ss_rc >= 0 && !pf_present()) {
		decided = &store_secretservice;
		return 0;
	}
	switch (store_probe(&store_secretservice, 0, &ss_why)) {
	case PROBE_USABLE:
		decided = &store_secretservice;
		rc = 0;
		break;
	case PROBE_LOCKED:
		decided = &store_secretservice;
		rc = ss_rc >= 0 ? 0 : -1;
		if (rc && *err && pf_present()) {
			hint = g_strdup_printf("%s; or use the password store with --store=pass",
			                       *err);
			g_free(*err);
			*err = hint;
		}
		break;
	default:
		if (store_probe(&store_pass, 0, &pass_why) == PROBE_USABLE) {
			decided = &store_pass;
			set_reason(g_strdup_printf("automatic: the Secret Service is not usable "
			                           "(%s); the password store is %s",
			                           ss_why, pass_why));
			rc = 1;
		} else {
			g_free(*err);
			*err = none_usable(ss_why, pass_why);
			rc = -1;
		}
	}
	if (rc == 1) {
		g_free(*err);
		*err = NULL;
	}
	g_free(ss_why);
	g_free(pass_why);
	return rc;
}

/*
 * After the Secret Service answered *rc (done: an answer that settles the
 * choice), the store that must answer instead, or NULL when *rc stands
 * (set to -1, with *err, when no store is usable).
 */
static const struct store *instead(int *rc, int done, char **err)
{
	if (done) {
		decided = &store_secretservice;
		return NULL;
	}
	switch (fall_back(*rc, err)) {
	case 1:
		return &store_pass;
	case -1:
		*rc = -1;
		return NULL;
	default:
		return NULL;
	}
}

static int auto_lookup(const struct credential *q, struct credential *out, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->lookup(q, out, err);
	rc = store_secretservice.lookup(q, out, err);
	st = instead(&rc, rc == 1, err);
	return st ? st->lookup(q, out, err) : rc;
}

static int auto_save(struct credential *c, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->save(c, err);
	rc = store_secretservice.save(c, err);
	st = instead(&rc, rc >= 0, err);
	return st ? st->save(c, err) : rc;
}

static int auto_erase(const struct credential *q, int *count, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->erase(q, count, err);
	rc = store_secretservice.erase(q, count, err);
	st = instead(&rc, rc == 0 && *count, err);
	return st ? st->erase(q, count, err) : rc;
}

static int auto_list(GPtrArray **entries, int *hidden, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->list(entries, hidden, err);
	*entries = NULL;
	rc = store_secretservice.list(entries, hidden, err);
	if (!(st = instead(&rc, rc == 0 && (*entries)->len, err)))
		return rc;
	if (*entries)
		g_ptr_array_free(*entries, TRUE);
	*entries = NULL;
	return st->list(entries, hidden, err);
}

static int auto_remember_api_base(const struct credential *c, const char *api_base, char **err)
{
	const struct store *st = decided ? decided : &store_secretservice;

	return st->remember_api_base(c, api_base, err);
}

static const struct store store_auto = {
    .name = "auto",
    .lookup = auto_lookup,
    .save = auto_save,
    .erase = auto_erase,
    .list = auto_list,
    .remember_api_base = auto_remember_api_base,
};

const struct store *const store_all[] = {&store_secretservice, &store_pass, &store_env, NULL};

const struct store *store_find(const char *name)
{
	if (!strcmp(name, "auto"))
		return &store_auto;
	for (const struct store *const *s = store_all; *s; s++)
		if (!strcmp((*s)->name, name))
			return *s;
	return NULL;
}

const struct store *store_settle(const struct store *st, char **err)
{
	char *ss_why = NULL, *pass_why = NULL;
	const struct store *out = NULL;

	if (st != &store_auto)
		return st;
	if (store_probe(&store_secretservice, 0, &ss_why) != PROBE_ABSENT) {
		out = &store_secretservice;
		set_reason(g_strdup_printf("automatic: the Secret Service answers (%s)", ss_why));
	} else if (store_probe(&store_pass, 0, &pass_why) == PROBE_USABLE) {
		out = &store_pass;
		set_reason(g_strdup_printf("automatic: the Secret Service is not usable (%s); the "
		                           "password store is %s",
		                           ss_why, pass_why));
	} else
		*err = none_usable(ss_why, pass_why);
	g_free(ss_why);
	g_free(pass_why);
	return out;
}

const struct store *store_choose(const struct options *o, char **err)
{
	const char *env = getenv("JIRA_CREDENTIAL_STORE");
	const char *name = o->store ? o->store : env && *env ? env : NULL;
	char *pass_why = NULL;
	const struct store *st;

	if (name && strcmp(name, "auto")) {
		if (!(st = store_find(name))) {
			*err = g_strdup_printf("JIRA_CREDENTIAL_STORE names no store ('%s'); use "
			                       "secretservice, pass, env or auto",
			                       name);
			return NULL;
		}
		set_reason(g_strdup_printf("chosen by %s=%s",
		                           o->store ? "--store" : "JIRA_CREDENTIAL_STORE", name));
		return st;
	}
	if (bus_possible()) {
		set_reason(g_strdup("automatic: a session bus may exist, so the Secret Service is "
		                    "asked first"));
		return &store_auto;
	}
	if (store_probe(&store_pass, 0, &pass_why) == PROBE_USABLE) {
		set_reason(g_strdup_printf("automatic: no session bus; the password store is %s",
		                           pass_why));
		g_free(pass_why);
		return &store_pass;
	}
	*err = none_usable("no session bus (DBUS_SESSION_BUS_ADDRESS is unset and there is no "
	                   "$XDG_RUNTIME_DIR/bus)",
	                   pass_why);
	g_free(pass_why);
	return NULL;
}
