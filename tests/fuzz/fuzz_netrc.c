/* fuzz_netrc.c: libFuzzer target for the netrc parser (no crash, no leak). */
#include "proto/netrc.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netrc n;
	char *err = NULL;

	if (netrc_parse((const char *)data, size, &n, &err) == 0) {
		for (guint i = 0; i < n.entries->len; i++) {
			struct netrc_entry *e = g_ptr_array_index(n.entries, i);

			if (!e->machine)
				abort(); /* an entry always names its machine */
		}
	} else if (!err) {
		abort();
	}
	g_free(err);
	netrc_clear(&n);
	return 0;
}
