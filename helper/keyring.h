/*
 * keyring.h: credentials in the Secret Service (libsecret).  One item per
 * credential; attributes hold only what is not secret; lookups search by
 * attributes and load the secret of the chosen item only.
 */
#ifndef JC_KEYRING_H
#define JC_KEYRING_H

#include "../proto/cred.h"

/* A stored credential as its attributes describe it; no secret. */
struct kr_entry {
	char *protocol, *host, *path, *username, *type, *expiry, *api_base;
	guint64 created;
	void *item; /* SecretItem */
};

/*
 * Finds the best credential for the request q (protocol and host set) and
 * fills out with it, secret included.  Returns 1 when found, 0 when none
 * matches, -1 on a keyring error (*err says what to do; exit 3).
 */
int keyring_lookup(const struct credential *q, struct credential *out, char **err);

/* Stores c (protocol, host, type and password set), replacing its equal. */
int keyring_store(const struct credential *c, char **err);

/*
 * Removes what matches q: protocol and host, and path, username, type and
 * password when given.  Nothing is removed unless every candidate could be
 * read.  *count is how many went.  Returns 0 or -1 (*err; exit 3).
 */
int keyring_erase(const struct credential *q, int *count, char **err);

/* Every credential of ours, oldest first, without secrets. */
int keyring_list(GPtrArray **entries, char **err);

/* Records facts learned by validation (api_base) on the stored item. */
int keyring_set_api_base(const struct credential *c, const char *api_base, char **err);

void kr_entry_free(struct kr_entry *e);

/* Seconds a keyring operation may take before the program gives up. */
#define KEYRING_TIMEOUT 15

#endif
