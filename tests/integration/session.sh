#!/bin/bash
# session.sh TEST: runs inside dbus-run-session.  Gives the test a private
# HOME (made by run.sh before the bus started), starts the Secret Service
# (gnome-keyring, or $JC_BACKEND: tests/backends/) unlocked
# with a throwaway password, runs the test, and stops the daemon.
set -u
t=$1
export JC_TEST_NAME=$(basename "$t" .sh)

. "$JC_HERE/lib.sh"
keyring_start || { echo "fail: $JC_TEST_NAME: cannot start ${JC_BACKEND:-gnome-keyring}" >>"$JC_TEST_ROOT/results"; exit 2; }
cd "$HOME"
. "$t"
keyring_stop
stop_fakes
