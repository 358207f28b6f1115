# keepassxc.sh: KeePassXC as the Secret Service, headless.  A database made
# with keepassxc-cli (password on stdin), its root group exposed to the
# Secret Service (the database's custom data FDO_SECRETS_EXPOSED_GROUP),
# the integration enabled in keepassxc.ini, KeePassXC started on a private
# Xvfb display with --pw-stdin.  Defines the functions lib.sh dispatches to.
#
# KPX_CONFIRM_ACCESS=1 before keyring_start turns KeePassXC's per-access
# confirmation (FdoSecrets/ConfirmAccessItem, on by default) back on; the
# main suite runs with it off.

. "$JC_TOP/tests/backends/common.sh"

KPX_DB="$HOME/keepassxc/test.kdbx"
# t-concurrency.sh: KeePassXC 2.7.4 crashes (SIGSEGV) when clients delete
# one item at the same moment: three stores of one credential do it, and
# two erases now and then (docs/backends.md).  Its rules are checked with
# two at once, and erases one at a time.
export JC_CONCURRENCY=${JC_CONCURRENCY:-2}
export JC_CONCURRENT_DELETES=${JC_CONCURRENT_DELETES:-1}
KPX_INI="$XDG_CONFIG_HOME/keepassxc/keepassxc.ini"

# kpx_make_db: once per session.  keepassxc-cli cannot set a database's
# custom data, so the new database goes through an XML export with the
# exposed group added to <Meta><CustomData>, and is imported again.
kpx_make_db() {
	[ -f "$KPX_DB" ] && return 0
	local dir=${KPX_DB%/*}
	mkdir -p "$dir"
	printf '%s\n%s\n' "$BACKEND_PASSWORD" "$BACKEND_PASSWORD" |
		keepassxc-cli db-create -q -p -t 100 "$dir/plain.kdbx" >>"$HOME/keyring.log" 2>&1 || return 1
	printf '%s\n' "$BACKEND_PASSWORD" |
		keepassxc-cli export -q -f xml "$dir/plain.kdbx" >"$dir/plain.xml" 2>>"$HOME/keyring.log" || return 1
	python3 - "$dir/plain.xml" "$dir/exposed.xml" <<'PY' || return 1
import base64, sys, uuid
import xml.etree.ElementTree as ET
tree = ET.parse(sys.argv[1])
root = tree.getroot()
group = root.find("Root/Group/UUID").text
gid = "{" + str(uuid.UUID(bytes=base64.b64decode(group))) + "}"
meta = root.find("Meta")
cd = meta.find("CustomData")
if cd is None:
    cd = ET.SubElement(meta, "CustomData")
item = ET.SubElement(cd, "Item")
ET.SubElement(item, "Key").text = "FDO_SECRETS_EXPOSED_GROUP"
ET.SubElement(item, "Value").text = gid
tree.write(sys.argv[2], encoding="UTF-8", xml_declaration=True)
PY
	printf '%s\n%s\n' "$BACKEND_PASSWORD" "$BACKEND_PASSWORD" |
		keepassxc-cli import -q -p -t 100 "$dir/exposed.xml" "$KPX_DB" >>"$HOME/keyring.log" 2>&1 || return 1
	rm -f "$dir/plain.kdbx" "$dir/plain.xml" "$dir/exposed.xml"
}

# kpx_write_ini: the settings (src/core/Config.cpp, 2.7.4).
#
# AutoSaveAfterEveryChange=false: KeePassXC 2.7.4 writes the database 150 ms
# after a change, on a worker thread, while its main thread goes on
# answering D-Bus (Database::saveAs, AsyncTask::runAndWaitForFuture).  A
# change that arrives during that write (a CreateItem or Delete of the next
# command) crashes it: SIGSEGV on the writer thread, in QUuid::toRfc4122.
# Stores 0.1-0.3 s apart crashed it within 7 to 55 stores, three runs out
# of four; with this off, none in 600.  The database is written when it is
# locked or KeePassXC quits (AutoSaveOnExit), so it outlives a restart.
kpx_write_ini() {
	local confirm=false
	[ "${KPX_CONFIRM_ACCESS:-0}" = 1 ] && confirm=true
	mkdir -p "${KPX_INI%/*}"
	cat >"$KPX_INI" <<INI
[General]
ConfigVersion=2
SingleInstance=false
RememberLastDatabases=false
RememberLastKeyFiles=false
OpenPreviousDatabasesOnStartup=false
AutoSaveAfterEveryChange=false
AutoSaveOnExit=true
BackupBeforeSave=false

[GUI]
CheckForUpdates=false
CheckForUpdatesIncludeBetas=false
ShowTrayIcon=false
MinimizeOnStartup=false

[Security]
LockDatabaseIdle=false
LockDatabaseScreenLock=false
LockDatabaseMinimize=false

[FdoSecrets]
Enabled=true
ShowNotification=false
ConfirmDeleteItem=false
ConfirmAccessItem=$confirm
UnlockBeforeSearch=true
INI
}

keyring_start() {
	xvfb_start || return 1
	kpx_make_db || return 1
	kpx_write_ini
	printf '%s\n' "$BACKEND_PASSWORD" |
		keepassxc --pw-stdin "$KPX_DB" >>"$HOME/keyring.log" 2>&1 &
	KEYRING_PID=$!
	secrets_wait "$KEYRING_PID"
}


# keyring_unlock: KeePassXC unlocks only through its unlock dialog: asks
# for it (Service.Unlock returns a prompt, Prompt.Prompt shows it) and types
# the password into it.
keyring_unlock() {
	local c
	c=$(secrets_collections | head -n 1)
	secrets_unlock "$c"
	kpx_answer_unlock
}

# kpx_answer_unlock: types the password into KeePassXC's unlock dialog.
kpx_answer_unlock() {
	local w
	w=$(window_wait 'Unlock Database') || return 1
	xdotool windowactivate --sync "$w" 2>/dev/null
	printf '%s' "$BACKEND_PASSWORD" | xdotool type --window "$w" --delay 20 --file -
	xdotool key --window "$w" Return
}

# kpx_answer_access allow|deny: answers KeePassXC's access confirmation
# ("KeePassXC -  Access Request", two spaces; Return is "Allow Selected").
kpx_answer_access() {
	local w
	w=$(window_wait 'Access Request') || return 1
	xdotool windowactivate --sync "$w" 2>/dev/null
	if [ "$1" = allow ]; then
		xdotool key --window "$w" Return
	else
		xdotool key --window "$w" Escape
	fi
}
