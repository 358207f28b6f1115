/*
 * jc.h: the options of the command line, and the exit codes
 * (proto/exitcode.h) the actions end with.  The version is version.h's.
 */
#ifndef JC_JC_H
#define JC_JC_H

#include "sys/msg.h"
#include "proto/exitcode.h"
#include "proto/jtype.h"

enum format { FMT_GIT, FMT_HEADER, FMT_CURL, FMT_NETRC, FMT_ENV, FMT_JSON };

struct options {
	int validate;
	enum format format;
	int format_given;
	int wait;    /* seconds; -1: the action's default */
	int timeout; /* seconds */
	const char *cacert;
	int allow_http;
	int cache_ttl; /* seconds */
	int verbose;
	const char *expires; /* YYYY-MM-DD */
	enum jira_type type; /* --type=NAME; JIRA_TYPE_NONE when not given */
	const char *scope;   /* --scope=SCOPES, for a service account on Data Center */
	const char *store;   /* --store=NAME; NULL: chosen automatically */
	char **command;      /* exec: the command and its arguments, after "--" */
	const char *client_cert, *client_key; /* --client-cert, --client-key: files, as given */
	int create_pat; /* --create-pat[=DAYS]: the token's days; 0 when not given */
	int revoke;     /* --revoke: erase revokes a personal access token at Jira first */
};

#endif
