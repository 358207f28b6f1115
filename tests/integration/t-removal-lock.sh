# t-removal-lock.sh: the Secret Service's removals go one at a time, under
# a lock of our own in the runtime directory (KeePassXC 2.7.4 crashes on
# two deletes of one item at once, docs/backends.md).  The store contract
# under concurrency is tests/contract/concurrency.sh.

reset_keyring
# While another process holds it, a store that replaces a credential
# removes the older copy only after the holder let go.
LOCK="$XDG_RUNTIME_DIR/jira-credential.lock"
run 'domain=https://lock.example\nusername=u\npassword=lock-old\n' $JC store
rm -f "$HOME/held" "$HOME/released"
flock -x "$LOCK" -c "touch '$HOME/held'; sleep 2; touch '$HOME/released'" &
holder=$!
for _ in $(seq 100); do [ -e "$HOME/held" ] && break; sleep 0.1; done
run 'domain=https://lock.example\nusername=u\npassword=lock-new\n' $JC store
expect_rc "removal lock held: the store still completes" 0
[ -e "$HOME/released" ] && record pass "removal lock held: the older copy went after the holder let go" ||
	record fail "removal lock held: the older copy went after the holder let go" "the store did not wait"
wait "$holder"
expect_eq "removal lock held: exactly one item" 1 "$(keyring_attrs host lock.example | grep -c '^label')"
run 'protocol=https\nhost=lock.example\n' $JC get
expect_contains "removal lock held: the new secret answers" "$OUT" "password=lock-new"
# A lock path that is not a plain file of ours is not used: removals go on.
rm -f "$LOCK"
ln -s /dev/null "$LOCK"
run 'domain=https://lock.example\nusername=u\npassword=lock-newer\n' $JC store
expect_rc "lock path is a link: the store completes" 0
expect_eq "lock path is a link: exactly one item" 1 "$(keyring_attrs host lock.example | grep -c '^label')"
expect_eq "lock path is a link: left alone" /dev/null "$(readlink "$LOCK")"
rm -f "$LOCK"
