/*
 * vcache.c: the cache of recent successes: one file per success in
 * $XDG_RUNTIME_DIR/jira-credential (else the user cache directory), named
 * by an HMAC-SHA256 of the domain and the Authorization value under a
 * random key kept beside it.  A file holds only non-secret facts; its
 * mtime is the time of the check.  Failures are never written.
 *
 * The directory and its files are trusted only when they are ours: the
 * directory owned by this user and writable by nobody else, each file a
 * regular file of this user with mode 0600, opened without following a
 * link and without blocking (a FIFO planted as the key must not hang a
 * get).  When that does not hold, there is no cache: every check asks
 * Jira, and --verbose says why.
 */
#define _GNU_SOURCE /* explicit_bzero, O_DIRECTORY */
#include "vcache.h"
#include "sys/msg.h"
#include "sys/trust.h"
#include "proto/domain.h"
#include "proto/header.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_KEY_BYTES VCACHE_KEY_BYTES
#define CACHE_ENTRY_MAX 4096 /* bytes of facts in one entry */

static int verbose;
static const char *which = "the validation cache"; /* or the minted tokens' (mcache.c) */

static void untrusted(const char *what, const char *why)
{
	if (verbose)
		warnx_("not using %s: %s %s", which, what, why);
}

void vcache_trust_verbose(int on, const char *cache)
{
	verbose = on;
	which = cache;
}

/* The cache directory (made when missing and create is set); NULL when absent or not ours alone. */
static char *cache_dir(int create)
{
	const char *run = g_getenv("XDG_RUNTIME_DIR");
	char *base = run && *run && g_file_test(run, G_FILE_TEST_IS_DIR)
	                 ? g_strdup(run)
	                 : g_strdup(g_get_user_cache_dir());
	char *dir = vcache_dir_at(base, create, S_IWGRP | S_IWOTH);

	g_free(base);
	return dir;
}

char *vcache_dir_at(const char *base, int create, mode_t forbidden)
{
	char *dir = g_build_filename(base, "jira-credential", NULL);
	enum trust_fail fail;
	int fd;

	if (create)
		g_mkdir_with_parents(base, 0700);
	if (create && mkdir(dir, 0700) && errno != EEXIST) {
		g_free(dir);
		return NULL;
	}
	fd = trust_openat(AT_FDCWD, dir, O_RDONLY, TRUST_DIR, forbidden, NULL, &fail);
	if (fd < 0 && fail == TRUST_NOT_OPENED && errno == ENOENT && !create) {
		g_free(dir);
		return NULL;
	}
	if (fd < 0) {
		untrusted(dir, fail == TRUST_NOT_OPENED
		                   ? "is not a directory (or is a link)"
		                   : "is not owned by you alone (owner or mode)");
		g_free(dir);
		return NULL;
	}
	close(fd);
	return dir;
}

int vcache_open_trusted(const char *path, struct stat *st)
{
	enum trust_fail fail;
	int fd = trust_openat(AT_FDCWD, path, O_RDONLY, TRUST_FILE, 077, st, &fail);

	if (fd < 0 && fail != TRUST_NOT_OPENED)
		untrusted(path, "is not a regular file of yours with mode 0600");
	return fd;
}

/* Makes the key file: written aside, then linked into place if still absent. */
static void cache_key_create(const char *dir, const char *path)
{
	char *tmp = g_build_filename(dir, "key.XXXXXX", NULL);
	guchar key[CACHE_KEY_BYTES];
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);

	if (fd >= 0) {
		int ok = getrandom(key, sizeof(key), 0) == sizeof(key) &&
		         write_full(fd, key, sizeof(key)) == 0;

		close(fd);
		if (ok)
			(void)!link(tmp, path); /* fails when another process won: its key stays */
		unlink(tmp);
	}
	explicit_bzero(key, sizeof(key));
	g_free(tmp);
}

guchar *vcache_key(const char *dir, int create)
{
	char *path = g_build_filename(dir, "key", NULL);
	guchar *key = g_malloc(CACHE_KEY_BYTES);
	struct stat st;
	ssize_t n = -1;
	int fd;

	if (create && lstat(path, &st) && errno == ENOENT)
		cache_key_create(dir, path);
	if ((fd = vcache_open_trusted(path, &st)) >= 0) {
		n = read(fd, key, CACHE_KEY_BYTES);
		close(fd);
	}
	g_free(path);
	if (n != CACHE_KEY_BYTES) {
		explicit_bzero(key, CACHE_KEY_BYTES);
		g_free(key);
		return NULL;
	}
	return key;
}

/* "<id of the domain>-" : every entry of one domain starts with it. */
static char *domain_prefix(const struct credential *c)
{
	char *domain = domain_format(c->protocol, c->host, c->path);
	char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, domain, -1);
	char *prefix = g_strdup_printf("%.16s-", sum);

	g_free(sum);
	g_free(domain);
	return prefix;
}

char *vcache_path(const char *dir, const char *prefix, const char *const *parts, int n, int create)
{
	guchar *key = vcache_key(dir, create);
	char *name, *path;
	GHmac *h;

	if (!key)
		return NULL;
	h = g_hmac_new(G_CHECKSUM_SHA256, key, CACHE_KEY_BYTES);
	for (int i = 0; i < n; i++) /* each with its NUL: no two lists hash alike */
		g_hmac_update(h, (const guchar *)(parts[i] ? parts[i] : ""),
		              parts[i] ? strlen(parts[i]) + 1 : 1);
	/*
	 * The parts hold secrets, and the checksum keeps the last bytes it was
	 * given in a 64-byte block of its own, which it frees uncleared: a
	 * block's worth of bytes given one at a time go through that block
	 * and leave none of them there (t-freed checks).
	 */
	for (int i = 0; i < 64; i++)
		g_hmac_update(h, (const guchar *)"", 1);
	name = g_strconcat(prefix, g_hmac_get_string(h), NULL);
	path = g_build_filename(dir, name, NULL);
	g_hmac_unref(h);
	g_free(name);
	explicit_bzero(key, CACHE_KEY_BYTES);
	g_free(key);
	return path;
}

/* The entry's path for c checked against api_base (NULL: c's own). */
static char *cache_entry(const struct credential *c, const char *api_base, int create)
{
	char *dir = cache_dir(create), *prefix, *auth, *path = NULL;

	if (dir) {
		auth = auth_header_of(c);
		prefix = domain_prefix(c);
		path =
		    vcache_path(dir, prefix, (const char *[]){c->host, auth, api_base}, 3, create);
		secret_free(auth);
		g_free(prefix);
	}
	g_free(dir);
	return path;
}

int vcache_lookup(const struct vsettings *vs, const struct credential *c, struct facts *f)
{
	char buf[CACHE_ENTRY_MAX], *path;
	struct stat st;
	time_t now = time(NULL);
	ssize_t n;
	int fd, hit = 0;

	vcache_trust_verbose(vs->verbose, "the validation cache");
	if (vs->cache_ttl <= 0 || !(path = cache_entry(c, c->api_base, 0)))
		return 0;
	fd = vcache_open_trusted(path, &st);
	if (fd >= 0 && st.st_mtime <= now && now - st.st_mtime < vs->cache_ttl) {
		n = read(fd, buf, sizeof(buf));
		hit = n >= 0 && (size_t)n < sizeof(buf) && facts_parse(buf, n, f) == 0;
	}
	if (fd >= 0)
		close(fd);
	g_free(path);
	return hit;
}

void vcache_save(const struct vsettings *vs, const struct credential *c, const struct facts *f)
{
	char *path, *tmp;
	GString *s;
	int fd;

	vcache_trust_verbose(vs->verbose, "the validation cache");
	if (vs->cache_ttl <= 0 ||
	    !(path = cache_entry(c, c->api_base ? c->api_base : f->api_base, 1)))
		return;
	s = g_string_new(NULL);
	facts_write(s, f);
	tmp = g_strconcat(path, ".XXXXXX", NULL);
	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0) {
		int ok = s->len < CACHE_ENTRY_MAX && write_full(fd, s->str, s->len) == 0;

		close(fd);
		if (!ok || rename(tmp, path))
			unlink(tmp);
	}
	g_string_free(s, TRUE);
	g_free(tmp);
	g_free(path);
}

void vcache_remove_prefixed(const char *dir, const char *prefix)
{
	GDir *d = dir ? g_dir_open(dir, 0, NULL) : NULL;
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		if (g_str_has_prefix(name, prefix)) {
			char *path = g_build_filename(dir, name, NULL);

			unlink(path);
			g_free(path);
		}
	if (d)
		g_dir_close(d);
}

void vcache_forget(const struct credential *c)
{
	char *dir = cache_dir(0), *prefix = domain_prefix(c);

	vcache_remove_prefixed(dir, prefix);
	g_free(prefix);
	g_free(dir);
}
