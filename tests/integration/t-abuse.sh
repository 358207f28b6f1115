# t-abuse.sh: the hostile-input corpus of tests/abuse/cases, plus inputs
# too large to keep in a file.  No crash, no hang, only the expected exit
# code, a one-line message, nothing printed when refused, nothing stored
# from a refused request.

reset_keyring
run 'domain=https://a.example\nusername=u\npassword=original\n' $JC store
n0=$(count_items)
i=0
while IFS='|' read -r want action input; do
	case $want in '#'* | '') continue ;; esac
	i=$((i + 1))
	before=$(count_items)
	OUT=$(printf '%b' "$input" | timeout 20 $JC $action 2>"$HOME/.stderr")
	RC=$?
	ERR=$(cat "$HOME/.stderr")
	name="case $i ($action $(printf '%s' "$input" | head -c 50))"
	expect_rc "$name" "$want"
	if [ "$want" != 0 ]; then
		expect_eq "$name: nothing printed" "" "$OUT"
		expect_one_line_error "$name"
		expect_eq "$name: nothing stored" "$before" "$(count_items)"
	fi
done <"$JC_TOP/tests/abuse/cases"
run 'protocol=https\nhost=a.example\n' $JC get
expect_contains "the original credential survived the corpus" "$OUT" "password=original"
run 'protocol=https\nhost=query.example\npath=jira\n' $JC get
expect_contains "query dropped: stored under its base" "$OUT" "password=p"
run '' $JC --format=header get https://xn--bcher-kva.example
expect_eq "IDN stored as punycode" "Authorization: Basic $(printf u:p | base64)" "$OUT"

# -- sizes: megabytes, thousands of keys, long lines, long values
big() { # big GENERATOR ACTION EXIT NAME
	OUT=$($1 | timeout 30 $JC $2 2>"$HOME/.stderr")
	RC=$?
	ERR=$(cat "$HOME/.stderr")
	expect_rc "$4" "$3"
}
repeat() { head -c "$1" /dev/zero | tr '\000' "$2"; }
random_mb() { head -c 5000000 /dev/urandom; }
many_keys() { yes 'wwwauth[]=Basic realm=x' | head -c 3000000; }
unknown_keys() {
	printf 'protocol=https\nhost=a.example\n'
	for i in $(seq 3000); do printf 'k%d=v\n' "$i"; done
}
many_caps() {
	printf 'protocol=https\nhost=a.example\n'
	for i in $(seq 2000); do printf 'capability[]=c%d\n' "$i"; done
}
line_70000() { printf 'protocol=https\nhost=a.example\nusername=u\npassword='; repeat 70000 p; printf '\n'; }
pass_65000() { printf 'protocol=https\nhost=long.example\nusername=u\npassword='; repeat 65000 p; printf '\n'; }
host_60000() { printf 'protocol=https\nhost='; repeat 60000 a; printf '\n'; }
no_newline() { printf 'protocol=https\nhost=a.example\nusername=u\npassword=p'; }
two_blocks() { printf 'protocol=https\nhost=a.example\n\nprotocol=http\nhost=evil.example\n'; }

n=$(count_items)
big random_mb store 2 "5 MB of random bytes"
big many_keys get 2 "3 MB of keys"
big unknown_keys get 0 "3000 unknown keys"
expect_contains "3000 unknown keys: still answers" "$OUT" "password=original"
big many_caps get 2 "2000 capability[] values"
big line_70000 store 2 "a 70000-byte password line"
big pass_65000 store 0 "a 65000-byte password"
big host_60000 get 2 "a 60000-byte host"
big no_newline get 0 "no final newline"
big two_blocks get 0 "only the first block counts"
expect_contains "only the first block counts: answers a.example" "$OUT" "host=a.example"
expect_eq "sizes: only the valid ones stored" "$((n + 1))" "$(count_items)"
run '' $JC --format=header get https://long.example
expect_eq "a 65000-byte password comes back whole" 65000 "$(printf '%s' "${OUT#Authorization: Basic }" | base64 -d | cut -d: -f2 | tr -d '\n' | wc -c)"
