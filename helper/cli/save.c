/*
 * save.c: what every way of saving a credential shares: the type
 * inference of design.md, --expires as git's password_expiry_utc, the
 * rule that a validated store saves only after Jira said yes, and the
 * cache entries that a new secret makes stale.
 */
#include "validation.h"
#include "save.h"
#include "validate/mcache.h"
#include "validate/mint.h"
#include "validate/vcache.h"
#include "validate/verify.h"

#include <stdio.h>
#include <string.h>

int credential_take_expires(struct credential *c, const char *date, char **err)
{
	GDateTime *dt;
	int y, m, d;
	char tail;

	if (sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    !(dt = g_date_time_new_utc(y, m, d, 0, 0, 0))) {
		*err = g_strdup("--expires takes a date as YYYY-MM-DD, for example 2027-03-31");
		return -1;
	}
	g_free(c->password_expiry_utc);
	c->password_expiry_utc = g_strdup_printf("%" G_GINT64_FORMAT, g_date_time_to_unix(dt));
	g_date_time_unref(dt);
	return 0;
}

/*
 * What may be stored: one line of text.  Values that come on stdin were
 * checked by proto/, but git's credential= (decoded base64) and netrc
 * tokens (quoted strings) were not, and a line break would cut the secret
 * where the keyring item's fields begin (see proto/item.h).
 */
static int storable(const char *what, const char *v, char **err)
{
	if (!v || (!strpbrk(v, "\r\n") && g_utf8_validate(v, -1, NULL)))
		return 0;
	*err = g_strdup_printf("the %s holds a line break or is not valid UTF-8; refused", what);
	return -1;
}

/* What each type calls its user, for messages. */
static const char *user_noun(enum jira_type t)
{
	return t == JIRA_CLOUD     ? "the account email"
	       : t == JIRA_SERVICE ? "the client id"
	                           : "the Jira user";
}

/* --scope, or scope=: a service account's, an OAuth scope. */
static int take_scope(struct credential *c, const char *scope, char **err)
{
	if (scope) {
		g_free(c->scope);
		c->scope = g_strdup(scope);
	}
	if (!c->scope)
		return 0;
	if (c->type != JIRA_SERVICE) {
		*err = g_strdup("a scope is for a service account: give --type=service");
		return -1;
	}
	if (!jira_scope_valid(c->scope)) {
		*err = g_strdup("the scope is not an OAuth scope (such as WRITE, or READ WRITE: "
		                "printable words, one space between them)");
		return -1;
	}
	return 0;
}

int credential_complete(struct credential *c, const struct options *o, char **err)
{
	enum jira_type type;

	if (storable("username", c->username, err) || storable("secret", c->password, err) ||
	    storable("refresh token", c->oauth_refresh_token, err))
		return -1;
	if (o && o->expires && credential_take_expires(c, o->expires, err))
		return -1;
	if (o && o->type)
		c->type = o->type;
	c->type_guessed = !c->type;
	/*
	 * The type stays unset when not given: the store keeps the stored
	 * one (proto/keep.h).  The checks go by the type given or inferred.
	 */
	type = cred_type(c);
	if (take_scope(c, o ? o->scope : NULL, err))
		return -1;
	if (type != JIRA_PAT && (!c->username || !*c->username)) {
		*err = g_strdup_printf("a %s credential needs username= (%s); for a personal "
		                       "access token give type=pat",
		                       jira_type_name(type), user_noun(type));
		return -1;
	}
	if (!jira_type_bearer(type) && strchr(c->username, ':')) {
		*err = g_strdup("the username holds ':', which Basic authentication cannot carry "
		                "(the server splits user and secret at the first ':')");
		return -1;
	}
	return 0;
}

/*
 * A validation that showed what the guessed type could not tell: a Cloud
 * site on its own domain answers as Cloud (accountId), a Server as one
 * (name, key).  Only a Basic type is changed: a token stays a token.
 */
static void take_shown_type(struct credential *c, const struct facts *f)
{
	if (!c->type_guessed || !f->deployment || jira_type_bearer(cred_type(c)))
		return;
	c->type = !strcmp(f->deployment, "cloud") ? JIRA_CLOUD : JIRA_SERVER;
}

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
		take_shown_type(c, f);
	}
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
