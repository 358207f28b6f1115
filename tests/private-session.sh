# private-session.sh: sourced by the test runner, the demo and the bench.
#
# private_session HOME CMD...: runs CMD in a new D-Bus session whose HOME
# and XDG directories are under HOME.  They are set before the bus starts,
# so that a service the bus starts on demand (gnome-keyring) lives there
# too: nothing ever touches the user's own keyring.  The bus's own chatter
# (activations, a headless prompter failing) is filtered from stderr.
#
# JC_BACKEND (gnome-keyring when unset) other than gnome-keyring: the bus
# activates no service at all (its only service directory is an empty one
# under HOME), so that a client asking for org.freedesktop.secrets while
# KeePassXC or kwalletd5 is down never starts gnome-keyring in its place.
private_session() {
	local home=$1 conf=()
	shift
	(
		if [ "${JC_BACKEND:-gnome-keyring}" != gnome-keyring ]; then
			mkdir -p "$home/dbus-services"
			cat >"$home/dbus-session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$home/dbus-services</servicedir>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
EOF
			conf=(--config-file="$home/dbus-session.conf")
		fi
		export HOME="$home" XDG_RUNTIME_DIR="$home/run" XDG_CACHE_HOME="$home/.cache"
		export XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
		export GIT_CONFIG_NOSYSTEM=1
		mkdir -p "$home" && mkdir -m 700 "$XDG_RUNTIME_DIR"
		unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DBUS_SESSION_BUS_ADDRESS
		dbus-run-session "${conf[@]}" -- "$@" \
			2> >(grep -v -e 'Failed to set fd limit' -e '^dbus-daemon\[' -e 'Gtk-WARNING' \
				-e '^$' -e '^GNOME_KEYRING_CONTROL=' -e '^\*\* ' -e 'discover_other_daemon' >&2)
	)
}
