/*
 * test_store_choice.c: cmocka unit tests of the store choice
 * (helper/store/store.c): the pure rule store_pick, and the automatic
 * choice on stores played here, that asks the first store that may be
 * there and probes nothing when it answered and no other may be there.
 *
 *   make build/tests/unit-store_choice && ./build/tests/unit-store_choice
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper/store/store.h"

/* ---- three stores played here, under the names store.c lists ------------ */

struct played {
	int present, probe, lookup_rc; /* what each op answers */
	int probes, lookups;           /* how often each was called */
};

static struct played ss, pass, env;

static int play_probe(struct played *p, const char *words, char **why)
{
	p->probes++;
	*why = g_strdup(words);
	return p->probe;
}

static int play_lookup(struct played *p, const char *name, struct credential *out, char **err)
{
	p->lookups++;
	if (p->lookup_rc == 1)
		out->password = g_strdup(name);
	if (p->lookup_rc < 0)
		*err = g_strdup_printf("%s failed", name);
	return p->lookup_rc;
}

/* The ops of a store played by p: its probe says words; its lookup answers its name. */
#define PLAYED(p, words)                                                                           \
	static int p##_probe_(int detailed, char **why)                                            \
	{                                                                                          \
		(void)detailed;                                                                    \
		return play_probe(&p, words, why);                                                 \
	}                                                                                          \
	static int p##_present_(void)                                                              \
	{                                                                                          \
		return p.present;                                                                  \
	}                                                                                          \
	static int p##_lookup_(const struct credential *q, struct credential *out, char **err)     \
	{                                                                                          \
		(void)q;                                                                           \
		return play_lookup(&p, #p, out, err);                                              \
	}

PLAYED(ss, "ss words")
PLAYED(pass, "pass words")

static int env_probe_(int detailed, char **why)
{
	(void)detailed;
	return play_probe(&env, "env words", why);
}

const struct store store_secretservice = {
    .name = "secretservice",
    .lookup = ss_lookup_,
    .probe = ss_probe_,
    .present = ss_present_,
};
const struct store store_pass = {
    .name = "pass",
    .lookup = pass_lookup_,
    .probe = pass_probe_,
    .present = pass_present_,
};
const struct store store_env = {.name = "env", .probe = env_probe_};

/* ---- the pure rule ------------------------------------------------------- */

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(store_names(", ", " or "), "secretservice, pass, env or auto");
	assert_string_equal(store_names("|", "|"), "secretservice|pass|env|auto");
	assert_string_equal(store_names(", ", " or "), "secretservice, pass, env or auto");
	assert_ptr_equal(store_nth(0), &store_secretservice);
	assert_ptr_equal(store_nth(1), &store_pass);
	assert_ptr_equal(store_nth(2), &store_env);
	assert_null(store_nth(3));
	assert_null(store_nth(-1));
	assert_ptr_equal(store_find("pass"), &store_pass);
	assert_non_null(store_find("auto"));
	assert_null(store_find("plaintext"));
}

static void expect_pick(const char *name, const char *envvar, const struct store_seen *seen,
                        int want, const char *words)
{
	char *why = NULL;

	assert_int_equal(store_pick(name, envvar, seen, &why), want);
	if (words)
		assert_string_equal(why, words);
	else
		assert_null(why);
	g_free(why);
}

static void test_named(void **state)
{
	(void)state;
	expect_pick("pass", NULL, NULL, 1, "chosen by --store=pass");
	expect_pick(NULL, "env", NULL, 2, "chosen by JIRA_CREDENTIAL_STORE=env");
	expect_pick("secretservice", "pass", NULL, 0, "chosen by --store=secretservice");
	expect_pick(NULL, "file", NULL, -1,
	            "JIRA_CREDENTIAL_STORE names no store ('file'); use secretservice, pass, "
	            "env or auto");
	expect_pick("file", NULL, NULL, -1,
	            "--store names no store ('file'); use secretservice, pass, env or auto");
	expect_pick("auto", "pass", NULL, STORE_AUTO, NULL);
	expect_pick(NULL, "auto", NULL, STORE_AUTO, NULL);
	expect_pick(NULL, "", NULL, STORE_AUTO, NULL);
	expect_pick(NULL, NULL, NULL, STORE_AUTO, NULL);
}

static void test_automatic(void **state)
{
	struct store_seen usable[] = {{1, PROBE_USABLE, "open"}, {0}, {0}};
	struct store_seen locked[] = {{1, PROBE_LOCKED, "locked"}, {1, PROBE_USABLE, "p"}, {0}};
	struct store_seen nobus[] = {{0, PROBE_ABSENT, "x"}, {1, PROBE_USABLE, "initialised"}, {0}};
	struct store_seen nossvc[] = {{1, PROBE_ABSENT, "none"}, {1, PROBE_USABLE, "init"}, {0}};
	struct store_seen none[] = {
	    {1, PROBE_ABSENT, "a"}, {0, PROBE_ABSENT, "b"}, {0, PROBE_USABLE, "set"}};

	(void)state;
	expect_pick(NULL, NULL, usable, 0, "automatic: the Secret Service answers (open)");
	/* a lock is not a missing store: the password store is not chosen because of it */
	expect_pick(NULL, "", locked, 0, "automatic: the Secret Service answers (locked)");
	expect_pick(NULL, NULL, nobus, 1,
	            "automatic: no session bus; the password store is initialised");
	expect_pick(NULL, "auto", nossvc, 1,
	            "automatic: the Secret Service is not usable (none); the password store is "
	            "init");
	/* env is never chosen automatically, even when its variables are set */
	expect_pick(NULL, NULL, none, -1,
	            "no usable credential store: Secret Service: a; password store: b; set one "
	            "up: gnome-keyring-daemon --unlock --components=secrets (under "
	            "dbus-run-session when headless) for the Secret Service, or pass init KEYID "
	            "for a password store");
	/* a name wins over what the probes say */
	expect_pick("env", NULL, none, 2, "chosen by --store=env");
}

/* ---- the automatic choice, each case in a process of its own ------------- */

/* Runs fn in a child (store.c keeps its choice for the process); its exit status. */
static int isolated(int (*fn)(void))
{
	pid_t pid = fork();
	int status = -1;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* get through the chosen store: its rc, err freed; 100 when the choice failed */
static int get(char **err)
{
	struct credential q = {0}, out = {0};
	const struct store *st;
	int rc;

	g_unsetenv("JIRA_CREDENTIAL_STORE");
	if (!(st = store_choose(NULL, err)))
		return 100;
	rc = st->lookup(&q, &out, err);
	cred_clear(&out);
	return rc;
}

/* A miss in the Secret Service, no password store: no probe at all. */
static int miss_costs_nothing(void)
{
	char *err = NULL;

	ss = (struct played){.present = 1, .probe = PROBE_USABLE, .lookup_rc = 0};
	pass = (struct played){.present = 0, .probe = PROBE_ABSENT};
	return get(&err) != 0 || ss.lookups != 1 || ss.probes || pass.probes || pass.lookups;
}

/* A hit: no probe, the password store untouched even when it is there. */
static int hit_costs_nothing(void)
{
	char *err = NULL;

	ss = (struct played){.present = 1, .probe = PROBE_USABLE, .lookup_rc = 1};
	pass = (struct played){.present = 1, .probe = PROBE_USABLE};
	return get(&err) != 1 || ss.probes || pass.probes || pass.lookups;
}

/* A bus without a Secret Service, a password store beside it: the password store answers. */
static int falls_back(void)
{
	char *err = NULL;
	int rc;

	ss = (struct played){.present = 1, .probe = PROBE_ABSENT, .lookup_rc = -1};
	pass = (struct played){.present = 1, .probe = PROBE_USABLE, .lookup_rc = 1};
	rc = get(&err);
	return rc != 1 || err || pass.lookups != 1 || !strstr(store_choice_reason(), "pass words");
}

/* A locked keyring that failed: its error stands, with the other way named. */
static int locked_stands(void)
{
	char *err = NULL;
	int rc;

	ss = (struct played){.present = 1, .probe = PROBE_LOCKED, .lookup_rc = -1};
	pass = (struct played){.present = 1, .probe = PROBE_USABLE, .lookup_rc = 1};
	rc = get(&err);
	return rc != -1 || pass.lookups ||
	       g_strcmp0(err, "ss failed; or use the password store with --store=pass");
}

/* No bus: the password store is asked first, and nothing is probed on a hit. */
static int no_bus(void)
{
	char *err = NULL;

	ss = (struct played){.present = 0, .probe = PROBE_ABSENT};
	pass = (struct played){.present = 1, .probe = PROBE_USABLE, .lookup_rc = 1};
	return get(&err) != 1 || ss.lookups || ss.probes || pass.probes;
}

/* Nothing there: the one line naming both ways to set one up. */
static int nothing(void)
{
	char *err = NULL;

	ss = (struct played){.present = 0, .probe = PROBE_ABSENT};
	pass = (struct played){.present = 0, .probe = PROBE_ABSENT};
	return get(&err) != 100 || !strstr(err, "no usable credential store: Secret Service: ss "
	                                        "words; password store: pass words; set one up");
}

/* doctor: the choice settled by the probes, with its reason. */
static int settled(void)
{
	char *err = NULL;
	const struct store *st;

	ss = (struct played){.present = 1, .probe = PROBE_ABSENT};
	pass = (struct played){.present = 1, .probe = PROBE_USABLE};
	st = store_settle(store_choose(NULL, &err), &err);
	return st != &store_pass || strcmp(store_choice_reason(), "automatic: the Secret Service "
	                                                          "is not usable (ss words); the "
	                                                          "password store is pass words");
}

static void test_choose(void **state)
{
	(void)state;
	assert_int_equal(isolated(miss_costs_nothing), 0);
	assert_int_equal(isolated(hit_costs_nothing), 0);
	assert_int_equal(isolated(falls_back), 0);
	assert_int_equal(isolated(locked_stands), 0);
	assert_int_equal(isolated(no_bus), 0);
	assert_int_equal(isolated(nothing), 0);
	assert_int_equal(isolated(settled), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_named),
	    cmocka_unit_test(test_automatic),
	    cmocka_unit_test(test_choose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
