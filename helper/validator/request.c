/*
 * request.c: the validator's request (see request.h), read by its one
 * table of fields; the writer is helper/validate/verify.c.
 */
#include "request.h"
#include "sys/msg.h"
#include "proto/cred.h"
#include "proto/input.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

struct request rq;

/* The request block (docs/design.md, "The validator protocol"). */
static const struct kv_field request_fields[] = {
    KV_FIELD(struct request, op, KV_TEXT),
    KV_FIELD(struct request, domain, KV_TEXT),
    KV_FIELD(struct request, type, KV_TEXT),
    KV_FIELD(struct request, username, KV_STRING),
    KV_FIELD(struct request, api_base, KV_TEXT),
    KV_FIELD(struct request, cacert, KV_TEXT),
    KV_FIELD(struct request, authorization, KV_SECRET),
    KV_FIELD(struct request, client_secret, KV_SECRET),
    KV_FIELD(struct request, scope, KV_TEXT),
    KV_FIELD(struct request, wait, KV_INT),
    KV_FIELD(struct request, timeout, KV_INT),
    KV_FIELD(struct request, allow_http, KV_INT),
    KV_FIELD(struct request, verbose, KV_INT),
    KV_FIELD(struct request, guessed, KV_INT),
    KV_FIELD(struct request, stored, KV_INT),
    KV_FIELD(struct request, client_cert, KV_TEXT),
    KV_FIELD(struct request, client_key, KV_TEXT),
    KV_FIELD(struct request, pat_name, KV_TEXT),
    KV_FIELD(struct request, pat_id, KV_TEXT),
    KV_FIELD(struct request, pat_days, KV_INT),
    KV_FIELD(struct request, quiet, KV_INT),
    {NULL, 0, 0},
};

/* The request holds the secret (authorization, client_secret): cleared on every way out. */
static void clear_request(void)
{
	kv_free(request_fields, &rq);
}

/* What an op needs before anything is sent; NULL when it is there. */
static const char *missing(void)
{
	if ((!strcmp(rq.op, "validate") || !strncmp(rq.op, "pat-", 4)) &&
	    (!rq.domain || !rq.type || !rq.authorization))
		return "domain, type and authorization needed";
	if (!strcmp(rq.op, "mint") &&
	    (!rq.domain || !rq.username || !*rq.username || !rq.client_secret))
		return "domain, username and client_secret needed";
	return NULL; /* an op not known is refused before anything is sent */
}

int request_read(char **msg)
{
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	int bad;

	clear_at_exit(clear_request);
	bad = block_read_fd(STDIN_FILENO, &buf, &len, &err) ||
	      kv_bind(buf, len, request_fields, &rq, &err) != CRED_OK;
	if (buf)
		block_free(buf, len);
	if (bad) {
		*msg =
		    g_strdup_printf("bad request to the validator: %s", err ? err : "unreadable");
		g_free(err);
		return -1;
	}
	if (!rq.op)
		rq.op = g_strdup("validate");
	if (missing()) {
		*msg = g_strdup_printf("bad request to the validator: %s", missing());
		return -1;
	}
	if (rq.timeout <= 0)
		rq.timeout = 30;
	return 0;
}
