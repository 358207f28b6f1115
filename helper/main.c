/*
 * main.c: the command line of jira-credential.  Owns option parsing, the
 * table of actions and one short function per action; reading is proto/'s,
 * storage keyring.c's, checking validate.c's and answering output.c's.
 */
#define _GNU_SOURCE /* explicit_bzero, getopt_long */
#include "jc.h"
#include "actions.h"
#include "keyring.h"
#include "output.h"
#include "store.h"
#include "validate.h"
#include "../proto/cred.h"
#include "../proto/domain.h"
#include "../proto/header.h"
#include "../proto/input.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define EXPIRY_WARN_DAYS 14
#define CLOUD_TOKENS_URL "https://id.atlassian.com/manage-profile/security/api-tokens"

/* Everything that may hold a secret, cleared at exit whatever the path. */
static struct credential req, found;
static GString *answer;

static void clear_secrets(void)
{
	cred_clear(&req);
	cred_clear(&found);
	if (answer) {
		explicit_bzero(answer->str, answer->len);
		g_string_free(answer, TRUE);
		answer = NULL;
	}
}

static void vmsg(const char *fmt, va_list ap)
{
	fputs("jira-credential: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(code);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

static void usage(FILE *f)
{
	fputs("usage: jira-credential [OPTIONS] get|store|erase [DOMAIN]\n"
	      "       jira-credential [OPTIONS] list\n"
	      "       jira-credential [OPTIONS] login DOMAIN\n"
	      "       jira-credential [OPTIONS] import-netrc [FILE]\n"
	      "       jira-credential capability\n"
	      "       jira-credential --help | --version\n"
	      "options: --validate --format=git|header|curl|netrc|env|json --wait=SECONDS\n"
	      "         --timeout=SECONDS --cacert=FILE --allow-http --cache-ttl=SECONDS\n"
	      "         --expires=YYYY-MM-DD --verbose\n"
	      "Attributes come on stdin as git's key=value lines; see jira-credential(1).\n",
	      f);
}

static void fail_usage(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void fail_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("jira-credential: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see jira-credential --help)\n", stderr);
	exit(EXIT_USAGE);
}

/* Writes the answer in one go; a closed stdout is an error, never ignored. */
static void emit(GString *s)
{
	size_t off = 0;

	while (off < s->len) {
		ssize_t n = write(STDOUT_FILENO, s->str + off, s->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fail(EXIT_USAGE, "cannot write the answer: %s", g_strerror(errno));
		off += n;
	}
}

/* stdin, then DOMAIN from the command line over it; or DOMAIN alone. */
static void read_request(const char *domain, int use_stdin)
{
	GString *warn = g_string_new(NULL);
	char *err = NULL;

	if (use_stdin && cred_read_fd(&req, STDIN_FILENO, &err, warn) != CRED_OK)
		fail(EXIT_USAGE, "bad input: %s", err);
	if (domain && (cred_set(&req, "domain", domain, &err, warn) != CRED_OK ||
	               cred_normalize(&req, &err) != CRED_OK))
		fail(EXIT_USAGE, "bad DOMAIN: %s", err);
	if (warn->len) {
		g_strchomp(warn->str);
		warnx_("%s", warn->str);
	}
	g_string_free(warn, TRUE);
}

static void require_origin(const char *action)
{
	if (!req.protocol || !req.host)
		fail(EXIT_USAGE,
		     "%s needs protocol= and host= (or domain=); nothing is matched without them",
		     action);
}

/* Seconds until the credential expires; LLONG_MAX when it never does. */
static long long expires_in(const struct credential *c)
{
	if (!c->password_expiry_utc)
		return LLONG_MAX;
	return (long long)g_ascii_strtoll(c->password_expiry_utc, NULL, 10) - (long long)time(NULL);
}

static const char *token_page(const struct credential *c)
{
	return !strcmp(c->type, "cloud") ? CLOUD_TOKENS_URL
	                                 : "your Jira profile's Personal Access Tokens page";
}

/* Warns near expiry; after it, answers nothing (git) or exits 1. */
static void check_expiry(const struct options *o)
{
	long long left = expires_in(&found);
	char *domain = domain_format(found.protocol, found.host, found.path);

	if (left <= 0) {
		warnx_("the credential for %s expired; make a new token at %s and store it", domain,
		       token_page(&found));
		g_free(domain);
		exit(o->format == FMT_GIT ? EXIT_OK : EXIT_NOMATCH);
	}
	if (left <= EXPIRY_WARN_DAYS * 86400LL)
		warnx_("the credential for %s expires in %lld day(s); make a new token at %s",
		       domain, (left + 86399) / 86400, token_page(&found));
	g_free(domain);
}

static int op_get(const struct options *o, const char *domain)
{
	struct facts facts = {0};
	char *err = NULL;
	int rc;

	read_request(domain, domain == NULL);
	require_origin("get");
	rc = keyring_lookup(&req, &found, &err);
	if (rc < 0)
		fail(EXIT_KEYRING, "%s", err);
	if (rc == 0) {
		if (o->format == FMT_GIT)
			return EXIT_OK; /* git asks the next helper or the user */
		char *d = domain_format(req.protocol, req.host, req.path);
		fail(EXIT_NOMATCH,
		     "no credential stored for %s; store one with: jira-credential "
		     "store %s",
		     d, d);
	}
	if (!found.type)
		found.type = g_strdup(jira_type_infer(found.host, found.username));
	check_expiry(o);
	if (o->validate || req.validate) {
		int had_api_base = found.api_base != NULL;

		rc = validate_for_get(o, &found, &facts);
		if (rc != EXIT_OK)
			return rc;
		if (!had_api_base && found.api_base &&
		    keyring_set_api_base(&found, found.api_base, &err))
			warnx_("could not remember the gateway URL: %s", err);
	}
	answer = g_string_sized_new(CRED_ANSWER_MAX); /* never moved: no stray copies */
	if (output_render(&found, &req, &facts, o->format, answer, &err))
		fail(o->format == FMT_NETRC ? EXIT_USAGE : EXIT_NOMATCH, "%s", err);
	facts_clear(&facts);
	emit(answer);
	return EXIT_OK;
}

/* git 2.46+: a pre-encoded credential stored through capability[]=authtype. */
static void take_authtype(void)
{
	gsize n;
	guchar *raw;
	char *colon;

	if (req.password || !req.credential || !req.authtype ||
	    !cred_has_capability(&req, "authtype"))
		return;
	if (!g_ascii_strcasecmp(req.authtype, "Bearer")) {
		secret_replace(&req.password, req.credential);
		g_free(req.type);
		req.type = g_strdup("pat");
		return;
	}
	if (g_ascii_strcasecmp(req.authtype, "Basic"))
		return;
	raw = g_base64_decode(req.credential, &n);
	colon = raw ? memchr(raw, ':', n) : NULL;
	if (colon && !memchr(raw, '\0', n) && g_utf8_validate((char *)raw, n, NULL)) {
		g_free(req.username);
		req.username = g_strndup((char *)raw, colon - (char *)raw);
		req.password = g_strndup(colon + 1, n - (colon - (char *)raw) - 1);
	}
	if (raw) {
		explicit_bzero(raw, n);
		g_free(raw);
	}
}

static int op_store(const struct options *o, const char *domain)
{
	struct facts facts = {0};
	char *err = NULL;
	int rc;

	read_request(domain, 1);
	require_origin("store");
	if (req.ephemeral)
		return EXIT_OK; /* git: an ephemeral credential is not to be kept */
	take_authtype();
	if (!req.password)
		fail(EXIT_USAGE, "store needs password= (the API token, password or personal "
		                 "access token) on stdin");
	if (credential_complete(&req, o->expires, &err))
		fail(EXIT_USAGE, "%s", err);
	rc = credential_save(o, &req, o->validate || req.validate, &facts);
	facts_clear(&facts);
	return rc;
}

static int op_erase(const struct options *o, const char *domain)
{
	char *err = NULL;
	int n;

	(void)o;
	read_request(domain, 1);
	require_origin("erase");
	take_authtype(); /* git 2.46 rejects with credential=: erase only that secret */
	if (keyring_erase(&req, &n, &err))
		fail(EXIT_KEYRING, "%s", err);
	validate_forget(&req);
	return EXIT_OK;
}

static int op_capability(const struct options *o, const char *domain)
{
	(void)o;
	(void)domain;
	answer = g_string_new("version 0\ncapability authtype\n");
	emit(answer);
	return EXIT_OK;
}

struct action {
	const char *name;
	int (*run)(const struct options *, const char *domain);
	int takes_arg; /* DOMAIN, or FILE for import-netrc */
};

static const struct action actions[] = {
    {"get", op_get, 1},
    {"store", op_store, 1},
    {"erase", op_erase, 1},
    {"list", op_list, 0},
    {"login", op_login, 1},
    {"import-netrc", op_import_netrc, 1},
    {"capability", op_capability, 0},
    {NULL, NULL, 0},
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

enum {
	OPT_FORMAT = 256,
	OPT_WAIT,
	OPT_TIMEOUT,
	OPT_CACERT,
	OPT_ALLOW_HTTP,
	OPT_CACHE_TTL,
	OPT_EXPIRES,
	OPT_VERSION
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
    {"verbose", no_argument, NULL, 'V'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void parse_options(int argc, char **argv, struct options *o)
{
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'v':
			o->validate = 1;
			break;
		case 'V':
			o->verbose = 1;
			break;
		case OPT_FORMAT:
			if (output_format_parse(optarg, &o->format))
				fail_usage(
				    "unknown --format '%s'; use git, header, curl, netrc, env "
				    "or json",
				    optarg);
			o->format_given = 1;
			break;
		case OPT_WAIT:
			o->wait = parse_seconds("--wait", optarg, 0);
			break;
		case OPT_TIMEOUT:
			o->timeout = parse_seconds("--timeout", optarg, 1);
			break;
		case OPT_CACERT:
			o->cacert = optarg;
			break;
		case OPT_ALLOW_HTTP:
			o->allow_http = 1;
			break;
		case OPT_CACHE_TTL:
			o->cache_ttl = parse_seconds("--cache-ttl", optarg, 0);
			break;
		case OPT_EXPIRES:
			o->expires = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_OK);
		case OPT_VERSION:
			printf("jira-credential %s\n", JC_VERSION);
			exit(EXIT_OK);
		default:
			fail_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
}

/* No core file, no ptrace by others of this user: secrets stay in here. */
static void harden(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signal(SIGPIPE, SIG_IGN); /* a closed stdout becomes EPIPE, an error */
	atexit(clear_secrets);
}

/* git asks helpers to ignore actions they do not know. */
static int called_by_git(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	return g_str_has_prefix(base ? base + 1 : argv0, "git-credential-");
}

int main(int argc, char **argv)
{
	struct options o = {.wait = -1, .timeout = 30, .cache_ttl = 300};
	const struct action *a;
	const char *domain;
	int rc;

	harden();
	parse_options(argc, argv, &o);
	if (optind >= argc)
		fail_usage("no action given");
	for (a = actions; a->name && strcmp(a->name, argv[optind]); a++)
		;
	if (!a->name) {
		if (called_by_git(argv[0]))
			return EXIT_OK;
		fail_usage("unknown action '%s'", argv[optind]);
	}
	domain = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (domain && (!a->takes_arg || domain[0] == '-'))
		fail_usage(domain[0] == '-' ? "options come before the action"
		                            : "'%s' takes no argument",
		           a->name);
	if (optind + 2 < argc)
		fail_usage("too many arguments");
	rc = a->run(&o, domain);
	if (fflush(stdout) == EOF)
		fail(EXIT_USAGE, "cannot write the answer: %s", g_strerror(errno));
	/*
	 * Out without running the libraries' exit handlers: glib's and GDBus's
	 * teardown has nothing to save for us, and skipping it is a measurable
	 * part of a get (docs/performance.md).  Secrets are cleared first.
	 */
	clear_secrets();
	_exit(rc);
}
