/*
 * cmd_rotate.c: the rotate action.  A personal access token made here is
 * replaced: a new one is made with the current one (Bearer), validated,
 * stored, and only then is the old one revoked at Jira, by the id stored
 * with it.  Whatever fails before the store leaves the old token stored
 * and live (a new token already made is revoked again, with the old one);
 * a revocation that fails after the store leaves the new token stored and
 * says which old id to revoke.  Made for cron: no terminal, one line on
 * stdout on success, one on stderr on failure.  Two rotations of one
 * credential take turns under a lock (lock.c), and the second, once in,
 * reads the store again: the first one has done its work, so it has none.
 * A service account's secret is not Jira's to renew: its access token is,
 * minted anew (the one kept forgotten) as a get would mint it.
 */
#include "validation.h"
#include "actions.h"
#include "sys/lock.h"
#include "validate/mcache.h"
#include "validate/mint.h"
#include "validate/pat.h"
#include "save.h"
#include "validate/vcache.h"
#include "proto/domain.h"

#include <stdio.h>
#include <unistd.h>

/* What holds a token, cleared at exit whatever the path. */
static struct credential cur, next;
static struct pat_new made;

static void clear_rotation(void)
{
	cred_clear(&cur);
	cred_clear(&next);
	pat_new_clear(&made);
}

/* The stored credential for req into c; exits 1 when there is none, 3 when the store fails. */
static void look_up(const struct store *st, const struct credential *req, struct credential *c,
                    const char *d)
{
	char *err = NULL;
	int rc;

	cred_clear(c);
	rc = st->lookup(req, c, &err);
	if (rc < 0)
		fail(EXIT_KEYRING, "%s", err);
	if (rc == 0) {
		for (char *p = err; p && *p; p++) /* the store's reasons, one line */
			if (*p == '\n')
				*p = ' ';
		fail(EXIT_NOMATCH, "no credential to rotate for %s%s%s", d, err ? ": " : "",
		     err ? err : "; make a token with: jira-credential login DOMAIN --create-pat");
	}
	c->type = cred_type(c);
}

/* Exits 2 for what rotate cannot renew, saying what to do instead. */
static void refuse(const struct credential *c, const char *d)
{
	if (c->type == JIRA_CLOUD)
		fail(EXIT_USAGE,
		     "the credential for %s is a Jira Cloud API token, and Atlassian has no API to "
		     "make one: make a new token at " CLOUD_TOKENS_URL
		     ", then store it: jira-credential store %s",
		     d, d);
	if (c->type == JIRA_SERVER)
		fail(
		    EXIT_USAGE,
		    "the credential for %s is a password, which only Jira changes; make a personal "
		    "access token from it once, which rotate then renews: jira-credential login %s "
		    "--create-pat",
		    d, d);
	if (c->type == JIRA_PAT)
		fail(EXIT_USAGE,
		     "the personal access token for %s was stored without Jira's token id, so it "
		     "could not be revoked once replaced; make one here, which rotate then renews: "
		     "jira-credential login %s --create-pat (and revoke the old one in Jira: your "
		     "profile > Personal Access Tokens)",
		     d, d);
	fail(EXIT_USAGE, "the credential for %s cannot be rotated", d);
}

/* The lock of one credential's rotations, in the user's runtime directory; exits 3. */
static void take_lock(const struct credential *c, const char *d)
{
	char *key = g_strdup_printf("%s\n%s", d, c->username ? c->username : "");
	char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
	char *name = g_strdup_printf("jira-credential-rotate-%.16s.lock", sum);
	int fd;

	/* cron sets no XDG_RUNTIME_DIR: then it is the cache directory, which may not exist yet */
	g_mkdir_with_parents(g_get_user_runtime_dir(), 0700);
	fd = lock_runtime_file(name);

	g_free(name);
	g_free(sum);
	g_free(key);
	if (fd < 0)
		fail(EXIT_KEYRING,
		     "cannot make the rotation's lock file in %s; check that it is "
		     "yours",
		     g_get_user_runtime_dir());
	if (lock_take(fd))
		fail(EXIT_KEYRING,
		     "another rotation of the credential for %s has been running for %d "
		     "s; try again later",
		     d, LOCK_WAIT_SECONDS);
	/* fd stays open: the lock is held until this process ends */
}

/* After the new token was made, a failure: the new token goes, the old one stays. */
static void undo(const struct options *o, int rc, const char *what, char *why)
{
	char *err = NULL;
	int gone;

	if (!made.id)
		fail(rc,
		     "%s (%s); Jira gave no id for the new token: revoke it in Jira (your "
		     "profile > Personal Access Tokens); the old token stays stored",
		     what, why);
	if (verdict_exit(pat_revoke(VSETTINGS(o), &cur, made.id, &gone, &err)) == EXIT_OK)
		fail(rc,
		     "%s (%s); the new token %s was revoked again and the old token stays stored",
		     what, why, made.id);
	fail(rc,
	     "%s (%s); revoking the new token %s failed too (%s): revoke it in Jira (your "
	     "profile > Personal Access Tokens); the old token stays stored",
	     what, why, made.id, err);
}

/* The new credential: the old one's identity and certificate, the new token and its facts. */
static void make_next(void)
{
	cred_init(&next);
	next.protocol = g_strdup(cur.protocol);
	next.host = g_strdup(cur.host);
	next.path = g_strdup(cur.path);
	next.username = g_strdup(cur.username);
	next.type = JIRA_PAT;
	next.client_cert = g_strdup(cur.client_cert);
	next.client_key = g_strdup(cur.client_key);
	next.password = g_strdup(made.token);
	next.pat_id = g_strdup(made.id);
	next.password_expiry_utc = g_strdup(made.expiry_utc);
}

static int rotate_pat(const struct options *o, const struct store *st, const char *d)
{
	struct facts f = {0};
	char *err = NULL, *day;
	int rc, gone;

	rc = verdict_exit(pat_create(
	    VSETTINGS(o), &cur, o->create_pat ? o->create_pat : PAT_DAYS_DEFAULT, &made, &err));
	if (rc != EXIT_OK)
		fail(rc,
		     "cannot make a new personal access token for %s: %s; the old token stays "
		     "stored and was not revoked",
		     d, err);
	make_next();
	if ((rc = verdict_exit(pat_validate(VSETTINGS(o), &next, &f, &err))) != EXIT_OK)
		undo(o, rc, "Jira does not accept the new token", err);
	facts_clear(&f);
	if ((rc = credential_save(o, st, &next, 0, &f, &err)) != EXIT_OK)
		undo(o, rc, "cannot store the new token", err ? err : "see above");
	day = pat_expiry_day(next.password_expiry_utc);
	rc = verdict_exit(pat_revoke(VSETTINGS(o), &next, cur.pat_id, &gone, &err));
	vcache_forget(&cur);
	if (rc != EXIT_OK)
		fail(EXIT_NETWORK,
		     "the new personal access token %s for %s is stored (expires %s), but revoking "
		     "the old token %s failed (%s): revoke it in Jira (your profile > Personal "
		     "Access "
		     "Tokens), or with: jira-credential --format=header get %s | curl -H @- -X "
		     "DELETE "
		     "%s/rest/pat/latest/tokens/%s",
		     next.pat_id ? next.pat_id : "(no id)", d, day, cur.pat_id, err, d, d,
		     cur.pat_id);
	printf("Rotated the personal access token for %s: the new token %s expires %s; the old "
	       "token %s %s.\n",
	       d, next.pat_id ? next.pat_id : "(Jira gave no id)", day, cur.pat_id,
	       gone ? "was gone already" : "is revoked");
	g_free(day);
	return EXIT_OK;
}

/*
 * A service credential: the kept access token forgotten, a new one minted
 * and kept (mint_token), where calls go remembered when learned, and one
 * line with its expiry.
 */
static int rotate_service(const struct options *o, const struct store *st, const char *d)
{
	char *err = NULL, *when;
	GDateTime *dt;
	int learned, rc;

	mcache_forget(&cur);
	if ((rc = verdict_exit(mint_token(VSETTINGS(o), &cur, &learned, &err))) != EXIT_OK) {
		if (err) /* else the validator has said why */
			fail(rc, "cannot mint a new access token for %s: %s", d, err);
		return rc;
	}
	if (learned && st->remember_api_base && st->remember_api_base(&cur, cur.api_base, &err))
		warnx_("could not remember where the service account's calls go: %s", err);
	dt = g_date_time_new_from_unix_utc(g_ascii_strtoll(cur.token_expiry_utc, NULL, 10));
	when = g_date_time_format(dt, "%Y-%m-%d %H:%M:%S UTC");
	report("Minted a new access token for the service account %s at %s; it expires %s.",
	       cur.username, d, when); /* the client id came from the store: made harmless */
	g_free(when);
	g_date_time_unref(dt);
	return EXIT_OK;
}

int op_rotate(const struct options *o, const char *arg)
{
	struct credential *req, again;
	const struct store *st;
	char *d, *day;
	int rc;

	if (!arg)
		fail(EXIT_USAGE, "rotate needs the Jira base URL: jira-credential rotate DOMAIN");
	req = request_read(arg, 0);
	request_require_origin(req, "rotate");
	st = request_store(o);
	if (request_read_only(st, NULL, "rotated"))
		return EXIT_OK; /* as store, login and import-netrc: nothing asked, nothing made */
	d = domain_format(req->protocol, req->host, req->path);
	clear_at_exit(clear_rotation);
	look_up(st, req, &cur, d);
	if (cur.type == JIRA_SERVICE) {
		rc = rotate_service(o, st, d);
		g_free(d);
		return rc;
	}
	if (cur.type != JIRA_PAT || !cur.pat_id)
		refuse(&cur, d);
	take_lock(&cur, d);
	/* Another rotation may have run while this one waited: then its token is the one. */
	cred_init(&again);
	look_up(st, req, &again, d);
	if (g_strcmp0(again.password, cur.password)) {
		day = pat_expiry_day(again.password_expiry_utc);
		printf("The personal access token for %s was rotated by another run meanwhile; it "
		       "expires %s.\n",
		       d, day);
		g_free(day);
		cred_clear(&again);
		g_free(d);
		return EXIT_OK;
	}
	cred_clear(&again);
	rc = rotate_pat(o, st, d);
	g_free(d);
	return rc;
}
