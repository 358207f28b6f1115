/*
 * pat.c: personal access tokens made and revoked through the validator
 * (see pat.h).  Each request is quiet=1: the validator hands its failure
 * back as message=, so that the action tells the whole story (what failed,
 * and what is stored and live now) in one line.
 */
#include "pat.h"
#include "sys/msg.h"
#include "proto/exitcode.h"
#include "verify.h"
#include "proto/header.h"
#include "proto/input.h"
#include "proto/patname.h"
#include "sys/limits.h"

#include <stdio.h>
#include <string.h>

/* What the validator answers to op=pat-create and op=pat-revoke, or its failure. */
struct pat_answer {
	char *token, *pat_id, *expiry_utc, *pat_gone, *message;
};

static const struct kv_field answer_fields[] = {
    KV_FIELD(struct pat_answer, token, KV_SECRET),
    KV_FIELD(struct pat_answer, pat_id, KV_TEXT),
    KV_FIELD(struct pat_answer, expiry_utc, KV_TEXT),
    KV_FIELD(struct pat_answer, pat_gone, KV_TEXT),
    KV_FIELD(struct pat_answer, message, KV_TEXT),
    {NULL, 0, 0},
};

void pat_new_clear(struct pat_new *p)
{
	secret_free(p->token);
	g_free(p->id);
	g_free(p->expiry_utc);
	p->token = p->id = p->expiry_utc = NULL;
}

char *pat_expiry_day(const char *utc)
{
	GDateTime *dt = utc ? g_date_time_new_from_unix_utc(g_ascii_strtoll(utc, NULL, 10)) : NULL;
	char *s = dt ? g_date_time_format(dt, "%Y-%m-%d") : g_strdup("never");

	if (dt)
		g_date_time_unref(dt);
	return s;
}

/*
 * Runs the validator's op on with's credential (wait: --wait's seconds),
 * quiet, with the lines extra; returns its exit code, with its answer in *out
 * (free with block_free), or with *err saying why it failed.
 */
static enum verdict run_quiet(const struct vsettings *vs, const struct credential *with,
                              const char *op, int wait, const char *extra, char **out, size_t *len,
                              char **err)
{
	struct pat_answer a = {0};
	char *auth;
	GString *req;
	enum verdict rc;

	if ((rc = verify_allowed(vs, with, err)))
		return rc;
	req = validator_request_new(vs, with, op);
	validator_request_int(req, "wait", wait);
	validator_request_int(req, "quiet", 1);
	g_string_append(req, extra); /* lines of the same writer */
	auth = auth_header_of(with);
	validator_request_add(req, "authorization", auth);
	secret_free(auth);
	rc = validator_call(req, out, len, err);
	secret_buf_free(req);
	if (rc != VERDICT_OK && !*err) {
		if (*out)
			kv_bind(*out, *len, answer_fields, &a, err);
		g_free(*err);
		*err = a.message ? g_steal_pointer(&a.message)
		                 : g_strdup("the validator failed; run with --verbose to see why");
		kv_free(answer_fields, &a);
	}
	return rc;
}

/* Runs an operation; its answer into a. */
static enum verdict run_op(const struct vsettings *vs, const struct credential *with,
                           const char *op, const char *extra, struct pat_answer *a, char **err)
{
	char *out = NULL;
	size_t len = 0;
	enum verdict rc = run_quiet(vs, with, op, 0, extra, &out, &len, err);

	if (rc == VERDICT_OK && (!out || kv_bind(out, len, answer_fields, a, err) != CRED_OK)) {
		g_free(*err);
		*err = g_strdup("the validator's answer could not be read; run with --verbose");
		rc = VERDICT_UNREACHED;
	}
	block_free(out, len);
	return rc;
}

enum verdict pat_create(const struct vsettings *vs, const struct credential *with, int days,
                        struct pat_new *out, char **err)
{
	struct pat_answer a = {0};
	char *name = pat_token_name(g_get_host_name());
	GString *extra = g_string_new(NULL);
	enum verdict rc;

	validator_request_add(extra, "pat_name", name);
	validator_request_int(extra, "pat_days", days);
	rc = run_op(vs, with, "pat-create", extra->str, &a, err);
	if (rc == VERDICT_OK && !a.token) {
		*err = g_strdup("the validator answered no token; run with --verbose");
		rc = VERDICT_UNREACHED;
	}
	if (rc == VERDICT_OK) {
		out->token = g_steal_pointer(&a.token);
		out->id = g_steal_pointer(&a.pat_id);
		out->expiry_utc = g_steal_pointer(&a.expiry_utc);
	}
	kv_free(answer_fields, &a);
	g_string_free(extra, TRUE);
	g_free(name);
	return rc;
}

enum verdict pat_revoke(const struct vsettings *vs, const struct credential *with, const char *id,
                        int *gone, char **err)
{
	struct pat_answer a = {0};
	GString *extra = g_string_new(NULL);
	enum verdict rc;

	*gone = 0;
	/* The id came from the store: it goes into a URL only as a number. */
	if (!id || !*id || strspn(id, "0123456789") != strlen(id) || strlen(id) > 20) {
		*err = g_strdup("the stored token id is not a number");
		g_string_free(extra, TRUE);
		return VERDICT_REFUSED;
	}
	validator_request_add(extra, "pat_id", id);
	rc = run_op(vs, with, "pat-revoke", extra->str, &a, err);
	*gone = rc == VERDICT_OK && a.pat_gone;
	kv_free(answer_fields, &a);
	g_string_free(extra, TRUE);
	return rc;
}

enum verdict pat_validate(const struct vsettings *vs, const struct credential *c, struct facts *f,
                          char **err)
{
	char *out = NULL;
	size_t len = 0;
	enum verdict rc = run_quiet(
	    vs, c, "validate", vs->wait >= 0 ? vs->wait : STORE_WAIT_SECONDS, "", &out, &len, err);

	if (rc == VERDICT_OK && out)
		facts_parse(out, len, f);
	block_free(out, len);
	return rc;
}
