/*
 * test_trust.c: cmocka unit tests of helper/sys/trust.c, the one "this
 * file or directory is mine" rule, on real files in a private temporary
 * directory: the kind, the owner, the forbidden mode bits, and that a
 * link or a FIFO is refused, never followed or waited on.
 *
 *   make build/tests/unit-trust && ./build/tests/unit-trust
 */
#define _GNU_SOURCE /* O_DIRECTORY */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sys/trust.h"

struct place {
	char *dir; /* a fresh directory of ours, mode 0700 */
	int dirfd;
};

static int setup(void **state)
{
	struct place *p = g_new0(struct place, 1);

	p->dir = g_dir_make_tmp("test-trust-XXXXXX", NULL);
	assert_non_null(p->dir);
	p->dirfd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(p->dirfd >= 0);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct place *p = *state;
	const char *names[] = {"file", "link", "fifo", "sub", "made"};

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (unlinkat(p->dirfd, names[i], 0))
			unlinkat(p->dirfd, names[i], AT_REMOVEDIR);
	close(p->dirfd);
	g_rmdir(p->dir);
	g_free(p->dir);
	g_free(p);
	return 0;
}

/* A regular file "file" in the place, with mode. */
static void make_file(struct place *p, mode_t mode)
{
	int fd = openat(p->dirfd, "file", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* What trust_openat says of name in the place. */
static enum trust_fail ask(struct place *p, const char *name, enum trust_kind kind,
                           mode_t forbidden)
{
	enum trust_fail fail = TRUST_OK;
	int fd = trust_openat(p->dirfd, name, O_RDONLY, kind, forbidden, NULL, &fail);

	if (fd >= 0) {
		assert_int_equal(fail, TRUST_OK);
		close(fd);
	} else {
		assert_int_not_equal(fail, TRUST_OK);
	}
	return fail;
}

static void test_own_file_is_trusted(void **state)
{
	struct place *p = *state;
	struct stat st;
	enum trust_fail fail;
	int fd;

	make_file(p, 0600);
	fd = trust_openat(p->dirfd, "file", O_RDONLY, TRUST_FILE, 077, &st, &fail);
	assert_true(fd >= 0);
	assert_int_equal(fail, TRUST_OK);
	assert_true(S_ISREG(st.st_mode)); /* *st is what fstat said */
	assert_int_equal(st.st_uid, geteuid());
	close(fd);
	assert_int_equal(ask(p, ".", TRUST_DIR, 077), TRUST_OK);
}

static void test_group_or_other_writable_is_refused(void **state)
{
	struct place *p = *state;

	make_file(p, 0620);
	assert_int_equal(ask(p, "file", TRUST_FILE, 022), TRUST_MODE);
	assert_int_equal(fchmodat(p->dirfd, "file", 0602, 0), 0);
	assert_int_equal(ask(p, "file", TRUST_FILE, 022), TRUST_MODE);
	/* readable by others: fine for a store's file (022), not for a key (077) */
	assert_int_equal(fchmodat(p->dirfd, "file", 0644, 0), 0);
	assert_int_equal(ask(p, "file", TRUST_FILE, 022), TRUST_OK);
	assert_int_equal(ask(p, "file", TRUST_FILE, 077), TRUST_MODE);
	/* a directory's mode is held to the same rule */
	assert_int_equal(mkdirat(p->dirfd, "sub", 0700), 0);
	assert_int_equal(fchmodat(p->dirfd, "sub", 0770, 0), 0);
	assert_int_equal(ask(p, "sub", TRUST_DIR, 022), TRUST_MODE);
	assert_int_equal(fchmodat(p->dirfd, "sub", 0755, 0), 0);
	assert_int_equal(ask(p, "sub", TRUST_DIR, 022), TRUST_OK);
}

static void test_link_is_refused_not_followed(void **state)
{
	struct place *p = *state;

	make_file(p, 0600);
	assert_int_equal(symlinkat("file", p->dirfd, "link"), 0);
	errno = 0;
	assert_int_equal(ask(p, "link", TRUST_FILE, 077), TRUST_NOT_OPENED);
	assert_int_equal(errno, ELOOP);
	/* a link to a directory of ours, wanted as a directory: refused too */
	assert_int_equal(unlinkat(p->dirfd, "link", 0), 0);
	assert_int_equal(mkdirat(p->dirfd, "sub", 0700), 0);
	assert_int_equal(symlinkat("sub", p->dirfd, "link"), 0);
	assert_int_equal(ask(p, "link", TRUST_DIR, 022), TRUST_NOT_OPENED);
}

static void test_wrong_kind_is_refused(void **state)
{
	struct place *p = *state;
	int fd;

	/* a directory where a file is wanted */
	assert_int_equal(mkdirat(p->dirfd, "sub", 0700), 0);
	assert_int_equal(ask(p, "sub", TRUST_FILE, 022), TRUST_NOT_KIND);
	/* a file where a directory is wanted: open refuses it (O_DIRECTORY), fstat too */
	make_file(p, 0600);
	errno = 0;
	assert_int_equal(ask(p, "file", TRUST_DIR, 022), TRUST_NOT_OPENED);
	assert_int_equal(errno, ENOTDIR);
	fd = openat(p->dirfd, "file", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(trust_fd(fd, TRUST_DIR, 022, NULL), TRUST_NOT_KIND);
	close(fd);
}

static void test_fifo_is_refused_without_blocking(void **state)
{
	struct place *p = *state;

	/* no writer ever comes: a blocking open would hang the test here */
	assert_int_equal(mkfifoat(p->dirfd, "fifo", 0600), 0);
	assert_int_equal(ask(p, "fifo", TRUST_FILE, 077), TRUST_NOT_KIND);
}

static void test_another_owner_is_refused(void **state)
{
	struct place *p = *state;
	struct stat st;
	int fd;

	/* tests may run as root, who owns everything here: the owner is given */
	make_file(p, 0600);
	fd = openat(p->dirfd, "file", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(trust_fd(fd, TRUST_FILE, 077, &st), TRUST_OK);
	close(fd);
	assert_int_equal(trust_stat(&st, TRUST_FILE, st.st_uid, 077), TRUST_OK);
	assert_int_equal(trust_stat(&st, TRUST_FILE, st.st_uid + 1, 077), TRUST_NOT_OWNER);
	/* the order of the rules: kind first, then owner, then mode */
	st.st_mode = S_IFREG | 0666;
	assert_int_equal(trust_stat(&st, TRUST_FILE, st.st_uid + 1, 022), TRUST_NOT_OWNER);
	assert_int_equal(trust_stat(&st, TRUST_DIR, st.st_uid + 1, 022), TRUST_NOT_KIND);
	/* root's /etc/passwd: someone else's unless we are root */
	fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		assert_int_equal(trust_fd(fd, TRUST_FILE, 022, &st),
		                 geteuid() == st.st_uid ? TRUST_OK : TRUST_NOT_OWNER);
		close(fd);
	}
}

static void test_create_makes_a_private_file(void **state)
{
	struct place *p = *state;
	enum trust_fail fail;
	struct stat st;
	int fd;

	fd = trust_openat(p->dirfd, "made", O_RDWR | O_CREAT, TRUST_FILE, 022, &st, &fail);
	assert_true(fd >= 0);
	assert_int_equal(st.st_mode & 0077, 0);
	close(fd);
	/* made through no link: a planted one is refused, and nothing is made at its end */
	assert_int_equal(unlinkat(p->dirfd, "made", 0), 0);
	assert_int_equal(symlinkat("file", p->dirfd, "made"), 0);
	fd = trust_openat(p->dirfd, "made", O_RDWR | O_CREAT, TRUST_FILE, 022, &st, &fail);
	assert_int_equal(fd, -1);
	assert_int_equal(fail, TRUST_NOT_OPENED);
	assert_int_equal(faccessat(p->dirfd, "file", F_OK, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_own_file_is_trusted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_group_or_other_writable_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_link_is_refused_not_followed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_kind_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fifo_is_refused_without_blocking, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_another_owner_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create_makes_a_private_file, setup, teardown),
	};

	umask(022);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
