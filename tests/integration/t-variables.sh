# t-variables.sh: the variables --format=env writes and exec sets, in the
# form each Jira client reads (jira-credential(1), "The variables"): the
# site (or gateway) four times, the user four times for Basic only, the
# token, the auth type, and a Bearer token once more; exec replaces or
# removes each of them whatever the caller had.  Then a real client from
# npm (jira-client) under exec, against the fake Jira over TLS.

reset_keyring
RT=$(mktemp -d /dev/shm/jc-rt.XXXXXX)
chmod 700 "$RT"
trap 'rm -rf "$RT"' EXIT
export XDG_RUNTIME_DIR=$RT
fake_start cloud '{"deployment": "cloud", "custom_domain": "jira.acme.example",
	"users": [{"user": "dana@acme.example", "secret": "cd-token", "display_name": "Dana Acme"}],
	"service_accounts": [{"client_id": "cid-ci", "client_secret": "csec-ci", "display_name": "CI bot"}]}' tls
fake_start srv '{"deployment": "server", "context_path": "/jira", "users": [
	{"user": "alice", "secret": "s3cret", "display_name": "Alice Liddell"},
	{"token": "pat-VARS", "user": "patty", "display_name": "Patty"}]}' tls
CA="--cacert=$TLS/ca.crt"
CLOUD="https://localhost:${FAKE_PORT[cloud]}"
SRV="https://localhost:${FAKE_PORT[srv]}/jira"
GW="https://127.0.0.1:${FAKE_PORT[cloud]}"
export JIRA_CREDENTIAL_OAUTH_URL="$GW/oauth/token" JIRA_CREDENTIAL_GATEWAY="$GW"
GATEWAY="$GW/ex/jira/11111111-2222-3333-4444-555555555555"
run "username=dana@acme.example\npassword=cd-token\n" $JC --type=cloud store "$CLOUD"
run "username=alice\npassword=s3cret\n" $JC store "$SRV"
run "password=pat-VARS\n" $JC store "https://127.0.0.1:${FAKE_PORT[srv]}/jira"
PAT="https://127.0.0.1:${FAKE_PORT[srv]}/jira"
run "username=cid-ci\npassword=csec-ci\n" $JC --type=service store "https://127.0.0.1:${FAKE_PORT[cloud]}"
SVC="https://127.0.0.1:${FAKE_PORT[cloud]}"

# -- --format=env: Basic
run '' $JC --format=env get "$SRV"
expect_eq "env, Basic: every name, the user four times, no personal token" \
	"JIRA_BASE_URL='$SRV'
JIRA_URL='$SRV'
JIRA_SERVER='$SRV'
JIRA_HOST='$SRV'
JIRA_USER_EMAIL='alice'
JIRA_USERNAME='alice'
JIRA_EMAIL='alice'
JIRA_LOGIN='alice'
JIRA_API_TOKEN='s3cret'
JIRA_AUTH_TYPE='basic'
export JIRA_BASE_URL JIRA_URL JIRA_SERVER JIRA_HOST JIRA_USER_EMAIL JIRA_USERNAME JIRA_EMAIL JIRA_LOGIN JIRA_API_TOKEN JIRA_AUTH_TYPE
unset JIRA_PERSONAL_TOKEN JIRA_CLIENT_CERT JIRA_CLIENT_KEY" "$OUT"

# -- --format=env: Bearer (a personal access token): no user variable at all
run '' $JC --format=env get "$PAT"
expect_eq "env, Bearer: the token twice, no user variable, the user's unset" \
	"JIRA_BASE_URL='$PAT'
JIRA_URL='$PAT'
JIRA_SERVER='$PAT'
JIRA_HOST='$PAT'
JIRA_API_TOKEN='pat-VARS'
JIRA_AUTH_TYPE='bearer'
JIRA_PERSONAL_TOKEN='pat-VARS'
export JIRA_BASE_URL JIRA_URL JIRA_SERVER JIRA_HOST JIRA_API_TOKEN JIRA_AUTH_TYPE JIRA_PERSONAL_TOKEN
unset JIRA_USER_EMAIL JIRA_USERNAME JIRA_EMAIL JIRA_LOGIN JIRA_CLIENT_CERT JIRA_CLIENT_KEY" "$OUT"
got=$(env JIRA_USERNAME=leftover JIRA_EMAIL=leftover bash -c "eval \"\$1\"; echo \"\${JIRA_USERNAME-unset}|\${JIRA_EMAIL-unset}|\$JIRA_PERSONAL_TOKEN\"" _ "$OUT")
expect_eq "env, Bearer, eval'd: a caller's user variables are gone" "unset|unset|pat-VARS" "$got"

# -- exec replaces or removes every name, whatever the caller had
names="JIRA_BASE_URL JIRA_URL JIRA_SERVER JIRA_HOST JIRA_USER_EMAIL JIRA_USERNAME JIRA_EMAIL JIRA_LOGIN JIRA_API_TOKEN JIRA_AUTH_TYPE JIRA_PERSONAL_TOKEN"
leftovers=$(for n in $names; do printf '%s=https://evil.example ' "$n"; done)
show='for n in '"$names"'; do eval "v=\${$n-unset}"; printf "%s=%s\n" "$n" "$v"; done'
run '' env $leftovers $JC exec "$PAT" -- sh -c "$show"
expect_eq "exec, Bearer: the caller's eleven variables replaced or removed" \
	"JIRA_BASE_URL=$PAT
JIRA_URL=$PAT
JIRA_SERVER=$PAT
JIRA_HOST=$PAT
JIRA_USER_EMAIL=unset
JIRA_USERNAME=unset
JIRA_EMAIL=unset
JIRA_LOGIN=unset
JIRA_API_TOKEN=pat-VARS
JIRA_AUTH_TYPE=bearer
JIRA_PERSONAL_TOKEN=pat-VARS" "$OUT"
run '' env $leftovers $JC exec "$SRV" -- sh -c "$show"
expect_eq "exec, Basic: the caller's personal token removed" \
	"JIRA_BASE_URL=$SRV
JIRA_URL=$SRV
JIRA_SERVER=$SRV
JIRA_HOST=$SRV
JIRA_USER_EMAIL=alice
JIRA_USERNAME=alice
JIRA_EMAIL=alice
JIRA_LOGIN=alice
JIRA_API_TOKEN=s3cret
JIRA_AUTH_TYPE=basic
JIRA_PERSONAL_TOKEN=unset" "$OUT"
run '' env $leftovers $JC exec "$SRV" -- sh -c 'env | grep -v "^JIRA_CREDENTIAL_" | grep -c "^JIRA_"'
expect_eq "exec: each name once" 10 "$OUT"
run '' env JIRA_UNRELATED=kept $JC exec "$SRV" -- sh -c 'echo "$JIRA_UNRELATED"'
expect_eq "exec: other variables untouched" kept "$OUT"

# -- the env store reads back what --format=env writes, for Basic and Bearer
for d in "$SRV" "$PAT"; do
	run '' $JC --format=env get "$d"
	want=$($JC --format=header get "$d")
	got=$(env -i PATH="$PATH" HOME="$HOME" bash -c 'eval "$1"; jira-credential --store=env --format=header get "$2"' _ "$OUT" "$d")
	expect_eq "the env store round-trips --format=env ($d)" "$want" "$got"
done

# -- a real client: jira-client from npm, a ten-line script under exec
NPMDIR="$HOME/npm-client"
if ! command -v npm >/dev/null || ! command -v node >/dev/null ||
	! timeout 300 npm install --prefix "$NPMDIR" --no-audit --no-fund --ignore-scripts \
		--loglevel=error jira-client@8.2.2 >"$HOME/npm.log" 2>&1; then
	echo "note: t-variables: npm could not install jira-client ($(tail -n 1 "$HOME/npm.log" 2>/dev/null || echo 'no npm')); the real-client check was skipped" >&2
else
	cat >"$NPMDIR/whoami.js" <<'EOF'
// Reads what jira-credential exec sets, as @pchuri/jira-cli does: a user means Basic.
const JiraApi = require('jira-client'), u = new URL(process.env.JIRA_URL);
const basic = process.env.JIRA_USERNAME !== undefined;
const jira = new JiraApi({protocol: u.protocol.slice(0, -1), host: u.hostname, port: u.port,
  base: u.pathname.replace(/\/$/, ''), apiVersion: '2', strictSSL: true,
  ...(basic ? {username: process.env.JIRA_USERNAME, password: process.env.JIRA_API_TOKEN}
            : {bearer: process.env.JIRA_PERSONAL_TOKEN})});
jira.getCurrentUser().then(me => console.log(`${me.displayName} (${basic ? 'basic' : 'bearer'})`),
  e => { console.error(String(e.message).slice(0, 200)); process.exit(1); });
EOF
	node_run() { # node_run DOMAIN [VAR=VALUE...]: the script under exec
		local d=$1
		shift
		run '' env NODE_EXTRA_CA_CERTS="$TLS/ca.crt" NODE_PATH="$NPMDIR/node_modules" "$@" \
			$JC $CA exec "$d" -- node "$NPMDIR/whoami.js"
	}
	node_run "$CLOUD"
	expect_eq "jira-client: a Cloud token on its custom domain, Basic" "Dana Acme (basic)" "$OUT"
	node_run "$SRV"
	expect_eq "jira-client: a Server password, Basic, with a context path" "Alice Liddell (basic)" "$OUT"
	node_run "$PAT" JIRA_USERNAME=leftover
	expect_eq "jira-client: a personal access token as Bearer despite a leftover JIRA_USERNAME" \
		"Patty (bearer)" "$OUT"
	node_run "$SVC" JIRA_USERNAME=leftover JIRA_URL=https://evil.example
	expect_eq "jira-client: a service account's minted token at the gateway" "CI bot (bearer)" "$OUT"
	run '' env NODE_EXTRA_CA_CERTS="$TLS/ca.crt" NODE_PATH="$NPMDIR/node_modules" \
		JIRA_URL="$PAT" JIRA_USERNAME=leftover JIRA_API_TOKEN=pat-VARS node "$NPMDIR/whoami.js"
	expect_rc "without exec, a leftover JIRA_USERNAME sends the token as Basic, and fails" 1
fi
