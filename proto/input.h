/*
 * input.h: reads one key=value block from a file descriptor, bounded,
 * stopping at the blank line that ends it (a caller may keep the pipe open).
 */
#ifndef JC_INPUT_H
#define JC_INPUT_H

#include "cred.h"

/*
 * Reads up to the blank line or the end, at most CRED_MAX_INPUT + 1 bytes,
 * into *buf (free with block_free).  Returns 0, or -1 with *err.
 */
int block_read_fd(int fd, char **buf, size_t *len, char **err);

/* Clears and frees what block_read_fd read. */
void block_free(char *buf, size_t len);

/* Reads and parses a credential; see cred_parse() for the errors. */
enum cred_status cred_read_fd(struct credential *c, int fd, char **err, GString *warn);

#endif
