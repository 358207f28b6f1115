/*
 * store_pass_gpgid.h: the keys the password store encrypts to, as pass
 * picks them: PASSWORD_STORE_KEY, else the nearest .gpg-id at or above
 * an entry's directory, which must carry a good signature (.gpg-id.sig)
 * by a key of PASSWORD_STORE_SIGNING_KEY when that is set.
 */
#ifndef JC_STORE_PASS_GPGID_H
#define JC_STORE_PASS_GPGID_H

#include <glib.h>

#define GPG_ID_MAX 65536 /* bytes of a .gpg-id */

/*
 * The nearest .gpg-id at or above dir (relative to root), as pass finds
 * it, with its .gpg-id.sig in *sig (NULL when there is none) and its path
 * in the store in *where; NULL when there is none (*err NULL) or it cannot
 * be read (*err).
 */
GString *pf_nearest_gpg_id(int root, const char *dir, GString **sig, char **where, char **err);

/*
 * The keys an entry in dir is encrypted to, as pass picks them; NULL with
 * *err.  *where names where they came from, for doctor.
 */
char **pass_recipients(int root, const char *dir, char **where, char **err);

#endif
