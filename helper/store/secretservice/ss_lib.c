/*
 * ss_lib.c: loading libsecret with dlopen() (see ss_lib.h), once, and the
 * table of the functions the store calls.
 */
#include "ss_lib.h"
#include "sys/dl.h"

#define SECRET_LIB "libsecret-1.so.0"

struct ss_lib secretlib;

static const char *const names[] = {
    "secret_error_get_quark",
    "secret_service_get_type",
    "secret_service_open_sync",
    "secret_service_ensure_session_sync",
    "secret_service_get_session_algorithms",
    "secret_service_unlock_dbus_paths_sync",
    "secret_service_get_secret_for_dbus_path_sync",
    "secret_service_create_item_dbus_path_sync",
    "secret_service_delete_item_dbus_path_sync",
    "secret_item_new_for_dbus_path_sync",
    "secret_item_get_created",
    "secret_item_get_locked",
    "secret_item_get_service",
    "secret_item_set_attributes_sync",
    "secret_item_set_secret_sync",
    "secret_item_delete_sync",
    "secret_value_new",
    "secret_value_get",
    "secret_value_unref",
};

static struct {
	int done; /* loaded, or failed with err */
	char *err;
} state;

/* Fills secretlib; NULL, or what went wrong. */
static char *load(void)
{
	char *why = NULL, *err;

	G_STATIC_ASSERT(sizeof(secretlib) == G_N_ELEMENTS(names) * sizeof(void *));
	if (!dl_table(SECRET_LIB, "libsecret-1-0", names, G_N_ELEMENTS(names), (void **)&secretlib,
	              &why))
		return NULL;
	err = g_strdup_printf("keyring unavailable: the Secret Service store needs libsecret: %s",
	                      why);
	g_free(why);
	return err;
}

int ss_lib_load(char **err)
{
	if (!state.done) {
		state.err = load();
		state.done = 1;
	}
	if (state.err) {
		*err = g_strdup(state.err);
		return -1;
	}
	return 0;
}
