# private-session.sh: sourced by the test runner, the demo and the bench.
#
# private_session HOME CMD...: runs CMD in a new D-Bus session whose HOME
# and XDG directories are under HOME.  They are set before the bus starts,
# so that a service the bus starts on demand (gnome-keyring) lives there
# too: nothing ever touches the user's own keyring.  The bus's own chatter
# (activations, a headless prompter failing) is filtered from stderr.
private_session() {
	local home=$1
	shift
	(
		export HOME="$home" XDG_RUNTIME_DIR="$home/run" XDG_CACHE_HOME="$home/.cache"
		export XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
		export GIT_CONFIG_NOSYSTEM=1
		mkdir -p "$home" && mkdir -m 700 "$XDG_RUNTIME_DIR"
		unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DBUS_SESSION_BUS_ADDRESS
		dbus-run-session -- "$@" \
			2> >(grep -v -e 'Failed to set fd limit' -e '^dbus-daemon\[' -e 'Gtk-WARNING' \
				-e '^$' -e '^GNOME_KEYRING_CONTROL=' -e '^\*\* ' -e 'discover_other_daemon' >&2)
	)
}
