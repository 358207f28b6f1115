/*
 * fuzz_token.c: libFuzzer target for proto/tokenreply.c, the meaning of
 * a token endpoint's answer.  The input is "STATUS\nWHERE\nLOCATION\nBODY"
 * (WHERE's first byte picks Atlassian's endpoint or a Data Center's; an
 * empty LOCATION is none).  Properties: no crash, leak or hang on any
 * answer (huge, deep, wrong types, NUL bytes); a minted token is one a
 * Bearer header carries as it is (RFC 6750's characters, no line break,
 * at most TOKEN_MAX_LEN bytes) with a lifetime in range; every other
 * verdict has a message that, as fail() prints it (through term_safe), is
 * one line with nothing a terminal would act on, and an exit code of 4 or
 * 5.
 */
#include "fuzz_message.h"
#include "proto/tokenreply.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size); /* the head ends at a NUL */
	char *field[3] = {0}, *p = text, *nl;
	struct token_ctx c = {"https://auth.example/oauth/token", 0, NULL};
	struct token_answer a;
	const char *body;
	size_t len, n;
	int i;

	for (i = 0; i < 3 && (nl = strchr(p, '\n')); i++) {
		*nl = '\0';
		field[i] = p;
		p = nl + 1;
	}
	if (i < 3) {
		g_free(text);
		return 0;
	}
	if ((unsigned char)field[1][0] % 2) {
		c.url = "https://jira.example/jira/rest/oauth2/latest/token";
		c.data_center = 1;
		c.scope = "WRITE";
	}
	/* the body is the rest of the input, NUL bytes included */
	body = (const char *)data + (p - text);
	len = size - (size_t)(p - text);
	token_classify(strtol(field[0], NULL, 10), len ? body : NULL, len,
	               *field[2] ? field[2] : NULL, &c, &a);
	if (a.kind == TOKEN_MINTED) {
		n = a.token ? strlen(a.token) : 0;
		if (a.msg || a.code != EXIT_OK || !n || n > TOKEN_MAX_LEN ||
		    strspn(a.token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		                    "-._~+/=") != n ||
		    a.expires_in < 1 || a.expires_in > TOKEN_MAX_LIFETIME)
			abort();
	} else {
		check_line(a.msg);
		if (a.token || (a.code != EXIT_REJECTED && a.code != EXIT_NETWORK))
			abort();
	}
	token_answer_clear(&a);
	g_free(text);
	return 0;
}
