/*
 * input.c: reads a key=value block from a descriptor (stdin, or the
 * validator's pipe).  Reads in chunks until the end of input or a blank
 * line, never more than CRED_MAX_INPUT + 1 bytes.  The buffer may hold
 * secrets: it is cleared before it is freed.
 */
#define _GNU_SOURCE /* explicit_bzero, memmem */
#include "input.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Whether the bytes from `from` on complete the blank line that ends a block. */
static int block_ended(const char *buf, size_t from, size_t len)
{
	if (len > 0 && buf[0] == '\n')
		return 1;
	from = from > 0 ? from - 1 : 0;
	return memmem(buf + from, len - from, "\n\n", 2) != NULL;
}

void block_free(char *buf, size_t len)
{
	if (buf) {
		explicit_bzero(buf, len);
		g_free(buf);
	}
}

int block_read_fd(int fd, char **out, size_t *outlen, char **err)
{
	size_t cap = CRED_MAX_INPUT + 1, len = 0, seen = 0;
	char *buf = g_malloc(cap);

	while (len < cap && !block_ended(buf, seen, len)) {
		ssize_t n;

		seen = len;
		n = read(fd, buf + len, cap - len > 65536 ? 65536 : cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = g_strdup_printf("cannot read the input: %s", g_strerror(errno));
			block_free(buf, len);
			return -1;
		}
		if (n == 0)
			break;
		len += n;
	}
	*out = buf;
	*outlen = len;
	return 0;
}

enum cred_status cred_read_fd(struct credential *c, int fd, char **err, GString *warn)
{
	char *buf;
	size_t len;
	enum cred_status st;

	if (block_read_fd(fd, &buf, &len, err))
		return CRED_BAD_INPUT;
	st = cred_parse(c, buf, len, err, warn);
	block_free(buf, len);
	return st;
}
