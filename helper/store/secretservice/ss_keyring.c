/*
 * ss_keyring.c: the Secret Service as a whole: which program answers
 * (KeePassXC, KWallet, gnome-keyring) and how it is unlocked, and the
 * lock that keeps two of our processes from removing items at once.
 */
#define _DEFAULT_SOURCE
#include "ss.h"
#include "sys/limits.h"
#include "sys/lock.h"

#include <string.h>
#include <unistd.h>

/* How each known Secret Service is unlocked, by the name of its program. */
static const struct {
	const char *comm, *name, *unlock;
} keyrings[] = {
    {"keepassxc", "KeePassXC", "unlock the database in KeePassXC"},
    {"kwalletd", "KWallet", "open the wallet (KWalletManager)"},
    {"ksecretd", "KWallet", "open the wallet (KWalletManager)"},
    {"gnome-keyring", "gnome-keyring",
     "log in to the desktop, unlock it in Seahorse, or run gnome-keyring-daemon --unlock"},
};

/* The index in keyrings of the program that owns the bus name, or -1. */
static int keyring_index(GDBusConnection *bus)
{
	GVariant *r;
	guint32 pid = 0;
	char path[64], *comm = NULL;
	int found = -1;

	if (!bus)
		return -1;
	r = g_dbus_connection_call_sync(
	    bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
	    "GetConnectionUnixProcessID", g_variant_new("(s)", ss_bus_name()),
	    G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE, BUS_OWNER_SECONDS * 1000, NULL, NULL);
	if (!r)
		return -1;
	g_variant_get(r, "(u)", &pid);
	g_variant_unref(r);
	g_snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	if (g_file_get_contents(path, &comm, NULL, NULL))
		for (size_t i = 0; i < G_N_ELEMENTS(keyrings) && found < 0; i++)
			if (g_str_has_prefix(comm, keyrings[i].comm))
				found = (int)i;
	g_free(comm);
	return found;
}

const char *ss_keyring_name(SecretService *s)
{
	int i = keyring_index(s ? ss_conn(s) : NULL);

	return i < 0 ? NULL : keyrings[i].name;
}

char *ss_locked_error(GDBusConnection *bus)
{
	int i = keyring_index(bus);

	if (i < 0)
		return g_strdup("the keyring is locked and could not be unlocked; unlock it "
		                "(KeePassXC: unlock the database; KWallet: open the wallet; "
		                "gnome-keyring: log in to the desktop) and try again");
	return g_strdup_printf("the keyring (%s) is locked and could not be unlocked; %s, and try "
	                       "again",
	                       keyrings[i].name, keyrings[i].unlock);
}

/*
 * KeePassXC 2.7.4 crashes when two clients delete one item at the same
 * moment, which two concurrent stores of one credential do when each
 * removes the older copy (docs/backends.md).  So removals are made under
 * an advisory lock of our own, in the user's runtime directory: two of
 * our processes never remove at once.  The file holds nothing; one that
 * is not ours, or not a plain file, is not used, and then removals go
 * unlocked as before.  Waiting for it is bounded (helper/sys/lock.h).
 */
int ss_removal_lock(void)
{
	int fd = lock_runtime_file("jira-credential.lock");

	if (fd >= 0 && lock_take(fd)) {
		close(fd); /* held past the wait: removals go unlocked, as without a file */
		fd = -1;
	}
	return fd;
}

void ss_removal_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the lock */
}
