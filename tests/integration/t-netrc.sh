# t-netrc.sh: import-netrc reads netrc files as curl 7.84+ does, and reads
# only what a netrc file can be: a regular file (links followed) of at most
# 128 KiB; never a device, never a FIFO (and never blocks on one).

reset_keyring
# A guard against a hang, not a timing assertion: a blocked read fails the case.
imp() { run '' timeout 60 $JC import-netrc "$1"; }

imp /dev/zero
expect_rc "/dev/zero refused" 2
expect_contains "/dev/zero: says it is not a regular file" "$ERR" "not a regular file"
expect_one_line_error "/dev/zero"
ln -sf /dev/zero "$HOME/zero-link"
imp "$HOME/zero-link"
expect_rc "a link to /dev/zero refused" 2

mkfifo "$HOME/netrc-fifo"
imp "$HOME/netrc-fifo"
expect_rc "a FIFO refused without blocking" 2
expect_contains "FIFO: says it is not a regular file" "$ERR" "not a regular file"

{
	echo "machine big.example login big password tok-BIG"
	head -c 140000 /dev/zero | tr '\0' ' '
} >"$HOME/big-netrc"
imp "$HOME/big-netrc"
expect_rc "a file over 128 KiB refused" 2
expect_contains "too large: says so" "$ERR" "128 KiB"
expect_eq "nothing imported from a refused file" 0 "$(count_items)"

# A link to a regular file is read (netrc files live in dotfiles repositories).
printf 'machine link.example login l password tok-LINK\n' >"$HOME/real-netrc"
ln -sf "$HOME/real-netrc" "$HOME/link-netrc"
imp "$HOME/link-netrc"
expect_rc "a link to a regular file is read" 0
run '' $JC --format=header get https://link.example
expect_eq "linked file imported" "Authorization: Basic $(printf l:tok-LINK | base64 -w0)" "$OUT"

# curl's rules: keywords in any case, unknown words skipped, \t in quotes is a tab.
reset_keyring
cat >"$HOME/rules-netrc" <<'EOT'
MACHINE case.example LOGIN c PASSWORD tok-CASE
machine words.example port 8443 login w protocol https password tok-WORDS
machine tab.example login t password "a\tb"
machine first.example login one password tok-FIRST
machine FIRST.example login one password tok-SECOND
machine first.example login two password tok-THIRD
EOT
imp "$HOME/rules-netrc"
expect_rc "import by curl's rules" 0
expect_contains "import: one duplicate skipped" "$ERR" \
	"skipped 1 later entry for a machine and login named before"
run '' $JC --format=header get https://case.example
expect_eq "keywords in any case" "Authorization: Basic $(printf c:tok-CASE | base64 -w0)" "$OUT"
run '' $JC --format=header get https://words.example
expect_eq "unknown words skipped" "Authorization: Basic $(printf w:tok-WORDS | base64 -w0)" "$OUT"
run '' $JC --format=json get https://tab.example
expect_eq "\\t in quotes is a tab" "$(printf 'a\tb')" \
	"$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])')"
# curl uses the first entry for a machine and login: so must get after
# the import.  Another login for the same machine is another credential,
# imported too; a lookup that names no user still gets the first entry.
run '' $JC --format=header get https://first.example
expect_eq "the first entry for a machine wins a lookup without a login" \
	"Authorization: Basic $(printf one:tok-FIRST | base64 -w0)" "$OUT"
run 'protocol=https\nhost=first.example\nusername=one\n' $JC get
expect_contains "the first entry for a machine and login wins" "$OUT" "password=tok-FIRST"
run 'protocol=https\nhost=first.example\nusername=two\n' $JC get
expect_contains "a second login for the same machine is imported" "$OUT" "password=tok-THIRD"
run '' $JC list
expect_eq "both logins of the machine are listed" 2 "$(printf '%s\n' "$OUT" | grep -c '^https://first.example ')"

printf 'machine q.example login u password "unterminated\n' >"$HOME/bad-quote"
imp "$HOME/bad-quote"
expect_rc "an unterminated quote refuses the file" 2
expect_contains "unterminated quote: says where" "$ERR" "line 1"
