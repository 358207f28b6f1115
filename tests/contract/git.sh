# git.sh: a drop-in credential.helper for real git, for every store that
# writes: fill/approve/reject through git-credential-jira, the cases git's
# own helper tests check (t/lib-credential.sh's helper_test), and options
# before the action.
# stores: secretservice pass

store_reset
cat >"$HOME/askpass" <<'EOF'
#!/bin/sh
echo >&2 "askpass: $*"
what=$(echo "$1" | cut -d" " -f1 | tr A-Z a-z | tr -cd a-z)
echo "askpass-$what"
EOF
chmod +x "$HOME/askpass"
export GIT_ASKPASS="$HOME/askpass"
git config --global credential.helper jira

# gitc ACTION INPUT: git credential ACTION; OUT, ERR, RC
gitc() {
	run "$2" git credential "$1"
}

gitc fill 'protocol=https\nhost=example.com\n'
expect_eq "no data yet: git asks" "protocol=https
host=example.com
username=askpass-username
password=askpass-password" "$OUT"

gitc approve 'protocol=https\nhost=example.com\nusername=store-user\npassword=store-pass\n'
expect_rc "approve" 0
gitc fill 'protocol=https\nhost=example.com\n'
expect_eq "fill from the helper" "protocol=https
host=example.com
username=store-user
password=store-pass" "$OUT"
expect_absent "git did not prompt" "$ERR" "askpass"

gitc fill 'protocol=http\nhost=example.com\n'
expect_contains "requires matching protocol" "$OUT" "password=askpass-password"
gitc fill 'protocol=https\nhost=other.tld\n'
expect_contains "requires matching host" "$OUT" "password=askpass-password"
gitc fill 'protocol=https\nhost=example.com\nusername=other\n'
expect_contains "requires matching username" "$OUT" "password=askpass-password"

git config --global credential.useHttpPath true
gitc approve 'protocol=http\nhost=path.tld\npath=foo.git\nusername=user\npassword=pass\n'
gitc fill 'protocol=http\nhost=path.tld\npath=bar.git\n'
expect_contains "requires matching path" "$OUT" "password=askpass-password"
gitc fill 'protocol=http\nhost=path.tld\npath=foo.git\n'
expect_contains "same path matches" "$OUT" "password=pass"
git config --global --unset credential.useHttpPath

gitc reject 'protocol=https\nhost=example.com\n'
gitc fill 'protocol=https\nhost=example.com\n'
expect_contains "can forget host" "$OUT" "password=askpass-password"

gitc approve 'protocol=https\nhost=example.com\nusername=user1\npassword=pass1\n'
gitc approve 'protocol=https\nhost=example.com\nusername=user2\npassword=pass2\n'
gitc fill 'protocol=https\nhost=example.com\nusername=user1\n'
expect_contains "multiple users: user1" "$OUT" "password=pass1"
gitc fill 'protocol=https\nhost=example.com\nusername=user2\n'
expect_contains "multiple users: user2" "$OUT" "password=pass2"
gitc reject 'protocol=https\nhost=example.com\nusername=user1\n'
gitc fill 'protocol=https\nhost=example.com\nusername=user1\n'
expect_contains "can forget user" "$OUT" "password=askpass-password"
gitc fill 'protocol=https\nhost=example.com\nusername=user2\n'
expect_contains "remembers other user" "$OUT" "password=pass2"

gitc approve 'protocol=https\nhost=sso.tld\nusername=\npassword=\n'
gitc fill 'protocol=https\nhost=sso.tld\n'
expect_eq "can store empty username" "protocol=https
host=sso.tld
username=
password=" "$OUT"

gitc approve 'protocol=https\nhost=overwrite.tld\nusername=u\npassword=old\n'
gitc approve 'protocol=https\nhost=overwrite.tld\nusername=u\npassword=new\n'
gitc fill 'protocol=https\nhost=overwrite.tld\n'
expect_contains "approve overwrites" "$OUT" "password=new"
expect_eq "approve overwrites without duplicates" 1 "$(store_count overwrite.tld)"

# password_expiry_utc and oauth_refresh_token need git 2.41+ to pass through
# git; t-matching.sh checks them against the helper directly.

gitc reject 'protocol=https\nhost=overwrite.tld\nusername=u\npassword=other\n'
gitc fill 'protocol=https\nhost=overwrite.tld\n'
expect_contains "reject with another password keeps it" "$OUT" "password=new"
gitc reject 'protocol=https\nhost=overwrite.tld\nusername=u\npassword=new\n'
gitc fill 'protocol=https\nhost=overwrite.tld\n'
expect_contains "reject with the same password erases it" "$OUT" "password=askpass-password"

# Options before the action, as git runs 'git-credential-jira OPTS get'.
git config --global credential.helper 'jira --cache-ttl=0 --format=git'
gitc fill 'protocol=https\nhost=sso.tld\n'
expect_contains "helper with options works" "$OUT" "username="
expect_absent "helper with options: no prompt" "$ERR" "askpass"

# git's ephemeral/authtype semantics, spoken to the helper directly (git
# 2.46+ sends these; the git here may be older).
run 'capability[]=authtype\nprotocol=https\nhost=bearer.tld\nauthtype=Bearer\ncredential=pat-xyz\n' git-credential-jira store
run '' $JC --format=header get https://bearer.tld
expect_eq "authtype=Bearer stored as a PAT" "Authorization: Bearer pat-xyz" "$OUT"
run 'protocol=https\nhost=bearer2.tld\nauthtype=Bearer\ncredential=pat-xyz\n' git-credential-jira store
expect_rc "credential= without capability: nothing to store" 2
run 'capability[]=authtype\nprotocol=https\nhost=eph.tld\nauthtype=Bearer\ncredential=c\nephemeral=1\n' git-credential-jira store
run '' $JC --format=header get https://eph.tld
expect_rc "ephemeral credential not stored" 1
basic=$(printf 'dave:pw:with:colons' | base64)
run "capability[]=authtype\nprotocol=https\nhost=basic.tld\nauthtype=Basic\ncredential=$basic\n" git-credential-jira store
run 'protocol=https\nhost=basic.tld\n' $JC get
expect_contains "authtype=Basic split into user" "$OUT" "username=dave"
expect_contains "authtype=Basic split into password" "$OUT" "password=pw:with:colons"
run "capability[]=authtype\nprotocol=https\nhost=basic.tld\nauthtype=Basic\ncredential=$(printf 'dave:other' | base64)\n" git-credential-jira erase
run 'protocol=https\nhost=basic.tld\n' $JC get
expect_contains "erase with another credential= keeps it" "$OUT" "password=pw:with:colons"
run "capability[]=authtype\nprotocol=https\nhost=basic.tld\nauthtype=Basic\ncredential=$basic\n" git-credential-jira erase
run 'protocol=https\nhost=basic.tld\n' $JC get
expect_eq "erase with the same credential= removes it" "" "$OUT"
n=$(store_count)
evil=$(printf 'eve:tok\napi_base=https://evil.example' | base64 -w0)
run "capability[]=authtype\nprotocol=https\nhost=evil.tld\nauthtype=Basic\ncredential=$evil\n" git-credential-jira store
expect_rc "a line break inside credential= is refused" 2
expect_eq "nothing stored from it" "$n" "$(store_count)"
run 'protocol=https\nhost=colon.tld\nusername=x:y\npassword=p\n' $JC store
expect_rc "a username with ':' cannot be a Basic credential" 2
