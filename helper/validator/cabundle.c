/*
 * cabundle.c: which CA certificates validation trusts (see cabundle.h).
 * The order is curl's tool's (tool_operate.c, cacertpaths(): its
 * --cacert, then CURL_CA_BUNDLE alone, else SSL_CERT_DIR and
 * SSL_CERT_FILE), then git's (http.c: GIT_SSL_CAINFO and GIT_SSL_CAPATH
 * over http.sslCAInfo): the validator is a curl client, and git's
 * variables are what a git user set when nothing else is.
 */
#define _DEFAULT_SOURCE
#include "cabundle.h"

#include <glib.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* Takes file and dir from the two variables; whether either is set. */
static int take_pair(struct ca_bundle *ca, const char *file_var, const char *dir_var)
{
	ca->file = env_set(file_var);
	ca->file_from = ca->file ? file_var : NULL;
	ca->dir = dir_var ? env_set(dir_var) : NULL;
	ca->dir_from = ca->dir ? dir_var : NULL;
	return ca->file || ca->dir;
}

/* 0 when path is a readable file (dir: directory), else -1 with *msg. */
static int usable(const char *path, const char *from, int dir, char **msg)
{
	struct stat st;
	const char *why = NULL;

	if (stat(path, &st))
		why = g_strerror(errno);
	else if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
		why = dir ? "not a directory" : "not a file";
	else if (access(path, dir ? R_OK | X_OK : R_OK))
		why = g_strerror(errno);
	if (!why)
		return 0;
	*msg = g_strdup_printf("%s names %s as the CA %s, which cannot be used (%s); %s", from,
	                       path, dir ? "certificates' directory" : "bundle", why,
	                       from[0] == '-' ? "give the file that holds the CA certificates"
	                                      : "fix or unset it");
	return -1;
}

int ca_bundle_choose(const char *cacert, struct ca_bundle *ca, char **msg)
{
	memset(ca, 0, sizeof(*ca));
	if (cacert && *cacert) {
		ca->file = cacert;
		ca->file_from = "--cacert";
	} else if (!take_pair(ca, "CURL_CA_BUNDLE", NULL) &&
	           !take_pair(ca, "SSL_CERT_FILE", "SSL_CERT_DIR"))
		take_pair(ca, "GIT_SSL_CAINFO", "GIT_SSL_CAPATH");
	if ((ca->file && usable(ca->file, ca->file_from, 0, msg)) ||
	    (ca->dir && usable(ca->dir, ca->dir_from, 1, msg)))
		return -1;
	return 0;
}
