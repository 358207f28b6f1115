/*
 * main.c: the command line of jira-credential: options (before or after
 * the action, as with git; "--" ends them), the table of actions, and the
 * way out.  Each action is a file of its own (cmd_*.c); reading is
 * proto/'s, storage the store's (store.h), checking verify.c's and
 * answering output.c's.
 */
#define _GNU_SOURCE /* getopt_long */
#include "jc.h"
#include "actions.h"
#include "output.h"
#include "validate/pat.h"
#include "sys/limits.h"
#include "sys/version.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fputs("usage: jira-credential [OPTIONS] get|store|erase [DOMAIN]\n"
	      "       jira-credential [OPTIONS] list\n"
	      "       jira-credential [OPTIONS] login DOMAIN\n"
	      "       jira-credential [OPTIONS] import-netrc [FILE]\n"
	      "       jira-credential [OPTIONS] exec DOMAIN -- COMMAND [ARGS...]\n"
	      "       jira-credential [OPTIONS] doctor [DOMAIN]\n"
	      "       jira-credential [OPTIONS] rotate DOMAIN\n"
	      "       jira-credential capability\n"
	      "       jira-credential --help | --version\n"
	      "options: --validate --format=git|header|curl|netrc|env|json --wait=SECONDS\n"
	      "         --timeout=SECONDS --cacert=FILE --allow-http --cache-ttl=SECONDS\n"
	      "         --expires=YYYY-MM-DD --type=cloud|server|pat|service --scope=SCOPES\n",
	      f);
	fprintf(f, "         --store=%s --verbose\n", store_names("|", "|"));
	fputs("         --client-cert=FILE --client-key=FILE --create-pat[=DAYS] --revoke\n"
	      "Attributes come on stdin as git's key=value lines; see jira-credential(1).\n",
	      f);
}

static void fail_usage(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void fail_usage(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fail(EXIT_USAGE, "%s (see jira-credential --help)", msg);
}

struct action {
	const char *name;
	int (*run)(const struct options *, const char *domain);
	int takes_arg;     /* DOMAIN, or FILE for import-netrc */
	int takes_command; /* exec: "--" COMMAND [ARGS...] after DOMAIN */
};

static const struct action actions[] = {
    {"get", op_get, 1, 0},       {"store", op_store, 1, 0},
    {"erase", op_erase, 1, 0},   {"list", op_list, 0, 0},
    {"login", op_login, 1, 0},   {"import-netrc", op_import_netrc, 1, 0},
    {"doctor", op_doctor, 1, 0}, {"capability", op_capability, 0, 0},
    {"exec", op_exec, 1, 1},     {"rotate", op_rotate, 1, 0},
    {NULL, NULL, 0, 0},
};

static int parse_seconds(const char *opt, const char *s, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > 86400)
		fail_usage("%s takes a number of seconds from %ld to 86400", opt, min);
	return (int)v;
}

/* A token's lifetime: Jira allows 1 to 365 days unless its administrator says otherwise. */
static int parse_days(const char *opt, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 3650)
		fail_usage("%s takes a number of days from 1 to 3650, as %s=90", opt, opt);
	return (int)v;
}

enum {
	OPT_FORMAT = 256,
	OPT_WAIT,
	OPT_TIMEOUT,
	OPT_CACERT,
	OPT_ALLOW_HTTP,
	OPT_CACHE_TTL,
	OPT_EXPIRES,
	OPT_TYPE,
	OPT_SCOPE,
	OPT_STORE,
	OPT_VERSION,
	OPT_CLIENT_CERT,
	OPT_CLIENT_KEY,
	OPT_CREATE_PAT,
	OPT_REVOKE,
};

static const struct option longopts[] = {
    {"validate", no_argument, NULL, 'v'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"wait", required_argument, NULL, OPT_WAIT},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"cacert", required_argument, NULL, OPT_CACERT},
    {"allow-http", no_argument, NULL, OPT_ALLOW_HTTP},
    {"cache-ttl", required_argument, NULL, OPT_CACHE_TTL},
    {"expires", required_argument, NULL, OPT_EXPIRES},
    {"type", required_argument, NULL, OPT_TYPE},
    {"scope", required_argument, NULL, OPT_SCOPE},
    {"store", required_argument, NULL, OPT_STORE},
    {"verbose", no_argument, NULL, 'V'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"client-cert", required_argument, NULL, OPT_CLIENT_CERT},
    {"client-key", required_argument, NULL, OPT_CLIENT_KEY},
    {"create-pat", optional_argument, NULL, OPT_CREATE_PAT},
    {"revoke", no_argument, NULL, OPT_REVOKE},
    {NULL, 0, NULL, 0},
};

/* Takes an option without a value; returns 0, or -1 when ch is not one. */
static int take_flag(int ch, struct options *o)
{
	switch (ch) {
	case 'v':
		o->validate = 1;
		return 0;
	case 'V':
		o->verbose = 1;
		return 0;
	case OPT_ALLOW_HTTP:
		o->allow_http = 1;
		return 0;
	case OPT_REVOKE:
		o->revoke = 1;
		return 0;
	case 'h':
		usage(stdout);
		exit(EXIT_OK);
	case OPT_VERSION:
		printf("jira-credential %s\n%s\n", JC_VERSION, JC_COPYRIGHT);
		exit(EXIT_OK);
	}
	return -1;
}

/* Takes an option with its value arg, checked here; exits 2 on an unknown one. */
static void take_value(int ch, const char *arg, struct options *o, const char *given)
{
	switch (ch) {
	case OPT_FORMAT:
		if (output_format_parse(arg, &o->format))
			fail_usage(
			    "unknown --format '%s'; use git, header, curl, netrc, env or json",
			    arg);
		o->format_given = 1;
		break;
	case OPT_WAIT:
		o->wait = parse_seconds("--wait", arg, 0);
		break;
	case OPT_TIMEOUT:
		o->timeout = parse_seconds("--timeout", arg, 1);
		break;
	case OPT_CACHE_TTL:
		o->cache_ttl = parse_seconds("--cache-ttl", arg, 0);
		break;
	case OPT_CACERT:
		o->cacert = arg;
		break;
	case OPT_EXPIRES:
		o->expires = arg;
		break;
	case OPT_TYPE:
		if (jira_type_parse(arg, &o->type))
			fail_usage("unknown --type '%s'; use cloud, server, pat or service", arg);
		break;
	case OPT_SCOPE:
		if (!jira_scope_valid(arg))
			fail_usage("--scope takes an OAuth scope, such as WRITE or 'READ WRITE'");
		o->scope = arg;
		break;
	case OPT_STORE:
		if (!store_find(arg))
			fail_usage("unknown --store '%s'; use %s", arg, store_names(", ", " or "));
		o->store = arg;
		break;
	case OPT_CLIENT_CERT:
		o->client_cert = arg;
		break;
	case OPT_CLIENT_KEY:
		o->client_key = arg;
		break;
	case OPT_CREATE_PAT: /* the days are optional */
		o->create_pat = arg ? parse_days("--create-pat", arg) : PAT_DAYS_DEFAULT;
		break;
	default:
		fail_usage("unknown option '%s'", given);
	}
}

static void parse_options(int argc, char **argv, struct options *o)
{
	int ch;

	opterr = 0;
	/* glibc's getopt_long moves the operands after the options it finds anywhere. */
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		if (take_flag(ch, o))
			take_value(ch, optarg, o, argv[optind - 1]);
}

/* git asks helpers to ignore actions they do not know. */
static int called_by_git(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	return g_str_has_prefix(base ? base + 1 : argv0, "git-credential-");
}

/* The action named argv[optind]; NULL for one git may ask and we do not know. */
static const struct action *find_action(int argc, char **argv)
{
	const struct action *a;

	if (optind >= argc)
		fail_usage("no action given");
	for (a = actions; a->name && strcmp(a->name, argv[optind]); a++)
		;
	if (a->name)
		return a;
	if (called_by_git(argv[0]))
		return NULL;
	fail_usage("unknown action '%s'", argv[optind]);
}

/*
 * Checks the operands after action a: DOMAIN (or FILE) when it takes one,
 * exec's command after "--" (dashdash: whether "--" was given).  Returns
 * DOMAIN, or NULL when none.
 */
static const char *take_operands(const struct action *a, int argc, char **argv, int dashdash,
                                 struct options *o)
{
	const char *domain = optind + 1 < argc ? argv[optind + 1] : NULL;

	if (domain && !a->takes_arg)
		fail_usage("'%s' takes no argument", a->name);
	if (a->takes_command) {
		if (!dashdash || optind + 2 >= argc)
			fail_usage("%s needs the command after --: jira-credential exec DOMAIN -- "
			           "COMMAND [ARGS...]",
			           a->name);
		o->command = argv + optind + 2;
	} else if (optind + 2 < argc)
		fail_usage("too many arguments");
	return domain;
}

int main(int argc, char **argv)
{
	struct options o = {.wait = -1, .timeout = TIMEOUT_SECONDS, .cache_ttl = 300};
	const struct action *a;
	const char *domain;
	int rc, dashdash = 0;

	harden();
	/* getopt moves "--" before the operands: note whether it was given. */
	for (int i = 1; i < argc && !dashdash; i++)
		dashdash = !strcmp(argv[i], "--");
	parse_options(argc, argv, &o);
	if (!o.store && getenv("JIRA_CREDENTIAL_STORE") && *getenv("JIRA_CREDENTIAL_STORE") &&
	    !store_find(getenv("JIRA_CREDENTIAL_STORE")))
		fail_usage("JIRA_CREDENTIAL_STORE names no store; use %s",
		           store_names(", ", " or "));
	if (!(a = find_action(argc, argv)))
		return EXIT_OK;
	domain = take_operands(a, argc, argv, dashdash, &o);
	rc = a->run(&o, domain);
	if (fflush(stdout) == EOF)
		fail(EXIT_USAGE, "cannot write the answer: %s", g_strerror(errno));
	leave(rc);
}
