/*
 * test_vcache.c: cmocka unit tests of the cache entries' names,
 * helper/validate/vcache.c's vcache_path(): the same parts give the same
 * name, any part different (or the key) a different one, and no part of
 * a secret shows in the name.
 *
 *   make build/tests/unit-vcache && ./build/tests/unit-vcache
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "validate/vcache.h"

#define SECRET "Basic Ym9iQGV4YW1wbGUuY29tOkFUQVRUM3hGZkdGMHNlY3JldA=="

static const char *const base_parts[] = {"jira.example.com", SECRET,
                                         "https://gw.example/ex/jira/1"};

/* A fresh cache directory of ours (mode 0700), its key made on first use. */
static int dir_setup(void **state)
{
	char *dir = g_dir_make_tmp("jc-vcache-XXXXXX", NULL);

	assert_non_null(dir);
	assert_int_equal(g_chmod(dir, 0700), 0);
	*state = dir;
	return 0;
}

static int dir_teardown(void **state)
{
	char *dir = *state;
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, name, NULL);

		g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
	g_free(dir);
	return 0;
}

static char *name_of(const char *dir, const char *const *parts, int n)
{
	char *path = vcache_path(dir, "p-", parts, n, 1);

	assert_non_null(path);
	return path;
}

static void test_same_parts_same_name(void **state)
{
	char *a = name_of(*state, base_parts, 3), *b = name_of(*state, base_parts, 3);

	assert_string_equal(a, b);
	g_free(a);
	g_free(b);
}

static void test_any_part_different(void **state)
{
	char *want = name_of(*state, base_parts, 3);

	for (int i = 0; i < 3; i++) {
		const char *parts[3] = {base_parts[0], base_parts[1], base_parts[2]};
		char *changed = g_strconcat(parts[i], "x", NULL), *got;

		parts[i] = changed;
		got = name_of(*state, parts, 3);
		assert_string_not_equal(want, got);
		g_free(got);
		g_free(changed);
	}
	g_free(want);
}

/* Where one part ends counts: "ab" then "c" is not "a" then "bc". */
static void test_part_boundaries(void **state)
{
	char *a = name_of(*state, (const char *[]){"ab", "c"}, 2);
	char *b = name_of(*state, (const char *[]){"a", "bc"}, 2);
	char *c = name_of(*state, (const char *[]){"abc"}, 1);

	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(b, c);
	g_free(a);
	g_free(b);
	g_free(c);
}

/* The name is DIR/PREFIX and 64 hex digits: nothing of any part shows. */
static void test_no_secret_in_name(void **state)
{
	const char *dir = *state;
	char *path = name_of(dir, base_parts, 3), *name;
	GString *h = g_string_new(NULL);

	assert_true(g_str_has_prefix(path, dir));
	name = path + strlen(dir) + 1;
	assert_true(g_str_has_prefix(name, "p-"));
	assert_int_equal(strlen(name), 2 + 64);
	for (const char *p = name + 2; *p; p++)
		assert_non_null(strchr("0123456789abcdef", *p));
	/* no 6 bytes of the secret, as they are or in hex */
	for (size_t i = 0; i + 6 <= strlen(SECRET); i++) {
		char *piece = g_strndup(SECRET + i, 6);

		assert_null(strstr(name, piece));
		g_string_truncate(h, 0);
		for (int j = 0; j < 6; j++)
			g_string_append_printf(h, "%02x", (unsigned char)piece[j]);
		assert_null(strstr(name, h->str));
		g_free(piece);
	}
	assert_null(strstr(name, "jira"));
	g_string_free(h, TRUE);
	g_free(path);
}

/* Another key (another cache directory), another name: the key is secret and random. */
static void test_key_decides(void **state)
{
	void *other = NULL;
	char *a = name_of(*state, base_parts, 3), *b;

	dir_setup(&other);
	b = name_of(other, base_parts, 3);
	assert_string_not_equal(strrchr(a, '/'), strrchr(b, '/'));
	dir_teardown(&other);
	g_free(a);
	g_free(b);
}

/* Without a key, and not asked to make one: no name at all. */
static void test_no_key_no_name(void **state)
{
	struct stat st;
	char *key = g_build_filename(*state, "key", NULL);

	assert_null(vcache_path(*state, "p-", base_parts, 3, 0));
	assert_int_not_equal(stat(key, &st), 0);
	g_free(name_of(*state, base_parts, 3));
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	g_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_same_parts_same_name, dir_setup, dir_teardown),
	    cmocka_unit_test_setup_teardown(test_any_part_different, dir_setup, dir_teardown),
	    cmocka_unit_test_setup_teardown(test_part_boundaries, dir_setup, dir_teardown),
	    cmocka_unit_test_setup_teardown(test_no_secret_in_name, dir_setup, dir_teardown),
	    cmocka_unit_test_setup_teardown(test_key_decides, dir_setup, dir_teardown),
	    cmocka_unit_test_setup_teardown(test_no_key_no_name, dir_setup, dir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
