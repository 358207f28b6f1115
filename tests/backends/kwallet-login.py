#!/usr/bin/python3
# kwallet-login.py WALLET-DIR: does what pam_kwallet5 does at login, then
# becomes kwalletd5 (same process id).  Reads the wallet password on stdin,
# creates WALLET-DIR/kdewallet.salt (56 random bytes) when missing, derives
# the key with PBKDF2-HMAC-SHA512 (50000 rounds, 56 bytes) over that salt,
# and hands kwalletd5 --pam-login a pipe holding the key and a listening
# socket on which the environment is already queued.  kwalletd5 then opens
# (or creates) the wallet "kdewallet" with that key, without a dialog.
import hashlib
import os
import socket
import sys

KEYSIZE = SALTSIZE = 56
ITERATIONS = 50000

wallet_dir = sys.argv[1]
os.makedirs(wallet_dir, mode=0o700, exist_ok=True)
salt_path = os.path.join(wallet_dir, "kdewallet.salt")
if not os.path.exists(salt_path):
    fd = os.open(salt_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, os.urandom(SALTSIZE))
    os.close(fd)
with open(salt_path, "rb") as f:
    salt = f.read(SALTSIZE)
if len(salt) != SALTSIZE:
    sys.exit("kwallet-login.py: short salt file")

password = bytearray(sys.stdin.buffer.readline().rstrip(b"\n"))
key = bytearray(hashlib.pbkdf2_hmac("sha512", password, salt, ITERATIONS, KEYSIZE))
password[:] = bytes(len(password))

rd, wr = os.pipe()
os.write(wr, key)  # 56 bytes: fits in the pipe before kwalletd5 reads
key[:] = bytes(len(key))
os.close(wr)

path = os.path.join(os.environ["XDG_RUNTIME_DIR"], "kwallet5.socket")
if os.path.exists(path):
    os.unlink(path)
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
# The environment, as pam_kwallet_init sends it: queued before kwalletd5
# accepts, so nothing has to run after the exec.
cli = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
cli.connect(path)
cli.sendall("".join("%s=%s\n" % kv for kv in os.environ.items()).encode())
cli.close()

os.set_inheritable(rd, True)
os.set_inheritable(srv.fileno(), True)
env = dict(os.environ, PAM_KWALLET5_LOGIN=path)
os.execvpe("kwalletd5", ["kwalletd5", "--pam-login", str(rd), str(srv.fileno())], env)
