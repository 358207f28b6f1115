/*
 * mcache.c: the minted tokens' cache (see mcache.h): one file per service
 * credential in $XDG_RUNTIME_DIR/jira-credential, beside the validation
 * cache, named "t" + the origin's id + "-" + an HMAC-SHA256, under the
 * validation cache's random key, of the domain, client id, client secret
 * and scope: a changed secret never finds an old token, and an erase finds
 * every token of the origin by the name's start.  A file holds the token
 * and its expiry, nothing else.
 *
 * Only a runtime directory in memory (tmpfs or ramfs, as systemd-logind
 * makes /run/user/UID) is used: the token must never reach a disk.  The
 * directory and files must be this user's alone (0700, 0600), opened
 * without following links or blocking: vcache.c's rule, its one owner.
 * Writes go to a file made 0600 aside, renamed into place.
 */
#define _GNU_SOURCE /* explicit_bzero */
#include "mcache.h"
#include "sys/msg.h"
#include "vcache.h"
#include "proto/domain.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define MCACHE_ENTRY_MAX 16384 /* bytes of one file: a token and its expiry */
#define WHICH            "the minted tokens' cache"

struct entry {
	char *access_token;
	char *expiry_utc;
};

static const struct kv_field entry_fields[] = {
    KV_FIELD(struct entry, access_token, KV_SECRET),
    KV_FIELD(struct entry, expiry_utc, KV_TEXT),
    {NULL, 0, 0},
};

/* $XDG_RUNTIME_DIR/jira-credential when the runtime directory is in memory; else NULL. */
static char *token_dir(const struct vsettings *vs, int create)
{
	const char *run = g_getenv("XDG_RUNTIME_DIR");
	struct statfs fs;

	vcache_trust_verbose(vs ? vs->verbose : 0, WHICH);
	if (!run || *run != '/' || statfs(run, &fs) ||
	    (fs.f_type != TMPFS_MAGIC && fs.f_type != RAMFS_MAGIC)) {
		if (vs && vs->verbose)
			warnx_("not keeping minted tokens: %s; every get mints a new token",
			       run && *run ? "$XDG_RUNTIME_DIR is not in memory (tmpfs)"
			                   : "no $XDG_RUNTIME_DIR");
		return NULL;
	}
	return vcache_dir_at(run, create, 077);
}

/* "t<id of the origin>-": every file of one origin starts with it. */
static char *origin_prefix(const struct credential *c)
{
	char *origin = domain_format(c->protocol, c->host, NULL);
	char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, origin, -1);
	char *prefix = g_strdup_printf("t%.16s-", sum);

	g_free(sum);
	g_free(origin);
	return prefix;
}

/* The path of c's file, or NULL when there is no cache. */
static char *token_path(const struct vsettings *vs, const struct credential *c, int create)
{
	char *dir = token_dir(vs, create), *domain, *prefix, *path = NULL;

	if (dir) {
		domain = domain_format(c->protocol, c->host, c->path);
		prefix = origin_prefix(c);
		path = vcache_path(dir, prefix,
		                   (const char *[]){domain, c->username, c->password, c->scope}, 4,
		                   create);
		g_free(prefix);
		g_free(domain);
	}
	g_free(dir);
	return path;
}

int mcache_lookup(const struct vsettings *vs, struct credential *c)
{
	char buf[MCACHE_ENTRY_MAX], *path = token_path(vs, c, 0);
	struct entry e = {0};
	struct stat st;
	ssize_t n = -1;
	int fd, hit = 0;
	char *err = NULL;

	if (!path)
		return 0;
	if ((fd = vcache_open_trusted(path, &st)) >= 0) {
		n = read(fd, buf, sizeof(buf));
		close(fd);
	}
	if (n > 0 && (size_t)n < sizeof(buf) &&
	    kv_bind(buf, (size_t)n, entry_fields, &e, &err) == 0 && e.access_token &&
	    e.expiry_utc &&
	    g_ascii_strtoll(e.expiry_utc, NULL, 10) - (gint64)time(NULL) > MCACHE_MARGIN) {
		secret_free(c->token);
		c->token = g_steal_pointer(&e.access_token);
		g_free(c->token_expiry_utc);
		c->token_expiry_utc = g_steal_pointer(&e.expiry_utc);
		hit = 1;
	}
	if (n > 0)
		explicit_bzero(buf, (size_t)n);
	kv_free(entry_fields, &e);
	g_free(err);
	g_free(path);
	return hit;
}

void mcache_save(const struct vsettings *vs, const struct credential *c)
{
	struct entry e = {c->token, c->token_expiry_utc};
	char *path, *tmp;
	GString *s;
	int fd;

	if (!c->token || !c->token_expiry_utc || !(path = token_path(vs, c, 1)))
		return;
	s = secret_buf_new();
	tmp = g_strconcat(path, ".XXXXXX", NULL);
	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0) {
		int ok = kv_emit(s, entry_fields, &e) == 0 && s->len < MCACHE_ENTRY_MAX &&
		         write_full(fd, s->str, s->len) == 0;

		close(fd);
		if (!ok || rename(tmp, path))
			unlink(tmp);
	}
	secret_buf_free(s);
	g_free(tmp);
	g_free(path);
}

void mcache_forget(const struct credential *c)
{
	char *dir = token_dir(NULL, 0), *prefix = origin_prefix(c);

	vcache_remove_prefixed(dir, prefix);
	g_free(prefix);
	g_free(dir);
}
