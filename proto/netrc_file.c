/*
 * netrc_file.c: netrc_read_file(), opening and reading a netrc file
 * safely (see netrc.h): symbolic links are followed (a netrc may live in
 * a dotfiles repository), but what is read must be a regular file, opening
 * never blocks (a FIFO), and no more than NETRC_FILE_MAX bytes are read
 * (/dev/zero, a huge file).
 */
#define _GNU_SOURCE /* explicit_bzero, O_CLOEXEC */
#include "netrc.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int refuse(int fd, char *buf, size_t cap, char **err, char *msg)
{
	if (buf) {
		explicit_bzero(buf, cap);
		g_free(buf);
	}
	if (fd >= 0)
		close(fd);
	*err = msg;
	return -1;
}

int netrc_read_file(const char *path, char **text, size_t *len, char **err)
{
	const size_t cap = NETRC_FILE_MAX + 1; /* one more byte tells "too large" */
	struct stat st;
	size_t n = 0;
	char *buf;
	int fd;

	*text = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return refuse(-1, NULL, 0, err, g_strdup(g_strerror(errno)));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		return refuse(fd, NULL, 0, err,
		              g_strdup("not a regular file (a device, FIFO, socket or "
		                       "directory is never read as a netrc file)"));
	if (st.st_size > NETRC_FILE_MAX)
		return refuse(fd, NULL, 0, err,
		              g_strdup("the file is larger than a netrc file may be (128 KiB)"));
	buf = g_malloc(cap + 1);
	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return refuse(fd, buf, cap + 1, err, g_strdup(g_strerror(errno)));
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > NETRC_FILE_MAX) /* it grew while being read */
		return refuse(fd, buf, cap + 1, err,
		              g_strdup("the file is larger than a netrc file may be (128 KiB)"));
	close(fd);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}
