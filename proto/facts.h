/*
 * facts.h: what validation learns about a credential from Jira: never
 * secret.  The validator sends them on its pipe and the cache keeps them,
 * both as a key=value block; get adds them to its answer.
 */
#ifndef JC_FACTS_H
#define JC_FACTS_H

#include <glib.h>

struct facts {
	char *display_name;
	char *account_id;
	char *email;
	char *api_base;   /* the gateway URL a scoped Cloud token must use */
	char *deployment; /* "cloud" or "server": how Jira named the user (accountId, name) */
};

/* Reads a block of facts; unknown keys are ignored.  Returns 0 or -1. */
int facts_parse(const char *buf, size_t len, struct facts *f);

/* Appends the facts that are set, one key=value a line; skips any with a line break. */
void facts_write(GString *out, const struct facts *f);

void facts_clear(struct facts *f);

#endif
