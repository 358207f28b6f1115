/*
 * verify.c: validation as the main program sees it (see verify.h).  The
 * check itself lives in jira-credential-validate, installed in
 * PREFIX/libexec/jira-credential and found next to this program's own
 * binary.  It gets the request, secret included, on a pipe, and answers
 * non-secret facts on another pipe; its exit code is the verdict and its
 * stderr the user's message.  The pipe protocol is in docs/design.md.
 */
#define _GNU_SOURCE /* pipe2 */
#include "verify.h"
#include "sys/msg.h"
#include "proto/exitcode.h"
#include "vcache.h"
#include "proto/domain.h"
#include "proto/header.h"
#include "proto/input.h"
#include "sys/limits.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define VALIDATOR "jira-credential-validate"

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

GString *validator_request_new(const struct vsettings *vs, const struct credential *c,
                               const char *op)
{
	GString *s = secret_buf_new(); /* it will hold a secret */
	char *domain = domain_format(c->protocol, c->host, c->path);

	cred_write_kv(s, "op", op);
	cred_write_kv(s, "domain", domain);
	cred_write_kv(s, "type", jira_type_name(cred_type(c)));
	cred_write_kv(s, "username", c->username);
	cred_write_kv(s, "api_base", c->api_base);
	cred_write_kv(s, "cacert", vs->cacert);
	cred_write_kv(s, "client_cert", c->client_cert);
	cred_write_kv(s, "client_key", c->client_key);
	validator_request_int(s, "timeout", vs->timeout);
	validator_request_int(s, "allow_http", !!vs->allow_http);
	validator_request_int(s, "verbose", !!vs->verbose);
	g_free(domain);
	return s;
}

GString *validator_request_cert(const struct credential *c)
{
	GString *s = secret_buf_new();

	cred_write_kv(s, "op", "cert-check");
	validator_request_int(s, "quiet", 1);
	cred_write_kv(s, "client_cert", c->client_cert);
	cred_write_kv(s, "client_key", c->client_key);
	return s;
}

void validator_request_add(GString *req, const char *key, const char *value)
{
	cred_write_kv(req, key, value);
}

void validator_request_int(GString *req, const char *key, int n)
{
	g_string_append_printf(req, "%s=%d\n", key, n);
}

static GString *validator_request(const struct vsettings *vs, const struct credential *c, int wait,
                                  enum verify_purpose why)
{
	GString *s = validator_request_new(vs, c, "validate");
	char *auth = auth_header_of(c);

	validator_request_int(s, "wait", wait);
	validator_request_int(s, "guessed", !!c->type_guessed);
	validator_request_int(s, "stored", why == VERIFY_FOR_GET);
	validator_request_add(s, "authorization", auth);
	secret_free(auth);
	return s;
}

static void close_pair(int p[2])
{
	for (int i = 0; i < 2; i++)
		if (p[i] >= 0)
			close(p[i]);
}

/*
 * The verdict of the validator's exit status: its codes are
 * jira-credential(1)'s (EXIT STATUS), the validator protocol's answer.
 */
static enum verdict verdict_of(int status, char **err)
{
	if (!WIFEXITED(status)) {
		*err =
		    g_strdup_printf("the validator died (signal %d); run with --verbose to see why",
		                    WTERMSIG(status));
		return VERDICT_UNREACHED;
	}
	switch (WEXITSTATUS(status)) {
	case EXIT_OK:
		return VERDICT_OK;
	case EXIT_USAGE:
		return VERDICT_REFUSED;
	case EXIT_REJECTED:
		return VERDICT_REJECTED;
	default:
		return VERDICT_UNREACHED;
	}
}

/* Starts the validator at path with in[0] as its stdin, res[1] as its stdout; 0, or -1 with *err.
 */
static int spawn(const char *path, int in[2], int res[2], pid_t *pid, char **err)
{
	char *argv[] = {VALIDATOR, NULL};
	posix_spawn_file_actions_t fa;
	int rc;

	if (pipe2(in, O_CLOEXEC) || pipe2(res, O_CLOEXEC)) {
		*err = g_strdup_printf("cannot make a pipe: %s", g_strerror(errno));
		close_pair(in);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, res[1], STDOUT_FILENO);
	rc = posix_spawn(pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		*err = g_strdup_printf("cannot run %s: %s", path, g_strerror(rc));
		close_pair(in);
		close_pair(res);
		return -1;
	}
	return 0;
}

enum verdict validator_call(const GString *req, char **out, size_t *len, char **err)
{
	char *path = validator_path(), *rerr = NULL;
	int in[2] = {-1, -1}, res[2] = {-1, -1}, status;
	pid_t pid;

	*out = NULL;
	*len = 0;
	if (!path || access(path, X_OK)) {
		*err = g_strdup_printf("cannot run %s (%s); reinstall jira-credential", VALIDATOR,
		                       path ? path : "no path");
		g_free(path);
		return VERDICT_UNREACHED;
	}
	if (spawn(path, in, res, &pid, err)) {
		g_free(path);
		return VERDICT_UNREACHED;
	}
	g_free(path);
	close(in[0]);
	close(res[1]);
	(void)write_full(in[1], req->str, req->len); /* if it died, its status tells */
	close(in[1]);
	if (block_read_fd(res[0], out, len, &rerr))
		g_free(rerr);
	close(res[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return verdict_of(status, err);
}

/* Runs the validator on c; returns its exit code and fills f on success. */
static enum verdict run_validator(const struct vsettings *vs, const struct credential *c, int wait,
                                  enum verify_purpose why, struct facts *f, char **err)
{
	GString *req = validator_request(vs, c, wait, why);
	char *out = NULL;
	size_t len = 0;
	enum verdict rc = validator_call(req, &out, &len, err);

	secret_buf_free(req);
	if (rc == VERDICT_OK && out)
		facts_parse(out, len, f);
	block_free(out, len);
	return rc;
}

enum verdict verify_allowed(const struct vsettings *vs, const struct credential *c, char **err)
{
	if (!strcmp(c->protocol, "http") && !vs->allow_http) {
		*err =
		    g_strdup_printf("refusing to send a credential over plain http:// to %s; use "
		                    "https, or --allow-http if you really mean it",
		                    c->host);
		return VERDICT_REFUSED;
	}
	if (strcmp(c->protocol, "http") && strcmp(c->protocol, "https")) {
		*err = g_strdup_printf("cannot validate a %s:// credential; Jira speaks https",
		                       c->protocol);
		return VERDICT_REFUSED;
	}
	return VERDICT_OK;
}

enum verdict verify_credential(const struct vsettings *vs, const struct credential *c,
                               enum verify_purpose why, struct facts *f, char **err)
{
	int wait = vs->wait >= 0 ? vs->wait : why == VERIFY_FOR_STORE ? STORE_WAIT_SECONDS : 0;
	enum verdict rc;

	if ((rc = verify_allowed(vs, c, err)))
		return rc;
	if (vcache_lookup(vs, c, f)) {
		if (vs->verbose)
			warnx_("validation answered from the cache (--cache-ttl)");
		return VERDICT_OK;
	}
	rc = run_validator(vs, c, wait, why, f, err);
	if (rc == VERDICT_OK)
		vcache_save(vs, c, f);
	return rc;
}
