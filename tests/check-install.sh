#!/bin/sh
# check-install.sh: make install honours PREFIX and DESTDIR and lays out
# what design.md lists: the program, the git-credential-jira link, the
# validator, both man pages and the bash, zsh and fish completions, and
# make uninstall removes all of it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
pass=0 fail=0
check() { # NAME TEST...
	name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: install: $name" >&2; fi
}
make -s -C "$top" install DESTDIR="$dest" PREFIX=/opt/jc >/dev/null
r="$dest/opt/jc"
check "bin/jira-credential" test -x "$r/bin/jira-credential"
check "bin/git-credential-jira is a link to it" test "$(readlink "$r/bin/git-credential-jira")" = jira-credential
check "the validator in libexec" test -x "$r/libexec/jira-credential/jira-credential-validate"
check "man1/jira-credential.1" test -f "$r/share/man/man1/jira-credential.1"
check "man5/jira-credential.5" test -f "$r/share/man/man5/jira-credential.5"
check "bash completion" test -f "$r/share/bash-completion/completions/jira-credential"
check "zsh completion" test -f "$r/share/zsh/vendor-completions/_jira-credential"
check "fish completion" test -f "$r/share/fish/vendor_completions.d/jira-credential.fish"
check "nothing outside DESTDIR/PREFIX" test "$(ls "$dest")" = opt
check "the installed program runs" "$r/bin/jira-credential" --version
make -s -C "$top" uninstall DESTDIR="$dest" PREFIX=/opt/jc >/dev/null
check "make uninstall leaves no file" test -z "$(find "$dest" ! -type d)"
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
