/*
 * domain.c: Jira base URLs and git's protocol/host/path triple.  Owns the
 * normal form that credentials are stored and matched under: GUri does the
 * parsing (IDN to ASCII, IPv6 literals, ports); this file adds the rules of
 * the contract (bare host means https, default port dropped, Jira-internal
 * URLs stand for their base, no passwords in URLs, no dot segments).
 */
#include "domain.h"

#include <string.h>

/* Path segments that begin Jira's own pages, not the instance base. */
static const char *const jira_internal[] = {"rest", "browse", NULL};

void origin_clear(struct origin *o)
{
	g_free(o->protocol);
	g_free(o->host);
	g_free(o->path);
	g_free(o->username);
	memset(o, 0, sizeof(*o));
}

static int protocol_ok(const char *p)
{
	if (!g_ascii_isalpha(*p))
		return 0;
	for (; *p; p++)
		if (!g_ascii_isalnum(*p) && !strchr("+.-", *p))
			return 0;
	return 1;
}

static int default_port(const char *protocol)
{
	if (!strcmp(protocol, "https"))
		return 443;
	if (!strcmp(protocol, "http"))
		return 80;
	return -1;
}

/*
 * Whether a raw path segment is, or hides, a "." or ".." segment.  The
 * decision is made on the decoded segment, decoded once (%252e stays
 * "%2e"): "%2e%2E" is "..", and "a%2F..%2Fb" decodes to "a/../b", whose
 * pieces a server or GUri would take as segments.  A segment that does
 * not decode (a bad escape, %00) counts as one too.
 */
static int segment_is_dot(const char *seg, int encoded)
{
	char *plain = encoded ? g_uri_unescape_string(seg, NULL) : g_strdup(seg);
	char **pieces;
	int dot = !plain;

	if (plain) {
		pieces = g_strsplit_set(plain, "/\\", -1);
		for (char **p = pieces; *p && !dot; p++)
			dot = !strcmp(*p, ".") || !strcmp(*p, "..");
		g_strfreev(pieces);
	}
	g_free(plain);
	return dot;
}

/* Checks the host GUri gave us and writes its normal form. */
static int host_format(const char *protocol, const char *host, int port, char **out, char **err)
{
	char *lower;

	if (!host || !*host) {
		*err =
		    g_strdup("the URL has no host; give one, as in https://example.atlassian.net");
		return -1;
	}
	if (strlen(host) > 253) {
		*err = g_strdup("the host name is longer than DNS allows (253 characters)");
		return -1;
	}
	if (strchr(host, ':')) {
		if (!g_hostname_is_ip_address(host) || strchr(host, '%')) {
			*err = g_strdup("the host is not a valid IPv6 address");
			return -1;
		}
	} else {
		for (const char *p = host; *p; p++)
			if (!g_ascii_isalnum(*p) && !strchr(".-_", *p)) {
				*err = g_strdup("the host has a character a host name cannot have");
				return -1;
			}
	}
	if (port == 0) {
		*err = g_strdup("port 0 is not a port; give one from 1 to 65535");
		return -1;
	}
	lower = g_ascii_strdown(host, -1);
	if (port < 0 || port == default_port(protocol))
		*out = strchr(lower, ':') ? g_strdup_printf("[%s]", lower) : g_strdup(lower);
	else
		*out = strchr(lower, ':') ? g_strdup_printf("[%s]:%d", lower, port)
		                          : g_strdup_printf("%s:%d", lower, port);
	g_free(lower);
	return 0;
}

/*
 * Joins the non-empty segments of path with '/', refusing "." and "..".
 * With strip_jira, stops at the first segment that begins Jira's own pages.
 * encoded says whether path is still percent-encoded (decoded once to
 * decide) or already decoded (GUri's path: never decoded a second time).
 */
static int path_segments(const char *path, int strip_jira, int encoded, char **out, char **err)
{
	char **segs = g_strsplit(path ? path : "", "/", -1);
	GString *s = g_string_new(NULL);
	int rc = 0;

	for (char **p = segs; *p; p++) {
		if (!**p)
			continue;
		if (segment_is_dot(*p, encoded)) {
			*err =
			    g_strdup("the path has a '.' or '..' segment; give the path plainly");
			rc = -1;
			break;
		}
		if (strip_jira && g_strv_contains(jira_internal, *p))
			break;
		if (s->len)
			g_string_append_c(s, '/');
		g_string_append(s, *p);
	}
	g_strfreev(segs);
	if (rc || !s->len) {
		g_string_free(s, TRUE);
		*out = NULL;
		return rc;
	}
	*out = g_string_free(s, FALSE);
	return 0;
}

int path_normalize(const char *path, char **out, char **err)
{
	return path_segments(path, 0, 1, out, err);
}

/* Whether s has a control character (CR, LF, ...) once percent-decoded. */
static int has_control(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/*
 * GUri removes "." and ".." segments while parsing; a URL that has them is
 * refused instead, so the raw path is checked first.
 */
static int raw_path_ok(const char *url, char **err)
{
	char *path = NULL, **segs;
	int ok = 1;

	if (!g_uri_split(url, G_URI_FLAGS_ENCODED, NULL, NULL, NULL, NULL, &path, NULL, NULL, NULL))
		return 1; /* g_uri_parse reports it */
	segs = g_strsplit(path, "/", -1);
	for (char **p = segs; *p && ok; p++)
		ok = !segment_is_dot(*p, 1);
	g_strfreev(segs);
	g_free(path);
	if (!ok)
		*err = g_strdup("the path has a '.' or '..' segment; give the path plainly");
	return ok;
}

static GUri *uri_parse(const char *url, char **err)
{
	GError *gerr = NULL;
	GUri *uri;

	if (!raw_path_ok(url, err))
		return NULL;
	uri = g_uri_parse(url, G_URI_FLAGS_HAS_PASSWORD, &gerr);
	if (!uri) {
		/* GUri's message quotes the URL, which may hold a password. */
		*err = g_strdup("the URL cannot be parsed; give it as https://host[:port][/path]");
		g_error_free(gerr);
	}
	return uri;
}

int domain_parse(const char *in, struct origin *o, char **err, GString *warn)
{
	char *url;
	GUri *uri;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	if (!in || !*in) {
		*err = g_strdup("the domain is empty; give the Jira base URL");
		return -1;
	}
	url = strstr(in, "://") ? g_strdup(in) : g_strconcat("https://", in, NULL);
	uri = uri_parse(url, err);
	g_free(url);
	if (!uri)
		return -1;
	if (g_uri_get_password(uri)) {
		*err = g_strdup("the URL holds a password; never put a secret in a URL, give it "
		                "on password= instead");
		goto out;
	}
	o->protocol = g_ascii_strdown(g_uri_get_scheme(uri), -1);
	if (!protocol_ok(o->protocol)) {
		*err = g_strdup("the URL's protocol is not valid");
		goto out;
	}
	if (host_format(o->protocol, g_uri_get_host(uri), g_uri_get_port(uri), &o->host, err))
		goto out;
	if (has_control(g_uri_get_path(uri)) || has_control(g_uri_get_user(uri)) ||
	    !g_utf8_validate(g_uri_get_path(uri), -1, NULL) ||
	    (g_uri_get_user(uri) && !g_utf8_validate(g_uri_get_user(uri), -1, NULL))) {
		*err = g_strdup("the URL hides a control character or invalid UTF-8 in its user or "
		                "path; refused");
		goto out;
	}
	if (path_segments(g_uri_get_path(uri), 1, 0, &o->path, err))
		goto out;
	if (g_uri_get_user(uri) && *g_uri_get_user(uri))
		o->username = g_strdup(g_uri_get_user(uri));
	if (warn && (g_uri_get_query(uri) || g_uri_get_fragment(uri)))
		g_string_append(warn, "ignored the query and fragment of the URL; a credential is "
		                      "keyed by protocol, host and path\n");
	rc = 0;
out:
	g_uri_unref(uri);
	if (rc)
		origin_clear(o);
	return rc;
}

int host_normalize(const char *protocol, const char *host, char **out, char **err)
{
	char *url;
	GUri *uri;
	int rc;

	*out = NULL;
	if (!protocol_ok(protocol)) {
		*err = g_strdup("protocol= is not a valid protocol name");
		return -1;
	}
	if (!*host || strpbrk(host, "/@?#\\ ")) {
		*err = g_strdup("host= is not a host name; give host or host:port");
		return -1;
	}
	url = g_strconcat(protocol, "://", host, "/", NULL);
	uri = uri_parse(url, err);
	g_free(url);
	if (!uri)
		return -1;
	rc = host_format(protocol, g_uri_get_host(uri), g_uri_get_port(uri), out, err);
	g_uri_unref(uri);
	return rc;
}

char *domain_format(const char *protocol, const char *host, const char *path)
{
	char *escaped, *url;

	if (!path || !*path)
		return g_strdup_printf("%s://%s", protocol, host);
	/* Paths are kept decoded, as git sends them; a URL needs them encoded. */
	escaped = g_uri_escape_string(path, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, FALSE);
	url = g_strdup_printf("%s://%s/%s", protocol, host, escaped);
	g_free(escaped);
	return url;
}

int path_covers(const char *stored, const char *want)
{
	size_t n;

	if (!stored || !*stored)
		return 1;
	if (!want)
		return 0;
	n = strlen(stored);
	return !strncmp(stored, want, n) && (want[n] == '\0' || want[n] == '/');
}

char *host_without_port(const char *host)
{
	const char *end;

	if (host[0] == '[') {
		end = strchr(host, ']');
		return g_strndup(host, end ? (size_t)(end - host + 1) : strlen(host));
	}
	end = strchr(host, ':');
	return g_strndup(host, end ? (size_t)(end - host) : strlen(host));
}
