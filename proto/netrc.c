/*
 * netrc.c: the .netrc tokenizer, parser and token writer, following curl
 * 7.84+ (see netrc.h).  Tokens are separated by ASCII white space; a token
 * that begins with '"' is quoted, ends at the next unescaped '"' (curl 8's
 * reader lets it run over a line break; one without an end is an error),
 * and reads \n, \r, \t as the control characters and \X as X; '#'
 * at a token boundary starts a comment to the end of the line; "macdef
 * NAME" is followed by a macro that ends at an empty line.  Secrets are
 * cleared when freed.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "netrc.h"
#include "cred.h"

#include <string.h>

struct lexer {
	const char *text, *p, *end;
};

enum { TOK_END = 0, TOK_WORD = 1, TOK_QUOTED = 2 };

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

static int line_of(const struct lexer *lx, const char *at)
{
	int n = 1;

	for (const char *q = lx->text; q < at; q++)
		n += *q == '\n';
	return n;
}

static int lex_error(const struct lexer *lx, const char *at, const char *what, char **err)
{
	*err = g_strdup_printf("line %d: %s", line_of(lx, at), what);
	return -1;
}

#define TOO_LONG "a word is longer than netrc allows (4096 bytes)"

/* A quoted token: its length once decoded, and where its closing quote is. */
static int quoted_extent(struct lexer *lx, size_t *n, const char **close, char **err)
{
	const char *q = lx->p + 1;

	for (*n = 0; q < lx->end && *q != '"'; q++, (*n)++) {
		if (*q == '\\' && q + 1 >= lx->end)
			break;
		if (*q == '\\')
			q++;
		if (*n >= NETRC_TOKEN_MAX)
			return lex_error(lx, lx->p, TOO_LONG, err);
	}
	if (q >= lx->end || *q != '"')
		return lex_error(lx, lx->p, "a quoted word has no closing quote", err);
	*close = q;
	return 0;
}

/*
 * The next token, newly allocated, in *tok: returns TOK_WORD or
 * TOK_QUOTED, TOK_END at the end, or -1 with *err.  A token is copied
 * once, into a block of its final size: a password is never left behind
 * in a buffer that grew.
 */
static int next_token(struct lexer *lx, char **tok, char **err)
{
	const char *start, *close;
	size_t n;
	char *o;

	*tok = NULL;
	skip_blanks(lx);
	if (lx->p >= lx->end)
		return TOK_END;
	if (*lx->p != '"') {
		for (start = lx->p; lx->p < lx->end && !g_ascii_isspace(*lx->p); lx->p++)
			;
		if ((size_t)(lx->p - start) > NETRC_TOKEN_MAX)
			return lex_error(lx, start, TOO_LONG, err);
		*tok = g_strndup(start, lx->p - start);
		return TOK_WORD;
	}
	if (quoted_extent(lx, &n, &close, err))
		return -1;
	*tok = o = g_malloc(n + 1);
	for (const char *q = lx->p + 1; q < close; q++) {
		if (*q == '\\') {
			q++;
			*o++ = *q == 'n' ? '\n' : *q == 'r' ? '\r' : *q == 't' ? '\t' : *q;
		} else {
			*o++ = *q;
		}
	}
	*o = '\0';
	lx->p = close + 1;
	return TOK_QUOTED;
}

/* A macro runs from the line after "macdef NAME" to the first empty line. */
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

/* Sets *slot to the token that follows a keyword, whatever it looks like. */
static int take_value(struct lexer *lx, char **slot, const char *keyword, char **err)
{
	char *v = NULL;
	int t = next_token(lx, &v, err);

	if (t < 0)
		return -1;
	if (t == TOK_END) {
		*err = g_strdup_printf("'%s' at the end of the file has no value", keyword);
		return -1;
	}
	secret_free(*slot);
	*slot = v;
	return 0;
}

static int keyword_is(int t, const char *tok, const char *kw)
{
	return t == TOK_WORD && !g_ascii_strcasecmp(tok, kw);
}

/* Drops every entry for a machine and login that an earlier entry already named. */
static void drop_duplicates(struct netrc *out)
{
	for (guint i = 1; i < out->entries->len;) {
		const struct netrc_entry *e = g_ptr_array_index(out->entries, i);
		int seen = 0;

		for (guint j = 0; j < i && !seen; j++) {
			const struct netrc_entry *f = g_ptr_array_index(out->entries, j);

			seen = !g_ascii_strcasecmp(e->machine, f->machine) &&
			       !g_strcmp0(e->login ? e->login : "", f->login ? f->login : "");
		}
		if (seen) {
			g_ptr_array_remove_index(out->entries, i);
			out->duplicates++;
		} else {
			i++;
		}
	}
}

int netrc_parse(const char *text, size_t len, struct netrc *out, char **err)
{
	struct lexer lx = {text, text, text + len};
	struct netrc_entry *cur = NULL; /* NULL also while in a default entry */
	char *tok, *ignored = NULL;
	int rc = 0, t = TOK_END;

	memset(out, 0, sizeof(*out));
	out->entries = g_ptr_array_new_with_free_func(entry_free);
	if (len > NETRC_FILE_MAX) {
		*err = g_strdup("the file is larger than a netrc file may be (128 KiB)");
		return -1;
	}
	if (memchr(text, '\0', len)) {
		*err = g_strdup("the file holds a NUL byte; it is not a netrc file");
		return -1;
	}
	while (rc == 0 && (t = next_token(&lx, &tok, err)) > 0) {
		if (keyword_is(t, tok, "machine")) {
			cur = g_new0(struct netrc_entry, 1);
			g_ptr_array_add(out->entries, cur);
			rc = take_value(&lx, &cur->machine, "machine", err);
		} else if (keyword_is(t, tok, "default")) {
			cur = NULL;
			out->defaults++;
		} else if (keyword_is(t, tok, "macdef")) {
			cur = NULL;
			rc = take_value(&lx, &ignored, "macdef", err);
			skip_macro(&lx);
			out->macros++;
		} else if (keyword_is(t, tok, "login") || keyword_is(t, tok, "password") ||
		           keyword_is(t, tok, "account")) {
			int login = !g_ascii_strcasecmp(tok, "login");
			int password = !g_ascii_strcasecmp(tok, "password");
			char **slot = !cur       ? &ignored
			              : login    ? &cur->login
			              : password ? &cur->password
			                         : &ignored;

			rc = take_value(&lx, slot,
			                login      ? "login"
			                : password ? "password"
			                           : "account",
			                err);
		} /* else: a word netrc does not know, skipped as curl does */
		secret_free(tok);
	}
	if (rc == 0 && t < 0)
		rc = -1;
	secret_free(ignored);
	if (rc == 0)
		drop_duplicates(out);
	return rc;
}

/* Whether curl would read s back byte for byte without quotes. */
static int bare_ok(const char *s)
{
	if (!*s || *s == '#' || *s == '"')
		return 0;
	for (; *s; s++)
		if (g_ascii_isspace(*s) || *s == '"' || *s == '\\' || (unsigned char)*s < 0x20 ||
		    *s == 0x7f)
			return 0;
	return 1;
}

void netrc_write_token(GString *out, const char *s)
{
	if (bare_ok(s)) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			g_string_append_c(out, '\\');
		if (*s == '\n')
			g_string_append(out, "\\n");
		else if (*s == '\r')
			g_string_append(out, "\\r");
		else if (*s == '\t')
			g_string_append(out, "\\t");
		else
			g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}
