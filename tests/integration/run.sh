#!/bin/bash
# run.sh: the integration suite.  Installs the build into a scratch PREFIX,
# then runs every tests/integration/t-*.sh (or those named as arguments)
# inside a private D-Bus session with its own unlocked gnome-keyring and a
# private HOME, so the user's own keyring is never touched.  Prints
# "N passed, N failed" and fails if anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export JC_TEST_ROOT=$(mktemp -d /tmp/jc-it.XXXXXX)
trap 'rm -rf "$JC_TEST_ROOT"' EXIT

make -s -C "$top" install PREFIX="$JC_TEST_ROOT/prefix" >/dev/null || {
	echo "run.sh: make install failed" >&2
	exit 1
}
export JC_PREFIX="$JC_TEST_ROOT/prefix" JC_TOP="$top" JC_HERE="$here"
export PATH="$JC_PREFIX/bin:$PATH"

if [ $# -eq 0 ]; then
	set -- "$here"/t-*.sh
fi
# Each file runs in a session of its own: a fresh bus and keyring.
for t in "$@"; do
	t=$(cd "$(dirname "$t")" && pwd)/$(basename "$t")
	# (dbus-daemon warns that it cannot raise its fd limit when not root)
	timeout 600 dbus-run-session -- bash "$here/session.sh" "$t" \
		2> >(grep -v 'Failed to set fd limit' >&2)
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 1 ] || echo "fail: $(basename "$t") ended with status $rc" >>"$JC_TEST_ROOT/results"
done
pass=$(grep -c '^pass' "$JC_TEST_ROOT/results" 2>/dev/null)
fail=$(grep -c '^fail' "$JC_TEST_ROOT/results" 2>/dev/null)
grep '^fail' "$JC_TEST_ROOT/results" >&2
echo "integration: ${pass:-0} passed, ${fail:-0} failed"
[ "${fail:-0}" -eq 0 ] && [ "${pass:-0}" -gt 0 ]
