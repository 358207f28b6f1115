# t-service.sh: type service against a fake Atlassian over TLS: a Cloud
# site (tenant_info, the token endpoint at JIRA_CREDENTIAL_OAUTH_URL, the
# gateway at JIRA_CREDENTIAL_GATEWAY) and a Jira Data Center 11 (its own
# token endpoint, with a scope).  Minting, reuse (the fake counts the
# token requests), renewal a minute before expiry, refusal, network
# failure, hostile answers, erase, every output format, git's authtype
# answer, and where a minted token may be found: only in the minted
# tokens' cache, in memory, the user's alone.

reset_keyring
# A runtime directory in memory, as /run/user/UID is: the only place a
# minted token is kept.
RT=$(mktemp -d /dev/shm/jc-rt.XXXXXX)
chmod 700 "$RT"
trap 'rm -rf "$RT"' EXIT
export XDG_RUNTIME_DIR=$RT
expect_eq "the test's runtime directory is in memory" tmpfs "$(stat -f -c %T "$RT")"

fake_start cloud '{"deployment": "cloud", "service_accounts": [
	{"client_id": "cid-ci", "client_secret": "csec-ci-Secret1", "display_name": "CI bot"}]}' tls
CA="--cacert=$TLS/ca.crt"
SITE="https://localhost:${FAKE_PORT[cloud]}" # a Cloud site on its own domain
GW="https://127.0.0.1:${FAKE_PORT[cloud]}"
export JIRA_CREDENTIAL_OAUTH_URL="$GW/oauth/token" JIRA_CREDENTIAL_GATEWAY="$GW"
CLOUD_ID=11111111-2222-3333-4444-555555555555
mints() { fake_count cloud '"path": "/oauth/token"'; }
tokens_in_log() { grep -o 'Bearer mint-[a-z]*-[0-9a-f]*' "${FAKE_LOG[$1]}" | sed 's/^Bearer //' | sort -u; }

# -- store: the client id as the user, the client secret as the secret; nothing sent
run "username=cid-ci\npassword=csec-ci-Secret1\n" $JC --type=service store "$SITE"
expect_rc "store a service account" 0
expect_eq "store without --validate sends nothing" 0 "$(grep -c . "${FAKE_LOG[cloud]}")"
attrs=$(keyring_attrs host "localhost:${FAKE_PORT[cloud]}")
expect_contains "stored as type service" "$attrs" "attribute.type = service"
expect_contains "the client id as the user" "$attrs" "attribute.user = cid-ci"
expect_absent "the client secret in no attribute or label" "$attrs" "csec-ci"
expect_eq "the item's secret is the client secret" "csec-ci-Secret1" \
	"$(keyring_secret host "localhost:${FAKE_PORT[cloud]}")"

# -- the first get mints: tenant_info tells Cloud, the token endpoint gets the form
run '' $JC $CA --format=header get "$SITE"
expect_rc "get mints a token" 0
expect_eq "minting: one token request" 1 "$(mints)"
expect_eq "minting: tenant_info asked once" 1 "$(fake_count cloud _edge/tenant_info)"
expect_eq "minting: nothing else asked" 2 "$(grep -c . "${FAKE_LOG[cloud]}")"
expect_contains "the header is the minted Bearer token" "$OUT" "Authorization: Bearer mint-cloud-"
TOKEN=${OUT#Authorization: Bearer }
req=$(grep '/oauth/token' "${FAKE_LOG[cloud]}")
expect_contains "the token endpoint is POSTed" "$req" '"method": "POST"'
expect_contains "form-encoded" "$req" '"content-type": "application/x-www-form-urlencoded"'
expect_absent "the client secret is in no header" "$req" "csec-ci"
run '' $JC --format=json list
expect_contains "the gateway is remembered as api_base" "$OUT" "\"api_base\":\"$GW/ex/jira/$CLOUD_ID\""

# -- reuse: a second get makes no request at all
fake_clear_log cloud
run '' $JC $CA --format=header get "$SITE"
expect_eq "reuse: the same token" "Authorization: Bearer $TOKEN" "$OUT"
expect_eq "reuse: no request at all" 0 "$(grep -c . "${FAKE_LOG[cloud]}")"

# -- every output format
run 'protocol=https\nhost=localhost:'"${FAKE_PORT[cloud]}"'\ncapability[]=authtype\n' $JC get
expect_rc "git get with capability[]=authtype" 0
expect_contains "git: authtype=Bearer" "$OUT" "authtype=Bearer"
expect_contains "git: credential= the token" "$OUT" "credential=$TOKEN"
expect_contains "git: capability[]=authtype" "$OUT" "capability[]=authtype"
expect_contains "git: ephemeral, so git does not store it" "$OUT" "ephemeral=1"
exp=$(printf '%s\n' "$OUT" | sed -n 's/^password_expiry_utc=//p')
now=$(date +%s)
[ -n "$exp" ] && [ "$exp" -gt $((now + 3500)) ] && [ "$exp" -le $((now + 3600)) ] &&
	record pass "git: password_expiry_utc is the token's expiry" ||
	record fail "git: password_expiry_utc is the token's expiry" "[$exp] now $now"
expect_absent "git: no password" "$OUT" "password="
expect_absent "git: never the client secret" "$OUT" "csec-ci"
run 'protocol=https\nhost=localhost:'"${FAKE_PORT[cloud]}"'\n' $JC get
expect_rc "git get without the capability" 0
expect_eq "git without capability[]=authtype: nothing (it could only send a password)" "" "$OUT"
run '' $JC --format=curl get "$SITE"
expect_eq "curl format" "header = \"Authorization: Bearer $TOKEN\"" "$OUT"
run '' $JC --format=netrc get "$SITE"
expect_rc "netrc format refused" 2
expect_contains "netrc: says why" "$ERR" "a service account's token needs a Bearer header"
run '' $JC --format=env get "$SITE"
expect_contains "env: JIRA_BASE_URL is the gateway" "$OUT" "JIRA_BASE_URL='$GW/ex/jira/$CLOUD_ID'"
expect_contains "env: JIRA_HOST is the gateway" "$OUT" "JIRA_HOST='$GW/ex/jira/$CLOUD_ID'"
expect_contains "env: JIRA_API_TOKEN" "$OUT" "JIRA_API_TOKEN='$TOKEN'"
expect_contains "env: JIRA_PERSONAL_TOKEN" "$OUT" "JIRA_PERSONAL_TOKEN='$TOKEN'"
expect_contains "env: bearer" "$OUT" "JIRA_AUTH_TYPE='bearer'"
expect_absent "env: no user variable" "$OUT" "JIRA_USERNAME="
expect_contains "env: the user variables unset" "$OUT" "unset JIRA_USER_EMAIL JIRA_USERNAME JIRA_EMAIL JIRA_LOGIN"
run '' $JC --format=json get "$SITE"
expect_contains "json: the type" "$OUT" '"type":"service"'
expect_contains "json: the Bearer header" "$OUT" "\"authorization\":\"Bearer $TOKEN\""
expect_contains "json: the token as credential" "$OUT" "\"credential\":\"$TOKEN\""
expect_absent "json: no password member" "$OUT" '"password":'
expect_absent "json: never the client secret" "$OUT" "csec-ci"
show='printf "%s|%s|%s|%s|%s|%s\n" "$JIRA_URL" "$JIRA_AUTH_TYPE" "${JIRA_USERNAME-unset}" "${JIRA_EMAIL-unset}" "$JIRA_PERSONAL_TOKEN" "$JIRA_API_TOKEN"'
run '' env JIRA_USERNAME=leftover JIRA_EMAIL=x JIRA_HOST=https://other.example $JC exec "$SITE" -- sh -c "$show; printf '%s\n' \"\$JIRA_HOST\""
expect_eq "exec: the gateway, bearer, the caller's user variables removed, the token" \
	"$GW/ex/jira/$CLOUD_ID|bearer|unset|unset|$TOKEN|$TOKEN
$GW/ex/jira/$CLOUD_ID" "$OUT"

# -- --validate asks the gateway's /rest/api/2/myself with the token
fake_clear_log cloud
run 'protocol=https\nhost=localhost:'"${FAKE_PORT[cloud]}"'\ncapability[]=authtype\n' $JC $CA --cache-ttl=0 --validate get
expect_rc "get --validate" 0
expect_contains "validated: who the gateway says it is" "$OUT" "display_name=CI bot"
expect_eq "validated at the gateway's /rest/api/2/myself" 1 \
	"$(fake_count cloud "\"path\": \"/ex/jira/$CLOUD_ID/rest/api/2/myself\"")"
expect_eq "validated with the reused token: no mint" 0 "$(mints)"

# -- rotate: the kept token forgotten, a new one minted and kept, one line with its expiry
fake_clear_log cloud
before=$(date +%s)
run '' $JC $CA rotate "$SITE"
expect_rc "rotate a service credential" 0
expect_eq "rotate: one token request, nothing else (where calls go is known)" "1 1" \
	"$(mints) $(grep -c . "${FAKE_LOG[cloud]}")"
expect_eq "rotate: nothing on stderr" "" "$ERR"
expect_eq "rotate: one line" 1 "$(printf '%s\n' "$OUT" | grep -c .)"
expect_contains "rotate: says what it did" "$OUT" \
	"Minted a new access token for the service account cid-ci at $SITE; it expires "
expect_absent "rotate: never the token" "$OUT" "mint-cloud-"
expect_absent "rotate: never the client secret" "$OUT$ERR" "csec-ci"
when=$(printf '%s\n' "$OUT" | sed -n 's/.* it expires \(.*\) UTC\.$/\1/p')
exp=$(date -u -d "$when" +%s 2>/dev/null)
[ -n "$exp" ] && [ "$exp" -ge $((before + 3599)) ] && [ "$exp" -le $(($(date +%s) + 3600)) ] &&
	record pass "rotate: the expiry is the new token's (3600 s from now)" ||
	record fail "rotate: the expiry is the new token's (3600 s from now)" "[$OUT] before $before"
fake_clear_log cloud
run '' $JC $CA --format=header get "$SITE"
expect_eq "after rotate: get reuses the new token, no request" 0 "$(grep -c . "${FAKE_LOG[cloud]}")"
RTOKEN=${OUT#Authorization: Bearer }
expect_contains "after rotate: a minted token" "$OUT" "Authorization: Bearer mint-cloud-"
[ "$RTOKEN" != "$TOKEN" ] && record pass "after rotate: not the token minted before" ||
	record fail "after rotate: not the token minted before" "$RTOKEN"
expect_eq "after rotate: the old token is kept nowhere" "" \
	"$(grep -rlF -- "$TOKEN" "$RT" "$HOME" 2>/dev/null | grep -v "^$HOME/fake-")"
fake_config cloud '{"deployment": "cloud", "service_accounts": [
	{"client_id": "cid-ci", "client_secret": "csec-ci-Other", "display_name": "CI bot"}]}'
run '' $JC $CA rotate "$SITE"
expect_rc "rotate, the client refused: exit 4" 4
expect_one_line_error "rotate, the client refused" "csec-ci-Secret1"
fake_config cloud '{"deployment": "cloud", "service_accounts": [
	{"client_id": "cid-ci", "client_secret": "csec-ci-Secret1", "display_name": "CI bot"}]}'

# -- renewal: a token with less than a minute left is never handed out
fake_config cloud '{"deployment": "cloud", "token_expires_in": 59, "service_accounts": [
	{"client_id": "cid-ci", "client_secret": "csec-ci-Secret1", "display_name": "CI bot"}]}'
run "username=cid-ci\npassword=csec-ci-Secret1\n" $JC --type=service store "$SITE"
fake_clear_log cloud
for i in 1 2 3; do run '' $JC $CA --format=header get "$SITE"; done
expect_rc "short-lived tokens: get works" 0
expect_eq "59 s tokens: every get mints (renewed a minute before expiry)" 3 "$(mints)"
fake_config cloud '{"deployment": "cloud", "token_expires_in": 3600, "service_accounts": [
	{"client_id": "cid-ci", "client_secret": "csec-ci-Secret1", "display_name": "CI bot"}]}'
fake_clear_log cloud
for i in 1 2 3; do run '' $JC $CA --format=header get "$SITE"; done
expect_eq "3600 s tokens: minted once, then reused" 1 "$(mints)"

# -- erase forgets the token: the next get after a new store mints
ls "$RT/jira-credential" | grep -q '^t' && record pass "a token is kept" || record fail "a token is kept" "$(ls -la "$RT/jira-credential")"
run "protocol=https\nhost=localhost:${FAKE_PORT[cloud]}\n" $JC erase
expect_rc "erase" 0
expect_eq "erase forgets the minted token" "" "$(ls "$RT/jira-credential" | grep '^t')"
run "username=cid-ci\npassword=csec-ci-Secret1\n" $JC --type=service store "$SITE"
fake_clear_log cloud
run '' $JC $CA --format=header get "$SITE"
expect_eq "after erase and store: a new mint" 1 "$(mints)"
expect_absent "after erase: not the old token" "$OUT" "$TOKEN"

# -- a refused client: exit 4, one line, nothing stored
before=$(count_items)
fake_clear_log cloud
run "username=cid-ci\npassword=wrong-secret\n" $JC $CA --type=service --validate store "$SITE"
expect_rc "wrong client secret: exit 4" 4
expect_one_line_error "wrong client secret" wrong-secret
expect_contains "wrong client secret: says what was refused" "$ERR" "refused the service account's client id and secret"
expect_contains "wrong client secret: where an admin makes new ones" "$ERR" "https://admin.atlassian.com"
expect_eq "wrong client secret: nothing stored" "$before" "$(count_items)"
expect_eq "wrong client secret: the stored one is kept" "csec-ci-Secret1" \
	"$(keyring_secret host "localhost:${FAKE_PORT[cloud]}")"

# -- a network failure while minting: exit 5, nothing changed
run '' $JC erase "$SITE" # forget the token: the next get must mint
run "username=cid-ci\npassword=csec-ci-Secret1\n" $JC --type=service store "$SITE"
item=$(keyring_attrs host "localhost:${FAKE_PORT[cloud]}")
run '' env JIRA_CREDENTIAL_OAUTH_URL=https://127.0.0.1:1/oauth/token $JC $CA --format=header get "$SITE"
expect_rc "token endpoint unreachable: exit 5" 5
expect_one_line_error "token endpoint unreachable" csec-ci
expect_eq "unreachable: nothing printed" "" "$OUT"
expect_eq "unreachable: the stored credential unchanged" "$item" \
	"$(keyring_attrs host "localhost:${FAKE_PORT[cloud]}")"

# -- hostile token endpoints: a clear error, no crash, no hang, nothing kept
for kind in huge deep wrong_types missing newline not_bearer redirect '{"kind":"status","status":500}'; do
	case $kind in "{"*) sc=$kind ;; *) sc="{\"kind\": \"$kind\"}" ;; esac
	fake_config cloud '{"deployment": "cloud", "token_reply": '"$sc"', "service_accounts": [
		{"client_id": "cid-ci", "client_secret": "csec-ci-Secret1"}]}'
	run '' $JC $CA --timeout=10 --format=header get "$SITE"
	expect_rc "hostile token endpoint ($kind): exit 5" 5
	expect_one_line_error "hostile token endpoint ($kind)" csec-ci
	expect_eq "hostile token endpoint ($kind): nothing printed" "" "$OUT"
	expect_absent "hostile token endpoint ($kind): no token quoted" "$ERR" "mint-"
done
expect_contains "a token with a line break is refused as no token" "$ERR" "token endpoint"
fake_config cloud '{"deployment": "cloud", "token_reply": {"kind": "hang"}, "service_accounts": [
	{"client_id": "cid-ci", "client_secret": "csec-ci-Secret1"}]}'
start=$(date +%s)
run '' $JC $CA --timeout=2 --format=header get "$SITE"
expect_rc "a token endpoint that hangs: exit 5" 5
[ $(($(date +%s) - start)) -le 10 ] && record pass "a hanging token endpoint is given up within --timeout" ||
	record fail "a hanging token endpoint is given up within --timeout" "$(($(date +%s) - start)) s"
expect_eq "after hostile answers: no token kept" "" "$(ls "$RT/jira-credential" | grep '^t')"

# -- a scope given for a Cloud site is never sent (Atlassian refuses one)
fake_config cloud '{"deployment": "cloud", "service_accounts": [
	{"client_id": "cid-ci", "client_secret": "csec-ci-Secret1", "display_name": "CI bot"}]}'
run "username=cid-ci\npassword=csec-ci-Secret1\n" $JC --type=service --scope=WRITE store "$SITE"
run '' $JC $CA --format=header get "$SITE"
expect_rc "a Cloud service account with a --scope: minted without it" 0

# -- --verbose: the exchange, nothing secret
run '' $JC erase "$SITE"
run "username=cid-ci\npassword=csec-ci-Secret1\n" $JC --type=service store "$SITE"
run '' $JC $CA --verbose --cache-ttl=0 --validate --format=header get "$SITE"
expect_rc "--verbose get" 0
expect_contains "--verbose: the POST" "$ERR" "> POST $GW/oauth/token"
expect_contains "--verbose: the form redacted" "$ERR" "> form: [redacted]"
expect_absent "--verbose: no client secret" "$ERR" "csec-ci"
expect_absent "--verbose: no minted token" "$ERR" "${OUT#Authorization: Bearer }"

# -- without a runtime directory in memory, no token is kept: every get mints
fake_clear_log cloud
for i in 1 2; do
	run '' env XDG_RUNTIME_DIR="$HOME/run" $JC $CA --format=header get "$SITE"
done
expect_eq "no runtime directory in memory: every get mints" 2 "$(mints)"
run '' env -u XDG_RUNTIME_DIR $JC $CA --verbose --format=header get "$SITE"
expect_contains "no runtime directory: --verbose says why" "$ERR" "not keeping minted tokens"

# -- where minted tokens are: only the cache, 0600 in 0700, in memory
run '' $JC $CA --format=header get "$SITE"
for t in $(tokens_in_log cloud); do
	found=$(grep -rlF -- "$t" "$HOME" "$RT" 2>/dev/null | grep -v "^$HOME/fake-")
	for f in $found; do
		case $f in
		"$RT"/jira-credential/t*)
			expect_eq "a kept token's file is 0600" 600 "$(stat -c %a "$f")"
			;;
		*) record fail "a minted token is found only in the token cache" "$f" ;;
		esac
	done
done
expect_eq "the token cache's directory is 0700" 700 "$(stat -c %a "$RT/jira-credential")"
record pass "searched $(tokens_in_log cloud | wc -l) minted tokens under HOME and the runtime directory"

# ==== Jira Data Center 11: its own token endpoint, with a scope
fake_start dc '{"deployment": "server", "context_path": "/jira", "service_accounts": [
	{"client_id": "dc-bot", "client_secret": "dc-Secret2", "display_name": "DC bot", "scopes": ["READ"]}]}' tls
DC="https://localhost:${FAKE_PORT[dc]}/jira"
run "username=dc-bot\npassword=dc-Secret2\n" $JC --type=service --scope=READ store "$DC"
expect_contains "the scope is remembered with the credential" "$(keyring_attrs host "localhost:${FAKE_PORT[dc]}")" \
	"attribute.scope = READ"
run '' $JC $CA --validate --format=header get "$DC"
expect_rc "Data Center 11: get --validate mints and validates" 0
expect_contains "Data Center 11: a Bearer token" "$OUT" "Authorization: Bearer mint-dc-"
expect_eq "Data Center 11: its own token endpoint" 1 \
	"$(fake_count dc '"path": "/jira/rest/oauth2/latest/token"')"
run '' $JC --format=json list
expect_contains "Data Center 11: calls go to its own base" "$OUT" "\"api_base\":\"$DC\""
run '' $JC --format=env get "$DC"
expect_contains "Data Center 11: JIRA_BASE_URL is the domain" "$OUT" "JIRA_BASE_URL='$DC'"
run '' $JC erase "$DC"
run "username=dc-bot\npassword=dc-Secret2\n" $JC --type=service store "$DC"
fake_clear_log dc
run '' $JC $CA --format=header get "$DC"
expect_rc "Data Center 11: the default scope WRITE refused" 4
expect_contains "Data Center 11: the refused scope named" "$ERR" "refused the scope 'WRITE'"
expect_contains "Data Center 11: says to use --scope" "$ERR" "--scope"

# ==== login and import-netrc say "service" with --type
fake_config cloud '{"deployment": "cloud", "service_accounts": [
	{"client_id": "cid-ci", "client_secret": "csec-ci-Secret1", "display_name": "CI bot"}]}'
run '' $JC erase "$SITE"
printf 'cid-ci\ncsec-ci-Secret1\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC $CA --type=service login "$SITE")
RC=$?
expect_rc "login --type=service" 0
expect_contains "login asks for the client id" "$OUT" "Client ID of the service account for $SITE"
expect_contains "login asks for the client secret" "$OUT" "Client secret:"
expect_absent "login never echoes the client secret" "$OUT" "csec-ci"
expect_absent "login asks no expiry for a service account" "$OUT" "Expiry date"
expect_contains "login says who Jira says it is" "$OUT" "Jira says you are CI bot"
expect_contains "login stored a service credential" "$(keyring_attrs host "localhost:${FAKE_PORT[cloud]}")" \
	"attribute.type = service"
fake_clear_log cloud
run '' $JC $CA --format=header get "$SITE"
expect_eq "after login the token minted then is reused" 0 "$(mints)"
printf 'machine netrc-svc.example login cid-n password csec-n\n' >"$HOME/svc-netrc"
run '' $JC --type=service import-netrc "$HOME/svc-netrc"
expect_rc "import-netrc --type=service" 0
expect_contains "import-netrc --type=service: the type" "$(keyring_attrs host netrc-svc.example)" \
	"attribute.type = service"

# ==== the password store: a minted token never in it, nor in its git history
G1="$HOME/gnupg-svc"
gpg_home "$G1"
trap 'rm -rf "$RT"; gpg_stop_all' EXIT
export GNUPGHOME="$G1" PASSWORD_STORE_DIR="$HOME/store"
git config --global user.email ci@test.invalid
git config --global user.name ci
pass init "$(gpg_key "$G1" svc)" >/dev/null
pass git init >/dev/null 2>&1
P="$JC --store=pass"
run "username=cid-ci\npassword=csec-ci-Secret1\n" $P --type=service --scope=WRITE store "$SITE"
expect_rc "pass: store a service account" 0
rm -rf "$RT/jira-credential"
run '' $P $CA --validate --format=header get "$SITE"
expect_rc "pass: get --validate mints and validates" 0
PTOKEN=${OUT#Authorization: Bearer }
entry=$(pass show "jira/localhost_${FAKE_PORT[cloud]}/cid-ci")
expect_contains "pass: the entry says service" "$entry" "type: service"
expect_contains "pass: the entry keeps the scope" "$entry" "scope: WRITE"
expect_contains "pass: the gateway remembered" "$entry" "api_base: $GW/ex/jira/$CLOUD_ID"
expect_absent "pass: the entry holds no minted token" "$entry" "$PTOKEN"
history=$(git -C "$PASSWORD_STORE_DIR" log -p --all 2>&1; for f in $(git -C "$PASSWORD_STORE_DIR" rev-list --all); do
	git -C "$PASSWORD_STORE_DIR" ls-tree -r "$f" | while read -r _ _ blob name; do
		case $name in *.gpg) git -C "$PASSWORD_STORE_DIR" cat-file blob "$blob" | gpg -q -d 2>/dev/null ;; esac
	done; done)
expect_contains "pass: the history was read, decrypted" "$history" "csec-ci-Secret1"
expect_absent "pass: no minted token in the store's git history" "$history" "$PTOKEN"
expect_eq "pass: no file of the store holds the token" "" "$(grep -rlF -- "$PTOKEN" "$PASSWORD_STORE_DIR")"
fake_clear_log cloud
run '' $P $CA --format=header get "$SITE"
expect_eq "pass: the token reused, from memory" "Authorization: Bearer $PTOKEN" "$OUT"
expect_eq "pass: reuse makes no request" 0 "$(grep -c . "${FAKE_LOG[cloud]}")"
