/*
 * exitcode.h: the exit codes of both programs, one meaning each
 * (jira-credential(1), EXIT STATUS).  proto/ names them only where a
 * verdict is one (Jira's answers); below the actions everything else
 * returns 0 or -1.
 */
#ifndef JC_EXITCODE_H
#define JC_EXITCODE_H

enum {
	EXIT_OK = 0,
	EXIT_NOMATCH = 1,
	EXIT_USAGE = 2,
	EXIT_KEYRING = 3,
	EXIT_REJECTED = 4,
	EXIT_NETWORK = 5,
};

#endif
