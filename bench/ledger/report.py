#!/usr/bin/env python3
"""Turn scripts/bench-ledger's measurements into Markdown.

    report.py RESULTS.tsv FACTS.tsv PROBES.tsv [FILE.md]

Prints the results section; with FILE.md, also replaces the part of that
file between the two result markers (or appends it when they are missing),
leaving the rest of the file as it is.
"""

import sys

BEGIN = "<!-- results: begin (written by scripts/bench-ledger; do not edit by hand) -->"
END = "<!-- results: end -->"

TARGET_RPS = {"sqlite": 15000, "postgres": 8000}
TARGET_P99_MS = 8.0
NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
REQUESTS = {
    "statement": "statement (balance + 20 transfers)",
    "account": "balance only",
    "me": "`me { id }`",
    "healthz": "GET /healthz (ceiling)",
}

COLUMNS = [
    "backend", "pool", "what", "requests", "rps", "p50_us", "p90_us", "p99_us", "max_us",
    "non200", "wrong", "socket_errors", "server_cpu_us", "db_cpu_us", "load",
]


def ms(us: str) -> str:
    return f"{int(us) / 1000:.1f}"


def render(rows, facts, probes) -> str:
    out = []
    out.append(
        f"Run on {facts['date']}: `wrk -t2 -c64 -d{facts['duration']}s --latency` after a 5 s "
        f"warm-up, release build, server log level {facts['kith_log']}. Load average (1, 5, "
        f"15 min) when the script started: {facts['load_at_start']}; the last column is the "
        "1-minute load when each row started (above 0 is other work on the machine, on top "
        "of the server and wrk)."
    )
    out.append("")
    out.append(
        "| backend | pool | request | req/s | p50 ms | p90 ms | p99 ms | max ms | failed "
        "| kith CPU µs/req | PostgreSQL CPU µs/req | load |"
    )
    out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        failed = int(r["non200"]) + int(r["wrong"]) + int(r["socket_errors"])
        out.append(
            f"| {NAMES[r['backend']]} | {r['pool']} | {REQUESTS[r['what']]} | {int(r['rps']):,} "
            f"| {ms(r['p50_us'])} | {ms(r['p90_us'])} | {ms(r['p99_us'])} | {ms(r['max_us'])} "
            f"| {failed} | {r['server_cpu_us']} | {r['db_cpu_us'] or '–'} | {r['load']} |"
        )
    out.append("")
    out.append(
        "\"failed\" counts responses that were not 200, bodies without the expected field "
        "or with GraphQL `errors`, and socket errors. \"kith CPU µs/req\" is the server "
        "process's CPU time (user + system) during the run divided by the requests served; "
        "\"PostgreSQL CPU µs/req\" the same for the cluster's processes."
    )
    out.append("")
    out.append("Against the targets (the statement, best pool size):")
    out.append("")
    out.append(
        "| backend | pool | req/s | target | share of target | p99 ms | p99 ≤ 8 ms "
        "| /healthz req/s | statement ÷ /healthz | CPU-bound ceiling req/s |"
    )
    out.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for backend in TARGET_RPS:
        stmts = [r for r in rows if r["backend"] == backend and r["what"] == "statement"]
        if not stmts:
            continue
        best = max(stmts, key=lambda r: float(r["rps"]))
        health = [r for r in rows if r["backend"] == backend and r["what"] == "healthz"]
        rps = float(best["rps"])
        target = TARGET_RPS[backend]
        p99 = int(best["p99_us"]) / 1000
        h = float(health[0]["rps"]) if health else 0
        met = "met" if rps >= target else f"missed by {target - rps:,.0f} req/s"
        p99_ok = "yes" if p99 <= TARGET_P99_MS else f"no ({p99 / TARGET_P99_MS:.1f}× the limit)"
        ceiling = f"{h:,.0f} | {rps / h:.2f}" if h else "– | –"
        cpu = int(best["server_cpu_us"] or 0) + int(best["db_cpu_us"] or 0)
        # PostgreSQL's share is unknown for a database the script did not start.
        known = cpu and (backend != "postgres" or best["db_cpu_us"])
        bound = f"{int(facts['nproc']) * 1e6 / cpu:,.0f}" if known else "–"
        out.append(
            f"| {NAMES[backend]} | {best['pool']} | {rps:,.0f} | {target:,} "
            f"| {rps / target:.0%} ({met}) | {p99:.1f} | {p99_ok} | {ceiling} | {bound} |"
        )
    out.append("")
    out.append(
        "\"CPU-bound ceiling\" is what both CPUs could serve if they did nothing but run "
        "kith and PostgreSQL at the CPU cost per request measured in the run (CPUs × 1 s of "
        "CPU per second ÷ that cost); wrk's own share is left out, so the real ceiling is lower."
    )
    out.append("")
    if probes:
        out.append(
            "The SQL of one statement request, timed outside the server right after the load "
            "(µs per query, median; SQLite through Python's sqlite3, SQLite "
            f"{facts.get('python_sqlite', '?')}; `bench/ledger/probe.py` says how):"
        )
        out.append("")
        names = ["auth", "person", "account", "count", "page"]
        out.append("| backend | " + " | ".join(names) + " | sum |")
        out.append("|---|" + "---:|" * (len(names) + 1))
        for backend in TARGET_RPS:
            got = {q: int(us) for b, q, us in probes if b == backend}
            if got:
                out.append(
                    f"| {NAMES[backend]} | "
                    + " | ".join(str(got.get(q, "–")) for q in names)
                    + f" | {sum(got.values())} |"
                )
        out.append("")
    out.append("Machine and data for this run:")
    out.append("")
    out.append(f"- CPUs (`nproc`): {facts['nproc']}; CPU model: {facts['cpu']}")
    out.append(f"- {facts['rustc']}; {facts['wrk']}")
    out.append(f"- SQLite {facts['sqlite_version']} (bundled)")
    if "postgres_version" in facts:
        out.append(
            f"- PostgreSQL {facts['postgres_version']} (throwaway cluster unless "
            "KITH_BENCH_DATABASE_URL was set; default memory settings)"
        )
    out.append(
        "- ledger: 10,000 accounts (9,980 people, 20 groups), 1,000,000 transfers, "
        "2,000,000 entries; the signed-in person's account has 3,003 entries"
    )
    if "bench_seconds" in facts:
        minutes, seconds = divmod(int(facts["bench_seconds"]), 60)
        out.append(f"- the script took {minutes} min {seconds} s after the build")
    if "sqlite_file_mb" in facts:
        out.append(
            f"- SQLite file: {facts['sqlite_file_mb']} MB, loaded in {facts['sqlite_load']} s"
        )
    if "postgres_db_mb" in facts:
        out.append(
            f"- PostgreSQL database: {facts['postgres_db_mb']} MB, loaded (with VACUUM "
            f"ANALYZE) in {facts['postgres_load']} s"
        )
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        rows = [dict(zip(COLUMNS, line.rstrip("\n").split("\t"))) for line in f if line.strip()]
    with open(sys.argv[2]) as f:
        facts = dict(line.rstrip("\n").split("\t", 1) for line in f if line.strip())
    with open(sys.argv[3]) as f:
        probes = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    section = render(rows, facts, probes)
    print(section)
    if len(sys.argv) == 5:
        path = sys.argv[4]
        try:
            with open(path) as f:
                text = f.read()
        except FileNotFoundError:
            text = "# Time-bank statement benchmark\n\n"
        block = f"{BEGIN}\n{section}{END}"
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            text = head + block + tail
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        with open(path, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
