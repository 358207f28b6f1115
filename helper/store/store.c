/*
 * store.c: which store this run uses (see store.h): --store=, then
 * JIRA_CREDENTIAL_STORE, then the automatic choice, which asks a store's
 * probe (whether the Secret Service has a usable collection: its own
 * question) only when the Secret Service found nothing or failed, or for
 * doctor.
 */
#include "store.h"
#include "store/pass/store_pass_files.h"

#include <stdlib.h>
#include <string.h>

#define SETUP_HINT                                                                                 \
	"set one up: gnome-keyring-daemon --unlock --components=secrets (under dbus-run-session "  \
	"when headless) for the Secret Service, or pass init KEYID for a password store"

static char *reason;

const char *store_choice_reason(void)
{
	return reason ? reason : "";
}

static void set_reason(char *r)
{
	g_free(reason);
	reason = r;
}

static int env_unused(int detailed, char **why)
{
	(void)detailed;
	*why = g_strdup("not set");
	return 0;
}

int store_probe(const struct store *st, int detailed, char **why)
{
	if (st->probe)
		return st->probe(detailed, why);
	return env_unused(detailed, why);
}

/* ---- the automatic choice ------------------------------------------------ */

/* The store that answers once the automatic choice is settled. */
static const struct store *decided;

static char *none_usable(const char *ss_why, const char *pass_why)
{
	return g_strdup_printf("no usable credential store: Secret Service: %s; password store: "
	                       "%s; %s",
	                       ss_why, pass_why, SETUP_HINT);
}

/*
 * The Secret Service found nothing (answered: ss_rc >= 0) or failed:
 * whether its answer stands (0), the password store answers instead (1),
 * or none can (-1, *err).  A Secret Service that answered, with no
 * password store beside it, stands without another question: a get that
 * finds nothing, git's most common call, costs nothing more.  A locked
 * keyring is not a missing one: its answer (or its failure, exit 3)
 * stands, and work never goes to the password store because of a lock.
 */
static int fall_back(int ss_rc, char **err)
{
	char *ss_why = NULL, *pass_why = NULL, *hint;
	int rc;

	if (ss_rc >= 0 && !pf_present()) {
		decided = &store_secretservice;
		return 0;
	}
	switch (store_probe(&store_secretservice, 0, &ss_why)) {
	case PROBE_USABLE:
		decided = &store_secretservice;
		rc = 0;
		break;
	case PROBE_LOCKED:
		decided = &store_secretservice;
		rc = ss_rc >= 0 ? 0 : -1;
		if (rc && *err && pf_present()) {
			hint = g_strdup_printf("%s; or use the password store with --store=pass",
			                       *err);
			g_free(*err);
			*err = hint;
		}
		break;
	default:
		if (store_probe(&store_pass, 0, &pass_why) == PROBE_USABLE) {
			decided = &store_pass;
			set_reason(g_strdup_printf("automatic: the Secret Service is not usable "
			                           "(%s); the password store is %s",
			                           ss_why, pass_why));
			rc = 1;
		} else {
			g_free(*err);
			*err = none_usable(ss_why, pass_why);
			rc = -1;
		}
	}
	if (rc == 1) {
		g_free(*err);
		*err = NULL;
	}
	g_free(ss_why);
	g_free(pass_why);
	return rc;
}

/*
 * After the Secret Service answered *rc (done: an answer that settles the
 * choice), the store that must answer instead, or NULL when *rc stands
 * (set to -1, with *err, when no store is usable).
 */
static const struct store *instead(int *rc, int done, char **err)
{
	if (done) {
		decided = &store_secretservice;
		return NULL;
	}
	switch (fall_back(*rc, err)) {
	case 1:
		return &store_pass;
	case -1:
		*rc = -1;
		return NULL;
	default:
		return NULL;
	}
}

static int auto_lookup(const struct credential *q, struct credential *out, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->lookup(q, out, err);
	rc = store_secretservice.lookup(q, out, err);
	st = instead(&rc, rc == 1, err);
	return st ? st->lookup(q, out, err) : rc;
}

static int auto_save(struct credential *c, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->save(c, err);
	rc = store_secretservice.save(c, err);
	st = instead(&rc, rc >= 0, err);
	return st ? st->save(c, err) : rc;
}

static int auto_erase(const struct credential *q, int *count, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->erase(q, count, err);
	rc = store_secretservice.erase(q, count, err);
	st = instead(&rc, rc == 0 && *count, err);
	return st ? st->erase(q, count, err) : rc;
}

static int auto_list(GPtrArray **entries, int *hidden, char **err)
{
	const struct store *st;
	int rc;

	if (decided)
		return decided->list(entries, hidden, err);
	*entries = NULL;
	rc = store_secretservice.list(entries, hidden, err);
	if (!(st = instead(&rc, rc == 0 && (*entries)->len, err)))
		return rc;
	if (*entries)
		g_ptr_array_free(*entries, TRUE);
	*entries = NULL;
	return st->list(entries, hidden, err);
}

static int auto_remember_api_base(const struct credential *c, const char *api_base, char **err)
{
	const struct store *st = decided ? decided : &store_secretservice;

	return st->remember_api_base(c, api_base, err);
}

static const struct store store_auto = {
    .name = "auto",
    .lookup = auto_lookup,
    .save = auto_save,
    .erase = auto_erase,
    .list = auto_list,
    .remember_api_base = auto_remember_api_base,
};

const struct store *const store_all[] = {&store_secretservice, &store_pass, &store_env, NULL};

const struct store *store_find(const char *name)
{
	if (!strcmp(name, "auto"))
		return &store_auto;
	for (const struct store *const *s = store_all; *s; s++)
		if (!strcmp((*s)->name, name))
			return *s;
	return NULL;
}

const struct store *store_settle(const struct store *st, char **err)
{
	char *ss_why = NULL, *pass_why = NULL;
	const struct store *out = NULL;

	if (st != &store_auto)
		return st;
	if (store_probe(&store_secretservice, 0, &ss_why) != PROBE_ABSENT) {
		out = &store_secretservice;
		set_reason(g_strdup_printf("automatic: the Secret Service answers (%s)", ss_why));
	} else if (store_probe(&store_pass, 0, &pass_why) == PROBE_USABLE) {
		out = &store_pass;
		set_reason(g_strdup_printf("automatic: the Secret Service is not usable (%s); the "
		                           "password store is %s",
		                           ss_why, pass_why));
	} else
		*err = none_usable(ss_why, pass_why);
	g_free(ss_why);
	g_free(pass_why);
	return out;
}

const struct store *store_choose(const struct options *o, char **err)
{
	const char *env = getenv("JIRA_CREDENTIAL_STORE");
	const char *name = o->store ? o->store : env && *env ? env : NULL;
	char *ss_why = NULL, *pass_why = NULL;
	const struct store *st;

	if (name && strcmp(name, "auto")) {
		if (!(st = store_find(name))) {
			*err = g_strdup_printf("JIRA_CREDENTIAL_STORE names no store ('%s'); use "
			                       "secretservice, pass, env or auto",
			                       name);
			return NULL;
		}
		set_reason(g_strdup_printf("chosen by %s=%s",
		                           o->store ? "--store" : "JIRA_CREDENTIAL_STORE", name));
		return st;
	}
	if (session_bus_possible()) {
		set_reason(g_strdup("automatic: a session bus may exist, so the Secret Service is "
		                    "asked first"));
		return &store_auto;
	}
	if (store_probe(&store_pass, 0, &pass_why) == PROBE_USABLE) {
		set_reason(g_strdup_printf("automatic: no session bus; the password store is %s",
		                           pass_why));
		g_free(pass_why);
		return &store_pass;
	}
	store_probe(&store_secretservice, 0, &ss_why); /* no session bus: no call */
	*err = none_usable(ss_why, pass_why);
	g_free(ss_why);
	g_free(pass_why);
	return NULL;
}
