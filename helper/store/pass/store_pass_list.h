/*
 * store_pass_list.h: every entry of the password store, by its files'
 * names (for a lookup: where to look) or, for list, by what each says.
 */
#ifndef JC_STORE_PASS_LIST_H
#define JC_STORE_PASS_LIST_H

#include "proto/match.h"

#include <glib.h>

/*
 * Every entry below dir ("jira" or "jira/HOST"), as its file's name
 * says (struct stored; id: its path in the store); none when dir does
 * not exist, NULL with *err when it cannot be read.
 */
GPtrArray *pf_collect(int root, const char *dir, char **err);

/* The store's list (store/store.h, struct store). */
int pass_list(GPtrArray **entries, int *hidden, char **err);

#endif
