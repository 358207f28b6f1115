# t-doctor.sh: doctor for people: the store used and why, what the others
# lack, each credential's type, user, expiry and days left, api_base, and
# with --validate what Jira says.  Never a secret; exit codes as design.md.

reset_keyring
G="$HOME/gnupg"
gpg_home "$G"
trap gpg_stop_all EXIT
export GNUPGHOME="$G" PASSWORD_STORE_DIR="$HOME/store"
unset GPG_TTY DISPLAY JIRA_CREDENTIAL_STORE JIRA_BASE_URL JIRA_API_TOKEN
key=$(gpg_key "$G" doc)
pass init "$key" >/dev/null
fake_start srv '{"deployment": "server", "users": [
	{"user": "alice", "secret": "doc-secret-1", "display_name": "Alice Doctor"}]}' tls
base="https://127.0.0.1:${FAKE_PORT[srv]}"
exp=$(date -u -d '+40 days' +%Y-%m-%d)

run "domain=$base\nusername=alice\npassword=doc-secret-1\n" no_bus $JC --expires="$exp" store
expect_rc "store in the password store (no bus)" 0
run "domain=https://other.example\nusername=bob\npassword=doc-secret-2\n" no_bus $JC store

run '' no_bus $JC doctor
expect_rc "doctor with a usable store: exit 0" 0
expect_contains "which store and why" "$OUT" "store: pass (automatic: no session bus"
expect_contains "what the Secret Service lacks" "$OUT" "secretservice not usable: no session bus"
expect_contains "the keys of .gpg-id" "$OUT" "1 usable, 1 with a secret key here"
expect_contains "no pinentry for this terminal" "$OUT" "no pinentry for this terminal"
expect_contains "the env store is not set" "$OUT" "JIRA_BASE_URL is unset"
expect_contains "each credential: user" "$OUT" "user:     alice"
expect_contains "each credential: type" "$OUT" "type:     server"
expect_contains "each credential: expiry and days left" "$OUT" "expires:  $exp (40 days left)"
expect_contains "the other credential too" "$OUT" "https://other.example"
expect_absent "never a secret" "$OUT$ERR" "doc-secret"

run '' no_bus $JC doctor other.example
expect_rc "doctor DOMAIN" 0
expect_absent "doctor DOMAIN shows only that one" "$OUT" "user:     alice"
expect_contains "doctor DOMAIN: expiry not recorded" "$OUT" "not recorded"
run '' no_bus $JC doctor none.example
expect_rc "doctor DOMAIN with nothing stored: exit 1" 1

run '' no_bus $JC --validate --cacert "$TLS/ca.crt" doctor "$base"
expect_rc "doctor --validate, accepted: exit 0" 0
expect_contains "what Jira says" "$OUT" "accepted, as Alice Doctor"
expect_absent "never a secret, validated" "$OUT$ERR" "doc-secret"
run "domain=$base\nusername=alice\npassword=wrong-one\n" no_bus $JC store
run '' no_bus $JC --validate --cacert "$TLS/ca.crt" doctor "$base"
expect_rc "doctor --validate, rejected: exit 4" 4
expect_absent "never a secret, rejected" "$OUT$ERR" "wrong-one"

# With the session's keyring: the Secret Service is used, the password store described.
run '' $JC doctor
expect_rc "doctor on a desktop-like session" 0
expect_contains "the Secret Service is used" "$OUT" "store: secretservice"
expect_contains "the password store is described" "$OUT" "pass          usable"

# Nothing usable: exit 3, and every store says what it lacks.
run '' no_bus env PASSWORD_STORE_DIR="$HOME/none" $JC doctor
expect_rc "doctor with nothing usable: exit 3" 3
expect_contains "says none is usable" "$OUT" "store: none usable"
expect_contains "the password store's lack" "$OUT" "no password store at $HOME/none"
expect_contains "how to set one up" "$ERR" "pass init KEYID"

# Control characters from the environment are escaped before the terminal.
run '' env JIRA_BASE_URL=https://ci.example JIRA_USER_EMAIL="$(printf 'x\033]0;evil\007')" \
	JIRA_API_TOKEN=t $JC --store=env doctor
expect_contains "escaped control characters" "$OUT" 'x\x1b]0;evil\x07'
gpg_stop_all
