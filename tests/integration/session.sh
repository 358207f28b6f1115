#!/bin/bash
# session.sh TEST: runs inside dbus-run-session.  Gives the test a private
# HOME (made by run.sh before the bus started), starts the Secret Service
# (gnome-keyring, or $JC_BACKEND: tests/backends/) unlocked
# with a throwaway password, runs the test, and stops the daemon.
#
# JC_STORE (a file of tests/contract/, run once per store): the store the
# file runs against, set up by store_setup (lib.sh); the Secret Service is
# started only for secretservice.
set -u
t=$1
export JC_TEST_NAME=$(basename "$t" .sh)${JC_STORE:+[$JC_STORE]}

. "$JC_HERE/lib.sh"
if [ "${JC_STORE:-secretservice}" = secretservice ]; then
	keyring_start || { echo "fail: $JC_TEST_NAME: cannot start ${JC_BACKEND:-gnome-keyring}" >>"$JC_TEST_ROOT/results"; exit 2; }
fi
store_setup || { echo "fail: $JC_TEST_NAME: cannot set up the ${JC_STORE:-} store" >>"$JC_TEST_ROOT/results"; exit 2; }
cd "$HOME"
. "$t"
keyring_stop
stop_fakes
gpg_stop_all
