/*
 * validation.h: what the actions need to call validate/: its settings
 * (validate/vsettings.h) taken from the command line's options, so that
 * struct options stays in cli/, and its verdicts (validate/verdict.h) as
 * the exit codes they end with (jira-credential(1), EXIT STATUS).
 */
#ifndef JC_VALIDATION_H
#define JC_VALIDATION_H

#include "jc.h"
#include "validate/verdict.h"
#include "validate/vsettings.h"

/* The settings, for one call; they live as long as the enclosing block. */
#define VSETTINGS(o)                                                                               \
	(&(const struct vsettings){                                                                \
	    .cacert = (o)->cacert,                                                                 \
	    .timeout = (o)->timeout,                                                               \
	    .wait = (o)->wait,                                                                     \
	    .cache_ttl = (o)->cache_ttl,                                                           \
	    .allow_http = (o)->allow_http,                                                         \
	    .verbose = (o)->verbose,                                                               \
	})

static inline int verdict_exit(enum verdict v)
{
	switch (v) {
	case VERDICT_OK:
		return EXIT_OK;
	case VERDICT_REFUSED:
		return EXIT_USAGE;
	case VERDICT_REJECTED:
		return EXIT_REJECTED;
	case VERDICT_UNREACHED:
		break;
	}
	return EXIT_NETWORK;
}

#endif
