/*
 * limits.h: every time limit of jira-credential, in seconds, in one list:
 * how long a call may take before the program gives up, and how long it
 * waits for another process.  Each says why it is that long.
 */
#ifndef JC_LIMITS_H
#define JC_LIMITS_H

/*
 * One store operation (a keyring call, a gpg decryption nobody types a
 * passphrase for): a healthy keyring answers in milliseconds, so this is
 * a keyring that waits on a dialog nobody sees; git must not hang on it.
 */
#define STORE_SECONDS 15

/*
 * A password store operation while a pinentry can reach the person: time
 * to read the prompt and type a passphrase.
 */
#define PINENTRY_SECONDS (4 * STORE_SECONDS)

/*
 * Left for libsecret to dismiss a prompt the helper opened before the
 * store's time runs out: a dialog must not outlive the call that opened it.
 */
#define PROMPT_GRACE_SECONDS 2

/*
 * Another of our processes' lock (removals from the Secret Service, a
 * change to a password store): longer than one such change takes, shorter
 * than STORE_SECONDS so the waiting call still ends with its own message.
 */
#define LOCK_WAIT_SECONDS 12

/*
 * Asking the bus which program owns the Secret Service's name, for a
 * message that names it: the bus daemon answers at once, and a message
 * without the name is better than a late one.
 */
#define BUS_OWNER_SECONDS 2

/* One git command in a password store: a hook, a signing key's pinentry. */
#define GIT_MAX_SECONDS 10

/* Another git's index.lock in a password store: a commit takes well under this. */
#define INDEX_LOCK_WAIT 5

/* --timeout's default: one request to Jira, TLS handshake included, on a slow link. */
#define TIMEOUT_SECONDS 30

/*
 * --wait's default when a credential is stored: a brand-new API token may
 * take up to a minute before Jira accepts it.
 */
#define STORE_WAIT_SECONDS 60

#endif
