/*
 * store.h: the seam between the actions and where credentials live.  An
 * action never talks to libsecret (or gpg, or the environment): it asks
 * the store it was given through this table, as git's credential.c asks
 * a helper.  A second store is one more file that fills the table.
 *
 * Every operation returns -1 with a one-line *err when the store cannot
 * be used (unavailable, locked, timed out: exit 3), never "nothing" for
 * a store it could not read.
 */
#ifndef JC_STORE_H
#define JC_STORE_H

#include "cli/jc.h"
#include "proto/cred.h"
#include "proto/match.h"

struct store {
	const char *name; /* as --store= names it */

	/*
	 * The best credential for q (protocol and host set), secret
	 * included, into out.  Returns 1 found, 0 none matches, -1 error.
	 * With 0, *err may say for the person why nothing answers although
	 * something is stored (entries whose names and contents disagree,
	 * several users and none named), one line per reason.
	 */
	int (*lookup)(const struct credential *q, struct credential *out, char **err);

	/*
	 * Saves c (protocol, host and password set), replacing the
	 * credential of the same origin, path and username, and first
	 * completing c from it as proto/keep.h says (so c->type is set on
	 * return); writes nothing when that changes nothing.  Returns 0, or
	 * 1 when saved with a note for the user in *err (an older copy the
	 * store could not remove), STORE_REFUSED when the store cannot keep
	 * c as given (exit 2, nothing stored), or -1.  NULL for a read-only
	 * store.
	 */
	int (*save)(struct credential *c, char **err);

	/*
	 * Removes what matches q (design.md, "Matching": absent fields match
	 * anything; with a password, only items holding that secret); *count
	 * is how many went.  NULL for a read-only store.
	 */
	int (*erase)(const struct credential *q, int *count, char **err);

	/*
	 * Every credential, oldest first, without secrets; *hidden counts
	 * those the store knows of but cannot describe (a locked keyring), or
	 * is -1 when the store is locked and does not say how many it holds.
	 */
	int (*list)(GPtrArray **entries, int *hidden, char **err);

	/*
	 * Records api_base (learned by validation) with the stored
	 * credential that still holds c's secret.  NULL when the store
	 * cannot record it.
	 */
	int (*remember_api_base)(const struct credential *c, const char *api_base, char **err);

	/*
	 * Whether the store can be used here: an enum probe.  *why says,
	 * for a person, what is missing or what was found.  Cheap unless
	 * detailed (doctor), and never prompts.  NULL: never usable on its own.
	 */
	int (*probe)(int detailed, char **why);
};

/* What a probe finds. */
enum probe {
	PROBE_ABSENT = 0, /* not there, or not set up: another store may answer */
	PROBE_USABLE = 1,
	/*
	 * There, but locked where nobody can unlock it (no display): not a
	 * missing store, so the automatic choice never sends work elsewhere
	 * because of it (design.md, "Stores").
	 */
	PROBE_LOCKED = 2,
};

/* What save returns when the store cannot keep the credential as given (exit 2). */
#define STORE_REFUSED (-2)

/* The Secret Service (gnome-keyring, KeePassXC, KWallet) through libsecret. */
extern const struct store store_secretservice;

/* The password store of pass(1), gopass, QtPass: GPG-encrypted files. */
extern const struct store store_pass;

/* JIRA_BASE_URL, JIRA_USER_EMAIL, JIRA_API_TOKEN, JIRA_AUTH_TYPE; read-only. */
extern const struct store store_env;

/* Every store, NULL-terminated, in the order doctor describes them. */
extern const struct store *const store_all[];

/* The store --store= or JIRA_CREDENTIAL_STORE names, or NULL. */
const struct store *store_find(const char *name);

/*
 * The store this run uses: --store=, else JIRA_CREDENTIAL_STORE, else
 * automatic (design.md, "Stores").  Returns NULL with *err (exit 3) when
 * none can be.  The automatic choice costs a plain Secret Service get
 * nothing: the Secret Service is used when a session bus may exist, and
 * only when it then finds nothing (or fails) is it asked whether it has a
 * usable collection at all, the password store being used when not.
 */
const struct store *store_choose(const struct options *o, char **err);

/*
 * For doctor: the store that will answer, the automatic choice settled
 * now by probing (a run that is not doctor settles it on first use).
 * Returns NULL with *err when none is usable.
 */
const struct store *store_settle(const struct store *st, char **err);

/* How the store was chosen, for doctor (after store_choose or store_settle). */
const char *store_choice_reason(void);

/* st's probe (store.h, struct store), for any store. */
int store_probe(const struct store *st, int detailed, char **why);

/*
 * Whether a session bus may exist, known without a single call: an
 * address in DBUS_SESSION_BUS_ADDRESS, or a socket at $XDG_RUNTIME_DIR/bus
 * (the Secret Service's files; the automatic choice asks it first then).
 */
int session_bus_possible(void);

/* Seconds a store operation may take before the program gives up. */
#define STORE_TIMEOUT 15

#endif
