# t-freed.sh: no heap block is freed while it still holds the secret or the
# Authorization value, in any format of get, in store, or in erase, nor a
# Data Center password or token in login --create-pat, rotate and erase
# --revoke.  A
# test-only LD_PRELOAD library (tests/freecheck/freecheck.c) searches
# every freed block for them and fails the process (exit 99) on a hit.
# The same library fails a run that ends still dumpable (exit 97): a crash
# then would write the secret into a core file.

reset_keyring
FC="$HOME/freecheck.so"
# A program built with ASan (make check SANITIZE=1) is checked through the
# sanitizer's free hook instead of an interposed free().
sanitized=
nm -D "$JC_PREFIX/bin/jira-credential" 2>/dev/null | grep -q __asan_init && sanitized=-DFREECHECK_SANITIZER
cc -O1 -g -shared -fPIC $sanitized -o "$FC" "$JC_TOP/tests/freecheck/freecheck.c"

SECRET='FreeCheck-s3cret-7Q'
AUTH=$(printf 'bob@example.com:%s' "$SECRET" | base64)
PAT='FreeCheck-pat-9Z'

# checked STDIN ARGS...: runs jira-credential with the checker armed.
checked() {
	local in=$1
	shift
	OUT=$(printf '%b' "$in" | JC_FREECHECK_1="$SECRET" JC_FREECHECK_2="$AUTH" \
		JC_FREECHECK_3="$PAT" JC_FREECHECK_DUMPABLE=1 G_SLICE=always-malloc \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		LD_PRELOAD="$FC" $JC "$@" 2>"$HOME/.stderr")
	RC=$?
	ERR=$(cat "$HOME/.stderr")
}

# The checker itself must catch a freed secret, or this file proves nothing.
printf '#include <stdlib.h>\n#include <string.h>\nint main(void){char *p = malloc(64); strcpy(p, "canary-7Q"); char *q = realloc(p, 1 << 20); free(q); return 0;}\n' >"$HOME/canary.c"
cc ${sanitized:+-fsanitize=address} -o "$HOME/canary" "$HOME/canary.c"
OUT=$(JC_FREECHECK_2=canary-7Q ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$FC" "$HOME/canary" 2>&1)
expect_contains "the checker catches a freed block that holds a needle" "$OUT" "freecheck:"
# ... and a process that ends dumpable, as every program does unless it says otherwise.
printf '#include <unistd.h>\nint main(void){_exit(0);}\n' >"$HOME/plain.c"
cc ${sanitized:+-fsanitize=address} -o "$HOME/plain" "$HOME/plain.c"
OUT=$(JC_FREECHECK_DUMPABLE=1 ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$FC" \
	"$HOME/plain" 2>&1)
RC=$? ERR=$OUT
expect_rc "the checker fails a process that ends dumpable" 97
expect_contains "... and says so" "$OUT" "freecheck: the process ended dumpable"

checked "protocol=https\nhost=example.atlassian.net\nusername=bob@example.com\npassword=$SECRET\n" store
expect_rc "store" 0
expect_absent "store frees no copy of the secret" "$ERR" "freecheck"
checked "protocol=https\nhost=jira.corp.example\nusername=\npassword=$PAT\ntype=pat\n" store
expect_absent "store of a PAT frees no copy" "$ERR" "freecheck"

for f in git header curl netrc env json; do
	checked 'protocol=https\nhost=example.atlassian.net\n' --format=$f get
	expect_rc "get --format=$f" 0
	case $OUT in *"$SECRET"* | *"$AUTH"*) record pass "get --format=$f answers" ;; *) record fail "get --format=$f answers" "$OUT" ;; esac
	expect_absent "get --format=$f frees no copy of the secret or the header" "$ERR" "freecheck"
done
checked 'capability[]=authtype\nprotocol=https\nhost=example.atlassian.net\n' get
expect_absent "get with capability[]=authtype frees no copy" "$ERR" "freecheck"
for f in git header curl env json; do
	checked 'capability[]=authtype\nprotocol=https\nhost=jira.corp.example\n' --format=$f get
	expect_contains "PAT get --format=$f answers" "$OUT" "$PAT"
	expect_absent "PAT get --format=$f frees no copy of the token" "$ERR" "freecheck"
done
checked "protocol=https\nhost=example.atlassian.net\npassword=$SECRET\n" erase
expect_rc "erase with the password" 0
expect_absent "erase with the password frees no copy" "$ERR" "freecheck"

# The password store: a new entry, the same again (decrypted to compare),
# a changed one with a person's own lines, every format of get, list and
# erase by the password.
pass_scratch freed
printf 'old-FreeCheck\nlogin: bob@example.com\nnote: FreeCheck-note\n' |
	pass insert -m jira/pass.example/bob@example.com >/dev/null
for round in stored same; do
	checked "protocol=https\nhost=pass.example\nusername=bob@example.com\npassword=$SECRET\n" store
	expect_rc "pass store ($round)" 0
	expect_absent "pass store ($round) frees no copy of the secret" "$ERR" "freecheck"
done
for f in git header curl netrc env json; do
	checked 'protocol=https\nhost=pass.example\n' --format=$f get
	case $OUT in *"$SECRET"* | *"$AUTH"*) record pass "pass get --format=$f answers" ;; *) record fail "pass get --format=$f answers" "$OUT $ERR" ;; esac
	expect_absent "pass get --format=$f frees no copy" "$ERR" "freecheck"
done
checked 'capability[]=authtype\nprotocol=https\nhost=pass.example\n' get
expect_absent "pass get with capability[]=authtype frees no copy" "$ERR" "freecheck"
checked '' list
expect_absent "pass list frees no copy" "$ERR" "freecheck"
checked "protocol=https\nhost=pass.example\npassword=$SECRET\n" erase
expect_rc "pass erase with the password" 0
expect_absent "pass erase with the password frees no copy" "$ERR" "freecheck"

# A service account: its client secret, and the token minted from it
# (the fake mints a token known beforehand), whether minted or reused.
CSEC='FreeCheck-csec-3K'
MINTED='FreeCheck-minted-5T'
fake_start cloud '{"deployment": "cloud", "minted_token": "'"$MINTED"'", "service_accounts": [
	{"client_id": "cid", "client_secret": "'"$CSEC"'"}]}' tls
export JIRA_CREDENTIAL_OAUTH_URL="https://127.0.0.1:${FAKE_PORT[cloud]}/oauth/token"
export JIRA_CREDENTIAL_GATEWAY="https://127.0.0.1:${FAKE_PORT[cloud]}"
SVC="https://localhost:${FAKE_PORT[cloud]}"
RT=$(mktemp -d /dev/shm/jc-rt.XXXXXX)
chmod 700 "$RT"
checked_service() { # checked_service RUNTIME-DIR STDIN ARGS...
	local rt=$1 in=$2
	shift 2
	OUT=$(printf '%b' "$in" | JC_FREECHECK_1="$CSEC" JC_FREECHECK_2="$MINTED" \
		G_SLICE=always-malloc XDG_RUNTIME_DIR="$rt" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		LD_PRELOAD="$FC" $JC --store=secretservice "$@" 2>"$HOME/.stderr")
	RC=$?
	ERR=$(cat "$HOME/.stderr")
}
checked_service "$RT" "domain=$SVC\nusername=cid\npassword=$CSEC\n" --type=service store
expect_rc "store a service account" 0
expect_absent "store of a client secret frees no copy" "$ERR" "freecheck"
for rt in "$HOME/run" "$RT" "$RT"; do # minted each time, minted and kept, reused
	for f in git header curl env json; do
		checked_service "$rt" "capability[]=authtype\ndomain=$SVC\n" --cacert="$TLS/ca.crt" --format=$f get
		expect_contains "service get --format=$f answers ($rt)" "$OUT" "$MINTED"
		expect_absent "service get --format=$f frees no copy of the secret or the token ($rt)" \
			"$ERR" "freecheck"
	done
done
checked_service "$RT" '' --cacert="$TLS/ca.crt" exec "$SVC" -- sh -c 'test -n "$JIRA_PERSONAL_TOKEN"'
expect_rc "service exec" 0
checked_service "$RT" "domain=$SVC\n" erase
expect_absent "erase of a service account frees no copy" "$ERR" "freecheck"
rm -rf "$RT"
unset JIRA_CREDENTIAL_OAUTH_URL JIRA_CREDENTIAL_GATEWAY
# Data Center: the password of login --create-pat, and the tokens it,
# rotate and erase --revoke handle (the fake makes them "FreeCheck-made-ID").
unset JIRA_CREDENTIAL_STORE PASSWORD_STORE_DIR
reset_keyring
DCPW='FreeCheck-dcpw-4K'
fake_start dc '{"deployment": "server", "users": [{"user": "alice", "secret": "'"$DCPW"'"}],
	"pat": {"raw_prefix": "FreeCheck-made-"}}' tls
DC="https://localhost:${FAKE_PORT[dc]}"
# dc_checked ARGS...: jira-credential with the checker armed for the password,
# its Basic header and the made tokens, stdin empty.
dc_checked() {
	OUT=$(JC_FREECHECK_1="$DCPW" JC_FREECHECK_2="$(printf 'alice:%s' "$DCPW" | base64)" \
		JC_FREECHECK_3="FreeCheck-made-" G_SLICE=always-malloc \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		LD_PRELOAD="$FC" $JC --cacert="$TLS/ca.crt" "$@" </dev/null 2>"$HOME/.stderr")
	RC=$?
	ERR=$(cat "$HOME/.stderr")
}
printf 'alice\n%s\n' "$DCPW" >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" env JC_FREECHECK_1="$DCPW" \
	JC_FREECHECK_2="$(printf 'alice:%s' "$DCPW" | base64)" JC_FREECHECK_3="FreeCheck-made-" \
	G_SLICE=always-malloc ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	LD_PRELOAD="$FC" $JC --cacert="$TLS/ca.crt" login --create-pat "$DC")
RC=$?
expect_rc "login --create-pat" 0
expect_absent "login --create-pat frees no copy of the password or the token" "$OUT" "freecheck"
dc_checked --format=header get "$DC"
expect_contains "the made token is stored" "$OUT" "Bearer FreeCheck-made-"
dc_checked rotate "$DC"
expect_rc "rotate" 0
expect_absent "rotate frees no copy of either token" "$ERR" "freecheck"
dc_checked --revoke erase "$DC"
expect_rc "erase --revoke" 0
expect_absent "erase --revoke frees no copy of the token" "$ERR" "freecheck"
