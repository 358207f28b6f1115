# t-escape.sh: bytes that came from the keyring, a file or a server reach
# the terminal made harmless, in the main program's own messages and
# lines: list (table and JSON), import-netrc's warnings, login's greeting,
# doctor; C1, bidi and invisible characters as well as C0 controls.
# (The validator's messages and trace are t-validate.sh's.)

reset_keyring
ESC=$(printf '\033')
BEL=$(printf '\007')
C1=$(printf '\302\233') # U+009B, CSI as one character

# raw_controls TEXT: whether TEXT holds ESC, BEL or a C1 CSI (prints yes/no)
raw_controls() {
	case $1 in *"$ESC"* | *"$BEL"* | *"$C1"*) echo yes ;; *) echo no ;; esac
}

# A username with an OSC 52 clipboard write, a screen clear and a C1 CSI.
evil_user=$(printf 'ev\033]52;c;SGk=\007il\033[2J\302\2332Jx')
run "protocol=https\nhost=jira.corp.example\nusername=$evil_user\npassword=pw\n" $JC store
expect_rc "a username with control characters is stored as given" 0
run 'protocol=https\nhost=jira.corp.example\n' $JC get
expect_contains "and answered as given (it is the credential, not a message)" "$OUT" "username=$evil_user"

run '' $JC list
expect_eq "list: no raw control character" no "$(raw_controls "$OUT")"
expect_contains "list: ESC shown as \\x1b" "$OUT" 'ev\x1b]52;c;SGk=\x07il\x1b[2J'
run '' $JC --format=json list
expect_eq "list --format=json: no raw control character" no "$(raw_controls "$OUT")"
got=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["username"] == sys.argv[1])' "$evil_user")
expect_eq "list --format=json: the username reads back exactly" True "$got"

# import-netrc: machine names from the file, in its warnings.
printf 'machine evil\033[2J.example login u\nmachine ok.example login u password "p"\n' >"$HOME/evil-netrc"
run '' $JC import-netrc "$HOME/evil-netrc"
expect_rc "import-netrc with a hostile machine name" 0
expect_eq "import-netrc: warnings hold no raw control character" no "$(raw_controls "$ERR$OUT")"
expect_contains "import-netrc: the machine is shown escaped" "$ERR" 'evil\x1b[2J.example'

# login: the display name and email come from Jira.
fake_start srv '{"deployment": "server", "users": [
	{"user": "alice", "secret": "s3cret", "display_name": "Al\u001b]52;c;SGk=\u0007ice\u009b2J", "email": "a\u001b[31m@example.com"}]}' tls
SRV="https://localhost:${FAKE_PORT[srv]}"
printf 'alice\ns3cret\n' >"$HOME/answers"
OUT=$(python3 "$JC_HERE/pty-run.py" "$HOME/answers" $JC --cacert="$TLS/ca.crt" login "$SRV")
RC=$?
expect_rc "login with a hostile display name" 0
expect_eq "login: the greeting holds no raw control character" no "$(raw_controls "$OUT")"
expect_contains "login: the display name is shown escaped" "$OUT" 'Al\x1b]52;c;SGk=\x07ice\u009b2J'
expect_contains "login: the email is shown escaped" "$OUT" 'a\x1b[31m@example.com'

# doctor: every line goes through the one escaping function.  A keyring
# attribute (another program's item: the user and api_base attributes)
# and Jira's displayName carry C1 controls (CSI U+009B), bidi controls
# (U+202E, U+2067, U+200F) and invisible characters (U+200B, U+FEFF).
CSI1=$(printf '\302\233')
RLO=$(printf '\342\200\256')
RLI=$(printf '\342\201\247')
RLM=$(printf '\342\200\217')
ZWSP=$(printf '\342\200\213')
BOM=$(printf '\357\273\277')
# hidden TEXT: whether TEXT holds any of them, or ESC/BEL (prints yes/no)
hidden() {
	case $1 in
	*"$ESC"* | *"$BEL"* | *"$CSI1"* | *"$RLO"* | *"$RLI"* | *"$RLM"* | *"$ZWSP"* | *"$BOM"*) echo yes ;;
	*) echo no ;;
	esac
}
printf 'attr-pw' | keyring_store "Jira: attr" protocol https host attr.example path '' \
	user "gro.live${RLO}@bob${ZWSP}" type server stored 1 \
	api_base "https://gw.example/${CSI1}2J${BOM}"
run '' $JC doctor attr.example
expect_rc "doctor with a hostile keyring attribute" 0
expect_eq "doctor: no raw control, bidi or invisible character" no "$(hidden "$OUT$ERR")"
expect_contains "doctor: the user attribute shown escaped" "$OUT" 'user:     gro.live\u202e@bob\u200b'
expect_contains "doctor: the api_base attribute shown escaped" "$OUT" 'api_base: https://gw.example/\u009b2J\ufeff'
run '' $JC list
expect_eq "list: no raw bidi or invisible character" no "$(hidden "$OUT$ERR")"
expect_contains "list: the user shown escaped" "$OUT" 'gro.live\u202e@bob\u200b'
run '' $JC --format=json list
expect_eq "list --format=json: no raw bidi or invisible character" no "$(hidden "$OUT")"
got=$(printf '%s' "$OUT" | python3 -c 'import json,sys
print(any(e["username"] == sys.argv[1] for e in json.load(sys.stdin)))' "gro.live${RLO}@bob${ZWSP}")
expect_eq "list --format=json: the user reads back exactly" True "$got"

fake_config srv '{"deployment": "server", "users": [
	{"user": "carol", "secret": "c4rol", "display_name": "Ca\u009b2J\u202erol\u2067x\u200f\u200by\ufeff"}]}'
run "domain=$SRV\nusername=carol\npassword=c4rol\n" $JC store
run '' $JC --cacert="$TLS/ca.crt" --validate --cache-ttl=0 doctor "$SRV"
expect_rc "doctor --validate with a hostile displayName" 0
expect_eq "doctor --validate: no raw control, bidi or invisible character" no "$(hidden "$OUT$ERR")"
expect_contains "doctor --validate: displayName shown escaped" "$OUT" \
	'accepted, as Ca\u009b2J\u202erol\u2067x\u200f\u200by\ufeff'
