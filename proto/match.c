/*
 * match.c: ranking stored credentials (see match.h).
 */
#include "match.h"
#include "domain.h"

#include <string.h>

void stored_free(struct stored *s)
{
	if (!s)
		return;
	g_free(s->protocol);
	g_free(s->host);
	g_free(s->path);
	g_free(s->username);
	g_free(s->expiry);
	g_free(s->api_base);
	g_free(s->scope);
	g_free(s->pat_id);
	g_free(s->client_cert);
	g_free(s->client_key);
	g_free(s->id);
	g_free(s->conflict);
	if (s->item && s->item_free)
		s->item_free(s->item);
	g_free(s);
}

GPtrArray *stored_array_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)stored_free);
}

/* Tie-break keys end in a number (D-Bus object paths): shorter is smaller. */
static int order_cmp(const char *a, const char *b)
{
	size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;

	if (la != lb)
		return la < lb ? -1 : 1;
	return la ? strcmp(a, b) : 0;
}

int stored_newer(const struct stored *a, const struct stored *b)
{
	if (a->stored_us != b->stored_us)
		return a->stored_us > b->stored_us;
	return order_cmp(a->id, b->id) > 0;
}

/* Whether a is a better answer than b to a request for want. */
static int better(const struct stored *a, const struct stored *b, const char *want)
{
	size_t la = a->path ? strlen(a->path) : 0, lb = b->path ? strlen(b->path) : 0;

	if (want && la != lb)
		return la > lb;
	if (!want && (la == 0) != (lb == 0))
		return la == 0;
	return stored_newer(a, b);
}

struct stored *match_best(GPtrArray *entries, const char *want)
{
	struct stored *best = NULL;

	for (guint i = 0; i < entries->len; i++) {
		struct stored *e = g_ptr_array_index(entries, i);

		if (!e->protocol || !e->host || (want && !path_covers(e->path, want)))
			continue;
		if (!best || better(e, best, want))
			best = e;
	}
	return best;
}

static gint oldest_first(gconstpointer a, gconstpointer b)
{
	const struct stored *x = *(struct stored *const *)a, *y = *(struct stored *const *)b;

	return stored_newer(x, y) ? 1 : stored_newer(y, x) ? -1 : 0;
}

void stored_sort(GPtrArray *entries)
{
	g_ptr_array_sort(entries, oldest_first);
}

static int same_identity(const struct stored *a, const struct stored *b)
{
	return !g_strcmp0(a->protocol, b->protocol) && !g_strcmp0(a->host, b->host) &&
	       !g_strcmp0(a->path ? a->path : "", b->path ? b->path : "") &&
	       !g_strcmp0(a->username ? a->username : "", b->username ? b->username : "");
}

guint stored_copies(const GPtrArray *entries, guint i, int *first)
{
	const struct stored *e = g_ptr_array_index(entries, i);
	guint n = 0;

	*first = 1;
	for (guint j = 0; j < entries->len; j++)
		if (same_identity(e, g_ptr_array_index(entries, j))) {
			n++;
			if (j < i)
				*first = 0;
		}
	return n;
}

enum jira_type stored_type(const struct stored *s)
{
	return s->type ? s->type : jira_type_infer(s->host, s->username);
}
