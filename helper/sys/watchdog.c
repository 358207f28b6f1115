/*
 * watchdog.c: the one alarm (see watchdog.h).  The handler only writes
 * and exits: both are async-signal-safe, and the message's length is
 * known before the alarm is armed.
 */
#include "watchdog.h"
#include "proto/exitcode.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#define PREFIX "jira-credential: "

static struct {
	const char *volatile msg;
	volatile size_t len;
	volatile sig_atomic_t code;
} dog;

static void fire(int sig)
{
	(void)sig;
	(void)!write(STDERR_FILENO, PREFIX, sizeof(PREFIX) - 1);
	(void)!write(STDERR_FILENO, dog.msg, dog.len);
	(void)!write(STDERR_FILENO, "\n", 1);
	_exit(dog.code);
}

/* msg and code for the handler, with the alarm blocked while they change. */
static void set(const char *msg, int code)
{
	sigset_t alrm, old;

	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &old);
	dog.msg = msg;
	dog.len = strlen(msg);
	dog.code = code;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void watchdog_arm(unsigned seconds, const char *msg)
{
	if (seconds) {
		set(msg, EXIT_KEYRING);
		signal(SIGALRM, fire);
	}
	alarm(seconds);
}

void watchdog_done(const char *msg)
{
	set(msg, EXIT_OK);
}
