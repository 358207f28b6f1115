# t-faults.sh: the keyring failing under the helper.  No bus, a bus without
# a Secret Service, a locked keyring that cannot prompt (headless: the
# unlock prompt is dismissed), the daemon killed between two calls.  Each
# ends in exit 3 within a bounded time, one line saying what to do, and
# nothing erased or changed.

reset_keyring
run 'domain=https://keep.example\nusername=u\npassword=keep-me\n' $JC store
expect_rc "store before the faults" 0

# timed RC-NAME MAX-SECONDS STDIN CMD...: run, then check the time it took
timed() {
	local name=$1 max=$2 t0 t1
	shift 2
	t0=$(date +%s)
	run "$@"
	t1=$(date +%s)
	[ $((t1 - t0)) -le "$max" ] && record pass "$name: within $max s" ||
		record fail "$name: within $max s" "took $((t1 - t0)) s"
}

# -- no session bus at all
(
	export DBUS_SESSION_BUS_ADDRESS="unix:path=$HOME/no-such-bus"
	timed "no bus" 20 'protocol=https\nhost=keep.example\n' $JC get
	expect_rc "no bus: exit 3" 3
	expect_one_line_error "no bus"
	expect_contains "no bus: says what to start" "$ERR" "gnome-keyring-daemon"
	unset DBUS_SESSION_BUS_ADDRESS
	timed "no bus address" 20 'protocol=https\nhost=keep.example\n' $JC get
	expect_rc "no bus address, no display: exit 3" 3
)

# -- a bus with no Secret Service (and no service files to start one)
cat >"$HOME/bare-bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$HOME/bare-bus</listen>
  <policy context="default"><allow send_destination="*"/><allow own="*"/></policy>
</busconfig>
EOF
dbus-daemon --config-file="$HOME/bare-bus.conf" --nofork --nopidfile 2>/dev/null &
bare=$!
for _ in $(seq 50); do [ -S "$HOME/bare-bus" ] && break; sleep 0.1; done
(
	export DBUS_SESSION_BUS_ADDRESS="unix:path=$HOME/bare-bus"
	timed "bus without Secret Service" 20 'protocol=https\nhost=keep.example\n' $JC get
	expect_rc "bus without Secret Service: exit 3" 3
	expect_one_line_error "bus without Secret Service"
	timed "store without Secret Service" 20 'domain=https://x.example\nusername=u\npassword=SECRETX\n' $JC store
	expect_rc "store without Secret Service: exit 3" 3
	expect_one_line_error "store without Secret Service" SECRETX
)
kill $bare 2>/dev/null
wait $bare 2>/dev/null

# -- a locked keyring that nobody unlocks (gnome-keyring headless: the prompt
# is dismissed; KeePassXC and KWallet: their dialog is never answered)
n=$(count_items)
keyring_lock
timed "locked: get" 20 'protocol=https\nhost=keep.example\n' $JC get
expect_rc "locked: get exits 3" 3
expect_eq "locked: get prints nothing" "" "$OUT"
expect_one_line_error "locked: get"
expect_contains "locked: says to unlock" "$ERR" "unlock"
timed "locked: erase" 20 'protocol=https\nhost=keep.example\n' $JC erase
expect_rc "locked: erase exits 3" 3
timed "locked: erase with password" 20 'protocol=https\nhost=keep.example\npassword=keep-me\n' $JC erase
expect_rc "locked: erase by secret exits 3" 3
timed "locked: store" 20 'domain=https://keep.example\nusername=u\npassword=changed\n' $JC store
expect_rc "locked: store exits 3" 3
timed "locked: list" 20 '' $JC list
if [ "${JC_BACKEND:-gnome-keyring}" = gnome-keyring ]; then
	expect_rc "locked: list still works (no secret needed)" 0
	expect_contains "locked: list shows the item" "$OUT" "https://keep.example"
elif [ "$RC" = 0 ]; then # KWallet shows a closed wallet's items, and says it is locked
	expect_contains "locked: list shows the item" "$OUT" "https://keep.example"
	expect_contains "locked: list says it is locked" "$ERR" "locked"
else # KeePassXC hides a locked database's items: nothing shown is exit 3
	expect_rc "locked: list says it cannot" 3
	expect_one_line_error "locked: list"
	expect_contains "locked: list says it is locked" "$ERR" "locked"
	expect_eq "locked: list prints nothing" "" "$OUT"
	timed "locked: list --format=json" 20 '' $JC --format=json list
	expect_rc "locked: list --format=json exits 3" 3
	expect_eq "locked: list --format=json prints no []" "" "$OUT"
fi
# unlock again: every backend starts unlocked (its password on stdin)
keyring_stop
keyring_start
expect_eq "locked: nothing erased or added" "$n" "$(count_items)"

# -- a keyring file that was never unlocked since it was loaded hides its
# items from a search (gnome-keyring: only hashed attributes): list can
# show nothing, and says so with exit 3, never an empty list or "[]".
if [ "${JC_BACKEND:-gnome-keyring}" = gnome-keyring ]; then
	keyring_stop
	gnome-keyring-daemon --foreground --components=secrets </dev/null >>"$HOME/keyring.log" 2>&1 &
	KEYRING_PID=$!
	for _ in $(seq 50); do
		dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
			org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
			grep -q 'boolean true' && break
		sleep 0.1
	done
	timed "loaded locked: list" 20 '' $JC list
	expect_rc "loaded locked: list exits 3" 3
	expect_one_line_error "loaded locked: list"
	expect_contains "loaded locked: list says the keyring is locked" "$ERR" "locked"
	expect_eq "loaded locked: list prints nothing" "" "$OUT"
	timed "loaded locked: list --format=json" 20 '' $JC --format=json list
	expect_rc "loaded locked: list --format=json exits 3" 3
	expect_eq "loaded locked: list --format=json prints no []" "" "$OUT"
	keyring_stop
	keyring_start
	run '' $JC list
	expect_rc "unlocked again: list" 0
	expect_contains "unlocked again: list shows the items" "$OUT" "https://keep.example"
fi
run 'protocol=https\nhost=keep.example\n' $JC get
expect_contains "after unlocking: the credential is intact" "$OUT" "password=keep-me"

# -- the daemon killed between two calls
{ kill -9 "$KEYRING_PID"; wait "$KEYRING_PID"; } 2>/dev/null
timed "daemon killed" 25 'protocol=https\nhost=keep.example\n' $JC get
expect_rc "daemon killed: exit 3" 3
expect_one_line_error "daemon killed"
pkill -f 'gnome-keyring-daemon --start' 2>/dev/null # one D-Bus may have started
keyring_start
run 'protocol=https\nhost=keep.example\n' $JC get
expect_contains "daemon back: the credential survived" "$OUT" "password=keep-me"

# -- SECRET_SERVICE_BUS_NAME names the service: under a name nobody owns,
# the stored credential is not found and nothing is stored
(
	export SECRET_SERVICE_BUS_NAME=org.example.nobody
	timed "SECRET_SERVICE_BUS_NAME: get" 20 'protocol=https\nhost=keep.example\n' $JC get
	expect_rc "SECRET_SERVICE_BUS_NAME: a name nobody owns, exit 3" 3
	expect_absent "SECRET_SERVICE_BUS_NAME: not answered from the keyring" "$OUT" "password="
	expect_one_line_error "SECRET_SERVICE_BUS_NAME: get"
	timed "SECRET_SERVICE_BUS_NAME: store" 20 'domain=https://elsewhere.example\nusername=u\npassword=p\n' \
		$JC --store=secretservice store
	expect_rc "SECRET_SERVICE_BUS_NAME: store exits 3" 3
	# doctor and the automatic choice ask the same name as every call
	run '' $JC doctor
	expect_rc "SECRET_SERVICE_BUS_NAME: doctor finds no usable store, exit 3" 3
	expect_contains "SECRET_SERVICE_BUS_NAME: doctor says the Secret Service is not usable" \
		"$OUT" "secretservice not usable: no Secret Service on the session bus under org.example.nobody"
	expect_absent "SECRET_SERVICE_BUS_NAME: doctor does not call it usable" "$OUT" "secretservice usable"
	# with a password store beside it, the automatic choice takes that
	G="$HOME/gnupg-bus"
	gpg_home "$G"
	key=$(gpg_key "$G" busname)
	export GNUPGHOME="$G" PASSWORD_STORE_DIR="$HOME/store-bus"
	pass init "$key" >/dev/null
	run '' $JC doctor
	expect_rc "SECRET_SERVICE_BUS_NAME: doctor with a password store, exit 0" 0
	expect_contains "SECRET_SERVICE_BUS_NAME: the password store is chosen" "$OUT" "store: pass"
	run 'domain=https://bus-pass.example\nusername=u\npassword=bp\n' $JC store
	expect_rc "SECRET_SERVICE_BUS_NAME: a store goes to the password store" 0
	run 'protocol=https\nhost=bus-pass.example\n' $JC get
	expect_contains "SECRET_SERVICE_BUS_NAME: and a get finds it there" "$OUT" "password=bp"
	gpg_stop_all
)
# The keyring under another name (its unique name): doctor and get agree.
owner=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	org.freedesktop.DBus.GetNameOwner string:org.freedesktop.secrets | sed -n 's/.*string "\(.*\)"/\1/p')
run '' env SECRET_SERVICE_BUS_NAME="$owner" $JC doctor
expect_rc "SECRET_SERVICE_BUS_NAME=its unique name: doctor, exit 0" 0
expect_contains "SECRET_SERVICE_BUS_NAME=its unique name: usable" "$OUT" "secretservice (used) usable"
run 'protocol=https\nhost=keep.example\n' env SECRET_SERVICE_BUS_NAME="$owner" $JC get
expect_contains "SECRET_SERVICE_BUS_NAME=its unique name: get answers" "$OUT" "password=keep-me"
run 'protocol=https\nhost=elsewhere.example\n' $JC get
expect_absent "SECRET_SERVICE_BUS_NAME: nothing stored in the keyring" "$OUT" "password="

# -- a store in the Secret Service while no keyring runs: the bus starts
# one from its service file, as on a desktop; that keyring is locked
# (nobody typed its password), so the store ends there, nothing stored
if [ "${JC_BACKEND:-gnome-keyring}" = gnome-keyring ]; then
	keyring_stop
	timed "no keyring running: store" 25 'domain=https://ondemand.example\nusername=u\npassword=od\n' \
		$JC --store=secretservice store
	expect_rc "no keyring running: the started keyring is locked, exit 3" 3
	expect_contains "no keyring running: the store reached the started keyring" "$ERR" "is locked"
	expect_absent "no keyring running: not 'cannot connect'" "$ERR" "cannot connect"
	pkill -f 'gnome-keyring-daemon --start' 2>/dev/null
	keyring_start
	run 'protocol=https\nhost=ondemand.example\n' $JC get
	expect_absent "no keyring running: nothing was stored" "$OUT" "password="
fi

# -- a closed stdout is an error, not a silent success
run '' $JC --format=header get https://keep.example
OUT=$($JC --format=header get https://keep.example 2>&1 >/dev/full)
RC=$?
expect_eq "stdout full: exit 2" 2 "$RC"
expect_contains "stdout full: says so" "$OUT" "cannot write the answer"
rc=$( { sleep 0.5; $JC --format=header get https://keep.example 2>/dev/null; echo $? >"$HOME/rc"; } | true)
expect_eq "closed pipe: exit 2" 2 "$(cat "$HOME/rc")"

# -- libsecret is loaded only when a call needs it (helper/store/secretservice/ss_lib.c), and a
# get needs it not at all: its session's cryptography is GMP's and nettle's
# (helper/store/secretservice/ss_crypto.c), loaded only once something matched
run 'protocol=https\nhost=keep.example\n' env LD_DEBUG=files $JC get
expect_contains "a hit answers" "$OUT" "password=keep-me"
expect_absent "a hit does not load libsecret" "$ERR" "file=libsecret-1.so.0"
expect_contains "a hit loads nettle" "$ERR" "file=libnettle.so.8"
expect_contains "a hit loads GMP" "$ERR" "file=libgmp.so.10"
run 'protocol=https\nhost=nothing-here.example\n' env LD_DEBUG=files $JC get
expect_rc "a miss: exit 0" 0
expect_eq "a miss: no answer" "" "$OUT"
expect_absent "a miss does not load libsecret" "$ERR" "file=libsecret-1.so.0"
expect_absent "a miss does not load nettle" "$ERR" "file=libnettle.so.8"
expect_absent "a miss does not load GMP" "$ERR" "file=libgmp.so.10"
run 'protocol=https\nhost=nothing-here.example\n' env LD_DEBUG=files $JC erase
expect_rc "an erase that finds nothing: exit 0" 0
expect_absent "an erase that finds nothing does not load libsecret" "$ERR" "file=libsecret-1.so.0"
# a library that lacks what the helper calls: one line, exit 3, nothing changed
mkdir -p "$HOME/badlib"
printf 'int jc_not_libsecret;\n' | cc -shared -fPIC -x c - -o "$HOME/badlib/libsecret-1.so.0"
for lib in libnettle.so.8 libgmp.so.10; do
	mkdir -p "$HOME/bad-$lib"
	printf 'int jc_not_it;\n' | cc -shared -fPIC -x c - -o "$HOME/bad-$lib/$lib"
	run 'protocol=https\nhost=keep.example\n' env LD_LIBRARY_PATH="$HOME/bad-$lib" $JC get
	expect_rc "broken $lib: get exit 3" 3
	expect_eq "broken $lib: nothing answered" "" "$OUT"
	expect_one_line_error "broken $lib: get"
	expect_contains "broken $lib: says what" "$ERR" "$lib"
done
n=$(count_items)
run 'protocol=https\nhost=keep.example\n' env LD_LIBRARY_PATH="$HOME/badlib" $JC get
expect_rc "broken libsecret: a get does not need it" 0
expect_contains "broken libsecret: a get answers" "$OUT" "password=keep-me"
run 'domain=https://keep.example\nusername=u\npassword=other\n' env LD_LIBRARY_PATH="$HOME/badlib" $JC store
expect_rc "broken libsecret: store exit 3" 3
expect_one_line_error "broken libsecret: store" other
expect_eq "broken libsecret: nothing stored" "$n" "$(count_items)"
run 'protocol=https\nhost=keep.example\n' $JC get
expect_contains "broken libsecret: the credential is intact" "$OUT" "password=keep-me"
