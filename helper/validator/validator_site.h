/*
 * validator_site.h: which Jira answers at a domain, asked without the
 * credential (validator_site.c).
 */
#ifndef JC_VALIDATOR_SITE_H
#define JC_VALIDATOR_SITE_H

#include <curl/curl.h>

/* The origin of rq.domain: protocol://host[:port], no path. */
char *site_origin(void);

/*
 * {site}/_edge/tenant_info, asked without the credential: 0 with *id the
 * Cloud site's id, 1 when the site has none (not Jira Cloud), or an exit
 * code with *msg when it could not be asked (network, 429, 5xx).
 */
int site_cloud_id(CURL *c, char **id, char **msg);

/* The gateway's base for a cloud id: JIRA_CREDENTIAL_GATEWAY or Atlassian's, then /ex/jira/ID. */
char *gateway_base(const char *id);

/*
 * Whether {domain}/rest/api/2/serverInfo, asked without the credential,
 * says the deployment is Cloud: a Cloud site on its own domain.  Anything
 * else (Server, no answer) is not.
 */
int site_says_cloud(CURL *c);

#endif
