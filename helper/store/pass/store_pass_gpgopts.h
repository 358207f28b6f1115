/*
 * store_pass_gpgopts.h: what PASSWORD_STORE_GPG_OPTS asks of gpg, as
 * GPGME can give it (jira-credential(1), ENVIRONMENT).
 */
#ifndef JC_STORE_PASS_GPGOPTS_H
#define JC_STORE_PASS_GPGOPTS_H

/* What PASSWORD_STORE_GPG_OPTS asks of gpg, as GPGME can give it. */
struct gpg_opts {
	char *homedir, *trust_model;
	int throw_keyids;
	int pinentry; /* a gpgme_pinentry_mode_t, or -1: as this program decides */
};

/*
 * PASSWORD_STORE_GPG_OPTS, the options pass gives every gpg it runs:
 * those GPGME can give gpg are honoured, those that change nothing here
 * are ignored, and any other is refused rather than silently dropped
 * (it may matter: a keyring, an algorithm).  0, or -1 with *err (then
 * nothing is left to clear).
 */
int gpg_opts_read(struct gpg_opts *o, char **err);

/* Frees what o holds. */
void gpg_opts_clear(struct gpg_opts *o);

#endif
