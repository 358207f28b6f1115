# t-validate.sh: --validate against fake Jiras over TLS (a CA made by
# openssl at test time): each answer of docs/jira-answers.md, with
# the number of requests and the headers each origin received.

reset_keyring
srv_config() { # srv_config VALID-AFTER-OF-THE-NEW-TOKEN
	fake_config srv '{"deployment": "server", "context_path": "/jira", "users": [
	{"user": "alice", "secret": "s3cret", "display_name": "Alice Liddell"},
	{"user": "locked", "secret": "r1ght-pw", "captcha": true},
	{"token": "fresh-pat", "user": "newbie", "valid_after": '"$1"'},
	{"token": "pat-123", "user": "patty", "display_name": "Patty"}]}'
}
fake_start srv '{}' tls
srv_config 0
make_ca
CA="--cacert=$TLS/ca.crt"
SRV="https://localhost:${FAKE_PORT[srv]}/jira"
MYSELF=/jira/rest/api/2/myself

# -- success, with facts; the request Jira saw
run "domain=$SRV\nusername=alice\npassword=s3cret\n" $JC store
run '' $JC $CA --validate get "$SRV"
expect_rc "valid server credential" 0
expect_contains "answers the credential" "$OUT" "password=s3cret"
expect_contains "adds the display name" "$OUT" "display_name=Alice Liddell"
req=$(grep "$MYSELF" "${FAKE_LOG[srv]}" | tail -n 1)
expect_contains "GET {base}/rest/api/2/myself" "$req" "\"path\": \"$MYSELF\""
expect_contains "with the credential's own header" "$req" "\"authorization\": \"Basic $(printf alice:s3cret | base64)\""
expect_contains "Accept: application/json" "$req" '"accept": "application/json"'
expect_contains "User-Agent: jira-credential/VERSION" "$req" '"user-agent": "jira-credential/'

# -- cache: a second check does not ask Jira; ttl 0 does; a new secret does
n=$(fake_count srv "$MYSELF")
run '' $JC $CA --validate get "$SRV"
expect_rc "cached validation" 0
expect_eq "cached: no request" "$n" "$(fake_count srv "$MYSELF")"
expect_contains "cached: facts kept" "$OUT" "display_name=Alice Liddell"
run "domain=$SRV\nvalidate=1\n" $JC $CA get
expect_eq "validate=1 in the input is --validate (cached)" "$n" "$(fake_count srv "$MYSELF")"
expect_contains "validate=1 answers" "$OUT" "display_name=Alice Liddell"
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_eq "--cache-ttl=0 asks Jira" "$((n + 1))" "$(fake_count srv "$MYSELF")"
cache=$(find "$XDG_RUNTIME_DIR/jira-credential" -type f ! -name key -exec cat {} +)
expect_contains "cache holds the facts" "$cache" "display_name=Alice Liddell"
expect_absent "cache holds no secret" "$cache" "s3cret"
expect_absent "cache holds no header" "$cache" "$(printf alice:s3cret | base64)"
run "domain=$SRV\nusername=alice\npassword=wrong\n" $JC store
n=$(fake_count srv "$MYSELF")
run '' $JC $CA --validate get "$SRV"
expect_rc "new secret: not trusted from the cache" 4
expect_eq "new secret: asked Jira" "$((n + 1))" "$(fake_count srv "$MYSELF")"
expect_one_line_error "401 message" wrong
expect_contains "401 says what to do" "$ERR" "401"
run '' $JC $CA --validate get "$SRV"
expect_eq "a failure is never cached" "$((n + 2))" "$(fake_count srv "$MYSELF")"
expect_eq "get --validate on failure prints nothing" "" "$OUT"
expect_eq "get waits 0 s by default: one request per failure" "$((n + 2))" "$(fake_count srv "$MYSELF")"

# -- store --validate saves only after success
before=$(count_items)
run "domain=$SRV\nusername=alice\npassword=bad\n" $JC $CA --validate --wait=0 store
expect_rc "store --validate with a bad password" 4
expect_eq "store --validate: nothing saved on failure" "$before" "$(count_items)"
run '' $JC --format=header get "$SRV"
expect_eq "old credential untouched" "Authorization: Basic $(printf alice:wrong | base64)" "$OUT"
run "domain=$SRV\nusername=alice\npassword=s3cret\n" $JC $CA --validate store
expect_rc "store --validate with the right password" 0
run '' $JC --format=header get "$SRV"
expect_eq "stored after success" "Authorization: Basic $(printf alice:s3cret | base64)" "$OUT"

# -- a brand-new token: 401 for a few seconds, then 200
NEW="https://127.0.0.1:${FAKE_PORT[srv]}/jira" # another origin than $SRV: its own item
srv_config "$(fake_in 5 srv)"
fake_clear_log srv
run "domain=$NEW\npassword=fresh-pat\n" $JC $CA --validate --wait=0 store
expect_rc "--wait=0 gives up at once" 4
expect_eq "--wait=0: one request" 1 "$(fake_count srv "$MYSELF")"
srv_config "$(fake_in 4 srv)" # from now: this store's own first try still fails
fake_clear_log srv
run "domain=$NEW\npassword=fresh-pat\n" $JC $CA --validate --wait=30 store
expect_rc "new token: store waits until it works" 0
n=$(fake_count srv "$MYSELF")
[ "$n" -ge 2 ] && [ "$n" -le 4 ] && record pass "new token: retried a few times ($n)" ||
	record fail "new token: retried a few times" "$n requests"
run '' $JC --format=header get "$NEW"
expect_eq "new token stored" "Authorization: Bearer fresh-pat" "$OUT"

# -- a wrong Server/DC password is never retried: each try counts toward CAPTCHA
fake_clear_log srv
run "domain=$SRV\nusername=alice\npassword=typo\n" $JC $CA --validate --wait=30 store
expect_rc "wrong server password, long wait" 4
expect_eq "wrong server password: one request, no retry" 1 "$(fake_count srv "$MYSELF")"
# ... and the advice fits a password: check it; it is never "brand new" nor waited for
expect_contains "wrong server password: check the username and password" "$ERR" \
	"check the username and the password (it is not tried again"
expect_absent "wrong server password: no --wait advice" "$ERR" "--wait"
expect_absent "wrong server password: not 'brand new'" "$ERR" "brand new"
# a token's refusal still tells about the wait for a brand-new one
run "domain=$NEW\npassword=not-a-pat\n" $JC $CA --validate --wait=0 store
expect_rc "wrong personal access token" 4
expect_contains "wrong personal access token: check it, or wait" "$ERR" \
	"check the personal access token, or if it is brand new, wait with --wait=60"

# -- CAPTCHA: exit 4, login URL, never retried even with a long wait
fake_clear_log srv
run "domain=$SRV\nusername=locked\npassword=r1ght-pw\n" $JC $CA --validate --wait=30 store
expect_rc "CAPTCHA rejected" 4
expect_contains "CAPTCHA names the login page" "$ERR" "/jira/login.jsp"
expect_one_line_error "CAPTCHA message" r1ght-pw
expect_eq "CAPTCHA never retried" 1 "$(fake_count srv "$MYSELF")"

# -- PAT (Bearer) good and bad
run "domain=$SRV\npassword=pat-123\n" $JC $CA --validate store
expect_rc "valid PAT" 0
run "domain=$SRV\npassword=pat-bad\n" $JC $CA --validate --wait=0 store
expect_rc "bad PAT" 4
expect_one_line_error "bad PAT" pat-bad

# -- --verbose: the exchange, every secret redacted
run '' $JC $CA --verbose --cache-ttl=0 --validate get "$SRV"
expect_contains "verbose: request line" "$ERR" "> GET $SRV/rest/api/2/myself"
expect_contains "verbose: status" "$ERR" "< HTTP 200"
expect_contains "verbose: header redacted" "$ERR" "Authorization: [redacted]"
expect_absent "verbose: no secret" "$ERR" "pat-123"
expect_absent "verbose: no encoded secret" "$ERR" "$(printf alice:s3cret | base64)"

# -- rate limits: Retry-After honoured within the time budget
fake_config srv '{"deployment": "server", "context_path": "/jira", "users": [{"user": "alice", "secret": "s3cret"}],
	"scenario": {"kind": "ratelimit", "count": 2, "retry_after": 1, "status": 429}}'
fake_clear_log srv
# alice's credential alone: a store of what is stored changes nothing, so it
# would not become the most recent beside the token stored above.
run "domain=$SRV\nusername=\n" $JC erase
run "domain=$SRV\nusername=alice\npassword=s3cret\n" $JC store
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "429 then success" 0
expect_eq "429: retried after Retry-After" 3 "$(fake_count srv "$MYSELF")"
fake_config srv '{"deployment": "server", "context_path": "/jira", "users": [{"user": "alice", "secret": "s3cret"}],
	"scenario": {"kind": "ratelimit", "count": 1000, "retry_after": 0, "status": 429}}'
fake_clear_log srv
run '' $JC $CA --cache-ttl=0 --timeout=3 --validate get "$SRV"
expect_rc "Retry-After: 0 until the budget ends" 5
n=$(fake_count srv "$MYSELF")
[ "$n" -le 5 ] && record pass "Retry-After: 0 is not a request storm ($n)" ||
	record fail "Retry-After: 0 is not a request storm" "$n requests in 3 s"
fake_config srv '{"deployment": "server", "context_path": "/jira", "users": [{"user": "alice", "secret": "s3cret"}],
	"scenario": {"kind": "ratelimit", "count": 5, "retry_after": 30, "status": 503}}'
fake_clear_log srv
run '' $JC $CA --cache-ttl=0 --timeout=3 --validate get "$SRV"
expect_rc "503 with Retry-After beyond the budget" 5
expect_eq "503: not retried past the budget" 1 "$(fake_count srv "$MYSELF")"
expect_one_line_error "503 message"

# -- server errors, hangs
fake_config srv '{"deployment": "server", "context_path": "/jira", "scenario": {"kind": "status", "status": 500}}'
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "500 is a server error" 5
expect_contains "500 named" "$ERR" "500"
fake_config srv '{"deployment": "server", "context_path": "/jira", "scenario": {"kind": "hang"}}'
t0=$(date +%s)
run '' $JC $CA --cache-ttl=0 --timeout=2 --validate get "$SRV"
t1=$(date +%s)
expect_rc "a server that never answers is cut off" 5
[ $((t1 - t0)) -le 6 ] && record pass "--timeout bounds the wait" || record fail "--timeout bounds the wait" "$((t1 - t0)) s"
expect_contains "timeout message" "$ERR" "did not answer"

# -- redirects are never followed; the credential never reaches the target
fake_start other '{"deployment": "server", "users": [{"user": "alice", "secret": "s3cret"}]}' tls
fake_config srv "{\"deployment\": \"server\", \"context_path\": \"/jira\",
	\"scenario\": {\"kind\": \"redirect\", \"location\": \"https://localhost:${FAKE_PORT[other]}/rest/api/2/myself\", \"code\": 301}}"
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "redirect is an error" 5
expect_contains "redirect: names the target" "$ERR" "https://localhost:${FAKE_PORT[other]}"
expect_contains "redirect: suggests the domain to store" "$ERR" "jira-credential store https://localhost:${FAKE_PORT[other]}"
expect_eq "redirect: the target received nothing" 0 "$(fake_count other .)"

# -- TLS: an unknown CA is refused with nothing sent; plain http needs asking
fake_config srv '{"deployment": "server", "context_path": "/jira", "users": [{"user": "alice", "secret": "s3cret"}]}'
fake_clear_log srv
run '' $JC --cache-ttl=0 --validate get "$SRV"
expect_rc "unknown CA refused" 5
expect_contains "unknown CA: says --cacert" "$ERR" "--cacert"
expect_eq "unknown CA: no request reached Jira" 0 "$(fake_count srv .)"
fake_start plain '{"deployment": "server", "users": [{"user": "alice", "secret": "s3cret"}]}'
PLAIN="http://127.0.0.1:${FAKE_PORT[plain]}"
run "domain=$PLAIN\nusername=alice\npassword=s3cret\n" $JC store
run '' $JC --validate get "$PLAIN"
expect_rc "http:// refused without --allow-http" 2
expect_eq "http://: nothing sent" 0 "$(fake_count plain .)"
run '' $JC --allow-http --validate get "$PLAIN"
expect_rc "http:// with --allow-http" 0

# -- Cloud: the account password, and scoped tokens through the gateway
fake_start cloud '{"deployment": "cloud", "cloud_id": "11111111-2222-3333-4444-555555555555", "users": [
	{"user": "bob@example.com", "secret": "api-tok", "account_password": "hunter2"},
	{"user": "sam@example.com", "secret": "scoped-tok", "scoped": true, "display_name": "Sam"}]}' tls
CLOUD="https://localhost:${FAKE_PORT[cloud]}"
export JIRA_CREDENTIAL_GATEWAY="https://127.0.0.1:${FAKE_PORT[cloud]}"
run "domain=$CLOUD\nusername=bob@example.com\ntype=cloud\npassword=hunter2\n" $JC $CA --validate --wait=0 store
expect_rc "Cloud with the account password" 4
expect_contains "Cloud password: says an API token is needed" "$ERR" "API token"
expect_contains "Cloud password: says where to make one" "$ERR" "id.atlassian.com/manage-profile/security/api-tokens"
run "domain=$CLOUD\nusername=sam@example.com\ntype=cloud\npassword=scoped-tok\n" $JC store
fake_clear_log cloud
run '' $JC $CA --validate get "$CLOUD"
expect_rc "scoped token through the gateway" 0
expect_eq "scoped: no warning" "" "$ERR"
expect_contains "scoped: api_base answered" "$OUT" "api_base=$JIRA_CREDENTIAL_GATEWAY/ex/jira/11111111-2222-3333-4444-555555555555"
expect_eq "scoped: tenant_info asked once" 1 "$(fake_count cloud /_edge/tenant_info)"
expect_absent "scoped: tenant_info got no credential" "$(grep tenant_info "${FAKE_LOG[cloud]}")" authorization
expect_eq "scoped: gateway asked" 1 "$(fake_count cloud /ex/jira/11111111-2222-3333-4444-555555555555/rest/api/3/myself)"
attrs=$(keyring_attrs user sam@example.com | grep ^attribute.api_base)
expect_contains "scoped: gateway remembered in the keyring" "$attrs" "/ex/jira/11111111-2222-3333-4444-555555555555"
fake_clear_log cloud
run '' $JC $CA --cache-ttl=0 --validate get "$CLOUD"
expect_rc "scoped, remembered: valid" 0
expect_eq "scoped, remembered: straight to the gateway" 0 "$(fake_count cloud /_edge/tenant_info)"
run '' $JC --format=env get "$CLOUD"
expect_contains "env gives jira-cli the gateway URL" "$OUT" "JIRA_BASE_URL='$JIRA_CREDENTIAL_GATEWAY/ex/jira/"
unset JIRA_CREDENTIAL_GATEWAY

# -- a plain get never loads libcurl
libs=$(ldd "$JC_PREFIX/bin/jira-credential")
expect_absent "jira-credential does not link libcurl" "$libs" libcurl
expect_absent "jira-credential does not link json-glib" "$libs" json-glib
expect_contains "the validator does" "$(ldd "$JC_PREFIX/libexec/jira-credential/jira-credential-validate")" libcurl

# -- a 200 proves a credential only when it names a user; no body crashes the validator
ESC=$'\e' CR=$'\r'
srv_reply() { # srv_reply SCENARIO-JSON: every request of srv gets that answer
	fake_config srv "{\"deployment\": \"server\", \"context_path\": \"/jira\", \"scenario\": $1}"
}
no_raw_controls() { # NAME: stderr holds neither a raw ESC nor a raw CR
	expect_absent "$1: no raw ESC" "$ERR" "$ESC"
	expect_absent "$1: no raw CR" "$ERR" "$CR"
}
srv_reply '{"kind": "reply", "status": 200, "body": "{\"error\": \"no such API\"}"}'
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "200 {\"error\": ...} is not valid" 5
expect_contains "200 without a user: says so" "$ERR" "not with a user"
expect_one_line_error "200 without a user" s3cret
expect_eq "200 without a user: no credential answered" "" "$OUT"
srv_reply '{"kind": "reply", "status": 200, "body": "{\"displayName\": \"Someone\", \"active\": true}"}'
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "Server/DC 200 without name or key is not valid" 5
srv_reply '{"kind": "reply", "status": 200, "body": "[\"name\", \"alice\"]"}'
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "200 with a JSON array is not valid" 5
srv_reply '{"kind": "reply", "status": 200, "deep": 100000}'
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "200 with 100000 nested [ : exit 5, no crash" 5
expect_contains "deep nesting: says so" "$ERR" "nested deeper than 64"
srv_reply '{"kind": "reply", "status": 200, "body": "'"$(printf '[%.0s' $(seq 64))$(printf ']%.0s' $(seq 64))"'"}'
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "64 levels are parsed (and name no user)" 5
expect_contains "64 levels: not a nesting error" "$ERR" "not a JSON object"
# A user is a user whatever the stored type: a Server's name/key for a cloud credential ...
fake_config cloud '{"deployment": "cloud", "scenario": {"kind": "reply", "status": 200,
	"body": "{\"name\": \"bob\", \"key\": \"bob\", \"displayName\": \"Bob\"}"}}'
run "domain=$CLOUD\nusername=bob@example.com\ntype=cloud\npassword=api-tok\n" $JC store
run '' $JC $CA --cache-ttl=0 --validate get "$CLOUD"
expect_rc "a cloud credential answered with a name and key is a user" 0
expect_contains "... and that user's name is the account id" "$OUT" "account_id=bob"
# ... but an answer that names nobody is refused, Cloud or not.
fake_config cloud '{"deployment": "cloud", "scenario": {"kind": "reply", "status": 200,
	"body": "{\"displayName\": \"Bob\", \"active\": true}"}}'
run '' $JC $CA --cache-ttl=0 --validate get "$CLOUD"
expect_rc "Cloud 200 without accountId, name or key is not valid" 5
expect_contains "Cloud 200 without a user: says so" "$ERR" "no accountId, user name or key"

# -- a Cloud site on its own domain: its host says nothing of Cloud (the type
# stored is inferred as for any host), and its /myself answers as Cloud does
# (accountId, no name or key).  store --validate, get --validate and login.
fake_start custom '{"deployment": "cloud", "custom_domain": "jira.acme.example", "users": [
	{"user": "dana@acme.example", "secret": "cd-token", "display_name": "Dana Acme",
	 "account_id": "712020:0c9f-acme"}]}' tls
CUSTOM="https://localhost:${FAKE_PORT[custom]}"
run "username=dana@acme.example\npassword=cd-token\n" $JC $CA --validate store "$CUSTOM"
expect_rc "custom domain: store --validate" 0
expect_eq "custom domain: store --validate says nothing" "" "$ERR"
run '' $JC $CA --cache-ttl=0 --validate get "$CUSTOM"
expect_rc "custom domain: get --validate" 0
expect_contains "custom domain: get answers the credential" "$OUT" "password=cd-token"
expect_contains "custom domain: Jira's account id" "$OUT" "account_id=712020:0c9f-acme"
expect_contains "custom domain: Jira's display name" "$OUT" "display_name=Dana Acme"
printf 'dana@acme.example\ncd-token\n' >"$HOME/custom-answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/custom-answers" $JC $CA login "$CUSTOM")
RC=$?
expect_rc "custom domain: login" 0
expect_contains "custom domain: login says who Jira says you are" "$OUT" \
	"Jira says you are Dana Acme <dana@acme.example>"
run "username=dana@acme.example\npassword=not-it\n" $JC $CA --validate --wait=0 store "$CUSTOM"
expect_rc "custom domain: a wrong token is still rejected" 4
fake_config custom '{"deployment": "cloud", "custom_domain": "jira.acme.example", "scenario":
	{"kind": "reply", "status": 200, "body": "{\"displayName\": \"Nobody\"}"}}'
run '' $JC $CA --cache-ttl=0 --validate get "$CUSTOM"
expect_rc "custom domain: a 200 naming no user is still refused" 5
expect_contains "custom domain: ... and says so" "$ERR" "not with a user"

# -- server bytes never reach the terminal raw: ESC (OSC 52, CSI), BEL, CR
osc='\u001b]52;c;ZXZpbA==\u0007'
srv_reply '{"kind": "reply", "status": 401, "body": "no",
	"headers": {"X-Seraph-LoginReason": "'"$osc"'\rAUTHENTICATED_FAILED\u001b[2K"}}'
run '' $JC $CA --cache-ttl=0 --verbose --validate get "$SRV"
expect_rc "401 with a hostile X-Seraph-LoginReason" 4
expect_contains "LoginReason: ESC shown as \\x1b" "$ERR" '\x1b]52;c;ZXZpbA==\x07'
expect_contains "LoginReason: CR shown as \\r" "$ERR" '\rAUTHENTICATED_FAILED\x1b[2K'
no_raw_controls "LoginReason (verdict and --verbose)"
srv_reply '{"kind": "reply", "status": 403, "body": "captcha", "headers": {
	"X-Seraph-LoginReason": "AUTHENTICATION_DENIED",
	"X-Authentication-Denied-Reason": "CAPTCHA_CHALLENGE; login-url=https://evil.example/\u001b[1A\u001b[2K\rjira-credential: valid"}}'
run '' $JC $CA --cache-ttl=0 --verbose --validate get "$SRV"
expect_rc "CAPTCHA with a hostile login-url" 4
expect_contains "login-url: escapes shown" "$ERR" 'https://evil.example/\x1b[1A\x1b[2K\rjira-credential: valid'
no_raw_controls "login-url"
srv_reply '{"kind": "reply", "status": 302, "body": "", "headers": {
	"Location": "https://evil.example/\u001b]52;c;ZXZpbA==\u0007x"}}'
run '' $JC $CA --cache-ttl=0 --verbose --validate get "$SRV"
expect_rc "redirect with a hostile Location" 5
expect_contains "Location: ESC shown as \\x1b" "$ERR" '\x1b]52;c;ZXZpbA==\x07x'
no_raw_controls "Location"
srv_reply '{"kind": "reply", "status": 200, "body": "{\"error\": \"\u001b[2K\u001b]52;c;eA==\u0007\rvalid\"}"}'
run '' $JC $CA --cache-ttl=0 --validate get "$SRV"
expect_rc "a body excerpt with escapes" 5
expect_contains "body excerpt: escapes shown" "$ERR" '\x1b[2K'
no_raw_controls "body excerpt"
srv_config 0
