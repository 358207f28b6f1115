/*
 * request.c: what the actions share: reading the request (stdin and
 * DOMAIN), the origin rule, choosing the store, and writing the answer.
 * The request lives here so that its secret is cleared at exit whatever
 * the path out.
 */
#include "actions.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "../proto/input.h"

static struct credential req;
static int req_ready;

static void clear_request(void)
{
	cred_clear(&req);
}

struct credential *request_read(const char *domain, int use_stdin)
{
	GString *warn = g_string_new(NULL);
	char *err = NULL;

	if (!req_ready) {
		clear_at_exit(clear_request);
		req_ready = 1;
	}
	if (use_stdin && cred_read_fd(&req, STDIN_FILENO, &err, warn) != CRED_OK)
		fail(EXIT_USAGE, "bad input: %s", err);
	if (domain && (cred_set(&req, "domain", domain, &err, warn) != CRED_OK ||
	               cred_normalize(&req, &err) != CRED_OK))
		fail(EXIT_USAGE, "bad DOMAIN: %s", err);
	if (warn->len) { /* a line each: a message is one line */
		char **lines = g_strsplit(g_strchomp(warn->str), "\n", -1);

		for (char **l = lines; *l; l++)
			warnx_("%s", *l);
		g_strfreev(lines);
	}
	g_string_free(warn, TRUE);
	return &req;
}

void request_require_origin(const struct credential *r, const char *action)
{
	if (!r->protocol || !r->host)
		fail(EXIT_USAGE,
		     "%s needs protocol= and host= (or domain=); nothing is matched without them",
		     action);
}

const struct store *request_store(const struct options *o)
{
	char *err = NULL;
	const struct store *st = store_choose(o, &err);

	if (!st)
		fail(EXIT_KEYRING, "%s", err);
	return st;
}

void emit(GString *s)
{
	if (write_full(STDOUT_FILENO, s->str, s->len))
		fail(EXIT_USAGE, "cannot write the answer: %s", g_strerror(errno));
}
