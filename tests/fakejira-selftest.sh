#!/bin/bash
# Self-test for tests/fakejira.py: starts the fake over HTTP (Server/DC mode)
# and HTTPS (Cloud mode, throwaway CA), drives every behaviour with curl and
# checks status codes, key headers and the request log.
set -eu

FAKE="$(cd "$(dirname "$0")" && pwd)/fakejira.py"
T=$(mktemp -d)
declare -A URL COUNT PID
pass=0
fail=0

cleanup() {
    for name in "${!PID[@]}"; do
        kill "${PID[$name]}" 2>/dev/null || true
    done
    [ -n "${KEEP:-}" ] && echo "kept $T" >&2 || rm -rf "$T"
}
trap cleanup EXIT

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() {     # NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok; else bad "$1: expected '$2', got '$3'"; fi
}
contains() {  # NAME HAYSTACK NEEDLE
    case "$2" in *"$3"*) ok ;; *) bad "$1: '$3' not in '$2'" ;; esac
}
absent() {    # NAME HAYSTACK NEEDLE
    case "$2" in *"$3"*) bad "$1: '$3' unexpectedly in '$2'" ;; *) ok ;; esac
}

# write_config NAME JSON: atomic, as a careful test would
write_config() {
    printf '%s\n' "$2" > "$T/$1.json.tmp"
    mv "$T/$1.json.tmp" "$T/$1.json"
}

# start NAME [extra fakejira args...]
start() {
    local name=$1
    shift
    python3 "$FAKE" --port-file "$T/$name.port" --log "$T/$name.log" \
        --config "$T/$name.json" "$@" 2>"$T/$name.err" &
    PID[$name]=$!
    COUNT[$name]=0
    for _ in $(seq 100); do
        [ -s "$T/$name.port" ] && break
        sleep 0.1
    done
    local port
    port=$(cat "$T/$name.port")
    case "$*" in
        *--tls-cert*) URL[$name]="https://127.0.0.1:$port" ;;
        *) URL[$name]="http://127.0.0.1:$port" ;;
    esac
    HOSTPORT[$name]="127.0.0.1:$port"
}
declare -A HOSTPORT

# req NAME PATH [curl args...]: sets CODE; headers in $T/h, body in $T/b
req() {
    local name=$1 path=$2
    shift 2
    CODE=$(curl -s -D "$T/h" -o "$T/b" -w '%{http_code}' --cacert "$T/ca.crt" \
        "$@" "${URL[$name]}$path") || true
    COUNT[$name]=$((COUNT[$name] + 1))
}
hdr()  { grep -i "^$1:" "$T/h" | head -n1 | cut -d: -f2- | sed 's/^ *//' | tr -d '\r' || true; }
body() { cat "$T/b"; }

# check_log NAME: one valid JSON line per request
check_log() {
    local n
    n=$(python3 -c 'import json,sys
lines = open(sys.argv[1]).read().splitlines()
for l in lines:
    e = json.loads(l)
    assert set(e) - {"body"} == {"time", "method", "path", "host", "headers", "status"}, e
print(len(lines))' "$T/$1.log") || n="unparsable"
    check "log $1 has one line per request" "${COUNT[$1]}" "$n"
}

# ---------------------------------------------------------------- throwaway CA
cd "$T"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout ca.key -out ca.crt -days 2 -subj "/CN=Fake Jira Test CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout srv.key -out srv.csr -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > srv.ext
openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -out srv.crt -days 2 -extfile srv.ext 2>/dev/null
# a client certificate the CA signed, and one it did not
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout cli.key -out cli.csr -subj "/CN=alice" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' > cli.ext
openssl x509 -req -in cli.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -out cli.crt -days 2 -extfile cli.ext 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout rogue.key -out rogue.crt -days 2 -subj "/CN=rogue" 2>/dev/null
cd - >/dev/null

# ================================================================ Server/DC over HTTP
SERVER_CFG='{"deployment": "server", "context_path": "/jira", "users": [
  {"user": "alice", "secret": "pw:with:colons", "display_name": "Alice"},
  {"user": "carol", "secret": "pw", "captcha": true},
  {"user": "dave", "secret": "newpw", "valid_after": 3600},
  {"token": "pat-123", "user": "alice", "display_name": "Alice"}]}'
write_config srv "$SERVER_CFG"
start srv
S=${HOSTPORT[srv]}

req srv /jira/rest/api/2/serverInfo
check "server serverInfo" 200 "$CODE"
contains "server serverInfo deploymentType" "$(body)" '"deploymentType": "Server"'
contains "server serverInfo baseUrl" "$(body)" "\"baseUrl\": \"http://$S/jira\""
contains "server serverInfo version" "$(body)" '"9.12.0"'

req srv /jira/rest/api/2/myself
check "server anonymous myself" 401 "$CODE"
check "server anonymous X-AUSERNAME" anonymous "$(hdr X-AUSERNAME)"
contains "server anonymous body" "$(body)" '"status-code": 401'

req srv /jira/rest/api/2/myself -u 'alice:pw:with:colons'
check "server basic ok" 200 "$CODE"
check "server basic ok reason" OK "$(hdr X-Seraph-LoginReason)"
check "server basic ok user" alice "$(hdr X-AUSERNAME)"
contains "server basic ok name" "$(body)" '"name": "alice"'
contains "server basic ok key" "$(body)" '"key": "alice"'

req srv /jira/rest/api/2/myself -u 'alice:wrong'
check "server bad password" 401 "$CODE"
check "server bad password reason" AUTHENTICATED_FAILED "$(hdr X-Seraph-LoginReason)"
contains "server bad password body" "$(body)" "Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"
contains "server bad password html" "$(hdr Content-Type)" "text/html"

req srv /jira/rest/api/2/myself -u 'Alice:pw:with:colons'
check "server user is case-sensitive" 401 "$CODE"

req srv /jira/rest/api/2/myself -H 'Authorization: Bearer pat-123'
check "server PAT ok" 200 "$CODE"
check "server PAT user" alice "$(hdr X-AUSERNAME)"
contains "server PAT body" "$(body)" '"displayName": "Alice"'

req srv /jira/rest/api/2/myself -H 'Authorization: Bearer nope'
check "server bad PAT" 401 "$CODE"
check "server bad PAT has no Seraph reason" "" "$(hdr X-Seraph-LoginReason)"
contains "server bad PAT body" "$(body)" '"message": "Client must be authenticated to access this resource."'

req srv /jira/rest/api/2/myself -u 'alice:pat-123'
check "server PAT as Basic password fails" 401 "$CODE"

req srv /jira/rest/api/2/myself -u 'carol:pw'
check "server captcha right password" 403 "$CODE"
check "server captcha reason" AUTHENTICATION_DENIED "$(hdr X-Seraph-LoginReason)"
check "server captcha denied reason" "CAPTCHA_CHALLENGE; login-url=http://$S/jira/login.jsp" \
    "$(hdr X-Authentication-Denied-Reason)"
req srv /jira/rest/api/2/myself -u 'carol:wrong'
check "server captcha wrong password" 403 "$CODE"

req srv /rest/api/2/myself -u 'alice:pw:with:colons'
check "server wrong context path" 302 "$CODE"
check "server wrong context Location" "http://$S/jira/rest/api/2/myself" "$(hdr Location)"

req srv '/jira/rest/api/2/project?expand=x' -u 'alice:pw:with:colons'
check "server other rest path" 200 "$CODE"
contains "server other rest body" "$(body)" '"path": "/jira/rest/api/2/project?expand=x"'
req srv /jira/rest/api/2/project
check "server other rest path anonymous" 401 "$CODE"
req srv /jira/rest/api/2/issue -X POST -d '{"a":1}' -H 'Authorization: Bearer pat-123'
check "server POST with body" 200 "$CODE"
req srv /jira/secure/Dashboard.jspa
check "server unknown path" 404 "$CODE"
req srv /_edge/tenant_info
check "server has no tenant_info" 302 "$CODE"
req srv /jira/rest/api/2/myself -H 'Authorization: Basic !!notbase64'
check "server undecodable Basic" 401 "$CODE"
check "server undecodable Basic reason" AUTHENTICATED_FAILED "$(hdr X-Seraph-LoginReason)"
req srv /jira/rest/api/2/serverInfo -u 'alice:wrong'
check "serverInfo with bad credential still 200" 200 "$CODE"
check "serverInfo with bad credential reason" AUTHENTICATED_FAILED "$(hdr X-Seraph-LoginReason)"

# valid_after, edited while the server runs
req srv /jira/rest/api/2/myself -u 'dave:newpw'
check "server new password not yet valid" 401 "$CODE"
check "server new password reason" AUTHENTICATED_FAILED "$(hdr X-Seraph-LoginReason)"
write_config srv "${SERVER_CFG/\"valid_after\": 3600/\"valid_after\": 0}"
req srv /jira/rest/api/2/myself -u 'dave:newpw'
check "server new password after config edit" 200 "$CODE"

# scenarios, edited while the server runs
write_config srv '{"deployment": "server", "context_path": "/jira", "users": [{"user": "alice", "secret": "pw"}],
  "scenario": {"kind": "ratelimit", "count": 2, "retry_after": 3, "status": 429}}'
req srv /jira/rest/api/2/serverInfo
check "ratelimit spares other paths" 200 "$CODE"
req srv /jira/rest/api/2/myself -u alice:pw
check "ratelimit 1st" 429 "$CODE"
check "ratelimit Retry-After" 3 "$(hdr Retry-After)"
check "ratelimit Remaining" 0 "$(hdr X-RateLimit-Remaining)"
check "ratelimit Reason" jira-burst-based "$(hdr RateLimit-Reason)"
contains "ratelimit Reset is ISO 8601" "$(hdr X-RateLimit-Reset)" "T"
[ -n "$(hdr X-RateLimit-Limit)" ] && ok || bad "ratelimit Limit header missing"
req srv /jira/rest/api/2/myself -u alice:pw
check "ratelimit 2nd" 429 "$CODE"
req srv /jira/rest/api/2/myself -u alice:pw
check "ratelimit over" 200 "$CODE"

# rewriting the same scenario starts a new count; a plain (non-atomic) write works too
printf '%s\n' '{"deployment": "server", "context_path": "/jira", "users": [{"user": "alice", "secret": "pw"}],
  "scenario": {"kind": "ratelimit", "count": 2, "retry_after": 3, "status": 429}}' > "$T/srv.json"
req srv /jira/rest/api/2/myself -u alice:pw
check "ratelimit counts again after the config is rewritten" 429 "$CODE"
write_config srv '{"deployment": "server", "context_path": "/jira", "users": [{"user": "alice", "secret": "pw"}],
  "scenario": {"kind": "ratelimit", "count": 1, "retry_after": 2, "status": 503}}'
req srv /jira/rest/api/2/myself -u alice:pw
check "503 scenario" 503 "$CODE"
check "503 Retry-After" 2 "$(hdr Retry-After)"
check "503 has no X-RateLimit-Limit" "" "$(hdr X-RateLimit-Limit)"
req srv /jira/rest/api/2/myself -u alice:pw
check "503 scenario over" 200 "$CODE"

write_config srv '{"deployment": "server", "context_path": null, "users": null, "scenario": null}'
req srv /rest/api/2/myself -u alice:pw
check "null config values mean defaults" 401 "$CODE"
rm "$T/srv.json"
req srv /rest/api/2/serverInfo
check "missing config file means defaults" 200 "$CODE"
contains "missing config file: server, no context path" "$(body)" "\"baseUrl\": \"http://$S\""
write_config srv '{"deployment": "server", "context_path": "/jira", "scenario": {"kind": "status", "status": 502}}'
req srv /jira/rest/api/2/serverInfo
check "status scenario" 502 "$CODE"
contains "status scenario html" "$(hdr Content-Type)" "text/html"

write_config srv '{"deployment": "server", "context_path": "/jira", "scenario": {"kind": "reply",
  "status": 200, "body": "{\"error\": \"no such API\"}", "headers": {"X-Seraph-LoginReason": "\u001b]52;c;eA==\u0007"}}}'
req srv /jira/rest/api/2/myself
check "reply scenario status" 200 "$CODE"
check "reply scenario body" '{"error": "no such API"}' "$(body)"
check "reply scenario header sent raw" "$(printf '\033]52;c;eA==\007')" "$(hdr X-Seraph-LoginReason)"
write_config srv '{"deployment": "server", "context_path": "/jira", "scenario": {"kind": "reply", "status": 200, "deep": 1000}}'
req srv /jira/rest/api/2/myself
check "reply scenario deep body" 1000 "$(tr -cd '[' <"$T/b" | wc -c)"

write_config srv '{"deployment": "server", "context_path": "/jira", "scenario": {"kind": "hang"}}'
START_HANG=$(date +%s)
req srv /jira/rest/api/2/myself --max-time 1
check "hang scenario gives no answer" 000 "$CODE"
check "hang scenario lasted about the timeout" 1 $(( $(date +%s) - START_HANG <= 2 ))

# redirect to a second instance; the log shows which headers reached whom
write_config tgt '{"deployment": "cloud"}'
start tgt
write_config srv "{\"deployment\": \"server\", \"scenario\": {\"kind\": \"redirect\", \"location\": \"${URL[tgt]}/rest/api/2/serverInfo\", \"code\": 301}}"
req srv /jira/rest/api/2/myself -u alice:pw
check "redirect scenario" 301 "$CODE"
check "redirect Location" "${URL[tgt]}/rest/api/2/serverInfo" "$(hdr Location)"
req srv /anything -L -u alice:pw
COUNT[tgt]=$((COUNT[tgt] + 1))
check "redirect followed" 200 "$CODE"
got=$(python3 -c 'import json,sys
src = [json.loads(l) for l in open(sys.argv[1])]
tgt = [json.loads(l) for l in open(sys.argv[2])]
print("authorization" in src[-1]["headers"], "authorization" in tgt[-1]["headers"],
      src[-1]["status"], tgt[-1]["path"], tgt[-1]["host"] == sys.argv[3])' \
    "$T/srv.log" "$T/tgt.log" "${HOSTPORT[tgt]}")
check "log shows which headers reached which server" "True False 301 /rest/api/2/serverInfo True" "$got"
got=$(python3 -c 'import json,sys
print([json.loads(l)["status"] for l in open(sys.argv[1])][-3])' "$T/srv.log")
check "hang logged with status 0" 0 "$got"

# ---------------------------------------------------------------- personal access tokens
write_config srv '{"deployment": "server", "context_path": "/jira", "users": [
  {"user": "alice", "secret": "pw", "display_name": "Alice"},
  {"user": "bob", "secret": "bobpw"},
  {"user": "carol", "secret": "pw", "captcha": true},
  {"token": "old-pat", "user": "alice", "id": 7}]}'
PATS=/jira/rest/pat/latest/tokens
req srv $PATS -u alice:pw -X POST -H 'Content-Type: application/json' \
    -d '{"name": "jira-credential on box", "expirationDuration": 30}'
check "pat create with Basic" 201 "$CODE"
raw=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rawToken"])' "$T/b")
tid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/b")
contains "pat create names it" "$(body)" '"name": "jira-credential on box"'
contains "pat create: Jira's time format" "$(body)" '.000+0000"'
got=$(python3 -c 'import json,sys,datetime
b = json.load(open(sys.argv[1]))
f = "%Y-%m-%dT%H:%M:%S.%f%z"
d = datetime.datetime.strptime(b["expiringAt"], f) - datetime.datetime.strptime(b["createdAt"], f)
print(d.days, isinstance(b["id"], int))' "$T/b")
check "pat create: expiringAt is DAYS after createdAt" "30 True" "$got"
got=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["body"])' "$T/srv.log")
check "pat create: the body is logged" '{"name": "jira-credential on box", "expirationDuration": 30}' "$got"
req srv /jira/rest/api/2/myself -H "Authorization: Bearer $raw"
check "a made token answers /myself" 200 "$CODE"
check "a made token is its user's" alice "$(hdr X-AUSERNAME)"
req srv $PATS -H "Authorization: Bearer old-pat" -X POST -d '{"name": "n", "expirationDuration": 90}'
check "pat create with Bearer" 201 "$CODE"
raw2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rawToken"])' "$T/b")
req srv $PATS -u alice:pw
check "pat list" 200 "$CODE"
got=$(python3 -c 'import json,sys; l = json.load(open(sys.argv[1])); print(len(l), any("rawToken" in t for t in l))' "$T/b")
check "pat list: the user's tokens, no raw token" "2 False" "$got"
req srv $PATS -u bob:bobpw
check "pat list: another user's is empty" "[]" "$(body)"
req srv $PATS/$tid -u bob:bobpw -X DELETE
check "pat revoke of another user's token" 404 "$CODE"
req srv $PATS/$tid -H "Authorization: Bearer $raw2" -X DELETE
check "pat revoke" 204 "$CODE"
req srv /jira/rest/api/2/myself -H "Authorization: Bearer $raw"
check "a revoked token is refused" 401 "$CODE"
req srv $PATS/$tid -u alice:pw -X DELETE
check "pat revoke twice" 404 "$CODE"
req srv $PATS/7 -u alice:pw -X DELETE
check "pat revoke of a config token by its id" 204 "$CODE"
req srv /jira/rest/api/2/myself -H "Authorization: Bearer old-pat"
check "the config token is revoked" 401 "$CODE"
req srv $PATS -u alice:wrong -X POST -d '{"name": "n", "expirationDuration": 90}'
check "pat create with a bad password" 401 "$CODE"
check "pat create with a bad password: Seraph's reason" AUTHENTICATED_FAILED "$(hdr X-Seraph-LoginReason)"
req srv $PATS -u carol:pw -X POST -d '{"name": "n", "expirationDuration": 90}'
check "pat create under CAPTCHA" 403 "$CODE"
req srv $PATS -u alice:pw -X POST -d '{"name": "n", "expirationDuration": 999}'
check "pat create beyond max_days" 400 "$CODE"
req srv $PATS -u alice:pw -X POST -d '{"name": ""}'
check "pat create without a name" 400 "$CODE"
for mode in no_api:404 off:403 error:500; do
    write_config srv "{\"deployment\": \"server\", \"context_path\": \"/jira\", \"users\": [
      {\"user\": \"alice\", \"secret\": \"pw\"}], \"pat\": {\"create\": \"${mode%:*}\", \"revoke\": \"${mode%:*}\"}}"
    req srv $PATS -u alice:pw -X POST -d '{"name": "n", "expirationDuration": 90}'
    check "pat create failure ${mode%:*}" "${mode#*:}" "$CODE"
    [ "${mode%:*}" != off ] ||
        contains "pat creation off: Jira's message" "$(body)" '"message": "Personal access tokens are disabled'
    req srv $PATS/1 -u alice:pw -X DELETE
    check "pat revoke failure ${mode%:*}" "${mode#*:}" "$CODE"
done
write_config srv '{"deployment": "server", "context_path": "/jira", "users": [
  {"user": "alice", "secret": "pw"}], "pat": {"create": {"status": 201, "body": "{\"rawToken\": \"x\\ny\"}"}}}'
req srv $PATS -u alice:pw -X POST -d '{}'
check "pat create: any answer on demand" '{"rawToken": "x\ny"}' "$(body)"
write_config srv '{"deployment": "server", "context_path": "/jira", "users": [
  {"user": "alice", "secret": "pw"}], "pat": {"new_valid_after": 2}}'
req srv $PATS -u alice:pw -X POST -d '{"name": "slow", "expirationDuration": 1}'
raw=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rawToken"])' "$T/b")
req srv /jira/rest/api/2/myself -H "Authorization: Bearer $raw"
check "a new token may need a moment" 401 "$CODE"
sleep 2.2
req srv /jira/rest/api/2/myself -H "Authorization: Bearer $raw"
check "then it works" 200 "$CODE"
write_config srv '{"deployment": "server", "context_path": "/jira", "users": [
  {"user": "alice", "secret": "pw"}], "pat": {"raw_prefix": "known-"}}'
req srv $PATS -u alice:pw -X POST -d '{"name": "n", "expirationDuration": 1}'
contains "raw_prefix: a token the test can name" "$(body)" '"rawToken": "known-'
write_config srv '{"deployment": "server", "context_path": "/jira", "users": [
  {"user": "alice", "secret": "pw"}], "pat": {"create_delay": 1}}'
START_DELAY=$(date +%s%N)
req srv $PATS -u alice:pw -X POST -d '{"name": "n", "expirationDuration": 1}'
check "create_delay: made" 201 "$CODE"
check "create_delay: answered after the delay" 1 $(( ($(date +%s%N) - START_DELAY) >= 1000000000 ))
write_config srv '{"deployment": "cloud", "users": [{"user": "a@example.com", "secret": "t"}]}'
req srv /rest/pat/latest/tokens -u a@example.com:t -X POST -d '{}'
check "Cloud has no PAT API" 404 "$CODE"

check_log srv
check_log tgt

# ================================================================ Cloud over HTTPS
CID=11111111-2222-3333-4444-555555555555
write_config cloud "{\"deployment\": \"cloud\", \"cloud_id\": \"$CID\", \"users\": [
  {\"user\": \"bob@example.com\", \"secret\": \"tok1\", \"display_name\": \"Bob\",
   \"account_id\": \"5b10ac8d82e05b22cc7d4ef5\", \"account_password\": \"hunter2\"},
  {\"user\": \"sam@example.com\", \"secret\": \"scoped1\", \"scoped\": true},
  {\"user\": \"new@example.com\", \"secret\": \"fresh\", \"valid_after\": 2},
  {\"user\": \"cap@example.com\", \"secret\": \"x\", \"captcha\": true}]}"
start cloud --tls-cert "$T/srv.crt" --tls-key "$T/srv.key"
C=${HOSTPORT[cloud]}

req cloud /rest/api/3/myself -u new@example.com:fresh
check "cloud new token not yet valid" 401 "$CODE"

req cloud /_edge/tenant_info
check "cloud tenant_info" 200 "$CODE"
contains "cloud tenant_info body" "$(body)" "\"cloudId\": \"$CID\""

req cloud /rest/api/2/serverInfo
check "cloud serverInfo" 200 "$CODE"
contains "cloud serverInfo deploymentType" "$(body)" '"deploymentType": "Cloud"'
contains "cloud serverInfo baseUrl" "$(body)" "\"baseUrl\": \"https://$C\""

for v in 2 3; do
    req cloud /rest/api/$v/myself -u bob@example.com:tok1
    check "cloud api/$v myself" 200 "$CODE"
    contains "cloud api/$v accountId" "$(body)" '"accountId": "5b10ac8d82e05b22cc7d4ef5"'
    contains "cloud api/$v accountType" "$(body)" '"accountType": "atlassian"'
done

req cloud /rest/api/3/myself
check "cloud anonymous" 401 "$CODE"
contains "cloud anonymous WWW-Authenticate" "$(hdr WWW-Authenticate)" "OAuth realm="
contains "cloud anonymous body" "$(body)" "Client must be authenticated to access this resource."

req cloud /rest/api/3/myself -u bob@example.com:bad
check "cloud bad token" 401 "$CODE"
check "cloud bad token reason" AUTHENTICATED_FAILED "$(hdr X-Seraph-LoginReason)"
check "cloud bad token realm" "OAuth realm=\"https%3A%2F%2F127.0.0.1%3A${C#*:}\"" "$(hdr WWW-Authenticate)"
contains "cloud bad token text" "$(hdr Content-Type)" "text/plain"

req cloud /rest/api/3/myself -u bob@example.com:hunter2
check "cloud account password" 401 "$CODE"
contains "cloud account password body" "$(body)" "Basic authentication with passwords is deprecated."

req cloud /rest/api/3/myself -H 'Authorization: Bearer tok1'
check "cloud Bearer rejected" 401 "$CODE"
check "cloud Bearer reason" AUTHENTICATED_FAILED "$(hdr X-Seraph-LoginReason)"

req cloud /rest/api/3/myself -u cap@example.com:x
check "cloud captcha" 403 "$CODE"
check "cloud captcha url" "CAPTCHA_CHALLENGE; login-url=https://$C/login.jsp" "$(hdr X-Authentication-Denied-Reason)"

req cloud /rest/api/3/myself -u sam@example.com:scoped1
check "cloud scoped token at site" 401 "$CODE"
check "cloud scoped token reason" AUTHENTICATED_FAILED "$(hdr X-Seraph-LoginReason)"
req cloud /rest/api/3/search -u sam@example.com:scoped1
check "cloud scoped token at site, other path" 401 "$CODE"
req cloud "/ex/jira/$CID/rest/api/3/myself" -u sam@example.com:scoped1
check "gateway scoped token" 200 "$CODE"
contains "gateway scoped body" "$(body)" '"accountType": "atlassian"'
req cloud "/ex/jira/$CID/rest/api/2/myself" -u bob@example.com:tok1
check "gateway unscoped token" 200 "$CODE"
req cloud "/ex/jira/$CID/rest/api/3/myself" -u sam@example.com:nope
check "gateway bad token" 401 "$CODE"
contains "gateway bad token body" "$(body)" '"message": "Unauthorized; scope does not match"'
req cloud "/ex/jira/00000000-0000-0000-0000-000000000000/rest/api/3/myself" -u sam@example.com:scoped1
check "gateway unknown cloud id" 404 "$CODE"
req cloud "/ex/jira/$CID/rest/api/3/project" -u sam@example.com:scoped1
check "gateway other rest path" 200 "$CODE"

req cloud /rest/api/3/project -u bob@example.com:tok1
check "cloud other rest path" 200 "$CODE"

# A Cloud site on its own domain: Cloud's answers, naming that domain.
cfg=$(cat "$T/cloud.json")
write_config cloud "${cfg%\}}, \"custom_domain\": \"jira.acme.example\"}"
req cloud /rest/api/2/myself -u bob@example.com:tok1
check "custom domain myself" 200 "$CODE"
contains "custom domain accountId" "$(body)" '"accountId": "5b10ac8d82e05b22cc7d4ef5"'
absent "custom domain: no name" "$(body)" '"name":'
contains "custom domain self link" "$(body)" '"self": "https://jira.acme.example/rest/api/2/user'
req cloud /rest/api/2/serverInfo
contains "custom domain serverInfo baseUrl" "$(body)" '"baseUrl": "https://jira.acme.example"'
req cloud /rest/api/3/myself -u bob@example.com:bad
check "custom domain realm" 'OAuth realm="https%3A%2F%2Fjira.acme.example"' "$(hdr WWW-Authenticate)"
write_config cloud "$cfg"
req cloud /browse/X-1
check "cloud unknown path" 404 "$CODE"
req cloud /rest/api/3/myself -u bob@example.com:tok1 -I
check "cloud HEAD" 200 "$CODE"

# TLS checks: hostname localhost verifies; a plain-HTTP client does not break the server
port=${C#*:}
CODE=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.crt" "https://localhost:$port/rest/api/2/serverInfo") || true
COUNT[cloud]=$((COUNT[cloud] + 1))
check "TLS verifies for localhost" 200 "$CODE"
curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" || true
CODE=$(curl -s -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/rest/api/2/serverInfo") || true
check "TLS refused without the CA" 000 "$CODE"
# two requests on one kept-alive connection
out=$(curl -s -o /dev/null -o /dev/null -w '%{http_code}%{num_connects} ' --cacert "$T/ca.crt" \
    "https://$C/rest/api/2/serverInfo" "https://$C/_edge/tenant_info") || true
COUNT[cloud]=$((COUNT[cloud] + 2))
check "keep-alive: two answers over one connection" "2001 2000 " "$out"

sleep 2
req cloud /rest/api/3/myself -u new@example.com:fresh
check "cloud new token valid after valid_after seconds" 200 "$CODE"

check_log cloud

# ================================================================ OAuth 2.0 client credentials
ACCT='{"client_id": "cid-1", "client_secret": "csec-1", "display_name": "CI bot"}'
write_config oauth "{\"deployment\": \"cloud\", \"cloud_id\": \"$CID\", \"service_accounts\": [$ACCT]}"
start oauth --tls-cert "$T/srv.crt" --tls-key "$T/srv.key"
FORM='grant_type=client_credentials&client_id=cid-1&client_secret=csec-1'
req oauth /oauth/token -d "$FORM"
check "token endpoint mints" 200 "$CODE"
check "token endpoint: no-store" no-store "$(hdr Cache-Control)"
TOK=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$T/b")
got=$(python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(d["expires_in"], d["token_type"])' "$T/b")
check "token endpoint: expires_in and Bearer" "3600 Bearer" "$got"
contains "token endpoint: a Cloud token" "$TOK" "mint-cloud-"
req oauth "/ex/jira/$CID/rest/api/2/myself" -H "Authorization: Bearer $TOK"
check "gateway takes the minted token" 200 "$CODE"
contains "gateway: the service account is an app" "$(body)" '"accountType": "app"'
contains "gateway: its display name" "$(body)" '"displayName": "CI bot"'
req oauth "/ex/jira/$CID/rest/api/2/project" -H "Authorization: Bearer $TOK"
check "gateway: other paths with the minted token" 200 "$CODE"
req oauth /rest/api/2/myself -H "Authorization: Bearer $TOK"
check "the site refuses the minted token" 401 "$CODE"
req oauth "/ex/jira/$CID/rest/api/2/myself" -H "Authorization: Bearer mint-cloud-forged"
check "gateway refuses a token it did not mint" 401 "$CODE"
req oauth /oauth/token -d 'grant_type=client_credentials&client_id=cid-1&client_secret=wrong'
check "token endpoint: a bad secret" 401 "$CODE"
contains "token endpoint: invalid_client" "$(body)" '"error": "invalid_client"'
req oauth /oauth/token -d "$FORM&scope=WRITE"
check "Atlassian's endpoint refuses a scope" 400 "$CODE"
contains "Atlassian's endpoint: invalid_scope" "$(body)" '"error": "invalid_scope"'
req oauth /oauth/token -d 'grant_type=password&client_id=cid-1&client_secret=csec-1'
check "token endpoint: another grant" 400 "$CODE"
contains "token endpoint: unsupported_grant_type" "$(body)" "unsupported_grant_type"
req oauth /oauth/token -H 'Content-Type: application/json' -d '{"client_id": "cid-1"}'
check "token endpoint: JSON is not a form" 400 "$CODE"
req oauth /oauth/token
check "token endpoint: GET" 405 "$CODE"
write_config oauth "{\"deployment\": \"cloud\", \"cloud_id\": \"$CID\", \"token_expires_in\": 1, \"service_accounts\": [$ACCT]}"
req oauth /oauth/token -d "$FORM"
TOK=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$T/b")
contains "token_expires_in" "$(body)" '"expires_in": 1'
sleep 1.2
req oauth "/ex/jira/$CID/rest/api/2/myself" -H "Authorization: Bearer $TOK"
check "an expired minted token is refused" 401 "$CODE"
for kind in huge deep wrong_types missing newline not_bearer redirect; do
    write_config oauth "{\"deployment\": \"cloud\", \"token_reply\": {\"kind\": \"$kind\"}, \"service_accounts\": [$ACCT]}"
    req oauth /oauth/token -d "$FORM"
    case $kind in
    huge) check "hostile huge: over 2 MiB" 1 $(( $(wc -c <"$T/b") > 2097152 )) ;;
    deep) check "hostile deep" 10000 "$(tr -cd '[' <"$T/b" | wc -c)" ;;
    wrong_types) contains "hostile wrong types" "$(body)" '"access_token": 12345' ;;
    missing) absent "hostile missing token" "$(body)" access_token ;;
    newline) contains "hostile token with a line break" "$(body)" 'mint-abc\nInjected' ;;
    not_bearer) contains "hostile token type" "$(body)" '"token_type": "mac"' ;;
    redirect) check "hostile redirect" 302 "$CODE" ;;
    esac
done
write_config oauth "{\"deployment\": \"cloud\", \"token_reply\": {\"kind\": \"status\", \"status\": 503}, \"service_accounts\": [$ACCT]}"
req oauth /oauth/token -d "$FORM"
check "hostile status" 503 "$CODE"
check_log oauth

# Data Center 11: the token endpoint under the context path, with a scope.
write_config srv '{"deployment": "server", "context_path": "/jira", "service_accounts": [
  {"client_id": "dc-1", "client_secret": "dcsec", "display_name": "DC bot", "scopes": ["READ"]}]}'
DCFORM='grant_type=client_credentials&client_id=dc-1&client_secret=dcsec'
req srv /jira/rest/oauth2/latest/token -d "$DCFORM&scope=READ"
check "Data Center mints with a scope" 200 "$CODE"
DTOK=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$T/b")
contains "Data Center: its own kind of token" "$DTOK" "mint-dc-"
req srv /jira/rest/api/2/myself -H "Authorization: Bearer $DTOK"
check "Data Center takes its token as Bearer" 200 "$CODE"
contains "Data Center: a name, as Server/DC answers" "$(body)" '"name": "dc-1"'
req srv /jira/rest/oauth2/latest/token -d "$DCFORM"
check "Data Center: no scope" 400 "$CODE"
req srv /jira/rest/oauth2/latest/token -d "$DCFORM&scope=WRITE"
check "Data Center: a scope the account lacks" 400 "$CODE"
contains "Data Center: invalid_scope" "$(body)" '"error": "invalid_scope"'
req srv /jira/rest/oauth2/latest/token -d "grant_type=client_credentials&client_id=dc-1&client_secret=no&scope=READ"
check "Data Center: a bad secret" 401 "$CODE"
req oauth /oauth/token -d "$FORM"
write_config oauth "{\"deployment\": \"cloud\", \"cloud_id\": \"$CID\", \"service_accounts\": [$ACCT]}"
req oauth /oauth/token -d "$FORM"
CTOK=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$T/b")
req srv /jira/rest/api/2/myself -H "Authorization: Bearer $CTOK"
check "Data Center refuses a Cloud token" 401 "$CODE"
req oauth "/ex/jira/$CID/rest/api/2/myself" -H "Authorization: Bearer $DTOK"
check "the gateway refuses a Data Center token" 401 "$CODE"
check_log srv
check_log oauth
# ================================================================ a proxy that asks for a client certificate
write_config prx '{"deployment": "server", "users": [{"token": "pat-9", "user": "alice"}]}'
start prx --tls-cert "$T/srv.crt" --tls-key "$T/srv.key" --tls-client-ca "$T/ca.crt"
P=${HOSTPORT[prx]}
req prx /rest/api/2/myself -H 'Authorization: Bearer pat-9' --cert "$T/cli.crt" --key "$T/cli.key"
check "mtls: the CA's client certificate gets in" 200 "$CODE"
req prx /rest/api/2/myself -H 'Authorization: Bearer pat-9'
COUNT[prx]=$((COUNT[prx] - 1))
check "mtls: no client certificate, no answer" 000 "$CODE"
req prx /rest/api/2/myself -H 'Authorization: Bearer pat-9' --cert "$T/rogue.crt" --key "$T/rogue.key"
COUNT[prx]=$((COUNT[prx] - 1))
check "mtls: another CA's certificate, no answer" 000 "$CODE"
check_log prx
kill -TERM "${PID[prx]}"
wait "${PID[prx]}" || true
unset 'PID[prx]'

# ================================================================ clean exit
kill -TERM "${PID[cloud]}"
rc=0
wait "${PID[cloud]}" || rc=$?
check "SIGTERM exits cleanly" 0 "$rc"
unset 'PID[cloud]'
[ ! -e "$T/cloud.port" ] && ok || bad "port file not removed on exit"
kill -INT "${PID[tgt]}"
rc=0
wait "${PID[tgt]}" || rc=$?
check "SIGINT exits cleanly" 0 "$rc"
unset 'PID[tgt]'
for name in srv tgt cloud oauth prx; do
    if [ -s "$T/$name.err" ] && grep -v '^fakejira: 127.0.0.1: ' "$T/$name.err" | grep -q .; then
        bad "unexpected stderr from $name: $(cat "$T/$name.err")"
    else
        ok
    fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
