/*
 * match.h: a stored credential as a store describes it (no secret), and
 * the choice of the best one for a request (jira-credential(5), MATCHING): the
 * longest covering path, or without a path the pathless one; among equals
 * the most recently stored.  Plain structs: every store ranks the same way.
 */
#ifndef JC_MATCH_H
#define JC_MATCH_H

#include <glib.h>

#include "jtype.h"

struct stored {
	char *protocol, *host, *path, *username, *expiry, *api_base, *scope;
	/* A token's id and the client certificate's files, as stored; NULL when none. */
	char *pat_id, *client_cert, *client_key;
	enum jira_type type; /* as stored; JIRA_TYPE_NONE when not recorded */
	int from_authtype;   /* stored from git's authtype=/credential= */
	gint64 stored_us;    /* when it was stored, microseconds since the epoch */
	char *id;            /* the store's own name of it (an item's D-Bus path, an entry's file),
	                        also the tie-break among equal times: the greater is the newer */
	char *conflict;      /* why it answers nothing (its name and content disagree), for list */
	void *item; /* the Secret Service's SecretItem, when libsecret read it; else NULL */
	GDestroyNotify item_free;
};

void stored_free(struct stored *s);

/* A GPtrArray that owns struct stored elements. */
GPtrArray *stored_array_new(void);

/* Whether a was stored after b. */
int stored_newer(const struct stored *a, const struct stored *b);

/*
 * The best of entries for a request with path want (NULL: none), or NULL
 * when none matches.  Entries without protocol or host are skipped.
 */
struct stored *match_best(GPtrArray *entries, const char *want);

/* Sorts entries oldest first. */
void stored_sort(GPtrArray *entries);

/*
 * How many of entries are the same credential as entries[i] (protocol,
 * host, path and user: a store keeps one, but a keyring may keep an older
 * copy it would not let us remove); 1 when it has no copy.  *first says
 * whether entries[i] is the first of them.
 */
guint stored_copies(const GPtrArray *entries, guint i, int *first);

/* The type stored, else the one inferred from host and username. */
enum jira_type stored_type(const struct stored *s);

#endif
