/*
 * store.c: what every way of saving a credential shares: the type
 * inference of design.md, --expires as git's password_expiry_utc, the
 * rule that a validated store saves only after Jira said yes, and the
 * cache entries that a new secret makes stale.
 */
#include "store.h"
#include "keyring.h"
#include "validate.h"
#include "../proto/header.h"

#include <stdio.h>
#include <string.h>

/* --expires=YYYY-MM-DD: the token stops working at the start of that day (UTC). */
static int take_expires(struct credential *c, const char *date, char **err)
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
 * where the keyring item's fields begin (see keyring.c).
 */
static int storable(const char *what, const char *v, char **err)
{
	if (!v || (!strpbrk(v, "\r\n") && g_utf8_validate(v, -1, NULL)))
		return 0;
	*err = g_strdup_printf("the %s holds a line break or is not valid UTF-8; refused", what);
	return -1;
}

int credential_complete(struct credential *c, const char *expires, char **err)
{
	if (storable("username", c->username, err) || storable("secret", c->password, err) ||
	    storable("refresh token", c->oauth_refresh_token, err))
		return -1;
	if (expires && take_expires(c, expires, err))
		return -1;
	if (!c->type)
		c->type = g_strdup(jira_type_infer(c->host, c->username));
	if (strcmp(c->type, "pat") && (!c->username || !*c->username)) {
		*err = g_strdup_printf(
		    "a %s credential needs username= (%s); for a personal "
		    "access token give type=pat",
		    c->type, !strcmp(c->type, "cloud") ? "the account email" : "the Jira user");
		return -1;
	}
	if (strcmp(c->type, "pat") && strchr(c->username, ':')) {
		*err = g_strdup("the username holds ':', which Basic authentication cannot carry "
		                "(the server splits user and secret at the first ':')");
		return -1;
	}
	return 0;
}

int credential_save(const struct options *o, struct credential *c, int validate, struct facts *f)
{
	char *err = NULL;
	int rc;

	validate_forget(c); /* what was trusted for the old secret no longer holds */
	if (validate && (rc = validate_for_store(o, c, f)) != EXIT_OK)
		return rc;
	if (keyring_store(c, &err)) {
		warnx_("%s", err);
		g_free(err);
		return EXIT_KEYRING;
	}
	return EXIT_OK;
}
