# t-args.sh: no secret in the arguments or the environment of any program
# this one starts (the validator, gpg, git), nor in its own: every execve
# of login --create-pat, rotate, erase --revoke, a validation with a
# client certificate, a service account's mint and doctor is recorded by
# strace, arguments and environment in full, and searched for the
# password, its Basic header, the tokens made or minted, the client secret
# and the client key's contents.

reset_keyring
PW='Args-dcpw-8Q'
fake_start dc '{"deployment": "server", "users": [{"user": "alice", "secret": "'"$PW"'"}],
	"pat": {"raw_prefix": "Args-made-"}}' mtls
DC="https://localhost:${FAKE_PORT[dc]}"
CERTS=(--client-cert="$TLS/cli.crt" --client-key="$TLS/cli.key")
KEYLINE=$(sed -n 2p "$TLS/cli.key")
TRACE="$HOME/execve"
: >"$TRACE"
# traced ARGS...: jira-credential under strace, every execve of it and of its children logged.
traced() {
	OUT=$(strace -f -qq -v -s 1048576 -e trace=execve -o "$HOME/one" \
		$JC --cacert="$TLS/ca.crt" "$@" </dev/null 2>"$HOME/.stderr")
	RC=$?
	ERR=$(cat "$HOME/.stderr")
	cat "$HOME/one" >>"$TRACE"
}
# secretless NAME: the trace so far holds none of the secrets, and saw the validator start.
secretless() {
	local t
	t=$(cat "$TRACE")
	expect_contains "$1: the trace saw the validator start" "$t" "jira-credential-validate"
	expect_absent "$1: no password in any argv or environment" "$t" "$PW"
	expect_absent "$1: no Basic header" "$t" "$(printf 'alice:%s' "$PW" | base64)"
	expect_absent "$1: no token" "$t" "Args-made-"
	expect_absent "$1: no key material" "$t" "$KEYLINE"
	: >"$TRACE"
}

printf 'alice\n%s\n' "$PW" >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" strace -f -qq -v -s 1048576 -e trace=execve \
	-o "$TRACE" $JC --cacert="$TLS/ca.crt" "${CERTS[@]}" login --create-pat "$DC")
RC=$?
expect_rc "login --create-pat" 0
secretless "login --create-pat"
traced --validate --cache-ttl=0 --format=header get "$DC"
expect_rc "get --validate with a client certificate" 0
expect_contains "get answers the made token" "$OUT" "Bearer Args-made-"
secretless "get --validate"
traced rotate "$DC"
expect_rc "rotate" 0
secretless "rotate"
traced doctor "$DC"
secretless "doctor"
traced --revoke erase "$DC"
expect_rc "erase --revoke" 0
secretless "erase --revoke"

# The password store: gpg and git run too.
pass_scratch args
printf 'alice\n%s\n' "$PW" >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" strace -f -qq -v -s 1048576 -e trace=execve \
	-o "$TRACE" $JC --cacert="$TLS/ca.crt" "${CERTS[@]}" login --create-pat "$DC")
RC=$?
expect_rc "pass: login --create-pat" 0
expect_contains "pass: the trace saw gpg or git" "$(cat "$TRACE")" "git"
secretless "pass: login --create-pat"
traced rotate "$DC"
expect_rc "pass: rotate" 0
secretless "pass: rotate"
traced --revoke erase "$DC"
expect_rc "pass: erase --revoke" 0
secretless "pass: erase --revoke"

# A service account: its client secret goes to the validator on the pipe
# alone, and so does the token minted from it, on its way back.
unset JIRA_CREDENTIAL_STORE PASSWORD_STORE_DIR
reset_keyring
CSEC='Args-csec-5W'
MINTED='Args-minted-3R'
fake_start svc '{"deployment": "cloud", "minted_token": "'"$MINTED"'", "service_accounts": [
	{"client_id": "cid", "client_secret": "'"$CSEC"'"}]}' tls
export JIRA_CREDENTIAL_OAUTH_URL="https://127.0.0.1:${FAKE_PORT[svc]}/oauth/token"
export JIRA_CREDENTIAL_GATEWAY="https://127.0.0.1:${FAKE_PORT[svc]}"
SVC="https://localhost:${FAKE_PORT[svc]}"
run "domain=$SVC\nusername=cid\npassword=$CSEC\n" $JC --type=service store
expect_rc "store a service account" 0
traced --validate --cache-ttl=0 --format=header get "$SVC"
expect_rc "service get --validate: minted and validated" 0
expect_contains "service get answers the minted token" "$OUT" "Bearer $MINTED"
t=$(cat "$TRACE")
expect_contains "service: the trace saw the validator start" "$t" "jira-credential-validate"
expect_absent "service: no client secret in any argv or environment" "$t" "$CSEC"
expect_absent "service: no minted token in any argv or environment" "$t" "$MINTED"
: >"$TRACE"
unset JIRA_CREDENTIAL_OAUTH_URL JIRA_CREDENTIAL_GATEWAY
