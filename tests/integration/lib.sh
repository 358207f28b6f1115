# lib.sh: what the integration tests share: the private keyring, running
# the installed jira-credential, assertions that record pass/fail lines in
# $JC_TEST_ROOT/results, fake Jira servers on 127.0.0.1, and a throwaway CA.
# Sourced by session.sh; every test file runs in a fresh session.

JC=jira-credential
SCHEMA=org.jira-credential.Credential
declare -A FAKE_PID FAKE_PORT FAKE_LOG FAKE_CFG FAKE_T0

# ---- keyring -----------------------------------------------------------

keyring_start() {
	printf 'test-keyring-password' |
		gnome-keyring-daemon --foreground --unlock --components=secrets \
			>"$HOME/keyring.log" 2>&1 &
	KEYRING_PID=$!
	for _ in $(seq 100); do
		if dbus-send --session --print-reply --dest=org.freedesktop.DBus \
			/org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
			string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

keyring_stop() {
	[ -n "${KEYRING_PID:-}" ] && kill "$KEYRING_PID" 2>/dev/null
	wait "$KEYRING_PID" 2>/dev/null
	KEYRING_PID=
}

# Removes every credential of ours.
reset_keyring() {
	secret-tool clear xdg:schema "$SCHEMA" 2>/dev/null
	return 0
}

# The labels and attributes (never the secrets) of our items matching the
# given attribute pairs.  secret-tool prints attributes on stderr.
keyring_attrs() {
	secret-tool search --all xdg:schema "$SCHEMA" "$@" 2>&1 | grep -E '^(label|attribute\.)'
}

# keyring_secret ATTR VALUE...: the secret of our item matching the pairs
# (secret-tool lookup).  secret-tool is a libsecret client too: on kwalletd5
# 5.103 it now and then gets a session key that does not decrypt, and then
# prints nothing; an empty answer is asked once more, on its new session.
keyring_secret() {
	local s
	s=$(secret-tool lookup xdg:schema "$SCHEMA" "$@" 2>/dev/null)
	[ -n "$s" ] || s=$(secret-tool lookup xdg:schema "$SCHEMA" "$@" 2>/dev/null)
	printf '%s' "$s"
}

# keyring_store LABEL ATTR VALUE...: an item of ours by secret-tool, the
# secret on stdin; once more when kwalletd5 refused it for the same reason
# ("Can't find session").
keyring_store() {
	local label=$1 f="$HOME/.keyring_store" rc
	shift
	cat >"$f"
	secret-tool store --label="$label" xdg:schema "$SCHEMA" "$@" <"$f" 2>/dev/null ||
		secret-tool store --label="$label" xdg:schema "$SCHEMA" "$@" <"$f" 2>/dev/null
	rc=$?
	rm -f "$f"
	return $rc
}

# How many items of ours the keyring holds.
count_items() {
	secret-tool search --all xdg:schema "$SCHEMA" 2>/dev/null | grep -c '^\['
}

# keyring_lock: locks the keyring over D-Bus, without a dialog.
keyring_lock() {
	dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
		org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login \
		>/dev/null 2>&1
}

# keyring_unlock: gnome-keyring unlocks its login keyring without a dialog
# only when it starts with the password on stdin.
keyring_unlock() {
	keyring_stop
	keyring_start
}

# Another Secret Service (JC_BACKEND=keepassxc|kwallet, tests/backends/)
# replaces the functions above that start, stop, lock and unlock it.
case ${JC_BACKEND:-gnome-keyring} in
gnome-keyring) ;;
keepassxc | kwallet) . "$JC_TOP/tests/backends/$JC_BACKEND.sh" ;;
*)
	echo "lib.sh: unknown JC_BACKEND $JC_BACKEND (gnome-keyring, keepassxc, kwallet)" >&2
	return 1
	;;
esac

# ---- running the helper --------------------------------------------------

# run STDIN CMD ARGS...: runs CMD with STDIN (printf %b: \n for newlines);
# sets OUT (stdout), ERR (stderr) and RC.
run() {
	local in=$1
	shift
	OUT=$(printf '%b' "$in" | "$@" 2>"$HOME/.stderr")
	RC=$?
	ERR=$(cat "$HOME/.stderr")
}

# run_raw STDIN CMD ARGS...: as run, but STDIN is taken literally.
run_raw() {
	local in=$1
	shift
	OUT=$(printf '%s' "$in" | "$@" 2>"$HOME/.stderr")
	RC=$?
	ERR=$(cat "$HOME/.stderr")
}

# ---- assertions ------------------------------------------------------------

record() { # record pass|fail NAME [DETAIL]
	echo "$1: $JC_TEST_NAME: $2${3:+ -- $3}" >>"$JC_TEST_ROOT/results"
	[ "$1" = pass ] || echo "FAIL: $JC_TEST_NAME: $2${3:+ -- $3}" >&2
}

expect_eq() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then record pass "$1"; else
		record fail "$1" "expected [$2] got [$3]"
	fi
}

expect_rc() { # NAME CODE: checks RC of the last run
	if [ "$RC" = "$2" ]; then record pass "$1"; else
		record fail "$1" "exit $RC, expected $2; stderr: $ERR"
	fi
}

expect_contains() { # NAME HAYSTACK NEEDLE
	case "$2" in
	*"$3"*) record pass "$1" ;;
	*) record fail "$1" "[$3] not in [$2]" ;;
	esac
}

expect_absent() { # NAME HAYSTACK NEEDLE
	case "$2" in
	*"$3"*) record fail "$1" "[$3] unexpectedly in [$2]" ;;
	*) record pass "$1" ;;
	esac
}

# One line on stderr, prefixed, and never the secret given.
expect_one_line_error() { # NAME SECRET
	local n
	n=$(printf '%s\n' "$ERR" | grep -c .)
	if [ "$n" = 1 ] && [ "${ERR#jira-credential: }" != "$ERR" ]; then
		record pass "$1: one line"
	else
		record fail "$1: one line" "stderr: [$ERR]"
	fi
	[ -z "${2:-}" ] || expect_absent "$1: no secret in the message" "$ERR" "$2"
}

# ---- fake Jira -----------------------------------------------------------

# Throwaway CA and a certificate for 127.0.0.1/localhost, once per session.
make_ca() {
	TLS="$HOME/tls"
	[ -f "$TLS/srv.crt" ] && return 0
	mkdir -p "$TLS"
	(
		cd "$TLS" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout ca.key -out ca.crt -days 2 -subj "/CN=jira-credential test CA"
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout srv.key -out srv.csr -subj "/CN=localhost"
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >srv.ext
		openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
			-out srv.crt -days 2 -extfile srv.ext
	) >/dev/null 2>&1
}

# fake_start NAME CONFIG-JSON [tls]: starts a fake Jira; sets FAKE_PORT[NAME].
fake_start() {
	local name=$1 dir="$HOME/fake-$1" extra=()
	mkdir -p "$dir"
	FAKE_LOG[$name]="$dir/log"
	FAKE_CFG[$name]="$dir/config.json"
	printf '%s\n' "$2" >"${FAKE_CFG[$name]}"
	if [ "${3:-}" = tls ]; then
		make_ca
		extra=(--tls-cert "$TLS/srv.crt" --tls-key "$TLS/srv.key")
	fi
	FAKE_T0[$name]=$(date +%s)
	python3 "$JC_TOP/tests/fakejira.py" --port-file "$dir/port" --log "${FAKE_LOG[$name]}" \
		--config "${FAKE_CFG[$name]}" "${extra[@]}" 2>"$dir/stderr" &
	FAKE_PID[$name]=$!
	for _ in $(seq 100); do
		[ -s "$dir/port" ] && break
		sleep 0.05
	done
	FAKE_PORT[$name]=$(cat "$dir/port")
	: >"${FAKE_LOG[$name]}"
}

# fake_in SECONDS NAME: a valid_after value for "SECONDS from now" (the fake
# counts valid_after from its own start; a slow run, valgrind's, must not
# use up the delay before the test begins).
fake_in() {
	echo $(($1 + $(date +%s) - FAKE_T0[$2] + 1))
}

# fake_config NAME CONFIG-JSON: replaces the config of a running fake.
fake_config() {
	printf '%s\n' "$2" >"${FAKE_CFG[$1]}.tmp"
	mv "${FAKE_CFG[$1]}.tmp" "${FAKE_CFG[$1]}"
}

# fake_count NAME [PATH-PART]: requests the fake has logged (to that path).
fake_count() {
	grep -c -- "${2:-}" "${FAKE_LOG[$1]}" 2>/dev/null
}

fake_clear_log() {
	: >"${FAKE_LOG[$1]}"
}

stop_fakes() {
	local n
	for n in "${!FAKE_PID[@]}"; do
		kill "${FAKE_PID[$n]}" 2>/dev/null
		wait "${FAKE_PID[$n]}" 2>/dev/null
	done
}

# ---- gpg and the password store --------------------------------------------

# gpg_home DIR: a private GNUPGHOME, its agent killed by gpg_stop_all.
gpg_home() {
	mkdir -p -m 700 "$1"
	GPG_HOMES="${GPG_HOMES:-} $1"
}

# gpg_key HOME NAME [PASSPHRASE]: a throwaway key in HOME; prints its fingerprint.
gpg_key() {
	local home=$1 name=$2 pp=${3:-}
	GNUPGHOME="$home" gpg --batch --pinentry-mode loopback --passphrase "$pp" \
		--quick-gen-key "$name <$name@test.invalid>" default default never >/dev/null 2>&1
	GNUPGHOME="$home" gpg --list-keys --with-colons "$name@test.invalid" 2>/dev/null |
		awk -F: '/^fpr/ { print $10; exit }'
}

# gpg_stop_all: kills the agent of every home made with gpg_home.
gpg_stop_all() {
	local h
	for h in ${GPG_HOMES:-}; do
		GNUPGHOME="$h" gpgconf --kill all 2>/dev/null
	done
	return 0
}

# no_bus CMD...: runs CMD with no session bus at all.
no_bus() {
	env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$HOME/no-runtime" "$@"
}
