/*
 * version.h: the version the programs report (--version, the validator's
 * User-Agent).  Its one place is the file VERSION; make passes it.
 */
#ifndef JC_VERSION_H
#define JC_VERSION_H

#ifndef JC_VERSION
#error "JC_VERSION is undefined: build with make, which passes it from the file VERSION"
#endif

#endif
