/*
 * passentry.c: a credential as a password-store entry, text and path (see
 * passentry.h and jira-credential(5), "PASSWORD STORE").
 */
#include "passentry.h"
#include "domain.h"

#include <stdio.h>
#include <string.h>

/* ---- the entry's text ------------------------------------------------ */

struct entry_keys {
	char *username, *url, *type, *expires, *api_base, *refresh, *scope;
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
	    {"scope", offsetof(struct entry_keys, scope)},
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
	secret_free(k->refresh);
	g_free(k->scope);
	memset(k, 0, sizeof(*k));
}

/* One "key: value" line (without its newline); other lines are notes. */
static void take_line(struct entry_keys *k, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n), *v, *end = line + n;
	size_t klen;
	char **slot;

	if (!colon)
		return;
	klen = (size_t)(colon - line);
	while (klen && (line[klen - 1] == ' ' || line[klen - 1] == '\t'))
		klen--;
	if (!(slot = key_slot(k, line, klen)))
		return;
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

static int fail_with(char **err, const char *msg)
{
	*err = g_strdup(msg);
	return -1;
}

int passentry_parse(const char *buf, size_t len, struct credential *c, char **url, char **err)
{
	struct entry_keys k = {0};
	const char *nl, *p, *end = buf + len;
	enum jira_type type = JIRA_TYPE_NONE;
	char *expiry = NULL;

	*url = NULL;
	if (len > PASSENTRY_MAX)
		return fail_with(err, "the entry is too long to be a credential");
	if (memchr(buf, '\0', len) || memchr(buf, '\r', len))
		return fail_with(err, "the entry holds a carriage return or a NUL byte; refused");
	nl = memchr(buf, '\n', len);
	if (!nl)
		nl = end;
	if (nl == buf)
		return fail_with(err, "the entry's first line, the secret, is empty");
	for (p = nl < end ? nl + 1 : end; p < end;) {
		const char *e = memchr(p, '\n', (size_t)(end - p));

		if (!e)
			e = end;
		take_line(&k, p, (size_t)(e - p));
		p = e < end ? e + 1 : end;
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
	secret_free(c->oauth_refresh_token);
	c->oauth_refresh_token = k.refresh && *k.refresh ? g_steal_pointer(&k.refresh) : NULL;
	g_free(c->scope);
	c->scope = k.scope && *k.scope ? g_steal_pointer(&k.scope) : NULL;
	*url = k.url && *k.url ? g_steal_pointer(&k.url) : NULL;
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

GString *passentry_write(const struct credential *c)
{
	GString *s = secret_buf_new();
	char *url = domain_format(c->protocol, c->host, c->path);
	char *exp = c->password_expiry_utc ? expires_text(c->password_expiry_utc) : NULL;
	int bad = !c->password || !*c->password || strpbrk(c->password, "\r\n") != NULL;

	if (!bad) {
		g_string_append(s, c->password);
		g_string_append_c(s, '\n');
		bad = put(s, "login", c->username && *c->username ? c->username : NULL) ||
		      put(s, "url", url) || put(s, "type", jira_type_name(cred_type(c))) ||
		      put(s, "expires", exp) || put(s, "api_base", c->api_base) ||
		      put(s, "oauth_refresh_token", c->oauth_refresh_token) ||
		      put(s, "scope", c->scope);
	}
	g_free(url);
	g_free(exp);
	if (bad) {
		secret_buf_free(s);
		return NULL;
	}
	return s;
}

/* ---- the entry's path ------------------------------------------------- */

enum part { PART_HOST, PART_SEGMENT, PART_USER };

/* Bytes kept as they are; every other byte is %XX. */
static int plain_byte(unsigned char ch, enum part part)
{
	if (g_ascii_isalnum(ch) || strchr("-.@+~=,", ch))
		return ch != '+' || part != PART_HOST;
	if (ch == '_')
		return part != PART_HOST; /* the host's '_' separates the port */
	return part == PART_HOST && ch && strchr("[]:", ch);
}

static void escape_into(GString *out, const char *s, enum part part)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		int esc = !plain_byte(ch, part);

		if (i == 0 && (ch == '.' || (part == PART_USER && ch == '_')))
			esc = 1; /* never hidden, never "." or "..", never PASSENTRY_NO_USER */
		if (part == PART_SEGMENT && ch == '.' && i + 4 == n && !strcmp(s + i, ".gpg"))
			esc = 1; /* a directory never looks like an entry */
		if (esc)
			g_string_append_printf(out, "%%%02X", ch);
		else
			g_string_append_c(out, (char)ch);
	}
}

/* The host part: [PROTOCOL+]HOST[_PORT]; https is the protocol left out. */
static void host_into(GString *out, const char *protocol, const char *host)
{
	const char *close = host[0] == '[' ? strchr(host, ']') : NULL;
	const char *colon = strrchr(close ? close : host, ':');
	char *bare = colon ? g_strndup(host, (gsize)(colon - host)) : g_strdup(host);

	if (strcmp(protocol, "https")) {
		g_string_append(out, protocol);
		g_string_append_c(out, '+');
	}
	escape_into(out, bare, PART_HOST);
	if (colon) {
		g_string_append_c(out, '_');
		g_string_append(out, colon + 1);
	}
	g_free(bare);
}

char *passentry_origin_dir(const char *protocol, const char *host)
{
	GString *s = g_string_new(PASSENTRY_DIR "/");

	host_into(s, protocol, host);
	return g_string_free(s, FALSE);
}

char *passentry_path(const char *protocol, const char *host, const char *path, const char *username)
{
	GString *s = g_string_new(PASSENTRY_DIR "/");

	host_into(s, protocol, host);
	if (path && *path) {
		char **segs = g_strsplit(path, "/", -1);

		for (char **p = segs; *p; p++) {
			g_string_append_c(s, '/');
			escape_into(s, *p, PART_SEGMENT);
		}
		g_strfreev(segs);
	}
	g_string_append_c(s, '/');
	if (username && *username)
		escape_into(s, username, PART_USER);
	else
		g_string_append(s, PASSENTRY_NO_USER);
	g_string_append(s, ".gpg");
	return g_string_free(s, FALSE);
}

/* %XX decoded; NULL on a bad escape, a control byte or an empty result. */
static char *unescape(const char *s, size_t n)
{
	GString *out = g_string_sized_new(n);

	for (size_t i = 0; i < n; i++) {
		int ch = (unsigned char)s[i];

		if (ch == '%') {
			if (i + 2 >= n || !g_ascii_isxdigit(s[i + 1]) ||
			    !g_ascii_isxdigit(s[i + 2])) {
				g_string_free(out, TRUE);
				return NULL;
			}
			ch = g_ascii_xdigit_value(s[i + 1]) * 16 + g_ascii_xdigit_value(s[i + 2]);
			i += 2;
		}
		if (ch < 0x20 || ch == 0x7f) {
			g_string_free(out, TRUE);
			return NULL;
		}
		g_string_append_c(out, (char)ch);
	}
	if (!out->len) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

/* The host part back into protocol and normal host[:port]. */
static int host_from(const char *part, char **protocol, char **host)
{
	const char *plus = strchr(part, '+'), *h = part, *us;
	char *proto, *bare, *joined, *err = NULL;
	int rc;

	if (plus) {
		proto = g_ascii_strdown(part, plus - part);
		h = plus + 1;
	} else
		proto = g_strdup("https");
	us = strrchr(h, '_');
	if (us && (!us[1] || strspn(us + 1, "0123456789") != strlen(us + 1))) {
		g_free(proto);
		return -1;
	}
	bare = unescape(h, us ? (size_t)(us - h) : strlen(h));
	if (!bare || !*proto) {
		g_free(bare);
		g_free(proto);
		return -1;
	}
	joined = us ? g_strdup_printf("%s:%s", bare, us + 1) : g_strdup(bare);
	rc = host_normalize(proto, joined, host, &err);
	g_free(err);
	g_free(joined);
	g_free(bare);
	if (rc)
		g_free(proto);
	else
		*protocol = proto;
	return rc;
}

int passentry_parse_path(const char *rel, char **protocol, char **host, char **path,
                         char **username)
{
	char **parts;
	guint n;
	GString *p = NULL;
	char *user = NULL;
	int ok = 0;

	*protocol = *host = *path = *username = NULL;
	if (strlen(rel) > PASSENTRY_MAX_PATH || !g_str_has_prefix(rel, PASSENTRY_DIR "/"))
		return -1;
	parts = g_strsplit(rel + strlen(PASSENTRY_DIR "/"), "/", -1);
	n = g_strv_length(parts);
	if (n < 2 || !g_str_has_suffix(parts[n - 1], ".gpg"))
		goto out;
	if (host_from(parts[0], protocol, host))
		goto out;
	for (guint i = 1; i + 1 < n; i++) {
		char *seg = unescape(parts[i], strlen(parts[i]));

		if (!seg || !strcmp(seg, ".") || !strcmp(seg, "..") || strchr(seg, '/')) {
			g_free(seg);
			goto out;
		}
		if (!p)
			p = g_string_new(seg);
		else
			g_string_append_printf(p, "/%s", seg);
		g_free(seg);
	}
	if (!strcmp(parts[n - 1], PASSENTRY_NO_USER ".gpg"))
		user = g_strdup("");
	else if (!(user = unescape(parts[n - 1], strlen(parts[n - 1]) - 4)))
		goto out;
	ok = 1;
out:
	g_strfreev(parts);
	if (!ok) {
		g_free(user);
		if (p)
			g_string_free(p, TRUE);
		g_free(*protocol);
		g_free(*host);
		*protocol = *host = NULL;
		return -1;
	}
	*path = p ? g_string_free(p, FALSE) : NULL;
	*username = user;
	return 0;
}
