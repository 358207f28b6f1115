/*
 * fuzz_message.h: what the fuzz targets of the validator's verdicts share
 * (fuzz_reply.c, fuzz_token.c): the property every message must have.
 * Included once by each target.
 */
#ifndef JC_FUZZ_MESSAGE_H
#define JC_FUZZ_MESSAGE_H

#include "proto/exitcode.h"
#include "proto/escape.h"

#include <glib.h>
#include <stdlib.h>

/*
 * msg, as fail() prints it (through term_safe), is valid UTF-8 with
 * nothing a terminal would act on: one line.  Aborts otherwise.
 */
static void check_line(const char *msg)
{
	char *shown;

	if (!msg)
		abort();
	shown = term_safe(msg);
	if (!g_utf8_validate(shown, -1, NULL))
		abort();
	for (const char *p = shown; *p; p = g_utf8_next_char(p))
		if (!term_printable(g_utf8_get_char(p)))
			abort();
	g_free(shown);
}

#endif
