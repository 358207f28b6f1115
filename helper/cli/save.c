/*
 * save.c: what every way of saving a credential shares: the rule that a
 * validated store saves only after Jira said yes, and the cache entries
 * that a new secret makes stale.  What may be saved, and as which type,
 * is save_rules.c's.
 */
#include "validation.h"
#include "save.h"
#include "validate/mcache.h"
#include "validate/mint.h"
#include "validate/vcache.h"
#include "validate/verify.h"

int credential_save(const struct options *o, const struct store *st, struct credential *c,
                    int validate, struct facts *f, char **err)
{
	int rc, learned;

	vcache_forget(c); /* what was trusted for the old secret no longer holds */
	mcache_forget(c); /* nor a token minted from it */
	if (validate && c->type == JIRA_SERVICE &&
	    (rc = verdict_exit(mint_token(VSETTINGS(o), c, &learned, err))))
		return rc;
	if (validate) {
		rc = verdict_exit(verify_credential(VSETTINGS(o), c, VERIFY_FOR_STORE, f, err));
		if (rc != EXIT_OK)
			return rc;
		if (f->api_base && !c->api_base)
			c->api_base = g_strdup(f->api_base);
		credential_take_shown_type(c, f);
	}
	/*
	 * The actions meet a read-only store first, in request_read_only(),
	 * before anything is asked or made; a caller that did not is refused.
	 */
	if (!st->save) {
		*err = g_strdup_printf("the %s store is read-only; nothing was stored", st->name);
		return EXIT_KEYRING;
	}
	rc = st->save(c, err);
	if (rc > 0) { /* saved, with a note */
		warnx_("%s", *err);
		g_free(*err);
		*err = NULL;
	}
	return rc == STORE_REFUSED ? EXIT_USAGE : rc < 0 ? EXIT_KEYRING : EXIT_OK;
}
