/*
 * header.c: Authorization header encoding and decoding (see header.h),
 * base64 by glib.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "header.h"
#include "cred.h"
#include "secret.h"

#include <string.h>
#include <glib.h>

const char *auth_scheme(enum jira_type type)
{
	return jira_type_bearer(type) ? "Bearer" : "Basic";
}

char *auth_credential(enum jira_type type, const char *username, const char *secret)
{
	char *pair, *b64;

	if (jira_type_bearer(type))
		return g_strdup(secret);
	pair = g_strconcat(username ? username : "", ":", secret, NULL);
	b64 = g_base64_encode((const guchar *)pair, strlen(pair));
	secret_free(pair);
	return b64;
}

char *auth_header_value(enum jira_type type, const char *username, const char *secret)
{
	char *cred = auth_credential(type, username, secret);
	char *value = g_strconcat(auth_scheme(type), " ", cred, NULL);

	secret_free(cred);
	return value;
}

char *auth_header_of(const struct credential *c)
{
	enum jira_type t = cred_type(c);

	return auth_header_value(t, c->username, t == JIRA_SERVICE ? c->token : c->password);
}

/* Whether s is base64 as RFC 4648 writes it: glib's decoder skips junk. */
static int is_base64(const char *s)
{
	size_t n = strlen(s),
	       body = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                        "0123456789+/");

	return n % 4 == 0 && strspn(s + body, "=") == n - body && n - body <= 2;
}

int auth_decode(const char *authtype, const char *credential, char **username, char **secret,
                enum jira_type *type)
{
	guchar *raw;
	char *colon;
	gsize n;
	int ok;

	if (!authtype || !credential || !*credential)
		return -1;
	if (!g_ascii_strcasecmp(authtype, "Bearer")) {
		*username = NULL;
		*secret = g_strdup(credential);
		*type = JIRA_PAT;
		return 0;
	}
	if (g_ascii_strcasecmp(authtype, "Basic") || !is_base64(credential))
		return -1;
	raw = g_base64_decode(credential, &n);
	colon = memchr(raw, ':', n);
	ok = colon && !memchr(raw, '\0', n) && g_utf8_validate((char *)raw, n, NULL);
	if (ok) {
		*username = g_strndup((char *)raw, colon - (char *)raw);
		*secret = g_strndup(colon + 1, n - (colon - (char *)raw) - 1);
		*type = JIRA_TYPE_NONE;
	}
	explicit_bzero(raw, n);
	g_free(raw);
	return ok ? 0 : -1;
}
