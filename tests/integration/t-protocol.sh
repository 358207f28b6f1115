# t-protocol.sh: store/get/erase through stdin; what get answers; refused
# input stores nothing and prints nothing; exit codes of design.md.

reset_keyring

# -- store and get, the three types
run 'domain=https://Example.atlassian.net/rest/api/2/myself\nusername=bob@example.com\npassword=tok1\n' $JC store
expect_rc "store cloud" 0
expect_eq "store prints nothing" "" "$OUT"

run 'protocol=https\nhost=example.atlassian.net\n' $JC get
expect_rc "get cloud" 0
expect_eq "get answers the git attributes, type and header" \
	"protocol=https
host=example.atlassian.net
username=bob@example.com
password=tok1
type=cloud
authorization=Basic Ym9iQGV4YW1wbGUuY29tOnRvazE=" "$OUT"

run 'domain=jira.corp.example/jira\nusername=alice\npassword=s3cret\n' $JC store
expect_rc "store server with context path" 0
run '' $JC get https://jira.corp.example/jira
expect_contains "server type inferred" "$OUT" "type=server"
expect_contains "server path answered" "$OUT" "path=jira"
expect_contains "server header" "$OUT" "authorization=Basic $(printf 'alice:s3cret' | base64)"

run 'domain=https://dc.example:8443\npassword=pat-123\n' $JC store
expect_rc "store pat (no username)" 0
run '' $JC --format=header get https://dc.example:8443
expect_eq "pat is a Bearer header" "Authorization: Bearer pat-123" "$OUT"

run 'domain=https://dc.example:8443\nusername=carol\ntype=pat\npassword=pat-456\n' $JC store
run '' $JC --format=header get https://dc.example:8443
expect_eq "explicit type=pat with a username is still Bearer" "Authorization: Bearer pat-456" "$OUT"

# -- DOMAIN argument: get does not read stdin
OUT=$(sleep 5 | timeout 3 $JC --format=header get https://dc.example:8443)
RC=$?
expect_rc "get DOMAIN does not wait for stdin" 0

# -- capability[]=authtype: git 2.46 answer
run 'protocol=https\nhost=example.atlassian.net\ncapability[]=authtype\n' $JC get
expect_contains "authtype announced back" "$OUT" "capability[]=authtype"
expect_contains "authtype Basic" "$OUT" "authtype=Basic"
expect_contains "credential is the encoded pair" "$OUT" "credential=Ym9iQGV4YW1wbGUuY29tOnRvazE="
run 'protocol=https\nhost=example.atlassian.net\n' $JC get
expect_absent "no authtype unless announced" "$OUT" "authtype="
run 'protocol=https\nhost=example.atlassian.net\ncapability[]=authtype\ncapability[]=\n' $JC get
expect_absent "empty capability[]= clears the list" "$OUT" "authtype="

run '' $JC capability
expect_eq "capability action" "version 0
capability authtype" "$OUT"

# -- unknown keys ignored; long wwwauth[] fine
long=$(head -c 60000 /dev/zero | tr '\0' 'a')
run "protocol=https\nhost=example.atlassian.net\nfuture_key=1\nwwwauth[]=Basic realm=\"$long\"\nwwwauth[]=Bearer\n" $JC get
expect_rc "unknown keys and long wwwauth[] accepted" 0
expect_contains "still answers" "$OUT" "password=tok1"

# -- bad input: exit 2, one line, nothing printed, nothing stored
before=$(count_items)
run 'protocol=https\nhost=bad.example\nusername=u\npassword=SECRET\r\n' $JC store
expect_rc "CR in password refused" 2
expect_one_line_error "CR refused" SECRET
expect_eq "CR: nothing printed" "" "$OUT"
run 'protocol=https\nhost=bad.example\r\nusername=u\npassword=SECRET\n' $JC store
expect_rc "CR in host refused" 2
run 'protocol=https\nhost=bad.example\nusername=u\npassword=SEC\0RET\n' $JC store
expect_rc "NUL refused" 2
expect_one_line_error "NUL refused" SEC
run 'protocol=https\nhost=example.atlassian.net\nsomething\n' $JC get
expect_rc "line without = refused" 2
expect_eq "line without =: nothing printed" "" "$OUT"
line=$(head -c 65535 /dev/zero | tr '\0' 'x')
run "protocol=https\nhost=example.atlassian.net\nwwwauth[]=$line\n" $JC get
expect_rc "line over 65535 bytes refused" 2
expect_eq "long line: nothing printed" "" "$OUT"
OUT=$(head -c 2000000 /dev/zero | tr '\0' 'k' | $JC get 2>"$HOME/.stderr")
RC=$?
expect_rc "megabytes of input refused" 2
run 'protocol=https\nhost=bad.example\nusername=u\npassword=p\ntype=jira\n' $JC store
expect_rc "unknown type refused" 2
run 'username=u\npassword=p\n' $JC store
expect_rc "store without protocol and host refused" 2
expect_contains "says what is missing" "$ERR" "protocol= and host="
run 'protocol=https\nhost=bad.example\nusername=u\n' $JC store
expect_rc "store without password refused" 2
run 'url=https://u:SECRETPW@bad.example/\npassword=x\n' $JC store
expect_rc "password in a URL refused" 2
expect_one_line_error "password in URL" SECRETPW
run 'protocol=https\nhost=bad.example\nusername=\npassword=x\ntype=cloud\n' $JC store
expect_rc "cloud without email refused" 2
expect_eq "nothing stored by refused requests" "$before" "$(count_items)"

# -- get without protocol/host: nothing returned (CVE-2020-11008)
run 'host=example.atlassian.net\n' $JC get
expect_rc "get without protocol refused" 2
expect_eq "get without protocol prints nothing" "" "$OUT"
run 'protocol=https\n' $JC get
expect_rc "get without host refused" 2
run 'protocol=https\n' $JC erase
expect_rc "erase without host refused" 2
expect_eq "erase without host erased nothing" "$before" "$(count_items)"

# -- no match
run 'protocol=https\nhost=nothing.example\n' $JC get
expect_rc "git format: no match is exit 0" 0
expect_eq "git format: no match prints nothing" "" "$OUT"
run '' $JC --format=header get https://nothing.example
expect_rc "header format: no match is exit 1" 1
expect_one_line_error "no match message"

# -- usage
run '' $JC
expect_rc "no action" 2
run '' $JC frobnicate
expect_rc "unknown action" 2
run '' git-credential-jira frobnicate
expect_rc "git-credential-jira ignores unknown actions, as git asks" 0
run '' $JC get --validate
expect_rc "options after the action refused" 2
run '' $JC --format=xml get
expect_rc "unknown format" 2
run '' $JC --wait=soon get
expect_rc "bad --wait" 2
run '' $JC --version
expect_eq "--version: the version from the file VERSION" \
	"jira-credential $(cat "$JC_TOP/VERSION")" "$(printf '%s\n' "$OUT" | head -n 1)"
expect_contains "--version names the licence" "$OUT" "MIT License"
run '' $JC --help
expect_rc "--help" 0
expect_contains "--help names the actions" "$OUT" "get|store|erase"

# -- ephemeral is not stored
n=$(count_items)
run 'protocol=https\nhost=eph.example\nusername=u\npassword=p\nephemeral=1\n' $JC store
expect_rc "ephemeral store succeeds" 0
expect_eq "ephemeral not stored" "$n" "$(count_items)"

# -- secrets never in attributes or labels
attrs=$(keyring_attrs)
expect_absent "no secret in attributes or labels" "$attrs" "tok1"
expect_absent "no password in attributes or labels" "$attrs" "s3cret"
expect_contains "readable label" "$attrs" "label = Jira: bob@example.com on example.atlassian.net"
expect_absent "no '/' in a label (KWallet would make it a folder)" "$(printf '%s\n' "$attrs" | grep '^label')" "/"

# -- erase
run 'protocol=https\nhost=example.atlassian.net\n' $JC erase
expect_rc "erase" 0
run 'protocol=https\nhost=example.atlassian.net\n' $JC get
expect_eq "erased credential is gone" "" "$OUT"
run 'protocol=https\nhost=nothing.example\n' $JC erase
expect_rc "erase with nothing to erase is still 0" 0
