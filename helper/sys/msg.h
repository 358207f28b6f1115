/*
 * msg.h: what both programs (jira-credential and its validator) share for
 * talking to people and guarding the process: the one way to fail, the
 * one way to warn, whole writes, and the hardening every start does.
 * Only actions and each program's main call fail(); functions below them
 * return a status and a one-line message.
 */
#ifndef JC_MSG_H
#define JC_MSG_H

#include <stddef.h>

/*
 * Prints "jira-credential: MESSAGE" on stderr and exits with code.  The
 * message goes through term_safe() (proto/escape.h) on its way: what it
 * quotes from a server, a file or the keyring is passed as it came, and
 * never escaped beforehand (that would show \\x1b).
 */
void fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* Prints "jira-credential: MESSAGE" on stderr, through term_safe() as fail(). */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints one line for people on stdout (doctor, import-netrc): the formatted
 * text through term_safe(), then a newline.
 */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Registers fn to clear what held a secret on the way out, whatever the
 * path: leave() and fail() run it.  At most MSG_CLEARERS of them.
 */
#define MSG_CLEARERS 8
void clear_at_exit(void (*fn)(void));

/*
 * Runs the clearers, flushes stdout and stderr, and ends the process
 * without the libraries' exit handlers: glib's and GDBus's teardown has
 * nothing to save for us, and skipping it is a measurable part of a get
 * (docs/performance.md).
 */
void leave(int code) __attribute__((noreturn));

/* Writes all of buf to fd, through EINTR; returns 0, or -1 with errno. */
int write_full(int fd, const void *buf, size_t n);

/*
 * No core file and no ptrace by others of this user, so secrets stay in
 * this process; SIGPIPE ignored, so a closed pipe is an error we see;
 * libraries' log lines silenced, so stderr holds only our one line.
 * First it records what the caller gave: the environment, which signals
 * were ignored and the signal mask.  The core-size limits stay the
 * caller's: a process that is not dumpable writes no core at all.
 */
void harden(void);

/*
 * For a command this process is about to become (exec): gives back what
 * harden() recorded, as if the caller had started the command itself.
 * Every signal ignored by the caller is ignored, every other one has its
 * default action (SIGPIPE included, and those we caught); the caller's
 * signal mask; no pending alarm.  (The core-size limits were never changed.)
 */
void unharden(void);

/* The environment the process started with, before anything set a variable (GPG_TTY). */
char **caller_environ(void);

#endif
