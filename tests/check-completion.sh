#!/bin/bash
# check-completion.sh: the bash, zsh and fish completions offer exactly what
# the built program's --help lists: every --option, every action, every
# value of an option listed as --name=a|b|c, and nothing else.  A new option
# or action added to --help without its completions fails here, naming the
# file and the word; so does a completion offering what --help does not list.
# Each shell also loads its file (zsh and fish are test packages in
# scripts/deps.sh; a missing shell fails, it is never skipped).  At the end
# the check runs on altered copies and must fail there: it cannot pass by
# parsing nothing.
#
# usage: tests/check-completion.sh [PROGRAM]   (default build/bin/jira-credential)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
prog=${1:-$top/build/bin/jira-credential}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
	echo "FAIL: $*" >&2
	fail=$((fail + 1))
}

# --- what --help lists; one word a line --------------------------------

# Every --name, whether written --name, --name=VALUE or --a|--b.
help_options() { { grep -oE -- '--[a-z0-9][a-z0-9-]*' "$1" || true; } | sort -u; }

# The values of --name=a|b|c (lower case; an upper-case VALUE is a placeholder).
help_values() {
	{ grep -oE -- '--[a-z0-9][a-z0-9-]*=[a-z0-9][a-z0-9|-]*' "$1" || true; } |
		sed 's/^[^=]*=//' | tr '|' '\n' | { grep -v '^-' || true; } | sort -u
}

# The first word after the program name on each usage line that is not an
# [OPTION] group or an option: "jira-credential [OPTIONS] get|store|erase".
help_actions() {
	awk '{ i = ($1 == "usage:") ? 2 : 1
	       if ($i != "jira-credential") next
	       for (j = i + 1; j <= NF; j++) {
		       if ($j ~ /^\[/) continue
		       if ($j !~ /^-/) print $j
		       break } }' "$1" | tr '|' '\n' | { grep -v '^$' || true; } | sort -u
}

# --- what each completion file offers: "option --x" or "word y" lines -----

offers_bash() { # words of every compgen -W '...', and every --name in code
	perl -0777 -ne '
		s/^\s*#.*$//mg;
		while (/-W\s+\x27([^\x27]*)\x27/g) {
			for (split " ", $1) { print "word $_\n" unless /^-/ } }
		while (/(--[a-z0-9][a-z0-9-]*)/g) { print "option $1\n" }' "$1" | sort -u
}

offers_zsh() { # --name specs, the actions=( 'name:...' ) array, :(a b c) values
	perl -0777 -ne '
		s/^\s*#.*$//mg;
		while (/(--[a-z0-9][a-z0-9-]*)/g) { print "option $1\n" }
		if (/\bactions=\((.*?)\n\s*\)/s) {
			my $a = $1; while ($a =~ /\x27([a-z0-9][a-z0-9-]*):/g) { print "word $1\n" } }
		while (/:\(([^)]*)\)\x27/g) { print "word $_\n" for split " ", $1 }' "$1" | sort -u
}

offers_fish() { # -l name options; -a words (values on -l lines, actions elsewhere)
	perl -ne '
		next if /^\s*#/;
		print "option --$1\n" while /\s-l\s+([a-z0-9][a-z0-9-]*)/g;
		if (/\s-a\s+\x27([^\x27]*)\x27/ || /\s-a\s+([a-z0-9][a-z0-9-]*)/) {
			print "word $_\n" for split " ", $1 }' "$1" | sort -u
}

# --- the comparison ------------------------------------------------------

# compare HELPFILE BASH ZSH FISH: one FAIL line per missing or extra word.
compare() {
	local help=$1 f kind w
	help_options "$help" >"$tmp/h.opt"
	help_actions "$help" >"$tmp/h.act"
	help_values "$help" >"$tmp/h.val"
	for w in get store erase; do
		grep -qx "$w" "$tmp/h.act" || bad "--help: cannot find the action $w in the usage lines"
	done
	for w in --help --version; do
		grep -qx -- "$w" "$tmp/h.opt" || bad "--help: cannot find the option $w"
	done
	sort -u "$tmp/h.act" "$tmp/h.val" >"$tmp/h.words"
	for f in "$2" "$3" "$4"; do
		case $f in
		*.bash) offers_bash "$f" ;;
		*.fish) offers_fish "$f" ;;
		*) offers_zsh "$f" ;;
		esac >"$tmp/offers"
		name=completion/${f##*/}
		while read -r w; do
			grep -qxF "option $w" "$tmp/offers" || bad "$name: missing option $w"
		done <"$tmp/h.opt"
		while read -r w; do
			grep -qxF "word $w" "$tmp/offers" || bad "$name: missing action $w"
		done <"$tmp/h.act"
		while read -r w; do
			grep -qxF "word $w" "$tmp/offers" || bad "$name: missing option value $w"
		done <"$tmp/h.val"
		while read -r kind w; do
			case $kind in
			option) grep -qxF -- "$w" "$tmp/h.opt" ||
				bad "$name: offers option $w, which --help does not list" ;;
			word) grep -qxF -- "$w" "$tmp/h.words" ||
				bad "$name: offers $w, which --help lists neither as action nor as value" ;;
			esac
		done <"$tmp/offers"
	done
}

cb=$top/completion/jira-credential.bash
cz=$top/completion/_jira-credential
cf=$top/completion/jira-credential.fish
"$prog" --help >"$tmp/help"
compare "$tmp/help" "$cb" "$cz" "$cf"
real_fail=$fail

# --- each shell loads its file and completes the actions -----------------

sort "$tmp/h.act" >"$tmp/want"
bash -n "$cb" || bad "completion/jira-credential.bash: bash -n"
# shellcheck disable=SC1090
(
	source "$cb"
	COMP_WORDS=(jira-credential "")
	COMP_CWORD=1
	_jira_credential
	printf '%s\n' "${COMPREPLY[@]}" | sort
) >"$tmp/got" || bad "completion/jira-credential.bash: sourcing and completing failed"
cmp -s "$tmp/want" "$tmp/got" || bad "completion/jira-credential.bash: completes the actions as $(tr '\n' ' ' <"$tmp/got")"

if command -v zsh >/dev/null; then
	zsh -n "$cz" || bad "completion/_jira-credential: zsh -n"
	mkdir "$tmp/fp" && cp "$cz" "$tmp/fp/"
	got=$(HOME=$tmp ZDOTDIR=$tmp zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit
		compinit -u -d "$1/zcompdump"; autoload +X _jira-credential || exit 1
		print -r -- $_comps[jira-credential] $_comps[git-credential-jira]' zsh "$tmp/fp") ||
		bad "completion/_jira-credential: compinit cannot load it"
	[ "${got:-}" = "_jira-credential _jira-credential" ] ||
		bad "completion/_jira-credential: compinit binds '${got:-}', not _jira-credential for both programs"
else
	bad "zsh is not installed (scripts/deps.sh installs it)"
fi

if command -v fish >/dev/null; then
	fish -n "$cf" || bad "completion/jira-credential.fish: fish -n"
	HOME=$tmp fish --no-config -c 'source $argv[1]; complete -C"jira-credential "' "$cf" |
		cut -f1 | sort >"$tmp/got" || bad "completion/jira-credential.fish: fish cannot load it"
	cmp -s "$tmp/want" "$tmp/got" || bad "completion/jira-credential.fish: completes the actions as $(tr '\n' ' ' <"$tmp/got")"
else
	bad "fish is not installed (scripts/deps.sh installs it)"
fi

# --- the check itself must fail on altered copies ------------------------

selftest() { # DESCRIPTION EXPECTED-FAIL-LINE...
	local what=$1 e
	shift
	fail=0
	compare "$tmp/help2" "$tmp/c/jira-credential.bash" "$tmp/c/_jira-credential" \
		"$tmp/c/jira-credential.fish" 2>"$tmp/out"
	for e in "$@"; do
		grep -qF -- "$e" "$tmp/out" || {
			echo "FAIL: self-test ($what): no \"$e\" in:" >&2
			cat "$tmp/out" >&2
			real_fail=$((real_fail + 1))
		}
	done
}
mkdir "$tmp/c"
cp "$cb" "$cz" "$cf" "$tmp/c/"
{
	cat "$tmp/help"
	echo "       jira-credential [OPTIONS] zz-act [DOMAIN]"
	echo "options: --zz-opt=low|high --zz-a|--zz-b"
} >"$tmp/help2"
expect=()
for n in jira-credential.bash _jira-credential jira-credential.fish; do
	expect+=("completion/$n: missing action zz-act" "completion/$n: missing option --zz-opt"
		"completion/$n: missing option --zz-a" "completion/$n: missing option --zz-b"
		"completion/$n: missing option value low" "completion/$n: missing option value high")
done
selftest "--help gains what no completion offers" "${expect[@]}"

cp "$tmp/help" "$tmp/help2"
echo ": \$(compgen -W '--zz-bogus zz-word')" >>"$tmp/c/jira-credential.bash"
echo "_arguments '--zz-bogus[x]:v:(zz-word)'" >>"$tmp/c/_jira-credential"
echo "complete -c jira-credential -l zz-bogus -a 'zz-word'" >>"$tmp/c/jira-credential.fish"
expect=()
for n in jira-credential.bash _jira-credential jira-credential.fish; do
	expect+=("completion/$n: offers option --zz-bogus" "completion/$n: offers zz-word")
done
selftest "completions offer what --help does not list" "${expect[@]}"

cp "$cb" "$cz" "$cf" "$tmp/c/"
sed -i 's/ import-netrc / /' "$tmp/c/jira-credential.bash"
sed -i '/import-netrc:/d' "$tmp/c/_jira-credential"
sed -i '/-a import-netrc/d' "$tmp/c/jira-credential.fish"
expect=()
for n in jira-credential.bash _jira-credential jira-credential.fish; do
	expect+=("completion/$n: missing action import-netrc")
done
selftest "a completion loses an action" "${expect[@]}"

if [ "$real_fail" -eq 0 ]; then
	echo "completion: bash, zsh and fish offer exactly what --help lists ($(wc -l <"$tmp/h.opt") options, $(wc -l <"$tmp/h.act") actions)"
fi
[ "$real_fail" -eq 0 ]
