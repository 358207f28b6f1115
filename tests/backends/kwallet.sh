# kwallet.sh: KWallet (kwalletd5) as the Secret Service, headless.
# kwalletrc enables its Secret Service API (apiEnabled=true), and the wallet
# is created and opened the way pam_kwallet5 does at login: kwalletd5
# --pam-login with a PBKDF2-SHA512 key derived from the password over the
# wallet's salt file (kwallet-login.py).  kwalletd5 runs on a private Xvfb
# display so that its dialogs can be seen and answered.  Needs
# libqca-qt5-2-plugins: without it every store fails (createDLGroup failed).

# t-concurrency.sh: kwalletd5 5.103 under a few dozen clients at once now
# and then says its open wallet is locked or forgets a session, and a store
# can go missing; three at once run clean (docs/backends.md).
export JC_CONCURRENCY=${JC_CONCURRENCY:-3}

. "$JC_TOP/tests/backends/common.sh"

KW_DIR="$XDG_DATA_HOME/kwalletd"

kw_write_rc() {
	mkdir -p "$XDG_CONFIG_HOME"
	cat >"$XDG_CONFIG_HOME/kwalletrc" <<RC
[Wallet]
Enabled=true
First Use=false
Use One Wallet=true
Default Wallet=kdewallet
Local Wallet=kdewallet
Close When Idle=false
Leave Open=true
Prompt on Open=false
Launch Manager=false

[org.freedesktop.secrets]
apiEnabled=true
RC
}

kw_launch() {
	printf '%s\n' "$BACKEND_PASSWORD" |
		python3 "$JC_TOP/tests/backends/kwallet-login.py" "$KW_DIR" >>"$HOME/keyring.log" 2>&1 &
	KEYRING_PID=$!
}

# keyring_start: kwalletd5 offers a collection only for the wallets that
# exist when it starts; a wallet that --pam-login creates shows up on the
# bus after a restart.  So the first start makes the wallet, and the second
# serves it.
keyring_start() {
	xvfb_start || return 1
	kw_write_rc
	if [ ! -s "$KW_DIR/kdewallet.kwl" ]; then
		kw_launch
		for _ in $(seq 100); do
			[ -s "$KW_DIR/kdewallet.kwl" ] && break
			sleep 0.1
		done
		kill "$KEYRING_PID" 2>/dev/null
		wait "$KEYRING_PID" 2>/dev/null
	fi
	kw_launch
	secrets_wait "$KEYRING_PID" unlock
}


# keyring_unlock: kwalletd reopens a closed wallet only through its password
# dialog, or at a new --pam-login: restarts it the PAM way.
keyring_unlock() {
	keyring_stop
	keyring_start
}

# kw_answer_unlock PASSWORD|cancel: answers kwalletd's password dialog.
kw_answer_unlock() {
	local w
	w=$(window_wait 'KDE Wallet Service') || return 1
	xdotool windowactivate --sync "$w" 2>/dev/null
	if [ "$1" = cancel ]; then
		xdotool key --window "$w" Escape
	else
		printf '%s' "$1" | xdotool type --window "$w" --delay 20 --file -
		xdotool key --window "$w" Return
	fi
}
