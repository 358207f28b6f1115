/*
 * cert_check.c: op=cert-check of jira-credential-validate, for doctor:
 * the client certificate's expiry and subject, and whether its key
 * belongs to it and opens without a passphrase (which curl is never
 * given).  OpenSSL is the validator's already (libcurl's TLS); the
 * helper itself links neither, so a get never loads it.  The key's text
 * is read into a buffer cleared after use.
 */
#define _DEFAULT_SOURCE /* explicit_bzero, timegm */
#include "validate/clientcert.h"
#include "request.h"
#include "proto/exitcode.h"
#include "operations.h"
#include "proto/cred.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <string.h>
#include <time.h>

#define PEM_MAX (256 * 1024) /* bytes of a certificate or key file read at most */

/* The file's text in a buffer of its final size; NULL with *msg. */
static char *slurp(const char *path, gsize *len, char **msg)
{
	GError *gerr = NULL;
	char *text = NULL;

	if (!g_file_get_contents(path, &text, len, &gerr)) {
		*msg = g_strdup_printf("cannot read %s: %s", path, gerr->message);
		g_error_free(gerr);
		return NULL;
	}
	if (*len > PEM_MAX) {
		explicit_bzero(text, *len);
		g_free(text);
		*msg = g_strdup_printf("%s is larger than %d bytes: not a PEM file", path, PEM_MAX);
		return NULL;
	}
	return text;
}

/* No passphrase is ever given: a key that needs one fails here, as it would in curl. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf, (void)size, (void)rwflag, (void)u;
	return -1;
}

static void *pem_key(BIO *bio)
{
	return PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
}

static void *pem_cert(BIO *bio)
{
	return PEM_read_bio_X509(bio, NULL, no_passphrase, NULL);
}

/*
 * What parse finds in the file at path (a certificate or a key), read into
 * a buffer that is cleared after use: the file may hold a key.  *locked is
 * set when the file holds an encrypted PEM block.  NULL with *msg when the
 * file cannot be read; NULL alone when parse found nothing.
 */
static void *read_pem(const char *path, void *(*parse)(BIO *), int *locked, char **msg)
{
	gsize len = 0;
	char *text = slurp(path, &len, msg);
	BIO *bio;
	void *obj = NULL;

	if (!text)
		return NULL;
	if ((bio = BIO_new_mem_buf(text, (int)len))) {
		obj = parse(bio);
		BIO_free(bio);
	}
	*locked = strstr(text, "ENCRYPTED") != NULL;
	explicit_bzero(text, len);
	g_free(text);
	return obj;
}

static EVP_PKEY *read_key(const char *path, char **msg)
{
	int locked = 0;
	EVP_PKEY *key = read_pem(path, pem_key, &locked, msg);

	if (!key && !*msg)
		*msg = g_strdup_printf(
		    "the client key %s %s", path,
		    locked ? "needs a passphrase, which jira-credential never gives: store a key "
		             "without one (openssl pkey -in KEY -out NEW)"
		           : "holds no PEM private key");
	return key;
}

static X509 *read_cert(const char *path, char **msg)
{
	int locked = 0;
	X509 *x = read_pem(path, pem_cert, &locked, msg);

	if (!x && !*msg)
		*msg = g_strdup_printf("the client certificate %s holds no PEM certificate", path);
	return x;
}

/* not_after (seconds since the epoch) and subject of the certificate, as facts. */
static void facts_of(X509 *x, GString *out)
{
	struct tm tm;
	char num[24], *subject;

	if (ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) == 1) {
		g_snprintf(num, sizeof(num), "%lld", (long long)timegm(&tm));
		cred_write_kv(out, "not_after", num);
	}
	subject = X509_NAME_oneline(X509_get_subject_name(x), NULL, 0);
	if (subject && g_utf8_validate(subject, -1, NULL))
		cred_write_kv(out, "subject", subject);
	OPENSSL_free(subject);
}

int cert_check(GString *out, char **msg)
{
	X509 *x;
	EVP_PKEY *key;
	int rc = EXIT_USAGE;

	if (!rq.client_cert) {
		*msg = g_strdup("bad request to the validator: client_cert needed");
		return EXIT_USAGE;
	}
	if (clientcert_check(rq.client_cert, rq.client_key, msg) ||
	    !(x = read_cert(rq.client_cert, msg)))
		return EXIT_USAGE;
	facts_of(x, out);
	if ((key = read_key(rq.client_key ? rq.client_key : rq.client_cert, msg))) {
		if (X509_check_private_key(x, key) == 1)
			rc = EXIT_OK;
		else
			*msg = g_strdup_printf(
			    "the client key %s does not belong to the certificate %s",
			    rq.client_key ? rq.client_key : rq.client_cert, rq.client_cert);
		EVP_PKEY_free(key);
	}
	X509_free(x);
	return rc;
}
