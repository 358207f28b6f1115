/*
 * cmd_login.c: the login action.  Asks on the terminal (/dev/tty, never
 * stdin) for the user and then the secret with echo off, checks the
 * credential against Jira (waiting for a brand-new token), saves it only
 * when Jira accepts it, and says who Jira says you are.  With
 * --create-pat the secret is a Data Center password, sent once to make a
 * personal access token, and only the token is saved.
 */
#define _GNU_SOURCE /* explicit_bzero */
#include "validation.h"
#include "actions.h"
#include "validate/clientcert.h"
#include "validate/pat.h"
#include "save.h"
#include "proto/domain.h"
#include "proto/escape.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define MAX_ANSWER 4096

static int tty = -1;
static struct termios saved;
static volatile sig_atomic_t echo_off;

static void restore_echo(void)
{
	if (echo_off) {
		tcsetattr(tty, TCSAFLUSH, &saved);
		echo_off = 0;
	}
}

static void on_signal(int sig)
{
	restore_echo();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void say(const char *s)
{
	(void)!write(tty, s, strlen(s));
}

/* Reads one line from the terminal; NULL when too long or at EOF. */
static char *read_line(void)
{
	char *buf = g_malloc0(MAX_ANSWER + 1), c;
	size_t n = 0;
	ssize_t r;

	while ((r = read(tty, &c, 1)) == 1 || (r < 0 && errno == EINTR)) {
		if (r < 0)
			continue;
		if (c == '\n' || c == '\r')
			return buf;
		if (n == MAX_ANSWER)
			break;
		buf[n++] = c;
	}
	explicit_bzero(buf, n);
	g_free(buf);
	return NULL;
}

/* Asks on the terminal; NULL when there is no answer. */
static char *ask(const char *prompt, int echo)
{
	struct termios t;
	char *answer;

	say(prompt);
	if (!echo && tcgetattr(tty, &saved) == 0) {
		t = saved;
		t.c_lflag &= ~(ECHO | ECHONL);
		echo_off = 1;
		tcsetattr(tty, TCSAFLUSH, &t);
	}
	answer = read_line();
	if (!echo) {
		restore_echo();
		say("\n");
	}
	return answer;
}

static int open_tty(void)
{
	tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty < 0)
		return -1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	return 0;
}

static const char *secret_prompt(enum jira_type t)
{
	switch (t) {
	case JIRA_CLOUD:
		return "API token (make one at " CLOUD_TOKENS_URL "): ";
	case JIRA_PAT:
		return "Personal access token: ";
	case JIRA_SERVICE:
		return "Client secret: ";
	default:
		return "Password: ";
	}
}

static const char *user_prompt(enum jira_type t, int cloud)
{
	if (t == JIRA_SERVICE)
		return "Client ID of the service account for %s: ";
	return cloud ? "Email for %s: " : "Username for %s (empty for a personal access token): ";
}

/*
 * Asks for what c lacks: the user (the client id of a service account),
 * then the secret.  The type stays as given (c->type, maybe none): an
 * inferred one is credential_complete's.  Returns 0, or -1 with *err.
 */
static int ask_credential(struct credential *c, const char *domain, char **err)
{
	int cloud = c->type == JIRA_CLOUD || (!c->type && jira_host_is_cloud(c->host));
	char *prompt = g_strdup_printf(user_prompt(c->type, cloud), domain);

	if (!c->username)
		c->username = ask(prompt, 1);
	g_free(prompt);
	if (!c->username) {
		*err = g_strdup("no answer on the terminal; nothing was stored");
		return -1;
	}
	if ((cloud || c->type == JIRA_SERVICE) && !*c->username) {
		*err =
		    g_strdup(cloud ? "Jira Cloud needs the account email; nothing was stored"
		                   : "a service account needs its client id; nothing was stored");
		return -1;
	}
	c->password = ask(secret_prompt(cred_type(c)), 0);
	if (!c->password || !*c->password) {
		*err = g_strdup(c->password ? "no secret given; nothing was stored"
		                            : "no answer on the terminal; nothing was stored");
		return -1;
	}
	return 0;
}

/*
 * A Cloud API token's expiry: only the date Atlassian showed when the
 * token was made tells it (no API does).  An empty answer takes one year
 * from today, Atlassian's default, and says so.  Returns 0, or -1 with *err.
 */
static int ask_expiry(struct credential *c, char **err)
{
	GDateTime *now = g_date_time_new_now_utc(), *later = g_date_time_add_years(now, 1);
	char *def = g_date_time_format(later, "%Y-%m-%d");
	char *prompt = g_strdup_printf("Expiry date Atlassian showed for this token (YYYY-MM-DD) "
	                               "[%s, one year from today]: ",
	                               def);
	char *answer = NULL, *note;
	int rc = -1;

	for (int tries = 0; tries < 3 && rc; tries++) {
		g_free(answer);
		if (!(answer = ask(prompt, 1)))
			break;
		g_strstrip(answer);
		if (!*answer) {
			note = g_strdup_printf("No date given: taking %s, one year from today.\n",
			                       def);
			say(note);
			g_free(note);
		}
		rc = credential_take_expires(c, *answer ? answer : def, err);
		if (rc) {
			say("That is not a date as YYYY-MM-DD.\n");
			g_clear_pointer(err, g_free);
		}
	}
	if (rc)
		*err = g_strdup(answer ? "no expiry date as YYYY-MM-DD; nothing was stored"
		                       : "no answer on the terminal; nothing was stored");
	g_free(answer);
	g_free(prompt);
	g_free(def);
	g_date_time_unref(later);
	g_date_time_unref(now);
	return rc;
}

/* Who Jira says you are: its words are made harmless before the terminal. */
static void say_who(const struct credential *c, const struct facts *f, const char *domain)
{
	char *name = term_safe(f->display_name ? f->display_name : c->username);
	char *email = f->email ? term_safe(f->email) : NULL, *where = term_safe(domain);

	printf("Stored in the keyring. Jira says you are %s%s%s%s on %s.\n", name,
	       email ? " <" : "", email ? email : "", email ? ">" : "", where);
	g_free(name);
	g_free(email);
	g_free(where);
}

/* The user and the password for --create-pat; exits 2 without them (nothing kept). */
static void ask_password(struct credential *c, const char *domain)
{
	char *prompt = g_strdup_printf("Username for %s: ", domain), *err = NULL;

	if (!c->username)
		c->username = ask(prompt, 1);
	g_free(prompt);
	if (c->username && *c->username) {
		prompt = g_strdup_printf(
		    "Password of %s (sent once to make a token, kept nowhere): ", c->username);
		c->password = ask(prompt, 0);
		g_free(prompt);
	}
	c->type = JIRA_SERVER; /* what authenticates the request: user and password */
	if (!c->username || !*c->username || !c->password || !*c->password) {
		cred_clear(c);
		fail(EXIT_USAGE,
		     "--create-pat needs the Jira username and its password; nothing was "
		     "made or stored");
	}
	if (credential_complete(c, NULL, &err)) {
		cred_clear(c);
		fail(EXIT_USAGE, "%s", err);
	}
}

/* What --create-pat holds (the password, then the token), cleared at exit whatever the path. */
static struct credential *made_here;

static void clear_made_here(void)
{
	if (made_here)
		cred_clear(made_here);
}

/* The token made, and who Jira says you are (made harmless before the terminal). */
static void say_made(const struct credential *c, const struct facts *f, const char *day,
                     const char *domain)
{
	char *name = term_safe(f->display_name ? f->display_name : c->username);

	printf("Made personal access token %s (expires %s) and stored it; the password was not "
	       "kept. Jira says you are %s on %s.\n",
	       c->pat_id ? c->pat_id : "(Jira gave no id)", day, name, domain);
	g_free(name);
}

/*
 * login --create-pat: the password is sent once, to make a personal
 * access token, cleared as soon as it was sent, and never tried again (a
 * refused password counts toward Jira's CAPTCHA lock-out).  Only the
 * token is stored, with Jira's id and expiry; it is stored before the
 * wait for Jira to accept it, so that an interrupted wait loses nothing.
 */
static int create_pat(const struct options *o, const struct store *st, struct credential *c,
                      const char *domain)
{
	struct pat_new made = {0};
	struct facts f = {0};
	char *err = NULL, *day;
	int rc, gone;

	made_here = c;
	clear_at_exit(clear_made_here);
	ask_password(c, domain);
	rc = verdict_exit(pat_create(VSETTINGS(o), c, o->create_pat, &made, &err));
	secret_free(c->password); /* sent once; kept nowhere */
	c->password = NULL;
	if (rc != EXIT_OK) {
		cred_clear(c);
		fail(rc, "cannot make a personal access token at %s: %s", domain, err);
	}
	c->type = JIRA_PAT;
	c->password = g_steal_pointer(&made.token);
	c->pat_id = g_steal_pointer(&made.id);
	c->password_expiry_utc = g_steal_pointer(&made.expiry_utc);
	if ((rc = credential_save(o, st, c, 0, &f, &err)) != EXIT_OK) {
		char *why = err ? err : g_strdup("see above");

		err = NULL;
		if (c->pat_id &&
		    verdict_exit(pat_revoke(VSETTINGS(o), c, c->pat_id, &gone, &err)) == EXIT_OK)
			fail(rc,
			     "cannot store the personal access token (%s); it was revoked again",
			     why);
		fail(rc,
		     "cannot store the personal access token %s (%s), and it is live: revoke "
		     "it in Jira (your profile > Personal Access Tokens)",
		     c->pat_id ? c->pat_id : "just made", why);
	}
	day = pat_expiry_day(c->password_expiry_utc);
	if ((rc = verdict_exit(pat_validate(VSETTINGS(o), c, &f, &err))) != EXIT_OK)
		fail(rc,
		     "made personal access token %s (expires %s) and stored it, but Jira does not "
		     "accept it yet (%s); check it later with: jira-credential --validate get %s",
		     c->pat_id ? c->pat_id : "(no id)", day, err, domain);
	say_made(c, &f, day, domain);
	g_free(day);
	facts_clear(&f);
	cred_clear(c);
	made_here = NULL; /* c is the caller's: gone once it returns */
	return EXIT_OK;
}

/* --create-pat makes a Data Center token: Jira Cloud has no API to make one. */
static void refuse_cloud_pat(const struct credential *c, const char *domain)
{
	if (jira_host_is_cloud(c->host))
		fail(EXIT_USAGE,
		     "--create-pat makes a Jira Data Center token; Jira Cloud makes "
		     "API tokens at " CLOUD_TOKENS_URL ", then: jira-credential login %s",
		     domain);
}

/*
 * A plain login's questions (fitted to --type), then the rules of every
 * save; exits 2 with what was typed, secret included, cleared first.
 */
static void ask_login(const struct options *o, struct credential *c, char *domain)
{
	char *err = NULL;

	c->type = o->type;
	if (ask_credential(c, domain, &err) ||
	    (cred_type(c) == JIRA_CLOUD && !o->expires && ask_expiry(c, &err)) ||
	    credential_complete(c, o, &err)) {
		cred_clear(c);
		g_free(domain);
		fail(EXIT_USAGE, "%s", err);
	}
}

int op_login(const struct options *o, const char *arg)
{
	const struct store *st;
	struct credential c;
	struct facts f = {0};
	char *err = NULL, *domain;
	int rc;

	if (!arg)
		fail(EXIT_USAGE, "login needs the Jira base URL: jira-credential login DOMAIN");
	cred_init(&c);
	if (cred_set(&c, "domain", arg, &err, NULL) != CRED_OK || cred_normalize(&c, &err))
		fail(EXIT_USAGE, "bad DOMAIN: %s", err);
	st = request_store(o);
	if (request_read_only(st, NULL, "stored")) {
		cred_clear(&c); /* before anything is asked: it could not be kept */
		return EXIT_OK;
	}
	if (open_tty())
		fail(EXIT_USAGE,
		     "login asks on a terminal and there is none; without one, give the lines "
		     "username=USER and password=TOKEN on the stdin of: jira-credential store "
		     "DOMAIN");
	domain = domain_format(c.protocol, c.host, c.path);
	if (clientcert_take(o->client_cert, o->client_key, &c, &err)) {
		cred_clear(&c);
		fail(EXIT_USAGE, "%s", err);
	}
	if (o->create_pat) {
		refuse_cloud_pat(&c, domain);
		rc = create_pat(o, st, &c, domain);
		g_free(domain);
		return rc;
	}
	ask_login(o, &c, domain);
	rc = credential_save(o, st, &c, 1, &f, &err);
	if (rc != EXIT_OK && err)
		fail(rc, "%s", err);
	if (rc == EXIT_OK)
		say_who(&c, &f, domain);
	facts_clear(&f);
	cred_clear(&c);
	g_free(domain);
	return rc;
}
