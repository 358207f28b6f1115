# t-env.sh: the env store for CI: what --format=env writes, read back
# (round trip), through git credential fill and curl against a fake Jira;
# it answers only for JIRA_BASE_URL's origin; store and erase change nothing.

reset_keyring
fake_start srv '{"deployment": "server", "context_path": "/jira", "users": [
	{"user": "alice", "secret": "s3cret q\"$x", "display_name": "Alice"},
	{"token": "pat-env-1", "user": "patty"}]}' tls
base="https://127.0.0.1:${FAKE_PORT[srv]}/jira"
api="$base/rest/api/2/myself"

run_raw "$(printf 'domain=%s\nusername=alice\npassword=%s\n' "$base" 's3cret q"$x')" $JC --store=secretservice store
expect_rc "store in the keyring" 0
envout=$($JC --store=secretservice --format=env get "$base")
header_keyring=$($JC --store=secretservice --format=header get "$base")

# Round trip: what --format=env wrote is what the env store answers.
(
	unset JIRA_BASE_URL JIRA_USER_EMAIL JIRA_API_TOKEN JIRA_AUTH_TYPE
	eval "$envout"
	got=$($JC --store=env --format=header get "$base")
	[ "$got" = "$header_keyring" ] && echo same || echo "differs: $got"
) >"$HOME/rt"
expect_eq "--format=env round-trips through the env store" same "$(cat "$HOME/rt")"

export JIRA_BASE_URL="$base" JIRA_USER_EMAIL=alice JIRA_API_TOKEN='s3cret q"$x' JIRA_AUTH_TYPE=basic
export JIRA_CREDENTIAL_STORE=env
reset_keyring # nothing in the keyring: answers come from the variables

# curl
code=$($JC --format=header get "$base" | curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -H @- "$api")
expect_eq "curl -H @- with the env store" 200 "$code"
code=$($JC --format=curl get "$base" | curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -K - "$api")
expect_eq "curl -K - with the env store" 200 "$code"

# git credential fill / approve / reject
git config --global credential.helper jira
git config --global credential.useHttpPath true
run "url=$api\n" git credential fill
expect_rc "git credential fill" 0
expect_contains "git gets the user" "$OUT" "username=alice"
expect_contains "git gets the secret" "$OUT" 'password=s3cret q"$x'
run "url=$api\nusername=alice\npassword=s3cret q\"\$x\n" git credential approve
expect_rc "git credential approve: store on a read-only store" 0
expect_eq "one note on stderr" "jira-credential: the env store is read-only; nothing was stored" "$ERR"
run "protocol=https\nhost=127.0.0.1:${FAKE_PORT[srv]}\npath=jira\n" $JC erase
expect_rc "erase on a read-only store" 0
expect_contains "erase says so" "$ERR" "read-only; nothing was erased"
run '' $JC --format=header get "$base"
expect_rc "still answers after store/erase" 0

# In CI git asks every helper about every host: a host the variables do
# not name hears nothing, store or erase, through git or directly.
run "url=https://github.com/org/repo.git\nusername=x\npassword=gh-tok\n" git credential approve
expect_rc "git approve for another host" 0
expect_eq "git approve for another host: silent" "" "$ERR"
run "url=https://github.com/org/repo.git\nusername=x\npassword=gh-tok\n" git credential reject
expect_rc "git reject for another host" 0
expect_eq "git reject for another host: silent" "" "$ERR"
run 'protocol=https\nhost=github.com\nusername=x\npassword=gh-tok\n' $JC store
expect_rc "store for another host" 0
expect_eq "store for another host: silent" "" "$ERR"
run 'protocol=https\nhost=github.com\n' $JC erase
expect_rc "erase for another host" 0
expect_eq "erase for another host: silent" "" "$ERR"
run "protocol=https\nhost=127.0.0.1:${FAKE_PORT[srv]}\nusername=alice\npassword=new\n" $JC store
expect_eq "store for its own host (another path): one note" \
	"jira-credential: the env store is read-only; nothing was stored" "$ERR"

# login and import-netrc: a person's own request; the same outcome and
# words as store (exit 0, one note), whatever the host, and nothing asked.
: >"$HOME/no-answers"
OUT=$(timeout 30 python3 "$JC_HERE/pty-run.py" "$HOME/no-answers" $JC login https://elsewhere.example 2>&1)
RC=$?
expect_rc "login on the env store: exit 0" 0
expect_eq "login on the env store: one note, nothing asked" \
	"jira-credential: the env store is read-only; nothing was stored" "$(printf '%s' "$OUT" | tr -d '\r')"
printf 'machine a.example login u password p1\nmachine b.example login v password p2\n' >"$HOME/env-netrc"
run '' $JC import-netrc "$HOME/env-netrc"
expect_rc "import-netrc on the env store: exit 0" 0
expect_eq "import-netrc on the env store: one note" \
	"jira-credential: the env store is read-only; nothing was stored" "$ERR"
expect_eq "import-netrc on the env store: nothing on stdout" "" "$OUT"

# The same condition, the same outcome: every action that would change the
# store, asked of the read-only env store (--store=env) for its origin,
# exits 0 with the same one line, naming only what was not done.
ro="jira-credential: the env store is read-only; nothing was"
own="protocol=https\nhost=127.0.0.1:${FAKE_PORT[srv]}\npath=jira\n"
ro_case() { # NAME VERB STDIN ARGS...
	local name=$1 verb=$2 in=$3
	shift 3
	run "$in" $JC --store=env "$@"
	expect_rc "read-only, $name: exit 0" 0
	expect_eq "read-only, $name: the one line" "$ro $verb" "$ERR"
	expect_eq "read-only, $name: nothing on stdout" "" "$OUT"
}
ro_case store stored "${own}username=alice\npassword=other\n" store
ro_case "store DOMAIN" stored 'username=alice\npassword=other\n' store "$base"
ro_case login stored '' login "$base"
ro_case "login --create-pat" stored '' login --create-pat "$base"
ro_case import-netrc stored '' import-netrc "$HOME/env-netrc"
ro_case erase erased "$own" erase
ro_case "erase --revoke" "revoked or erased" '' erase --revoke "$base"
ro_case rotate rotated '' rotate "$base"
run '' $JC --format=header get "$base"
expect_eq "read-only: the variables still answer" "Authorization: Basic $(printf '%s' 'alice:s3cret q"$x' | base64 -w0)" "$OUT"

# Only that origin: another host, a suffix, another port, another path, another user.
run 'protocol=https\nhost=example.atlassian.net\n' $JC get
expect_eq "another host: nothing" "" "$OUT"
run "protocol=https\nhost=evil127.0.0.1:${FAKE_PORT[srv]}\n" $JC get
expect_eq "not a suffix match" "" "$OUT"
run "protocol=https\nhost=127.0.0.1:1\n" $JC get
expect_eq "another port: nothing" "" "$OUT"
run "protocol=https\nhost=127.0.0.1:${FAKE_PORT[srv]}\npath=other\n" $JC get
expect_eq "a path outside the base: nothing" "" "$OUT"
run "protocol=https\nhost=127.0.0.1:${FAKE_PORT[srv]}\npath=jira\nusername=bob\n" $JC get
expect_eq "another user: nothing" "" "$OUT"
run "protocol=http\nhost=127.0.0.1:${FAKE_PORT[srv]}\npath=jira\n" $JC get
expect_eq "another protocol: nothing" "" "$OUT"

# list and validation work as with any store.
run '' $JC list
expect_contains "list shows the variable's credential" "$OUT" "$base"
expect_absent "list shows no secret" "$OUT" "s3cret"
run '' $JC --validate --cacert "$TLS/ca.crt" --format=header get "$base"
expect_rc "--validate through the env store" 0

# Bearer: JIRA_AUTH_TYPE=bearer is a personal access token.
run '' env JIRA_USER_EMAIL= JIRA_API_TOKEN=pat-env-1 JIRA_AUTH_TYPE=bearer $JC --format=header get "$base"
expect_eq "bearer from the env store" "Authorization: Bearer pat-env-1" "$OUT"
code=$(env JIRA_USER_EMAIL= JIRA_API_TOKEN=pat-env-1 JIRA_AUTH_TYPE=bearer $JC --format=header get "$base" |
	curl -s -o /dev/null -w '%{http_code}' --cacert "$TLS/ca.crt" -H @- "$api")
expect_eq "curl with the bearer token" 200 "$code"

# Bad variables are refused, not guessed.
run '' env JIRA_AUTH_TYPE=digest $JC get "$base"
expect_rc "an unknown JIRA_AUTH_TYPE: exit 3" 3
expect_one_line_error "an unknown JIRA_AUTH_TYPE" 's3cret'
run '' env JIRA_BASE_URL= $JC --format=header get "$base"
expect_rc "no JIRA_BASE_URL: no match" 1
unset JIRA_CREDENTIAL_STORE
