# read.sh: the read side of the store contract, for every store, the
# read-only env store included: with one credential stored (the env
# store: in JIRA_BASE_URL, JIRA_USER_EMAIL, JIRA_API_TOKEN,
# JIRA_AUTH_TYPE), which requests it answers (design.md "Matching") and
# how (jira-credential(5), WHAT GET ANSWERS).
# stores: secretservice pass env

store_reset
pw() { # prints the password get answers for the request
	run "$1" $JC get
	printf '%s\n' "$OUT" | sed -n 's/^password=//p'
}

seed https://jira.corp.example/jira alice 's3cret q"$x'
expect_eq "its origin and a path under its own" 's3cret q"$x' \
	"$(pw 'protocol=https\nhost=jira.corp.example\npath=jira/rest/api/2/myself\n')"
expect_eq "host in any case" 's3cret q"$x' "$(pw 'protocol=https\nhost=JIRA.Corp.Example\npath=jira\n')"
expect_eq "no path: any of the origin" 's3cret q"$x' "$(pw 'protocol=https\nhost=jira.corp.example\n')"
expect_eq "its user" 's3cret q"$x' "$(pw 'protocol=https\nhost=jira.corp.example\nusername=alice\n')"
expect_eq "another user: nothing" "" "$(pw 'protocol=https\nhost=jira.corp.example\nusername=bob\n')"
expect_eq "a path outside its own: nothing" "" "$(pw 'protocol=https\nhost=jira.corp.example\npath=jira2\n')"
expect_eq "another protocol: nothing" "" "$(pw 'protocol=http\nhost=jira.corp.example\npath=jira\n')"
expect_eq "another port: nothing" "" "$(pw 'protocol=https\nhost=jira.corp.example:8443\npath=jira\n')"
expect_eq "never a suffix: nothing" "" "$(pw 'protocol=https\nhost=evil-jira.corp.example\npath=jira\n')"
expect_eq "never a parent domain: nothing" "" "$(pw 'protocol=https\nhost=corp.example\npath=jira\n')"
run '' $JC get https://jira.corp.example/jira
expect_eq "the git answer" "protocol=https
host=jira.corp.example
path=jira
username=alice
password=s3cret q\"\$x
type=server
authorization=Basic $(printf '%s' 'alice:s3cret q"$x' | base64 -w0)" "$OUT"
run '' $JC --format=header get https://jira.corp.example/jira
expect_eq "the header" "Authorization: Basic $(printf '%s' 'alice:s3cret q"$x' | base64 -w0)" "$OUT"
run '' $JC --format=header get https://nothing.example
expect_rc "no match, header format: exit 1" 1
run 'protocol=https\nhost=nothing.example\n' $JC get
expect_rc "no match, git format: exit 0" 0
expect_eq "no match, git format: nothing" "" "$OUT"

# A personal access token without a user.
store_reset
seed https://dc.example:8443 '' pat-123 'type=pat\n'
run '' $JC --format=header get https://dc.example:8443
expect_eq "a pat is a Bearer header" "Authorization: Bearer pat-123" "$OUT"
run 'protocol=https\nhost=dc.example:8443\n' $JC get
expect_contains "without the capability: the password, as stored" "$OUT" "username=
password=pat-123"
run 'capability[]=authtype\nprotocol=https\nhost=dc.example:8443\n' $JC get
expect_contains "with the capability: Bearer" "$OUT" "authtype=Bearer
credential=pat-123"
expect_absent "with the capability: no password" "$OUT" "password="
