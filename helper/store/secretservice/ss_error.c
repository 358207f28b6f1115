/*
 * ss_error.c: the Secret Service store's words for a keyring that cannot
 * be used (one line that says what to do), and which failures mean an
 * item was gone already.
 */
#include "ss.h"

#include <string.h>

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
