/*
 * store_pass_list.c: every entry of the password store: found by the
 * names of its files (nothing that is not ours, no link, at most as deep
 * as a writer may put one), then, for list, each decrypted to learn what
 * it says, or that its name and content disagree.
 */
#define _GNU_SOURCE /* fdopendir, fstatat, st_mtim */
#include "store_pass_list.h"
#include "store_pass_entry.h"
#include "store_pass_files.h"
#include "sys/trust.h"
#include "proto/passentry.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define PASS_MAX_ENTRIES 10000 /* entries one walk reads */

/*
 * Entries (struct stored, id: the path in the store) below the
 * directory dirfd, depth directories below jira/, recursively down to
 * PASSENTRY_MAX_DEPTH: as deep as a writer may put one.
 */
static void pf_walk(int dirfd, GString *rel, int depth, GPtrArray *out)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)) && out->len < PASS_MAX_ENTRIES) {
		struct stat st;
		gsize keep = rel->len;

		/* another's is not looked at; the mode is checked when an entry is read */
		if (de->d_name[0] == '.' || fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    trust_stat(&st, S_ISDIR(st.st_mode) ? TRUST_DIR : TRUST_FILE, geteuid(), 0))
			continue;
		g_string_append_printf(rel, "/%s", de->d_name);
		if (S_ISDIR(st.st_mode) && depth < PASSENTRY_MAX_DEPTH) {
			char *ignored = NULL;
			int sub = pf_open_sub(dirfd, de->d_name, 0, &ignored);

			g_free(ignored);
			if (sub >= 0) {
				pf_walk(sub, rel, depth + 1, out);
				close(sub);
			}
		} else if (S_ISREG(st.st_mode) && g_str_has_suffix(de->d_name, ".gpg")) {
			struct stored *e = g_new0(struct stored, 1);

			if (passentry_parse_path(rel->str, &e->protocol, &e->host, &e->path,
			                         &e->username)) {
				g_free(e);
			} else {
				e->stored_us = (gint64)st.st_mtim.tv_sec * G_USEC_PER_SEC +
				               st.st_mtim.tv_nsec / 1000;
				e->id = g_strdup(rel->str);
				g_ptr_array_add(out, e);
			}
		}
		g_string_truncate(rel, keep);
	}
	closedir(d);
}

GPtrArray *pf_collect(int root, const char *dir, char **err)
{
	GPtrArray *out = stored_array_new();
	int fd = pf_open_sub(root, dir, 0, err), depth = 0;
	GString *rel = g_string_new(dir);

	for (const char *c = dir; *c; c++) /* directories below jira/, as the writer counts */
		depth += *c == '/';
	if (fd >= 0) {
		pf_walk(fd, rel, depth, out);
		close(fd);
	}
	g_string_free(rel, TRUE);
	if (*err) {
		g_ptr_array_free(out, TRUE);
		return NULL;
	}
	return out;
}

/* What e's content says besides its secret, for list. */
static void describe(struct stored *e, const struct credential *c)
{
	e->type = c->type;
	e->expiry = g_strdup(c->password_expiry_utc);
	e->api_base = g_strdup(c->api_base);
	e->scope = g_strdup(c->scope);
	e->pat_id = g_strdup(c->pat_id);
	e->client_cert = g_strdup(c->client_cert);
	e->client_key = g_strdup(c->client_key);
	e->from_authtype = c->from_authtype;
}

/*
 * Every entry, each decrypted to learn what it says: its type, expiry and
 * api_base, or that its name and content disagree (conflict: list and
 * doctor point it out).  An entry this key cannot decrypt is listed by its
 * name, unchecked, with a note.
 */
int pass_list(GPtrArray **entries, int *hidden, char **err)
{
	char *rootpath = NULL;
	struct pass_entry c = {0};
	int root, unread = 0;

	*hidden = 0;
	*entries = NULL;
	if ((root = pf_open_root(&rootpath, err)) < 0)
		return -1;
	*entries = pf_collect(root, PASSENTRY_DIR, err);
	for (guint i = 0; *entries && i < (*entries)->len; i++) {
		struct stored *e = g_ptr_array_index(*entries, i);
		char *why = NULL;

		pass_watchdog(1); /* each entry's decryption, not the whole list, is bounded */
		switch (pass_entry_read(root, e->id, &c, &why)) {
		case PASS_READ_OK:
			describe(e, &c.c);
			pass_entry_clear(&c);
			break;
		case PASS_READ_CONFLICT:
			e->conflict = why;
			why = NULL;
			break;
		default:
			unread++;
		}
		g_free(why);
	}
	pass_watchdog(0);
	close(root);
	g_free(rootpath);
	if (!*entries)
		return -1;
	stored_sort(*entries);
	if (unread)
		*err = g_strdup_printf("%d entr%s could not be decrypted here: listed by %s file "
		                       "name%s, unchecked",
		                       unread, unread == 1 ? "y" : "ies",
		                       unread == 1 ? "its" : "their", unread == 1 ? "" : "s");
	return 0;
}
