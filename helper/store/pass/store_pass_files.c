/*
 * store_pass_files.c: the files of the password store (see
 * store_pass_files.h): nothing below the store's directory is followed
 * through a link, every directory and file is held to the one trust rule
 * (sys/trust.h: ours, and writable by us only), and reads are bounded.
 */
#define _GNU_SOURCE /* O_DIRECTORY */
#include "store_pass_files.h"
#include "sys/trust.h"
#include "proto/escape.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *pf_store_dir(void)
{
	const char *d = getenv("PASSWORD_STORE_DIR");

	return d && *d ? g_strdup(d) : g_build_filename(g_get_home_dir(), ".password-store", NULL);
}

int pf_present(void)
{
	char *dir = pf_store_dir(), *id = g_build_filename(dir, ".gpg-id", NULL);
	struct stat st;
	int present = stat(id, &st) == 0;

	g_free(id);
	g_free(dir);
	return present;
}

/* *err = fmt with name, a file's name (another's text), made safe for a terminal. */
G_GNUC_PRINTF(2, 0)
static void name_err(char **err, const char *fmt, const char *name, const char *more)
{
	char *safe = term_safe(name);

	*err = g_strdup_printf(fmt, safe, more);
	g_free(safe);
}

/* The message for a directory or file that is not ours alone (sys/trust.h). */
static void untrusted(char **err, const char *what, enum trust_kind kind)
{
	name_err(err,
	         "%s is not a %s of yours that only you can write; fix its owner or mode "
	         "(chmod go-w)",
	         what, kind == TRUST_DIR ? "directory" : "file");
}

/* The store's directory (a link to it is allowed, as pass allows; nothing below it is). */
int pf_open_root(char **path, char **err)
{
	char *dir = pf_store_dir();
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		*err = g_strdup_printf("no password store at %s (%s); create one with: pass init "
		                       "KEYID",
		                       dir, g_strerror(errno));
		g_free(dir);
		return -1;
	}
	if (trust_fd(fd, TRUST_DIR, 022, NULL) != TRUST_OK) {
		untrusted(err, dir, TRUST_DIR);
		close(fd);
		g_free(dir);
		return -1;
	}
	*path = dir;
	return fd;
}

/*
 * The directory rel (a/b/c, may be "") below dirfd, each level opened
 * without following links and checked; made when create (with the
 * process's umask: pf_umask).  Returns an fd, or -1: with *err set on a
 * real error, with *err NULL when a level is missing.
 */
int pf_open_sub(int dirfd, const char *rel, int create, char **err)
{
	char **parts = g_strsplit(rel, "/", -1);
	int fd = dup(dirfd);

	for (char **p = parts; *p && fd >= 0; p++) {
		enum trust_fail fail;
		int next;

		if (!**p)
			continue;
		next = trust_openat(fd, *p, O_RDONLY, TRUST_DIR, 022, NULL, &fail);
		if (next < 0 && fail == TRUST_NOT_OPENED && errno == ENOENT && create &&
		    !mkdirat(fd, *p, 0777)) /* umask */
			next = trust_openat(fd, *p, O_RDONLY, TRUST_DIR, 022, NULL, &fail);
		if (next < 0 && fail != TRUST_NOT_OPENED)
			untrusted(err, *p, TRUST_DIR);
		else if (next < 0 && errno != ENOENT)
			name_err(err, "cannot open %s in the password store: %s", *p,
			         g_strerror(errno));
		close(fd);
		fd = next;
	}
	g_strfreev(parts);
	return fd;
}

/* A small file of ours at dirfd/name; NULL with *err NULL when there is none. */
GString *pf_read_at(int dirfd, const char *name, size_t max, char **err)
{
	enum trust_fail fail;
	struct stat st;
	int fd = trust_openat(dirfd, name, O_RDONLY, TRUST_FILE, 022, &st, &fail);
	GString *s;
	ssize_t n;

	if (fd < 0) {
		if (fail != TRUST_NOT_OPENED)
			untrusted(err, name, TRUST_FILE);
		else if (errno != ENOENT)
			name_err(err, "cannot open %s: %s", name, g_strerror(errno));
		return NULL;
	}
	if ((size_t)st.st_size > max) {
		name_err(err, "%s is too large to be ours%s", name, "");
		close(fd);
		return NULL;
	}
	s = g_string_sized_new((gsize)st.st_size + 1);
	while ((n = read(fd, s->str + s->len, s->allocated_len - s->len - 1)) > 0) {
		s->len += (gsize)n;
		s->str[s->len] = '\0';
		if (s->len + 1 >= s->allocated_len)
			break;
	}
	close(fd);
	if (n < 0) {
		name_err(err, "cannot read %s: %s", name, g_strerror(errno));
		g_string_free(s, TRUE);
		return NULL;
	}
	return s;
}

mode_t pf_umask(char **err)
{
	const char *v = getenv("PASSWORD_STORE_UMASK");
	char *end = NULL;
	long m;

	if (!v || !*v)
		return 077;
	m = strtol(v, &end, 8);
	if (*end || m < 0 || m > 0777) {
		*err = g_strdup("PASSWORD_STORE_UMASK is not an octal umask (such as 077 or 027)");
		return (mode_t)-1;
	}
	/* Never write access for others: such a file would not be trusted when read. */
	return (mode_t)m | 022;
}
