# t-client-cert.sh: a Jira Data Center behind a zero-trust proxy that asks
# for a client certificate (tests/fakejira.py --tls-client-ca: the test
# CA's certificates only).  --client-cert/--client-key remember the files'
# paths (never a key's contents), refuse a key others can read, and every
# request of this program presents them: validation, a token's creation,
# rotation and revocation.  A refused handshake is its own message, exit
# 5.  The formats hand the files on (curl's cert/key, JIRA_CLIENT_CERT and
# JIRA_CLIENT_KEY, JSON), and doctor checks them.

reset_keyring
fake_start prx '{"deployment": "server", "users": [
	{"user": "alice", "secret": "s3cret-MTLS", "display_name": "Alice"},
	{"token": "pat-MTLS", "user": "alice"}]}' mtls
CA="--cacert=$TLS/ca.crt"
PRX="https://localhost:${FAKE_PORT[prx]}"
H="localhost:${FAKE_PORT[prx]}"
mkdir -p "$HOME/certs"
cp "$TLS/cli.crt" "$TLS/cli.key" "$HOME/certs/"
chmod 600 "$HOME/certs/cli.key"
requests() { fake_count prx /rest/; }

# -- store: the paths, made absolute; a key others can read is refused
cd "$HOME/certs"
run "domain=$PRX\npassword=pat-MTLS\n" $JC --client-cert=cli.crt --client-key=./cli.key store
expect_rc "store with a client certificate" 0
cd "$HOME"
attrs=$(keyring_attrs host "$H")
expect_contains "the certificate's absolute path is an attribute" "$attrs" "attribute.client_cert = $HOME/certs/cli.crt"
expect_contains "the key's absolute path is an attribute" "$attrs" "attribute.client_key = $HOME/certs/cli.key"
expect_absent "no key material in the attributes" "$attrs" "PRIVATE KEY"
expect_eq "the secret is the token alone" "pat-MTLS" "$(keyring_secret host "$H")"
cp "$TLS/cli.key" "$HOME/certs/open.key"
chmod 644 "$HOME/certs/open.key"
run "domain=https://open.example\npassword=p\n" $JC --client-cert="$HOME/certs/cli.crt" --client-key="$HOME/certs/open.key" store
expect_rc "a key others can read is refused" 2
expect_one_line_error "an open key" 
expect_contains "an open key: what to do" "$ERR" "chmod 600 $HOME/certs/open.key"
run "domain=https://open.example\npassword=p\n" $JC --client-cert="$HOME/certs/cli.crt" store
expect_rc "a certificate alone, readable by others, as its own key: refused" 2
run "domain=https://open.example\npassword=p\n" $JC --client-key="$HOME/certs/cli.key" store
expect_rc "a key without its certificate" 2
run "domain=https://open.example\npassword=p\n" $JC --client-cert="$HOME/certs/none.crt" --client-key="$HOME/certs/cli.key" store
expect_rc "a certificate that is not there" 2
expect_contains "not there: names it" "$ERR" "$HOME/certs/none.crt"
expect_eq "nothing refused was stored" 0 "$(keyring_attrs host open.example | grep -c label)"

# -- every request presents them; the proxy lets nothing else in
fake_clear_log prx
run '' $JC $CA --validate get "$PRX"
expect_rc "validation through the proxy" 0
expect_eq "validation: asked Jira" 1 "$(requests)"
run "domain=$PRX\npassword=pat-MTLS\n" $JC --store=secretservice store
run '' $JC $CA --validate --cache-ttl=0 get "$PRX"
expect_rc "git's store without the options keeps the files" 0
run "domain=https://127.0.0.1:${FAKE_PORT[prx]}\npassword=pat-MTLS\n" $JC store
run '' $JC $CA --validate get "https://127.0.0.1:${FAKE_PORT[prx]}"
expect_rc "no client certificate: the proxy refuses" 5
expect_one_line_error "no client certificate" pat-MTLS
expect_contains "no client certificate: its own message" "$ERR" "the proxy refused the TLS handshake"
expect_contains "no client certificate: what to do" "$ERR" "--client-cert=FILE --client-key=FILE"
expect_absent "no client certificate: not a rejected credential" "$ERR" "rejected"
run "domain=https://127.0.0.1:${FAKE_PORT[prx]}\npassword=pat-MTLS\n" $JC --client-cert="$TLS/rogue.crt" --client-key="$TLS/rogue.key" store
run '' $JC $CA --validate get "https://127.0.0.1:${FAKE_PORT[prx]}"
expect_rc "a certificate the proxy does not trust" 5
expect_contains "an untrusted certificate: its own message" "$ERR" "the proxy refused the TLS handshake"
expect_contains "an untrusted certificate: what to check" "$ERR" "is the client certificate the one it trusts"
run "domain=https://127.0.0.1:${FAKE_PORT[prx]}\npassword=pat-MTLS\n" $JC --client-cert="$TLS/expired.crt" --client-key="$TLS/expired.key" store
run '' $JC $CA --validate get "https://127.0.0.1:${FAKE_PORT[prx]}"
expect_rc "an expired certificate" 5
expect_contains "an expired certificate: its own message" "$ERR" "the proxy refused the TLS handshake"
run "domain=https://127.0.0.1:${FAKE_PORT[prx]}\npassword=pat-MTLS\n" $JC --client-cert="$TLS/cli.crt" --client-key="$TLS/rogue.key" store
run '' $JC $CA --validate get "https://127.0.0.1:${FAKE_PORT[prx]}"
expect_rc "a key of another certificate" 5
expect_contains "a key of another certificate: names the files" "$ERR" "cannot use the client certificate $TLS/cli.crt with the key $TLS/rogue.key"
chmod 644 "$HOME/certs/cli.key"
fake_clear_log prx
run '' $JC $CA --validate --cache-ttl=0 get "$PRX"
expect_rc "a key opened to others after it was stored is refused at use" 2
expect_contains "opened after: what to do" "$ERR" "chmod 600 $HOME/certs/cli.key"
expect_eq "opened after: nothing sent" 0 "$(requests)"
chmod 600 "$HOME/certs/cli.key"
mv "$HOME/certs/cli.crt" "$HOME/certs/moved.crt"
run '' $JC $CA --validate --cache-ttl=0 get "$PRX"
expect_rc "a certificate gone since it was stored" 2
expect_contains "gone: names it" "$ERR" "cannot read the client certificate $HOME/certs/cli.crt"
run '' $JC doctor "$PRX"
expect_contains "doctor: a certificate gone is not usable, and named" "$OUT" \
	"certificate: not usable: cannot read the client certificate $HOME/certs/cli.crt"
mv "$HOME/certs/moved.crt" "$HOME/certs/cli.crt"

# -- the formats hand the files on, never their contents
run '' $JC --format=curl get "$PRX"
expect_eq "--format=curl: header, cert and key" "header = \"Authorization: Bearer pat-MTLS\"
cert = \"$HOME/certs/cli.crt\"
key = \"$HOME/certs/cli.key\"" "$OUT"
got=$($JC --format=curl get "$PRX" | curl -s -K - --cacert "$TLS/ca.crt" "$PRX/rest/api/2/myself")
expect_contains "curl -K - gets through the proxy" "$got" '"name": "alice"'
mkdir -p "$HOME/odd dir"
odd='a:b\c"d.crt'
cp "$TLS/cli.crt" "$HOME/odd dir/$odd"
run "domain=https://odd.example\npassword=x\n" $JC --client-cert="$HOME/odd dir/$odd" --client-key="$HOME/certs/cli.key" store
run '' $JC --format=curl get https://odd.example
expect_contains "--format=curl: ':', '\\' and '\"' escaped for curl" "$OUT" "cert = \"$HOME/odd dir/a\\\\:b\\\\\\\\c\\\"d.crt\""
got=$({ printf 'header = "Authorization: Bearer pat-MTLS"\n'; printf '%s\n' "$OUT" | grep -v '^header'; } |
	curl -s -K - --cacert "$TLS/ca.crt" "$PRX/rest/api/2/myself")
expect_contains "curl reads that path back whole" "$got" '"name": "alice"'
run '' $JC --format=env get "$PRX"
expect_contains "--format=env: JIRA_CLIENT_CERT" "$OUT" "JIRA_CLIENT_CERT='$HOME/certs/cli.crt'"
expect_contains "--format=env: JIRA_CLIENT_KEY" "$OUT" "JIRA_CLIENT_KEY='$HOME/certs/cli.key'"
expect_contains "--format=env: exported" "$OUT" "JIRA_PERSONAL_TOKEN JIRA_CLIENT_CERT JIRA_CLIENT_KEY"
got=$(JIRA_CLIENT_CERT=/stale JIRA_CLIENT_KEY=/stale $JC exec "$PRX" -- sh -c 'echo "$JIRA_CLIENT_CERT|$JIRA_CLIENT_KEY"')
expect_eq "exec: the files in the command's environment" "$HOME/certs/cli.crt|$HOME/certs/cli.key" "$got"
run 'username=bob@example.com\npassword=tok\n' $JC store https://example.atlassian.net
got=$(JIRA_CLIENT_CERT=/stale JIRA_CLIENT_KEY=/stale $JC exec https://example.atlassian.net -- sh -c 'echo "${JIRA_CLIENT_CERT-unset}|${JIRA_CLIENT_KEY-unset}"')
expect_eq "exec: a credential without them removes the caller's" "unset|unset" "$got"
run '' $JC --format=env get https://example.atlassian.net
expect_absent "--format=env: none set without a certificate" "$OUT" "JIRA_CLIENT_CERT="
expect_contains "--format=env: ... and a stale one unset" "$OUT" "unset JIRA_PERSONAL_TOKEN JIRA_CLIENT_CERT JIRA_CLIENT_KEY"
run '' $JC --format=json get "$PRX"
expect_contains "--format=json names the certificate" "$OUT" "\"client_cert\":\"$HOME/certs/cli.crt\""
expect_contains "--format=json names the key" "$OUT" "\"client_key\":\"$HOME/certs/cli.key\""
run '' $JC --format=json list
expect_contains "list --format=json names them" "$OUT" "\"client_cert\":\"$HOME/certs/cli.crt\",\"client_key\":\"$HOME/certs/cli.key\""
# Another program's item whose certificate path holds a line break: no curl line is injected.
printf 'pat-X' | keyring_store "Jira: inject" protocol https host inject.example path '' user '' \
	type pat client_cert "$(printf '/c.crt\nurl = "https://evil.example"')" stored "$(date +%s)000000"
run '' $JC --format=curl get https://inject.example
expect_rc "a path with a line break is never written" 1
expect_absent "a path with a line break: no injected line" "$OUT" "evil.example"
for f in git header netrc; do
	OUT=$($JC --format=$f get "$PRX" 2>/dev/null)
	expect_absent "--format=$f: no key material" "$OUT" "PRIVATE"
done

# -- doctor: the files there, the key yours alone and the certificate's, the expiry
fake_clear_log prx
run '' $JC doctor "$PRX"
expect_contains "doctor: the certificate's file" "$OUT" "client cert: $HOME/certs/cli.crt"
expect_contains "doctor: the key's file" "$OUT" "client key:  $HOME/certs/cli.key"
expect_contains "doctor: the certificate, its key and expiry" "$OUT" "certificate: /CN=alice, the key matches, expires $(openssl x509 -in "$TLS/cli.crt" -noout -enddate | cut -d= -f2 | xargs -I{} date -u -d {} +%Y-%m-%d)"
expect_eq "doctor: nothing sent" 0 "$(fake_count prx)"
expect_absent "doctor: no key material" "$OUT" "PRIVATE"
run "domain=https://exp.example\npassword=x\n" $JC --client-cert="$TLS/expired.crt" --client-key="$TLS/expired.key" store
run '' $JC doctor https://exp.example
expect_contains "doctor: an expired certificate" "$OUT" "certificate: /CN=expired expired on 2020-01-02"
run "domain=https://mismatch.example\npassword=x\n" $JC --client-cert="$TLS/cli.crt" --client-key="$TLS/rogue.key" store
run '' $JC doctor https://mismatch.example
expect_contains "doctor: a key of another certificate" "$OUT" "does not belong to the certificate"
chmod 644 "$HOME/certs/cli.key"
run '' $JC doctor "$PRX"
expect_contains "doctor: a key opened to others" "$OUT" "not usable: the client key $HOME/certs/cli.key can be read or written by others"
chmod 600 "$HOME/certs/cli.key"
openssl pkey -in "$TLS/cli.key" -aes128 -passout pass:pp -out "$HOME/certs/locked.key" 2>/dev/null
chmod 600 "$HOME/certs/locked.key"
run "domain=https://locked.example\npassword=x\n" $JC --client-cert="$TLS/cli.crt" --client-key="$HOME/certs/locked.key" store
run '' $JC doctor https://locked.example
expect_contains "doctor: a key that needs a passphrase" "$OUT" "needs a passphrase, which jira-credential never gives"

# -- tokens made, rotated and revoked through the proxy present them too
reset_keyring
printf 'alice\ns3cret-MTLS\n' >"$HOME/answers"
fake_clear_log prx
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC $CA --client-cert="$HOME/certs/cli.crt" \
	--client-key="$HOME/certs/cli.key" login --create-pat "$PRX")
RC=$?
expect_rc "login --create-pat through the proxy" 0
expect_contains "login --create-pat through the proxy: made" "$OUT" "Made personal access token"
expect_contains "login --create-pat keeps the files" "$(keyring_attrs host "$H")" "attribute.client_cert = $HOME/certs/cli.crt"
run '' $JC $CA rotate "$PRX"
expect_rc "rotate through the proxy" 0
expect_contains "rotate keeps the files" "$(keyring_attrs host "$H")" "attribute.client_key = $HOME/certs/cli.key"
run '' $JC $CA --revoke erase "$PRX"
expect_rc "erase --revoke through the proxy" 0
expect_eq "each request got in: made, validated, made, validated, revoked, revoked" \
	"POST GET POST GET DELETE DELETE" "$(grep -o '"method": "[A-Z]*"' "${FAKE_LOG[prx]}" | cut -d'"' -f4 | tr '\n' ' ' | sed 's/ $//')"
printf 'alice\ns3cret-MTLS\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC $CA login --create-pat "$PRX")
RC=$?
expect_rc "login --create-pat without a certificate: the proxy refuses" 5
expect_contains "login --create-pat without a certificate: its message" "$OUT" "the proxy refused the TLS handshake"
printf 'alice\ns3cret-MTLS\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC $CA --client-cert="$HOME/certs/cli.crt" \
	--client-key="$HOME/certs/cli.key" login "$PRX")
RC=$?
expect_rc "login (a password) through the proxy" 0
expect_contains "login keeps the files" "$(keyring_attrs host "$H")" "attribute.client_cert = $HOME/certs/cli.crt"

# -- a service account behind the proxy mints with the client certificate
fake_config prx '{"deployment": "server", "service_accounts": [
	{"client_id": "svc-mtls", "client_secret": "svc-Secret3", "display_name": "Proxy bot", "scopes": ["WRITE"]}]}'
reset_keyring
run "username=svc-mtls\npassword=svc-Secret3\n" $JC --type=service --client-cert="$HOME/certs/cli.crt" \
	--client-key="$HOME/certs/cli.key" store "$PRX"
expect_rc "store a service account with a client certificate" 0
fake_clear_log prx
run '' $JC $CA --format=header get "$PRX"
expect_rc "a service account mints through the proxy" 0
expect_contains "minted through the proxy: a Bearer token" "$OUT" "Authorization: Bearer mint-dc-"
expect_eq "minted through the proxy: the token endpoint got the request" 1 \
	"$(fake_count prx '"path": "/rest/oauth2/latest/token"')"
fake_clear_log prx
run '' $JC $CA rotate "$PRX"
expect_rc "rotate a service account through the proxy" 0
expect_contains "rotate through the proxy: minted" "$OUT" "Minted a new access token for the service account svc-mtls"
expect_eq "rotate through the proxy: the token endpoint got the request" 1 \
	"$(fake_count prx '"path": "/rest/oauth2/latest/token"')"
run '' $JC erase "$PRX"
run "username=svc-mtls\npassword=svc-Secret3\n" $JC --type=service store "$PRX"
fake_clear_log prx
run '' $JC $CA --format=header get "$PRX"
expect_rc "a service account without the certificate: the proxy refuses" 5
expect_contains "without the certificate: its message" "$ERR" "the proxy refused the TLS handshake"
expect_eq "without the certificate: no request got in" 0 "$(fake_count prx /rest/)"
