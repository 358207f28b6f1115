/*
 * store_pass.c: the password store of pass(1), gopass, QtPass and
 * browserpass: one GPG-encrypted file per credential under jira/ in
 * $PASSWORD_STORE_DIR (default ~/.password-store), encrypted to every key
 * of the nearest .gpg-id, committed with git when the store is a git
 * repository, as pass does.  A store shared by a team is written by
 * others, so here a file name is only where to look first: what an entry
 * answers for is what its own encrypted content says
 * (store_pass_entry.c), and when several users are stored for an origin
 * a request that names none gets none of them.  Every change is made
 * under the store's lock, and a store of what is stored already writes
 * nothing.  This file makes the changes (save, erase, remember) and
 * fills the store's table; which entry answers is store_pass_find.c's,
 * the list store_pass_list.c's, one entry store_pass_entry.c's, the keys
 * store_pass_gpgid.c's, files store_pass_files.c's, git
 * store_pass_git.c's, gpg store_pass_gpg.c's.
 */
#define _GNU_SOURCE /* AT_REMOVEDIR */
#include "store/store.h"
#include "sys/lock.h"
#include "store_pass_entry.h"
#include "store_pass_files.h"
#include "store_pass_find.h"
#include "store_pass_git.h"
#include "store_pass_gpg.h"
#include "store_pass_gpgid.h"
#include "store_pass_list.h"
#include "store_pass_tty.h"
#include "proto/escape.h"
#include "proto/keep.h"
#include "proto/passentry.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Runs change (save, erase, remember) on the store as pass would: its
 * lock held (other processes of ours wait their turn, for a bounded time),
 * its umask set, the watchdog armed.
 */
static int changing(int (*change)(int root, const char *rootpath, void *arg, char **err), void *arg,
                    char **err)
{
	char *rootpath = NULL;
	mode_t mask = pf_umask(err), old;
	int root, rc = -1;

	if (mask == (mode_t)-1)
		return STORE_REFUSED;
	if ((root = pf_open_root(&rootpath, err)) < 0)
		return -1;
	if (lock_take(root)) {
		*err = g_strdup_printf("another jira-credential process kept the password store at "
		                       "%s busy for %d s; nothing was changed, try again",
		                       rootpath, LOCK_WAIT_SECONDS);
	} else {
		pass_watchdog(1);
		old = umask(mask);
		rc = change(root, rootpath, arg, err);
		umask(old);
		pass_watchdog(0);
	}
	close(root); /* the lock goes with it */
	g_free(rootpath);
	return rc;
}

/*
 * Stores c over what its path holds: with one decryption to compare,
 * completed from the stored credential (proto/keep.h), and not written at
 * all when that changes nothing.  A person's own lines stay.
 */
static int save_locked(int root, const char *rootpath, void *arg, char **err)
{
	struct credential *c = arg;
	char *rel = passentry_path(c->protocol, c->host, c->path, c->username), *why = NULL;
	struct pass_entry old = {0};
	int have = pass_entry_read(root, rel, &old, &why) == PASS_READ_OK, rc = 0;

	g_free(why); /* unreadable, or another's: replaced, as any store replaces */
	keep_stored(c, have ? &old.c : NULL);
	if (!have || !keep_unchanged(c, &old.c))
		rc = pass_entry_write(root, rootpath, rel, c, have ? old.notes : NULL, err);
	pass_entry_clear(&old);
	g_free(rel);
	return rc;
}

static int pass_save(struct credential *c, char **err)
{
	char *rel = passentry_path(c->protocol, c->host, c->path, c->username);
	int rc = passentry_path_fits(rel, err) ? STORE_REFUSED : changing(save_locked, c, err);

	g_free(rel);
	return rc;
}

/* Removes the empty directories between rel's and jira/, as pass rm does. */
static void prune_dirs(int root, const char *rel)
{
	char *dir = g_strdup(rel), *slash;

	while ((slash = strrchr(dir, '/'))) {
		*slash = '\0';
		if (unlinkat(root, dir, AT_REMOVEDIR))
			break;
	}
	if (!strchr(dir, '/'))
		unlinkat(root, dir, AT_REMOVEDIR); /* jira/ itself, once empty */
	g_free(dir);
}

/*
 * Whether erase q takes e: its path, and when q gives a password or a
 * type, its content (decrypted) with it.  An entry whose content names
 * another credential is not this one.
 */
static int erase_takes(int root, const struct stored *e, const struct credential *q, char **err)
{
	struct pass_entry c = {0};
	char *why = NULL;
	int take;

	if (q->path && g_strcmp0(e->path, q->path))
		return 0;
	if (!q->password && !q->type)
		return 1;
	switch (pass_entry_read(root, e->id, &c, &why)) {
	case PASS_READ_OK:
		break;
	case PASS_READ_FAILED:
		*err = why;
		return -1;
	default:
		g_free(why);
		return 0;
	}
	take = (!q->password || !g_strcmp0(c.c.password, q->password)) &&
	       (!q->type || cred_type(&c.c) == q->type);
	pass_entry_clear(&c);
	return take;
}

struct erase_args {
	const struct credential *q;
	int *count;
};

static int erase_locked(int root, const char *rootpath, void *arg, char **err)
{
	struct erase_args *a = arg;
	struct credential q = *a->q;
	GPtrArray *found;
	int rc = 0;

	q.path = NULL; /* erase takes every path of the origin, or the one given exactly */
	if (!(found = pass_candidates(root, &q, err)))
		return -1;
	for (guint i = 0; i < found->len && !rc; i++) {
		struct stored *e = g_ptr_array_index(found, i);
		int take = erase_takes(root, e, a->q, err);

		if (take <= 0) {
			rc = take;
		} else if (pf_git_ready(root, rootpath, err)) {
			rc = -1;
		} else if (unlinkat(root, e->id, 0) && errno != ENOENT) {
			char *safe = term_safe(e->id);

			*err = g_strdup_printf("cannot remove %s: %s", safe, g_strerror(errno));
			g_free(safe);
			rc = -1;
		} else {
			(*a->count)++;
			prune_dirs(root, e->id);
			rc = pf_git_commit(root, rootpath, e->id, 1, err);
		}
	}
	g_ptr_array_free(found, TRUE);
	return rc;
}

static int pass_erase(const struct credential *q, int *count, char **err)
{
	struct erase_args a = {q, count};
	int rc;

	*count = 0;
	rc = changing(erase_locked, &a, err);
	return rc == STORE_REFUSED ? -1 : rc;
}

struct api_base_args {
	const struct credential *c;
	const char *api_base;
};

/* Only the entry that was validated: a newer secret stored meanwhile stays as it is. */
static int api_base_locked(int root, const char *rootpath, void *arg, char **err)
{
	struct api_base_args *a = arg;
	char *rel = passentry_path(a->c->protocol, a->c->host, a->c->path, a->c->username);
	struct pass_entry now = {0};
	char *why = NULL;
	int rc = 0;

	if (pass_entry_read(root, rel, &now, &why) == PASS_READ_OK &&
	    !g_strcmp0(now.c.password, a->c->password) && g_strcmp0(now.c.api_base, a->api_base)) {
		g_free(now.c.api_base);
		now.c.api_base = g_strdup(a->api_base);
		now.c.type = cred_type(&now.c);
		rc = pass_entry_write(root, rootpath, rel, &now.c, now.notes, err);
	}
	g_free(why);
	pass_entry_clear(&now);
	g_free(rel);
	return rc;
}

static int pass_remember_api_base(const struct credential *c, const char *api_base, char **err)
{
	struct api_base_args a = {c, api_base};
	int rc = changing(api_base_locked, &a, err);

	return rc == STORE_REFUSED ? -1 : rc;
}

/* For doctor: who can decrypt here, git, gpg-agent, pinentry; whether every key is usable. */
static int probe_details(GString *s, int root, char **ids)
{
	int usable = 0, secret = 0, agent, all = 0;
	char *sock = NULL, *err = NULL;
	struct stat st;

	if (gpg_keys_status(ids, &usable, &secret, &err)) {
		g_string_append_printf(s, "; %s", err);
	} else {
		g_string_append_printf(s, ", %d usable, %d with a secret key here", usable, secret);
		all = usable == (int)g_strv_length(ids);
		if (!all)
			g_string_append(s, " (key not usable: import or renew it)");
		if (!secret)
			g_string_append(s, "; no secret key here: nothing can be decrypted");
	}
	g_string_append(s, fstatat(root, ".git", &st, AT_SYMLINK_NOFOLLOW)
	                       ? "; not a git repository"
	                       : "; a git repository (changes are committed)");
	agent = gpg_agent_running(&sock);
	g_string_append_printf(s, "; gpg-agent %s",
	                       agent ? "running" : "not running (gpg starts it)");
	g_string_append(s, gpg_pinentry_reachable()
	                       ? "; pinentry can reach this terminal"
	                       : "; no pinentry for this terminal (no tty, no display): a "
	                         "passphrase-protected key must be unlocked in gpg-agent");
	g_free(sock);
	g_free(err);
	return all;
}

static int pass_probe(int detailed, char **why)
{
	char *rootpath = NULL, *err = NULL, **ids = NULL, *where = NULL;
	int root = pf_open_root(&rootpath, &err), ok = PROBE_ABSENT;
	GString *id, *sig = NULL;

	if (root < 0) {
		*why = err;
		return PROBE_ABSENT;
	}
	if (!(id = pf_nearest_gpg_id(root, PASSENTRY_DIR, &sig, &where, &err))) {
		*why = err ? g_steal_pointer(&err)
		           : g_strdup_printf("no .gpg-id in %s: the store is not initialised; run "
		                             "pass init KEYID",
		                             rootpath);
	} else if (!detailed) {
		ok = PROBE_USABLE;
		*why = g_strdup_printf("initialised at %s", rootpath);
	} else {
		g_free(where);
		where = NULL;
		if (!(ids = pass_recipients(root, PASSENTRY_DIR, &where, &err))) {
			*why = g_strdup_printf("%s; %s", rootpath, err);
		} else {
			GString *s = g_string_new(NULL);

			g_string_printf(s, "%s; %s names %u key(s)", rootpath, where,
			                g_strv_length(ids));
			ok = probe_details(s, root, ids) ? PROBE_USABLE : PROBE_ABSENT;
			*why = g_string_free(s, FALSE);
		}
	}
	if (id)
		g_string_free(id, TRUE);
	if (sig)
		g_string_free(sig, TRUE);
	g_strfreev(ids);
	g_free(where);
	g_free(err);
	close(root);
	g_free(rootpath);
	return ok;
}

const struct store store_pass = {
    .name = "pass",
    .lookup = pass_lookup,
    .save = pass_save,
    .erase = pass_erase,
    .list = pass_list,
    .remember_api_base = pass_remember_api_base,
    .probe = pass_probe,
    .present = pf_present,
};
