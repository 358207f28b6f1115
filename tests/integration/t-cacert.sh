# t-cacert.sh: the CA certificates validation trusts: --cacert, else the
# ones a user already set for curl (CURL_CA_BUNDLE alone, else
# SSL_CERT_FILE and SSL_CERT_DIR), else for git (GIT_SSL_CAINFO,
# GIT_SSL_CAPATH), else the system's; a file or directory they name that
# is not there is a one-line error, exit 2, and nothing is sent.

reset_keyring
unset CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR GIT_SSL_CAINFO GIT_SSL_CAPATH
fake_start srv '{"deployment": "server", "users": [{"user": "alice", "secret": "ca-s3cret"}]}' tls
SRV="https://localhost:${FAKE_PORT[srv]}"
run "domain=$SRV\nusername=alice\npassword=ca-s3cret\n" $JC store
# The test CA as a hashed directory (c_rehash's layout), and a CA that signed nothing here.
mkdir -p "$HOME/ca-dir"
cp "$TLS/ca.crt" "$HOME/ca-dir/test-ca.pem"
ln -s test-ca.pem "$HOME/ca-dir/$(openssl x509 -hash -noout -in "$TLS/ca.crt").0"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$HOME/other.key" \
	-out "$HOME/other-ca.crt" -days 2 -subj "/CN=another CA" >/dev/null 2>&1
OTHER="$HOME/other-ca.crt"

# validate [ENV...]: get --validate (never from the cache) with these variables
validate() {
	run '' env "$@" $JC --cache-ttl=0 --validate get "$SRV"
}

validate
expect_rc "no CA given: the system's, which do not know the test CA" 5
expect_contains "no CA given: says to give one" "$ERR" "--cacert=FILE"

validate CURL_CA_BUNDLE="$TLS/ca.crt"
expect_rc "CURL_CA_BUNDLE" 0
expect_contains "CURL_CA_BUNDLE: the credential answered" "$OUT" "password=ca-s3cret"
validate SSL_CERT_FILE="$TLS/ca.crt"
expect_rc "SSL_CERT_FILE" 0
validate SSL_CERT_DIR="$HOME/ca-dir"
expect_rc "SSL_CERT_DIR" 0
validate GIT_SSL_CAINFO="$TLS/ca.crt"
expect_rc "GIT_SSL_CAINFO" 0
validate GIT_SSL_CAPATH="$HOME/ca-dir"
expect_rc "GIT_SSL_CAPATH" 0
run '' env CURL_CA_BUNDLE="$TLS/ca.crt" $JC --cache-ttl=0 --verbose --validate get "$SRV"
expect_contains "--verbose says which CA bundle, and whose" "$ERR" "CA bundle: $TLS/ca.crt (CURL_CA_BUNDLE)"

# The order: --cacert, CURL_CA_BUNDLE (alone), SSL_CERT_*, GIT_SSL_*.
run '' env CURL_CA_BUNDLE="$OTHER" $JC --cacert="$TLS/ca.crt" --cache-ttl=0 --validate get "$SRV"
expect_rc "--cacert before CURL_CA_BUNDLE" 0
validate CURL_CA_BUNDLE="$OTHER" SSL_CERT_FILE="$TLS/ca.crt"
expect_rc "CURL_CA_BUNDLE before SSL_CERT_FILE" 5
expect_contains "a TLS failure names whose CA certificates it trusted" "$ERR" \
	"trusting the CA certificates of CURL_CA_BUNDLE"
validate CURL_CA_BUNDLE="$OTHER" SSL_CERT_DIR="$HOME/ca-dir"
expect_rc "CURL_CA_BUNDLE alone: SSL_CERT_DIR is not read beside it" 5
validate SSL_CERT_FILE="$OTHER" GIT_SSL_CAINFO="$TLS/ca.crt"
expect_rc "SSL_CERT_FILE before GIT_SSL_CAINFO" 5
validate SSL_CERT_DIR="$HOME/ca-dir" GIT_SSL_CAINFO="$OTHER"
expect_rc "SSL_CERT_DIR before GIT_SSL_CAINFO" 0
validate SSL_CERT_FILE="$OTHER" SSL_CERT_DIR="$HOME/ca-dir"
expect_rc "SSL_CERT_FILE and SSL_CERT_DIR together, as curl takes them" 0
validate CURL_CA_BUNDLE= SSL_CERT_FILE="$TLS/ca.crt"
expect_rc "an empty variable is an unset one" 0

# What they name must be there: one line, exit 2, nothing sent to Jira.
for bad in "CURL_CA_BUNDLE=$HOME/no-such.pem" "SSL_CERT_FILE=$HOME/no-such.pem" \
	"SSL_CERT_DIR=$HOME/no-such-dir" "GIT_SSL_CAINFO=$HOME/no-such.pem" \
	"GIT_SSL_CAPATH=$HOME/no-such-dir" "SSL_CERT_FILE=$HOME/ca-dir"; do
	name=${bad%%=*}
	fake_clear_log srv
	validate "$bad"
	expect_rc "$bad: exit 2" 2
	expect_one_line_error "$bad" ca-s3cret
	expect_contains "$bad: names the variable and the path" "$ERR" "$name names ${bad#*=}"
	expect_eq "$bad: nothing sent" 0 "$(fake_count srv .)"
done
fake_clear_log srv
run '' $JC --cacert="$HOME/no-such.pem" --cache-ttl=0 --validate get "$SRV"
expect_rc "--cacert naming nothing: exit 2" 2
expect_contains "--cacert naming nothing: says so" "$ERR" "--cacert names $HOME/no-such.pem"
expect_eq "--cacert naming nothing: nothing sent" 0 "$(fake_count srv .)"

# store --validate and login validate the same way.
run "domain=$SRV\nusername=alice\npassword=ca-s3cret\n" env SSL_CERT_FILE="$TLS/ca.crt" $JC --validate store
expect_rc "store --validate with SSL_CERT_FILE" 0
