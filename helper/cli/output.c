/*
 * output.c: renders the answer of get in each format.  Every value is
 * checked for line breaks before it is written (the protocol cannot carry
 * them, and a header or config line must stay one line); shell words are
 * single-quoted.  Nothing here makes a copy of the secret that it does not
 * clear: appends go into the caller's buffer, which never moves.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "output.h"
#include "proto/domain.h"
#include "proto/header.h"
#include "proto/jsonout.h"
#include "proto/netrc.h"

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

/* The secret an answer carries: a service account's minted token, never its client secret. */
static const char *answered_secret(const struct credential *c)
{
	return c->type == JIRA_SERVICE ? c->token : c->password;
}

static int render_git(const struct credential *c, const struct credential *req,
                      const struct facts *facts, const char *auth, GString *out)
{
	/* git 2.46: a Bearer token goes as authtype/credential to a caller that can send it. */
	int bearer = jira_type_bearer(c->type) && cred_has_capability(req, "authtype");
	int service = c->type == JIRA_SERVICE; /* never a password: its secret is the client's */
	int bad = 0;

	bad |= cred_write_kv(out, "protocol", c->protocol);
	bad |= cred_write_kv(out, "host", c->host);
	bad |= cred_write_kv(out, "path", c->path);
	if (!bearer || (c->username && *c->username))
		bad |= cred_write_kv(out, "username", c->username ? c->username : "");
	if (!bearer && !service)
		bad |= cred_write_kv(out, "password", c->password);
	bad |= cred_write_kv(out, "password_expiry_utc",
	                     service ? c->token_expiry_utc : c->password_expiry_utc);
	bad |= cred_write_kv(out, "oauth_refresh_token", c->oauth_refresh_token);
	bad |= cred_write_kv(out, "type", jira_type_name(c->type));
	bad |= cred_write_kv(out, "authorization", auth);
	bad |= cred_write_kv(out, "api_base", c->api_base);
	if (facts) {
		bad |= cred_write_kv(out, "display_name", facts->display_name);
		bad |= cred_write_kv(out, "account_id", facts->account_id);
	}
	if (cred_has_capability(req, "authtype")) {
		char *cred = auth_credential(c->type, c->username, answered_secret(c));

		bad |= cred_write_kv(out, "capability[]", "authtype");
		bad |= cred_write_kv(out, "authtype", auth_scheme(c->type));
		bad |= cred_write_kv(out, "credential", cred);
		secret_free(cred);
	}
	/* a minted token lasts an hour: git is not to store it (git 2.46's ephemeral) */
	if (service)
		bad |= cred_write_kv(out, "ephemeral", "1");
	return bad;
}

/* The inside of a curl config string: \ and " escaped. */
static void curl_escape(GString *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *s);
	}
}

/*
 * A file for curl's cert option, in a config string: curl reads a ':' in
 * it as the start of a passphrase and '\' as its escape, so those two are
 * escaped for that parser first, then for the config string.
 */
static void curl_cert_escape(GString *out, const char *s)
{
	for (; *s; s++) {
		if (*s == ':' || *s == '\\')
			g_string_append(out, "\\\\"); /* an escaped '\' in the string */
		if (*s == '"' || *s == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *s);
	}
}

/* The client certificate for curl -K: its files, never their contents. */
static void render_curl_cert(const struct credential *c, GString *out)
{
	if (c->client_cert) {
		g_string_append(out, "cert = \"");
		curl_cert_escape(out, c->client_cert);
		g_string_append(out, "\"\n");
	}
	if (c->client_key) {
		g_string_append(out, "key = \"");
		curl_escape(out, c->client_key);
		g_string_append(out, "\"\n");
	}
}

static int render_netrc(const struct credential *c, GString *out, char **err)
{
	char *host;

	if (jira_type_bearer(c->type)) {
		*err = g_strdup_printf("%s needs a Bearer header, which netrc cannot express; use "
		                       "--format=header or --format=curl",
		                       c->type == JIRA_PAT ? "a personal access token"
		                                           : "a service account's token");
		return -1;
	}
	host = host_without_port(c->host);
	if (host[0] == '[') { /* netrc names the bare IPv6 address */
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	g_string_append(out, "machine ");
	g_string_append(out, host);
	g_string_append(out, " login ");
	netrc_write_token(out, c->username ? c->username : "");
	g_string_append(out, " password ");
	netrc_write_token(out, c->password);
	g_string_append_c(out, '\n');
	g_free(host);
	return 0;
}

static void shell_quote(GString *out, const char *s)
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
	g_string_append(out, name);
	g_string_append_c(out, '=');
	shell_quote(out, value ? value : "");
	g_string_append_c(out, '\n');
}

/*
 * What the Jira clients read (jira-credential(1), "The variables"): the
 * site, or the gateway; the user, for Basic only (@pchuri/jira-cli and
 * mcp-atlassian take Basic when they see one); the token; a Bearer token
 * again under mcp-atlassian's name; and the client certificate's files,
 * as mcp-atlassian reads them.
 */
const char *const env_names[ENV_VARS] = {
    "JIRA_BASE_URL",   "JIRA_URL",       "JIRA_SERVER",         "JIRA_HOST",
    "JIRA_USER_EMAIL", "JIRA_USERNAME",  "JIRA_EMAIL",          "JIRA_LOGIN",
    "JIRA_API_TOKEN",  "JIRA_AUTH_TYPE", "JIRA_PERSONAL_TOKEN", "JIRA_CLIENT_CERT",
    "JIRA_CLIENT_KEY",
};

void env_values(const struct credential *c, char *values[ENV_VARS])
{
	int bearer = jira_type_bearer(c->type);
	char *base =
	    c->api_base ? g_strdup(c->api_base) : domain_format(c->protocol, c->host, c->path);

	for (int i = 0; i < 4; i++)
		values[i] = g_strdup(base);
	for (int i = 4; i < 8; i++)
		values[i] = bearer ? NULL : g_strdup(c->username ? c->username : "");
	values[8] = g_strdup(answered_secret(c));
	values[9] = g_strdup(bearer ? "bearer" : "basic");
	values[10] = bearer ? g_strdup(answered_secret(c)) : NULL;
	values[11] = g_strdup(c->client_cert);
	values[12] = g_strdup(c->client_key);
	g_free(base);
}

/* Assignments, then the export of those set and the unset of the others. */
static void render_env(const struct credential *c, GString *out)
{
	char *values[ENV_VARS];
	int unset = 0;

	env_values(c, values);
	for (int i = 0; i < ENV_VARS; i++)
		if (values[i])
			env_line(out, env_names[i], values[i]);
	g_string_append(out, "export");
	for (int i = 0; i < ENV_VARS; i++)
		if (values[i]) {
			g_string_append_c(out, ' ');
			g_string_append(out, env_names[i]);
		}
	for (int i = 0; i < ENV_VARS; i++)
		if (!values[i]) {
			g_string_append(out, unset++ ? " " : "\nunset ");
			g_string_append(out, env_names[i]);
		}
	g_string_append_c(out, '\n');
	for (int i = 0; i < ENV_VARS; i++)
		secret_free(values[i]);
}

static void json_member(GString *out, int *first, const char *name, const char *value)
{
	if (value)
		json_write_member(out, first, name, value);
}

static void render_json(const struct credential *c, const struct facts *facts, const char *auth,
                        GString *out)
{
	char *domain = domain_format(c->protocol, c->host, c->path);
	int first = 1;

	g_string_append_c(out, '{');
	json_member(out, &first, "domain", domain);
	json_member(out, &first, "protocol", c->protocol);
	json_member(out, &first, "host", c->host);
	json_member(out, &first, "path", c->path);
	json_member(out, &first, "username", c->username ? c->username : "");
	json_member(out, &first, "type", jira_type_name(c->type));
	json_member(out, &first, "authorization", auth);
	if (c->type == JIRA_SERVICE) { /* the minted token, never the client secret */
		json_member(out, &first, "credential", c->token);
		json_member(out, &first, "password_expiry_utc", c->token_expiry_utc);
	} else {
		json_member(out, &first, "password", c->password);
		json_member(out, &first, "password_expiry_utc", c->password_expiry_utc);
	}
	json_member(out, &first, "api_base", c->api_base);
	json_member(out, &first, "pat_id", c->pat_id);
	json_member(out, &first, "client_cert", c->client_cert);
	json_member(out, &first, "client_key", c->client_key);
	if (facts) {
		json_member(out, &first, "display_name", facts->display_name);
		json_member(out, &first, "account_id", facts->account_id);
	}
	g_string_append(out, "}\n");
	g_free(domain);
}

int output_render(const struct credential *c, const struct credential *req,
                  const struct facts *facts, enum format f, GString *out, char **err)
{
	char *auth = auth_header_of(c);
	int rc = 0;

	if (!one_line(auth) || !one_line(c->username) || !one_line(answered_secret(c)) ||
	    !one_line(c->client_cert) || !one_line(c->client_key)) {
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
		g_string_append(out, "Authorization: ");
		g_string_append(out, auth);
		g_string_append_c(out, '\n');
		break;
	case FMT_CURL:
		g_string_append(out, "header = \"Authorization: ");
		curl_escape(out, auth);
		g_string_append(out, "\"\n");
		render_curl_cert(c, out);
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
