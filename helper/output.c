/*
 * output.c: renders the answer of get in each format.  Every value is
 * checked for line breaks before it is written (the protocol cannot carry
 * them, and a header or config line must stay one line); JSON is written
 * by json-glib, shell words are single-quoted.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "output.h"
#include "jsonw.h"
#include "../proto/domain.h"
#include "../proto/header.h"
#include "../proto/netrc.h"

#include <string.h>

static const char *const format_names[] = {
    [FMT_GIT] = "git",     [FMT_HEADER] = "header", [FMT_CURL] = "curl",
    [FMT_NETRC] = "netrc", [FMT_ENV] = "env",       [FMT_JSON] = "json",
};

int output_format_parse(const char *name, enum format *f)
{
	for (size_t i = 0; i < G_N_ELEMENTS(format_names); i++)
		if (!strcmp(name, format_names[i])) {
			*f = (enum format)i;
			return 0;
		}
	return -1;
}

static int one_line(const char *s)
{
	return !s || !strpbrk(s, "\r\n");
}

static int render_git(const struct credential *c, const struct credential *req,
                      const struct facts *facts, const char *auth, GString *out)
{
	int bad = 0;

	bad |= cred_write_kv(out, "protocol", c->protocol);
	bad |= cred_write_kv(out, "host", c->host);
	bad |= cred_write_kv(out, "path", c->path);
	bad |= cred_write_kv(out, "username", c->username ? c->username : "");
	bad |= cred_write_kv(out, "password", c->password);
	bad |= cred_write_kv(out, "password_expiry_utc", c->password_expiry_utc);
	bad |= cred_write_kv(out, "oauth_refresh_token", c->oauth_refresh_token);
	bad |= cred_write_kv(out, "type", c->type);
	bad |= cred_write_kv(out, "authorization", auth);
	bad |= cred_write_kv(out, "api_base", c->api_base);
	if (facts) {
		bad |= cred_write_kv(out, "display_name", facts->display_name);
		bad |= cred_write_kv(out, "account_id", facts->account_id);
	}
	if (cred_has_capability(req, "authtype")) {
		char *cred = auth_credential(c->type, c->username, c->password);

		bad |= cred_write_kv(out, "capability[]", "authtype");
		bad |= cred_write_kv(out, "authtype", auth_scheme(c->type));
		bad |= cred_write_kv(out, "credential", cred);
		secret_free(cred);
	}
	return bad;
}

/* A curl config string: double quotes, with \ and " escaped. */
static void curl_quote(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}

/* A netrc token; quoted (curl 7.84+) when it holds blanks or quotes. */
static void netrc_token(GString *out, const char *s)
{
	netrc_write_token(out, s); /* quoted exactly when curl needs it */
}

static int render_netrc(const struct credential *c, GString *out, char **err)
{
	char *host;

	if (!strcmp(c->type, "pat")) {
		*err = g_strdup("a personal access token needs a Bearer header, which netrc cannot "
		                "express; use --format=header or --format=curl");
		return -1;
	}
	host = host_without_port(c->host);
	if (host[0] == '[') { /* netrc names the bare IPv6 address */
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	g_string_append_printf(out, "machine %s login ", host);
	netrc_token(out, c->username ? c->username : "");
	g_string_append(out, " password ");
	netrc_token(out, c->password);
	g_string_append_c(out, '\n');
	g_free(host);
	return 0;
}

void shell_quote(GString *out, const char *s)
{
	g_string_append_c(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			g_string_append(out, "'\\''");
		else
			g_string_append_c(out, *s);
	}
	g_string_append_c(out, '\'');
}

static void env_line(GString *out, const char *name, const char *value)
{
	g_string_append_printf(out, "%s=", name);
	shell_quote(out, value ? value : "");
	g_string_append_c(out, '\n');
}

static void render_env(const struct credential *c, GString *out)
{
	char *domain = domain_format(c->protocol, c->host, c->path);

	env_line(out, "JIRA_BASE_URL", c->api_base ? c->api_base : domain);
	env_line(out, "JIRA_USER_EMAIL", c->username);
	env_line(out, "JIRA_API_TOKEN", c->password);
	env_line(out, "JIRA_AUTH_TYPE",
	         strcmp(auth_scheme(c->type), "Bearer") ? "basic" : "bearer");
	g_string_append(out,
	                "export JIRA_BASE_URL JIRA_USER_EMAIL JIRA_API_TOKEN JIRA_AUTH_TYPE\n");
	g_free(domain);
}

static void json_member(struct jsonw *w, const char *name, const char *value)
{
	if (value)
		jsonw_member(w, name, value);
}

static void render_json(const struct credential *c, const struct facts *facts, const char *auth,
                        GString *out)
{
	struct jsonw *w = jsonw_new();
	char *domain = domain_format(c->protocol, c->host, c->path), *text;

	jsonw_begin_object(w);
	json_member(w, "domain", domain);
	json_member(w, "protocol", c->protocol);
	json_member(w, "host", c->host);
	json_member(w, "path", c->path);
	json_member(w, "username", c->username ? c->username : "");
	json_member(w, "type", c->type);
	json_member(w, "authorization", auth);
	json_member(w, "password", c->password);
	json_member(w, "password_expiry_utc", c->password_expiry_utc);
	json_member(w, "api_base", c->api_base);
	if (facts) {
		json_member(w, "display_name", facts->display_name);
		json_member(w, "account_id", facts->account_id);
	}
	jsonw_end_object(w);
	text = jsonw_finish(w, 0);
	g_string_append(out, text);
	g_string_append_c(out, '\n');
	secret_free(text);
	g_free(domain);
}

int output_render(const struct credential *c, const struct credential *req,
                  const struct facts *facts, enum format f, GString *out, char **err)
{
	char *auth = auth_header_value(c->type, c->username, c->password);
	int rc = 0;

	if (!one_line(auth) || !one_line(c->username) || !one_line(c->password)) {
		*err = g_strdup("the stored credential holds a line break; store it again");
		secret_free(auth);
		return -1;
	}
	switch (f) {
	case FMT_GIT:
		if (render_git(c, req, facts, auth, out)) {
			*err = g_strdup("the stored credential holds a line break; store it again");
			rc = -1;
		}
		break;
	case FMT_HEADER:
		g_string_append_printf(out, "Authorization: %s\n", auth);
		break;
	case FMT_CURL:
		g_string_append(out, "header = ");
		{
			char *line = g_strconcat("Authorization: ", auth, NULL);

			curl_quote(out, line);
			secret_free(line);
		}
		g_string_append_c(out, '\n');
		break;
	case FMT_NETRC:
		rc = render_netrc(c, out, err);
		break;
	case FMT_ENV:
		render_env(c, out);
		break;
	case FMT_JSON:
		render_json(c, facts, auth, out);
		break;
	}
	secret_free(auth);
	return rc;
}
