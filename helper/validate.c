/*
 * validate.c: validation as the main program sees it.
 *
 * Why a separate process: linking libcurl costs every start about 7 ms and
 * some 28 shared objects, more than glib and libsecret together, and a
 * plain get must not pay for it.  So the check itself lives in
 * jira-credential-validate (validator.c), installed in
 * PREFIX/libexec/jira-credential and found next to this program's own
 * binary.  It gets the request, secret included, on a pipe (never in argv
 * or the environment), and answers non-secret facts on another pipe; its
 * exit code is the verdict and its stderr the user's message.
 *
 * This file also owns the cache of recent successes: one file per success
 * in $XDG_RUNTIME_DIR/jira-credential (else the user cache directory),
 * named by an HMAC-SHA256 of the domain and the Authorization value under
 * a random key kept beside it.  A file holds only non-secret facts; its
 * mtime is the time of the check.  Failures are never written.
 */
#define _GNU_SOURCE /* explicit_bzero */
#include "validate.h"
#include "../proto/domain.h"
#include "../proto/header.h"
#include "../proto/input.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define VALIDATOR       "jira-credential-validate"
#define CACHE_KEY_BYTES 32

void facts_clear(struct facts *f)
{
	g_free(f->display_name);
	g_free(f->account_id);
	g_free(f->email);
	g_free(f->api_base);
	memset(f, 0, sizeof(*f));
}

/* ---- the cache ---------------------------------------------------------- */

static char *cache_dir(void)
{
	const char *run = g_getenv("XDG_RUNTIME_DIR");

	if (run && *run && g_file_test(run, G_FILE_TEST_IS_DIR))
		return g_build_filename(run, "jira-credential", NULL);
	return g_build_filename(g_get_user_cache_dir(), "jira-credential", NULL);
}

/* Makes the key file: written aside, then linked into place if still absent. */
static void cache_key_create(const char *dir, const char *path)
{
	char *tmp = g_build_filename(dir, "key.XXXXXX", NULL);
	guchar key[CACHE_KEY_BYTES];
	int fd;

	if (g_mkdir_with_parents(dir, 0700) == 0 &&
	    (fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600)) >= 0) {
		int ok = getrandom(key, sizeof(key), 0) == sizeof(key) &&
		         write(fd, key, sizeof(key)) == sizeof(key);

		close(fd);
		if (ok)
			(void)!link(tmp, path); /* fails when another process won: its key stays */
		unlink(tmp);
	}
	explicit_bzero(key, sizeof(key));
	g_free(tmp);
}

/* The random HMAC key; made on first use when create is set. */
static guchar *cache_key(const char *dir, int create)
{
	char *path = g_build_filename(dir, "key", NULL);
	guchar *key = g_malloc(CACHE_KEY_BYTES);
	ssize_t n = -1;
	int fd;

	if (create && access(path, F_OK) != 0)
		cache_key_create(dir, path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
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

static char *cache_entry(const struct credential *c, int create)
{
	char *dir = cache_dir(), *prefix, *mac, *name, *auth, *path = NULL;
	guchar *key = cache_key(dir, create);
	GHmac *h;

	if (key) {
		h = g_hmac_new(G_CHECKSUM_SHA256, key, CACHE_KEY_BYTES);
		auth = auth_header_value(c->type, c->username, c->password);
		g_hmac_update(h, (const guchar *)c->host, strlen(c->host) + 1);
		g_hmac_update(h, (const guchar *)auth, strlen(auth) + 1);
		if (c->api_base)
			g_hmac_update(h, (const guchar *)c->api_base, strlen(c->api_base));
		secret_free(auth);
		mac = g_strdup(g_hmac_get_string(h));
		g_hmac_unref(h);
		prefix = domain_prefix(c);
		name = g_strconcat(prefix, mac, NULL);
		path = g_build_filename(dir, name, NULL);
		g_free(name);
		g_free(prefix);
		g_free(mac);
		explicit_bzero(key, CACHE_KEY_BYTES);
		g_free(key);
	}
	g_free(dir);
	return path;
}

static enum cred_status fact_set(void *ud, const char *key, const char *value, char **err)
{
	struct facts *f = ud;
	char **slot = !strcmp(key, "display_name") ? &f->display_name
	              : !strcmp(key, "account_id") ? &f->account_id
	              : !strcmp(key, "email")      ? &f->email
	              : !strcmp(key, "api_base")   ? &f->api_base
	                                           : NULL;

	(void)err;
	if (slot) {
		g_free(*slot);
		*slot = g_strdup(value);
	}
	return CRED_OK;
}

static int parse_facts(const char *buf, size_t len, struct facts *f)
{
	char *err = NULL;
	int rc = kv_parse(buf, len, fact_set, f, &err) == CRED_OK ? 0 : -1;

	g_free(err);
	return rc;
}

static int cache_lookup(const struct options *o, const struct credential *c, struct facts *f)
{
	char *path, *buf = NULL;
	gsize len;
	struct stat st;
	time_t now = time(NULL);
	int hit = 0;

	if (o->cache_ttl <= 0 || !(path = cache_entry(c, 0)))
		return 0;
	if (stat(path, &st) == 0 && st.st_mtime <= now && now - st.st_mtime < o->cache_ttl &&
	    g_file_get_contents(path, &buf, &len, NULL))
		hit = parse_facts(buf, len, f) == 0;
	g_free(buf);
	g_free(path);
	return hit;
}

static void fact_line(GString *s, const char *key, const char *value)
{
	if (cred_write_kv(s, key, value ? value : "") < 0)
		cred_write_kv(s, key, "");
}

static void cache_store(const struct options *o, const struct credential *c, const struct facts *f)
{
	char *path, *tmp;
	GString *s;
	int fd;

	if (o->cache_ttl <= 0 || !(path = cache_entry(c, 1)))
		return;
	s = g_string_new(NULL);
	fact_line(s, "display_name", f->display_name);
	fact_line(s, "account_id", f->account_id);
	fact_line(s, "email", f->email);
	if (f->api_base)
		fact_line(s, "api_base", f->api_base);
	tmp = g_strconcat(path, ".XXXXXX", NULL);
	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0) {
		int ok = write(fd, s->str, s->len) == (ssize_t)s->len;

		close(fd);
		if (!ok || rename(tmp, path))
			unlink(tmp);
	}
	g_string_free(s, TRUE);
	g_free(tmp);
	g_free(path);
}

void validate_forget(const struct credential *c)
{
	char *dir = cache_dir(), *prefix = domain_prefix(c);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		if (g_str_has_prefix(name, prefix)) {
			char *path = g_build_filename(dir, name, NULL);

			unlink(path);
			g_free(path);
		}
	if (d)
		g_dir_close(d);
	g_free(prefix);
	g_free(dir);
}

/* ---- the validator process ---------------------------------------------- */

static char *validator_path(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	char *dir, *path;

	if (!exe)
		return NULL;
	dir = g_path_get_dirname(exe);
	path = g_build_filename(dir, "..", "libexec", "jira-credential", VALIDATOR, NULL);
	g_free(dir);
	g_free(exe);
	return path;
}

static GString *validator_request(const struct options *o, const struct credential *c, int wait)
{
	GString *s = g_string_sized_new(CRED_ANSWER_MAX); /* holds the header: never moved */
	char *base = domain_format(c->protocol, c->host, c->path);
	char *auth = auth_header_value(c->type, c->username, c->password);
	char num[32];

	cred_write_kv(s, "base", base);
	cred_write_kv(s, "type", c->type);
	cred_write_kv(s, "username", c->username);
	cred_write_kv(s, "api_base", c->api_base);
	cred_write_kv(s, "cacert", o->cacert);
	snprintf(num, sizeof(num), "%d", wait);
	cred_write_kv(s, "wait", num);
	snprintf(num, sizeof(num), "%d", o->timeout);
	cred_write_kv(s, "timeout", num);
	cred_write_kv(s, "allow_http", o->allow_http ? "1" : "0");
	cred_write_kv(s, "verbose", o->verbose ? "1" : "0");
	cred_write_kv(s, "authorization", auth);
	secret_free(auth);
	g_free(base);
	return s;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the validator died; its exit status tells */
		p += w;
		n -= w;
	}
}

/* Runs the validator; returns its exit code and fills f on success. */
static int run_validator(const struct options *o, const struct credential *c, int wait,
                         struct facts *f)
{
	char *path = validator_path(), *out = NULL, *err = NULL;
	char *argv[] = {VALIDATOR, NULL};
	int in[2], res[2], status, rc;
	posix_spawn_file_actions_t fa;
	size_t len = 0;
	GString *req;
	pid_t pid;

	if (!path || access(path, X_OK))
		fail(EXIT_NETWORK, "cannot run %s (%s); reinstall jira-credential", VALIDATOR,
		     path ? path : "no path");
	if (pipe2(in, O_CLOEXEC) || pipe2(res, O_CLOEXEC))
		fail(EXIT_NETWORK, "cannot make a pipe: %s", g_strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, res[1], STDOUT_FILENO);
	rc = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(res[1]);
	if (rc)
		fail(EXIT_NETWORK, "cannot run %s: %s", path, g_strerror(rc));
	req = validator_request(o, c, wait);
	write_all(in[1], req->str, req->len);
	explicit_bzero(req->str, req->len);
	g_string_free(req, TRUE);
	close(in[1]);
	if (block_read_fd(res[0], &out, &len, &err))
		g_free(err);
	close(res[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	g_free(path);
	if (!WIFEXITED(status))
		fail(EXIT_NETWORK, "the validator died (signal %d); run with --verbose to see why",
		     WTERMSIG(status));
	rc = WEXITSTATUS(status);
	if (rc == EXIT_OK && out)
		parse_facts(out, len, f);
	block_free(out, len);
	return rc;
}

static int check(const struct options *o, struct credential *c, int wait, struct facts *f)
{
	int rc;

	if (!strcmp(c->protocol, "http") && !o->allow_http)
		fail(EXIT_USAGE,
		     "refusing to send a credential over plain http:// to %s; use "
		     "https, or --allow-http if you really mean it",
		     c->host);
	if (strcmp(c->protocol, "http") && strcmp(c->protocol, "https"))
		fail(EXIT_USAGE, "cannot validate a %s:// credential; Jira speaks https",
		     c->protocol);
	if (cache_lookup(o, c, f)) {
		if (o->verbose)
			fputs("jira-credential: validation answered from the cache (--cache-ttl)\n",
			      stderr);
		return EXIT_OK;
	}
	rc = run_validator(o, c, wait, f);
	if (rc == EXIT_OK) {
		if (f->api_base && !c->api_base)
			c->api_base = g_strdup(f->api_base);
		cache_store(o, c, f);
	}
	return rc;
}

int validate_for_get(const struct options *o, struct credential *c, struct facts *f)
{
	return check(o, c, o->wait >= 0 ? o->wait : 0, f);
}

int validate_for_store(const struct options *o, struct credential *c, struct facts *f)
{
	return check(o, c, o->wait >= 0 ? o->wait : 60, f);
}
