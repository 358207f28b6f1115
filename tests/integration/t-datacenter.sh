# t-datacenter.sh: Jira Data Center's personal access tokens made and
# rotated here, against a fake Data Center over TLS (tests/fakejira.py, its
# token API): login --create-pat (the password sent once, only the token
# kept, with Jira's id and expiry), rotate (make, validate, store, revoke
# the old; every failure on its side of the store), erase --revoke, and
# each failure Jira can answer.  The Secret Service here; the password
# store at the end.

reset_keyring
dc_config() { # dc_config [PAT-SETTINGS-JSON]
	fake_config dc '{"deployment": "server", "context_path": "/jira", "users": [
	{"user": "alice", "secret": "s3cret-DC", "display_name": "Alice Liddell"},
	{"user": "carol", "secret": "pw-CAPTCHA", "captcha": true}], "pat": '"${1:-{\}}"'}'
}
fake_start dc '{}' tls
dc_config
CA="--cacert=$TLS/ca.crt"
DC="https://localhost:${FAKE_PORT[dc]}/jira"
PATS=/jira/rest/pat/latest/tokens

# login_pat ANSWERS ARGS...: login --create-pat on a pseudo-terminal that
# answers each prompt with a line of ANSWERS; sets OUT (what the terminal
# showed) and RC.
login_pat() {
	printf "$1" >"$HOME/answers"
	shift
	OUT=$(timeout 120 python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC $CA "$@")
	RC=$?
}
# live_tokens: how many tokens of alice's the fake still honours.
live_tokens() {
	curl -s --cacert "$TLS/ca.crt" -u alice:s3cret-DC "https://localhost:${FAKE_PORT[dc]}$PATS" |
		python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}
# myself TOKEN: the status the fake answers /myself with that token.
myself() {
	curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -H "Authorization: Bearer $1" \
		"https://localhost:${FAKE_PORT[dc]}/jira/rest/api/2/myself"
}
stored_token() {
	$JC --format=header get "$DC" 2>/dev/null | sed -n 's/^Authorization: Bearer //p'
}
# last_log METHOD: the fake's last request of that method to the token API, as JSON.
last_log() {
	grep "\"method\": \"$1\"" "${FAKE_LOG[dc]}" | grep "$PATS" | tail -n 1
}
day_in() { date -u -d "+$1 days" +%Y-%m-%d; }

# -- login --create-pat: the password sent once, only the token kept
fake_clear_log dc
login_pat 'alice\ns3cret-DC\n' login --create-pat "$DC"
expect_rc "login --create-pat" 0
expect_contains "asks for the username" "$OUT" "Username for $DC"
expect_contains "asks for the password, saying it is sent once" "$OUT" "sent once to make a token, kept nowhere"
expect_absent "never echoes the password" "$OUT" "s3cret-DC"
expect_contains "says which token it made, and its expiry" "$OUT" "Made personal access token 1001 (expires $(day_in 90))"
expect_contains "says who Jira says you are" "$OUT" "Jira says you are Alice Liddell on $DC"
expect_eq "one request to make the token" 1 "$(grep -c "\"method\": \"POST\"" "${FAKE_LOG[dc]}")"
req=$(last_log POST)
expect_contains "POST {base}/rest/pat/latest/tokens" "$req" "\"path\": \"$PATS\""
expect_contains "made with the user and password (Basic)" "$req" "\"authorization\": \"Basic $(printf alice:s3cret-DC | base64)\""
expect_contains "named for what made it and where" "$req" "\\\"name\\\":\\\"jira-credential on $(hostname | tr -c 'A-Za-z0-9._\n-' _)\\\""
expect_contains "90 days by default" "$req" '\"expirationDuration\":90'
TOK1=$(stored_token)
expect_eq "the token is stored, as a Bearer credential" 200 "$(myself "$TOK1")"
expect_absent "the stored secret is not the password" "$(keyring_secret host "localhost:${FAKE_PORT[dc]}")" "s3cret-DC"
attrs=$(keyring_attrs host "localhost:${FAKE_PORT[dc]}")
expect_contains "stored as a pat" "$attrs" "attribute.type = pat"
expect_contains "with Jira's token id" "$attrs" "attribute.pat_id = 1001"
expect_contains "with Jira's expiry" "$attrs" "attribute.password_expiry_utc = "
expect_absent "no password in the attributes or the label" "$attrs" "s3cret-DC"
expect_absent "no token in the attributes or the label" "$attrs" "$TOK1"
run '' $JC list
expect_contains "list shows the token's expiry" "$OUT" "pat      $(day_in 90)"
run '' $JC --format=json list
expect_contains "list --format=json names the token id" "$OUT" '"pat_id":"1001"'
run '' $JC doctor "$DC"
expect_contains "doctor shows the token id" "$OUT" "token id: 1001"
expect_absent "doctor shows no secret" "$OUT" "$TOK1"

login_pat 'alice\ns3cret-DC\n' --create-pat=30 login "$DC"
expect_rc "--create-pat=30" 0
expect_contains "30 days asked" "$(last_log POST)" '\"expirationDuration\":30'
expect_contains "30 days stored" "$OUT" "(expires $(day_in 30))"
expect_eq "it replaced the first token here (one item)" 1 "$(count_items)"
expect_eq "the first token still lives at Jira (login does not revoke)" 2 "$(live_tokens)"
login_pat 'alice\ns3cret-DC\n' --verbose --create-pat login "$DC"
expect_rc "login --create-pat --verbose" 0
expect_contains "--verbose: the request traced" "$OUT" '> {"name":"jira-credential on'
expect_absent "--verbose: no password" "$OUT" "s3cret-DC"
expect_absent "--verbose: no Basic header" "$OUT" "$(printf alice:s3cret-DC | base64)"
expect_absent "--verbose: no token" "$OUT" "$(stored_token)"

# -- login --create-pat: each way Jira says no, nothing stored, the password once
before=$(keyring_secret host "localhost:${FAKE_PORT[dc]}")
fake_clear_log dc
login_pat 'alice\nwrong-DC\n' --create-pat login "$DC"
expect_rc "a wrong password" 4
expect_contains "a wrong password: says so" "$OUT" "check the username and the password"
expect_contains "a wrong password: one message line" "$(printf '%s\n' "$OUT" | grep -c '^jira-credential: ')" 1
expect_eq "a wrong password is sent once, never again" 1 "$(grep -c '"method": "POST"' "${FAKE_LOG[dc]}")"
expect_eq "a wrong password: nothing validated" 0 "$(grep -c /myself "${FAKE_LOG[dc]}")"
expect_eq "a wrong password: the stored token stays" "$before" "$(keyring_secret host "localhost:${FAKE_PORT[dc]}")"
login_pat 'carol\npw-CAPTCHA\n' --create-pat login "$DC"
expect_rc "CAPTCHA" 4
expect_contains "CAPTCHA: log in in a browser" "$OUT" "log in once in a browser at https://localhost:${FAKE_PORT[dc]}/jira/login.jsp"
# refused NAME PAT-SETTINGS EXIT WORDS [OPTION]: login --create-pat (or
# OPTION) against a token API set so; it exits EXIT and shows WORDS.
refused() {
	dc_config "$2"
	login_pat 'alice\ns3cret-DC\n' "${5:---create-pat}" login "$DC"
	expect_rc "$1" "$3"
	expect_contains "$1: says so" "$OUT" "$4"
}
refused "no token API (a Jira before 8.14)" '{"create": "no_api"}' 5 "has no personal access token API (HTTP 404"
expect_contains "no token API: how to make one by hand" "$OUT" "your profile > Personal Access Tokens > Create token"
refused "token creation turned off" '{"create": "off"}' 4 "(HTTP 403: Personal access tokens are disabled"
expect_contains "turned off: how to make one by hand" "$OUT" "Personal Access Tokens > Create token"
refused "a server error" '{"create": "error"}' 5 "answered HTTP 500"
refused "more days than Jira allows" '{"max_days": 30}' 2 "(HTTP 400: The expiration must be between 1 and 30 days.)" --create-pat=60
refused "a token with a line break" '{"create": {"status": 201, "body": "{\"id\": 5, \"rawToken\": \"evil\\ntoken\"}"}}' 5 "without a usable token"
refused "an answer nested 100000 deep" '{"create": {"status": 201, "deep": 100000}}' 5 "JSON nested deeper than 64 levels"
refused "a redirect" '{"create": {"status": 302, "body": "", "headers": {"Location": "https://elsewhere.example/jira/rest/pat/latest/tokens"}}}' 5 "the credential was not sent there"
dc_config '{"create": {"status": 403, "body": "{\"message\": \"no\\u001b[2J\\u001b]52;c;eA==\\u0007 way\"}"}}'
login_pat 'alice\ns3cret-DC\n' --create-pat login "$DC"
expect_rc "a hostile message" 4
expect_absent "a hostile message: no escape reaches the terminal" "$OUT" "$(printf '\033')"
expect_contains "a hostile message: shown escaped" "$OUT" 'no\x1b[2J\x1b]52;c;eA==\x07 way'
expect_eq "no failure stored anything" "$before" "$(keyring_secret host "localhost:${FAKE_PORT[dc]}")"
expect_eq "nor added an item" 1 "$(count_items)"
login_pat '' --create-pat login https://example.atlassian.net
expect_rc "Cloud has no personal access tokens" 2
expect_contains "Cloud: where its API tokens are made" "$OUT" "https://id.atlassian.com/manage-profile/security/api-tokens"
dc_config '{"new_valid_after": 4}'
login_pat 'alice\ns3cret-DC\n' --create-pat --wait=30 login "$DC"
expect_rc "a token that takes a moment to work is waited for" 0
expect_contains "the wait is shown" "$OUT" "new tokens can take a minute"
dc_config

# -- rotate: a new token made with the current one, stored, the old revoked
OLD=$(stored_token)
OLD_ID=$(keyring_attrs host "localhost:${FAKE_PORT[dc]}" | sed -n 's/^attribute.pat_id = //p')
fake_clear_log dc
run '' $JC $CA rotate "$DC"
expect_rc "rotate" 0
order=$(grep -o '"method": "[A-Z]*", "path": "[^"]*"' "${FAKE_LOG[dc]}" | sed 's/"method": "\([A-Z]*\)", "path": "\([^"]*\)"/\1 \2/' | tr '\n' ' ')
NEW=$(stored_token)
NEW_ID=$(keyring_attrs host "localhost:${FAKE_PORT[dc]}" | sed -n 's/^attribute.pat_id = //p')
expect_eq "rotate: one line on success, with the new expiry" \
	"Rotated the personal access token for $DC: the new token $NEW_ID expires $(day_in 90); the old token $OLD_ID is revoked." "$OUT"
expect_eq "rotate: nothing on stderr" "" "$ERR"
expect_contains "rotate: made with the current token (Bearer)" "$(last_log POST)" "\"authorization\": \"Bearer $OLD\""
expect_contains "rotate: the old id revoked" "$(last_log DELETE)" "\"path\": \"$PATS/$OLD_ID\""
expect_contains "rotate: revoked with the new token" "$(last_log DELETE)" "\"authorization\": \"Bearer $NEW\""
expect_eq "rotate: the new token works" 200 "$(myself "$NEW")"
expect_eq "rotate: the old one does not" 401 "$(myself "$OLD")"
expect_eq "rotate: still one item" 1 "$(count_items)"
expect_eq "rotate: make, validate, then revoke" "POST $PATS GET /jira/rest/api/2/myself DELETE $PATS/$OLD_ID " "$order"
OLD=$(stored_token)
run '' $JC $CA --create-pat=10 --verbose rotate "$DC"
expect_contains "rotate --create-pat=10: ten days" "$OUT" "expires $(day_in 10)"
expect_contains "rotate --verbose: traces each request" "$ERR" "> POST https://localhost:${FAKE_PORT[dc]}$PATS"
expect_contains "rotate --verbose: the header redacted" "$ERR" "> Authorization: [redacted]"
expect_absent "rotate --verbose: not the old token" "$ERR" "$OLD"
expect_absent "rotate --verbose: nor the new one" "$ERR" "$(stored_token)"
run '' $JC --format=header get "$DC"
expect_contains "ten days left: get says to rotate the token made here" "$ERR" \
	"expires in 10 day(s); rotate it: jira-credential rotate $DC"

# -- rotate: every failure before the store keeps the old token, live
keep_old() { # NAME: the token stored before is still stored and still works
	expect_eq "$1: the old token stays stored" "$OLD" "$(stored_token)"
	expect_eq "$1: and works" 200 "$(myself "$OLD")"
}
OLD=$(stored_token)
dc_config '{"create": "error"}'
run '' $JC $CA rotate "$DC"
expect_rc "rotate, Jira fails to make a token" 5
expect_one_line_error "rotate, make fails" "$OLD"
expect_contains "rotate, make fails: what stays" "$ERR" "the old token stays stored and was not revoked"
keep_old "rotate, make fails"
dc_config '{"create": "off"}'
run '' $JC $CA rotate "$DC"
expect_rc "rotate, Jira refuses to make a token" 4
keep_old "rotate, make refused"
dc_config '{"new_valid_after": 600}'
n=$(live_tokens)
run '' $JC $CA --wait=0 rotate "$DC"
expect_rc "rotate, the new token does not work" 4
expect_one_line_error "rotate, new token refused" "$OLD"
expect_contains "rotate, new token refused: it is revoked again" "$ERR" "was revoked again and the old token stays stored"
keep_old "rotate, new token refused"
expect_eq "rotate, new token refused: no second live token" "$n" "$(live_tokens)"
dc_config '{"revoke": "error"}'
run '' $JC $CA rotate "$DC"
expect_rc "rotate, the old token cannot be revoked" 5
expect_one_line_error "rotate, revoke fails" "$OLD"
NEW=$(stored_token)
NEW_ID=$(keyring_attrs host "localhost:${FAKE_PORT[dc]}" | sed -n 's/^attribute.pat_id = //p')
expect_eq "rotate, revoke fails: the new token is stored and works" 200 "$(myself "$NEW")"
expect_contains "rotate, revoke fails: which old id to revoke" "$ERR" "revoking the old token $(printf '%s' "$ERR" | sed -n 's/.*revoking the old token \([0-9]*\) failed.*/\1/p') failed"
expect_contains "rotate, revoke fails: how" "$ERR" "jira-credential --format=header get $DC | curl -H @- -X DELETE $DC/rest/pat/latest/tokens/"
expect_absent "rotate, revoke fails: no token in the message" "$ERR" "$NEW"
dc_config
expect_eq "rotate, revoke fails: the old token still lives at Jira" 200 "$(myself "$OLD")"

# -- rotate: what cannot be rotated
run 'password=pat-no-id\n' $JC store https://noid.example
run '' $JC rotate https://noid.example
expect_rc "rotate a pat stored without an id" 2
expect_contains "a pat without an id: says so" "$ERR" "stored without Jira's token id"
run 'username=bob@example.com\npassword=cloud-tok\n' $JC store https://example.atlassian.net
run '' $JC rotate https://example.atlassian.net
expect_rc "rotate a Cloud API token" 2
expect_contains "Cloud: no API, and where to make one" "$ERR" "Atlassian has no API to make one: make a new token at https://id.atlassian.com/manage-profile/security/api-tokens"
run 'username=dave\npassword=pw\n' $JC store https://server.example
run '' $JC rotate https://server.example
expect_rc "rotate a Server password" 2
expect_contains "a password: what to do" "$ERR" "jira-credential login https://server.example --create-pat"
run '' $JC rotate https://none.example
expect_rc "rotate nothing stored" 1
before=$(fake_count dc /rest/)
run '' $JC --store=env rotate "$DC"
expect_rc "rotate on the read-only env store: exit 0, as store there" 0
expect_eq "rotate on the read-only env store: nothing asked of Jira" "$before" "$(fake_count dc /rest/)"

# -- rotate: two at once leave one live token, and keep the one stored
# (Jira takes 3 s to make the token: the second starts while the first holds the lock)
dc_config '{"create_delay": 3}'
n=$(live_tokens)
$JC $CA --wait=30 rotate "$DC" >"$HOME/r1.out" 2>"$HOME/r1.err" &
p1=$!
$JC $CA --wait=30 rotate "$DC" >"$HOME/r2.out" 2>"$HOME/r2.err" &
p2=$!
wait $p1
rc1=$?
wait $p2
rc2=$?
expect_eq "two rotations at once: both succeed" "0 0" "$rc1 $rc2"
both=$(cat "$HOME/r1.out" "$HOME/r2.out")
expect_contains "two rotations at once: one rotates" "$both" "Rotated the personal access token"
expect_contains "two rotations at once: the other finds it done" "$both" "was rotated by another run meanwhile"
expect_eq "two rotations at once: still as many live tokens" "$n" "$(live_tokens)"
expect_eq "two rotations at once: the one stored works" 200 "$(myself "$(stored_token)")"
dc_config

# -- erase --revoke: revoked at Jira, then removed here; nothing removed on failure
TOK=$(stored_token)
dc_config '{"revoke": "off"}'
run '' $JC $CA --revoke erase "$DC"
expect_rc "erase --revoke, Jira refuses" 4
expect_one_line_error "erase --revoke refused" "$TOK"
expect_contains "erase --revoke refused: how to remove it here anyway" "$ERR" "erase without --revoke removes it here anyway"
expect_eq "erase --revoke refused: still stored" "$TOK" "$(stored_token)"
dc_config '{"revoke": "error"}'
run '' $JC $CA --revoke erase "$DC"
expect_rc "erase --revoke, Jira fails" 5
expect_eq "erase --revoke, Jira fails: still stored" "$TOK" "$(stored_token)"
dc_config
fake_clear_log dc
run 'protocol=https\nhost=other.example\n' $JC $CA erase --revoke "$DC"
expect_rc "erase --revoke" 0
expect_contains "erase --revoke: says so" "$OUT" "Revoked personal access token"
expect_eq "erase --revoke: revoked at Jira" 401 "$(myself "$TOK")"
expect_eq "erase --revoke: removed here" "" "$(stored_token)"
expect_contains "erase --revoke DOMAIN: stdin is not read" "$(last_log DELETE)" "\"path\": \"$PATS/"
login_pat 'alice\ns3cret-DC\n' --create-pat login "$DC"
TOK=$(stored_token)
curl -s -o /dev/null --cacert "$TLS/ca.crt" -H "Authorization: Bearer $TOK" -X DELETE \
	"https://localhost:${FAKE_PORT[dc]}$PATS/$(keyring_attrs host "localhost:${FAKE_PORT[dc]}" | sed -n 's/^attribute.pat_id = //p')"
run '' $JC $CA --revoke erase "$DC"
expect_rc "erase --revoke of a token revoked elsewhere: Jira no longer takes it" 4
expect_contains "revoked elsewhere: how to remove it here" "$ERR" "erase without --revoke removes it here anyway"
dc_config '{"revoke": {"status": 404, "body": "{\"message\": \"Token with id 1 does not exist\"}"}}'
run '' $JC $CA --revoke erase "$DC"
expect_rc "erase --revoke of a token Jira no longer has" 0
expect_contains "no longer has it: says so" "$OUT" "Jira had already revoked"
expect_eq "no longer has it: removed here" "" "$(stored_token)"
dc_config
run 'username=bob@example.com\npassword=cloud-tok\n' $JC store https://example.atlassian.net
run '' $JC --revoke erase https://example.atlassian.net
expect_rc "erase --revoke of a Cloud token" 2
expect_contains "not a token made here: erase without --revoke" "$ERR" "erase without --revoke removes it here"
run '' $JC get https://example.atlassian.net
expect_contains "erase --revoke of a Cloud token: kept" "$OUT" "password=cloud-tok"
fake_start gone '{"deployment": "server", "users": [{"user": "alice", "secret": "s3cret-DC"}]}' tls
GONE="https://localhost:${FAKE_PORT[gone]}"
login_pat 'alice\ns3cret-DC\n' --create-pat login "$GONE"
kill "${FAKE_PID[gone]}"
wait "${FAKE_PID[gone]}" 2>/dev/null
run '' $JC $CA --timeout=5 --revoke erase "$GONE"
expect_rc "erase --revoke, Jira unreachable" 5
expect_contains "unreachable: nothing removed" "$ERR" "nothing was removed here"
run '' $JC --format=header get "$GONE"
expect_contains "unreachable: still stored" "$OUT" "Bearer"
run '' $JC erase "$GONE"
fake_clear_log dc
login_pat 'alice\ns3cret-DC\n' --create-pat login "$DC"
fake_clear_log dc
run "protocol=https\nhost=localhost:${FAKE_PORT[dc]}\npath=jira\n" $JC erase
expect_rc "erase without --revoke" 0
expect_eq "erase without --revoke asks Jira nothing" 0 "$(fake_count dc)"
expect_eq "erase without --revoke: removed here" "" "$(stored_token)"

# -- the password store: the same, and its entry names the token id
pass_scratch dc
fake_clear_log dc
login_pat 'alice\ns3cret-DC\n' --create-pat login "$DC"
expect_rc "pass: login --create-pat" 0
entry=$(pass show "jira/localhost_${FAKE_PORT[dc]}/jira/alice")
expect_contains "pass: the entry is a pat" "$entry" "type: pat"
expect_contains "pass: with the token id" "$entry" "pat_id: "
expect_contains "pass: with the expiry" "$entry" "expires: $(day_in 90)"
expect_absent "pass: no password in it" "$entry" "s3cret-DC"
expect_absent "pass: nor in its history" "$(git -C "$PASSWORD_STORE_DIR" log -p)" "s3cret-DC"
OLD=$(stored_token)
run '' $JC $CA rotate "$DC"
expect_rc "pass: rotate" 0
expect_eq "pass: rotate: the old token revoked" 401 "$(myself "$OLD")"
expect_eq "pass: rotate: the new one stored and working" 200 "$(myself "$(stored_token)")"
# as cron runs it: no terminal, no session bus, no runtime directory, no cache directory yet
OLD=$(stored_token)
OUT=$(env -u XDG_RUNTIME_DIR -u DBUS_SESSION_BUS_ADDRESS XDG_CACHE_HOME="$HOME/cron-cache" \
	setsid $JC $CA rotate "$DC" </dev/null 2>"$HOME/.stderr")
RC=$?
ERR=$(cat "$HOME/.stderr")
expect_rc "pass: rotate as cron runs it" 0
expect_contains "pass: rotate as cron runs it: one line" "$OUT" "Rotated the personal access token for $DC"
expect_eq "pass: rotate as cron runs it: the old token revoked" 401 "$(myself "$OLD")"
expect_eq "pass: rotate as cron runs it: its lock in the cache directory" 1 \
	"$(find "$HOME/cron-cache" -maxdepth 1 -name 'jira-credential-rotate-*.lock' | wc -l)"
expect_contains "pass: rotate: the new id in the entry" "$(pass show "jira/localhost_${FAKE_PORT[dc]}/jira/alice")" \
	"pat_id: $(printf '%s' "$OUT" | sed -n 's/.*the new token \([0-9]*\) expires.*/\1/p')"
dc_config '{"create": "error"}'
OLD=$(stored_token)
run '' $JC $CA rotate "$DC"
expect_rc "pass: rotate fails" 5
keep_old "pass: rotate fails"
dc_config
TOK=$(stored_token)
run '' $JC $CA --revoke erase "$DC"
expect_rc "pass: erase --revoke" 0
expect_eq "pass: erase --revoke: revoked" 401 "$(myself "$TOK")"
expect_eq "pass: erase --revoke: the entry is gone" 0 "$(find "$PASSWORD_STORE_DIR/jira" -name '*.gpg' 2>/dev/null | wc -l)"
