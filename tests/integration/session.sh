#!/bin/bash
# session.sh TEST: runs inside dbus-run-session.  Gives the test a private
# HOME and runtime directory, starts gnome-keyring's Secret Service unlocked
# with a throwaway password, runs the test, and stops the daemon.
set -u
t=$1
export HOME=$(mktemp -d "$JC_TEST_ROOT/home.XXXXXX")
export XDG_RUNTIME_DIR="$HOME/run" XDG_CACHE_HOME="$HOME/.cache" XDG_CONFIG_HOME="$HOME/.config"
export XDG_DATA_HOME="$HOME/.local/share" GIT_CONFIG_NOSYSTEM=1
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
export JC_TEST_NAME=$(basename "$t" .sh)

. "$JC_HERE/lib.sh"
keyring_start || { echo "fail: $JC_TEST_NAME: cannot start gnome-keyring" >>"$JC_TEST_ROOT/results"; exit 2; }
cd "$HOME"
. "$t"
keyring_stop
stop_fakes
