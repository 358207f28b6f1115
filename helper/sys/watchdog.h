/*
 * watchdog.h: the one alarm that ends a call that never returns (a
 * keyring waiting on a dialog nobody sees, gpg waiting on a pinentry, a
 * git hook): after the time allowed, one line on stderr and exit 3, the
 * exit of a store that cannot be used (jira-credential(1), EXIT STATUS).
 * The time limits are sys/limits.h's.
 */
#ifndef JC_WATCHDOG_H
#define JC_WATCHDOG_H

/*
 * Arms the alarm for seconds: then msg (one line, without
 * "jira-credential: " or a newline; a string that lives as long as the
 * program) goes to stderr and the program exits 3.  0 seconds disarms it.
 */
void watchdog_arm(unsigned seconds, const char *msg);

/*
 * The work is done (the credential is stored): from now on the alarm ends
 * the program with exit 0 and msg instead.  watchdog_arm forgets it.
 */
void watchdog_done(const char *msg);

#endif
