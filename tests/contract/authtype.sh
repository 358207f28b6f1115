# authtype.sh: git 2.46's authtype/credential semantics, as git's own
# external-helper cases (helper_test_authtype in t/lib-credential.sh) and
# design.md describe them.  The git here is older, so the helper is spoken
# to directly, and its answer is read as git would: only the keys git knows.
# Also: erase with a credential= that cannot be ours erases nothing, and
# options may come after the action.  For every store that writes: a
# token stored from authtype=Bearer is answered the same way by each.
# stores: secretservice pass

store_reset

# gitkeys: the answer as git would keep it (git ignores keys it does not know).
gitkeys() {
	printf '%s\n' "$OUT" | grep -E '^(capability\[\]|authtype|credential|protocol|host|path|username|password|password_expiry_utc|oauth_refresh_token)='
}

H=git-credential-jira

run 'capability[]=authtype\nauthtype=Bearer\ncredential=random-token\nprotocol=https\nhost=git.example.com\n' $H store
expect_rc "stores authtype and credential" 0

run 'capability[]=authtype\nprotocol=https\nhost=git.example.com\n' $H get
expect_eq "gets authtype and credential" "protocol=https
host=git.example.com
capability[]=authtype
authtype=Bearer
credential=random-token" "$(gitkeys)"

run 'protocol=https\nhost=git.example.com\n' $H get
expect_eq "authtype and credential only if the request has the capability" "" "$OUT"
expect_rc "authtype and credential only if the request has the capability: exit 0" 0

run 'capability[]=authtype\nauthtype=Bearer\ncredential=other-token\nprotocol=https\nhost=git.example.com\nusername=foobar\n' $H store
run 'capability[]=authtype\nprotocol=https\nhost=git.example.com\nusername=foobar\n' $H get
expect_eq "gets authtype and credential with username" "protocol=https
host=git.example.com
username=foobar
capability[]=authtype
authtype=Bearer
credential=other-token" "$(gitkeys)"

run 'capability[]=authtype\nprotocol=https\nhost=git.example.com\nusername=barbaz\n' $H get
expect_eq "not with a different username" "" "$OUT"

run 'capability[]=authtype\nauthtype=Bearer\ncredential=git2-token\nprotocol=https\nhost=git2.example.com\nephemeral=1\n' $H store
run 'capability[]=authtype\nprotocol=https\nhost=git2.example.com\n' $H get
expect_eq "does not store an ephemeral authtype and credential" "" "$OUT"

# A personal access token stored as a password with an empty username (git's
# "can store empty username"): answered as stored without the capability,
# as a Bearer credential with it.
run 'protocol=https\nhost=sso.tld\nusername=\npassword=\n' $H store
run 'protocol=https\nhost=sso.tld\n' $H get
expect_eq "empty username and password answered as stored" "protocol=https
host=sso.tld
username=
password=" "$(gitkeys)"
run 'protocol=https\nhost=pat.tld\nusername=\npassword=pat-123\n' $H store
run 'protocol=https\nhost=pat.tld\n' $H get
expect_eq "a PAT stored as a password: username/password without the capability" "protocol=https
host=pat.tld
username=
password=pat-123" "$(gitkeys)"
run 'capability[]=authtype\nprotocol=https\nhost=pat.tld\n' $H get
expect_eq "a PAT with the capability: Bearer, no password" "protocol=https
host=pat.tld
capability[]=authtype
authtype=Bearer
credential=pat-123" "$(gitkeys)"
run '' $JC --format=header get https://foobar@git.example.com
expect_eq "other formats: the Bearer header whatever the capability" \
	"Authorization: Bearer other-token" "$OUT"

# ---- erase with a credential= that cannot be ours erases nothing ----------
run 'protocol=https\nhost=keep.tld\nusername=alice\npassword=keep-pw\n' $JC store
run 'protocol=https\nhost=keep.tld\nusername=\npassword=keep-pat\ntype=pat\n' $JC store
before=$(store_count)
for case in 'authtype=Negotiate\ncredential=YWxpY2U6a2VlcC1wdw==' \
	'authtype=Basic\ncredential=bm9jb2xvbg==' \
	'authtype=Basic\ncredential=!!notbase64!!' \
	'authtype=Basic\ncredential=YWxpY2U6a2VlcC1wdw' \
	'authtype=Bearer\ncredential='; do
	run "capability[]=authtype\nprotocol=https\nhost=keep.tld\n$case\n" $H erase
	expect_rc "erase with an unmappable credential ($case): exit 0" 0
	expect_eq "erase with an unmappable credential ($case): nothing erased" "$before" "$(store_count)"
done
run 'protocol=https\nhost=keep.tld\nauthtype=Bearer\ncredential=keep-pat\n' $H erase
expect_eq "Bearer credential= without the capability erases nothing" "$before" "$(store_count)"
run 'capability[]=authtype\nprotocol=https\nhost=keep.tld\nauthtype=Bearer\ncredential=keep-pat\n' $H erase
expect_eq "Bearer credential= with the capability erases that item only" "$((before - 1))" "$(store_count)"
run '' $JC --format=header get https://keep.tld
expect_eq "the other credential of the host stays" \
	"Authorization: Basic $(printf 'alice:keep-pw' | base64)" "$OUT"

# ---- options after the action ---------------------------------------------
run '' $JC list --format=json
expect_rc "list --format=json (options after the action)" 0
expect_contains "list --format=json prints JSON" "$OUT" '"domain"'
run '' $JC get --format=header https://keep.tld
expect_eq "get --format=header DOMAIN" "Authorization: Basic $(printf 'alice:keep-pw' | base64)" "$OUT"
run '' $JC get https://keep.tld --format=header
expect_eq "get DOMAIN --format=header" "Authorization: Basic $(printf 'alice:keep-pw' | base64)" "$OUT"
run 'protocol=https\nhost=keep.tld\n' $H --format=header get
expect_eq "git's OPTS get form still works" "Authorization: Basic $(printf 'alice:keep-pw' | base64)" "$OUT"
run '' $JC get -- --format=header
expect_rc "-- ends the options: what follows is the DOMAIN" 2
expect_contains "-- ends the options: the DOMAIN is judged" "$ERR" "bad DOMAIN"
