/*
 * dl.h: a library loaded with dlopen() when a call first needs it, so that
 * the calls that do not need it never pay for loading it
 * (docs/performance.md).  Its functions go into a table whose members are
 * typed from the library's header through __typeof__: a signature that
 * does not match fails to compile.
 */
#ifndef JC_DL_H
#define JC_DL_H

#include <stddef.h>

/*
 * Loads lib (its symbols kept out of the program's namespace) and fills
 * slots[0..n) with its functions names[0..n).  0, or -1 with *err saying
 * what is missing and which Debian package brings it; slots are then left
 * zero.
 */
int dl_table(const char *lib, const char *package, const char *const *names, size_t n, void **slots,
             char **err);

#endif
