/*
 * dl.c: filling a table of a library's functions with dlopen() (see dl.h).
 */
#include "dl.h"

#include <dlfcn.h>
#include <string.h>

#include <glib.h>

int dl_table(const char *lib, const char *package, const char *const *names, size_t n, void **slots,
             char **err)
{
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		*err = g_strdup_printf("%s cannot be loaded; install %s", lib, package);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!(slots[i] = dlsym(h, names[i]))) {
			*err = g_strdup_printf("%s lacks %s; install a newer %s", lib, names[i],
			                       package);
			memset(slots, 0, n * sizeof(*slots));
			return -1;
		}
	return 0; /* never closed: its functions are used until the process ends */
}
