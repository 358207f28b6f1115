# t-choice.sh: the automatic choice of a store in each situation: a bus
# with a usable keyring; a locked keyring nobody can unlock here (never a
# reason to send work to the password store); a bus with no Secret
# Service; a Secret Service with no collection; no bus at all; and the
# error when nothing is usable.  --store= and JIRA_CREDENTIAL_STORE come
# first.

reset_keyring
G="$HOME/gnupg"
gpg_home "$G"
trap gpg_stop_all EXIT
export GNUPGHOME="$G" PASSWORD_STORE_DIR="$HOME/store"
unset GPG_TTY DISPLAY JIRA_CREDENTIAL_STORE
key=$(gpg_key "$G" chooser)
pass init "$key" >/dev/null

pass_count() { find "$PASSWORD_STORE_DIR/jira" -name '*.gpg' 2>/dev/null | wc -l; }

# A bus with a usable keyring: the Secret Service, even with a password store.
run 'domain=https://one.example\nusername=u1\npassword=p1\n' $JC store
expect_rc "store with a usable keyring" 0
expect_eq "it went to the keyring" 1 "$(count_items)"
expect_eq "not to the password store" 0 "$(pass_count)"
run '' $JC doctor
expect_contains "doctor says the Secret Service is used" "$OUT" "store: secretservice (automatic"

# A locked keyring, no display (as over SSH), and a password store beside
# it: a lock is not a missing keyring.  Nothing goes to the password store
# (a team's, encrypted to teammates); get, store and erase exit 3, saying
# to unlock it or to choose the password store.  gnome-keyring alone runs
# headless here: KeePassXC and KWallet have the test's display, where a
# locked keyring can ask to be unlocked and is usable (t-faults).
if [ "${JC_BACKEND:-gnome-keyring}" = gnome-keyring ]; then
	keyring_lock
	run 'domain=https://one.example\nusername=u1\npassword=p1-new\n' $JC store
	expect_rc "locked keyring: store exits 3" 3
	expect_one_line_error "locked keyring: store" p1-new
	expect_contains "locked keyring: says to unlock" "$ERR" "unlock"
	expect_contains "locked keyring: or to choose the password store" "$ERR" "--store=pass"
	expect_eq "locked keyring: nothing went to the password store" 0 "$(pass_count)"
	run 'protocol=https\nhost=one.example\n' $JC get
	expect_rc "locked keyring: get exits 3" 3
	expect_eq "locked keyring: get answers nothing" "" "$OUT"
	expect_one_line_error "locked keyring: get"
	run 'protocol=https\nhost=one.example\n' $JC erase
	expect_rc "locked keyring: erase exits 3" 3
	run '' $JC doctor
	expect_rc "locked keyring: doctor exits 3" 3
	expect_contains "locked keyring: doctor says it is locked" "$OUT" "secretservice locked: the default collection"
	keyring_stop # every backend starts unlocked (its password on stdin)
	keyring_start
	run '' $JC --format=header get one.example
	expect_eq "unlocked again: the keyring's credential, unchanged" \
		"Authorization: Basic $(printf u1:p1 | base64 -w0)" "$OUT"
fi

# A bus where no Secret Service can be started: the password store.
cat >"$HOME/bare-bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=$HOME</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
<allow own="*"/></policy></busconfig>
CONF
bare=$(dbus-daemon --config-file="$HOME/bare-bus.conf" --fork --print-address=1 --print-pid=3 3>"$HOME/bare.pid")
run 'domain=https://two.example\nusername=u2\npassword=p2\n' env DBUS_SESSION_BUS_ADDRESS="$bare" $JC store
expect_rc "store on a bus without a Secret Service" 0
expect_eq "it went to the password store" 1 "$(pass_count)"
run '' env DBUS_SESSION_BUS_ADDRESS="$bare" $JC --format=header get two.example
expect_eq "get on a bus without a Secret Service" "Authorization: Basic $(printf u2:p2 | base64 -w0)" "$OUT"
run '' env DBUS_SESSION_BUS_ADDRESS="$bare" $JC doctor
expect_contains "doctor: why not the Secret Service" "$OUT" "no Secret Service on the session bus"

# A Secret Service with no collection (a keyring never set up): the password store.
mkdir -p "$HOME/fresh/run" && chmod 700 "$HOME/fresh/run"
env DBUS_SESSION_BUS_ADDRESS="$bare" HOME="$HOME/fresh" XDG_RUNTIME_DIR="$HOME/fresh/run" \
	XDG_DATA_HOME="$HOME/fresh/data" gnome-keyring-daemon --foreground --components=secrets \
	>/dev/null 2>&1 &
fresh_pid=$!
for _ in $(seq 100); do
	DBUS_SESSION_BUS_ADDRESS="$bare" dbus-send --session --print-reply --dest=org.freedesktop.DBus \
		/org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets \
		2>/dev/null | grep -q 'boolean true' && break
	sleep 0.1
done
run '' env DBUS_SESSION_BUS_ADDRESS="$bare" $JC --format=header get two.example
expect_eq "get with a Secret Service that has no collection" "Authorization: Basic $(printf u2:p2 | base64 -w0)" "$OUT"
run 'domain=https://three.example\nusername=u3\npassword=p3\n' env DBUS_SESSION_BUS_ADDRESS="$bare" $JC store
expect_rc "store with a Secret Service that has no collection" 0
expect_eq "it went to the password store" 2 "$(pass_count)"
run '' env DBUS_SESSION_BUS_ADDRESS="$bare" $JC doctor
expect_contains "doctor: no collection" "$OUT" "no default collection"
kill "$fresh_pid" 2>/dev/null
wait "$fresh_pid" 2>/dev/null

# No bus at all, or an address that leads nowhere: the password store.
run '' no_bus $JC --format=header get two.example
expect_eq "get with no bus" "Authorization: Basic $(printf u2:p2 | base64 -w0)" "$OUT"
run '' env DBUS_SESSION_BUS_ADDRESS="unix:path=$HOME/nowhere" $JC --format=header get three.example
expect_eq "get with a bus address that leads nowhere" "Authorization: Basic $(printf u3:p3 | base64 -w0)" "$OUT"
run '' no_bus $JC list
expect_contains "list with no bus lists the password store" "$OUT" "https://three.example"

# Nothing usable: exit 3, one line naming both ways to set one up.
run '' no_bus env PASSWORD_STORE_DIR="$HOME/no-store" $JC --format=header get two.example
expect_rc "nothing usable: exit 3" 3
expect_one_line_error "nothing usable"
expect_contains "names pass init" "$ERR" "pass init KEYID"
expect_contains "names gnome-keyring-daemon" "$ERR" "gnome-keyring-daemon --unlock"
run '' env DBUS_SESSION_BUS_ADDRESS="$bare" PASSWORD_STORE_DIR="$HOME/no-store" $JC --format=header get two.example
expect_rc "a bus without a Secret Service and no password store: exit 3" 3
expect_contains "names both there too" "$ERR" "pass init KEYID"
mkdir -p -m 700 "$HOME/empty-store"
run '' no_bus env PASSWORD_STORE_DIR="$HOME/empty-store" $JC get two.example
expect_rc "a store directory without .gpg-id is not a store" 3

# Explicit choices win over the automatic one.
run '' $JC --store=pass --format=header get two.example
expect_eq "--store=pass with a usable keyring" "Authorization: Basic $(printf u2:p2 | base64 -w0)" "$OUT"
run '' env JIRA_CREDENTIAL_STORE=pass $JC --format=header get three.example
expect_rc "JIRA_CREDENTIAL_STORE=pass" 0
run '' env JIRA_CREDENTIAL_STORE=pass $JC --store=secretservice --format=header get one.example
expect_eq "--store beats JIRA_CREDENTIAL_STORE" "Authorization: Basic $(printf u1:p1 | base64 -w0)" "$OUT"
run '' $JC --store=plaintext get one.example
expect_rc "an unknown --store: exit 2" 2
run '' env JIRA_CREDENTIAL_STORE=file $JC get one.example
expect_rc "an unknown JIRA_CREDENTIAL_STORE: exit 2" 2
kill "$(cat "$HOME/bare.pid")" 2>/dev/null
gpg_stop_all
