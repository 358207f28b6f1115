# keep.sh: what git's store after every request that worked keeps
# (design.md "Matching", jira-credential(5) STORE), for every store that
# writes.  git sends back only protocol, host, username and password:
# a store of the secret already stored changes nothing (no new item, no
# encryption, no write, no commit), and the type, expiry, api_base, token
# id and client certificate of that credential stay; a store with a new
# secret keeps the stored type and client certificate.
# stores: secretservice pass

store_reset
git config --global credential.helper jira
# approve HOST USER SECRET: what git does after a request with that credential worked.
approve() {
	run "protocol=https\nhost=$1\nusername=$2\npassword=$3\n" git credential approve
	[ "$RC" = 0 ] || record fail "git credential approve $1 $2" "$ERR"
}

# -- (4) the same secret again: nothing written, whatever the store
run 'domain=https://same.example\nusername=alice\npassword=tok-A\n' $JC --expires=2031-05-01 store
expect_rc "store with an expiry" 0
before=$(store_state same.example)
approve same.example alice tok-A
expect_eq "git's store of the stored credential writes nothing" "$before" "$(store_state same.example)"
approve same.example alice tok-A
approve same.example alice tok-A
expect_eq "nor the next ones" "$before" "$(store_state same.example)"
# -- (5) and what git did not send back stays
run 'protocol=https\nhost=same.example\n' $JC get
expect_contains "the expiry stays" "$OUT" "password_expiry_utc=$(date -u -d 2031-05-01 +%s)"
run '' $JC list
expect_contains "list still shows the expiry" "$OUT" "2031-05-01"
run 'domain=https://same.example\nusername=alice\npassword=tok-A\n' $JC --expires=2032-01-01 store
expect_eq "a new expiry with the same secret is a change" 1 \
	"$([ "$before" != "$(store_state same.example)" ] && echo 1)"
run 'protocol=https\nhost=same.example\n' $JC get
expect_contains "and is stored" "$OUT" "password_expiry_utc=$(date -u -d 2032-01-01 +%s)"

# A personal access token stored with a user: git's store keeps it a pat
# (its header stays Bearer), and so does a new token git stores after a
# prompt.
run 'domain=https://dc.example\nusername=carol\npassword=pat-1\ntype=pat\n' $JC store
before=$(store_state dc.example)
approve dc.example carol pat-1
expect_eq "a pat stored again by git: nothing written" "$before" "$(store_state dc.example)"
run '' $JC --format=header get https://dc.example
expect_eq "the pat stays Bearer" "Authorization: Bearer pat-1" "$OUT"
approve dc.example carol pat-2
run '' $JC --format=header get https://dc.example
expect_eq "a new secret keeps the stored type" "Authorization: Bearer pat-2" "$OUT"
run 'domain=https://dc.example\nusername=carol\npassword=pw-3\ntype=server\n' $JC store
run '' $JC --format=header get https://dc.example
expect_eq "a type given wins" "Authorization: Basic $(printf carol:pw-3 | base64 -w0)" "$OUT"

# The gateway URL that validation learned (a scoped Cloud token) stays.
fake_start cloud '{"deployment": "cloud", "cloud_id": "11111111-2222-3333-4444-555555555555", "users": [
	{"user": "sam@example.com", "secret": "scoped-tok", "scoped": true, "display_name": "Sam"}]}' tls
CLOUD="https://localhost:${FAKE_PORT[cloud]}"
export JIRA_CREDENTIAL_GATEWAY="https://127.0.0.1:${FAKE_PORT[cloud]}"
run "domain=$CLOUD\nusername=sam@example.com\ntype=cloud\npassword=scoped-tok\n" $JC store
run '' $JC --cacert="$TLS/ca.crt" --validate get "$CLOUD"
expect_contains "validation learns the gateway" "$OUT" "api_base=$JIRA_CREDENTIAL_GATEWAY/ex/jira/"
before=$(store_state localhost:${FAKE_PORT[cloud]})
approve "localhost:${FAKE_PORT[cloud]}" sam@example.com scoped-tok
expect_eq "the scoped token stored again by git: nothing written" "$before" \
	"$(store_state "localhost:${FAKE_PORT[cloud]}")"
run '' $JC get "$CLOUD"
expect_contains "api_base stays" "$OUT" "api_base=$JIRA_CREDENTIAL_GATEWAY/ex/jira/"
expect_contains "type stays" "$OUT" "type=cloud"
run '' $JC --format=env get "$CLOUD"
expect_contains "--format=env still points at the gateway" "$OUT" "JIRA_BASE_URL='$JIRA_CREDENTIAL_GATEWAY/ex/jira/"
unset JIRA_CREDENTIAL_GATEWAY

# A service account: a new client secret stored without --type keeps the
# type and the scope; git's store of the stored one keeps the store time
# (list's AGE); git never stores a minted token (ephemeral=1).
svc_field() { # svc_field NAME: list --format=json's member of svc.example
	$JC --format=json list | python3 -c 'import json, sys
for e in json.load(sys.stdin):
    if e["domain"] == "https://svc.example":
        print(e[sys.argv[1]])' "$1"
}
run 'domain=https://svc.example\nusername=cid\npassword=csec-1\n' $JC --type=service --scope=READ store
expect_rc "store a service account" 0
stored=$(svc_field stored_utc)
[ -n "$stored" ] && [ "$stored" != None ] && record pass "list says when it was stored" ||
	record fail "list says when it was stored" "[$stored]"
sleep 1
approve svc.example cid csec-1
expect_eq "git's store of the stored client secret keeps the store time" "$stored" "$(svc_field stored_utc)"
run 'domain=https://svc.example\nusername=cid\npassword=csec-2\n' $JC store
expect_eq "a new client secret keeps the type" service "$(svc_field type)"
expect_eq "a new client secret keeps the scope" READ "$(svc_field scope)"
before=$(store_state svc.example)
run 'protocol=https\nhost=svc.example\nusername=cid\ncapability[]=authtype\nauthtype=Bearer\ncredential=mint-xyz\nephemeral=1\n' $JC store
expect_rc "git's store of a minted token (ephemeral)" 0
expect_eq "a minted token git hands back is not stored" "$before" "$(store_state svc.example)"
# A token made here keeps its id, and a credential its client
# certificate's files, across git's store of the same token; a new token
# keeps the files, not the old token's id.
fake_start dcpat '{"deployment": "server", "users": [{"user": "alice", "secret": "pw-KEEP"}]}' tls
DCP="https://localhost:${FAKE_PORT[dcpat]}"
printf 'alice\npw-KEEP\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC --cacert="$TLS/ca.crt" \
	--client-cert="$TLS/cli.crt" --client-key="$TLS/cli.key" login --create-pat "$DCP")
RC=$?
expect_rc "login --create-pat with a client certificate" 0
TOK=$($JC --format=header get "$DCP" | sed -n 's/^Authorization: Bearer //p')
before=$(store_state "localhost:${FAKE_PORT[dcpat]}")
approve "localhost:${FAKE_PORT[dcpat]}" alice "$TOK"
expect_eq "a token made here stored again by git: nothing written" "$before" \
	"$(store_state "localhost:${FAKE_PORT[dcpat]}")"
run '' $JC --format=json get "$DCP"
expect_contains "its token id stays" "$OUT" '"pat_id":"1001"'
expect_contains "its client certificate stays" "$OUT" "\"client_cert\":\"$TLS/cli.crt\""
expect_contains "its client key stays" "$OUT" "\"client_key\":\"$TLS/cli.key\""
expect_contains "its expiry stays" "$OUT" '"password_expiry_utc":"'
approve "localhost:${FAKE_PORT[dcpat]}" alice other-token
run '' $JC --format=json get "$DCP"
expect_absent "a new token: not the old one's id" "$OUT" '"pat_id"'
expect_contains "a new token: the client certificate stays" "$OUT" "\"client_cert\":\"$TLS/cli.crt\""
