# t-session.sh: the encrypted session a get opens itself (helper/store/secretservice/ss_get.c),
# and keyring answers made by a proxy.  The secret crosses the bus
# encrypted ("dh-ietf1024-sha256-aes128-cbc-pkcs7", never "plain"); a
# session that cannot open, or a secret that never decrypts, is exit 3
# with one line, never a miss; a secret that does not decrypt is asked
# again on fresh sessions (kwalletd5, docs/backends.md); a call refused
# as gnome-keyring refuses a client it has not registered yet is sent
# once more.  tests/ssproxy/ssproxy.c stands between the helper and the
# keyring (SECRET_SERVICE_BUS_NAME) to make the faults.

reset_keyring
run 'domain=https://sess.example\nusername=u\npassword=tok-SESSION-1\n' $JC store
expect_rc "store" 0

# -- what the bus carries during a get
dbus-monitor --session >"$HOME/monitor.log" 2>&1 &
mon=$!
sleep 0.5
run 'protocol=https\nhost=sess.example\n' $JC get
sleep 0.5
kill $mon
wait $mon 2>/dev/null
expect_contains "get answers" "$OUT" "password=tok-SESSION-1"
bus=$(tr -s ' \n' ' ' <"$HOME/monitor.log")
expect_contains "the monitor saw the secret's answer" "$bus" "member=GetSecrets"
expect_contains "the session is the encrypted one" "$bus" \
	'member=OpenSession string "dh-ietf1024-sha256-aes128-cbc-pkcs7"'
expect_absent "no plain session" "$bus" 'string "plain"'
expect_absent "the secret is not on the bus as text" "$bus" "tok-SESSION-1"
hex=$(printf 'tok-SESSION' | od -An -tx1 | tr -s ' \n' ' ')
expect_absent "the secret is not on the bus as bytes" "$bus" "${hex% }"

# -- through a proxy that makes faults
cc -O1 -g -o "$HOME/ssproxy" "$JC_TOP/tests/ssproxy/ssproxy.c" \
	$(pkg-config --cflags --libs gio-2.0) || record fail "ssproxy builds"
PROXY_NAME=org.example.ssproxy

proxy_start() { # FAULT...
	rm -f "$HOME/proxy.log" "$HOME/proxy.out"
	"$HOME/ssproxy" "$PROXY_NAME" "$HOME/proxy.log" "$@" >"$HOME/proxy.out" &
	PROXY=$!
	for _ in $(seq 50); do
		grep -q ready "$HOME/proxy.out" 2>/dev/null && return 0
		sleep 0.1
	done
	record fail "ssproxy $* starts"
}
proxy_stop() {
	kill "$PROXY" 2>/dev/null
	wait "$PROXY" 2>/dev/null
}
# sessions: how many OpenSession the proxy passed on or refused, per algorithm
sessions() {
	grep -c "^OpenSession $1\$" "$HOME/proxy.log"
}
get_via_proxy() {
	(
		export SECRET_SERVICE_BUS_NAME=$PROXY_NAME
		run 'protocol=https\nhost=sess.example\n' $JC get
		printf '%s\n%s\n' "$RC" "$OUT" >"$HOME/via.out"
		printf '%s' "$ERR" >"$HOME/via.err"
	)
	RC=$(head -n 1 "$HOME/via.out")
	OUT=$(tail -n +2 "$HOME/via.out")
	ERR=$(cat "$HOME/via.err")
}
AES=dh-ietf1024-sha256-aes128-cbc-pkcs7

proxy_start
get_via_proxy
expect_rc "through the proxy: exit 0" 0
expect_contains "through the proxy: answered" "$OUT" "password=tok-SESSION-1"
expect_eq "through the proxy: one encrypted session" 1 "$(sessions $AES)"
proxy_stop

# Two answers that do not decrypt: the third session's does.
proxy_start garble=2
get_via_proxy
expect_rc "secret that did not decrypt twice: exit 0" 0
expect_contains "secret that did not decrypt twice: answered" "$OUT" "password=tok-SESSION-1"
expect_eq "secret that did not decrypt twice: three sessions" 3 "$(sessions $AES)"
proxy_stop

# Never decrypts: an error after four sessions, not a miss.
proxy_start garble=100
get_via_proxy
expect_rc "secret that never decrypts: exit 3" 3
expect_eq "secret that never decrypts: nothing answered" "" "$OUT"
expect_one_line_error "secret that never decrypts" tok-SESSION-1
expect_contains "secret that never decrypts: says so" "$ERR" "did not decrypt"
expect_eq "secret that never decrypts: four sessions" 4 "$(sessions $AES)"
proxy_stop

# A keyring that offers no encryption: exit 3, and no plain session asked.
proxy_start no-aes
get_via_proxy
expect_rc "no encrypted session: exit 3" 3
expect_eq "no encrypted session: nothing answered" "" "$OUT"
expect_one_line_error "no encrypted session" tok-SESSION-1
expect_contains "no encrypted session: says which call" "$ERR" "encrypted session"
expect_eq "no encrypted session: asked for the encrypted one" 1 "$(sessions $AES)"
expect_eq "no encrypted session: never plain" 0 "$(sessions plain)"
proxy_stop

# A keyring whose public key is not one (1): exit 3.
proxy_start bad-key
get_via_proxy
expect_rc "public key 1: exit 3" 3
expect_eq "public key 1: nothing answered" "" "$OUT"
expect_one_line_error "public key 1" tok-SESSION-1
expect_eq "public key 1: no secret asked" 0 "$(grep -c '^GetSecrets' "$HOME/proxy.log")"
proxy_stop

# A store goes through libsecret, which asks for "plain" when the keyring
# refuses the encrypted session: no secret is sent over it.
proxy_start no-aes
(
	export SECRET_SERVICE_BUS_NAME=$PROXY_NAME
	run 'domain=https://sess.example\nusername=u\npassword=tok-SESSION-2\n' $JC store
	expect_rc "store, no encrypted session: exit 3" 3
	expect_one_line_error "store, no encrypted session" tok-SESSION-2
)
expect_eq "store, no encrypted session: nothing created" 0 "$(grep -c '^CreateItem' "$HOME/proxy.log")"
expect_eq "store, no encrypted session: no secret asked" 0 "$(grep -c '^GetSecrets' "$HOME/proxy.log")"
proxy_stop
run 'protocol=https\nhost=sess.example\n' $JC get
expect_contains "store, no encrypted session: the credential is unchanged" "$OUT" "password=tok-SESSION-1"

# gnome-keyring 42 now and then answers a new client's first calls with
# "Method ... is not implemented" (docs/backends.md): each call that meets
# it is sent once more.  The get's first round trip (SearchItems and the
# collections) both refused, then every call of a store refused once.
proxy_start unknown=2
get_via_proxy
expect_rc "first calls refused as from an unknown client: exit 0" 0
expect_contains "first calls refused as from an unknown client: answered" "$OUT" \
	"password=tok-SESSION-1"
expect_eq "first calls refused: the search sent twice" 2 "$(grep -c '^SearchItems' "$HOME/proxy.log")"
proxy_stop
proxy_start unknown=100
get_via_proxy
expect_rc "calls always refused: exit 3" 3
expect_one_line_error "calls always refused" tok-SESSION-1
expect_contains "calls always refused: says what the keyring said" "$ERR" "is not implemented"
expect_eq "calls always refused: the search sent twice, no more" 2 \
	"$(grep -c '^SearchItems' "$HOME/proxy.log")"
proxy_stop
