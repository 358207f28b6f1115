# t-formats.sh: get's formats used for real: curl -K -, curl -H @-,
# curl --netrc-file against a fake Jira over TLS; env through eval with a
# hostile secret; JSON read back by python; netrc refused for a PAT.

reset_keyring
hostile="p'a\"s\$s \`id\` \\\\ \$(touch $HOME/pwned);x"
fake_start srv "{\"deployment\": \"server\", \"context_path\": \"/jira\", \"users\": [
	{\"user\": \"alice\", \"secret\": \"s3cret\", \"display_name\": \"Alice\"},
	{\"user\": \"mallory\", \"secret\": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$hostile")},
	{\"token\": \"pat-123\", \"user\": \"patty\"}]}" tls
base="https://127.0.0.1:${FAKE_PORT[srv]}/jira"
api="$base/rest/api/2/myself"

run "domain=$base\nusername=alice\npassword=s3cret\n" $JC store
expect_rc "store server credential" 0

# curl -K -
code=$($JC --format=curl get "$base" | curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -K - "$api")
expect_eq "curl -K - authenticates" 200 "$code"
# curl -H @-
code=$($JC --format=header get "$base" | curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -H @- "$api")
expect_eq "curl -H @- authenticates" 200 "$code"
expect_contains "the fake saw alice's header" "$(tail -n 1 "${FAKE_LOG[srv]}")" "$(printf alice:s3cret | base64)"
# curl --netrc-file
$JC --format=netrc get "$base" >"$HOME/netrc"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" --netrc-file "$HOME/netrc" "$api")
expect_eq "curl --netrc-file authenticates" 200 "$code"
expect_eq "netrc line" "machine 127.0.0.1 login alice password s3cret" "$(cat "$HOME/netrc")"

# A hostile secret through every format.
run_raw "$(printf 'domain=%s\nusername=mallory\npassword=%s\n' "$base" "$hostile")" $JC store
run '' $JC --format=env get "$base"
expect_rc "env format" 0
(
	eval "$OUT"
	[ "$JIRA_API_TOKEN" = "$hostile" ] && [ "$JIRA_USER_EMAIL" = mallory ] &&
		[ "$JIRA_BASE_URL" = "$base" ] && [ "$JIRA_AUTH_TYPE" = basic ] &&
		env | grep -q '^JIRA_AUTH_TYPE=basic$'
) && record pass "env: eval gives back the exact secret, exported" ||
	record fail "env: eval gives back the exact secret" "$OUT"
[ -e "$HOME/pwned" ] && record fail "env: eval ran nothing" || record pass "env: eval ran nothing"

code=$($JC --format=curl get "$base" | curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -K - "$api")
expect_eq "curl -K - with quotes and backslashes in the secret" 200 "$code"
$JC --format=netrc get "$base" >"$HOME/netrc2"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" --netrc-file "$HOME/netrc2" "$api")
expect_eq "curl --netrc-file with a quoted secret" 200 "$code"

run '' $JC --format=json get "$base"
expect_rc "json format" 0
got=$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["password"]); print(d["username"], d["type"], d["domain"]); print(d["authorization"])')
expect_eq "json carries the exact secret and facts" "$hostile
mallory server $base
Basic $(printf '%s' "mallory:$hostile" | base64 -w0)" "$got"

# PAT: Bearer through curl; netrc refused.
run "domain=https://localhost:${FAKE_PORT[srv]}/jira\npassword=pat-123\n" $JC store
code=$($JC --format=header get "https://localhost:${FAKE_PORT[srv]}/jira" |
	curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -H @- \
		"https://localhost:${FAKE_PORT[srv]}/jira/rest/api/2/myself")
expect_eq "curl -H @- with a PAT" 200 "$code"
run '' $JC --format=netrc get "https://localhost:${FAKE_PORT[srv]}/jira"
expect_rc "netrc refused for a PAT" 2
expect_one_line_error "netrc refused for a PAT" pat-123
expect_eq "netrc refusal prints nothing" "" "$OUT"
run '' $JC --format=env get "https://localhost:${FAKE_PORT[srv]}/jira"
expect_contains "env for a PAT says bearer" "$OUT" "JIRA_AUTH_TYPE='bearer'"

# --format=netrc: curl itself reads back every secret that needs quoting
# ('#' first, \v, \f, quote, backslash, blank, tab), byte for byte.
secrets=('#abc' $'a\vb' $'a\fb' 'a"b' 'a\b' 'a b' $'a\tb' '#' 'plain')
users=''
for i in "${!secrets[@]}"; do
	users="$users${users:+,}{\"user\": \"q$i\", \"secret\": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "${secrets[$i]}")}"
done
fake_start nq "{\"deployment\": \"server\", \"users\": [$users]}" tls
nqbase="https://127.0.0.1:${FAKE_PORT[nq]}"
for i in "${!secrets[@]}"; do
	run_raw "$(printf 'domain=%s\nusername=q%s\npassword=%s\n' "$nqbase" "$i" "${secrets[$i]}")" $JC store
	expect_rc "store netrc secret $i" 0
	printf 'domain=%s\nusername=q%s\n' "$nqbase" "$i" | $JC --format=netrc get >"$HOME/netrc-q$i"
	code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" \
		--netrc-file "$HOME/netrc-q$i" "$nqbase/rest/api/2/myself")
	expect_eq "curl reads --format=netrc back for secret $(printf '%q' "${secrets[$i]}")" 200 "$code"
	expect_contains "the fake saw q$i's exact secret" "$(tail -n 1 "${FAKE_LOG[nq]}")" \
		"$(printf '%s' "q$i:${secrets[$i]}" | base64 -w0)"
done
