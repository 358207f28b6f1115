/*
 * passentry_path.c: where a password-store entry lives and what it
 * answers for (see passentry.h and jira-credential(5), "PASSWORD STORE"):
 * the reversible mapping of origin, path and user to a file name, the
 * limits that writer and reader share, and the rule that an entry's own
 * content, not its name, says what it answers for.
 */
#include "passentry.h"
#include "domain.h"
#include "escape.h"

#include <string.h>

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
	if (passentry_path_fits(rel, NULL) || !g_str_has_prefix(rel, PASSENTRY_DIR "/"))
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

int passentry_path_fits(const char *rel, char **err)
{
	char **parts = g_strsplit(rel, "/", -1);
	guint n = g_strv_length(parts), longest = 0;
	const char *why = NULL;

	for (guint i = 0; i < n; i++)
		longest = MAX(longest, (guint)strlen(parts[i]));
	g_strfreev(parts);
	if (strlen(rel) > PASSENTRY_MAX_PATH)
		why = "its path in the store would be longer than " G_STRINGIFY(
		    PASSENTRY_MAX_PATH) " bytes";
	else if (longest > PASSENTRY_MAX_NAME)
		why =
		    "a name in its path (the host, a path segment or the username, escaped) would "
		    "be longer than " G_STRINGIFY(PASSENTRY_MAX_NAME) " bytes";
	else if (n > PASSENTRY_MAX_DEPTH + 2) /* jira/, the directories, the file */
		why = "its path has more than " G_STRINGIFY(
		    PASSENTRY_MAX_DEPTH) " directories below jira/ (the host and the path's "
		                         "segments)";
	if (why && err)
		*err = g_strdup_printf(
		    "the password store cannot keep this credential: %s; refused", why);
	return why ? -1 : 0;
}

/* "https://host/path (user alice)" for a message, safe for a terminal. */
static char *describe(const char *protocol, const char *host, const char *path, const char *user)
{
	char *d = domain_format(protocol, host, path);
	char *s = g_strdup_printf("%s (%s%s)", d, *user ? "user " : "no user", user);
	char *safe = term_safe(s);

	g_free(s);
	g_free(d);
	return safe;
}

int passentry_identity(const char *rel, const char *url, struct credential *c, char **err)
{
	char *protocol, *host, *path, *user, *where, *says, *at;
	struct origin o = {0};
	int agree;

	if (passentry_parse_path(rel, &protocol, &host, &path, &user)) {
		at = term_safe(rel);
		*err = g_strdup_printf("%s is not the name of an entry of ours", at);
		g_free(at);
		return -1;
	}
	if (url && domain_parse(url, &o, &says, NULL)) {
		g_free(says);
		o.protocol = g_strdup("?");
		o.host = term_safe(url);
	} else if (!url) {
		o.protocol = g_strdup(protocol);
		o.host = g_strdup(host);
		o.path = g_strdup(path);
	}
	/* The user: login:, else the url's own, else none (or, without url:, the name's). */
	if (!c->username)
		c->username = g_strdup(o.username ? o.username : url ? "" : user);
	agree = !strcmp(o.protocol, protocol) && !strcmp(o.host, host) &&
	        !g_strcmp0(o.path, path) && !strcmp(c->username, user);
	if (agree) {
		g_free(c->protocol);
		g_free(c->host);
		g_free(c->path);
		c->protocol = g_steal_pointer(&o.protocol);
		c->host = g_steal_pointer(&o.host);
		c->path = g_steal_pointer(&o.path);
	} else {
		at = term_safe(rel);
		where = describe(protocol, host, path, user);
		says = describe(o.protocol, o.host, o.path, c->username);
		*err = g_strdup_printf("%s says it is for %s, but its name says %s; it answers "
		                       "nothing until it is moved back or removed",
		                       at, says, where);
		g_free(says);
		g_free(where);
		g_free(at);
	}
	origin_clear(&o);
	g_free(protocol);
	g_free(host);
	g_free(path);
	g_free(user);
	return agree ? 0 : -1;
}
