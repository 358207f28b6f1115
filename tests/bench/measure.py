#!/usr/bin/env python3
"""measure.py: times jira-credential against git-credential-libsecret on
one private keyring (run by bench.sh inside the session).

Each command is run as a child; its wall time is taken around the spawn
and wait, its CPU time comes from wait4()'s rusage.  Peak RSS is taken by
/usr/bin/time (5 runs, the largest): a child forked from Python would
report Python's own pages.  Commands that are compared run
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
# git asks every helper about every host: most asks find nothing.
MISS = b"protocol=https\nhost=github.com\n"
# What git sends after a request with the stored credential succeeded.
STORE_OURS = f"domain=https://{HOST}\nusername=bob@example.com\npassword=tok-bench\n".encode()
STORE_REF = f"protocol=https\nhost={HOST}\nusername=bob@example.com\npassword=tok-bench\n".encode()

# Targets (issue: every git call at least as fast as git-credential-libsecret).
TARGET = {"get": 0.80, "miss": 0.9, "store": 1.0, "erase": 1.0, "big": 1.1,
          "pass_store": 0.5,  # issue 18: an unchanged store writes nothing
          "service": 1.1}  # issue 21: a live service token costs a pat's get


# The second keyring (bench.sh), holding the 1,000 other credentials.
ENV_B = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=os.environ["JC_BENCH_BUS_B"],
             HOME=os.environ["JC_BENCH_HOME_B"],
             XDG_RUNTIME_DIR=os.environ["JC_BENCH_HOME_B"] + "/run",
             XDG_DATA_HOME=os.environ["JC_BENCH_HOME_B"] + "/.local/share")


def run(argv, stdin=b"", env=None):
    """Runs argv once; returns (wall s, cpu s, peak RSS KiB, stdout)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env)
    p.stdin.write(stdin)
    p.stdin.close()
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"measure.py: {argv} exited {p.returncode}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, out


def sample(argv, stdin=b"", env=None, n=PAIRS):
    for _ in range(WARMUP):
        run(argv, stdin, env)
    return [run(argv, stdin, env) for _ in range(n)]


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


def peak_rss(argv, stdin=b"", env=None):
    """Largest maximum resident set size (KiB) over 5 runs, by /usr/bin/time."""
    peak = 0
    for _ in range(5):
        r = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], input=stdin, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        peak = max(peak, int(r.stderr.decode().strip().splitlines()[-1]))
    return peak


def med(samples, k):
    return statistics.median(s[k] for s in samples)


def ratio(ra, rb, k=0):
    return statistics.median(x[k] / y[k] for x, y in zip(ra, rb))


rows = []


def row(name, samples, cmd, note=""):
    rows.append((name, med(samples, 0) * 1000, med(samples, 1) * 1000, peak_rss(*cmd), note))


def store_ours(host, user, secret, env=None):
    run([JC, "store"], f"domain=https://{host}\nusername={user}\npassword={secret}\n".encode(), env)


def store_ref(host, user, secret, env=None):
    run([REF, "store"], f"protocol=https\nhost={host}\nusername={user}\npassword={secret}\n".encode(),
        env)


def check_answers(env=None):
    out = run([JC, "get"], GET, env)[3]
    assert b"password=tok-bench" in out, out
    if REF:
        out = run([REF, "get"], GET, env)[3]
        assert b"password=tok-bench" in out, out


def target(kind, r):
    t = TARGET[kind]
    return f"target <= {t:.2f}x: {'met' if r <= t else 'NOT MET'}"


def section_calls():
    """git's other calls on the 1-item keyring, each beside the reference."""
    cases = [
        ("get, miss (host=github.com)", "miss", ([JC, "get"], MISS), ([REF, "get"], MISS)),
        ("store of the stored credential", "store", ([JC, "store"], STORE_OURS),
         ([REF, "store"], STORE_REF)),
        ("erase that finds nothing", "erase", ([JC, "erase"], MISS), ([REF, "erase"], MISS)),
    ]
    for name, kind, ours_cmd, ref_cmd in cases:
        if not REF:
            row(f"jira-credential {name}", sample(*ours_cmd), ours_cmd)
            continue
        ours, ref = paired(ours_cmd, ref_cmd)
        r = ratio(ours, ref)
        row(f"jira-credential {name}", ours, ours_cmd,
            f"{r:.2f}x reference (paired median); {target(kind, r)}")
        row(f"git-credential-libsecret {name}", ref, ref_cmd)
    check_answers()


def section_plain(label, env=None):
    ours_cmd = ([JC, "get"], GET, env)
    ref_cmd = ([REF, "get"], GET, env)
    st_cmd = (["secret-tool", "lookup", "xdg:schema", "org.jira-credential.Credential",
               "host", HOST, "protocol", "https"], b"", env)
    st = sample(*st_cmd)
    if REF:
        ours, ref = paired(ours_cmd, ref_cmd)
        r = ratio(ours, ref)
        row(f"jira-credential get{label}", ours, ours_cmd,
            f"{r:.2f}x reference (paired median); {target('get', r)}")
        row(f"git-credential-libsecret get{label}", ref, ref_cmd)
    else:
        ours = sample(*ours_cmd)
        row(f"jira-credential get{label}", ours, ours_cmd)
    row(f"secret-tool lookup{label}", st, st_cmd)
    return ours


# The pass store: --format=header get against pass show of the same entry,
# gpg-agent warm (a throwaway key without passphrase, a private GNUPGHOME).
def section_pass():
    home = os.path.join(os.environ["HOME"], "bench-pass")
    gnupg, store = os.path.join(home, "gnupg"), os.path.join(home, "store")
    os.makedirs(gnupg, mode=0o700)
    env = dict(os.environ, GNUPGHOME=gnupg, PASSWORD_STORE_DIR=store)
    env.pop("GPG_TTY", None)
    env.pop("DISPLAY", None)
    subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                    "Bench <bench@test.invalid>", "default", "default", "never"],
                   env=env, check=True, capture_output=True)
    subprocess.run(["pass", "init", "bench@test.invalid"], env=env, check=True,
                   capture_output=True)
    try:
        run([JC, "--store=pass", "store"],
            f"protocol=https\nhost={HOST}\nusername=bob@example.com\npassword=tok-bench\n"
            .encode(), env)
        ours = ([JC, "--store=pass", "--format=header", "get", f"https://{HOST}"], b"", env)
        theirs = (["pass", "show", f"jira/{HOST}/bob@example.com"], b"", env)
        if b"Authorization: Basic" not in run(*ours)[3] or b"tok-bench" not in run(*theirs)[3]:
            sys.exit("bench: the pass store does not answer")
        o, t = paired(ours, theirs)
        row("jira-credential --store=pass --format=header get", o, ours,
            f"{ratio(o, t):.2f}x pass show (paired median)")
        row("pass show (same entry)", t, theirs)
        section_pass_store(env)
    finally:
        subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True)


def section_pass_store(env):
    """git's store after every request that worked: the stored credential
    again (one decryption to compare, nothing written) against a changed
    one (encrypted, written, committed), alternately, in a store that is a
    git repository as a team's is."""
    subprocess.run(["pass", "git", "init"], env=env, check=True, capture_output=True)
    for key, value in (("user.email", "bench@test.invalid"), ("user.name", "bench")):
        subprocess.run(["git", "-C", env["PASSWORD_STORE_DIR"], "config", key, value],
                       env=env, check=True)
    argv = [JC, "--store=pass", "store"]

    def store(secret):
        return (argv, f"protocol=https\nhost={HOST}\nusername=bob@example.com\n"
                f"password={secret}\n".encode(), env)

    secret = "tok-bench"
    run(*store(secret))
    same, changed = [], []
    for i in range(WARMUP + PAIRS):
        a = run(*store(secret))
        secret = f"tok-bench-{i}"
        b = run(*store(secret))
        if i >= WARMUP:
            same.append(a)
            changed.append(b)
    commits = subprocess.run(["git", "-C", env["PASSWORD_STORE_DIR"], "rev-list", "--count",
                              "HEAD"], env=env, check=True, capture_output=True).stdout
    if int(commits) < WARMUP + PAIRS:
        sys.exit("bench: a changed credential was not committed")
    r = ratio(same, changed)
    row("jira-credential --store=pass store of the stored credential", same, store(secret),
        f"{r:.2f}x a changed one (paired median); {target('pass_store', r)}")
    row("jira-credential --store=pass store of a changed credential", changed,
        store("tok-bench-rss"))


# A service account (the fake's Data Center 11 token endpoint) whose token
# is live in the minted tokens' cache, against a personal access token on
# the same store; then a get that mints every time (no runtime directory
# in memory: one token request each).
def section_service():
    import tempfile
    rt = tempfile.mkdtemp(prefix="jc-bench-rt.", dir="/dev/shm")
    env = dict(os.environ, XDG_RUNTIME_DIR=rt)
    svc = FAKE.replace("localhost", "127.0.0.1")
    try:
        run([JC, "--type=service", "store", svc],
            b"username=bench-svc\npassword=bench-svc-secret\n", env)
        run([JC, "store"], b"domain=https://pat.bench.example\npassword=pat-bench\n", env)
        ours = ([JC, f"--cacert={CA}", "--format=header", "get", svc], b"", env)
        pat = ([JC, "--format=header", "get", "https://pat.bench.example"], b"", env)
        if b"Authorization: Bearer mint-" not in run(*ours)[3]:
            sys.exit("bench: the service account does not answer")
        s, p = paired(ours, pat)
        r = ratio(s, p)
        row("get of a service credential whose token is live", s, ours,
            f"{r:.2f}x a get of a pat (paired median); {target('service', r)}")
        row("get of a pat (same store)", p, pat)
        mint_env = dict(env, XDG_RUNTIME_DIR=os.path.join(os.environ["HOME"], "run"))
        mint = ([JC, f"--cacert={CA}", "--format=header", "get", svc], b"", mint_env)
        m, p2 = paired(mint, pat)
        row("get of a service credential that mints (one token request)", m, mint,
            f"{ratio(m, p2):.2f}x a get of a pat (paired median)")
    finally:
        subprocess.run(["rm", "-rf", rt], check=False)


def main():
    for env in (None, ENV_B):
        store_ours(HOST, "bob@example.com", "tok-bench", env)
        if REF:
            store_ref(HOST, "bob@example.com", "tok-bench", env)
    for i in range(OTHERS // 2):  # half ours, half git's: 1,000 others
        store_ours(f"other-{i}.example", f"user{i}", f"secret-{i}", ENV_B)
        if REF:
            store_ref(f"other-{i}.example", f"user{i}", f"secret-{i}", ENV_B)
    check_answers()
    check_answers(ENV_B)
    section_plain(" (1 item)")
    section_plain(f" (+{OTHERS} others)", ENV_B)
    big, small = paired(([JC, "get"], GET, ENV_B), ([JC, "get"], GET))
    r = ratio(big, small)
    rows.append((f"jira-credential get, {OTHERS} others / 1 item", None, None, None,
                 f"{r:.2f}x (paired median); {target('big', r)}"))
    section_calls()

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
    row("get --validate, warm cache", w, warm, f"{ratio(w, p):.2f}x plain get")
    row("get (same credential, no validation)", p, plain)
    c, cu = paired(cold, curl)
    budget = [pp[0] + cc[0] for pp, cc in zip(p, cu)]
    row("get --validate, cold", c, cold,
        f"{statistics.median(x[0] / b for x, b in zip(c, budget)):.2f}x (plain get + curl)")
    row("curl, the same request", cu, curl)
    os.unlink(hdr)
    section_service()
    section_pass()

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
