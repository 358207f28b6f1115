/*
 * cabundle.h: the CA certificates that validation trusts, as curl's and
 * git's users have already set them: --cacert, else curl's variables,
 * else git's, else libcurl's own default (the system's).  No libcurl
 * here: the validator hands the answer to it.
 */
#ifndef JC_CABUNDLE_H
#define JC_CABUNDLE_H

struct ca_bundle {
	const char *file, *file_from; /* CURLOPT_CAINFO, and the option or variable naming it */
	const char *dir, *dir_from;   /* CURLOPT_CAPATH, likewise; NULL when none */
};

/*
 * Fills ca from cacert (--cacert; NULL when not given) and the
 * environment, in this order, the first that is set (an empty variable is
 * unset) deciding alone:
 *   --cacert;
 *   CURL_CA_BUNDLE (curl's tool: then it reads no other variable);
 *   SSL_CERT_FILE and SSL_CERT_DIR, either or both (curl's tool next, and
 *   OpenSSL's own names);
 *   GIT_SSL_CAINFO and GIT_SSL_CAPATH, either or both (git's).
 * Returns 0, or -1 with a one-line *msg when what was named is not
 * a readable file (or directory, for a path).
 */
int ca_bundle_choose(const char *cacert, struct ca_bundle *ca, char **msg);

#endif
