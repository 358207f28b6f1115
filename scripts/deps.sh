#!/bin/sh
# deps.sh: installs the Debian packages that building and testing need, when
# they are missing.  `make check` runs it, so a fresh Debian 12 machine
# needs nothing else.  Without root it only says what to install.
#
# usage: deps.sh [test|deb|keepassxc|kwallet|"PACKAGE..."]: the build
# packages, plus the test packages (default), the packaging tools (make deb,
# make check-deb), what make check-keepassxc / check-kwallet need on top of
# the test packages, or the packages named.
set -eu

build="gcc make pkg-config libglib2.0-dev libsecret-1-dev libjson-glib-dev \
libcurl4-openssl-dev libssl-dev libcmocka-dev libgpgme-dev nettle-dev libgmp-dev"
test="dbus dbus-daemon gnome-keyring libsecret-tools git curl openssl python3 \
valgrind clang libclang-rt-14-dev groff-base procps time clang-format zsh fish \
pass gnupg gpg-agent strace"
# git: check-deb runs git credential-jira; autopkgtest: the package's tests
deb="debhelper dpkg-dev lintian git autopkgtest"
# The other Secret Services, headless (tests/backends/).
xtools="xvfb xauth xdotool"
case ${1:-test} in
test) want="$build $test" ;;
deb) want="$build $deb" ;;
keepassxc) want="$build $test $xtools keepassxc" ;;
kwallet) want="$build $test $xtools libkf5wallet-bin libqca-qt5-2-plugins" ;;
*) want="$build $1" ;;
esac

missing=
for p in $want; do
	s=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$s" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing Debian packages:$missing" >&2
	echo "deps.sh: install them with: sudo apt-get install$missing" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
