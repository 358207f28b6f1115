# t-cloud.sh: Jira Cloud as it is now, apart from service accounts
# (t-service.sh).  A custom domain: the answer tells the type, and a
# guessed server is asked anonymously whether it is Cloud before its 401
# is waited for.  Token age: the store time is kept (git's round trip
# writes nothing), shown by list and doctor; get warns past 350 days
# without a known expiry; a stored Cloud token's 401 says it may have
# expired or been revoked; login asks for the expiry Atlassian showed.

reset_keyring
fake_start custom '{"deployment": "cloud", "custom_domain": "jira.acme.example", "users": [
	{"user": "dana@acme.example", "secret": "cd-token", "display_name": "Dana Acme"}]}' tls
fake_start srv '{"deployment": "server", "users": [{"user": "alice", "secret": "s3cret"}]}' tls
CA="--cacert=$TLS/ca.crt"
CUSTOM="https://localhost:${FAKE_PORT[custom]}"
SRV="https://localhost:${FAKE_PORT[srv]}"
type_of() { keyring_attrs host "$1" | sed -n 's/^attribute.type = //p'; }

# -- the answer tells the type when none was given
run "username=dana@acme.example\npassword=cd-token\n" $JC $CA --validate store "$CUSTOM"
expect_rc "custom domain: store --validate" 0
expect_eq "custom domain: Jira's accountId makes it cloud" cloud "$(type_of "localhost:${FAKE_PORT[custom]}")"
run "username=alice\npassword=s3cret\n" $JC $CA --validate store "$SRV"
expect_eq "a Server's name and key keep it server" server "$(type_of "localhost:${FAKE_PORT[srv]}")"
run "username=dana@acme.example\npassword=cd-token\ntype=server\n" $JC $CA --validate store "https://127.0.0.1:${FAKE_PORT[custom]}"
expect_eq "a type given is kept whatever Jira shows" server "$(type_of "127.0.0.1:${FAKE_PORT[custom]}")"
run "username=dana@acme.example\npassword=cd-token\n" $JC --type=server store "https://127.0.0.1:${FAKE_PORT[custom]}"
expect_eq "--type=server is a type given" server "$(type_of "127.0.0.1:${FAKE_PORT[custom]}")"
run "username=dana@acme.example\npassword=cd-token\n" $JC --type=cloud store "https://127.0.0.1:${FAKE_PORT[custom]}"
expect_eq "--type=cloud for a custom domain" cloud "$(type_of "127.0.0.1:${FAKE_PORT[custom]}")"
run "username=dana@acme.example\npassword=cd-token\ntype=server\n" $JC --type=cloud store "https://127.0.0.1:${FAKE_PORT[custom]}"
expect_eq "--type wins over type= on stdin" cloud "$(type_of "127.0.0.1:${FAKE_PORT[custom]}")"
run "username=u\npassword=p\n" $JC --type=bogus store "$SRV"
expect_rc "--type takes cloud, server, pat or service" 2
expect_contains "--type: says which" "$ERR" "use cloud, server, pat or service"
run "username=u\npassword=p\n" $JC --scope=READ store "$SRV"
expect_rc "--scope is for a service account" 2
expect_contains "--scope without --type=service: says so" "$ERR" "--type=service"
run "username=u\npassword=p\n" $JC '--scope=READ  WRITE' --type=service store "$SRV"
expect_rc "--scope must be an OAuth scope" 2

# -- a guessed server is asked anonymously whether it is Cloud: a new token is waited for
fake_config custom '{"deployment": "cloud", "custom_domain": "jira.acme.example", "users": [
	{"user": "dana@acme.example", "secret": "new-token", "valid_after": '"$(fake_in 4 custom)"'}]}'
fake_clear_log custom
run "username=dana@acme.example\npassword=new-token\n" $JC $CA --validate --wait=30 store "$CUSTOM"
expect_rc "custom domain, brand-new token: waited for as Cloud's" 0
n=$(fake_count custom '/rest/api/2/myself')
[ "$n" -ge 2 ] && record pass "custom domain: the 401 was retried ($n requests)" ||
	record fail "custom domain: the 401 was retried" "$n requests"
info=$(grep serverInfo "${FAKE_LOG[custom]}")
expect_eq "custom domain: serverInfo asked once" 1 "$(printf '%s\n' "$info" | grep -c .)"
expect_absent "custom domain: serverInfo asked without the credential" "$info" '"authorization"'
fake_clear_log srv
run "username=alice\npassword=typo\n" $JC $CA --validate --wait=30 store "$SRV"
expect_rc "a Server's wrong password" 4
expect_eq "a Server's wrong password: one login, never retried (CAPTCHA)" 1 \
	"$(fake_count srv '/rest/api/2/myself')"
expect_absent "a Server's wrong password: anonymous questions only besides" \
	"$(grep -v /myself "${FAKE_LOG[srv]}")" '"authorization"'

# -- token age: the store time is visible, and git's round trip keeps it
reset_keyring
run "username=bob@example.com\npassword=tok-AGE\n" $JC store https://age.atlassian.net
stored=$(keyring_attrs host age.atlassian.net | sed -n 's/^attribute.stored = //p')
run '' $JC list
expect_contains "list has an AGE column" "$(printf '%s\n' "$OUT" | head -n 1)" "AGE"
expect_contains "list: stored today" "$OUT" "today"
run '' $JC --format=json list
expect_contains "list json: when it was stored" "$OUT" "\"stored\":\"$(date -u +%Y-%m-%d)\""
expect_contains "list json: as seconds" "$OUT" "\"stored_utc\":\"$((stored / 1000000))\""
run '' $JC doctor https://age.atlassian.net
expect_contains "doctor: when it was stored" "$OUT" "stored:   $(date -u +%Y-%m-%d) (less than 1 day ago)"
sleep 1
printf 'protocol=https\nhost=age.atlassian.net\nusername=bob@example.com\npassword=tok-AGE\n' |
	git -c credential.helper= -c credential.helper=jira credential approve
expect_eq "git's round trip keeps the store time" "$stored" \
	"$(keyring_attrs host age.atlassian.net | sed -n 's/^attribute.stored = //p')"
printf 'protocol=https\nhost=age.atlassian.net\nusername=bob@example.com\npassword=tok-NEW\n' |
	git -c credential.helper= -c credential.helper=jira credential approve
expect_eq "git approving a new token stores it" tok-NEW "$(keyring_secret host age.atlassian.net)"
[ "$(keyring_attrs host age.atlassian.net | sed -n 's/^attribute.stored = //p')" -gt "$stored" ] &&
	record pass "a new token starts a new age" || record fail "a new token starts a new age"

# -- get warns once a token without a known expiry is older than 350 days
us() { echo $((($(date +%s) - $1 * 86400) * 1000000)); }
printf 'tok-OLD' | keyring_store "Jira: old on old.atlassian.net" protocol https host old.atlassian.net \
	path '' user old@example.com type cloud stored "$(us 400)"
printf 'tok-YOUNG' | keyring_store "Jira: young on young.atlassian.net" protocol https \
	host young.atlassian.net path '' user y@example.com type cloud stored "$(us 300)"
printf 'tok-KNOWN' | keyring_store "Jira: known on known.atlassian.net" protocol https \
	host known.atlassian.net path '' user k@example.com type cloud stored "$(us 400)" \
	password_expiry_utc $(($(date +%s) + 86400 * 100))
printf 'pw-OLD' | keyring_store "Jira: alice on old-server.example" protocol https \
	host old-server.example path '' user alice type server stored "$(us 400)"
run '' $JC --format=header get https://old.atlassian.net
expect_rc "an old token still answers" 0
expect_eq "an old token: the header" "Authorization: Basic $(printf old@example.com:tok-OLD | base64)" "$OUT"
expect_one_line_error "an old token: one line" tok-OLD
expect_contains "an old token: says how old" "$ERR" "was stored 400 days ago"
expect_contains "an old token: where to make a new one" "$ERR" "https://id.atlassian.com/manage-profile/security/api-tokens"
run '' $JC --format=header get https://young.atlassian.net
expect_eq "a token of 300 days: no warning" "" "$ERR"
run '' $JC --format=header get https://known.atlassian.net
expect_eq "an old token with a known expiry: no age warning" "" "$ERR"
run '' $JC --format=header get https://old-server.example
expect_eq "an old Server password: no age warning" "" "$ERR"
run '' $JC list
expect_contains "list: an old token's age" "$(grep old.atlassian.net <<<"$OUT")" "400 days"
run '' $JC doctor https://old.atlassian.net
expect_contains "doctor: an old token's age" "$OUT" "(400 days ago); Atlassian's API tokens expire within a year"

# -- a stored Cloud token that Jira now refuses may have expired or been revoked
run "username=dana@acme.example\npassword=revoked-token\n" $JC --type=cloud store "$CUSTOM"
run '' $JC $CA --validate get "$CUSTOM"
expect_rc "a stored Cloud token refused: exit 4" 4
expect_one_line_error "a stored Cloud token refused" revoked-token
expect_contains "a stored Cloud token refused: may have expired or been revoked" "$ERR" \
	"may have expired or been revoked: make a new one at https://id.atlassian.com/manage-profile/security/api-tokens"
run '' $JC $CA --validate doctor "$CUSTOM"
expect_rc "doctor --validate of a refused Cloud token" 4
expect_contains "doctor --validate: may have expired or been revoked" "$OUT$ERR" "may have expired or been revoked"
run "username=dana@acme.example\npassword=typo-token\n" $JC $CA --type=cloud --validate --wait=0 store "$CUSTOM"
expect_rc "a new Cloud token refused" 4
expect_contains "a new token refused: check it, or wait" "$ERR" "check the email and the API token"
expect_absent "a new token refused: not 'expired'" "$ERR" "expired"

# -- login asks for a Cloud token's expiry; one year from today by default
fake_config custom '{"deployment": "cloud", "custom_domain": "jira.acme.example", "users": [
	{"user": "dana@acme.example", "secret": "cd-token", "display_name": "Dana Acme"}]}'
login() { # login ANSWERS...
	printf '%s\n' "$@" >"$HOME/answers"
	OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC $CA --type=cloud login "$CUSTOM")
	RC=$?
}
expiry() { keyring_attrs host "localhost:${FAKE_PORT[custom]}" | sed -n 's/^attribute.password_expiry_utc = //p'; }
login dana@acme.example cd-token ''
expect_rc "login, Cloud" 0
expect_contains "login asks for the expiry Atlassian showed" "$OUT" "Expiry date Atlassian showed for this token (YYYY-MM-DD)"
year=$(date -u -d '+1 year' +%Y-%m-%d)
expect_contains "login: the default, one year from today, said" "$OUT" "No date given: taking $year, one year from today"
expect_eq "login: the default stored" "$(date -u -d "$year" +%s)" "$(expiry)"
login dana@acme.example cd-token 31/12/2027 2027-12-31
expect_rc "login with a date as DD/MM/YYYY, then right" 0
expect_contains "login: a date not as YYYY-MM-DD is asked again" "$OUT" "That is not a date as YYYY-MM-DD"
expect_eq "login: the date given stored" "$(date -u -d 2027-12-31 +%s)" "$(expiry)"
printf 'dana@acme.example\ncd-token\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC $CA --type=cloud --expires=2028-01-15 login "$CUSTOM")
expect_absent "login --expires: no question" "$OUT" "Expiry date"
expect_eq "login --expires: stored" "$(date -u -d 2028-01-15 +%s)" "$(expiry)"
printf 'alice\ns3cret\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC $CA login "$SRV")
expect_absent "login, Server password: no expiry question" "$OUT" "Expiry date"
