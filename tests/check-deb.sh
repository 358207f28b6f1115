#!/bin/sh
# check-deb.sh: the Debian package (make check-deb).  The versions agree
# (VERSION, debian/changelog, the man pages); lintian finds no error and no
# warning; the .deb installs with dpkg -i and lays out what the README
# says; jira-credential and `git credential-jira` run from /usr/bin; its
# autopkgtest (debian/tests) passes against the installed package; and
# dpkg --purge leaves no file behind.  Needs root, and refuses to run where
# jira-credential is already installed (it would purge it).
#
# usage: tests/check-deb.sh versions          only compare the versions
#        tests/check-deb.sh DEBDIR VERSION    the whole check on DEBDIR's build
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
check() { # NAME TEST...
	name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: deb: $name" >&2; fi
}

# VERSION is the one place; debian/changelog and the man pages must follow.
versions() {
	v=$(cat "$top/VERSION")
	c=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$top/debian/changelog")
	c=${c#*:}  # epoch
	c=${c%-*}  # Debian revision, if any
	ok=0
	if [ "$c" != "$v" ]; then
		echo "FAIL: debian/changelog has upstream version $c, VERSION has $v (dch -v $v)" >&2
		ok=1
	fi
	for m in "$top"/man/*.[0-9]; do
		grep -q "^\.TH .*\"jira\\\\-credential $v\"" "$m" || {
			echo "FAIL: ${m#"$top"/}: its .TH line does not say version $v" >&2
			ok=1
		}
	done
	return $ok
}

if [ "${1:-}" = versions ]; then
	versions
	exit
fi
debdir=$1 version=$2
arch=$(dpkg --print-architecture)
deb=$debdir/jira-credential_${version}_$arch.deb

check "VERSION, debian/changelog and the man pages agree" versions
if [ "$(id -u)" -ne 0 ]; then
	echo "check-deb.sh: dpkg -i needs root" >&2
	exit 1
fi
if dpkg-query -W -f '${db:Status-Status}' jira-credential 2>/dev/null | grep -qx installed; then
	echo "check-deb.sh: jira-credential is installed here; this check installs and purges it: remove it first" >&2
	exit 1
fi

echo "lintian:"
check "lintian finds no error and no warning" \
	lintian --fail-on error,warning --display-info "$debdir"/jira-credential_"${version}"_"$arch".changes

# What dpkg leaves on disk, by name: compared before install and after purge.
snapshot() {
	find /usr /etc /opt /var/lib/dpkg/info /var/lib/dpkg/alternatives -xdev -print 2>/dev/null | sort
}
before=$(mktemp) after=$(mktemp) summary=$(mktemp)
trap 'rm -f "$before" "$after" "$summary"' EXIT
snapshot >"$before"

check "dpkg -i installs it" dpkg -i "$deb"
for f in /usr/bin/jira-credential /usr/libexec/jira-credential/jira-credential-validate; do
	check "$f is an executable file" test -f "$f" -a -x "$f"
done
check "/usr/bin/git-credential-jira is a link to jira-credential" \
	test "$(readlink /usr/bin/git-credential-jira)" = jira-credential
for f in /usr/share/man/man1/jira-credential.1.gz /usr/share/man/man5/jira-credential.5.gz \
	/usr/share/bash-completion/completions/jira-credential \
	/usr/share/zsh/vendor-completions/_jira-credential \
	/usr/share/fish/vendor_completions.d/jira-credential.fish; do
	check "$f" test -f "$f"
done
check "man git-credential-jira finds jira-credential(1)" \
	test "$(readlink -f /usr/share/man/man1/git-credential-jira.1.gz)" = /usr/share/man/man1/jira-credential.1.gz
check "nothing under /usr/local" test -z "$(dpkg -L jira-credential | grep '^/usr/local')"
check "jira-credential --version from /usr/bin says $version" \
	test "$(env PATH=/usr/bin:/bin jira-credential --version | head -n 1)" = "jira-credential $version"
check "the package's copyright file names the Expat (MIT) licence" \
	grep -qx 'License: Expat' /usr/share/doc/jira-credential/copyright
out=$(cd / && env PATH=/usr/bin:/bin git credential-jira capability) || out="exit $?"
check "git credential-jira capability answers (got: $out)" test "$out" = "version 0
capability authtype"

# The package's own tests (debian/tests/control), run the Debian way on
# this machine against the installed package: autopkgtest's null testbed.
echo "autopkgtest:"
check "autopkgtest passes (debian/tests: smoke, integration)" \
	autopkgtest -B -q --summary-file="$summary" "$top" -- null
cat "$summary"

check "dpkg --purge removes it" dpkg --purge jira-credential
snapshot >"$after"
# A path that another package owns came from someone else's apt-get at the
# same time, not from this package; anything else is left behind by it.
left=
for p in $(diff "$before" "$after" | sed -n 's/^[<>] //p'); do
	owner=$(dpkg-query -S "$p" 2>/dev/null | sed 's/:.*//' || true)
	[ -n "$owner" ] || left="$left $p"
done
check "nothing left behind or removed by install and purge:${left:- }" test -z "$left"

echo "deb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
