/*
 * ss_lib.h: libsecret, loaded with dlopen() (dl.h) when a Secret Service
 * call needs it: a store, an erase that found something, a list, an
 * unlock.  A get asks the keyring over D-Bus alone (ss_search.c, ss_get.c)
 * and never pays for loading libsecret and libgcrypt
 * (docs/performance.md).  The types and signatures come from libsecret's
 * header through __typeof__, so a mismatch fails to compile.  Call
 * ss_lib_load before any member.
 */
#ifndef JC_SS_LIB_H
#define JC_SS_LIB_H

#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>

struct ss_lib {
	__typeof__(secret_error_get_quark) *error_get_quark;
	__typeof__(secret_service_get_type) *service_get_type;
	__typeof__(secret_service_open_sync) *service_open_sync;
	__typeof__(secret_service_ensure_session_sync) *service_ensure_session_sync;
	__typeof__(secret_service_get_session_algorithms) *service_get_session_algorithms;
	__typeof__(secret_service_unlock_dbus_paths_sync) *service_unlock_dbus_paths_sync;
	__typeof__(secret_service_get_secret_for_dbus_path_sync)
	    *service_get_secret_for_dbus_path_sync;
	__typeof__(secret_service_create_item_dbus_path_sync) *service_create_item_dbus_path_sync;
	__typeof__(secret_service_delete_item_dbus_path_sync) *service_delete_item_dbus_path_sync;
	__typeof__(secret_item_new_for_dbus_path_sync) *item_new_for_dbus_path_sync;
	__typeof__(secret_item_get_created) *item_get_created;
	__typeof__(secret_item_get_locked) *item_get_locked;
	__typeof__(secret_item_get_service) *item_get_service;
	__typeof__(secret_item_set_attributes_sync) *item_set_attributes_sync;
	__typeof__(secret_item_set_secret_sync) *item_set_secret_sync;
	__typeof__(secret_item_delete_sync) *item_delete_sync;
	__typeof__(secret_value_new) *value_new;
	__typeof__(secret_value_get) *value_get;
	__typeof__(secret_value_unref) *value_unref;
};

/* Filled by ss_lib_load; every member is set once it returned 0. */
extern struct ss_lib secretlib;

/* Loads libsecret, once.  0, or -1 with *err (exit 3). */
int ss_lib_load(char **err);

#endif
