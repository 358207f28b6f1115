#!/usr/bin/env python3
"""measure.py: times jira-credential against git-credential-libsecret on
one private keyring (run by bench.sh inside the session).

Each command is run as a child; its wall time is taken around the spawn
and wait, its CPU time and peak RSS come from wait4()'s rusage (the same
numbers /usr/bin/time -v prints).  Commands that are compared run
alternately, PAIRS pairs after WARMUP runs each, and the table gives each
median and the median of the paired ratios.

Usage: measure.py [PAIRS]   (environment from bench.sh)
"""
import os
import statistics
import subprocess
import sys
import time

PAIRS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
WARMUP = 5
OTHERS = 1000
JC = "jira-credential"
REF = os.environ.get("JC_REF") or None
FAKE = os.environ["JC_FAKE"]
CA = os.environ["JC_CA"]
HOST = "jira.bench.example"
GET = f"protocol=https\nhost={HOST}\n".encode()


def run(argv, stdin=b""):
    """Runs argv once; returns (wall s, cpu s, peak RSS KiB, stdout)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    p.stdin.write(stdin)
    p.stdin.close()
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"measure.py: {argv} exited {p.returncode}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, out


def sample(argv, stdin=b"", n=PAIRS):
    for _ in range(WARMUP):
        run(argv, stdin)
    return [run(argv, stdin) for _ in range(n)]


def paired(a, b):
    """Runs a and b alternately; returns both sample lists."""
    for _ in range(WARMUP):
        run(*a)
        run(*b)
    ra, rb = [], []
    for i in range(PAIRS):
        if i % 2:
            rb.append(run(*b))
            ra.append(run(*a))
        else:
            ra.append(run(*a))
            rb.append(run(*b))
    return ra, rb


def med(samples, k):
    return statistics.median(s[k] for s in samples)


def ratio(ra, rb, k=0):
    return statistics.median(x[k] / y[k] for x, y in zip(ra, rb))


rows = []


def row(name, samples, note=""):
    rows.append((name, med(samples, 0) * 1000, med(samples, 1) * 1000,
                 max(s[2] for s in samples), note))


def store_ours(host, user, secret, path=None):
    dom = f"https://{host}" + (f"/{path}" if path else "")
    run([JC, "store"], f"domain={dom}\nusername={user}\npassword={secret}\n".encode())


def store_ref(host, user, secret):
    run([REF, "store"], f"protocol=https\nhost={host}\nusername={user}\npassword={secret}\n".encode())


def check_answers():
    out = run([JC, "get"], GET)[3]
    assert b"password=tok-bench" in out, out
    if REF:
        out = run([REF, "get"], GET)[3]
        assert b"password=tok-bench" in out, out


def section_plain(label):
    ours_cmd = ([JC, "get"], GET)
    st = sample(["secret-tool", "lookup", "xdg:schema", "org.jira-credential.Credential",
                 "host", HOST, "protocol", "https"])
    if REF:
        ours, ref = paired(ours_cmd, ([REF, "get"], GET))
        row(f"jira-credential get{label}", ours,
            f"{ratio(ours, ref):.2f}x reference (paired median)")
        row(f"git-credential-libsecret get{label}", ref)
    else:
        ours = sample(*ours_cmd)
        row(f"jira-credential get{label}", ours)
    row(f"secret-tool lookup{label}", st)
    return ours


def main():
    store_ours(HOST, "bob@example.com", "tok-bench")
    if REF:
        store_ref(HOST, "bob@example.com", "tok-bench")
    check_answers()
    plain1 = section_plain(" (1 item)")

    for i in range(OTHERS):
        store_ours(f"other-{i}.example", f"user{i}", f"secret-{i}")
        if REF:
            store_ref(f"other-{i}.example", f"user{i}", f"secret-{i}")
    check_answers()
    plain1k = section_plain(f" (+{OTHERS} others)")
    rows.append((f"  1000-item get / 1-item get", None, None, None,
                 f"{med(plain1k, 0) / med(plain1, 0):.2f}x"))

    # Validation against the local fake Jira over TLS, beside curl.
    store_ours(FAKE.split("//")[1], "bench", "bench-secret")
    hdr = os.path.join(os.environ["HOME"], "bench-header")
    with open(hdr, "wb") as f:
        f.write(run([JC, "--format=header", "get", FAKE])[3])
    plain = ([JC, "get", FAKE], b"")
    warm = ([JC, f"--cacert={CA}", "--validate", "get", FAKE], b"")
    cold = ([JC, f"--cacert={CA}", "--cache-ttl=0", "--validate", "get", FAKE], b"")
    curl = (["curl", "-sS", "-o", "/dev/null", "--cacert", CA, "-H", f"@{hdr}",
             f"{FAKE}/rest/api/2/myself"], b"")
    run(*warm)  # fills the cache
    w, p = paired(warm, plain)
    row("get --validate, warm cache", w, f"{ratio(w, p):.2f}x plain get")
    row("get (same credential, no validation)", p)
    c, cu = paired(cold, curl)
    budget = [pp[0] + cc[0] for pp, cc in zip(p, cu)]
    row("get --validate, cold", c,
        f"{statistics.median(x[0] / b for x, b in zip(c, budget)):.2f}x (plain get + curl)")
    row("curl, the same request", cu)
    os.unlink(hdr)

    print(f"\n{PAIRS} runs each after {WARMUP} warm-up runs; medians.\n")
    print("| command | wall ms | CPU ms | peak RSS KiB | note |")
    print("|---|---:|---:|---:|---|")
    for name, wall, cpu, rss, note in rows:
        if wall is None:
            print(f"| {name} | | | | {note} |")
        else:
            print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss} | {note} |")


if __name__ == "__main__":
    main()
