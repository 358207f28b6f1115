/*
 * validator.c: jira-credential-validate, the one program that links
 * libcurl.  It reads a request block on stdin (request.c: the domain, the
 * type, the Authorization value and the options), runs the operation its
 * op= names (validate: check.c; mint: validator_mint.c; pat-create and
 * pat-revoke: pat_api.c; cert-check: cert_check.c), and answers: exit code
 * 0 with non-secret facts (or the token made) on stdout, or 2/4/5 with one
 * line on stderr saying what happened and what to do.  Every request
 * presents the credential's client certificate (http.c).  Operations
 * return an exit code and a one-line message; main() alone prints and
 * exits.
 */
#include "http.h"
#include "request.h"
#include "operations.h"
#include "sys/msg.h"
#include "proto/cred.h"
#include "proto/exitcode.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The operations that talk to a server, by op= (docs/design.md, "The validator protocol"). */
static const struct operation {
	const char *name;
	int (*run)(CURL *c, GString *out, char **msg);
} operations[] = {
    {"validate", check_validate},   {"mint", mint}, {"pat-create", pat_api_create},
    {"pat-revoke", pat_api_revoke}, {NULL, NULL},
};

/* The operation asked, with libcurl and the CA certificates set up. */
static int run(GString *out, char **msg)
{
	const struct operation *op;
	CURL *c;
	int rc, usage;

	if (!strcmp(rq.op, "cert-check"))
		return cert_check(out, msg); /* files only: nothing is sent */
	for (op = operations; op->name && strcmp(op->name, rq.op); op++)
		;
	if (!op->name) {
		*msg = g_strdup("bad request to the validator: unknown op");
		return EXIT_USAGE;
	}
	if (http_open(&c, &usage, msg))
		return usage ? EXIT_USAGE : EXIT_NETWORK;
	rc = op->run(c, out, msg);
	http_close(c);
	return rc;
}

/*
 * quiet=1: the caller, which does more than validate (rotate, erase
 * --revoke), tells the failure in its own one line: the message goes to
 * it as message= on stdout, a line break in it made a space, and nothing
 * else escaped (its fail() does that on the way out).
 */
static void say_to_caller(int rc, char *msg)
{
	GString *m = g_string_new(NULL);

	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	cred_write_kv(m, "message", msg);
	if (write_full(STDOUT_FILENO, m->str, m->len))
		fail(rc, "%s", msg);
	g_string_free(m, TRUE);
	leave(rc);
}

/* The one place that prints a verdict and exits. */
int main(void)
{
	GString *out = secret_buf_new(); /* a token made for us goes back this way */
	char *msg = NULL;
	int rc;

	harden();
	rc = request_read(&msg) ? EXIT_USAGE : run(out, &msg);
	check_end_progress();
	/* straight to the pipe: stdio's buffer would keep a copy nobody clears */
	if (rc == EXIT_OK && write_full(STDOUT_FILENO, out->str, out->len)) {
		rc = EXIT_NETWORK;
		msg = g_strdup("cannot write the answer");
	}
	secret_buf_free(out);
	if (rc != EXIT_OK && rq.quiet)
		say_to_caller(rc, msg ? msg : "validation failed");
	if (rc != EXIT_OK)
		fail(rc, "%s", msg ? msg : "validation failed");
	leave(EXIT_OK);
}
