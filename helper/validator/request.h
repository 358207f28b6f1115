/*
 * request.h: the request jira-credential-validate reads on its stdin, one
 * block of key=value lines (docs/design.md, "The validator protocol"),
 * read by one table (request.c).  Every file of the program reads rq.
 */
#ifndef JC_VREQUEST_H
#define JC_VREQUEST_H

struct request {
	char *op;     /* validate (the default), mint, pat-create, pat-revoke, cert-check */
	char *domain; /* the Jira base URL, protocol://host[/path], as DOMAIN on the command line */
	char *type, *username, *api_base, *cacert, *authorization;
	char *client_secret, *scope;    /* mint */
	char *client_cert, *client_key; /* the files presented to every server, when set */
	char *pat_name, *pat_id;        /* pat-create's token name; pat-revoke's id */
	int wait, timeout, allow_http, verbose, pat_days;
	int guessed; /* the type was inferred: a server may be a Cloud site on its own domain */
	int stored;  /* the credential is a stored one that worked before, not a new one */
	int quiet;   /* a failure's message goes on stdout (message=), for the caller to tell */
};

extern struct request rq;

/*
 * Reads the request from stdin into rq (cleared on every way out: it holds
 * the secret).  Returns 0, or -1 with a one-line *msg when it is unreadable
 * or lacks what its op needs.
 */
int request_read(char **msg);

#endif
