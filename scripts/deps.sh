#!/bin/sh
# deps.sh: installs the Debian packages that building and testing need, when
# they are missing.  `make check` runs it, so a fresh Debian 12 machine
# needs nothing else.  Without root it only says what to install.
#
# deps.sh [LIST]: LIST replaces the test packages: a package list named
# keepassxc or kwallet (what `make check-keepassxc` / `check-kwallet` need,
# on top of the test packages), or the packages themselves.
set -eu

build="gcc make pkg-config libglib2.0-dev libsecret-1-dev libjson-glib-dev \
libcurl4-openssl-dev libcmocka-dev"
test="dbus dbus-daemon gnome-keyring libsecret-tools git curl openssl python3 \
valgrind clang libclang-rt-14-dev groff-base procps time clang-format"
# The other Secret Services, headless (tests/backends/).
xtools="xvfb xauth xdotool"
keepassxc="$test $xtools keepassxc"
kwallet="$test $xtools libkf5wallet-bin libqca-qt5-2-plugins"
case ${1:-} in
keepassxc) set -- "$keepassxc" ;;
kwallet) set -- "$kwallet" ;;
esac
want="$build ${1:-$test}"

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
