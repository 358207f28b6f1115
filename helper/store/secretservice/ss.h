/*
 * ss.h: what the files of the Secret Service store share, and nothing
 * outside them includes.  From the bottom up: error wording (ss_error.c),
 * raw D-Bus calls on libsecret's own connection (ss_bus.c), the watchdog
 * (ss_watch.c), which keyring answers (ss_keyring.c), libsecret's session
 * (ss_session.c), the search that never lets a locked keyring look empty
 * (ss_search.c), the get (ss_get.c), the save (ss_save.c) and the probe
 * (ss_probe.c).  The store's table is in store_secretservice.c.
 */
#ifndef JC_SS_H
#define JC_SS_H

#include "store/store.h"

/*
 * libsecret, through the table ss_lib.c fills with dlopen().  The D-Bus
 * path calls (search, unlock, create and delete by path) are in its
 * "unstable" header, unchanged since libsecret 0.7: they tell locked
 * items apart from missing ones and need no proxy per object.
 */
#include "ss_lib.h"

#define ITEM_IFACE       "org.freedesktop.Secret.Item"
#define SS_SERVICE_IFACE "org.freedesktop.Secret.Service"
#define SS_SERVICE_PATH  "/org/freedesktop/secrets"

extern const SecretSchema ss_schema;

/* Arms (on) or disarms the watchdog that ends a keyring call after STORE_SECONDS. */
void ss_watchdog(int on);

/*
 * The cancellable to give a call that may open a prompt (unlock, create,
 * delete): it is cancelled shortly before the alarm, so that libsecret
 * dismisses the prompt instead of leaving a dialog behind.
 */
GCancellable *ss_prompt_guard(void);

/*
 * Tells the watchdog that the store is done (the new item is in place):
 * from then on a keyring that stops answering (a confirmation dialog
 * nobody answers while older copies are removed) ends the program with
 * exit 0 and a note that an older copy may remain, never with "nothing
 * was stored".
 */
void ss_watchdog_saved(void);

/*
 * The program that answers as the Secret Service on the bus, as a person
 * knows it ("KeePassXC", "KWallet", "gnome-keyring"), or NULL.
 */
const char *ss_keyring_name(SecretService *s);

/* "the keyring is locked..." with what unlocks the keyring that answers on bus. */
char *ss_locked_error(GDBusConnection *bus);

/*
 * Takes the lock under which our processes remove items (one at a time:
 * KeePassXC 2.7.4 crashes on two deletes of one item at once); returns
 * what ss_removal_unlock needs, -1 when the lock cannot be had (removals
 * then go unlocked).
 */
int ss_removal_lock(void);
void ss_removal_unlock(int fd);

/* Whether a failed call on an item means it was gone already (another call removed it). */
int ss_already_gone(const GError *e);

/* The one-line "keyring unavailable" error for what; frees gerr. */
char *ss_error(const char *what, GError *gerr);

struct ss_call; /* below: D-Bus calls sent together */

/* The shared SecretService, libsecret loaded for it (ss_session.c); NULL with *err. */
SecretService *ss_service(char **err);

/*
 * Whether s has the encrypted session, opened now if it has none: 0, or
 * -1 with *err.  libsecret falls back to "plain" when the keyring refuses
 * it; nothing secret is sent or read over such a session.
 */
int ss_session_encrypted(SecretService *s, char **err);

/* A new SecretService with an encrypted session of its own, or NULL (after ss_service). */
SecretService *ss_service_fresh(void);

/* The service's bus name, as libsecret finds it (SECRET_SERVICE_BUS_NAME moves it). */
const char *ss_bus_name(void);

/* The session bus, the connection libsecret shares; NULL with *err. */
GDBusConnection *ss_bus(char **err);

/* The connection of s. */
GDBusConnection *ss_conn(SecretService *s);

GHashTable *ss_attrs_new(void);

/* Attributes that make a credential's identity: origin, path, user. */
GHashTable *ss_key_attrs(const struct credential *c);

/* Every attribute of c's item: its identity, then its non-secret facts. */
GHashTable *ss_item_attrs(const struct credential *c, gint64 stored_us);

/* The secret (see proto/item.h) that an item for c holds. */
SecretValue *ss_value_of(const struct credential *c);

/* The label of c's item. */
char *ss_label(const struct credential *c);

/*
 * Several method calls to the Secret Service sent at once and waited for
 * together: one round trip's latency for all of them.  Fill path, iface,
 * method, params (a floating GVariant) and type; ss_calls_wait fills
 * reply or err, ss_calls_clear frees them and params.  Only calls that
 * change nothing go this way: one that gnome-keyring refused as coming
 * from a client it did not know yet is sent once more (ss_bus.c).
 */
struct ss_call {
	const char *path, *iface, *method;
	GVariant *params;
	const GVariantType *type;
	GVariant *reply;
	GError *err;
};

/*
 * Whether c met gnome-keyring's answer to a call from a client it has not
 * registered yet: "Method ... is not implemented" (UnknownMethod).
 * gnome-keyring 42 registers a client from an idle its message filter
 * schedules, and GLib now and then dispatches the call before that idle
 * (docs/backends.md).  Such a call, one that changes nothing, is sent
 * once more; the keyring knows the client by then.
 */
int ss_refused_as_new(const struct ss_call *c);

struct ss_batch;
struct ss_batch *ss_calls_send(GDBusConnection *bus, struct ss_call *calls, int n);
void ss_calls_wait(struct ss_batch *b);
void ss_calls_clear(struct ss_call *calls, int n);

/*
 * An item as a stored credential, from its attributes (a{ss}) and
 * creation time: its store time is the "stored" attribute (microseconds),
 * else the creation time, which some keyrings keep in whole seconds.
 */
struct stored *ss_stored_from(const char *path, GVariant *attrs, guint64 created);

/* Whether e has c's identity: protocol, host, path and user, compared here. */
int ss_same_identity(const struct stored *e, const struct credential *c);

/*
 * A Properties.Get of the Attributes of the item at path, for
 * ss_calls_send.  Not GetAll: gnome-keyring finds the item once per
 * property, and that search grows with the keyring (with 1,000 items
 * GetAll takes 2.7 ms, Get 1.0 ms).
 */
struct ss_call ss_item_attrs_call(const char *path);

/*
 * The stored credential its answer describes, or NULL (gone, unreadable).
 * Without a "stored" attribute its store time is 0 until ss_created_fill.
 */
struct stored *ss_stored_of(const struct ss_call *c);

/*
 * The store time of each of the n entries that carry no "stored"
 * attribute (an item of another program): its creation time, asked
 * together.  Only ranking several items needs it.
 */
void ss_created_fill(GDBusConnection *bus, struct stored **es, guint n);

/* The paths of the service's collections, asked. */
gchar **ss_collections(SecretService *s);

/*
 * SearchItems for our schema's items with attrs, and ReadAlias of alias,
 * for ss_calls_send.
 */
struct ss_call ss_search_call(GHashTable *attrs);
struct ss_call ss_alias_call(const char *alias);

/*
 * A Properties.Get call of org.freedesktop.Secret.Collection's Locked on
 * path, for ss_calls_send; ss_locked_of reads its answer (an unreadable
 * answer counts as locked).
 */
struct ss_call ss_locked_call(const char *path);
int ss_locked_of(const struct ss_call *c);

/* The locked ones among the collections cols, asked together (one round trip). */
gchar **ss_locked_collections(GDBusConnection *bus, gchar **cols);

/* How ss_search treats locked items and collections. */
enum {
	SS_UNLOCK = 1,     /* unlock locked matches (may prompt); fail if one stays locked */
	SS_TRUST_NONE = 2, /* nothing matched: unlock locked collections, search again */
};

/*
 * The paths of the items that match attrs (xdg:schema added), into *out:
 * one round trip (SearchItems, and with SS_TRUST_NONE the collections'
 * paths beside it) when something matched, a second (each collection's
 * Locked) with SS_TRUST_NONE when nothing did.  libsecret is loaded only
 * to unlock.  Returns 0, or -1 with *err.
 */
int ss_search(GDBusConnection *bus, GHashTable *attrs, int flags, gchar ***out, char **err);

/*
 * ss_search for the items that can answer request q (its origin, and its
 * user when it names one), unlocking what must be: what a get and an
 * erase look for.
 */
int ss_find(GDBusConnection *bus, const struct credential *q, gchar ***paths, char **err);

/*
 * Opens the service's encrypted session (a Diffie-Hellman exchange, most
 * of a call's CPU on both ends) on a thread, beside other work; libsecret
 * guards the session itself.  Join it (ss_session_join) before a secret
 * travels.
 */
GThread *ss_session_start(SecretService *s);
void ss_session_join(GThread *t);

/*
 * Fresh sessions a secret that does not decrypt is asked on, one after
 * another: kwalletd5 5.103 now and then agrees on a key that is not the
 * client's (docs/backends.md).
 */
#define SS_SECRET_RETRIES 3

/*
 * The secret of the item at path, or NULL: with *gerr when the keyring
 * said why, without when the item is locked or its secret would not
 * decrypt on the shared session nor on fresh ones.
 */
SecretValue *ss_secret_at(SecretService *s, const char *path, GError **gerr);

/* The lookup operation of the store: a get, without libsecret (ss_get.c). */
int ss_lookup(const struct credential *q, struct credential *out, char **err);

/* The store's probe (ss_probe.c, see struct store). */
int ss_probe(int detailed, char **why);

/*
 * The store's present op: whether a session bus may exist, known without
 * a single call: an address in DBUS_SESSION_BUS_ADDRESS, or a socket at
 * $XDG_RUNTIME_DIR/bus.
 */
int session_bus_possible(void);

/* The save operation of the store (ss_save.c). */
int ss_save(struct credential *c, char **err);

/* c's origin, path, user and facts from an item's attributes (e). */
void ss_fill_from_entry(struct credential *c, const struct stored *e);

/* Takes an item's secret v into c (see proto/item.h); -1 for an empty one. */
int ss_take_secret(SecretValue *v, struct credential *c);

#endif
