/*
 * netrc.c: a .netrc tokenizer and parser.  Tokens are separated by blanks;
 * a token may be double-quoted with \" and \\ escapes (curl 7.84+); '#'
 * starts a comment at a token boundary; "macdef NAME" is followed by a
 * macro that ends at a blank line.  Secrets are cleared when freed.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "netrc.h"
#include "cred.h"

#include <string.h>

struct lexer {
	const char *p, *end;
};

static void skip_blanks(struct lexer *lx)
{
	while (lx->p < lx->end) {
		if (g_ascii_isspace(*lx->p)) {
			lx->p++;
		} else if (*lx->p == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else {
			break;
		}
	}
}

/*
 * The next token, newly allocated, or NULL at the end.  A token is copied
 * once, into a block of its final size: a password is never left behind
 * in a buffer that grew.
 */
static char *next_token(struct lexer *lx)
{
	const char *start;
	char *t, *o;

	skip_blanks(lx);
	if (lx->p >= lx->end)
		return NULL;
	if (*lx->p != '"') {
		for (start = lx->p; lx->p < lx->end && !g_ascii_isspace(*lx->p); lx->p++)
			;
		return g_strndup(start, lx->p - start);
	}
	for (start = ++lx->p; lx->p < lx->end && *lx->p != '"'; lx->p++)
		if (*lx->p == '\\' && lx->p + 1 < lx->end)
			lx->p++;
	t = o = g_malloc(lx->p - start + 1);
	for (const char *q = start; q < lx->p; q++) {
		if (*q == '\\' && q + 1 < lx->p)
			q++;
		*o++ = *q;
	}
	*o = '\0';
	if (lx->p < lx->end)
		lx->p++; /* the closing quote */
	return t;
}

/* A macro runs to the first empty line. */
static void skip_macro(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n')
		lx->p++; /* the rest of the macdef line */
	while (lx->p < lx->end) {
		if (lx->p + 1 < lx->end && lx->p[0] == '\n' && lx->p[1] == '\n') {
			lx->p += 2;
			return;
		}
		lx->p++;
	}
}

static void entry_free(gpointer p)
{
	struct netrc_entry *e = p;

	g_free(e->machine);
	g_free(e->login);
	secret_free(e->password);
	g_free(e);
}

void netrc_clear(struct netrc *n)
{
	if (n->entries)
		g_ptr_array_free(n->entries, TRUE);
	memset(n, 0, sizeof(*n));
}

/* Sets *slot to the value token that follows a keyword. */
static int take_value(struct lexer *lx, char **slot, const char *keyword, char **err)
{
	char *v = next_token(lx);

	if (!v) {
		*err = g_strdup_printf("'%s' at the end of the file has no value", keyword);
		return -1;
	}
	secret_free(*slot);
	*slot = v;
	return 0;
}

int netrc_parse(const char *text, size_t len, struct netrc *out, char **err)
{
	struct lexer lx = {text, text + len};
	struct netrc_entry *cur = NULL; /* NULL also while in a default entry */
	char *tok, *ignored = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->entries = g_ptr_array_new_with_free_func(entry_free);
	if (memchr(text, '\0', len)) {
		*err = g_strdup("the file holds a NUL byte; it is not a netrc file");
		return -1;
	}
	while (rc == 0 && (tok = next_token(&lx))) {
		if (!strcmp(tok, "machine")) {
			cur = g_new0(struct netrc_entry, 1);
			g_ptr_array_add(out->entries, cur);
			rc = take_value(&lx, &cur->machine, tok, err);
		} else if (!strcmp(tok, "default")) {
			cur = NULL;
			out->defaults++;
		} else if (!strcmp(tok, "macdef")) {
			rc = take_value(&lx, &ignored, tok, err);
			skip_macro(&lx);
			out->macros++;
		} else if (!strcmp(tok, "login") || !strcmp(tok, "password") ||
		           !strcmp(tok, "account") || !strcmp(tok, "port")) {
			char **slot = !cur                       ? &ignored
			              : !strcmp(tok, "login")    ? &cur->login
			              : !strcmp(tok, "password") ? &cur->password
			                                         : &ignored;

			rc = take_value(&lx, slot, tok, err);
		} else {
			*err =
			    g_strdup("the file has a word netrc does not know; expected machine, "
			             "default, login, password, account or macdef");
			rc = -1;
		}
		secret_free(tok);
	}
	secret_free(ignored);
	return rc;
}
