/*
 * output.h: how get answers: git's key=value block, an Authorization
 * header line, a curl config line, a netrc line, shell assignments or JSON.
 */
#ifndef JC_OUTPUT_H
#define JC_OUTPUT_H

#include "jc.h"
#include "proto/cred.h"
#include "proto/facts.h"

/*
 * Appends the answer for credential c (secret included, type set) to out,
 * a buffer from secret_buf_new(), in format f; req is the request (for its
 * capabilities); facts may be NULL.  Returns 0, or -1 with a one-line
 * *err when the format cannot say this credential.
 */
int output_render(const struct credential *c, const struct credential *req,
                  const struct facts *facts, enum format f, GString *out, char **err);

/* The variables --format=env writes and exec sets or removes, in order. */
#define ENV_VARS 13
extern const char *const env_names[ENV_VARS];

/*
 * Their values for c, newly allocated, NULL for a variable that must not
 * be set at all (the user's four for a Bearer credential, the personal
 * token's for Basic): the base URL four times (the gateway's when known),
 * the user four times, the token, basic or bearer, the Bearer token again,
 * the client certificate's and key's files (NULL when the credential has
 * none).  Free each with secret_free.
 */
void env_values(const struct credential *c, char *values[ENV_VARS]);

/* Parses a --format value; returns -1 when unknown. */
int output_format_parse(const char *name, enum format *f);

#endif
