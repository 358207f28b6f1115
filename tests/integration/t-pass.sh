# t-pass.sh: the pass store with the real pass, gnupg and git: both
# directions of compatibility, a team store (two keys, a bare git remote),
# a headless passphrase-protected key, and no plaintext anywhere.

touch "$HOME/.t-pass-start"
G1="$HOME/gnupg-alice"
gpg_home "$G1"
trap gpg_stop_all EXIT
export GNUPGHOME="$G1" PASSWORD_STORE_DIR="$HOME/store"
unset GPG_TTY DISPLAY
alice=$(gpg_key "$G1" alice)
pass init "$alice" >/dev/null
P="$JC --store=pass"
secret='tok-Xq9"$`;plain-marker'

# We write, pass reads.
run_raw "$(printf 'domain=https://example.atlassian.net\nusername=bob@example.com\npassword=%s\n' "$secret")" $P --expires=2031-05-01 store
expect_rc "store into the password store" 0
expect_eq "the entry's file" "jira/example.atlassian.net/bob@example.com.gpg" \
	"$(cd "$PASSWORD_STORE_DIR" && find jira -type f)"
expect_eq "pass show prints what we wrote" "$secret
login: bob@example.com
url: https://example.atlassian.net
type: cloud
expires: 2031-05-01" "$(pass show jira/example.atlassian.net/bob@example.com)"
expect_eq "pass show | head -1 is the secret" "$secret" \
	"$(pass show jira/example.atlassian.net/bob@example.com | head -n 1)"
mode=$(stat -c %a "$PASSWORD_STORE_DIR/jira/example.atlassian.net/bob@example.com.gpg")
expect_eq "the entry is 0600" 600 "$mode"

run '' $P get example.atlassian.net
expect_rc "get" 0
expect_contains "get answers the secret" "$OUT" "password=$secret"
expect_contains "get answers the expiry" "$OUT" "password_expiry_utc=$(date -u -d 2031-05-01 +%s)"
run '' $P --format=header get example.atlassian.net
expect_eq "header format" "Authorization: Basic $(printf '%s' "bob@example.com:$secret" | base64 -w0)" "$OUT"

# pass writes (pass insert -m, as a person would), we read.
printf 'pat-secret-1\nURL:https://jira.corp.example:8443/jira\nTYPE:  pat\nnote: anything\n' |
	pass insert -m jira/jira.corp.example_8443/jira/_token >/dev/null
run '' $P --format=header get https://jira.corp.example:8443/jira/rest/api/2/myself
expect_eq "an entry pass insert -m wrote, read (PAT, port, path)" "Authorization: Bearer pat-secret-1" "$OUT"
printf 'pw-2\nLogin: carol\n' | pass insert -m jira/jira.corp.example_8443/carol >/dev/null
run 'protocol=https\nhost=jira.corp.example:8443\nusername=carol\n' $P get
expect_contains "user entry without path, keys in any case" "$OUT" "password=pw-2"
expect_contains "type inferred for carol" "$OUT" "type=server"

# list reads file names only: no secret, and works without any key.
run '' $P list
expect_rc "list" 0
expect_contains "list names bob" "$OUT" "bob@example.com"
expect_absent "list never prints a secret" "$OUT" "$secret"
run '' env GNUPGHOME="$HOME/nokeys" $P list
expect_contains "list needs no key" "$OUT" "https://jira.corp.example:8443/jira"

# Replace, never duplicate; erase by password.
run "domain=https://example.atlassian.net\nusername=bob@example.com\npassword=second\n" $P store
expect_eq "store replaced the entry" 1 "$(find "$PASSWORD_STORE_DIR/jira/example.atlassian.net" -type f | wc -l)"
run "protocol=https\nhost=example.atlassian.net\npassword=wrong\n" $P erase
expect_eq "erase with another password keeps it" "second" "$(pass show jira/example.atlassian.net/bob@example.com | head -n1)"
run "protocol=https\nhost=example.atlassian.net\npassword=second\n" $P erase
expect_rc "erase" 0
[ -e "$PASSWORD_STORE_DIR/jira/example.atlassian.net" ] && record fail "erase removed the empty directory" ||
	record pass "erase removed the empty directory"

# Hostile names: the path mapping stays inside jira/ and round-trips.
run "domain=https://example.com/a/b\nusername=../../x/y\npassword=p1\n" $P store
expect_rc "a username with / and .. is stored" 0
expect_eq "it stays one file under its origin" "jira/example.com/a/b/%2E.%2F..%2Fx%2Fy.gpg" \
	"$(cd "$PASSWORD_STORE_DIR" && find jira/example.com -type f)"
run 'protocol=https\nhost=example.com\npath=a/b/c\nusername=../../x/y\n' $P get
expect_contains "and comes back" "$OUT" "password=p1"
run "domain=https://[::1]:8443\nusername=_token\npassword=p6\n" $P store
run 'protocol=https\nhost=[::1]:8443\n' $P get
expect_contains "IPv6 and a username that looks like the token name" "$OUT" "username=_token"

# Team: .gpg-id with two keys, a bare git remote; the second identity alone decrypts.
G2="$HOME/gnupg-bob"
gpg_home "$G2"
bob=$(gpg_key "$G2" bob)
GNUPGHOME="$G2" gpg --export "$bob" 2>/dev/null | gpg --import 2>/dev/null
GNUPGHOME="$G1" gpg --export "$alice" 2>/dev/null | GNUPGHOME="$G2" gpg --import 2>/dev/null
printf '%s:6:\n' "$bob" | gpg --import-ownertrust 2>/dev/null
printf '%s:6:\n' "$alice" | GNUPGHOME="$G2" gpg --import-ownertrust 2>/dev/null
git config --global user.email team@test.invalid
git config --global user.name team
git config --global init.defaultBranch main
git init -q --bare "$HOME/remote.git"
export PASSWORD_STORE_DIR="$HOME/team-a"
pass init "$alice" "$bob" >/dev/null
pass git init >/dev/null 2>&1
pass git remote add origin "$HOME/remote.git"
run "domain=https://team.atlassian.net\nusername=ci@team.test\npassword=team-secret\n" $P store
expect_rc "store into a team store" 0
expect_contains "committed as pass does" "$(git -C "$PASSWORD_STORE_DIR" log --format=%s -1)" \
	"Add given password for jira/team.atlassian.net/ci@team.test to store."
pass git push -q origin main 2>/dev/null
git clone -q "$HOME/remote.git" "$HOME/team-b"
run '' env GNUPGHOME="$G2" PASSWORD_STORE_DIR="$HOME/team-b" $P --format=header get team.atlassian.net
expect_eq "the second identity alone decrypts what the first stored and pushed" \
	"Authorization: Basic $(printf 'ci@team.test:team-secret' | base64 -w0)" "$OUT"
run "domain=https://team.atlassian.net\nusername=ci@team.test\npassword=rotated-Zq7\n" env GNUPGHOME="$G2" PASSWORD_STORE_DIR="$HOME/team-b" $P store
expect_rc "the second identity stores" 0
git -C "$HOME/team-b" push -q origin main 2>/dev/null
pass git pull -q origin main 2>/dev/null
run '' $P --format=header get team.atlassian.net
expect_eq "the first pulls and gets the rotated secret" \
	"Authorization: Basic $(printf 'ci@team.test:rotated-Zq7' | base64 -w0)" "$OUT"
run "protocol=https\nhost=team.atlassian.net\n" $P erase
expect_contains "erase committed as pass does" "$(git -C "$PASSWORD_STORE_DIR" log --format=%s -1)" \
	"Remove jira/team.atlassian.net/ci@team.test from store."

# No plaintext anywhere: the store, the git history (every object), temp dirs.
leaks=$(
	grep -rl -e team-secret -e rotated-Zq7 -e plain-marker "$JC_TEST_ROOT" 2>/dev/null | grep -v '/results$'
	find /tmp "${TMPDIR:-/tmp}" -maxdepth 1 -type f -newer "$HOME/.t-pass-start" -exec \
		grep -l -e team-secret -e rotated-Zq7 -e plain-marker {} + 2>/dev/null
)
objs=$(cd "$HOME/team-a" && git rev-list --all --objects | cut -d' ' -f1 |
	while read -r o; do git cat-file -p "$o"; done 2>/dev/null | grep -ac -e team-secret -e rotated-Zq7)
expect_eq "no plaintext file in stores, history or temp dirs" "" "$leaks"
expect_eq "no plaintext in any git object" 0 "$objs"

# Headless, passphrase-protected key, nothing cached: exit 3, no hang.
G3="$HOME/gnupg-locked"
gpg_home "$G3"
locked=$(gpg_key "$G3" locked 'correct horse')
export GNUPGHOME="$G3" PASSWORD_STORE_DIR="$HOME/locked-store"
pass init "$locked" >/dev/null
run "domain=https://locked.atlassian.net\nusername=l@x.test\npassword=lk\n" $P store
expect_rc "storing needs only the public key" 0
gpgconf --reload gpg-agent
run '' setsid $P get locked.atlassian.net
expect_rc "headless with a locked key: exit 3" 3
expect_one_line_error "headless with a locked key" lk
expect_contains "says what to do" "$ERR" "GPG_TTY"
# Once the agent holds the passphrase, the same get works.
gpg --batch --pinentry-mode loopback --passphrase 'correct horse' -d \
	"$PASSWORD_STORE_DIR/jira/locked.atlassian.net/l@x.test.gpg" >/dev/null 2>&1
run '' setsid $P --format=header get locked.atlassian.net
expect_eq "a key the agent holds works headless" "Authorization: Basic $(printf 'l@x.test:lk' | base64 -w0)" "$OUT"

# A link inside the store is not followed.
export GNUPGHOME="$G1" PASSWORD_STORE_DIR="$HOME/store"
mkdir -p "$HOME/elsewhere"
ln -s "$HOME/elsewhere" "$PASSWORD_STORE_DIR/jira/linked.example"
run "domain=https://linked.example\nusername=u\npassword=p\n" $P store
expect_rc "a store through a link inside the store is refused" 3
expect_eq "nothing written through the link" "" "$(ls "$HOME/elsewhere")"
gpg_stop_all
