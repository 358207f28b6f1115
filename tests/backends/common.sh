# common.sh: what the Secret Service backends other than gnome-keyring
# share: a private Xvfb display (for their windows and dialogs), a private
# D-Bus service directory, and waiting until a backend answers on the bus.
# Sourced by keepassxc.sh and kwallet.sh inside a private session.

BACKEND_PASSWORD=test-keyring-password
XVFB_PID=

# xvfb_start: an X server on a display number it picks itself (-displayfd),
# so two runs never share one; exports DISPLAY.
xvfb_start() {
	[ -n "$XVFB_PID" ] && kill -0 "$XVFB_PID" 2>/dev/null && return 0
	local f="$HOME/xvfb.display"
	rm -f "$f"
	Xvfb -displayfd 9 -nolisten tcp -screen 0 1280x1024x24 9>"$f" >"$HOME/xvfb.log" 2>&1 &
	XVFB_PID=$!
	for _ in $(seq 100); do
		[ -s "$f" ] && break
		sleep 0.1
	done
	[ -s "$f" ] || return 1
	export DISPLAY=":$(cat "$f")"
}

xvfb_stop() {
	stop_pid "$XVFB_PID"
	XVFB_PID=
}

# stop_pid PID: SIGTERM, and SIGKILL after 5 s (KeePassXC ignores SIGTERM
# while one of its dialogs is open).
stop_pid() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# secrets_owned: org.freedesktop.secrets has an owner (never activates one).
secrets_owned() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus \
		/org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
		string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

# secrets_default: the object path the "default" alias points to ("/" when none).
secrets_default() {
	dbus-send --session --print-reply --dest=org.freedesktop.secrets \
		/org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias \
		string:default 2>/dev/null | sed -n 's/.*object path "\(.*\)"/\1/p'
}

# secrets_collections: the collections' object paths, one a line.
secrets_collections() {
	dbus-send --session --print-reply --dest=org.freedesktop.secrets \
		/org/freedesktop/secrets org.freedesktop.DBus.Properties.Get \
		string:org.freedesktop.Secret.Service string:Collections 2>/dev/null |
		sed -n 's/.*object path "\(.*\)"/\1/p'
}

# secrets_locked PATH: prints true or false, the collection's Locked property.
secrets_locked() {
	dbus-send --session --print-reply --dest=org.freedesktop.secrets "$1" \
		org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection \
		string:Locked 2>/dev/null | sed -n 's/.*boolean \(.*\)/\1/p'
}

# secrets_unlock PATH / secrets_lock PATHS: Service.Unlock or Lock on
# collections (PATHS comma-separated) and, when it answers with a prompt,
# Prompt.Prompt on it (KeePassXC locks only through one; a dialog may
# appear for an unlock).
secrets_prompted() {
	local prompt
	prompt=$(secrets_call "$1" "array:objpath:$2" 2>/dev/null |
		sed -n 's/.*object path "\(\/org\/freedesktop\/secrets\/prompt\/.*\)"/\1/p')
	[ -n "$prompt" ] || return 0
	dbus-send --session --print-reply --dest=org.freedesktop.secrets "$prompt" \
		org.freedesktop.Secret.Prompt.Prompt string: >/dev/null 2>&1
}
secrets_unlock() { secrets_prompted Unlock "$1"; }
secrets_lock() { secrets_prompted Lock "$1"; }

# secrets_wait PID [unlock]: until the service owns the bus name and has an
# unlocked default collection, or PID died, or 30 s passed.  With unlock,
# a default collection that says it is locked is asked once to unlock
# (Service.Unlock and its prompt; kwalletd answers it without a dialog when
# the wallet is already open).
secrets_wait() {
	local d asked=
	for _ in $(seq 300); do
		kill -0 "$1" 2>/dev/null || return 1
		if secrets_owned; then
			d=$(secrets_default)
			if [ -n "$d" ] && [ "$d" != / ]; then
				[ "$(secrets_locked "$d")" = false ] && return 0
				if [ "${2:-}" = unlock ] && [ -z "$asked" ]; then
					asked=1
					secrets_unlock "$d"
				fi
			fi
		fi
		sleep 0.1
	done
	return 1
}

# secrets_call METHOD ARGS...: a Secret Service method on the service object.
secrets_call() {
	local m=$1
	shift
	dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
		"org.freedesktop.Secret.Service.$m" "$@"
}

# window_wait PATTERN: the id of the first visible window whose name matches
# PATTERN, waiting up to 20 s; empty when none came.
window_wait() {
	local w
	for _ in $(seq 200); do
		w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1)
		[ -n "$w" ] && { echo "$w"; return 0; }
		sleep 0.1
	done
	return 1
}

# window_keys PATTERN KEY...: waits for the window and sends it keys.
window_keys() {
	local w
	w=$(window_wait "$1") || return 1
	shift
	xdotool windowactivate --sync "$w" 2>/dev/null || xdotool windowfocus --sync "$w"
	xdotool key --window "$w" --clearmodifiers "$@"
}

# Whatever the test did, the backend and its display go when the session ends.
trap 'keyring_stop >/dev/null 2>&1' EXIT

# keyring_stop: the backend, then its Xvfb.  A backend that had already
# ended, which no test stopped (those that kill it start it again), is a
# failure of its own, with its exit status in keyring.log (139: SIGSEGV):
# the checks after it failed for that reason.
keyring_stop() {
	local st
	if [ -n "${KEYRING_PID:-}" ] && ! kill -0 "$KEYRING_PID" 2>/dev/null; then
		wait "$KEYRING_PID" 2>/dev/null
		st=$?
		echo "keyring_stop: $JC_BACKEND (pid $KEYRING_PID) had ended by itself, status $st" >>"$HOME/keyring.log"
		record fail "$JC_BACKEND ended by itself during the file" "status $st, see keyring.log"
	fi
	stop_pid "${KEYRING_PID:-}"
	KEYRING_PID=
	xvfb_stop
}

# keyring_lock: Service.Lock on every collection, and the prompt it may
# answer with (KeePassXC locks its database only through one; kwalletd5
# closes the wallet at once).
#
# It returns once every collection says it is locked (10 s at most): the
# prompt's answer comes before KeePassXC has locked (it first writes the
# database, or waits out a write under way), and a check that ran in
# between would test an unlocked keyring.
keyring_lock() {
	local c cols locked args=
	cols=$(secrets_collections)
	for c in $cols; do args="$args${args:+,}$c"; done
	[ -n "$args" ] || return 1
	secrets_lock "$args"
	for _ in $(seq 100); do
		locked=1
		for c in $cols; do
			[ "$(secrets_locked "$c")" = true ] || locked=
		done
		[ -n "$locked" ] && return 0
		sleep 0.1
	done
	echo "keyring_lock: still unlocked after 10 s" >>"$HOME/keyring.log"
	return 1
}
