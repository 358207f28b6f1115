/*
 * jsonw.c: json-glib's builder and generator, resolved with dlopen() on
 * first use (see jsonw.h for why).  The types and signatures come from
 * json-glib's own headers, so a mismatch fails to compile.
 */
#include "jsonw.h"
#include "jc.h"

#include <dlfcn.h>
#include <json-glib/json-glib.h>

#define JSON_GLIB "libjson-glib-1.0.so.0"

static struct {
	__typeof__(json_builder_new) *builder_new;
	__typeof__(json_builder_begin_object) *begin_object;
	__typeof__(json_builder_end_object) *end_object;
	__typeof__(json_builder_begin_array) *begin_array;
	__typeof__(json_builder_end_array) *end_array;
	__typeof__(json_builder_set_member_name) *set_member_name;
	__typeof__(json_builder_add_string_value) *add_string_value;
	__typeof__(json_builder_add_null_value) *add_null_value;
	__typeof__(json_builder_get_root) *get_root;
	__typeof__(json_generator_new) *generator_new;
	__typeof__(json_generator_set_root) *set_root;
	__typeof__(json_generator_set_pretty) *set_pretty;
	__typeof__(json_generator_to_data) *to_data;
	__typeof__(json_node_unref) *node_unref;
} J;

static const char *const names[] = {
    "json_builder_new",
    "json_builder_begin_object",
    "json_builder_end_object",
    "json_builder_begin_array",
    "json_builder_end_array",
    "json_builder_set_member_name",
    "json_builder_add_string_value",
    "json_builder_add_null_value",
    "json_builder_get_root",
    "json_generator_new",
    "json_generator_set_root",
    "json_generator_set_pretty",
    "json_generator_to_data",
    "json_node_unref",
};

static void load(void)
{
	void **slot = (void **)&J;
	void *lib;

	if (J.builder_new)
		return;
	G_STATIC_ASSERT(sizeof(J) == G_N_ELEMENTS(names) * sizeof(void *));
	if (!(lib = dlopen(JSON_GLIB, RTLD_NOW | RTLD_LOCAL)))
		fail(EXIT_USAGE, "JSON output needs %s (%s); install json-glib", JSON_GLIB,
		     dlerror());
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (!(slot[i] = dlsym(lib, names[i])))
			fail(EXIT_USAGE, "%s lacks %s; install a newer json-glib", JSON_GLIB,
			     names[i]);
}

struct jsonw *jsonw_new(void)
{
	load();
	return (struct jsonw *)J.builder_new();
}

void jsonw_begin_object(struct jsonw *w)
{
	J.begin_object((JsonBuilder *)w);
}

void jsonw_end_object(struct jsonw *w)
{
	J.end_object((JsonBuilder *)w);
}

void jsonw_begin_array(struct jsonw *w)
{
	J.begin_array((JsonBuilder *)w);
}

void jsonw_end_array(struct jsonw *w)
{
	J.end_array((JsonBuilder *)w);
}

void jsonw_member(struct jsonw *w, const char *name, const char *value)
{
	J.set_member_name((JsonBuilder *)w, name);
	if (value)
		J.add_string_value((JsonBuilder *)w, value);
	else
		J.add_null_value((JsonBuilder *)w);
}

char *jsonw_finish(struct jsonw *w, int pretty)
{
	JsonGenerator *g = J.generator_new();
	JsonNode *root = J.get_root((JsonBuilder *)w);
	char *text;

	J.set_root(g, root);
	J.set_pretty(g, pretty);
	text = J.to_data(g, NULL);
	J.node_unref(root);
	g_object_unref(g);
	g_object_unref(w);
	return text;
}
