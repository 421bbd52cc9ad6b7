#!/usr/bin/env python3
"""Bulk-load a time-bank ledger for the statement benchmark.

    load.py sqlite PATH.db      load into a migrated SQLite file
    load.py postgres            print the SQL for psql; its last line of output
                                (-q -A -t -F ' ') is the consistency check row
    load.py check               read that row on standard input and check it

The database must be migrated and hold exactly one person, id 1 (the
benchmark's login, registered through the API). The load adds:

- people 2..PEOPLE (no login) and GROUPS groups created by person 1;
- one time account per person (account id = person id, so the benchmark
  person's account is 1) and per group (ids after the people's);
- TRANSFERS transfers, each with its two entries (a debit and a credit),
  set-based from a number series with fixed arithmetic hashes, so both
  backends get the same rows:
    i % 8 in 0..3  SHIFT              group  -> person  60..270 min
    i % 8 = 4      CHECK_IN           group  -> person  15..60 min
    i % 8 = 5      HELP_REQUEST       person -> person  30..75 min
    i % 8 = 6      GIFT               person -> person  15..74 min
    i % 8 = 7      DONATION_TO_GROUP  person -> group   30..89 min
  every MINE_EVERY-th transfer has the benchmark person on one side
  (payee or payer in turn), the others pick people 2..PEOPLE;
- balances, given and received minutes computed from the entries, so each
  account's balance is the sum of its entries and all balances sum to zero.

Then ANALYZE (SQLite: also a WAL checkpoint; PostgreSQL: VACUUM ANALYZE,
as autovacuum would after a large insert).
"""

import sqlite3
import sys
import time

TRANSFERS = 1_000_000
PEOPLE = 9_980
GROUPS = 20
MINE_EVERY = 333
# 2025-01-01 00:00:00 UTC; one transfer every 30 seconds after it.
EPOCH = 1_735_689_600
STEP_SECONDS = 30


def transfers_sql(series: str, ts) -> str:
    """INSERT … SELECT of every transfer from `series` (a query with one
    bigint column `i`, 1..TRANSFERS). `ts(expr)` turns unix seconds into a
    timestamp in the backend's dialect."""
    first_group = PEOPLE + 1
    return f"""
WITH t AS (
    SELECT i,
        i % 8 AS k,
        (i * 2654435761) % 4294967296 AS h1,
        (i * 40503 + 977) % 1000003 AS h2,
        CASE WHEN i % {MINE_EVERY} = 0 THEN 1 ELSE 0 END AS mine,
        (i / {MINE_EVERY}) % 2 AS mine_pays
    FROM ({series}) AS series
), p AS (
    SELECT t.*,
        2 + h1 % {PEOPLE - 1} AS a,
        {first_group} + h1 % {GROUPS} AS g
    FROM t
), q AS (
    SELECT p.*, 2 + (a - 2 + 1 + h2 % {PEOPLE - 2}) % {PEOPLE - 1} AS b FROM p
), r AS (
    SELECT i, k, h1, h2,
        CASE WHEN k <= 4 THEN g
             WHEN k = 7 THEN (CASE WHEN mine = 1 THEN 1 ELSE a END)
             WHEN mine = 1 AND mine_pays = 1 THEN 1
             ELSE a END AS from_account,
        CASE WHEN k <= 4 THEN (CASE WHEN mine = 1 THEN 1 ELSE a END)
             WHEN k = 7 THEN g
             WHEN mine = 1 AND mine_pays = 1 THEN a
             WHEN mine = 1 THEN 1
             ELSE b END AS to_account
    FROM q
)
INSERT INTO time_transfers (id, from_account_id, to_account_id, minutes, kind, reason,
    recorded_by, source_kind, source_id, idempotency_key, created_at)
SELECT i, from_account, to_account,
    CASE WHEN k <= 3 THEN 60 + (h1 % 8) * 30
         WHEN k = 4 THEN 15 + (h1 % 4) * 15
         WHEN k = 5 THEN 30 + (h1 % 4) * 15
         WHEN k = 6 THEN 15 + h1 % 60
         ELSE 30 + h1 % 60 END,
    CASE WHEN k <= 3 THEN 'SHIFT' WHEN k = 4 THEN 'CHECK_IN' WHEN k = 5 THEN 'HELP_REQUEST'
         WHEN k = 6 THEN 'GIFT' ELSE 'DONATION_TO_GROUP' END,
    CASE WHEN k <= 3 THEN (CASE h2 % 4 WHEN 0 THEN 'Saturday food bank shift'
                                        WHEN 1 THEN 'Community café, morning shift'
                                        WHEN 2 THEN 'Driving to the lunch club'
                                        ELSE 'Litter pick in the park' END)
         WHEN k = 4 THEN 'Weekly check-in call'
         WHEN k = 5 THEN (CASE h2 % 3 WHEN 0 THEN 'Help with the shopping'
                                      WHEN 1 THEN 'Lift to a hospital appointment'
                                      ELSE 'Gardening help' END)
         WHEN k = 6 THEN 'Thank you for the help last week'
         ELSE 'For the group pot' END,
    CASE WHEN k >= 6 THEN from_account END,
    CASE WHEN k <= 3 THEN 'SHIFT_SIGNUP' WHEN k = 4 THEN 'CHECK_IN'
         WHEN k = 5 THEN 'HELP_REQUEST' END,
    CASE WHEN k <= 5 THEN i END,
    CASE WHEN k >= 6 THEN 'bench-' || CAST(i AS TEXT) END,
    {ts(f"{EPOCH} + i * {STEP_SECONDS}")}
FROM r
"""


def entries_sql() -> str:
    return """
INSERT INTO time_entries (id, transfer_id, account_id, delta_minutes, created_at)
SELECT 2 * t.id - 1 + s.n, t.id,
    CASE WHEN s.n = 0 THEN t.from_account_id ELSE t.to_account_id END,
    CASE WHEN s.n = 0 THEN -t.minutes ELSE t.minutes END,
    t.created_at
FROM time_transfers t CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1 AS n) s
ORDER BY t.id, s.n
"""


def balances_sql() -> list:
    return [
        """CREATE TEMPORARY TABLE bench_sums AS
           SELECT account_id,
               SUM(delta_minutes) AS balance,
               SUM(CASE WHEN delta_minutes > 0 THEN delta_minutes ELSE 0 END) AS given,
               SUM(CASE WHEN delta_minutes < 0 THEN -delta_minutes ELSE 0 END) AS received
           FROM time_entries GROUP BY account_id""",
        """UPDATE time_accounts SET balance_minutes = s.balance, given_minutes = s.given,
               received_minutes = s.received
           FROM bench_sums s WHERE s.account_id = time_accounts.id""",
        "DROP TABLE bench_sums",
    ]


def people_and_accounts_sql(series_people: str, series_groups: str, now: str) -> list:
    first_group = PEOPLE + 1
    return [
        f"""INSERT INTO people (id, display_name, created_at, updated_at)
            SELECT i, 'Neighbour ' || CAST(i AS TEXT), {now}, {now}
            FROM ({series_people}) AS series""",
        f"""INSERT INTO groups (id, name, search_name, kind, description, join_policy,
                created_by, created_at, updated_at)
            SELECT i, 'Group ' || CAST(i AS TEXT), 'group ' || CAST(i AS TEXT),
                'VOLUNTARY_GROUP', '', 'OPEN', 1, {now}, {now}
            FROM ({series_groups}) AS series""",
        f"""INSERT INTO time_accounts (id, person_id, group_id, lower_limit_minutes, created_at)
            SELECT id, id, NULL, -600, {now} FROM people""",
        f"""INSERT INTO time_accounts (id, person_id, group_id, lower_limit_minutes, created_at)
            SELECT {first_group} - 1 + id, NULL, id, -10000000, {now} FROM groups""",
    ]


CHECKS = """
SELECT
    (SELECT COUNT(*) FROM time_accounts),
    (SELECT COUNT(*) FROM time_transfers),
    (SELECT COUNT(*) FROM time_entries),
    (SELECT COUNT(*) FROM time_entries WHERE account_id = 1),
    (SELECT COALESCE(SUM(balance_minutes), 0) FROM time_accounts),
    (SELECT COUNT(*) FROM time_accounts a
        LEFT JOIN (SELECT account_id, SUM(delta_minutes) AS total
                   FROM time_entries GROUP BY account_id) e ON e.account_id = a.id
        WHERE a.balance_minutes <> COALESCE(e.total, 0)),
    (SELECT balance_minutes FROM time_accounts WHERE id = 1)
"""


def sqlite_load(path: str) -> None:
    started = time.monotonic()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("PRAGMA temp_store = MEMORY")
    people = conn.execute("SELECT COUNT(*), MIN(id) FROM people").fetchone()
    if people != (1, 1):
        sys.exit(f"load.py: expected exactly one person, id 1, found {people}")

    def series(n: int, start: int = 1) -> str:
        return (
            f"WITH RECURSIVE s(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
            "SELECT i FROM s"
        )

    now = "strftime('%Y-%m-%d %H:%M:%S', 'now')"
    conn.execute("BEGIN")
    for stmt in people_and_accounts_sql(series(PEOPLE, 2), series(GROUPS), now):
        conn.execute(stmt)
    conn.execute(
        transfers_sql(
            series(TRANSFERS),
            lambda secs: f"strftime('%Y-%m-%d %H:%M:%S', {secs}, 'unixepoch')",
        )
    )
    conn.execute(entries_sql())
    for stmt in balances_sql():
        conn.execute(stmt)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    check(conn.execute(CHECKS).fetchone())
    conn.close()
    print(f"load.py: loaded in {time.monotonic() - started:.1f} s", file=sys.stderr)


def postgres_sql() -> str:
    def series(n: int, start: int = 1) -> str:
        return f"SELECT generate_series({start}::bigint, {n}::bigint) AS i"

    now = "LOCALTIMESTAMP(0)"
    stmts = ["BEGIN"]
    stmts.append(
        "DO $$ BEGIN IF (SELECT COUNT(*) FROM people) <> 1 OR (SELECT MIN(id) FROM people) <> 1 "
        "THEN RAISE EXCEPTION 'expected exactly one person, id 1'; END IF; END $$"
    )
    stmts += people_and_accounts_sql(series(PEOPLE, 2), series(GROUPS), now)
    stmts.append(
        transfers_sql(
            series(TRANSFERS),
            lambda secs: f"(to_timestamp({secs}) AT TIME ZONE 'UTC')::timestamp(0)",
        )
    )
    stmts.append(entries_sql())
    stmts += balances_sql()
    stmts.append(
        "DO $$ BEGIN "
        + " ".join(
            f"PERFORM setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}));"
            for t in ["people", "groups", "time_accounts", "time_transfers", "time_entries"]
        )
        + " END $$"
    )
    stmts.append("COMMIT")
    stmts.append("VACUUM (ANALYZE)")
    stmts.append(CHECKS)
    return "".join(s.strip() + ";\n" for s in stmts)


def check(row) -> None:
    accounts, transfers, entries, mine, total, wrong, my_balance = (int(x) for x in row)
    print(
        f"load.py: {accounts} accounts, {transfers} transfers, {entries} entries "
        f"({mine} on the benchmark person's account, balance {my_balance} min); "
        f"balances sum to {total}; {wrong} accounts disagree with their entries",
        file=sys.stderr,
    )
    if transfers != TRANSFERS or entries != 2 * TRANSFERS or total != 0 or wrong != 0:
        sys.exit("load.py: the loaded ledger is not consistent")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "sqlite":
        sqlite_load(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "postgres":
        sys.stdout.write(postgres_sql())
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        # One line of CHECKS output from psql, on standard input.
        check(sys.stdin.read().split())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
