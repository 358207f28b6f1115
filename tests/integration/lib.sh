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
	[ -n "${KEYRING_PID:-}" ] || return 0
	kill "$KEYRING_PID" 2>/dev/null
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

# Throwaway CA and a certificate for 127.0.0.1/localhost, once per session;
# with it a client certificate the CA signed (cli.crt, its key cli.key,
# mode 0600) for a proxy that asks for one, one it did not (rogue.*), and
# one it signed that expired in 2020 (expired.*).
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
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout cli.key -out cli.csr -subj "/CN=alice"
		printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' >cli.ext
		openssl x509 -req -in cli.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
			-out cli.crt -days 2 -extfile cli.ext
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout rogue.key -out rogue.crt -days 2 -subj "/CN=rogue"
		# one the CA signed that expired in 2020 (openssl ca takes the dates)
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout expired.key -out expired.csr -subj "/CN=expired"
		printf '[ca]\ndefault_ca=t\n[t]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n' >ca.cnf
		: >index.txt
		echo 1000 >serial
		openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in expired.csr \
			-out expired.crt -startdate 20200101000000Z -enddate 20200102000000Z -notext
		chmod 600 cli.key rogue.key expired.key
	) >/dev/null 2>&1
}

# fake_start NAME CONFIG-JSON [tls|mtls]: starts a fake Jira; sets
# FAKE_PORT[NAME].  mtls: TLS that requires a client certificate the
# test CA signed, as a zero-trust proxy before Jira does.
fake_start() {
	local name=$1 dir="$HOME/fake-$1" extra=()
	mkdir -p "$dir"
	FAKE_LOG[$name]="$dir/log"
	FAKE_CFG[$name]="$dir/config.json"
	printf '%s\n' "$2" >"${FAKE_CFG[$name]}"
	if [ "${3:-}" = tls ] || [ "${3:-}" = mtls ]; then
		make_ca
		extra=(--tls-cert "$TLS/srv.crt" --tls-key "$TLS/srv.key")
	fi
	[ "${3:-}" = mtls ] && extra+=(--tls-client-ca "$TLS/ca.crt")
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

# git_server_start: a git smart-HTTP server (tests/githttp.py) on 127.0.0.1
# that asks for Basic authentication: bare repositories in $HOME/git-root,
# "user:password" lines in $HOME/git-users (read at every request); sets
# GIT_PORT, logs to FAKE_LOG[git].  stop_fakes stops it.
git_server_start() {
	local dir="$HOME/git-srv"
	mkdir -p "$dir" "$HOME/git-root"
	touch "$HOME/git-users"
	: >"$dir/log"
	python3 "$JC_TOP/tests/githttp.py" --root "$HOME/git-root" --users "$HOME/git-users" \
		--port-file "$dir/port" --log "$dir/log" 2>"$dir/stderr" &
	FAKE_PID[git]=$!
	FAKE_LOG[git]="$dir/log"
	for _ in $(seq 100); do
		[ -s "$dir/port" ] && break
		sleep 0.05
	done
	GIT_PORT=$(cat "$dir/port")
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

# pass_scratch NAME: a private GNUPGHOME ($G) with a key for NAME
# (fingerprint in PASS_KEY), a git identity, and a password store at
# $HOME/store initialised to that key, a git repository, chosen with
# JIRA_CREDENTIAL_STORE=pass; no terminal, no display.
pass_scratch() {
	G="$HOME/gnupg"
	gpg_home "$G"
	trap gpg_stop_all EXIT
	export GNUPGHOME="$G" PASSWORD_STORE_DIR="$HOME/store" JIRA_CREDENTIAL_STORE=pass
	unset GPG_TTY DISPLAY
	PASS_KEY=$(gpg_key "$G" "$1")
	git config --global user.email team@test.invalid
	git config --global user.name team
	git config --global init.defaultBranch main
	pass init "$PASS_KEY" >/dev/null
	pass git init >/dev/null 2>&1
}

# no_bus CMD...: runs CMD with no session bus at all.
no_bus() {
	env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$HOME/no-runtime" "$@"
}

# ---- the store a contract file runs against (tests/contract/, JC_STORE) ----
#
# The contract suite runs the same files against every store: the Secret
# Service as the session has it (gnome-keyring, KeePassXC, KWallet), the
# password store with real gpg and git, and, for what only reads, the env
# store.  These functions are what a file asks of "the store" whichever it is.

# store_setup: the store of JC_STORE, ready and chosen as a user's would be.
#   secretservice  the session's keyring (already started), chosen automatically
#   pass           a private GNUPGHOME (a copy of run.sh's passphrase-less key),
#                  pass init, pass git init; no session bus, so the automatic
#                  choice finds the password store, as on a server
#   env            JIRA_CREDENTIAL_STORE=env; seed sets the variables
store_setup() {
	case ${JC_STORE:-} in
	'' | secretservice) ;;
	pass)
		cp -a "$JC_TEST_ROOT/gnupg-template" "$HOME/gnupg" || return 1
		GPG_HOMES="${GPG_HOMES:-} $HOME/gnupg"
		export GNUPGHOME="$HOME/gnupg" PASSWORD_STORE_DIR="$HOME/.password-store"
		unset GPG_TTY DISPLAY DBUS_SESSION_BUS_ADDRESS JIRA_CREDENTIAL_STORE
		git config --global user.email contract@test.invalid
		git config --global user.name contract
		git config --global init.defaultBranch main
		pass init "$(cat "$JC_TEST_ROOT/gnupg-template/fpr")" >/dev/null &&
			pass git init >/dev/null 2>&1
		;;
	env)
		export JIRA_CREDENTIAL_STORE=env
		unset JIRA_BASE_URL JIRA_USER_EMAIL JIRA_API_TOKEN JIRA_AUTH_TYPE
		;;
	*)
		echo "lib.sh: unknown JC_STORE $JC_STORE (secretservice, pass, env)" >&2
		return 1
		;;
	esac
}

store_writes() { [ "${JC_STORE:-secretservice}" != env ]; }

# store_is NAME...: whether the store is one of NAME (for the few cases
# where jira-credential(5) says stores differ).
store_is() {
	local s
	for s; do [ "${JC_STORE:-secretservice}" = "$s" ] && return 0; done
	return 1
}

# seed DOMAIN USER SECRET [extra key=value lines]: stores a credential
# (the env store: sets the variables; one credential at a time).
seed() {
	if store_writes; then
		run "domain=$1\nusername=$2\npassword=$3\n${4:-}" $JC store
		[ "$RC" = 0 ] || record fail "seed $1 $2" "$ERR"
	else
		export JIRA_BASE_URL=$1 JIRA_USER_EMAIL=$2 JIRA_API_TOKEN=$3
		case ${4:-} in
		*type=pat*) export JIRA_AUTH_TYPE=bearer ;;
		*) export JIRA_AUTH_TYPE=basic ;;
		esac
	fi
}

# pass_dir [PROTOCOL://]HOST: the directory of an origin in the password store.
pass_dir() {
	local h=${1#*://} proto=https p=
	case $1 in *://*) proto=${1%%://*} ;; esac
	case $h in
	*]) ;;
	*:*) p=_${h##*:} h=${h%:*} ;;
	esac
	[ "$proto" = https ] && echo "$PASSWORD_STORE_DIR/jira/$h$p" ||
		echo "$PASSWORD_STORE_DIR/jira/$proto+$h$p"
}

store_reset() {
	case ${JC_STORE:-secretservice} in
	secretservice) reset_keyring ;;
	pass)
		rm -rf "$PASSWORD_STORE_DIR/jira"
		git -C "$PASSWORD_STORE_DIR" add -A >/dev/null 2>&1
		git -C "$PASSWORD_STORE_DIR" commit -q -m reset >/dev/null 2>&1
		;;
	env) unset JIRA_BASE_URL JIRA_USER_EMAIL JIRA_API_TOKEN JIRA_AUTH_TYPE ;;
	esac
	return 0
}

# store_count [[PROTOCOL://]HOST [USER]]: how many credentials the store
# holds (for HOST, https by default; for USER).
store_count() {
	case ${JC_STORE:-secretservice} in
	secretservice)
		secret-tool search --all xdg:schema "$SCHEMA" ${1:+host "${1#*://}"} ${2+user "$2"} 2>/dev/null |
			grep -c '^\['
		;;
	pass)
		if [ -n "${1:-}" ]; then
			find "$(pass_dir "$1")" -name "${2-*}.gpg" -type f 2>/dev/null | wc -l
		else
			find "$PASSWORD_STORE_DIR/jira" -name '*.gpg' -type f 2>/dev/null | wc -l
		fi
		;;
	env) [ -n "${JIRA_BASE_URL:-}" ] && echo 1 || echo 0 ;;
	esac
}

# store_state [[PROTOCOL://]HOST]: a fingerprint of what the store holds (for HOST) and
# of every write: items, their times and attributes, or files, their
# inodes, times and bytes, and the git history.  Equal before and after a
# call: the call wrote nothing.
store_state() {
	case ${JC_STORE:-secretservice} in
	secretservice)
		secret-tool search --all xdg:schema "$SCHEMA" ${1:+host "${1#*://}"} 2>&1 | grep -v '^secret = '
		;;
	pass)
		local d="$PASSWORD_STORE_DIR/jira"
		[ -n "${1:-}" ] && d=$(pass_dir "$1")
		find "$d" -type f -printf '%i %T@ %s %p\n' 2>/dev/null | sort
		find "$d" -type f -exec sha256sum {} + 2>/dev/null | sort
		git -C "$PASSWORD_STORE_DIR" rev-parse HEAD 2>/dev/null
		git -C "$PASSWORD_STORE_DIR" status --porcelain 2>/dev/null
		;;
	esac
}

# store_public [HOST]: what anyone who may read the store sees without a
# key: labels and attributes, or file names and commit messages.
store_public() {
	case ${JC_STORE:-secretservice} in
	secretservice) keyring_attrs ${1:+host "$1"} ;;
	pass)
		(cd "$PASSWORD_STORE_DIR" && find jira -print 2>/dev/null)
		git -C "$PASSWORD_STORE_DIR" log --format=%s 2>/dev/null
		;;
	esac
}
