/*
 * ss_watch.c: time, for the Secret Service store: every keyring call runs
 * under the one watchdog (sys/watchdog.h) with the keyring's own words,
 * and a call that may prompt gets a guard that dismisses the prompt
 * before the watchdog fires.
 */
#include "ss.h"
#include "sys/limits.h"
#include "sys/watchdog.h"

#define TIMED_OUT                                                                                  \
	"the keyring did not answer within " G_STRINGIFY(                                          \
	    STORE_SECONDS) " seconds: it is locked or waits on a dialog; unlock your keyring "     \
	                   "(KeePassXC: unlock the database; KWallet: open the wallet) and try "   \
	                   "again"
#define STORED_ANYWAY                                                                              \
	"stored; the keyring did not answer while an older copy was removed (a confirmation "      \
	"dialog?): list may show both, the new one answers"

/*
 * A prompt (an unlock or confirmation dialog) that the helper opened must
 * not outlive it: before the alarm ends the program, the prompt's call is
 * cancelled, and libsecret then dismisses the prompt (Prompt.Dismiss), so
 * no dialog is left for the next call to queue behind.  The timer thread
 * runs only once a call that may prompt has started.
 */
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

static void guard_stop(void)
{
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

void ss_watchdog(int on)
{
	if (on) {
		guard.stop = 0;
		guard.deadline = g_get_monotonic_time() +
		                 (STORE_SECONDS - PROMPT_GRACE_SECONDS) * G_TIME_SPAN_SECOND;
		guard.cancel = g_cancellable_new();
	} else if (guard.cancel)
		guard_stop();
	watchdog_arm(on ? STORE_SECONDS : 0, TIMED_OUT);
}

void ss_watchdog_saved(void)
{
	watchdog_done(STORED_ANYWAY);
}
