/*
 * domain.h: Jira base URLs.  Turns what users type (a bare host, a base URL,
 * a URL inside Jira) into the protocol, host and path that credentials are
 * keyed by, using glib's GUri, and builds the base URL back from them.
 */
#ifndef JC_DOMAIN_H
#define JC_DOMAIN_H

#include <glib.h>

struct origin {
	char *protocol; /* lower case */
	char *host;     /* lower case host[:port], IPv6 in brackets, no default port */
	char *path;     /* segments without leading/trailing '/', NULL when none */
	char *username; /* from userinfo, NULL when none */
};

void origin_clear(struct origin *o);

/*
 * Parses a URL or a bare host ("example.atlassian.net" means
 * "https://example.atlassian.net").  A URL that points inside Jira
 * (".../rest/...", ".../browse/...") stands for its base URL.  Refuses a
 * password in the URL, a missing host, a bad port and "." or ".."
 * segments; drops query and fragment with a warning appended to warn.
 * Returns 0, or -1 with a one-line *err.
 */
int domain_parse(const char *in, struct origin *o, char **err, GString *warn);

/*
 * Normal form of a protocol and a host[:port] as git sends them.
 * Returns 0, or -1 with *err.
 */
int host_normalize(const char *protocol, const char *host, char **out, char **err);

/* Checks a path= value and returns it without leading/trailing '/'. */
int path_normalize(const char *path, char **out, char **err);

/* "https://host[:port][/path]", newly allocated. */
char *domain_format(const char *protocol, const char *host, const char *path);

/* Whether stored path is the same as, or a segment-wise parent of, want. */
int path_covers(const char *stored, const char *want);

/* The host without its port ("[::1]:8443" gives "[::1]"), newly allocated. */
char *host_without_port(const char *host);

#endif
