/*
 * vsettings_of.h: validation's settings (validate/vsettings.h) taken from
 * the command line's options, for a call into validate/: struct options
 * stays in cli/.  The settings live as long as the enclosing block.
 */
#ifndef JC_VSETTINGS_OF_H
#define JC_VSETTINGS_OF_H

#include "jc.h"
#include "validate/vsettings.h"

#define VSETTINGS(o)                                                                               \
	(&(const struct vsettings){                                                                \
	    .cacert = (o)->cacert,                                                                 \
	    .timeout = (o)->timeout,                                                               \
	    .wait = (o)->wait,                                                                     \
	    .cache_ttl = (o)->cache_ttl,                                                           \
	    .allow_http = (o)->allow_http,                                                         \
	    .verbose = (o)->verbose,                                                               \
	})

#endif
