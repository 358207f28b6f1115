#!/bin/sh
# check-demo.sh: make demo as a log or a pipe sees it (make check runs it):
# it ends well, writes no escape code when its output is not a terminal,
# and every line comes in the order it happened, the helper's messages
# included (the refused password before "demo done.").
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp /tmp/jc-demo-out.XXXXXX)
trap 'rm -f "$out"' EXIT
pass=0 fail=0
check() { # NAME CONDITION...
	name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		echo "FAIL: demo: $name" >&2
	fi
}
bash "$top/tests/demo.sh" >"$out" 2>&1 </dev/null
rc=$?
check "ends with exit 0 (got $rc)" [ "$rc" = 0 ]
check "says demo done." grep -qx 'demo done.' "$out"
check "writes no escape code to a file" sh -c "! grep -q \"$(printf '\033')\" '$out'"
check "shows the refused password" grep -q 'Jira rejected the credential for alice' "$out"
rejected=$(grep -n 'Jira rejected the credential for alice' "$out" | head -n 1 | cut -d: -f1)
ex4=$(grep -nx 'exit 4' "$out" | head -n 1 | cut -d: -f1)
done_at=$(grep -nx 'demo done.' "$out" | head -n 1 | cut -d: -f1)
check "the refused password before its exit status" \
	[ "${rejected:-0}" -gt 0 -a "${rejected:-0}" -lt "${ex4:-0}" ]
check "the refused password before demo done." \
	[ "${rejected:-0}" -gt 0 -a "${rejected:-0}" -lt "${done_at:-0}" ]
check "the refused password is not told to wait" sh -c "! grep 'Jira rejected' '$out' | grep -q -- --wait"
[ "$fail" -eq 0 ] || cat "$out" >&2
echo "demo: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
