# concurrency.sh: many helpers at once on one store, for every store that
# writes.  24 stores of different users (12 in a password store) while as
# many gets run: none lost, every get right, no error (the password
# store's processes take turns under its lock, for a bounded time).  16
# stores of the same credential (12): exactly one survives, holding one of
# them.  Concurrent erases of one.
# stores: secretservice pass

# How many at once: KeePassXC 2.7.4 crashes (SIGSEGV) under a few dozen
# simultaneous clients, a defect of its own (docs/backends.md), so its
# backend file sets a smaller number; the rules checked are the same.
# The password store's stores take turns, each holding the lock for a gpg
# encryption and a git commit: a dozen at once is what the lock's bounded
# wait (12 s) is for, so that many, not more, on a slow or busy machine.
P=${JC_CONCURRENCY:-24}
Q=${JC_CONCURRENCY:-16}
if [ "${JC_STORE:-}" = pass ] && [ -z "${JC_CONCURRENCY:-}" ]; then
	P=12 Q=12
fi
E=${JC_CONCURRENT_DELETES:-4}

store_reset
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
expect_eq "$((P + 1)) items, no duplicates" $((P + 1)) "$(store_count)"

for i in $(seq $Q); do
	printf 'domain=https://same.example\nusername=same\npassword=same-%d\n' "$i" |
		$JC store 2>"$HOME/par/same-$i.err" &
	pids+=($!)
done
wait "${pids[@]}"
expect_eq "$Q parallel stores of one credential: exactly one item" 1 "$(store_count same.example)"
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
expect_eq "concurrent erases: the item is gone" 0 "$(store_count gone.example)"

