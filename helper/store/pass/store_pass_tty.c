/*
 * store_pass_tty.c: who a pinentry can reach (see store_pass_tty.h).
 * The terminal is looked up once a run: the watchdog, GPGME and doctor
 * each ask, and the answer does not change while we run.
 */
#define _GNU_SOURCE /* O_CLOEXEC, setenv */
#include "store_pass_tty.h"

#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <unistd.h>

/* Set in the environment (DISPLAY, WAYLAND_DISPLAY, GPG_TTY), and not empty. */
static int set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

/* The name of our controlling terminal (through /dev/tty), or NULL. */
static const char *controlling_tty(void)
{
	static int looked;
	static char *name;
	int fd;

	if (looked)
		return name;
	looked = 1;
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		const char *v = ttyname(fd);

		name = v ? g_strdup(v) : NULL;
		close(fd);
	}
	return name;
}

static int display_or_gpg_tty(void)
{
	return set("DISPLAY") || set("WAYLAND_DISPLAY") || set("GPG_TTY");
}

int gpg_pinentry_reachable(void)
{
	return display_or_gpg_tty() || controlling_tty() != NULL;
}

void gpg_tty_export(void)
{
	const char *tty;

	if (!display_or_gpg_tty() && (tty = controlling_tty()))
		setenv("GPG_TTY", tty, 0);
}
