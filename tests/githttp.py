#!/usr/bin/env python3
"""githttp.py: a git smart-HTTP server for the tests, from Python's
standard library: `git http-backend` run as CGI behind HTTP Basic
authentication, on 127.0.0.1 only.

Usage: githttp.py --root DIR --users FILE --port-file FILE --log FILE

DIR holds the bare repositories (GIT_PROJECT_ROOT).  FILE holds one
"user:password" a line and is read at every request, so that a test
changes a password by rewriting it.  A request without the right
credential gets 401 with a Basic challenge, as a git host answers.  Each
request is logged as "METHOD PATH STATUS USER".
"""
import argparse
import base64
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

ARGS = None


def users():
    """The user:password pairs of the users file, read now."""
    with open(ARGS.users, encoding="utf-8") as f:
        return dict(line.rstrip("\n").split(":", 1) for line in f if ":" in line)


def who(header):
    """The user that the Authorization header proves, or None."""
    if not header or not header.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return user if users().get(user) == password else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):  # the log file, not stderr
        pass

    def note(self, status, user):
        with open(ARGS.log, "a", encoding="utf-8") as f:
            f.write(f"{self.command} {self.path} {status} {user or '-'}\n")

    def body(self):
        """The request's body, chunked or not."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def serve(self):
        user = who(self.headers.get("Authorization"))
        if not user:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.note(401, None)
            return
        url = urlsplit(self.path)
        env = dict(os.environ, GIT_PROJECT_ROOT=ARGS.root, GIT_HTTP_EXPORT_ALL="1",
                   REQUEST_METHOD=self.command, PATH_INFO=url.path, QUERY_STRING=url.query,
                   REMOTE_USER=user, REMOTE_ADDR="127.0.0.1",
                   CONTENT_TYPE=self.headers.get("Content-Type", ""))
        for name in ("Git-Protocol", "Content-Encoding"):
            if self.headers.get(name):
                env["GIT_PROTOCOL" if name == "Git-Protocol" else "HTTP_CONTENT_ENCODING"] = \
                    self.headers[name]
        data = self.body() if self.command == "POST" else b""
        env["CONTENT_LENGTH"] = str(len(data))
        out = subprocess.run(["git", "http-backend"], input=data, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        ends = [(i, len(sep)) for sep in (b"\r\n\r\n", b"\n\n") if (i := out.find(sep)) >= 0]
        end, seplen = min(ends) if ends else (len(out), 0)
        head, payload = out[:end].decode("latin-1"), out[end + seplen:]
        status, headers = 200, []
        for line in head.splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        self.note(status, user)

    do_GET = serve
    do_POST = serve


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--users", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    ARGS = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(ARGS.port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.rename(ARGS.port_file + ".tmp", ARGS.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
