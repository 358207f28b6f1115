/*
 * vsettings.h: the options that validation reads, as the command line
 * gave them (jira-credential(1), OPTIONS); the actions fill them in.
 */
#ifndef JC_VSETTINGS_H
#define JC_VSETTINGS_H

struct vsettings {
	const char *cacert; /* --cacert=FILE; NULL when not given */
	int timeout;        /* --timeout, seconds, for each request */
	int wait;           /* --wait, seconds; -1: the action's default */
	int cache_ttl;      /* --cache-ttl, seconds; 0: no validation cache */
	int allow_http;     /* --allow-http */
	int verbose;        /* --verbose */
};

#endif
