#!/bin/bash
# run.sh: the integration suite and the store contract suite.  Installs
# the build into a scratch PREFIX, then runs every tests/integration/t-*.sh
# and every tests/contract/*.sh (or those named as arguments) inside a
# private D-Bus session with its own unlocked gnome-keyring and a private
# HOME, so the user's own keyring is never touched.  Prints "N passed, N
# failed" and fails if anything failed.
#
# The contract suite (tests/contract/) is one set of files run once per
# store, each in a session of its own with JC_STORE set (lib.sh,
# store_setup): JC_STORES names the stores, by default "secretservice
# pass env" on gnome-keyring and "secretservice" on the other Secret
# Services (JC_BACKEND); a file's "# stores:" line names those it is for
# (env only reads).
#
# JC_INSTALLED=PREFIX runs it against the copy installed under PREFIX
# instead (the Debian package's autopkgtest: JC_INSTALLED=/usr).
#
# JC_VALGRIND=1 (make check-valgrind): every run of the helper, and of the
# validator it starts, goes through valgrind's memcheck; each process logs
# to vg/PID.log, which stays empty unless there is an error or a definite leak.
# Programs of /bin and /usr/bin that they start (exec's command, git, gpg)
# are not followed: neither their memory nor valgrind's descriptors in them
# are ours (t-exec counts the command's descriptors).
#
# JC_KEEP_LOGS=DIR: when a file has a failure, its backend's keyring.log
# (the test HOME goes at exit) is copied to DIR/t-NAME.XXXXXX.
set -u
# The suite's hostile texts are UTF-8 (bidi and C1 controls): it runs in
# C.UTF-8 whatever the caller's locale, a CI runner's bare C included.
export LC_ALL=C.UTF-8
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export JC_TEST_ROOT=$(mktemp -d /tmp/jc-it.XXXXXX)
trap 'rm -rf "$JC_TEST_ROOT"' EXIT

# JC_INSTALLED=PREFIX (the package's autopkgtest: /usr): test that
# installed copy instead of installing this tree's build.
if [ -n "${JC_INSTALLED:-}" ]; then
	JC_PREFIX=$JC_INSTALLED
	[ -x "$JC_PREFIX/bin/jira-credential" ] || {
		echo "run.sh: no $JC_PREFIX/bin/jira-credential to test" >&2
		exit 1
	}
else
	JC_PREFIX=$JC_TEST_ROOT/prefix
	make -s -C "$top" install PREFIX="$JC_PREFIX" >/dev/null || {
		echo "run.sh: make install failed" >&2
		exit 1
	}
fi
export JC_PREFIX JC_TOP="$top" JC_HERE="$here"
export PATH="$JC_PREFIX/bin:$PATH"

if [ -n "${JC_VALGRIND:-}" ]; then
	mkdir -p "$JC_TEST_ROOT/vgbin" "$JC_TEST_ROOT/vg"
	for name in jira-credential git-credential-jira; do
		printf '#!/bin/sh\nexec valgrind -q --num-callers=40 --trace-children=yes --trace-children-skip="/bin/*,/usr/bin/*" --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --suppressions="%s" --log-file="%s/%%p.log" "%s" "$@"\n' \
			"$top/tests/valgrind.supp" "$JC_TEST_ROOT/vg" "$JC_PREFIX/bin/$name" >"$JC_TEST_ROOT/vgbin/$name"
		chmod +x "$JC_TEST_ROOT/vgbin/$name"
	done
	export PATH="$JC_TEST_ROOT/vgbin:$PATH"
fi

if [ $# -eq 0 ]; then
	set -- "$here"/t-*.sh "$top"/tests/contract/*.sh
	# 48 helpers at once under memcheck outrun the 15 s keyring watchdog
	# by design: the concurrency test is about the keyring, not memory.
	[ -n "${JC_VALGRIND:-}" ] && set -- $(printf '%s\n' "$@" | grep -v concurrency.sh)
fi
if [ "${JC_BACKEND:-gnome-keyring}" = gnome-keyring ]; then
	stores=${JC_STORES:-secretservice pass env}
else
	stores=${JC_STORES:-secretservice}
fi
# contract_gpg_template DIR: a GNUPGHOME with one key without passphrase
# (fingerprint in DIR/fpr), made once per run for the pass store (lib.sh, store_setup).
contract_gpg_template() {
	mkdir -p -m 700 "$1"
	GNUPGHOME="$1" gpg --batch --passphrase '' --quick-gen-key \
		"contract <contract@test.invalid>" future-default default never >/dev/null 2>&1 &&
		GNUPGHOME="$1" gpg --list-keys --with-colons contract@test.invalid 2>/dev/null |
		awk -F: '/^fpr/ { print $10; exit }' >"$1/fpr"
	GNUPGHOME="$1" gpgconf --kill all 2>/dev/null
	[ -s "$1/fpr" ]
}

case " $stores " in
*" pass "*)
	contract_gpg_template "$JC_TEST_ROOT/gnupg-template" || {
		echo "run.sh: cannot make a gpg key for the pass store" >&2
		exit 1
	}
	;;
esac

# run_file FILE [STORE]: one file in a session of its own (a fresh bus and keyring).
run_file() {
	local t=$1 home failed rc
	home=$(mktemp -u "$JC_TEST_ROOT/home.XXXXXX")
	failed=$(grep -c '^fail' "$JC_TEST_ROOT/results" 2>/dev/null)
	JC_STORE=${2:-} timeout 900 bash -c '. "$1/tests/private-session.sh"; private_session "$2" bash "$3" "$4"' \
		_ "$top" "$home" "$here/session.sh" "$t"
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 1 ] || echo "fail: $(basename "$t")${2:+[$2]} ended with status $rc" >>"$JC_TEST_ROOT/results"
	# JC_KEEP_LOGS=DIR: a file that failed leaves its backend's log there.
	if [ -n "${JC_KEEP_LOGS:-}" ] && [ -f "$home/keyring.log" ] &&
		[ "$(grep -c '^fail' "$JC_TEST_ROOT/results" 2>/dev/null)" != "$failed" ]; then
		mkdir -p "$JC_KEEP_LOGS" &&
			cp "$home/keyring.log" "$(mktemp "$JC_KEEP_LOGS/$(basename "$t" .sh).XXXXXX")"
	fi
}

: >>"$JC_TEST_ROOT/results"
for t in "$@"; do
	t=$(cd "$(dirname "$t")" && pwd)/$(basename "$t")
	case $t in
	"$top"/tests/contract/*)
		for s in $stores; do
			grep -q "^# stores:.* $s\( \|$\)" "$t" && run_file "$t" "$s"
		done
		;;
	*) run_file "$t" ;;
	esac
done
if [ -n "${JC_VALGRIND:-}" ]; then
	for log in "$JC_TEST_ROOT"/vg/*.log; do
		[ -s "$log" ] || continue
		echo "fail: valgrind: $(basename "$log")" >>"$JC_TEST_ROOT/results"
		cat "$log" >&2
	done
	echo "valgrind: $(ls "$JC_TEST_ROOT/vg" | wc -l) processes checked" >&2
fi
pass=$(grep -c '^pass' "$JC_TEST_ROOT/results" 2>/dev/null)
fail=$(grep -c '^fail' "$JC_TEST_ROOT/results" 2>/dev/null)
grep '^fail' "$JC_TEST_ROOT/results" >&2
echo "integration: ${pass:-0} passed, ${fail:-0} failed"
[ "${fail:-0}" -eq 0 ] && [ "${pass:-0}" -gt 0 ]
