/*
 * actions.h: the actions that live outside main.c, each called with the
 * parsed options and the DOMAIN argument (or NULL); each returns an exit code.
 */
#ifndef JC_ACTIONS_H
#define JC_ACTIONS_H

#include "jc.h"

int op_list(const struct options *o, const char *domain);
int op_login(const struct options *o, const char *domain);
int op_import_netrc(const struct options *o, const char *file);

#endif
