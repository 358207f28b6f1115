# t-workflows.sh: list, expiry, import-netrc and login on a pseudo-terminal.

reset_keyring

# -- list: aligned table, JSON, never a secret
run 'domain=https://example.atlassian.net\nusername=bob@example.com\npassword=tok-LIST-1\n' $JC --expires=2099-12-31 store
run 'domain=https://jira.corp.example/jira\nusername=alice\npassword=pw-LIST-2\n' $JC store
run 'domain=https://dc.example:8443\npassword=pat-LIST-3\n' $JC store
run '' $JC list
expect_rc "list" 0
expect_eq "list table" "DOMAIN                          USER             TYPE     EXPIRES     AGE
https://example.atlassian.net   bob@example.com  cloud    2099-12-31  today
https://jira.corp.example/jira  alice            server   -           today
https://dc.example:8443         -                pat      -           today" "$OUT"
expect_absent "list: no secret" "$OUT" "LIST-"
run '' $JC --format=json list
got=$(printf '%s' "$OUT" | python3 -c '
import json, sys
for d in json.load(sys.stdin):
    print(d["domain"], d["username"], d["type"], d["expires"])')
expect_eq "list --format=json" "https://example.atlassian.net bob@example.com cloud 2099-12-31
https://jira.corp.example/jira alice server None
https://dc.example:8443  pat None" "$got"
expect_absent "list json: no secret" "$OUT" "LIST-"

# -- expiry: warning within 14 days, refusal after
soon=$(($(date +%s) + 86400 * 5))
past=$(($(date +%s) - 60))
run "protocol=https\nhost=soon.example\nusername=u\npassword=p\npassword_expiry_utc=$soon\n" $JC store
run 'protocol=https\nhost=soon.example\n' $JC get
expect_rc "near expiry: still answers" 0
expect_contains "near expiry: answers the secret" "$OUT" "password=p"
expect_contains "near expiry: warns" "$ERR" "expires in 5 day"
# The advice fits the type: a Server/DC password is changed, not remade as a token.
expect_contains "near expiry, a server password: change it" "$ERR" \
	"change the password (in your Jira profile, or ask a Jira administrator)"
expect_absent "near expiry, a server password: no token advice" "$ERR" "token"
run "protocol=https\nhost=pat-soon.example\nusername=\npassword=p\ntype=pat\npassword_expiry_utc=$soon\n" $JC store
run 'protocol=https\nhost=pat-soon.example\n' $JC get
expect_contains "near expiry, a personal access token: the profile page" "$ERR" \
	"make a new personal access token on the Personal Access Tokens page of your Jira profile"
expect_absent "near expiry, a personal access token: not Atlassian's page" "$ERR" "id.atlassian.com"
run "protocol=https\nhost=srv-old.example\nusername=u\npassword=p\npassword_expiry_utc=$past\n" $JC store
run '' $JC --format=header get https://srv-old.example
expect_rc "expired server password, header format: exit 1" 1
expect_contains "expired server password: change it" "$ERR" "expired; change the password"
run '' $JC doctor srv-old.example
expect_contains "doctor, expired server password: change it" "$OUT" "(expired: change the password"
run "protocol=https\nhost=old.atlassian.net\nusername=u@x\npassword=p\npassword_expiry_utc=$past\n" $JC store
run 'protocol=https\nhost=old.atlassian.net\n' $JC get
expect_rc "expired, git format: exit 0" 0
expect_eq "expired, git format: answers nothing" "" "$OUT"
expect_contains "expired: says where to make a new token" "$ERR" \
	"expired; make a new API token at https://id.atlassian.com/manage-profile/security/api-tokens"
run '' $JC --format=header get https://old.atlassian.net
expect_rc "expired, header format: exit 1" 1
expect_eq "expired, header format: nothing" "" "$OUT"
run 'protocol=https\nhost=bad-date.example\nusername=u\npassword=p\n' $JC --expires=31/12/2027 store
expect_rc "--expires needs YYYY-MM-DD" 2
run 'protocol=https\nhost=bad-date.example\nusername=u\npassword=p\n' $JC --expires=2027-02-30 store
expect_rc "--expires refuses an impossible date" 2
run 'protocol=https\nhost=date.example\nusername=u\npassword=p\n' $JC --expires=2027-03-31 store
run 'protocol=https\nhost=date.example\n' $JC get
expect_contains "--expires becomes password_expiry_utc" "$OUT" "password_expiry_utc=$(date -u -d 2027-03-31 +%s)"

# -- import-netrc
reset_keyring
cat >"$HOME/.netrc" <<'EOF'
machine one.atlassian.net login one@example.com password tok-ONE
machine two.example
    login two
    password "pw with spaces and \"quotes\""
# a comment
machine nopass.example login x
macdef init
cd /pub
get README

default login anonymous password guest@
machine pat.example password pat-FOUR
machine newline.example login n password "line1
line2"
EOF
chmod 600 "$HOME/.netrc"
run '' $JC import-netrc
expect_rc "import-netrc" 0
expect_contains "says how many" "$OUT" "imported 3 credentials from $HOME/.netrc, skipped 3"
expect_contains "a password with a line break is skipped" "$ERR" "skipped newline.example"
expect_contains "suggests removing the file" "$OUT" "remove them"
expect_contains "notes the default entry" "$ERR" "'default'"
expect_contains "notes the entry without password" "$ERR" "nopass.example"
expect_absent "import: no secret printed (out)" "$OUT" "tok-ONE"
expect_absent "import: no secret printed (err)" "$ERR$OUT" "pw with"
expect_absent "import: macro not read as entries" "$ERR$OUT" "README"
run '' $JC --format=header get https://one.atlassian.net
expect_eq "single-line entry" "Authorization: Basic $(printf one@example.com:tok-ONE | base64)" "$OUT"
run 'protocol=https\nhost=two.example\n' $JC get
expect_contains "multi-line entry with a quoted password" "$OUT" 'password=pw with spaces and "quotes"'
run '' $JC --format=header get https://pat.example
expect_eq "entry without login is a PAT" "Authorization: Bearer pat-FOUR" "$OUT"
expect_eq "default entry not imported" 3 "$(count_items)"
run '' $JC import-netrc "$HOME/missing"
expect_rc "missing netrc file" 2
# curl skips words netrc does not know: 'passwd p' is no password.
printf 'machine a.example login u passwd p\n' >"$HOME/odd-netrc"
run '' $JC import-netrc "$HOME/odd-netrc"
expect_rc "netrc with an unknown word: read as curl reads it" 0
expect_contains "the entry has no password, and says so" "$ERR" "skipped a.example: the entry has no password"
expect_eq "nothing imported from it" 3 "$(count_items)"
printf 'machine a.example login u password "unterminated\n' >"$HOME/bad-netrc"
run '' $JC import-netrc "$HOME/bad-netrc"
expect_rc "netrc with an unterminated quote" 2
expect_eq "nothing imported from a bad file" 3 "$(count_items)"

# -- login on a pseudo-terminal
login_config() { # login_config VALID-AFTER-OF-THE-NEW-TOKEN
	fake_config srv '{"deployment": "server", "users": [
	{"user": "alice", "secret": "s3cret-LOGIN", "display_name": "Alice Liddell", "email": "alice@example.com"},
	{"token": "fresh-LOGIN", "user": "newbie", "valid_after": '"$1"'}]}'
}
fake_start srv '{}' tls
login_config 0
SRV="https://localhost:${FAKE_PORT[srv]}"
printf 'alice\ns3cret-LOGIN\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC --cacert="$TLS/ca.crt" login "$SRV")
RC=$?
expect_rc "login" 0
expect_contains "login asks for the user" "$OUT" "Username for $SRV"
expect_contains "login asks for the password" "$OUT" "Password:"
expect_absent "login never echoes the secret" "$OUT" "s3cret-LOGIN"
expect_contains "login says who Jira says you are" "$OUT" "Jira says you are Alice Liddell <alice@example.com>"
run '' $JC --format=header get "$SRV"
expect_eq "login stored the credential" "Authorization: Basic $(printf alice:s3cret-LOGIN | base64)" "$OUT"

printf 'alice\nwrong-LOGIN\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC --cacert="$TLS/ca.crt" --wait=0 login "$SRV")
RC=$?
expect_rc "login with a wrong password" 4
run '' $JC --format=header get "$SRV"
expect_eq "failed login stores nothing" "Authorization: Basic $(printf alice:s3cret-LOGIN | base64)" "$OUT"

login_config "$(fake_in 4 srv)"
printf '\nfresh-LOGIN\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC --cacert="$TLS/ca.crt" --wait=20 login "https://127.0.0.1:${FAKE_PORT[srv]}")
RC=$?
expect_rc "login waits for a new token (PAT: empty username)" 0
expect_contains "login asks for the token" "$OUT" "Personal access token:"
expect_contains "login shows why it waits" "$OUT" "new tokens can take a minute"
expect_absent "login never echoes the token" "$OUT" "fresh-LOGIN"

# import-netrc --validate: an entry that cannot be validated (plain http://)
# is skipped with a note; the entries after it are imported; the summary
# counts it.
reset_keyring
printf 'machine http://plain.example login bob password plain-pw\nmachine 127.0.0.1:%s login alice password s3cret-LOGIN\n' \
	"${FAKE_PORT[srv]}" >"$HOME/validate-netrc"
run '' $JC --cacert="$TLS/ca.crt" --validate import-netrc "$HOME/validate-netrc"
expect_rc "import-netrc --validate past an http:// entry" 0
expect_contains "the http:// entry is skipped, saying why" "$ERR" "skipped plain.example"
expect_contains "the summary counts it" "$OUT" "imported 1 credential from $HOME/validate-netrc, skipped 1"
expect_eq "the entry after it is imported" 1 "$(count_items)"

# setsid: no controlling terminal, even when make check runs in one
run '' setsid -w $JC login "$SRV"
expect_rc "login without a terminal" 2
expect_contains "login without a terminal points to store" "$ERR" "jira-credential store"

# -- bash completion
comp=$(bash -c ". '$JC_PREFIX/share/bash-completion/completions/jira-credential'
	COMP_WORDS=(jira-credential --format=); COMP_CWORD=1; _jira_credential; echo \${COMPREPLY[*]}
	COMP_WORDS=(jira-credential ''); COMP_CWORD=1; _jira_credential; echo \${COMPREPLY[*]}")
expect_contains "completion: formats" "$comp" "--format=netrc"
expect_contains "completion: actions" "$comp" "import-netrc"
