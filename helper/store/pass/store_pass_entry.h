/*
 * store_pass_entry.h: one entry of the password store, for store_pass.c:
 * read (decrypted, and answering only for what its content says) and
 * written (encrypted to the keys pass would pick, only after checking
 * what pass checks, renamed into place, committed).
 */
#ifndef JC_STORE_PASS_ENTRY_H
#define JC_STORE_PASS_ENTRY_H

#include "store/store.h"

/* An entry as read: the credential it holds, and the lines it holds besides. */
struct pass_entry {
	struct credential c; /* its origin, path and user as its content says */
	char *notes;         /* lines of a person's own (may be secret), NULL when none */
};

void pass_entry_clear(struct pass_entry *e);

/* How reading an entry went. */
enum pass_read {
	PASS_READ_OK = 0,
	PASS_READ_MISSING,  /* no such file */
	PASS_READ_CONFLICT, /* its name and content disagree: it answers nothing (*err says so) */
	PASS_READ_FAILED,   /* cannot be read or decrypted, or is not an entry (*err) */
};

/* Decrypts and checks the entry at rel (relative to root) into e. */
enum pass_read pass_entry_read(int root, const char *rel, struct pass_entry *e, char **err);

/*
 * Writes c (complete: proto/keep.h) as the entry at rel, with notes after
 * its own lines: encrypted to PASSWORD_STORE_KEY, else to the nearest
 * .gpg-id (refused unless PASSWORD_STORE_SIGNING_KEY's check passes, as
 * pass refuses it), to a temporary file in the same directory that is
 * renamed into place, then committed.  Call with the store's lock held
 * and its umask set.  Returns 0, STORE_REFUSED (the entry cannot be
 * written as given: nothing written), or -1, each with *err.
 */
int pass_entry_write(int root, const char *rootpath, const char *rel, const struct credential *c,
                     const char *notes, char **err);

/* Arms (on) or disarms the alarm that ends a gpg or git call that never returns. */
void pass_watchdog(int on);

#endif
