#!/usr/bin/env python3
"""pty-run.py ANSWERS-FILE CMD ARGS...: runs CMD on a new pseudo-terminal
(its controlling tty), answers each prompt it prints with the next line of
ANSWERS-FILE (a prompt is seen when the output ends in ': '), and prints
everything the terminal showed.  Exits with CMD's exit status.  Stdin of
CMD is /dev/null, so a program that reads its answers from stdin fails."""
import os
import select
import sys
import time

answers = open(sys.argv[1]).read().splitlines()
pid, fd = os.forkpty()
if pid == 0:
    devnull = os.open("/dev/null", os.O_RDONLY)
    # stdin from /dev/null; stdout and stderr stay on the terminal
    os.dup2(devnull, 0)
    os.execvp(sys.argv[2], sys.argv[2:])

shown = b""
pending = b""
deadline = time.time() + 120
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if not r:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    shown += data
    pending += data
    if pending.rstrip(b" ").endswith(b":") and answers:
        time.sleep(0.2)  # let the program turn echo off before we type
        os.write(fd, answers.pop(0).encode() + b"\n")
        pending = b""
_, status = os.waitpid(pid, 0)
sys.stdout.write(shown.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
