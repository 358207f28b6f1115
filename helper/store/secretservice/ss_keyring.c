/*
 * ss_keyring.c: the Secret Service as a whole, for the files of the store:
 * which program answers (KeePassXC, KWallet, gnome-keyring) and how it is
 * unlocked, the one-line errors, and time: the watchdog that bounds every
 * call, the guard that dismisses a prompt before the watchdog fires, and
 * the lock that keeps two of our processes from removing items at once.
 */
#define _DEFAULT_SOURCE
#include "ss.h"
#include "sys/lock.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t saved;

static void watchdog_fire(int sig)
{
	static const char msg[] = "jira-credential: the keyring did not answer within " G_STRINGIFY(
	    STORE_TIMEOUT) " seconds: it is locked or waits on a dialog; unlock your keyring "
	                   "(KeePassXC: unlock the database; KWallet: open the wallet) and try "
	                   "again\n";
	static const char done[] =
	    "jira-credential: stored; the keyring did not answer while an older copy was removed "
	    "(a confirmation dialog?): list may show both, the new one answers\n";
	(void)sig;
	if (saved) {
		(void)!write(STDERR_FILENO, done, sizeof(done) - 1);
		_exit(EXIT_OK);
	}
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(EXIT_KEYRING);
}

/*
 * A prompt (an unlock or confirmation dialog) that the helper opened must
 * not outlive it: before the alarm ends the program, the prompt's call is
 * cancelled, and libsecret then dismisses the prompt (Prompt.Dismiss), so
 * no dialog is left for the next call to queue behind.  The timer thread
 * runs only once a call that may prompt has started.
 */
#define PROMPT_GRACE 2 /* seconds left for the dismissal before the alarm */

static struct {
	GMutex lock;
	GCond cond;
	GCancellable *cancel;
	GThread *timer;
	gint64 deadline; /* monotonic */
	int stop;
} guard;

static gpointer guard_run(gpointer unused)
{
	(void)unused;
	g_mutex_lock(&guard.lock);
	while (!guard.stop)
		if (!g_cond_wait_until(&guard.cond, &guard.lock, guard.deadline)) {
			g_cancellable_cancel(guard.cancel);
			break;
		}
	g_mutex_unlock(&guard.lock);
	return NULL;
}

GCancellable *ss_prompt_guard(void)
{
	if (!guard.cancel)
		return NULL; /* outside a watched call */
	if (!guard.timer)
		guard.timer = g_thread_new("prompt-guard", guard_run, NULL);
	return guard.cancel;
}

void ss_watchdog(int on)
{
	saved = 0;
	if (on) {
		guard.stop = 0;
		guard.deadline =
		    g_get_monotonic_time() + (STORE_TIMEOUT - PROMPT_GRACE) * G_TIME_SPAN_SECOND;
		guard.cancel = g_cancellable_new();
	} else if (guard.cancel) {
		if (guard.timer) {
			g_mutex_lock(&guard.lock);
			guard.stop = 1;
			g_cond_signal(&guard.cond);
			g_mutex_unlock(&guard.lock);
			g_thread_join(guard.timer);
			guard.timer = NULL;
		}
		g_clear_object(&guard.cancel);
	}
	signal(SIGALRM, watchdog_fire);
	alarm(on ? STORE_TIMEOUT : 0);
}

void ss_watchdog_saved(void)
{
	saved = 1;
}

int ss_already_gone(const GError *e)
{
	return g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
	       g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
	       g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
	       g_error_matches(e, secretlib.error_get_quark(), SECRET_ERROR_NO_SUCH_OBJECT);
}

char *ss_error(const char *what, GError *gerr)
{
	const char *why = gerr ? gerr->message : "no answer"; /* the service's words */
	char *msg;

	/* KWallet's Secret Service does its key exchange through QCA's plugins. */
	if (gerr && strstr(gerr->message, "createDLGroup"))
		msg =
		    g_strdup_printf("keyring unavailable (%s: %s); KWallet's Secret Service needs "
		                    "the QCA plugins: install libqca-qt5-2-plugins",
		                    what, why);
	else
		msg = g_strdup_printf(
		    "keyring unavailable (%s: %s); start or unlock a Secret Service "
		    "(gnome-keyring, "
		    "KeePassXC or KWallet with its Secret Service enabled; headless: "
		    "gnome-keyring-daemon --unlock under dbus-run-session), or use --store=pass",
		    what, why);

	g_clear_error(&gerr);
	return msg;
}

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
	r = g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
	                                "org.freedesktop.DBus", "GetConnectionUnixProcessID",
	                                g_variant_new("(s)", ss_bus_name()), G_VARIANT_TYPE("(u)"),
	                                G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
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
