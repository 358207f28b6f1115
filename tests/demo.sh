#!/bin/bash
# demo.sh: the main job end to end, on a private bus and keyring and a
# local fake Jira over TLS (a CA made here by openssl).  Run by `make demo`.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${JC_DEMO_IN_SESSION:-}" ]; then
	export JC_TEST_ROOT=$(mktemp -d /tmp/jc-demo.XXXXXX)
	trap 'rm -rf "$JC_TEST_ROOT"' EXIT
	make -s -C "$top" install PREFIX="$JC_TEST_ROOT/prefix" >/dev/null
	export JC_DEMO_IN_SESSION=1 JC_TOP="$top" PATH="$JC_TEST_ROOT/prefix/bin:$PATH"
	. "$top/tests/private-session.sh"
	private_session "$JC_TEST_ROOT/home" bash "$0"
	exit
fi
. "$JC_TOP/tests/integration/lib.sh"
trap 'stop_fakes; keyring_stop' EXIT
# Bold headings on a terminal only: a log or a pipe gets no escape codes.
if [ -t 1 ]; then bold=$(printf '\033[1m') plain=$(printf '\033[0m'); else bold= plain=; fi
# One stream, in the order things happen: the helper's messages on stderr
# would otherwise reach the terminal after the lines printed since (the
# session filters stderr through a pipe of its own).
exec 2>&1
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
show() { printf '$ %s\n' "$*"; }

say "A private Secret Service (gnome-keyring) on a private D-Bus session"
keyring_start
echo "keyring up: $(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	org.freedesktop.DBus.GetNameOwner string:org.freedesktop.secrets | sed -n 's/.*string "\(.*\)"/\1/p')"

say "A fake Jira Server on https://localhost (context path /jira), its CA made by openssl"
fake_start jira '{"deployment": "server", "context_path": "/jira", "users": [
	{"user": "alice", "secret": "demo-password", "display_name": "Alice Liddell", "email": "alice@example.com"}]}' tls
BASE="https://localhost:${FAKE_PORT[jira]}/jira"
echo "Jira at $BASE"

say "Store a credential (the secret comes on stdin, never on the command line), validating it first"
show "printf 'username=alice\\\\npassword=...\\\\n' | jira-credential --cacert=ca.crt --validate store $BASE"
printf 'username=alice\npassword=demo-password\n' | jira-credential --cacert="$TLS/ca.crt" --validate store "$BASE"
echo "stored (exit $?)"

say "What the keyring holds (no secret in the listing)"
show "jira-credential list"
jira-credential list

say "git asks for it the way git asks any credential helper"
show "printf 'protocol=https\\\\nhost=localhost:${FAKE_PORT[jira]}\\\\npath=jira\\\\n' | jira-credential get"
printf 'protocol=https\nhost=localhost:%s\npath=jira\n' "${FAKE_PORT[jira]}" | jira-credential get |
	sed -e "s/^password=.*/password=(secret)/" -e "s/^authorization=Basic .*/authorization=Basic (base64 of alice:secret)/"

say "Validate and get it back as a ready Authorization header"
show "jira-credential --cacert=ca.crt --validate --format=header get $BASE"
jira-credential --cacert="$TLS/ca.crt" --validate --format=header get "$BASE" | sed 's/ [^ ]*$/ (base64 of alice:secret)/'

say "curl calls Jira with it: the header goes through a pipe, never argv"
show "jira-credential --format=header get $BASE | curl -sS --cacert ca.crt -H @- $BASE/rest/api/2/myself"
jira-credential --format=header get "$BASE" |
	curl -sS --cacert "$TLS/ca.crt" -H @- "$BASE/rest/api/2/myself"
echo

say "A wrong password is caught before it is saved (exit 4, nothing stored)"
set +e
printf 'username=alice\npassword=wrong\n' | jira-credential --cacert="$TLS/ca.crt" --validate --wait=0 store "$BASE"
echo "exit $?"
set -e
show "jira-credential --format=header get $BASE | curl ... (still the good one)"
jira-credential --format=header get "$BASE" |
	curl -sS -o /dev/null -w 'HTTP %{http_code}\n' --cacert "$TLS/ca.crt" -H @- "$BASE/rest/api/2/myself"

say "Requests the fake Jira received: $(fake_count jira .)"
echo "demo done."
