/*
 * cmd_revoke.c: erase --revoke.  A personal access token made here is
 * revoked at Jira, by the id stored with it, before it is removed here,
 * and then exactly that credential is erased.  When Jira cannot be
 * reached or refuses, nothing is removed.  Without --revoke, erase stays
 * local, as git expects (cmd_store.c).
 */
#include "validation.h"
#include "actions.h"
#include "validate/pat.h"
#include "validate/vcache.h"
#include "proto/domain.h"

#include <stdio.h>

static struct credential found; /* holds the token: cleared at exit */

static void clear_found(void)
{
	cred_clear(&found);
}

int erase_revoking(const struct options *o, const char *domain)
{
	/* A person's or a script's request: with a DOMAIN, stdin is not read, as for get. */
	struct credential *req = request_read(domain, domain == NULL), q;
	const struct store *st;
	char *err = NULL, *d;
	int rc, gone, n;

	request_require_origin(req, "erase");
	st = request_store(o);
	if (request_read_only(st, NULL, "revoked or erased"))
		return EXIT_OK;
	d = domain_format(req->protocol, req->host, req->path);
	clear_at_exit(clear_found);
	rc = st->lookup(req, &found, &err);
	if (rc < 0)
		fail(EXIT_KEYRING, "%s", err);
	if (rc == 0 || (req->password && g_strcmp0(req->password, found.password))) {
		if (rc == 0 && err) /* what is stored answers nothing (several users, ...) */
			warnx_("%s", g_strdelimit(err, "\n", ' '));
		warnx_("no credential stored for %s answers; nothing was revoked or erased", d);
		g_free(d);
		return EXIT_OK; /* as erase: nothing to erase is not an error */
	}
	found.type = cred_type(&found);
	if (found.type != JIRA_PAT || !found.pat_id)
		fail(
		    EXIT_USAGE,
		    "the credential for %s is not a personal access token made here (with its id): "
		    "nothing to revoke at Jira; erase without --revoke removes it here",
		    d);
	rc = verdict_exit(pat_revoke(VSETTINGS(o), &found, found.pat_id, &gone, &err));
	if (rc != EXIT_OK)
		fail(rc,
		     "cannot revoke personal access token %s at %s: %s; nothing was removed here "
		     "(erase without --revoke removes it here anyway)",
		     found.pat_id, d, err);
	/* Exactly what was revoked goes: its identity and its token. */
	q = (struct credential){.protocol = found.protocol,
	                        .host = found.host,
	                        .path = found.path,
	                        .username = found.username ? found.username : "",
	                        .password = found.password};
	if (st->erase(&q, &n, &err))
		fail(EXIT_KEYRING,
		     "personal access token %s is revoked at Jira, but removing it "
		     "here failed: %s; erase it again without --revoke",
		     found.pat_id, err);
	vcache_forget(&found);
	printf("%s personal access token %s of %s at Jira, and erased it here.\n",
	       gone ? "Jira had already revoked" : "Revoked", found.pat_id, d);
	g_free(d);
	return EXIT_OK;
}
