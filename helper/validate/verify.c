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

GString *validator_request_new(const struct options *o, const struct credential *c, const char *op)
{
	GString *s = secret_buf_new(); /* it will hold a secret */
	char *base = domain_format(c->protocol, c->host, c->path);
	char num[32];

	cred_write_kv(s, "op", op);
	cred_write_kv(s, "base", base);
	cred_write_kv(s, "type", jira_type_name(cred_type(c)));
	cred_write_kv(s, "username", c->username);
	cred_write_kv(s, "api_base", c->api_base);
	cred_write_kv(s, "cacert", o->cacert);
	cred_write_kv(s, "client_cert", c->client_cert);
	cred_write_kv(s, "client_key", c->client_key);
	snprintf(num, sizeof(num), "%d", o->timeout);
	cred_write_kv(s, "timeout", num);
	cred_write_kv(s, "allow_http", o->allow_http ? "1" : "0");
	cred_write_kv(s, "verbose", o->verbose ? "1" : "0");
	g_free(base);
	return s;
}

static GString *validator_request(const struct options *o, const struct credential *c, int wait,
                                  enum verify_purpose why)
{
	GString *s = validator_request_new(o, c, "validate");
	char *auth = auth_header_of(c);
	char num[32];

	snprintf(num, sizeof(num), "%d", wait);
	cred_write_kv(s, "wait", num);
	cred_write_kv(s, "guessed", c->type_guessed ? "1" : "0");
	cred_write_kv(s, "stored", why == VERIFY_FOR_GET ? "1" : "0");
	cred_write_kv(s, "authorization", auth);
	secret_free(auth);
	return s;
}

static void close_pair(int p[2])
{
	for (int i = 0; i < 2; i++)
		if (p[i] >= 0)
			close(p[i]);
}

int validator_call(const GString *req, char **out, size_t *len, char **err)
{
	char *path = validator_path(), *rerr = NULL;
	char *argv[] = {VALIDATOR, NULL};
	int in[2] = {-1, -1}, res[2] = {-1, -1}, status, rc;
	posix_spawn_file_actions_t fa;
	pid_t pid;

	*out = NULL;
	*len = 0;
	if (!path || access(path, X_OK)) {
		*err = g_strdup_printf("cannot run %s (%s); reinstall jira-credential", VALIDATOR,
		                       path ? path : "no path");
		g_free(path);
		return EXIT_NETWORK;
	}
	if (pipe2(in, O_CLOEXEC) || pipe2(res, O_CLOEXEC)) {
		*err = g_strdup_printf("cannot make a pipe: %s", g_strerror(errno));
		close_pair(in);
		g_free(path);
		return EXIT_NETWORK;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, res[1], STDOUT_FILENO);
	rc = posix_spawn(&pid, path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		*err = g_strdup_printf("cannot run %s: %s", path, g_strerror(rc));
		close_pair(in);
		close_pair(res);
		g_free(path);
		return EXIT_NETWORK;
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
	if (!WIFEXITED(status)) {
		*err =
		    g_strdup_printf("the validator died (signal %d); run with --verbose to see why",
		                    WTERMSIG(status));
		rc = EXIT_NETWORK;
	} else
		rc = WEXITSTATUS(status);
	return rc;
}

/* Runs the validator on c; returns its exit code and fills f on success. */
static int run_validator(const struct options *o, const struct credential *c, int wait,
                         enum verify_purpose why, struct facts *f, char **err)
{
	GString *req = validator_request(o, c, wait, why);
	char *out = NULL;
	size_t len = 0;
	int rc = validator_call(req, &out, &len, err);

	secret_buf_free(req);
	if (rc == EXIT_OK && out)
		facts_parse(out, len, f);
	block_free(out, len);
	return rc;
}

int verify_allowed(const struct options *o, const struct credential *c, char **err)
{
	if (!strcmp(c->protocol, "http") && !o->allow_http) {
		*err =
		    g_strdup_printf("refusing to send a credential over plain http:// to %s; use "
		                    "https, or --allow-http if you really mean it",
		                    c->host);
		return EXIT_USAGE;
	}
	if (strcmp(c->protocol, "http") && strcmp(c->protocol, "https")) {
		*err = g_strdup_printf("cannot validate a %s:// credential; Jira speaks https",
		                       c->protocol);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int verify_credential(const struct options *o, const struct credential *c, enum verify_purpose why,
                      struct facts *f, char **err)
{
	int wait = o->wait >= 0 ? o->wait : why == VERIFY_FOR_STORE ? STORE_WAIT_SECONDS : 0;
	int rc;

	if ((rc = verify_allowed(o, c, err)))
		return rc;
	if (vcache_lookup(o, c, f)) {
		if (o->verbose)
			warnx_("validation answered from the cache (--cache-ttl)");
		return EXIT_OK;
	}
	rc = run_validator(o, c, wait, why, f, err);
	if (rc == EXIT_OK)
		vcache_save(o, c, f);
	return rc;
}
