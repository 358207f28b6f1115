#!/bin/sh
# check-man.sh: the man pages render without a single groff warning, and
# jira-credential(1) documents every long option that --help prints, every
# action, and the sections users look for; jira-credential(5) has the
# keyring schema.  Run from anywhere after building (make check runs it).
# Prints "man: N passed, N failed" and fails if anything failed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
page1=$top/man/jira-credential.1
page5=$top/man/jira-credential.5
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: man: $*" >&2
}

# The binary whose --help is checked: JC_BIN, else the build of this tree
# (build-sanitize/ under make check SANITIZE=1).
bin=${JC_BIN:-}
if [ -z "$bin" ]; then
	if [ "${SANITIZE:-}" = 1 ] && [ -x "$top/build-sanitize/bin/jira-credential" ]; then
		bin=$top/build-sanitize/bin/jira-credential
	elif [ -x "$top/build/bin/jira-credential" ]; then
		bin=$top/build/bin/jira-credential
	else
		bin=$top/build-sanitize/bin/jira-credential
	fi
fi

# -- rendering: no warning at all, on a UTF-8 and an ASCII terminal
for page in "$page1" "$page5"; do
	name=$(basename "$page")
	if [ ! -s "$page" ]; then
		bad "$name is missing or empty"
		continue
	fi
	for dev in utf8 ascii; do
		if ! groff -ww -man -T"$dev" "$page" >"$tmp/out" 2>"$tmp/err"; then
			bad "groff -T$dev $name failed"
		elif [ -s "$tmp/err" ]; then
			bad "groff -ww -T$dev $name warns: $(head -n 3 "$tmp/err" | tr '\n' ' ')"
		elif [ ! -s "$tmp/out" ]; then
			bad "groff -T$dev $name printed nothing"
		else
			ok
		fi
	done
done

# -- every long option of the usage text, as \-\-name in page 1
if ! "$bin" --help >"$tmp/help" 2>&1; then
	bad "cannot run $bin --help (build first: make all)"
else
	grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u >"$tmp/opts"
	if [ ! -s "$tmp/opts" ]; then
		bad "--help printed no long option"
	fi
	while read -r opt; do
		name=${opt#--}
		esc=$(printf '%s' "$name" | sed 's/-/\\-/g')
		if grep -qF -- "\\-\\-$esc" "$page1"; then
			ok
		else
			bad "option $opt of --help is not in jira-credential.1 (as \\-\\-$esc)"
		fi
	done <"$tmp/opts"
fi

# -- every action, as the bold tag of its entry (".B list", ".BR get ...")
for action in get store erase list login import-netrc doctor rotate capability; do
	re=$(printf '%s' "$action" | sed 's/-/\\\\-/g')
	if grep -Eq "^\.(B|BR|BI) +$re( |$)" "$page1"; then
		ok
	else
		bad "action $action is not in jira-credential.1"
	fi
done

# -- sections
section() { # PAGE TITLE
	if grep -Eq "^\.SH +\"?$2\"?[[:space:]]*$" "$1"; then
		ok
	else
		bad "section $2 missing from $(basename "$1")"
	fi
}
for s in NAME SYNOPSIS DESCRIPTION ACTIONS OPTIONS EXAMPLES "EXIT STATUS" \
	STORES ENVIRONMENT FILES SECURITY "SEE ALSO"; do
	section "$page1" "$s"
done
for s in NAME "KEYRING SCHEMA" "PASSWORD STORE" "SEE ALSO"; do
	section "$page5" "$s"
done

echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
