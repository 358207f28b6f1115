#!/bin/bash
# bench.sh: `make bench`.  Builds git's own git-credential-libsecret from
# the system's git sources as the reference, starts a private bus, keyring
# and fake Jira, and hands over to measure.py, which times both helpers
# side by side and prints a table.  Speed lives here, never in the tests.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${JC_BENCH_IN_SESSION:-}" ]; then
	export JC_TEST_ROOT=$(mktemp -d /tmp/jc-bench.XXXXXX)
	trap 'rm -rf "$JC_TEST_ROOT"' EXIT
	make -s -C "$top" install PREFIX="$JC_TEST_ROOT/prefix" >/dev/null
	src=/usr/share/doc/git/contrib/credential/libsecret/git-credential-libsecret.c
	export JC_REF=
	if [ -f "$src" ]; then
		cc -O2 -g $(pkg-config --cflags libsecret-1 glib-2.0) "$src" \
			-o "$JC_TEST_ROOT/git-credential-libsecret" $(pkg-config --libs libsecret-1 glib-2.0)
		JC_REF="$JC_TEST_ROOT/git-credential-libsecret"
	else
		echo "note: $src is absent: no comparison with git-credential-libsecret" >&2
	fi
	export JC_BENCH_IN_SESSION=1 JC_TOP="$top" JC_PREFIX="$JC_TEST_ROOT/prefix"
	export PATH="$JC_PREFIX/bin:$PATH"
	. "$top/tests/private-session.sh"
	private_session "$JC_TEST_ROOT/home" bash "$0" "$@"
	exit
fi

. "$JC_TOP/tests/integration/lib.sh"
keyring_start
# A second bus and keyring, which will hold 1,000 other credentials, so
# that the 1-item and the 1,000-item keyrings can be timed alternately.
export JC_BENCH_HOME_B="$HOME/b"
mkdir -p "$JC_BENCH_HOME_B/run" && chmod 700 "$JC_BENCH_HOME_B/run"
JC_BENCH_BUS_B=$(HOME="$JC_BENCH_HOME_B" dbus-daemon --session --fork --print-address=1 --print-pid=3 3>"$HOME/bus-b.pid")
export JC_BENCH_BUS_B
printf 'test-keyring-password' | DBUS_SESSION_BUS_ADDRESS="$JC_BENCH_BUS_B" HOME="$JC_BENCH_HOME_B" \
	XDG_RUNTIME_DIR="$JC_BENCH_HOME_B/run" XDG_DATA_HOME="$JC_BENCH_HOME_B/.local/share" \
	gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
keyring_b=$!
trap 'stop_fakes; keyring_stop; kill $keyring_b $(cat "$HOME/bus-b.pid") 2>/dev/null' EXIT
for _ in $(seq 100); do
	DBUS_SESSION_BUS_ADDRESS="$JC_BENCH_BUS_B" dbus-send --session --print-reply \
		--dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
		string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
	sleep 0.1
done
fake_start jira '{"deployment": "server", "users": [{"user": "bench", "secret": "bench-secret"}],
	"service_accounts": [{"client_id": "bench-svc", "client_secret": "bench-svc-secret"}]}' tls
export JC_FAKE="https://localhost:${FAKE_PORT[jira]}" JC_CA="$TLS/ca.crt"
if [ "${1:-}" = --profile ]; then
	bash "$JC_TOP/tests/bench/profile.sh"
else
	python3 "$JC_TOP/tests/bench/measure.py" "$@"
fi
