/*
 * cmd_get.c: the get action, and the two that answer the same way: exec
 * (the credential in a command's environment instead of on stdout) and
 * capability (git's question about what get can answer).  Looks the
 * request up in the store, applies expiry, validates when asked, and
 * answers in the chosen format.
 */
#define _GNU_SOURCE /* execvpe, close_range */
#include "validation.h"
#include "actions.h"
#include "validate/mcache.h"
#include "validate/mint.h"
#include "output.h"
#include "validate/verify.h"
#include "proto/domain.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EXPIRY_WARN_DAYS    14
#define TOKEN_AGE_WARN_DAYS 350 /* Atlassian's API tokens last a year at most */

/* What may hold a secret, cleared at exit whatever the path. */
static struct credential found;
static GString *answer;

static void clear_found(void)
{
	cred_clear(&found);
	secret_buf_free(answer);
	answer = NULL;
}

/* Seconds until the credential expires; LLONG_MAX when it never does. */
static long long expires_in(const struct credential *c)
{
	if (!c->password_expiry_utc)
		return LLONG_MAX;
	return (long long)g_ascii_strtoll(c->password_expiry_utc, NULL, 10) - (long long)time(NULL);
}

/*
 * A Cloud API token whose expiry nobody recorded: once it was stored more
 * than TOKEN_AGE_WARN_DAYS ago, it may stop working any day.
 */
static void check_age(const struct credential *c, const char *domain)
{
	long long days;

	if (c->type != JIRA_CLOUD || c->password_expiry_utc || c->stored_us <= 0)
		return;
	days = (long long)((g_get_real_time() - c->stored_us) / G_USEC_PER_SEC / 86400);
	if (days > TOKEN_AGE_WARN_DAYS)
		warnx_("the API token for %s was stored %lld days ago, and Atlassian's API tokens "
		       "expire within a year: when it stops working, %s (with "
		       "--expires=YYYY-MM-DD, to be warned before)",
		       domain, days, jira_renew_advice(c->type));
}

/* A personal access token this program made: rotate can renew it. */
static int made_here(const struct credential *c)
{
	return c->type == JIRA_PAT && c->pat_id;
}

/* Warns near expiry; after it, answers nothing (a git get) or exits 1. */
static void check_expiry(int git, const struct credential *c)
{
	long long left = expires_in(c);
	char *domain = domain_format(c->protocol, c->host, c->path);

	check_age(c, domain);
	if (left <= 0) {
		if (made_here(c)) /* an expired token cannot make its successor */
			warnx_("the personal access token for %s expired; make a new one with: "
			       "jira-credential login --create-pat %s",
			       domain, domain);
		else
			warnx_("the credential for %s expired; %s", domain,
			       jira_renew_advice(c->type));
		g_free(domain);
		leave(git ? EXIT_OK : EXIT_NOMATCH);
	}
	if (left <= EXPIRY_WARN_DAYS * 86400LL && made_here(c))
		warnx_("the personal access token for %s expires in %lld day(s); rotate it: "
		       "jira-credential rotate %s",
		       domain, (left + 86399) / 86400, domain);
	else if (left <= EXPIRY_WARN_DAYS * 86400LL)
		warnx_("the credential for %s expires in %lld day(s); %s", domain,
		       (left + 86399) / 86400, jira_renew_advice(c->type));
	g_free(domain);
}

/* get --validate: Jira's verdict, and the gateway URL it taught us kept. */
static int validate(const struct options *o, const struct store *st, struct facts *facts)
{
	char *err = NULL;
	int rc = verdict_exit(verify_credential(VSETTINGS(o), &found, VERIFY_FOR_GET, facts, &err));

	if (rc != EXIT_OK) {
		if (found.type == JIRA_SERVICE && rc == EXIT_REJECTED)
			mcache_forget(&found); /* refused: the next get mints a new one */
		if (err)
			fail(rc, "%s", err);
		return rc;
	}
	if (facts->api_base && !found.api_base) {
		found.api_base = g_strdup(facts->api_base);
		if (st->remember_api_base && st->remember_api_base(&found, found.api_base, &err))
			warnx_("could not remember the gateway URL: %s", err);
	}
	return EXIT_OK;
}

/*
 * A store's reasons why nothing answers (several lines), told: git goes
 * on to its next helper (EXIT_NOMATCH for the caller), any other format
 * exits 1 with the last of them.
 */
static int said_why(int git, char *why)
{
	char **lines = g_strsplit(why, "\n", -1);
	guint n = g_strv_length(lines);

	for (guint i = 0; i < n; i++)
		if (git || i + 1 < n)
			warnx_("%s", lines[i]);
	if (!git)
		fail(EXIT_NOMATCH, "%s", lines[n - 1]);
	g_strfreev(lines);
	g_free(why);
	return EXIT_NOMATCH;
}

/*
 * A service credential's access token into found: reused while it lasts,
 * else minted (one request; where calls go is asked and kept the first
 * time).  Returns EXIT_OK, or the exit code after saying why.
 */
static int service_token(const struct options *o, const struct store *st)
{
	char *err = NULL;
	int learned, rc = verdict_exit(mint_token(VSETTINGS(o), &found, &learned, &err));

	if (rc != EXIT_OK) {
		if (err)
			fail(rc, "%s", err);
		return rc;
	}
	if (learned && st->remember_api_base && st->remember_api_base(&found, found.api_base, &err))
		warnx_("could not remember where the service account's calls go: %s", err);
	return EXIT_OK;
}

/*
 * A token git handed over as authtype/credential goes back only that
 * way; so does a service account's, which only a Bearer header carries.
 */
static int needs_authtype(const struct credential *c)
{
	return c->from_authtype || c->type == JIRA_SERVICE;
}

/*
 * Nothing answers req: why, when what is stored answers nothing (err);
 * else silence for git, which asks the next helper or the user, and for
 * anyone else a line saying how to store one.  Returns EXIT_NOMATCH or
 * the exit code of said_why().
 */
static int say_missing(int git, const struct credential *req, char *err)
{
	char *d;

	if (err) /* one line each */
		return said_why(git, err);
	if (git)
		return EXIT_NOMATCH;
	d = domain_format(req->protocol, req->host, req->path);
	fail(EXIT_NOMATCH, "no credential stored for %s; store one with: jira-credential store %s",
	     d, d);
}

/*
 * What get and exec answer with, into found: the store's best match for
 * the request, expiry applied, validated when asked.  git is set for a
 * git-format get, which answers a miss with nothing (exit 0).  Returns
 * EXIT_OK, or the exit code after saying why.
 */
static int find(const struct options *o, const char *domain, int git, struct credential **reqp,
                struct facts *facts)
{
	struct credential *req = request_read(domain, domain == NULL);
	const struct store *st;
	char *err = NULL;
	int rc;

	*reqp = req;
	request_require_origin(req, "get");
	st = request_store(o);
	clear_at_exit(clear_found);
	rc = st->lookup(req, &found, &err);
	if (rc < 0)
		fail(EXIT_KEYRING, "%s", err);
	if (rc == 1 && git && needs_authtype(&found) && !cred_has_capability(req, "authtype"))
		rc = 0;
	if (rc == 0)
		return say_missing(git, req, err);
	found.type = cred_type(&found);
	check_expiry(git, &found);
	if (found.type == JIRA_SERVICE && (rc = service_token(o, st)) != EXIT_OK)
		return rc;
	if (o->validate || req->validate)
		return validate(o, st, facts);
	return EXIT_OK;
}

int op_get(const struct options *o, const char *domain)
{
	struct credential *req;
	struct facts facts = {0};
	char *err = NULL;
	int rc = find(o, domain, o->format == FMT_GIT, &req, &facts);

	if (rc == EXIT_NOMATCH)
		return EXIT_OK; /* only a git get comes back with a miss */
	if (rc != EXIT_OK)
		return rc;
	answer = secret_buf_new();
	if (output_render(&found, req, &facts, o->format, answer, &err))
		fail(o->format == FMT_NETRC ? EXIT_USAGE : EXIT_NOMATCH, "%s", err);
	facts_clear(&facts);
	emit(answer);
	return EXIT_OK;
}

/*
 * The command's environment: the one we were started with (not a variable
 * set since, such as GPG_TTY) without any variable of the names exec sets
 * (output.h), then the credential's: a JIRA_HOST or JIRA_USERNAME the
 * caller had cannot send the token to another site or as Basic.  Only the
 * command gets it: this process becomes the command.
 */
static char **command_env(const struct credential *c)
{
	char *values[ENV_VARS];
	GPtrArray *env = g_ptr_array_new();

	env_values(c, values);
	for (char **e = caller_environ(); *e; e++) {
		int ours = 0;

		for (int i = 0; i < ENV_VARS; i++) {
			size_t n = strlen(env_names[i]);

			ours |= !strncmp(*e, env_names[i], n) && (*e)[n] == '=';
		}
		if (!ours)
			g_ptr_array_add(env, *e);
	}
	for (int i = 0; i < ENV_VARS; i++) {
		if (values[i]) /* none for c: the caller's own is gone too */
			g_ptr_array_add(env, g_strconcat(env_names[i], "=", values[i], NULL));
		secret_free(values[i]);
	}
	g_ptr_array_add(env, NULL);
	return (char **)g_ptr_array_free(env, FALSE);
}

/*
 * Every descriptor above stderr (the keyring's D-Bus socket, our pipes)
 * is closed by the exec itself: marked close-on-exec, not closed now.
 * GDBus's thread still runs until then; closed under it, the socket sent
 * it down its error path, which opens a file of glibc's without
 * close-on-exec (the gconv cache), and the command now and then inherited
 * that descriptor.
 */
static void close_others(void)
{
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return;
	for (long fd = 3, max = sysconf(_SC_OPEN_MAX); fd < max; fd++)
		fcntl((int)fd, F_SETFD, FD_CLOEXEC);
}

/* The command's environment: execve's argument, held until the process is the command. */
static char **command_environment;

int op_exec(const struct options *o, const char *domain)
{
	struct credential *req;
	struct facts facts = {0};
	int rc;

	if (!domain)
		fail(EXIT_USAGE, "exec needs the Jira base URL: jira-credential exec DOMAIN -- "
		                 "COMMAND [ARGS...]");
	rc = find(o, domain, 0, &req, &facts);
	facts_clear(&facts);
	if (rc != EXIT_OK)
		return rc;
	command_environment = command_env(&found);
	clear_found();
	fflush(NULL);
	close_others();
	unharden(); /* signals and mask as the caller had them */
	execvpe(o->command[0], o->command, command_environment);
	/* Still here: the command did not start.  Its token must not stay. */
	signal(SIGPIPE, SIG_IGN); /* a closed stderr is not a reason to die */
	for (char **e = command_environment; *e; e++)
		if (g_str_has_prefix(*e, "JIRA_API_TOKEN=") ||
		    g_str_has_prefix(*e, "JIRA_PERSONAL_TOKEN="))
			explicit_bzero(*e, strlen(*e));
	fail(errno == ENOENT ? 127 : 126, "cannot run %s: %s", o->command[0], g_strerror(errno));
}

int op_capability(const struct options *o, const char *domain)
{
	GString *s = g_string_new("version 0\ncapability authtype\n");

	(void)o;
	(void)domain;
	emit(s);
	g_string_free(s, TRUE);
	return EXIT_OK;
}
