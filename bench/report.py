#!/usr/bin/env python3
"""Turn bench/harness.py's JSON into the table of bench/results.md.

    report.py RESULTS.json FACTS.tsv [OUT.md]

Prints the table; with OUT.md, rewrites the part of that file between the
`bench:results` markers. The materialiser's figures are read from
bench/checkins.md, which scripts/bench-checkins (run by scripts/bench)
has just rewritten.
"""

import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUDGET = 3

# (SQLite req/s, PostgreSQL req/s, p99 ms) from the product brief.
TARGETS = {
    "upcoming shifts": (8000, 4000, 15),
    "balance + last 20 entries": (15000, 8000, 8),
    "overdue check-ins (50)": (6000, 3000, 20),
    "sign up for a shift": (3000, 2000, 25),
    "calendar feed, 1,000 events": (1500, None, 20),
    "calendar feed, 304": (None, None, None),
}
MATERIALISE_TARGETS = {"SQLite": 1.5, "PostgreSQL": 5.0}


def table(results, facts):
    runs = results["runs"]
    ceiling = statistics.median(r["rps"] for r in runs if r["workload"] == "ceiling")
    lines = [
        "| workload | backend | req/s | p50 ms | p99 ms | of ceiling | statements | target req/s | target p99 ms | met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| raw poem hello-world (the ceiling) | - | {ceiling:,.0f} | | | 100 % | 0 | | | |",
    ]
    failed = []
    for workload, (t_sqlite, t_pg, t_p99) in TARGETS.items():
        for backend, target in (("sqlite", t_sqlite), ("postgres", t_pg)):
            mine = [r for r in runs if r["workload"] == workload and r["backend"] == backend]
            if not mine:
                continue
            rps = statistics.median(r["rps"] for r in mine)
            p50 = statistics.median(r["p50_us"] for r in mine) / 1000
            p99 = statistics.median(r["p99_us"] for r in mine) / 1000
            statements = mine[0].get("statements")
            checks = []
            if target:
                checks.append(rps >= target)
            if t_p99:
                checks.append(p99 <= t_p99)
            if statements is not None:
                checks.append(statements <= BUDGET)
            met = "yes" if all(checks) else "**no**"
            if not all(checks):
                failed.append(f"{workload} ({backend})")
            lines.append(
                f"| {workload} | {'SQLite' if backend == 'sqlite' else 'PostgreSQL'} | {rps:,.0f} | {p50:.1f} | "
                f"{p99:.1f} | {100 * rps / ceiling:.1f} % | {'-' if statements is None else statements} | "
                f"{'' if not target else f'≥ {target:,}'} | {'' if not t_p99 else f'≤ {t_p99}'} | {met} |"
            )
    checkins = os.path.join(HERE, "checkins.md")
    if os.path.exists(checkins):
        text = open(checkins).read()
        for backend, target in MATERIALISE_TARGETS.items():
            m = re.search(rf"^\| {backend} \| (\d+) \| ([\d.]+) \|", text, re.M)
            if m:
                secs = float(m.group(2))
                met = "yes" if secs <= target else "**no**"
                if secs > target:
                    failed.append(f"materialise ({backend})")
                lines.append(
                    f"| materialise a week of check-ins, 100k plans ({int(m.group(1)):,} rows) | {backend} | "
                    f"{secs:.2f} s | | | | | ≤ {target} s | | {met} |"
                )
    facts_lines = [f"- {k}: {v}" for k, v in facts.items()]
    facts_lines += [f"- {k}: {v}" for k, v in results["facts"].items()]
    return "\n".join(lines), "\n".join(facts_lines), failed


def main():
    results = json.load(open(sys.argv[1]))
    facts = {}
    for line in open(sys.argv[2]):
        if "\t" in line:
            k, v = line.rstrip("\n").split("\t", 1)
            facts[k] = v
    rows, facts_text, failed = table(results, facts)
    block = (
        f"{rows}\n\nMissed: {', '.join(failed) if failed else 'none'}.\n\n"
        f"Machine and run:\n\n{facts_text}\n"
    )
    print(block)
    over = [r["workload"] for r in results["runs"] if (r.get("statements") or 0) > BUDGET]
    if len(sys.argv) > 3:
        path = sys.argv[3]
        text = open(path).read()
        begin, end = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
        i, j = text.index(begin) + len(begin), text.index(end)
        open(path, "w").write(text[:i] + "\n" + block + text[j:])
    if over:
        sys.exit(f"over the budget of {BUDGET} statements per request: {', '.join(sorted(set(over)))}")


if __name__ == "__main__":
    main()
