/*
 * passentry.c: a credential as the text of a password-store entry (see
 * passentry.h and jira-credential(5), "PASSWORD STORE"); its path is
 * passentry_path.c's.
 */
#include "passentry.h"
#include "domain.h"

#include <stdio.h>
#include <string.h>

/* ---- the entry's text ------------------------------------------------ */

struct entry_keys {
	char *username, *url, *type, *expires, *api_base, *refresh, *authtype, *scope;
	char *pat_id, *client_cert, *client_key;
	GString *notes; /* the lines read as none of the above */
};

/* The member of k that a key names (case-insensitive), or NULL. */
static char **key_slot(struct entry_keys *k, const char *key, size_t n)
{
	static const struct {
		const char *name;
		size_t offset;
	} keys[] = {
	    {"login", offsetof(struct entry_keys, username)},
	    {"user", offsetof(struct entry_keys, username)},
	    {"username", offsetof(struct entry_keys, username)},
	    {"email", offsetof(struct entry_keys, username)},
	    {"url", offsetof(struct entry_keys, url)},
	    {"type", offsetof(struct entry_keys, type)},
	    {"expires", offsetof(struct entry_keys, expires)},
	    {"api_base", offsetof(struct entry_keys, api_base)},
	    {"oauth_refresh_token", offsetof(struct entry_keys, refresh)},
	    {"authtype", offsetof(struct entry_keys, authtype)},
	    {"scope", offsetof(struct entry_keys, scope)},
	    {"pat_id", offsetof(struct entry_keys, pat_id)},
	    {"client_cert", offsetof(struct entry_keys, client_cert)},
	    {"client_key", offsetof(struct entry_keys, client_key)},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (strlen(keys[i].name) == n && !g_ascii_strncasecmp(keys[i].name, key, n))
			return (char **)((char *)k + keys[i].offset);
	return NULL;
}

static void keys_clear(struct entry_keys *k)
{
	g_free(k->username);
	g_free(k->url);
	g_free(k->type);
	g_free(k->expires);
	g_free(k->api_base);
	g_free(k->authtype);
	g_free(k->pat_id);
	g_free(k->client_cert);
	g_free(k->client_key);
	secret_free(k->refresh);
	secret_buf_free(k->notes);
	g_free(k->scope);
	memset(k, 0, sizeof(*k));
}

/*
 * One "key: value" line (without its newline); other lines are notes,
 * kept as written (a person may have put anything there: they go in a
 * secret buffer, made at its final size).
 */
static void take_line(struct entry_keys *k, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n), *v, *end = line + n;
	size_t klen = colon ? (size_t)(colon - line) : 0;
	char **slot;

	while (klen && (line[klen - 1] == ' ' || line[klen - 1] == '\t'))
		klen--;
	if (!colon || !(slot = key_slot(k, line, klen))) {
		if (!k->notes)
			k->notes = secret_buf_new();
		g_string_append_len(k->notes, line, (gssize)n);
		g_string_append_c(k->notes, '\n');
		return;
	}
	for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (slot == &k->refresh)
		secret_free(*slot);
	else
		g_free(*slot);
	*slot = g_strndup(v, (gsize)(end - v));
}

/* The last second of year 9999: an expiry writes back as YYYY-MM-DD. */
#define EXPIRES_MAX 253402300799LL

/* expires: as seconds since the epoch; NULL when it is not a date from 1970 to 9999. */
static char *expires_seconds(const char *s)
{
	GDateTime *dt = NULL;
	char *out = NULL;
	int y, m, d;
	size_t n = strlen(s);

	if (n && n <= 12 && strspn(s, "0123456789") == n) {
		gint64 t = g_ascii_strtoll(s, NULL, 10);

		return t <= EXPIRES_MAX ? g_strdup_printf("%" G_GINT64_FORMAT, t) : NULL;
	}
	if (n == 10 && s[4] == '-' && s[7] == '-' && strspn(s, "0123456789-") == n &&
	    sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3)
		dt = g_date_time_new_utc(y, m, d, 0, 0, 0);
	else if (n > 10 && n < 64) {
		GTimeZone *utc = g_time_zone_new_utc();

		dt = g_date_time_new_from_iso8601(s, utc);
		g_time_zone_unref(utc);
	}
	if (dt) {
		gint64 t = g_date_time_to_unix(dt);

		if (t >= 0 && t <= EXPIRES_MAX)
			out = g_strdup_printf("%" G_GINT64_FORMAT, t);
		g_date_time_unref(dt);
	}
	return out;
}

/* A key's value into *slot: NULL when absent or empty. */
static void take_text(char **slot, char **value)
{
	g_free(*slot);
	*slot = *value && **value ? g_steal_pointer(value) : NULL;
}

static int fail_with(char **err, const char *msg)
{
	*err = g_strdup(msg);
	return -1;
}

int passentry_parse(const char *buf, size_t len, struct credential *c, char **url, char **notes,
                    char **err)
{
	struct entry_keys k = {0};
	const char *nl, *p, *end = buf + len;
	enum jira_type type = JIRA_TYPE_NONE;
	char *expiry = NULL;

	*url = NULL;
	if (notes)
		*notes = NULL;
	if (len > PASSENTRY_MAX)
		return fail_with(err, "the entry is too long to be a credential");
	if (memchr(buf, '\0', len) || memchr(buf, '\r', len))
		return fail_with(err, "the entry holds a carriage return or a NUL byte; refused");
	nl = memchr(buf, '\n', len);
	if (!nl)
		nl = end;
	for (p = nl < end ? nl + 1 : end; p < end;) {
		const char *e = memchr(p, '\n', (size_t)(end - p));

		if (!e)
			e = end;
		take_line(&k, p, (size_t)(e - p));
		p = e < end ? e + 1 : end;
	}
	/* An empty secret is ours (a url: line) or a person's slip: refused. */
	if (nl == buf && !(k.url && *k.url)) {
		keys_clear(&k);
		return fail_with(err, "the entry's first line, the secret, is empty");
	}
	if (k.type && *k.type) {
		char *lower = g_ascii_strdown(k.type, -1);
		int bad = jira_type_parse(lower, &type);

		g_free(lower);
		if (bad) {
			keys_clear(&k);
			return fail_with(err,
			                 "the entry's type: is not cloud, server, pat or service");
		}
	}
	if (k.expires && *k.expires && !(expiry = expires_seconds(k.expires))) {
		keys_clear(&k);
		return fail_with(err, "the entry's expires: is not a date (YYYY-MM-DD)");
	}
	secret_free(c->password);
	c->password = g_strndup(buf, (gsize)(nl - buf));
	if (k.username) {
		g_free(c->username);
		c->username = g_steal_pointer(&k.username);
	}
	c->type = type;
	g_free(c->password_expiry_utc);
	c->password_expiry_utc = expiry;
	g_free(c->api_base);
	c->api_base = k.api_base && *k.api_base ? g_steal_pointer(&k.api_base) : NULL;
	take_text(&c->pat_id, &k.pat_id);
	take_text(&c->client_cert, &k.client_cert);
	take_text(&c->client_key, &k.client_key);
	secret_free(c->oauth_refresh_token);
	c->oauth_refresh_token = k.refresh && *k.refresh ? g_steal_pointer(&k.refresh) : NULL;
	g_free(c->scope);
	c->scope = k.scope && *k.scope ? g_steal_pointer(&k.scope) : NULL;
	c->from_authtype = k.authtype && !g_ascii_strcasecmp(k.authtype, "Bearer");
	*url = k.url && *k.url ? g_steal_pointer(&k.url) : NULL;
	if (notes && k.notes)
		*notes = g_strndup(k.notes->str, k.notes->len);
	keys_clear(&k);
	return 0;
}

/* expires: as a person reads it: a date at midnight UTC, else the full time. */
static char *expires_text(const char *seconds)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(g_ascii_strtoll(seconds, NULL, 10));
	char *s;

	if (!dt)
		return NULL;
	s = g_date_time_format(dt, g_date_time_get_hour(dt) || g_date_time_get_minute(dt) ||
	                                   g_date_time_get_second(dt)
	                               ? "%Y-%m-%dT%H:%M:%SZ"
	                               : "%Y-%m-%d");
	g_date_time_unref(dt);
	return s;
}

static int put(GString *s, const char *key, const char *value)
{
	if (!value)
		return 0;
	if (strpbrk(value, "\r\n"))
		return -1;
	g_string_append(s, key);
	g_string_append(s, ": ");
	g_string_append(s, value);
	g_string_append_c(s, '\n');
	return 0;
}

GString *passentry_write(const struct credential *c, const char *notes, char **err)
{
	GString *s = secret_buf_new();
	char *url = domain_format(c->protocol, c->host, c->path);
	char *exp = c->password_expiry_utc ? expires_text(c->password_expiry_utc) : NULL;
	int bad = !c->password || strpbrk(c->password, "\r\n") != NULL;

	if (!bad) {
		g_string_append(s, c->password);
		g_string_append_c(s, '\n');
		bad = put(s, "login", c->username && *c->username ? c->username : NULL) ||
		      put(s, "url", url) || put(s, "type", jira_type_name(cred_type(c))) ||
		      put(s, "expires", exp) || put(s, "api_base", c->api_base) ||
		      put(s, "oauth_refresh_token", c->oauth_refresh_token) ||
		      put(s, "authtype", c->from_authtype ? "Bearer" : NULL) ||
		      put(s, "scope", c->scope) || put(s, "pat_id", c->pat_id) ||
		      put(s, "client_cert", c->client_cert) || put(s, "client_key", c->client_key);
	}
	g_free(url);
	g_free(exp);
	if (bad) {
		*err = g_strdup("a value holds a line break; refused");
	} else if (s->len + (notes ? strlen(notes) : 0) > PASSENTRY_MAX) {
		*err =
		    g_strdup_printf("the entry would be longer than the %d bytes a password-store "
		                    "entry may have; refused",
		                    PASSENTRY_MAX);
		bad = 1;
	}
	if (bad) {
		secret_buf_free(s);
		return NULL;
	}
	if (notes)
		g_string_append(s, notes);
	return s;
}
