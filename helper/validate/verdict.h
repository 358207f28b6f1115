/*
 * verdict.h: what validation's functions answer, below the actions; the
 * actions make each one their exit code (jira-credential(1), EXIT STATUS).
 */
#ifndef JC_VERDICT_H
#define JC_VERDICT_H

enum verdict {
	VERDICT_OK,        /* valid; or minted, made, revoked */
	VERDICT_REFUSED,   /* not asked: plain http, a file it cannot use, a bad request */
	VERDICT_REJECTED,  /* Jira, or the token endpoint, said no */
	VERDICT_UNREACHED, /* no answer: network, TLS, a server error, the validator failed */
};

#endif
