/*
 * clientcert.c: the client certificate's files (see clientcert.h).
 */
#define _GNU_SOURCE /* O_CLOEXEC */
#include "clientcert.h"
#include "sys/trust.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Opens path without blocking (a FIFO never holds us) and asks the trust
 * rule of it (sys/trust.h) into *fail; -1 with *err when it is not even
 * a regular file.
 */
static int open_file(const char *what, const char *path, struct stat *st, enum trust_fail *fail,
                     char **err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		*err = g_strdup_printf("cannot read the %s %s: %s", what, path, g_strerror(errno));
		return -1;
	}
	*fail = trust_fd(fd, TRUST_FILE, 077, st);
	close(fd);
	if (*fail == TRUST_NOT_KIND) {
		*err = g_strdup_printf("the %s %s is not a regular file", what, path);
		return -1;
	}
	return 0;
}

int clientcert_check(const char *cert, const char *key, char **err)
{
	const char *keyfile = key ? key : cert;
	enum trust_fail fail;
	struct stat st;

	if (open_file("client certificate", cert, &st, &fail, err) ||
	    (key && open_file("client key", key, &st, &fail, err)))
		return -1;
	if (fail == TRUST_NOT_OWNER) {
		*err = g_strdup_printf("the client key %s is not yours; use a copy that only you "
		                       "can read (chmod 600)",
		                       keyfile);
		return -1;
	}
	if (fail == TRUST_MODE) {
		*err = g_strdup_printf(
		    "the client key %s can be read or written by others (mode %04o); make it yours "
		    "alone: chmod 600 %s%s",
		    keyfile, (unsigned)(st.st_mode & 07777), keyfile,
		    key ? "" : " (without --client-key the certificate's file must hold the key)");
		return -1;
	}
	return 0;
}

/* FILE as an absolute path, or NULL with *err: a path must be one line of text. */
static char *absolute(const char *opt, const char *file, char **err)
{
	if (!*file || strlen(file) > CLIENTCERT_PATH_MAX || !g_utf8_validate(file, -1, NULL)) {
		*err = g_strdup_printf("%s takes the path of a file (at most %d bytes of UTF-8)",
		                       opt, CLIENTCERT_PATH_MAX);
		return NULL;
	}
	for (const char *p = file; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*err = g_strdup_printf("the path given to %s holds a control character; "
			                       "refused",
			                       opt);
			return NULL;
		}
	return g_canonicalize_filename(file, NULL);
}

int clientcert_take(const char *cert_file, const char *key_file, struct credential *c, char **err)
{
	char *cert, *key = NULL;

	if (!cert_file && !key_file)
		return 0;
	if (!cert_file) {
		*err = g_strdup("--client-key goes with --client-cert=FILE, the certificate it "
		                "belongs to");
		return -1;
	}
	if (!(cert = absolute("--client-cert", cert_file, err)) ||
	    (key_file && !(key = absolute("--client-key", key_file, err))) ||
	    clientcert_check(cert, key, err)) {
		g_free(cert);
		g_free(key);
		return -1;
	}
	g_free(c->client_cert);
	g_free(c->client_key);
	c->client_cert = cert;
	c->client_key = key;
	return 0;
}
