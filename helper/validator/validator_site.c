/*
 * validator_site.c: which Jira answers at a domain (the Jira base URL), asked without the
 * credential: a Jira Cloud site answers {site}/_edge/tenant_info with its
 * cloud id (also on its own custom domain) and serverInfo's
 * deploymentType with "Cloud"; Atlassian's gateway for a cloud id.  No
 * question here carries a secret, so none counts toward a Server's
 * CAPTCHA lock-out.
 */
#include "http.h"
#include "request.h"
#include "proto/exitcode.h"
#include "proto/reply.h"
#include "validator_site.h"
#include "proto/domain.h"

#include <string.h>

#define DEFAULT_GATEWAY "https://api.atlassian.com"

char *site_origin(void)
{
	struct origin o = {0};
	char *err = NULL, *s;

	if (domain_parse(rq.domain, &o, &err, NULL)) {
		g_free(err);
		return g_strdup(rq.domain);
	}
	s = domain_format(o.protocol, o.host, NULL);
	origin_clear(&o);
	return s;
}

int site_cloud_id(CURL *c, char **id, char **msg)
{
	char *site = site_origin(), *url = g_strconcat(site, "/_edge/tenant_info", NULL);
	struct exchange x;
	int rc = 1;

	*id = NULL;
	http_get(c, url, 0, &x);
	if (x.cc != CURLE_OK) {
		char *who = g_strconcat("the site ", site, NULL);

		rc = transport_error(&x, who, msg);
		g_free(who);
	} else if (x.status == 200 && (*id = reply_cloud_id(x.body->str, x.body->len))) {
		rc = 0;
	} else if (x.status == 429 || x.status >= 500) {
		/* busy or broken is not "not Cloud": nothing is decided on it */
		*msg =
		    g_strdup_printf("the site %s answered HTTP %ld when asked whether it is Jira "
		                    "Cloud (%s); try again later",
		                    site, x.status, url);
		rc = EXIT_NETWORK;
	}
	exchange_clear(&x);
	g_free(url);
	g_free(site);
	return rc;
}

char *gateway_base(const char *id)
{
	const char *gw = g_getenv("JIRA_CREDENTIAL_GATEWAY");
	char *base = g_strdup(gw && *gw ? gw : DEFAULT_GATEWAY);
	char *full;

	while (*base && base[strlen(base) - 1] == '/')
		base[strlen(base) - 1] = '\0';
	full = g_strconcat(base, "/ex/jira/", id, NULL);
	g_free(base);
	return full;
}

int site_says_cloud(CURL *c)
{
	char *url = g_strconcat(rq.domain, "/rest/api/2/serverInfo", NULL);
	struct exchange x;
	int cloud;

	http_get(c, url, 0, &x);
	cloud = x.cc == CURLE_OK && x.status == 200 && reply_says_cloud(x.body->str, x.body->len);
	exchange_clear(&x);
	g_free(url);
	return cloud;
}
