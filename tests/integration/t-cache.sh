# t-cache.sh: the validation cache is used only when it is ours alone.  A
# cache directory owned by someone else or writable by others, a key or an
# entry that is a link, a FIFO, another user's file or readable by others:
# none is trusted (the answer then comes from Jira), nothing blocks, and
# --verbose says why.

reset_keyring
fake_start srv '{"deployment": "server", "users": [
	{"user": "alice", "secret": "s3cret", "display_name": "Alice Liddell"}]}' tls
make_ca
CA="--cacert=$TLS/ca.crt"
SRV="https://localhost:${FAKE_PORT[srv]}"
MYSELF=/rest/api/2/myself
DIR="$XDG_RUNTIME_DIR/jira-credential"
run "domain=$SRV\nusername=alice\npassword=s3cret\n" $JC store

# asks CASE [N]: how many requests Jira saw for N (default 2) validated
# gets in a row; the last one's stderr (with --verbose) is in $HOME/asks.err.
asks() {
	local n i
	n=$(fake_count srv "$MYSELF")
	for i in $(seq "${2:-2}"); do
		run '' timeout 20 $JC $CA --verbose --validate get "$SRV"
		[ "$RC" = 0 ] || record fail "validated get answers ($1)" "exit $RC: $ERR"
	done
	printf '%s' "$ERR" >"$HOME/asks.err"
	echo $(($(fake_count srv "$MYSELF") - n))
}

expect_eq "a cache of ours: the second check is answered from it" 1 "$(asks ours)"
entry=$(find "$DIR" -type f ! -name key | head -n 1)
expect_eq "entries are mode 0600" 600 "$(stat -c %a "$entry")"
expect_eq "the directory is mode 0700" 700 "$(stat -c %a "$DIR")"

# An entry that others may read (or that is not a regular file) is not
# trusted: Jira is asked, and a good entry replaces it.
chmod 644 "$entry"
expect_eq "an entry readable by others is not trusted" 1 "$(asks entry-mode 1)"
expect_contains "--verbose says why" "$(cat "$HOME/asks.err")" "not using the validation cache"
expect_eq "a good entry replaced it" 600 "$(stat -c %a "$entry")"
mv "$entry" "$HOME/elsewhere" && ln -s "$HOME/elsewhere" "$entry"
expect_eq "an entry that is a symlink is not trusted" 1 "$(asks entry-link 1)"
expect_eq "the link was replaced, not followed" "no" "$([ -L "$entry" ] && echo yes || echo no)"
rm -f "$DIR"/*-* "$HOME/elsewhere"

# The key: a FIFO must not hang a get; a link or a file of others is not used.
rm -f "$DIR/key"
mkfifo -m 600 "$DIR/key"
expect_eq "a FIFO as the key: no hang, Jira asked each time" 2 "$(asks key-fifo)"
expect_absent "a FIFO as the key: no time-out" "$ERR" "timeout"
rm -f "$DIR/key"
head -c 32 /dev/urandom >"$HOME/other-key" && chmod 600 "$HOME/other-key"
ln -s "$HOME/other-key" "$DIR/key"
expect_eq "a key that is a symlink is not used" 2 "$(asks key-link)"
rm -f "$DIR/key" "$DIR"/*-*
head -c 32 /dev/urandom >"$DIR/key" && chmod 600 "$DIR/key" && chown nobody "$DIR/key"
expect_eq "a key owned by another user is not used" 2 "$(asks key-owner)"
rm -f "$DIR/key" "$DIR"/*-*

# The directory itself.
chmod 777 "$DIR"
expect_eq "a directory writable by others is not used" 2 "$(asks dir-mode)"
expect_contains "--verbose names the directory" "$(cat "$HOME/asks.err")" "$DIR"
expect_eq "nothing written into it" "" "$(ls "$DIR")"
chmod 700 "$DIR" && chown nobody "$DIR"
expect_eq "a directory owned by another user is not used" 2 "$(asks dir-owner)"
chown "$(id -u)" "$DIR" && rmdir "$DIR" && ln -s "$HOME" "$DIR"
expect_eq "a directory that is a symlink is not used" 2 "$(asks dir-link)"
expect_eq "nothing written through the link" "" "$(ls "$HOME" | grep -E '^[0-9a-f]{16}-|^key$')"
rm -f "$DIR"
expect_eq "once it is ours again, the cache works" 1 "$(asks ours-again)"
