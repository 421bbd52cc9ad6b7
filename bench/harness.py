#!/usr/bin/env python3
"""Drive Kith's benchmark workloads; called by scripts/bench.

    harness.py --kith BIN --hello BIN [--backends sqlite postgres]
               [--pg-admin-url URL] [--duration S] [--rounds N] [--work DIR]
               [--results FILE.json]

For each backend: a fresh database, `kith migrate`, `kith serve`, the 64
benchmark volunteers registered through the API (bench1..bench64@example.org),
the server stopped, then bench/scale/load.py loads the realistic dataset
(100k residents, 5k volunteers, 200 groups, 50k shifts, 1M check-ins, 2M
ledger entries). Then:

1. statement budget: the server with KITH_COUNT_SQL_STATEMENTS=1 answers a
   few requests of each workload one at a time, each response checked, and
   the largest `Kith-Sql-Statements` header is kept (at most 3 allowed);
2. load: the server again without counting, a warm-up, then ROUNDS rounds in
   which every workload runs DURATION seconds under wrk (64 connections, two
   threads, bench/workloads.lua checking every response; any failed
   response fails the run);
3. the sign-up invariant: no shift has more confirmed volunteers than
   places, read straight from the database.

The ceiling, raw poem hello-world (server/examples/hello.rs), is measured
the same way at the start. Results go to a JSON file for bench/report.py.
Scheduled jobs are switched off in the benchmark servers so that only the
workload runs.
"""

import argparse
import base64
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "scale"))
import load as scale  # noqa: E402  (bench/scale/load.py: the dataset's contract)

PASSWORD = "correct horse battery staple"
JWT_SECRET = "kith-benchmark-signing-secret-0123456789-abcdef"
CONNECTIONS = 64
THREADS = 2
BUDGET = 3
VOLUNTEERS = 64

UPCOMING_SHIFTS = (
    "query ($group: ID!) { upcomingShifts(groupId: $group, first: 20) { edges { node { "
    "id title startsAt endsAt places confirmedCount waitlistCount group { id name } "
    "signups(first: 10) { edges { node { id status volunteer { id displayName } } } } } } "
    "pageInfo { hasNextPage endCursor } } }"
)
STATEMENT = (
    "{ me { timeAccount { balanceMinutes transfers(first: 20) { edges { node { "
    "id kind minutes change reason createdAt } } } } } }"
)
OVERDUE = (
    "{ overdueCheckIns(first: 50) { edges { node { id dueAt overdueAt status escalationStep "
    "resident { id displayName } volunteer { id displayName } group { id name } } } "
    "pageInfo { hasNextPage endCursor } } }"
)
SIGN_UP = "mutation ($shift: ID!) { signUpForShift(shiftId: $shift) { id status shift { id confirmedCount } } }"

def say(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def die(msg):
    print(f"bench: error: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def gid(kind, n):
    return base64.urlsafe_b64encode(f"{kind}:{n}".encode()).decode().rstrip("=")


class Server:
    """`kith serve` (or the hello-world ceiling) on a free loopback port."""

    def __init__(self, argv, env, log_path, ready_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(env)
        env["KITH_LISTEN"] = f"127.0.0.1:{self.port}"
        argv = [a.replace("{listen}", f"127.0.0.1:{self.port}") for a in argv]
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(argv, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + ready_path, timeout=2) as r:
                    if r.status == 200:
                        break
            except Exception:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                die(f"{argv[0]} did not come up; see {log_path}")
            time.sleep(0.2)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def post(url, query, variables=None, token=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    req = urllib.request.Request(url + "/graphql", data=body, method="POST")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read()), r.headers


def ok(url, query, variables=None, token=None):
    data, headers = post(url, query, variables, token)
    if data.get("errors"):
        die(f"GraphQL errors: {data['errors']}")
    return data["data"], headers


class Backend:
    def __init__(self, name, args, work):
        self.name = name
        self.args = args
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        if name == "sqlite":
            self.database_url = os.path.join(self.dir, "kith.db")
            self.admin_db = None
        else:
            if not args.pg_admin_url:
                die("PostgreSQL needs --pg-admin-url")
            self.db_name = f"kith_bench_{random.randrange(1 << 30):08x}"
            self.psql(args.pg_admin_url, f"CREATE DATABASE {self.db_name}")
            base = args.pg_admin_url.rsplit("/", 1)[0]
            self.database_url = f"{base}/{self.db_name}"

    def psql(self, url, sql, *extra):
        out = subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-F", " ", "-v", "ON_ERROR_STOP=1", url, *extra],
            input=sql, capture_output=True, text=True, timeout=3600,
        )
        if out.returncode != 0:
            die(f"psql failed: {out.stderr.strip()}")
        return out.stdout

    def drop(self):
        if self.name == "postgres":
            self.psql(self.args.pg_admin_url, f"DROP DATABASE IF EXISTS {self.db_name} WITH (FORCE)")

    def env(self, count=False):
        env = {k: v for k, v in os.environ.items() if not k.startswith("KITH_")
               and k not in ("DATABASE_URL", "SMTP_URL")}
        env.update({
            "DATABASE_URL": self.database_url,
            "KITH_DATA_DIR": self.dir,
            "KITH_JWT_SECRET": JWT_SECRET,
            "KITH_ENV": "development",
            "KITH_LOG": "warn",
            "KITH_WEB_DIR": os.path.join(self.dir, "no-web"),
            "KITH_DB_POOL_SIZE": str(self.args.pool),
        })
        for job in self.args.jobs:
            env["KITH_JOB_" + job.upper().replace("-", "_") + "_CRON"] = ""
        if count:
            env["KITH_COUNT_SQL_STATEMENTS"] = "1"
        return env

    def serve(self, count=False):
        return Server([self.args.kith, "serve"], self.env(count),
                      os.path.join(self.dir, "server.log"), "/readyz")

    def sql(self, query):
        """One row of one query, straight from the database."""
        if self.name == "sqlite":
            conn = sqlite3.connect(self.database_url)
            try:
                return tuple(conn.execute(query).fetchone())
            finally:
                conn.close()
        return tuple(self.psql(self.database_url, query).split())


def prepare(backend):
    say(f"{backend.name}: migrating")
    subprocess.run([backend.args.kith, "migrate"], env=backend.env(), check=True,
                   capture_output=True, timeout=600)
    server = backend.serve()
    try:
        say(f"{backend.name}: registering {VOLUNTEERS} benchmark volunteers")
        for i in range(1, VOLUNTEERS + 1):
            ok(server.url,
               "mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }",
               {"input": {"email": f"bench{i}@example.org", "password": PASSWORD,
                          "displayName": f"Bench Volunteer {i}"}})
    finally:
        server.stop()
    say(f"{backend.name}: loading the dataset")
    started = time.monotonic()
    loader = os.path.join(HERE, "scale", "load.py")
    if backend.name == "sqlite":
        out = subprocess.run([sys.executable, loader, "sqlite", backend.database_url],
                             capture_output=True, text=True, timeout=3600)
        report = out.stderr
        if out.returncode != 0:
            die(f"loading SQLite failed:\n{out.stderr}")
    else:
        sql = subprocess.run([sys.executable, loader, "postgres"], capture_output=True,
                             text=True, check=True).stdout
        row = backend.psql(backend.database_url, sql).strip().splitlines()[-1]
        out = subprocess.run([sys.executable, loader, "check"], input=row,
                             capture_output=True, text=True)
        report = out.stderr
        if out.returncode != 0:
            die(f"the PostgreSQL load is not consistent:\n{out.stderr}")
    seconds = time.monotonic() - started
    for line in report.strip().splitlines():
        say(f"  {line}")
    return seconds


def login_all(url):
    tokens = []
    for i in range(1, VOLUNTEERS + 1):
        data, _ = ok(url, "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
                     {"e": f"bench{i}@example.org", "p": PASSWORD})
        tokens.append(data["login"]["accessToken"])
    return tokens


def line(method, path, token="-", etag="-", body="-"):
    return "\t".join([method, path, token or "-", etag or "-", body or "-"])


def gql_line(token, query, variables=None):
    return line("POST", "/graphql", token, "-",
                json.dumps({"query": query, "variables": variables or {}}, separators=(",", ":")))


def workloads(url, tokens):
    """Each workload: a name, its request lines, the expected status, the
    marker each body must hold and how many times, and the probe lines."""
    coordinator = tokens[0]
    shifts_body = {"group": gid("Group", 1)}  # person 1 coordinates groups 1..5
    feed = f"/calendar/person/{scale.FEED_TOKEN}.ics"
    with urllib.request.urlopen(url + feed, timeout=60) as r:
        etag = r.headers.get("ETag")
        events = r.read().decode().count("BEGIN:VEVENT")
    if events < 1000:
        die(f"the calendar feed has {events} events, expected at least 1,000")
    # One sign-up per volunteer and shift, the volunteers taking turns on
    # each shift so that shifts fill and the waiting lists grow.
    pairs = [(v, s) for s in range(1, scale.SIGNUP_SHIFTS + 1) for v in range(VOLUNTEERS)]
    probe_pairs, load_pairs = pairs[:6], pairs[6:]
    signup = lambda v, s: gql_line(tokens[v], SIGN_UP, {"shift": gid("Shift", s)})
    return [
        ("upcoming shifts", [gql_line(coordinator, UPCOMING_SHIFTS, shifts_body)], 200,
         '"confirmedCount"', 20),
        ("balance + last 20 entries", [gql_line(coordinator, STATEMENT)], 200, '"createdAt"', 20),
        ("overdue check-ins (50)", [gql_line(coordinator, OVERDUE)], 200, '"dueAt"', 50),
        ("sign up for a shift", [signup(v, s) for v, s in load_pairs], 200, '"status"', 1,
         [signup(v, s) for v, s in probe_pairs]),
        ("calendar feed, 1,000 events", [line("GET", feed)], 200, "BEGIN:VEVENT", 1000),
        ("calendar feed, 304", [line("GET", feed, "-", etag)], 304, "", 0),
    ]


def probe(url, workload):
    """Send a few requests one at a time; check them; the most statements."""
    name, lines, status, marker, minimum = workload[:5]
    sample = workload[5] if len(workload) > 5 else lines[:1] * 3
    most = 0
    for l in sample:
        method, path, token, etag, body = l.split("\t")
        req = urllib.request.Request(url + path, method=method,
                                     data=None if body == "-" else body.encode())
        if body != "-":
            req.add_header("Content-Type", "application/json")
        if token != "-":
            req.add_header("Authorization", f"Bearer {token}")
        if etag != "-":
            req.add_header("If-None-Match", etag)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                got, text, headers = r.status, r.read().decode(), r.headers
        except urllib.error.HTTPError as e:
            got, text, headers = e.code, e.read().decode(), e.headers
        if got != status:
            die(f"{name}: status {got}, expected {status}: {text[:300]}")
        if status == 200 and (text.count(marker) < minimum or '"errors"' in text):
            die(f"{name}: unexpected response: {text[:500]}")
        if path == "/graphql":
            n = headers.get("Kith-Sql-Statements")
            if n is None:
                die(f"{name}: no Kith-Sql-Statements header")
            most = max(most, int(n))
    return most if lines[0].split("\t")[1] == "/graphql" else None


def wrk(url, requests_file, status, marker, minimum, seconds):
    out = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency",
         "-s", os.path.join(HERE, "workloads.lua"), url, "--",
         requests_file, str(status), marker or "-", str(minimum), str(THREADS)],
        capture_output=True, text=True, timeout=seconds + 120,
    )
    if out.returncode != 0:
        die(f"wrk failed: {out.stderr}")
    m = re.search(r"^RESULT (.*)$", out.stdout, re.M)
    if not m:
        die(f"wrk printed no RESULT:\n{out.stdout}\n{out.stderr}")
    result = dict(kv.split("=") for kv in m.group(1).split())
    bad = int(result["non200"]) + int(result["wrong"]) + int(result["socket_errors"])
    if bad:
        die(f"{bad} failed responses:\n{out.stderr[:2000]}")
    return {k: float(v) for k, v in result.items()}


def bench_backend(backend, args, results):
    load_seconds = prepare(backend)
    results["facts"][f"{backend.name}_load_seconds"] = round(load_seconds, 1)
    server = backend.serve(count=True)
    try:
        tokens = login_all(server.url)
        loads = workloads(server.url, tokens)
        statements = {}
        for w in loads:
            statements[w[0]] = probe(server.url, w)
            say(f"{backend.name}: {w[0]}: {statements[w[0]]} statements per request")
    finally:
        server.stop()

    files = {}
    for w in loads:
        path = os.path.join(backend.dir, re.sub(r"\W+", "-", w[0]) + ".requests")
        with open(path, "w") as f:
            f.write("\n".join(w[1]) + "\n")
        files[w[0]] = path

    server = backend.serve()
    try:
        say(f"{backend.name}: warming up")
        for w in loads:
            if w[0] != "sign up for a shift":
                wrk(server.url, files[w[0]], w[2], w[3], w[4], 3)
        for r in range(args.rounds):
            for w in loads:
                if w[0] == "calendar feed, 304" and backend.name != "sqlite":
                    continue
                res = wrk(server.url, files[w[0]], w[2], w[3], w[4], args.duration)
                if res["wrapped"] > 0 and w[0] == "sign up for a shift":
                    die("the sign-up workload ran out of unique sign-ups")
                say(f"{backend.name} round {r + 1}: {w[0]}: {res['rps']:.0f} req/s, "
                    f"p50 {res['p50_us'] / 1000:.1f} ms, p99 {res['p99_us'] / 1000:.1f} ms")
                results["runs"].append({
                    "backend": backend.name, "round": r + 1, "workload": w[0],
                    "statements": statements[w[0]], **res,
                })
                if w[0] == "sign up for a shift":
                    # Later rounds would find those volunteers already signed up.
                    loads = [x for x in loads if x[0] != w[0]]
    finally:
        server.stop()

    over = backend.sql(
        "SELECT COUNT(*) FROM shifts s WHERE s.places < (SELECT COUNT(*) FROM shift_signups u "
        "WHERE u.shift_id = s.id AND u.status = 'CONFIRMED')")
    signed = backend.sql(
        "SELECT COUNT(*) FROM shift_signups WHERE volunteer_id <= 64 AND shift_id BETWEEN "
        f"1 AND {scale.SIGNUP_SHIFTS}")
    results["facts"][f"{backend.name}_overbooked_shifts"] = int(over[0])
    results["facts"][f"{backend.name}_benchmark_signups"] = int(signed[0])
    if int(over[0]) != 0:
        die(f"{backend.name}: {over[0]} shifts have more confirmed volunteers than places")
    say(f"{backend.name}: {signed[0]} sign-ups made, no shift overbooked")


def ceiling(args, results, work):
    server = Server([args.hello, "{listen}"], dict(os.environ), os.path.join(work, "hello.log"), "/")
    try:
        path = os.path.join(work, "hello.requests")
        with open(path, "w") as f:
            f.write(line("GET", "/") + "\n")
        wrk(server.url, path, 200, "hello", 1, 3)
        for r in range(args.rounds):
            res = wrk(server.url, path, 200, "hello", 1, args.duration)
            say(f"ceiling round {r + 1}: {res['rps']:.0f} req/s")
            results["runs"].append({"backend": "-", "round": r + 1, "workload": "ceiling", **res})
    finally:
        server.stop()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kith", required=True)
    p.add_argument("--hello", required=True)
    p.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    p.add_argument("--pg-admin-url")
    p.add_argument("--duration", type=int, default=15)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pool", type=int, default=16)
    p.add_argument("--results", default="-")
    p.add_argument("--work")
    args = p.parse_args()
    # Every scheduled job, to switch them all off in the benchmark servers.
    with open(os.path.join(ROOT, "server", "src", "jobs", "registry.rs")) as f:
        args.jobs = re.findall(r'^\s*name: "([a-z-]+)",', f.read(), re.M)
    if "check-in-schedule" not in args.jobs:
        die("could not find the scheduled jobs in server/src/jobs/registry.rs")
    work = args.work or tempfile.mkdtemp(prefix="kith-bench.")
    results = {"runs": [], "facts": {"duration": args.duration, "rounds": args.rounds,
                                     "connections": CONNECTIONS, "pool": args.pool}}
    try:
        ceiling(args, results, work)
        for name in args.backends:
            backend = Backend(name, args, work)
            try:
                bench_backend(backend, args, results)
            finally:
                backend.drop()
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(results, indent=1)
    if args.results == "-":
        print(text)
    else:
        with open(args.results, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
