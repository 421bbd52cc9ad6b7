#!/usr/bin/env python3
"""Time, outside the server, the SQL one statement request runs.

    probe.py sqlite PATH.db     time each query with Python's sqlite3
    probe.py postgres-sql       print EXPLAIN ANALYZE runs for psql
    probe.py postgres-parse     read psql's output of those on standard input

Prints one `backend<TAB>query<TAB>microseconds` line per query (the median
of several runs), as scripts/bench-ledger records them. The queries are the
ones kith runs for the statement request, in order, for the benchmark person
(person and account 1, session `SID`):

    auth     the signed-in check (session and person)
    person   `me`
    account  `timeAccount` (find the person's account)
    count    the statement's total: every entry of the account
    page     the statement's page: the newest 21 entries with their transfers

SQLite: wall time per execution with a cached prepared statement, Python's
own SQLite (not the server's bundled one) and Python's row conversion
included. PostgreSQL: planning plus execution time as EXPLAIN ANALYZE
reports them (no network round trip, no row transfer).
"""

import statistics
import sys
import time

QUERIES = [
    (
        "auth",
        "SELECT s.revoked_at, p.disabled_at, p.is_admin FROM sessions s "
        "JOIN people p ON p.id = s.person_id WHERE s.id = {sid} AND s.person_id = 1 LIMIT 1",
    ),
    ("person", "SELECT * FROM people WHERE id = 1 LIMIT 1"),
    ("account", "SELECT * FROM time_accounts WHERE person_id = 1 LIMIT 1"),
    ("count", "SELECT COUNT(*) FROM time_entries WHERE account_id = 1"),
    (
        "page",
        "SELECT e.id, e.delta_minutes, t.* FROM time_entries e "
        "JOIN time_transfers t ON t.id = e.transfer_id "
        "WHERE e.account_id = 1 ORDER BY e.id DESC LIMIT 21",
    ),
]

PG_RUNS = 25


def sqlite_probe(path: str) -> None:
    import sqlite3

    conn = sqlite3.connect(path, cached_statements=64)
    sid = conn.execute("SELECT MAX(id) FROM sessions WHERE person_id = 1").fetchone()[0] or 0
    for name, sql in QUERIES:
        sql = sql.format(sid=sid)
        conn.execute(sql).fetchall()
        samples = []
        for _ in range(7):
            n = 200
            started = time.perf_counter()
            for _ in range(n):
                conn.execute(sql).fetchall()
            samples.append((time.perf_counter() - started) / n * 1e6)
        print(f"sqlite\t{name}\t{statistics.median(samples):.0f}")


def postgres_sql() -> None:
    out = []
    out.append("SELECT COALESCE(MAX(id), 0) AS sid FROM sessions WHERE person_id = 1 \\gset")
    for name, sql in QUERIES:
        sql = sql.replace("{sid}", ":sid")
        out.append(f"\\echo QUERY {name}")
        for _ in range(PG_RUNS):
            out.append(f"EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) {sql};")
    print("\n".join(out))


def postgres_parse() -> None:
    samples = {}
    current = None
    planning = None
    for line in sys.stdin:
        line = line.strip()
        if line.startswith("QUERY "):
            current = line.split()[1]
            samples[current] = []
        elif line.startswith("Planning Time:"):
            planning = float(line.split()[2])
        elif line.startswith("Execution Time:") and current:
            samples[current].append((planning or 0) + float(line.split()[2]))
            planning = None
    for name, _ in QUERIES:
        s = samples.get(name)
        if not s:
            sys.exit(f"probe.py: no timings for {name}")
        # The first runs warm the caches.
        print(f"postgres\t{name}\t{statistics.median(s[5:] or s) * 1000:.0f}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "sqlite":
        sqlite_probe(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "postgres-sql":
        postgres_sql()
    elif len(sys.argv) == 2 and sys.argv[1] == "postgres-parse":
        postgres_parse()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
