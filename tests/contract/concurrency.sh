# t-concurrency.sh: many helpers at once on one keyring.  24 stores of
# different users while 24 gets run: none lost, every get right.  16 stores
# of the same credential: exactly one item survives, holding one of them.

# How many at once: KeePassXC 2.7.4 crashes (SIGSEGV) under a few dozen
# simultaneous clients, a defect of its own (docs/backends.md), so its
# backend file sets a smaller number; the rules checked are the same.
P=${JC_CONCURRENCY:-24}
Q=${JC_CONCURRENCY:-16}
E=${JC_CONCURRENT_DELETES:-4}

reset_keyring
run 'domain=https://busy.example\nusername=reader\npassword=read-me\n' $JC store
mkdir -p "$HOME/par"
pids=() # (a bare 'wait' would also wait for the keyring daemon)
for i in $(seq $P); do
	printf 'domain=https://busy.example\nusername=user%d\npassword=secret-%d\n' "$i" "$i" |
		$JC store 2>"$HOME/par/store-$i.err" &
	pids+=($!)
	printf 'protocol=https\nhost=busy.example\nusername=reader\n' |
		$JC get >"$HOME/par/get-$i.out" 2>"$HOME/par/get-$i.err" &
	pids+=($!)
done
wait "${pids[@]}"
lost=0 wrong=0
for i in $(seq $P); do
	run "protocol=https\nhost=busy.example\nusername=user$i\n" $JC get
	case $OUT in *"password=secret-$i"*) ;; *) lost=$((lost + 1)) ;; esac
	grep -q '^password=read-me$' "$HOME/par/get-$i.out" || wrong=$((wrong + 1))
done
expect_eq "$P parallel stores: none lost" 0 "$lost"
expect_eq "$P parallel gets: all answered right" 0 "$wrong"
expect_eq "$P parallel stores: no error" "" "$(cat "$HOME"/par/*.err)"
expect_eq "$((P + 1)) items, no duplicates" $((P + 1)) "$(count_items)"

for i in $(seq $Q); do
	printf 'domain=https://same.example\nusername=same\npassword=same-%d\n' "$i" |
		$JC store 2>"$HOME/par/same-$i.err" &
	pids+=($!)
done
wait "${pids[@]}"
expect_eq "$Q parallel stores of one credential: exactly one item" 1 \
	"$(keyring_attrs host same.example | grep -c '^label')"
run 'protocol=https\nhost=same.example\n' $JC get
case $OUT in
*"password=same-"*) record pass "$Q parallel stores: the survivor is one of them" ;;
*) record fail "$Q parallel stores: the survivor is one of them" "$OUT" ;;
esac
expect_eq "$Q parallel stores: no error" "" "$(cat "$HOME"/par/same-*.err)"

# Concurrent erases of one item: the losers find it gone, which counts as
# erased (exit 0, no message); ten rounds of four make the race likely.
bad=0
for round in $(seq 10); do
	run "domain=https://gone.example\nusername=u\npassword=p$round\n" $JC store
	epids=()
	for i in $(seq "$E"); do
		printf 'protocol=https\nhost=gone.example\n' |
			$JC erase 2>"$HOME/par/erase-$round-$i.err" &
		epids+=($!)
	done
	for p in "${epids[@]}"; do wait "$p" || bad=$((bad + 1)); done
done
expect_eq "concurrent erases of one item: every one exits 0" 0 "$bad"
expect_eq "concurrent erases: no error message" "" "$(cat "$HOME"/par/erase-*.err)"
expect_eq "concurrent erases: the item is gone" 0 "$(keyring_attrs host gone.example | grep -c '^label')"

# Removals go one at a time, under a lock of our own in the runtime
# directory (KeePassXC 2.7.4 crashes on two deletes of one item at once).
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
