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

#include "proto/input.h"

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
	const struct store *st = store_choose(o->store, &err);

	if (!st)
		fail(EXIT_KEYRING, "%s", err);
	return st;
}

/* Whether st lists a credential of c's origin (protocol and host). */
static int holds_origin(const struct store *st, const struct credential *c)
{
	GPtrArray *entries = NULL;
	char *err = NULL;
	int hidden = 0, held = 0;

	if (st->list(&entries, &hidden, &err)) {
		g_free(err);
		return 1; /* cannot tell: say it rather than stay silent */
	}
	for (guint i = 0; i < entries->len && !held; i++) {
		const struct stored *e = g_ptr_array_index(entries, i);

		held = !g_strcmp0(e->protocol, c->protocol) && !g_strcmp0(e->host, c->host);
	}
	g_ptr_array_free(entries, TRUE);
	return held;
}

int request_read_only(const struct store *st, const struct credential *c, const char *verb)
{
	if (st->save && st->erase)
		return 0;
	if (!c || holds_origin(st, c))
		warnx_("the %s store is read-only; nothing was %s", st->name, verb);
	return 1;
}

void emit(GString *s)
{
	if (write_full(STDOUT_FILENO, s->str, s->len))
		fail(EXIT_USAGE, "cannot write the answer: %s", g_strerror(errno));
}
