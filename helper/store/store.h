/*
 * store.h: the seam between the actions and where credentials live.  An
 * action never talks to libsecret (or gpg, or the environment): it asks
 * the store it was given through this table, as git's credential.c asks
 * a helper.  A second store is one more file that fills the table.
 *
 * Every operation returns -1 with a one-line *err when the store cannot
 * be used (unavailable, locked, timed out: exit 3), never "nothing" for
 * a store it could not read.  Only store.c names the stores: a new one
 * is a folder that fills this table and one line of store.c's list.
 */
#ifndef JC_STORE_H
#define JC_STORE_H

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
	 * Removes what matches q (jira-credential(5), MATCHING: absent fields match
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

	/*
	 * Whether the store may be there, known without a call or a prompt
	 * (an environment variable, one stat): the automatic choice asks the
	 * first store that may be there before any probe, and a store that
	 * answered is asked nothing more when no later one may be there.
	 * NULL: never chosen automatically.
	 */
	int (*present)(void);
};

/* What a probe finds. */
enum probe {
	PROBE_ABSENT = 0, /* not there, or not set up: another store may answer */
	PROBE_USABLE = 1,
	/*
	 * There, but locked where nobody can unlock it (no display): not a
	 * missing store, so the automatic choice never sends work elsewhere
	 * because of it (jira-credential(1), STORES).
	 */
	PROBE_LOCKED = 2,
};

/* What save returns when the store cannot keep the credential as given (exit 2). */
#define STORE_REFUSED (-2)

/* The stores, in the order of the automatic choice (and of doctor); NULL past the last. */
const struct store *store_nth(int i);

/*
 * The names --store= takes, for a message: store_names(", ", " or ") is
 * "secretservice, pass, env or auto", store_names("|", "|") is
 * "secretservice|pass|env|auto".  Made once for each pair.
 */
const char *store_names(const char *sep, const char *last);

/* The store --store= or JIRA_CREDENTIAL_STORE names, or NULL. */
const struct store *store_find(const char *name);

/*
 * The store this run uses: name (--store=), else JIRA_CREDENTIAL_STORE,
 * else automatic (jira-credential(1), STORES).  Returns NULL with *err
 * (exit 3) when none can be.  The automatic choice costs a plain get
 * nothing: the first store that may be there (present) is used, and only
 * when it then finds nothing (or fails) are the probes asked whether
 * another store must answer instead.
 */
const struct store *store_choose(const char *name, char **err);

/*
 * For doctor: the store that will answer, the automatic choice settled
 * now by probing (a run that is not doctor settles it on first use).
 * Returns NULL with *err when none is usable.
 */
const struct store *store_settle(const struct store *st, char **err);

/* How the store was chosen, for doctor (after store_choose or store_settle). */
const char *store_choice_reason(void);

/* st's probe (struct store), for any store. */
int store_probe(const struct store *st, int detailed, char **why);

/* What the automatic choice knows of one store of store_nth's list. */
struct store_seen {
	int present;     /* its present op said yes (0 for a store without one) */
	int probe;       /* enum probe: its probe's answer (PROBE_ABSENT when not asked) */
	const char *why; /* its probe's words */
};

/*
 * The pure rule of the choice, for the stores of store_nth's list.
 * name: --store='s value, else NULL; env: JIRA_CREDENTIAL_STORE's, else
 * NULL.  A name other than "auto" chooses its store; else, with seen
 * (one per store), the first store with a present op whose probe is not
 * PROBE_ABSENT (a locked store still answers); with seen NULL,
 * STORE_AUTO: the caller asks the stores on first use.  Returns the
 * store's index with *reason saying how, STORE_AUTO, or -1 with *reason
 * the one-line error (an unknown name, or no store usable).
 */
#define STORE_AUTO (-2)
int store_pick(const char *name, const char *env, const struct store_seen *seen, char **reason);

#endif
