# t-pass-trust.sh: what a shared password store trusts (jira-credential(1),
# STORES; jira-credential(5), PASSWORD STORE), with the real pass, gnupg
# and git.  A teammate with push access but no key can move, copy and add
# files: an entry answers only for what its encrypted content says, and
# list and doctor point out one whose name says otherwise.  A .gpg-id that
# pass refuses under PASSWORD_STORE_SIGNING_KEY, the helper refuses.  The
# store's git ignores git's GIT_DIR and friends, waits for another git's
# index.lock only a few seconds, and a store the readers could not read
# back is refused.

pass_scratch alice
alice=$PASS_KEY
S="$PASSWORD_STORE_DIR/jira"

# -- (1) an entry answers only for what its content says
run 'domain=https://jira.corp.example\nusername=alice\npassword=corp-secret\n' $JC store
expect_rc "store alice's corp password" 0
mkdir -p "$S/evil.example" "$S/http+jira.corp.example" "$S/jira.corp.example/sub"
cp "$S/jira.corp.example/alice.gpg" "$S/evil.example/alice.gpg"
cp "$S/jira.corp.example/alice.gpg" "$S/http+jira.corp.example/alice.gpg"
cp "$S/jira.corp.example/alice.gpg" "$S/jira.corp.example/sub/alice.gpg"
cp "$S/jira.corp.example/alice.gpg" "$S/jira.corp.example/bob.gpg"
run 'protocol=https\nhost=evil.example\n' $JC get
expect_eq "copied under another host: never answered" "" "$OUT"
expect_rc "copied under another host: git format, exit 0" 0
expect_one_line_error "copied under another host" corp-secret
expect_contains "says what the entry says it is for" "$ERR" \
	"jira/evil.example/alice.gpg says it is for https://jira.corp.example (user alice)"
run 'protocol=http\nhost=jira.corp.example\n' $JC get
expect_eq "copied to plain http: never answered" "" "$OUT"
run '' $JC --format=header get http://jira.corp.example
expect_rc "copied to plain http, header format: exit 1" 1
expect_absent "copied to plain http: no secret in the message" "$ERR" corp-secret
run 'protocol=https\nhost=jira.corp.example\nusername=bob\n' $JC get
expect_eq "copied to another user's name: never answered" "" "$OUT"
run 'protocol=https\nhost=jira.corp.example\npath=sub\nusername=alice\n' $JC get
expect_contains "under a path of its own origin: the one whose name agrees answers" "$OUT" \
	"password=corp-secret"
expect_absent "under a path: answered without the path its content does not have" "$OUT" "path=sub"
run 'protocol=https\nhost=jira.corp.example\nusername=alice\n' $JC get
expect_contains "the entry where it belongs still answers" "$OUT" "password=corp-secret"
# list and doctor point each one out, one line each, escaped
csi=$(printf '\302\233')                                     # U+009B, CSI, in a name
cp "$S/jira.corp.example/alice.gpg" "$S/jira.corp.example/%C2%9B31mbob.gpg"
run '' $JC list
expect_rc "list with misplaced entries" 0
expect_eq "list shows the agreeing entry alone" \
	"https://jira.corp.example  alice  server   -           today" \
	"$(printf '%s\n' "$OUT" | tail -n +2)"
expect_eq "list points out each misplaced entry, one line each" 5 \
	"$(printf '%s\n' "$ERR" | grep -c 'answers nothing until it is moved back or removed')"
expect_absent "list: a control character from a file name is escaped" "$ERR" "$csi"
expect_contains "list: shown as an escape" "$ERR" '\u009b31mbob'
run '' $JC doctor
expect_contains "doctor points them out" "$OUT" "! jira/evil.example/alice.gpg says it is for"
expect_absent "doctor: escaped" "$OUT" "$csi"
expect_absent "doctor: never a secret" "$OUT$ERR" corp-secret
rm -rf "$S/evil.example" "$S/http+jira.corp.example" "$S/jira.corp.example/sub" \
	"$S/jira.corp.example/bob.gpg" "$S/jira.corp.example/%C2%9B31mbob.gpg"

# -- (2) PASSWORD_STORE_SIGNING_KEY: a .gpg-id pass refuses, the helper refuses
signer=$(gpg_key "$G" signer)
gpg_home "$HOME/gnupg-m"
mallory=$(gpg_key "$HOME/gnupg-m" mallory)
GNUPGHOME="$HOME/gnupg-m" gpg --export "$mallory" 2>/dev/null | gpg --import 2>/dev/null
printf '%s:6:\n' "$mallory" | gpg --import-ownertrust 2>/dev/null
export PASSWORD_STORE_SIGNING_KEY="$signer"
pass init "$alice" >/dev/null 2>&1
expect_eq "pass init signed .gpg-id" 1 "$([ -s "$PASSWORD_STORE_DIR/.gpg-id.sig" ] && echo 1)"
# both ok|refused NAME DIR HOST: pass insert under jira/DIR and the helper's
# store for https://HOST each succeed, or each are refused.
both() {
	local want=$1 name=$2 dir=$3 host=$4 before
	before=$(find "$S" -name '*.gpg' | sort)
	printf 'pass-secret\n' | pass insert -m "jira/$dir/viapass" >/dev/null 2>&1
	[ $? = 0 ] && got=ok || got=refused
	expect_eq "$name: pass insert $want" "$want" "$got"
	run "domain=https://$host\nusername=u\npassword=helper-secret\n" $JC store
	[ "$RC" = 0 ] && got=ok || got=refused
	expect_eq "$name: the helper $want" "$want" "$got"
	if [ "$want" = refused ]; then
		expect_rc "$name: exit 3" 3
		expect_one_line_error "$name" helper-secret
		expect_eq "$name: nothing encrypted" "$before" "$(find "$S" -name '*.gpg' | sort)"
	fi
	rm -f "$S/$dir/viapass.gpg"
}
both ok "a good signature" signed.example signed.example
printf '%s\n' "$mallory" >"$PASSWORD_STORE_DIR/.gpg-id"
both refused "a .gpg-id changed after it was signed" swapped.example swapped.example
expect_contains "says the signature is not good" "$ERR" ".gpg-id.sig is not a good signature"
rm -f "$PASSWORD_STORE_DIR/.gpg-id.sig"
both refused "a .gpg-id without a signature" unsigned.example unsigned.example
expect_contains "says there is no signature" "$ERR" "has no signature"
printf '%s\n' "$alice" >"$PASSWORD_STORE_DIR/.gpg-id"
GNUPGHOME="$HOME/gnupg-m" gpg --batch --yes --detach-sign -o "$PASSWORD_STORE_DIR/.gpg-id.sig" \
	"$PASSWORD_STORE_DIR/.gpg-id" 2>/dev/null
both refused "a .gpg-id signed by a key not in PASSWORD_STORE_SIGNING_KEY" other.example other.example
pass init "$alice" >/dev/null 2>&1
mkdir -p "$S/nested.example"
printf '%s\n' "$mallory" >"$S/nested.example/.gpg-id"
both refused "a nested .gpg-id without a signature" nested.example nested.example
PASSWORD_STORE_SIGNING_KEY="$signer" pass init -p jira/nested.example "$mallory" >/dev/null 2>&1
both ok "a nested .gpg-id signed" nested.example nested.example
rm -rf "$S/nested.example"
unset PASSWORD_STORE_SIGNING_KEY

# -- (3) git's repository variables never lead the store's git elsewhere
git init -q "$HOME/mine"
git -C "$HOME/mine" commit -q --allow-empty -m mine
commits=$(git -C "$PASSWORD_STORE_DIR" rev-list --count HEAD)
run 'domain=https://vars.example\nusername=u\npassword=p\n' env GIT_DIR="$HOME/mine/.git" \
	GIT_WORK_TREE="$HOME/mine" GIT_INDEX_FILE="$HOME/mine/.git/index" $JC store
expect_rc "a store with GIT_DIR set" 0
expect_eq "GIT_DIR: committed in the store" $((commits + 1)) \
	"$(git -C "$PASSWORD_STORE_DIR" rev-list --count HEAD)"
expect_eq "GIT_DIR: the user's repository untouched" "mine" "$(git -C "$HOME/mine" log --all --format=%s)"
expect_eq "GIT_DIR: the user's index untouched" "" "$(git -C "$HOME/mine" ls-files)"
# another git's index.lock: waited for a few seconds, never forever
touch "$PASSWORD_STORE_DIR/.git/index.lock"
t0=$(date +%s)
run 'domain=https://locked.example\nusername=u\npassword=p\n' $JC store
expect_rc "index.lock held by another git: exit 3" 3
expect_one_line_error "index.lock held"
expect_contains "names the lock" "$ERR" ".git/index.lock"
[ $(($(date +%s) - t0)) -le 12 ] && record pass "index.lock held: gives up within seconds" ||
	record fail "index.lock held: gives up within seconds" "took $(($(date +%s) - t0)) s"
expect_eq "index.lock held: nothing written" "" "$(ls "$S/locked.example" 2>/dev/null)"
(sleep 1 && rm -f "$PASSWORD_STORE_DIR/.git/index.lock") &
releaser=$!
run 'domain=https://locked.example\nusername=u\npassword=p\n' $JC store
expect_rc "index.lock let go within the wait: stored" 0
expect_contains "and committed" "$(git -C "$PASSWORD_STORE_DIR" log -1 --format=%s)" "locked.example"
wait "$releaser"

# -- (8) refused at store what no reader could read back, nothing half-stored
deep=$(printf 's%d/' $(seq 40))
run "domain=https://deep.example/$deep\nusername=u\npassword=deep-secret\n" $JC store
expect_rc "a path deeper than readers go: exit 2" 2
expect_one_line_error "too deep" deep-secret
expect_eq "too deep: nothing written" "" "$(ls "$S/deep.example" 2>/dev/null)"
long=$(head -c 300 /dev/zero | tr '\0' u)
run "domain=https://long.example\nusername=$long\npassword=p\n" $JC store
expect_rc "a username longer than a file name may be: exit 2" 2
expect_one_line_error "too long a name"
big=$(head -c 65500 /dev/zero | tr '\0' s)
run "domain=https://big.example\nusername=u\npassword=$big\n" $JC store
expect_rc "an entry longer than readers read: exit 2" 2
expect_eq "too big: nothing written" "" "$(ls "$S/big.example" 2>/dev/null)"
ok=$(printf 's%d/' $(seq 30))
run "domain=https://deep.example/$ok\nusername=u\npassword=p30\n" $JC store
expect_rc "30 path segments: stored" 0
run "protocol=https\nhost=deep.example\npath=${ok}x\n" $JC get
expect_contains "and read back" "$OUT" "password=p30"
run '' $JC list
expect_contains "and listed" "$OUT" "https://deep.example/s1/"
run 'protocol=https\nhost=deep.example\n' $JC erase
expect_eq "and erased" "" "$(find "$S" -path '*deep.example*' -name '*.gpg')"
gpg_stop_all
