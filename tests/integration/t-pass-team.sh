# t-pass-team.sh: the password store as a team runs it, with the real
# pass, gnupg and git: pass's own settings honoured as pass honours them
# (PASSWORD_STORE_KEY, PASSWORD_STORE_UMASK, PASSWORD_STORE_GPG_OPTS,
# pass.signcommits), a team of 20 RSA-4096 keys, a person's own lines in
# an entry kept through git's stores, and our processes taking turns
# under the store's lock, for a bounded time.

pass_scratch alice
alice=$PASS_KEY
bob=$(gpg_key "$G" bob)
git config --global credential.helper jira
S="$PASSWORD_STORE_DIR/jira"
# recipients FILE: the key ids an entry is encrypted to, sorted.
recipients() {
	gpg --batch --list-packets "$1" 2>/dev/null | sed -n 's/.*pubkey enc packet:.* keyid \([0-9A-F]*\).*/\1/p' |
		sort | tr '\n' ' '
}
keyid() { gpg --list-keys --with-colons "$1" | awk -F: '/^sub/ { print $5; exit }'; }

# -- (5) a hand-written entry's own lines stay through git's stores
printf 'hand-pw\nLogin: carol\nsecurity answer: blue\nURL: https://hand.example\n' |
	pass insert -m jira/hand.example/carol >/dev/null
commits=$(git -C "$PASSWORD_STORE_DIR" rev-list --count HEAD)
run 'protocol=https\nhost=hand.example\nusername=carol\npassword=hand-pw\n' git credential approve
expect_eq "git's store of a hand-written entry's secret: no commit" "$commits" \
	"$(git -C "$PASSWORD_STORE_DIR" rev-list --count HEAD)"
expect_eq "and the entry as the person wrote it" 'hand-pw
Login: carol
security answer: blue
URL: https://hand.example' "$(pass show jira/hand.example/carol)"
run 'protocol=https\nhost=hand.example\nusername=carol\npassword=hand-pw2\n' git credential approve
expect_eq "a new secret: the person's own lines stay" 'hand-pw2
login: carol
url: https://hand.example
type: server
security answer: blue' "$(pass show jira/hand.example/carol)"

# -- (7) PASSWORD_STORE_KEY: these keys, whatever .gpg-id says
run 'domain=https://key.example\nusername=u\npassword=p\n' env PASSWORD_STORE_KEY="$bob" $JC store
expect_rc "store with PASSWORD_STORE_KEY" 0
expect_eq "encrypted to PASSWORD_STORE_KEY's key alone" "$(keyid "$bob") " \
	"$(recipients "$S/key.example/u.gpg")"
# PASSWORD_STORE_UMASK: as pass makes files and directories with it
printf 'x\n' | PASSWORD_STORE_UMASK=027 pass insert -m jira/umask-pass.example/u >/dev/null
run 'domain=https://umask.example\nusername=u\npassword=p\n' env PASSWORD_STORE_UMASK=027 $JC store
expect_eq "PASSWORD_STORE_UMASK=027: the entry as pass makes it" \
	"$(stat -c %a "$S/umask-pass.example/u.gpg")" "$(stat -c %a "$S/umask.example/u.gpg")"
expect_eq "PASSWORD_STORE_UMASK=027: its directory as pass makes it" \
	"$(stat -c %a "$S/umask-pass.example")" "$(stat -c %a "$S/umask.example")"
run 'domain=https://umask2.example\nusername=u\npassword=p\n' $JC store
expect_eq "default umask 077: the entry 600" 600 "$(stat -c %a "$S/umask2.example/u.gpg")"
expect_eq "default umask 077: its directory 700" 700 "$(stat -c %a "$S/umask2.example")"
run 'domain=https://umask3.example\nusername=u\npassword=p\n' env PASSWORD_STORE_UMASK=000 $JC store
expect_eq "a umask that lets others write: never writable by others" 644 \
	"$(stat -c %a "$S/umask3.example/u.gpg")"
run 'domain=https://umask4.example\nusername=u\npassword=p\n' env PASSWORD_STORE_UMASK=rwx $JC store
expect_rc "a PASSWORD_STORE_UMASK that is not octal: exit 2" 2
expect_one_line_error "a bad umask"
# PASSWORD_STORE_GPG_OPTS: what GPGME can give gpg is given; anything else refused, never dropped
run 'domain=https://hidden.example\nusername=u\npassword=p\n' \
	env PASSWORD_STORE_GPG_OPTS='--quiet --throw-keyids' $JC store
expect_eq "--throw-keyids: the recipient is hidden" "0000000000000000 " \
	"$(recipients "$S/hidden.example/u.gpg")"
expect_eq "and pass still reads it" "p" "$(pass show jira/hidden.example/u | head -n 1)"
run 'domain=https://opts.example\nusername=u\npassword=p\n' \
	env PASSWORD_STORE_GPG_OPTS='--digest-algo SHA512' $JC store
expect_rc "an option GPGME cannot give gpg: exit 3" 3
expect_one_line_error "an option GPGME cannot give gpg"
expect_contains "names it" "$ERR" "--digest-algo"
# pass.signcommits: commits signed, as pass signs them
git -C "$PASSWORD_STORE_DIR" config pass.signcommits true
git -C "$PASSWORD_STORE_DIR" config user.signingkey "$alice"
run 'domain=https://signed.example\nusername=u\npassword=p\n' $JC store
expect_rc "store with pass.signcommits" 0
run '' git -C "$PASSWORD_STORE_DIR" verify-commit HEAD
expect_rc "the commit is signed" 0
git -C "$PASSWORD_STORE_DIR" config --unset pass.signcommits

# -- (4) our processes take turns under the store's lock, for a bounded time
rm -f "$HOME/released"
flock -x "$PASSWORD_STORE_DIR" -c "sleep 2; touch '$HOME/released'" &
holder=$!
sleep 0.3
run 'domain=https://turns.example\nusername=u\npassword=p\n' $JC store
expect_rc "the store's lock held for a while: the store waits, then stores" 0
[ -e "$HOME/released" ] && record pass "it waited for the holder" ||
	record fail "it waited for the holder" "it did not wait"
wait "$holder"

# -- (6) a team of 20 RSA-4096 keys (made in one batch, no passphrase)
T="$HOME/gnupg-team"
gpg_home "$T"
for i in $(seq 20); do
	printf 'Key-Type: RSA\nKey-Length: 4096\nName-Real: member%d\nName-Email: m%d@test.invalid\nExpire-Date: 0\n%%no-protection\n%%commit\n' "$i" "$i"
done >"$HOME/team-keys"
GNUPGHOME="$T" gpg --batch --gen-key "$HOME/team-keys" 2>/dev/null
GNUPGHOME="$T" gpg --list-keys --with-colons 2>/dev/null | awk -F: '/^fpr/ { print $10 }' >"$HOME/team-fprs"
GNUPGHOME="$T" gpg --export 2>/dev/null | gpg --import 2>/dev/null
expect_eq "(20 team keys)" 20 "$(grep -c . "$HOME/team-fprs")"
mkdir -p "$S/team.example"
cp "$HOME/team-fprs" "$S/team.example/.gpg-id"
run 'domain=https://team.example\nusername=ci\npassword=team-secret\n' \
	env PASSWORD_STORE_GPG_OPTS=--trust-model=always $JC store
expect_rc "a store encrypted to 20 RSA-4096 keys" 0
expect_eq "encrypted to all 20" 20 "$(recipients "$S/team.example/ci.gpg" | wc -w)"
run '' env GNUPGHOME="$T" $JC --format=header get https://team.example
expect_eq "a member decrypts it" "Authorization: Basic $(printf ci:team-secret | base64 -w0)" "$OUT"
expect_eq "pass show reads it" team-secret \
	"$(GNUPGHOME="$T" pass show jira/team.example/ci 2>/dev/null | head -n 1)"
gpg_stop_all
