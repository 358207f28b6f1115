/*
 * fuzz_domain.c: libFuzzer target for the domain parser.  Properties: a
 * parsed domain formats back to a URL that parses to the same origin;
 * the normal host survives host_normalize unchanged; nothing parsed holds
 * a control character.
 */
#include "proto/domain.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void no_control(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = g_strndup((const char *)data, size), *err = NULL, *url, *host;
	struct origin a, b;

	if (domain_parse(in, &a, &err, NULL) == 0) {
		no_control(a.host);
		no_control(a.path);
		no_control(a.username);
		url = domain_format(a.protocol, a.host, a.path);
		if (domain_parse(url, &b, &err, NULL))
			abort(); /* our own URL must parse */
		if (strcmp(a.protocol, b.protocol) || strcmp(a.host, b.host) ||
		    g_strcmp0(a.path, b.path))
			abort(); /* and mean the same origin */
		if (host_normalize(a.protocol, a.host, &host, &err) || strcmp(host, a.host))
			abort();
		g_free(host);
		g_free(url);
		origin_clear(&b);
		origin_clear(&a);
	} else if (!err || strchr(err, '\n')) {
		abort();
	}
	g_free(err);
	g_free(in);
	return 0;
}
