#!/bin/bash
# session.sh TEST: runs inside dbus-run-session.  Gives the test a private
# HOME (made by run.sh before the bus started), starts gnome-keyring's Secret Service unlocked
# with a throwaway password, runs the test, and stops the daemon.
set -u
t=$1
export JC_TEST_NAME=$(basename "$t" .sh)

. "$JC_HERE/lib.sh"
keyring_start || { echo "fail: $JC_TEST_NAME: cannot start gnome-keyring" >>"$JC_TEST_ROOT/results"; exit 2; }
cd "$HOME"
. "$t"
keyring_stop
stop_fakes
