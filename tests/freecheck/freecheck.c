/*
 * freecheck.c: a test-only LD_PRELOAD library that fails a process which
 * frees a heap block still holding a secret.  The test names up to four
 * needles (the secret, the Authorization value...) in JC_FREECHECK_1..4;
 * every block passed to free(), or left behind by realloc(), is searched
 * for them first, and a hit ends the process with exit 99 and one line on
 * stderr.  Built with -DFREECHECK_SANITIZER for programs built with ASan
 * (make check SANITIZE=1), whose allocator cannot be interposed: the
 * sanitizer's own free hook does the same there.  Only the process it is
 * loaded into is checked: the programs that one runs (gpg, git) get
 * neither the library nor the needles.
 *
 * JC_FREECHECK_DUMPABLE=1 checks one more thing: a process that ends
 * through _exit() (as jira-credential and its validator always do) while
 * the kernel would still write its core (PR_GET_DUMPABLE) ends with exit
 * 97 and one line on stderr instead.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NEEDLES    4
#define NEEDLE_MAX 512

static char needle[NEEDLES][NEEDLE_MAX];
static size_t needle_len[NEEDLES];
static int armed;
static int dumpable_check;
/* glibc's own free, which needs no dlsym (dlsym itself may free). */
extern void __libc_free(void *);
static size_t (*asan_size)(const volatile void *);

static void check(const void *p, size_t n)
{
	for (int i = 0; i < NEEDLES && armed; i++)
		if (needle_len[i] && memmem(p, n, needle[i], needle_len[i])) {
			static const char msg[] = "freecheck: a freed heap block holds a secret\n";

			armed = 0;
			(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
			_exit(99);
		}
}

#ifdef FREECHECK_SANITIZER
/* Called by the sanitizer's allocator before it frees p (a weak hook it defines). */
extern size_t __sanitizer_get_allocated_size(const volatile void *p);

void __sanitizer_free_hook(const volatile void *p)
{
	if (p && armed)
		check((const void *)p, __sanitizer_get_allocated_size(p));
}
#endif

__attribute__((constructor)) static void init(void)
{
	for (int i = 0; i < NEEDLES; i++) {
		char name[] = "JC_FREECHECK_1";
		const char *v;

		name[sizeof(name) - 2] = (char)('1' + i);
		v = getenv(name);
		if (v && *v && strlen(v) < NEEDLE_MAX) {
			needle_len[i] = strlen(v);
			memcpy(needle[i], v, needle_len[i]);
		}
		unsetenv(name);
	}
	dumpable_check =
	    getenv("JC_FREECHECK_DUMPABLE") && !strcmp(getenv("JC_FREECHECK_DUMPABLE"), "1");
	unsetenv("JC_FREECHECK_DUMPABLE");
	/* This process is checked, not the programs it runs (gpg, git). */
	unsetenv("LD_PRELOAD");
	armed = 1;
}

void _exit(int code)
{
	static const char msg[] =
	    "freecheck: the process ended dumpable (its core would be written)\n";

	if (dumpable_check && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) {
		(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
		code = 97;
	}
	syscall(SYS_exit_group, code);
	__builtin_unreachable();
}

#ifndef FREECHECK_SANITIZER
void free(void *p)
{
	if (p && armed)
		check(p, malloc_usable_size(p));
	__libc_free(p);
}

/* realloc may move a block and free the old one without calling free(): move it always. */
void *realloc(void *p, size_t n)
{
	void *q;
	size_t old;

	if (!p)
		return malloc(n);
	if (!n) {
		free(p);
		return NULL;
	}
	if (!(q = malloc(n)))
		return NULL;
	old = malloc_usable_size(p);
	memcpy(q, p, old < n ? old : n);
	free(p);
	return q;
}
#endif
