/*
 * store_pass_tty.h: whether gpg's pinentry can reach the person (a
 * display, or a terminal), and telling gpg which terminal is ours.  git
 * runs us with pipes for stdin and stdout, but the terminal it was
 * started from may still be ours: gpg finds it only through GPG_TTY.
 */
#ifndef JC_STORE_PASS_TTY_H
#define JC_STORE_PASS_TTY_H

/* Whether a pinentry can reach the person: a display, GPG_TTY, or a terminal of ours. */
int gpg_pinentry_reachable(void);

/*
 * Sets GPG_TTY to our terminal when neither a display nor GPG_TTY is
 * there, as pass's users set it by hand, so that the gpg that GPGME or
 * git runs can ask for a passphrase there.
 */
void gpg_tty_export(void);

#endif
