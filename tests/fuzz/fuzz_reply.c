/*
 * fuzz_reply.c: libFuzzer target for proto/reply.c, the meaning of one
 * Jira answer.  The input is "STATUS\nTYPE\nLOGIN-REASON\nDENIED-REASON\n
 * RETRY-AFTER\nLOCATION\nBODY" (an empty header line is an absent header;
 * TYPE's first byte picks the type, and whether the credential is a
 * stored one).  Properties: no crash or leak; a verdict with a user names
 * one; every other verdict has a message that, as fail() prints it
 * (through term_safe), is one line with nothing a terminal would act on;
 * exit codes and Retry-After stay in range.
 */
#include "fuzz_message.h"
#include "proto/reply.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size); /* headers end at a NUL */
	char *field[6] = {0}, *p = text, *nl;
	const char *types[] = {"cloud", "server", "pat", "service"};
	struct jira_reply r = {0};
	struct reply_ctx c = {"https://jira.example/jira", "server", "alice", 1700000000, 0};
	struct reply_verdict v;
	char *id;
	int i;

	for (i = 0; i < 6 && (nl = strchr(p, '\n')); i++) {
		*nl = '\0';
		field[i] = p;
		p = nl + 1;
	}
	if (i < 6) {
		g_free(text);
		return 0;
	}
	r.status = strtol(field[0], NULL, 10);
	c.type = types[(unsigned char)field[1][0] % 4];
	c.stored = ((unsigned char)field[1][0] / 4) % 2;
	r.login_reason = *field[2] ? field[2] : NULL;
	r.denied_reason = *field[3] ? field[3] : NULL;
	r.retry_after = *field[4] ? field[4] : NULL;
	r.location = *field[5] ? field[5] : NULL;
	/* the body is the rest of the input, NUL bytes included */
	r.body = (const char *)data + (p - text);
	r.body_len = size - (size_t)(p - text);

	reply_classify(&r, &c, &v);
	if (v.kind == REPLY_USER) {
		if (v.msg || !v.account_id || !*v.account_id || v.code != EXIT_OK)
			abort();
	} else {
		check_line(v.msg);
		if (v.code != EXIT_REJECTED && v.code != EXIT_NETWORK)
			abort();
	}
	if (v.kind == REPLY_BUSY && (v.retry_secs < 1 || v.retry_secs > 3600))
		abort();
	reply_verdict_clear(&v);

	(void)reply_says_cloud(r.body, r.body_len);
	id = reply_cloud_id(r.body, r.body_len);
	if (id && (!*id || strspn(id, "0123456789abcdefABCDEF-") != strlen(id)))
		abort();
	g_free(id);
	g_free(text);
	return 0;
}
