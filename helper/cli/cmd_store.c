/*
 * cmd_store.c: the store and erase actions, as git calls them after a
 * request succeeded or was rejected.
 */
#include "actions.h"
#include "validate/clientcert.h"
#include "validate/mcache.h"
#include "save.h"
#include "validate/vcache.h"
#include "proto/header.h"

/*
 * git 2.46+: a pre-encoded credential (capability[]=authtype) decoded into
 * user and secret.  Returns 0 when there is none or it decoded, -1 when
 * the request carries one that cannot be one of ours.
 */
static int take_authtype(struct credential *req)
{
	char *user = NULL, *secret = NULL;
	enum jira_type type;

	if (!req->credential)
		return 0;
	if (!cred_has_capability(req, "authtype") ||
	    auth_decode(req->authtype, req->credential, &user, &secret, &type))
		return -1;
	if (user) {
		g_free(req->username);
		req->username = user;
	}
	secret_free(req->password);
	req->password = secret;
	if (type)
		req->type = type;
	req->from_authtype = type == JIRA_PAT;
	return 0;
}

int op_store(const struct options *o, const char *domain)
{
	struct credential *req = request_read(domain, 1);
	const struct store *st;
	struct facts facts = {0};
	char *err = NULL;
	int rc;

	request_require_origin(req, "store");
	if (req->ephemeral)
		return EXIT_OK; /* git: an ephemeral credential is not to be kept */
	if (!req->password && cred_has_capability(req, "authtype") && take_authtype(req))
		fail(EXIT_USAGE,
		     "store cannot keep an authtype=%s credential; Jira takes Basic or "
		     "Bearer",
		     req->authtype ? req->authtype : "(none)");
	if (!req->password)
		fail(EXIT_USAGE, "store needs password= (the API token, password or personal "
		                 "access token) on stdin");
	if (credential_complete(req, o, &err) ||
	    clientcert_take(o->client_cert, o->client_key, req, &err))
		fail(EXIT_USAGE, "%s", err);
	st = request_store(o);
	if (request_read_only(st, req, "stored"))
		return EXIT_OK;
	rc = credential_save(o, st, req, o->validate || req->validate, &facts, &err);
	facts_clear(&facts);
	if (rc != EXIT_OK && err)
		fail(rc, "%s", err);
	return rc;
}

int op_erase(const struct options *o, const char *domain)
{
	struct credential *req;
	const struct store *st;
	char *err = NULL;
	int n;

	if (o->revoke)
		return erase_revoking(o, domain);
	req = request_read(domain, 1);
	request_require_origin(req, "erase");
	/*
	 * Tokens minted for the origin go whatever else does: git erases what
	 * it was refused with, a minted token included, which matches no item.
	 */
	mcache_forget(req);
	/*
	 * git 2.46 rejects with credential=: only the item holding that
	 * secret goes, so a credential= that cannot be ours erases nothing.
	 */
	if (!req->password && take_authtype(req))
		return EXIT_OK;
	st = request_store(o);
	if (request_read_only(st, req, "erased"))
		return EXIT_OK;
	if (st->erase(req, &n, &err))
		fail(EXIT_KEYRING, "%s", err);
	if (n)
		vcache_forget(req); /* what was trusted for what went no longer holds */
	return EXIT_OK;
}
