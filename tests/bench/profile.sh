#!/bin/bash
# profile.sh: where a plain get spends its time, for docs/performance.md.
# Runs in bench.sh's private session (bench.sh --profile): D-Bus messages
# per get (dbus-monitor), system calls (strace -c), instructions
# (valgrind --tool=callgrind, repeatable on a noisy machine), for
# jira-credential and the reference git-credential-libsecret.
set -u
GET='protocol=https\nhost=jira.bench.example\n'
out="$HOME/profile"
mkdir -p "$out"
printf 'domain=https://jira.bench.example\nusername=bob@example.com\npassword=tok-bench\n' | jira-credential store
[ -n "$JC_REF" ] && printf 'protocol=https\nhost=jira.bench.example\nusername=bob@example.com\npassword=tok-bench\n' | "$JC_REF" store

# D-Bus method calls of each of git's calls (hit, miss, store of the stored
# credential, erase that finds nothing), for both helpers.
MISS='protocol=https\nhost=github.com\n'
calls() { # who action input label
	dbus-monitor --session "sender='org.freedesktop.secrets'" "destination='org.freedesktop.secrets'" >"$out/calls.dbus" 2>/dev/null &
	local mon=$!
	sleep 0.3
	printf "$3" | "$1" "$2" >/dev/null
	sleep 0.3
	kill $mon
	echo "$(basename "$1") $4: $(grep '^method call' "$out/calls.dbus" | grep -v 'member=\(Hello\|AddMatch\|RemoveMatch\|GetNameOwner\|StartServiceByName\)' | sed -n 's/.*member=\([A-Za-z]*\).*/\1/p' | sort | uniq -c | tr -s ' \n' ' ')"
}
for who in jira-credential ${JC_REF:+"$JC_REF"}; do
	calls "$who" get "$GET" "get, hit"
	calls "$who" get "$MISS" "get, miss"
	if [ "$who" = jira-credential ]; then
		calls "$who" store 'domain=https://jira.bench.example\nusername=bob@example.com\npassword=tok-bench\n' "store, stored"
	else
		calls "$who" store 'protocol=https\nhost=jira.bench.example\nusername=bob@example.com\npassword=tok-bench\n' "store, stored"
	fi
	calls "$who" erase "$MISS" "erase, miss"
done

for who in jira-credential ${JC_REF:+"$JC_REF"}; do
	name=$(basename "$who")
	echo "== $name"
	dbus-monitor --session "sender='org.freedesktop.secrets'" "destination='org.freedesktop.secrets'" >"$out/$name.dbus" 2>/dev/null &
	mon=$!
	sleep 0.3
	printf "$GET" | "$who" get >/dev/null
	sleep 0.3
	kill $mon
	echo "D-Bus method calls to the Secret Service: $(grep -c '^method call.*destination=org.freedesktop.secrets\|^method call.*destination=:' "$out/$name.dbus")"
	grep '^method call' "$out/$name.dbus" | sed -n 's/.*member=\([A-Za-z]*\).*/  \1/p' | sort | uniq -c
	printf "$GET" | strace -f -c -o "$out/$name.strace" "$who" get >/dev/null
	echo "system calls: $(awk '$NF == "total" {print $4}' "$out/$name.strace")"
	printf "$GET" | strace -f -e trace=openat -o "$out/$name.open" "$who" get >/dev/null
	echo "shared objects opened: $(grep -c '\.so.*= [0-9]' "$out/$name.open")"
	printf "$GET" | valgrind --tool=callgrind --callgrind-out-file="$out/$name.cg" "$who" get >/dev/null 2>"$out/$name.cg.log"
	echo "instructions: $(sed -n 's/.*Collected : //p' "$out/$name.cg.log")"
	# libgcrypt's exponentiation (libsecret's session) or GMP's (the get's own, helper/store/secretservice/ss_crypto.c)
	echo "instructions in the Diffie-Hellman exchange: $(callgrind_annotate --inclusive=yes "$out/$name.cg" 2>/dev/null | awk '/gcry_mpi_powm|__gmpn_sec_powm/ {print $1, $2, $3; exit}')"
done
