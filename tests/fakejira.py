#!/usr/bin/env python3
"""fakejira.py - a fake Jira (Cloud or Server/DC) for jira-credential's integration tests.

It answers the few endpoints a credential helper touches, with the status codes,
headers and bodies listed in docs/jira-answers.md (collected from
Atlassian's documentation and from public issue reports):

  {ctx}/rest/api/{2,3}/myself     proves a credential: 200 user JSON, or the
                                  Cloud / Server failure answers (401 AUTHENTICATED_FAILED,
                                  "Basic authentication with passwords is deprecated",
                                  403 CAPTCHA_CHALLENGE, bad Bearer PAT, ...)
  {ctx}/rest/api/2/serverInfo     anonymous; deploymentType Cloud | Server
  /_edge/tenant_info              (cloud) {"cloudId": ...}, no authentication
  /ex/jira/{cloudId}/rest/...     Atlassian's gateway, where scoped Cloud tokens work, and
                                  the Bearer tokens minted for a Cloud service account
  /oauth/token                    (cloud) Atlassian's token endpoint (tests point
                                  JIRA_CREDENTIAL_OAUTH_URL here): POST, form-encoded
                                  client credentials, no scope (a scope is refused,
                                  400 invalid_scope); 401 invalid_client for a bad client
  {ctx}/rest/oauth2/latest/token  (server) Jira Data Center 11's token endpoint: the
                                  same form with a scope the account has; its tokens
                                  work as Bearer at {ctx}/rest/...
  {ctx}/rest/anything-else        needs valid authentication; 200 {"ok": true, "path": ...}
  {ctx}/login.jsp                 a tiny login page (the CAPTCHA login-url points here)
  {ctx}/rest/pat/latest/tokens    (server mode) Data Center's personal access tokens:
                                  POST makes one (Basic user:password or Bearer token;
                                  {"name", "expirationDuration": DAYS} -> 201 {"id",
                                  "name", "createdAt", "expiringAt", "rawToken"}), GET
                                  lists the caller's (no raw token), DELETE .../{id}
                                  revokes; a token made here answers /myself until
                                  revoked or expired
  anything else                   404; in server mode a path outside the context path
                                  gets a 302 to the same path under it (as Jira does)

Usage (the interface the integration tests rely on):
  python3 tests/fakejira.py --port-file FILE --log FILE [--port N] [--bind 127.0.0.1]
      [--tls-cert CERT --tls-key KEY [--tls-client-ca CA]] [--config FILE.json]

- --tls-client-ca: the TLS server of a zero-trust proxy: every connection must
  present a client certificate that CA signed (else the handshake fails).

- The port actually bound is written to --port-file (digits + newline, via
  tmp file + rename) once the socket listens; the file is removed on clean exit.
- --log gets one JSON object per request and line: time, method, path (with
  query), host, headers (lower-cased names) and the status answered.  A request
  held by the "hang" scenario is logged with status 0 as soon as it arrives.
- --config (JSON) is re-read on every request, so tests may edit it while the
  server runs; a missing file means the defaults (DEFAULTS below):
    deployment    "server" (default) or "cloud"
    custom_domain cloud mode only: the site is a Cloud site reached on its own
                  domain (such as "jira.acme.example"; Atlassian's custom
                  domains): every answer names that domain as the site (self
                  links, serverInfo's baseUrl, the OAuth realm), while the
                  client reaches it at 127.0.0.1 or localhost, a host that
                  says nothing of Cloud.  /myself answers as Cloud does:
                  accountId, no name or key.  Default null.
    context_path  server mode only, e.g. "/jira"; default ""
    cloud_id      what /_edge/tenant_info answers and the gateway accepts
    users         list of {"user", "secret"} (Basic: Cloud API token or Server
                  password; optional display_name, account_id, email,
                  valid_after [s after start before it works], captcha,
                  account_password [cloud], scoped [cloud: gateway only]) or
                  {"token", "user"} (Server/DC personal access token, Bearer)
    service_accounts  list of {"client_id", "client_secret"; optional display_name,
                  account_id, scopes [Data Center: what it may ask; default
                  ["READ", "WRITE"]]}: OAuth 2.0 client credentials
    token_expires_in  seconds a minted token lasts (default 3600)
    minted_token  the token every mint answers (default: a new random one), for a
                  test that must know it beforehand
    token_reply   null | what the token endpoints answer instead, for hostile
                  or broken servers: {"kind": "huge"} (2 MiB), {"kind": "deep"}
                  (10000 nested '['), {"kind": "wrong_types"}, {"kind": "missing"}
                  (no access_token), {"kind": "newline"} (a token with a line
                  break), {"kind": "not_bearer"} (token_type mac), {"kind":
                  "status", "status"}, {"kind": "redirect"}, {"kind": "hang"}
    scenario      null | {"kind": "redirect", "location", "code"}
                  | {"kind": "ratelimit", "count", "retry_after", "status": 429|503}
                  | {"kind": "status", "status"} | {"kind": "hang"}
                  | {"kind": "reply", "status", "body", "headers", "deep"}: every
                    request gets that status, body (a string, sent as it is; or,
                    with "deep": N, N nested '[') and headers (values sent as
                    given: ESC, OSC 52 or a bare CR included), for the answers a
                    hostile or broken server gives (200 {"error": ...}, ...)
    A user's display_name (and email) may hold control characters too.
    A {"token", "user"} entry may carry "id": the id DELETE .../tokens/{id} revokes.
    pat           the personal access token API (server mode): {"create": ...,
                  "revoke": ...}, each null (works) | "no_api" (404 Jira's dead-link
                  page, as a Jira before 8.14) | "off" (403, Jira's message: token
                  creation turned off) | "error" (500) | {"status", "body",
                  "headers"} (that answer, as sent: hostile ones included);
                  "new_valid_after": seconds a token made here answers 401 first
                  (default 0); "max_days": the longest expirationDuration (365);
                  "raw_prefix": made tokens are PREFIX + their id (else random), so
                  that a test knows what to look for; "create_delay": seconds a POST
                  that makes a token waits before it is answered
  The ratelimit counter counts /myself requests since that scenario was
  written to the config file (rewriting the file starts a new count).
  Tokens made through the API live in the fake's memory, not in the config.
- A request's body (PAT API requests only: a token's name and days, never a
  secret) is logged as "body"; other entries have no "body".
- SIGTERM / SIGINT exit cleanly.  Only errors are written to stderr.
"""
import argparse
import base64
import datetime
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULTS = {"deployment": "server", "context_path": "", "users": [], "scenario": None,
            "cloud_id": "11111111-2222-3333-4444-555555555555", "custom_domain": None,
            "service_accounts": [], "token_expires_in": 3600, "token_reply": None,
            "minted_token": None, "pat": {}}
AUTH_MSG = "Client must be authenticated to access this resource."
DEPRECATED_MSG = ("Basic authentication with passwords is deprecated.  For more information, see: "
                  "https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/\n")
JSON = "application/json;charset=UTF-8"
TEXT = "text/plain;charset=UTF-8"
HTML = "text/html;charset=UTF-8"
MYSELF = ("/rest/api/2/myself", "/rest/api/3/myself")

START = time.monotonic()
OPTS = None                       # parsed command line
LOG_LOCK = threading.Lock()
RATE = {"key": None, "seen": 0}   # ratelimit scenario counter, kept across requests
RATE_LOCK = threading.Lock()
LAST_GOOD_CONFIG = dict(DEFAULTS)
MINTED = {}                       # token -> (client_id, "cloud" | "dc", expires at, monotonic)
MINTED_LOCK = threading.Lock()
PATS = {}                         # personal access tokens made through the API, by id
REVOKED = set()                   # ids revoked, of config tokens as of made ones
PAT_LOCK = threading.Lock()
NEXT_PAT_ID = [1001]
PAT_PATH = "/rest/pat/latest/tokens"
MAX_BODY = 64 * 1024


def load_config():
    """Read --config afresh.  A half-written file (test editing it) is retried briefly."""
    global LAST_GOOD_CONFIG
    if not OPTS.config or not os.path.exists(OPTS.config):
        return dict(DEFAULTS)
    for _ in range(20):
        try:
            with open(OPTS.config, encoding="utf-8") as f:
                st = os.fstat(f.fileno())
                loaded = json.load(f)
            cfg = {k: loaded.get(k) if loaded.get(k) is not None else v for k, v in DEFAULTS.items()}
            cfg["_stamp"] = [st.st_ino, st.st_mtime_ns, st.st_size]   # identifies this write
            LAST_GOOD_CONFIG = cfg
            return cfg
        except (ValueError, OSError):
            time.sleep(0.025)
    sys.stderr.write("fakejira: cannot parse %s, using the last good config\n" % OPTS.config)
    return LAST_GOOD_CONFIG


def html_page(title):
    return "<html><head><title>%s</title></head><body><h1>%s</h1></body></html>\n" % (title, title)


def user_is_valid(u):
    """A brand-new credential only works valid_after seconds after server start."""
    return time.monotonic() - START >= float(u.get("valid_after", 0) or 0)


def jira_time(t):
    """A time as Jira's REST API writes one: 2026-03-07T10:48:16.000+0000."""
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000+0000")


def made_token(raw):
    """The user a token made through the API stands for, while it is live."""
    with PAT_LOCK:
        for t in PATS.values():
            if t["raw"] == raw and t["id"] not in REVOKED:
                now = time.time()
                if t["valid_from"] <= now < t["expiring"]:
                    return {"user": t["user"], "display_name": t["display_name"], "bearer": True}
                return None
    return None


def parse_auth(header):
    """('none',) | ('basic', user, secret) | ('badbasic',) | ('bearer', token)."""
    if not header:
        return ("none",)
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return ("badbasic",)
        if ":" not in decoded:
            return ("badbasic",)
        user, _, secret = decoded.partition(":")     # split on the FIRST colon
        return ("basic", user, secret)
    if scheme.lower() == "bearer":
        return ("bearer", value)
    return ("none",)                                 # unknown schemes are ignored, as anonymous


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeJira/1.0"
    sys_version = ""

    def log_message(self, fmt, *args):               # silent: errors only
        pass

    # ---------------------------------------------------------------- plumbing
    def log_request_line(self, status):
        headers = {k.lower(): ", ".join(self.headers.get_all(k)) for k in self.headers.keys()}
        entry = {"time": time.time(), "method": self.command, "path": self.path,
                 "host": self.headers.get("Host"), "headers": headers, "status": status}
        if getattr(self, "log_body", False):
            entry["body"] = self.body.decode("utf-8", "replace")
        with LOG_LOCK, open(OPTS.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
            f.flush()

    def reply(self, status, body="", ctype=TEXT, headers=None):
        if not isinstance(body, (str, bytes)):
            body, ctype = json.dumps(body), JSON
        data = body.encode("utf-8") if isinstance(body, str) else body
        if status in (204, 304) or status < 200:
            data = b""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        if data:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.log_request_line(status)

    def read_body(self):
        """The request's body, kept (at most MAX_BODY bytes) for the PAT API."""
        self.body, self.log_body = b"", False
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True             # not worth parsing; just drop the connection
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.body = self.rfile.read(length)[:MAX_BODY]

    def do_GET(self):
        self.read_body()
        try:
            self.dispatch()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:                            # a bug or a bad config: say so, answer 500
            traceback.print_exc()
            self.close_connection = True
            try:
                self.reply(500, html_page("fakejira internal error"), HTML)
            except OSError:
                pass
    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_GET

    # ---------------------------------------------------------------- routing
    def dispatch(self):
        cfg = load_config()
        self.cfg = cfg
        self.scheme = "https" if OPTS.tls_cert else "http"
        self.host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        self.cloud = cfg.get("deployment") == "cloud"
        ctx = "" if self.cloud else (cfg.get("context_path") or "").rstrip("/")
        if ctx and not ctx.startswith("/"):
            ctx = "/" + ctx
        self.ctx = ctx
        path = self.path.split("?", 1)[0]

        if self.apply_scenario(cfg.get("scenario"), path):
            return

        if path.startswith("/ex/jira/"):                       # Atlassian gateway
            return self.gateway(path)
        if self.cloud and path == "/_edge/tenant_info":
            return self.reply(200, {"cloudId": cfg.get("cloud_id")})
        if self.cloud and path == "/oauth/token":
            return self.token_endpoint("cloud")
        if ctx:
            if path != ctx and not path.startswith(ctx + "/"):  # wrong context path
                return self.reply(302, html_page("Found"), HTML,
                                  {"Location": self.base() + self.path})
            path = path[len(ctx):] or "/"

        if path in ("/rest/api/2/serverInfo", "/rest/api/3/serverInfo"):
            return self.server_info()
        if not self.cloud and path == "/rest/oauth2/latest/token":
            return self.token_endpoint("dc")
        if path == PAT_PATH or path.startswith(PAT_PATH + "/"):
            if self.cloud:                             # Data Center only
                return self.reply(404, html_page("Oops, you've found a dead link."), HTML)
            return self.pat_api(path)
        if path.startswith("/rest/"):
            user, failure = self.site_auth()
            if failure:
                return self.reply(*failure)
            if path in MYSELF:
                return self.reply(200, self.user_json(user, path), JSON, self.ok_headers(user))
            return self.reply(200, {"ok": True, "path": self.path}, JSON, self.ok_headers(user))
        if path == "/login.jsp":
            return self.reply(200, html_page("Log in - Fake Jira"), HTML)
        return self.reply(404, html_page("Oops, you've found a dead link."), HTML)

    def site_host(self):
        """The host the site calls itself: its custom domain, else the one asked."""
        custom = self.cfg.get("custom_domain") if self.cloud else None
        return custom or self.host

    def base(self):
        return "%s://%s%s" % (self.scheme, self.site_host(), self.ctx)

    # ---------------------------------------------------------------- scenarios
    def apply_scenario(self, sc, path):
        """Return True when the configured scenario has answered (or swallowed) the request."""
        kind = sc.get("kind") if isinstance(sc, dict) else None
        if kind != "ratelimit":
            with RATE_LOCK:
                RATE["key"], RATE["seen"] = None, 0
        if kind == "redirect":
            self.reply(int(sc.get("code", 301)), html_page("Moved"), HTML,
                       {"Location": sc.get("location", "")})
            return True
        if kind == "status":
            status = int(sc.get("status", 500))
            self.reply(status, html_page("Error %d" % status), HTML)
            return True
        if kind == "reply":
            body = "[" * int(sc["deep"]) if sc.get("deep") else sc.get("body", "")
            self.reply(int(sc.get("status", 200)), body, sc.get("ctype", JSON),
                       sc.get("headers") or {})
            return True
        if kind == "hang":
            self.log_request_line(0)
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                time.sleep(0.2)
            self.close_connection = True
            return True
        if kind == "ratelimit" and path.endswith("/myself"):
            # Count from the moment this scenario was (re)written to the config file.
            key = json.dumps([sc, self.cfg.get("_stamp")], sort_keys=True)
            with RATE_LOCK:
                if RATE["key"] != key:
                    RATE["key"], RATE["seen"] = key, 0
                RATE["seen"] += 1
                limited = RATE["seen"] <= int(sc.get("count", 1))
            if not limited:
                return False
            status = int(sc.get("status", 429))
            retry = sc.get("retry_after", 1)
            headers = {"Retry-After": retry}
            if status == 429:
                reset = time.gmtime(time.time() + float(retry))
                headers.update({"X-RateLimit-Limit": 100, "X-RateLimit-Remaining": 0,
                                "X-RateLimit-Reset": time.strftime("%Y-%m-%dT%H:%M:%SZ", reset),
                                "RateLimit-Reason": "jira-burst-based"})
                self.reply(429, {"message": "Rate limit exceeded."}, JSON, headers)
            else:
                self.reply(status, html_page("Service Unavailable"), HTML, headers)
            return True
        return False

    # ---------------------------------------------------------------- authentication
    def basic_users(self, name):
        return [u for u in self.cfg.get("users", []) if "secret" in u and u.get("user") == name]

    def site_auth(self):
        """(user, None) on success, else (None, (status, body, ctype, headers))."""
        auth = parse_auth(self.headers.get("Authorization"))
        if self.cloud:
            return self.cloud_site_auth(auth)
        return self.server_auth(auth)

    def cloud_bad_token(self, reason="AUTHENTICATED_FAILED"):
        headers = {"WWW-Authenticate": 'OAuth realm="%s"'
                   % urllib.parse.quote("https://" + self.site_host(), safe="")}
        if reason:
            headers["X-Seraph-LoginReason"] = reason
        return (401, AUTH_MSG, TEXT, headers)

    def cloud_site_auth(self, auth):
        if auth[0] == "none":
            return None, self.cloud_bad_token(reason=None)
        if auth[0] != "basic":                       # Bearer or garbage: Cloud rejects it
            return None, self.cloud_bad_token()
        users = self.basic_users(auth[1])
        if any(u.get("captcha") for u in users):
            return None, self.captcha()
        for u in users:
            if u["secret"] == auth[2]:
                if user_is_valid(u) and not u.get("scoped"):
                    return u, None
                return None, self.cloud_bad_token()  # too new, or scoped: gateway only
        if any(u.get("account_password") == auth[2] for u in users):
            return None, (401, DEPRECATED_MSG, TEXT, {})
        return None, self.cloud_bad_token()

    def server_auth(self, auth):
        anon = {"X-AUSERNAME": "anonymous"}
        if auth[0] == "none":
            return None, (401, {"message": AUTH_MSG, "status-code": 401}, JSON, anon)
        if auth[0] == "bearer":                      # personal access token
            for u in self.cfg.get("users", []):
                if ("token" in u and u["token"] == auth[1] and user_is_valid(u)
                        and u.get("id") not in REVOKED):
                    return dict(u, bearer=True), None
            account = self.minted_account(auth[1], "dc")
            if account:                              # a Data Center service account's token
                return dict(user=account["client_id"], key=account["client_id"],
                            display_name=account.get("display_name", account["client_id"]),
                            bearer=True), None
            made = made_token(auth[1])
            if made:
                return made, None
            return None, (401, {"message": AUTH_MSG, "status-code": 401}, JSON, anon)
        bad = (401, html_page("Basic Authentication Failure - Reason : AUTHENTICATED_FAILED"), HTML,
               dict(anon, **{"X-Seraph-LoginReason": "AUTHENTICATED_FAILED"}))
        if auth[0] != "basic":
            return None, bad
        users = self.basic_users(auth[1])
        if any(u.get("captcha") for u in users):
            return None, self.captcha()
        for u in users:
            if u["secret"] == auth[2] and user_is_valid(u):
                return u, None
        return None, bad

    def captcha(self):
        login = "%s://%s%s/login.jsp" % (self.scheme, self.host, self.ctx)
        headers = {"X-Seraph-LoginReason": "AUTHENTICATION_DENIED",
                   "X-Authentication-Denied-Reason": "CAPTCHA_CHALLENGE; login-url=" + login}
        if not self.cloud:
            headers["X-AUSERNAME"] = "anonymous"
        return (403, html_page("Forbidden (CAPTCHA required: log in at %s)" % login), HTML, headers)

    def ok_headers(self, u):
        if self.cloud:
            return {}
        if u.get("bearer"):
            return {"X-AUSERNAME": u.get("user", "")}
        return {"X-Seraph-LoginReason": "OK", "X-AUSERNAME": u["user"]}

    # ---------------------------------------------------------------- answers
    def user_json(self, u, path, base=None, cloud=False):
        base = base or self.base()
        name = u.get("user", "")
        email = u.get("email", name if "@" in name else name + "@example.com")
        if self.cloud or cloud:
            acct = u.get("account_id", "5b10ac8d82e05b22cc7d4e%02x" % (self.cfg["users"].index(u) % 256))
            return {"self": "%s/rest/api/%s/user?accountId=%s" % (base, path.split("/")[3], acct),
                    "accountId": acct, "accountType": "atlassian", "emailAddress": email,
                    "displayName": u.get("display_name", name), "active": True,
                    "timeZone": "Europe/Paris", "locale": "en_US"}
        return {"self": "%s/rest/api/2/user?username=%s" % (base, urllib.parse.quote(name)),
                "key": u.get("key", name.lower()), "name": name, "emailAddress": email,
                "displayName": u.get("display_name", name), "active": True,
                "timeZone": "Europe/Paris", "locale": "en_US"}

    def server_info(self):
        headers = {}
        if self.headers.get("Authorization"):
            # An anonymously readable endpoint still says whether the credential worked.
            user, failure = self.site_auth()
            headers["X-Seraph-LoginReason"] = "OK" if user else "AUTHENTICATED_FAILED"
        self.reply(200, {"baseUrl": self.base(),
                         "version": "1001.0.0-SNAPSHOT" if self.cloud else "9.12.0",
                         "deploymentType": "Cloud" if self.cloud else "Server",
                         "serverTitle": "Fake Jira"}, JSON, headers)

    # ---------------------------------------------------------------- personal access tokens
    def pat_failure(self, mode):
        """The answer a failure mode of the config's "pat" asks for, or None."""
        if mode == "no_api":                       # a Jira before 8.14: no such REST resource
            return (404, html_page("Oops, you've found a dead link."), HTML, {})
        if mode == "off":
            return (403, {"message": "Personal access tokens are disabled: your administrator "
                          "does not allow them to be created.", "status-code": 403}, JSON, {})
        if mode == "error":
            return (500, html_page("Internal server error"), HTML, {})
        if isinstance(mode, dict):
            body = "[" * int(mode["deep"]) if mode.get("deep") else mode.get("body", "")
            return (int(mode.get("status", 201)), body, mode.get("ctype", JSON),
                    mode.get("headers") or {})
        return None

    def pat_api(self, path):
        """{ctx}/rest/pat/latest/tokens[/{id}]: make, list and revoke tokens."""
        self.log_body = True
        pcfg = self.cfg.get("pat") or {}
        mode = pcfg.get("revoke" if self.command == "DELETE" else "create")
        if mode == "no_api" or isinstance(mode, dict):
            return self.reply(*self.pat_failure(mode))
        user, failure = self.site_auth()
        if failure:
            return self.reply(*failure)
        if mode and self.command in ("POST", "DELETE"):
            return self.reply(*self.pat_failure(mode))
        if self.command == "POST" and pcfg.get("create_delay"):
            time.sleep(float(pcfg["create_delay"]))
        name = user["user"]
        if path == PAT_PATH and self.command == "GET":
            with PAT_LOCK:
                mine = [{"id": t["id"], "name": t["name"], "createdAt": jira_time(t["created"]),
                         "expiringAt": jira_time(t["expiring"])}
                        for t in PATS.values() if t["user"] == name and t["id"] not in REVOKED]
            return self.reply(200, mine)
        if path == PAT_PATH and self.command == "POST":
            return self.pat_create(user, pcfg)
        tail = path[len(PAT_PATH) + 1:]
        if self.command == "DELETE" and tail.isdigit():
            tid = int(tail)
            with PAT_LOCK:
                t = PATS.get(tid)
                own = any(u.get("id") == tid and u.get("user") == name
                          for u in self.cfg.get("users", []) if "token" in u)
                if (t and t["user"] == name or own) and tid not in REVOKED:
                    REVOKED.add(tid)
                    return self.reply(204)
            return self.reply(404, {"message": "Token with id %s does not exist" % tail,
                                    "status-code": 404})
        return self.reply(405 if path == PAT_PATH else 404,
                          {"message": "Not supported", "status-code": 405})

    def pat_create(self, user, pcfg):
        try:
            req = json.loads(self.body.decode("utf-8"))
        except ValueError:
            return self.reply(400, {"message": "Bad request: the body is not JSON"})
        name = req.get("name") if isinstance(req, dict) else None
        days = req.get("expirationDuration") if isinstance(req, dict) else None
        if not isinstance(name, str) or not name.strip():
            return self.reply(400, {"message": "The token name must not be empty."})
        if days is not None and (not isinstance(days, int) or isinstance(days, bool) or days < 1
                                 or days > int(pcfg.get("max_days", 365))):
            return self.reply(400, {"message": "The expiration must be between 1 and %d days."
                                    % int(pcfg.get("max_days", 365))})
        now = time.time()
        with PAT_LOCK:
            tid = NEXT_PAT_ID[0]
            NEXT_PAT_ID[0] += 1
            t = {"id": tid, "user": user["user"], "name": name, "created": now,
                 "display_name": user.get("display_name", user["user"]),
                 "expiring": now + 86400 * (days or 365),
                 "valid_from": now + float(pcfg.get("new_valid_after", 0) or 0),
                 "raw": (pcfg["raw_prefix"] + str(tid) if pcfg.get("raw_prefix")
                         else base64.b64encode(os.urandom(33)).decode("ascii"))}
            PATS[tid] = t
        return self.reply(201, {"id": tid, "name": name, "createdAt": jira_time(t["created"]),
                                "expiringAt": jira_time(t["expiring"]), "rawToken": t["raw"]})

    def gateway(self, path):
        """/ex/jira/{cloudId}/rest/...: any Basic user with the right secret, scoped or not."""
        parts = path.split("/", 4)                   # ['', 'ex', 'jira', cloudId, rest...]
        cloud_id = parts[3]
        rest = "/" + (parts[4] if len(parts) > 4 else "")
        if cloud_id != self.cfg.get("cloud_id") or not rest.startswith("/rest/"):
            return self.reply(404, {"code": 404, "message": "Not Found"})
        auth = parse_auth(self.headers.get("Authorization"))
        user = None
        if auth[0] == "basic":
            for u in self.basic_users(auth[1]):
                if u["secret"] == auth[2] and user_is_valid(u):
                    user = u
                    break
        if auth[0] == "bearer":                      # a Cloud service account's minted token
            account = self.minted_account(auth[1], "cloud")
            if account:
                if rest in MYSELF:
                    base = "%s://%s/ex/jira/%s" % (self.scheme, self.host, cloud_id)
                    acct = account.get("account_id", "712020:" + account["client_id"])
                    return self.reply(200, {
                        "self": "%s/rest/api/2/user?accountId=%s" % (base, acct),
                        "accountId": acct, "accountType": "app",
                        "displayName": account.get("display_name", account["client_id"]),
                        "active": True, "timeZone": "Etc/UTC", "locale": "en_US"})
                return self.reply(200, {"ok": True, "path": self.path})
        if not user:
            return self.reply(401, {"code": 401, "message": "Unauthorized; scope does not match"})
        if rest in MYSELF:
            base = "%s://%s/ex/jira/%s" % (self.scheme, self.host, cloud_id)
            return self.reply(200, self.user_json(user, rest, base, cloud=True))
        return self.reply(200, {"ok": True, "path": self.path})


    # ---------------------------------------------------------------- OAuth 2.0
    def minted_account(self, token, kind):
        """The service account a live token of this kind was minted for, or None."""
        with MINTED_LOCK:
            entry = MINTED.get(token)
        if not entry or entry[1] != kind or time.monotonic() >= entry[2]:
            return None
        for a in self.cfg.get("service_accounts", []):
            if a.get("client_id") == entry[0]:
                return a
        return None

    def token_error(self, status, error, description):
        self.reply(status, {"error": error, "error_description": description}, JSON,
                   {"Cache-Control": "no-store"})

    def hostile_token_reply(self, sc):
        """Answers the token_reply scenario; False when there is none."""
        kind = sc.get("kind") if isinstance(sc, dict) else None
        if not kind:
            return False
        if kind == "huge":
            self.reply(200, '{"access_token": "' + "A" * (2 * 1024 * 1024) + '", "expires_in": 3600}')
        elif kind == "deep":
            self.reply(200, "[" * 10000)
        elif kind == "wrong_types":
            self.reply(200, {"access_token": 12345, "expires_in": "3600", "token_type": 7})
        elif kind == "missing":
            self.reply(200, {"token_type": "Bearer", "expires_in": 3600})
        elif kind == "newline":
            self.reply(200, {"access_token": "mint-abc\nInjected: 1", "expires_in": 3600,
                             "token_type": "Bearer"})
        elif kind == "not_bearer":
            self.reply(200, {"access_token": "mint-mac", "expires_in": 3600, "token_type": "mac"})
        elif kind == "status":
            self.reply(int(sc.get("status", 500)), html_page("Error"), HTML)
        elif kind == "redirect":
            self.reply(302, "", TEXT, {"Location": "https://evil.example/oauth/token"})
        elif kind == "hang":
            self.log_request_line(0)
            time.sleep(600)
            self.close_connection = True
        else:
            return False
        return True

    def token_endpoint(self, kind):
        """Atlassian's (cloud) or Data Center 11's (dc) client-credentials grant."""
        if self.command != "POST":
            return self.reply(405, {"error": "invalid_request"}, JSON, {"Allow": "POST"})
        if self.hostile_token_reply(self.cfg.get("token_reply")):
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return self.token_error(400, "invalid_request", "form-encoded body expected")
        try:
            form = urllib.parse.parse_qs(self.body.decode("ascii"), keep_blank_values=True,
                                         strict_parsing=True)
        except (UnicodeDecodeError, ValueError):
            return self.token_error(400, "invalid_request", "malformed form")
        one = {k: v[0] for k, v in form.items() if len(v) == 1}
        if one.get("grant_type") != "client_credentials":
            return self.token_error(400, "unsupported_grant_type", "client_credentials only")
        account = None
        for a in self.cfg.get("service_accounts", []):
            if a.get("client_id") == one.get("client_id") and \
                    a.get("client_secret") == one.get("client_secret"):
                account = a
        if not account:
            return self.token_error(401, "invalid_client", "Unauthorized")
        if kind == "cloud" and "scope" in form:         # Atlassian refuses any scope
            return self.token_error(400, "invalid_scope", "scope is not allowed")
        if kind == "dc":
            allowed = account.get("scopes", ["READ", "WRITE"])
            asked = (one.get("scope") or "").split(" ")
            if not one.get("scope") or any(s not in allowed for s in asked):
                return self.token_error(400, "invalid_scope", "the scope is not allowed")
        lifetime = int(self.cfg.get("token_expires_in", 3600))
        token = self.cfg.get("minted_token") or "mint-" + kind + "-" + os.urandom(16).hex()
        with MINTED_LOCK:
            MINTED[token] = (account["client_id"], kind, time.monotonic() + lifetime)
        answer = {"access_token": token, "expires_in": lifetime, "token_type": "Bearer"}
        if kind == "cloud":
            answer["scope"] = "read:jira-work write:jira-work"
        self.reply(200, answer, JSON, {"Cache-Control": "no-store", "Pragma": "no-cache"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        err = sys.exc_info()[1]
        if isinstance(err, (ssl.SSLError, ConnectionError, TimeoutError)):
            sys.stderr.write("fakejira: %s: %s\n" % (client_address[0], err))
        else:
            super().handle_error(request, client_address)


def main():
    global OPTS
    p = argparse.ArgumentParser(description="Fake Jira server for tests")
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--tls-client-ca")
    p.add_argument("--config")
    OPTS = p.parse_args()
    if bool(OPTS.tls_cert) != bool(OPTS.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if OPTS.tls_client_ca and not OPTS.tls_cert:
        p.error("--tls-client-ca needs --tls-cert")

    if ":" in OPTS.bind:
        Server.address_family = socket.AF_INET6
    server = Server((OPTS.bind, OPTS.port), Handler)
    if OPTS.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(OPTS.tls_cert, OPTS.tls_key)
        if OPTS.tls_client_ca:                   # a zero-trust proxy: no certificate, no entry
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(OPTS.tls_client_ca)
        # Handshake lazily in the request thread, so a silent client cannot block accept().
        server.socket = ctx.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    tmp = OPTS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, OPTS.port_file)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        try:
            os.unlink(OPTS.port_file)
        except OSError:
            pass


if __name__ == "__main__":
    main()
