/*
 * fuzz_passentry.c: libFuzzer target for the password-store entry codec:
 * the text parser (no crash, no leak; what it accepts writes back and
 * parses to the same credential) and the entry-path parser (what it
 * accepts maps back to a path that parses to the same parts).
 */
#include "proto/passentry.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_text(const char *data, size_t size)
{
	struct credential c, back;
	char *err = NULL, *url = NULL, *url2 = NULL, *notes = NULL, *notes2 = NULL;
	GString *s;

	cred_init(&c);
	if (passentry_parse(data, size, &c, &url, &notes, &err)) {
		if (!err)
			abort();
		g_free(err);
		cred_clear(&c);
		return;
	}
	c.protocol = g_strdup("https");
	c.host = g_strdup("fuzz.test");
	/* What it writes back, notes kept, reads as the same credential and notes. */
	s = passentry_write(&c, notes, &err);
	if (s) {
		cred_init(&back);
		if (passentry_parse(s->str, s->len, &back, &url2, &notes2, &err) ||
		    strcmp(back.password, c.password) ||
		    g_strcmp0(back.password_expiry_utc, c.password_expiry_utc) ||
		    g_strcmp0(back.api_base, c.api_base) || g_strcmp0(back.pat_id, c.pat_id) ||
		    g_strcmp0(back.client_cert, c.client_cert) ||
		    g_strcmp0(back.client_key, c.client_key) || back.type != cred_type(&c) ||
		    back.from_authtype != c.from_authtype || g_strcmp0(notes, notes2))
			abort();
		g_free(url2);
		secret_free(notes2);
		cred_clear(&back);
		secret_buf_free(s);
	} else {
		if (!err)
			abort();
		g_free(err);
	}
	/* The content decides what it answers for, or says why not. */
	if (passentry_identity("jira/fuzz.test/u.gpg", url, &c, &err) && !err)
		abort();
	g_free(err);
	secret_free(notes);
	g_free(url);
	cred_clear(&c);
}

static void check_path(const char *data, size_t size)
{
	char *rel = g_strndup(data, size), *p, *h, *pa, *u, *again;
	char *p2, *h2, *pa2, *u2;

	if (passentry_parse_path(rel, &p, &h, &pa, &u) == 0) {
		again = passentry_path(p, h, pa, u);
		if (passentry_parse_path(again, &p2, &h2, &pa2, &u2) || strcmp(p, p2) ||
		    strcmp(h, h2) || g_strcmp0(pa, pa2) || strcmp(u, u2) || strstr(again, "/../") ||
		    strstr(again, "/./"))
			abort();
		g_free(p2);
		g_free(h2);
		g_free(pa2);
		g_free(u2);
		g_free(again);
		g_free(p);
		g_free(h);
		g_free(pa);
		g_free(u);
	}
	g_free(rel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_text((const char *)data, size);
	check_path((const char *)data, size);
	return 0;
}
