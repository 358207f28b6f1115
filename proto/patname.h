/*
 * patname.h: the name a personal access token made here gets at Jira, so
 * that a person who sees it on their profile's Personal Access Tokens
 * page knows what made it and where: "jira-credential on HOST".
 */
#ifndef JC_PATNAME_H
#define JC_PATNAME_H

/* Characters of the host name kept at most. */
#define PATNAME_HOST_MAX 64

/*
 * "jira-credential on HOST" for the host name host (NULL or empty: "this
 * computer"), each byte that is not a letter, digit, '.', '-' or '_'
 * written as '_', and at most PATNAME_HOST_MAX of them.  Newly allocated.
 */
char *pat_token_name(const char *host);

#endif
