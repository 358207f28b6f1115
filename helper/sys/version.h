/*
 * version.h: the version the programs report (--version, the validator's
 * User-Agent).  Its one place is the file VERSION; make passes it.
 */
#ifndef JC_VERSION_H
#define JC_VERSION_H

#ifndef JC_VERSION
#error "JC_VERSION is undefined: build with make, which passes it from the file VERSION"
#endif

/* What --version says of the licence; its text is the file LICENSE. */
#define JC_COPYRIGHT "Copyright (c) 2026 the jira-credential authors. MIT License."

#endif
