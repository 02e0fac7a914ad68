#!/usr/bin/env python3
"""Checks that kith-compare and pandas_neglect.py agree, and prints the timing table.

    python3 compare.py RESULTS_DIR            (as compare.sh lays it out)
    python3 compare.py --check KITH_OUT PANDAS_OUT
    python3 compare.py --time WALLS WHO LOG COMMAND [ARG…]   (runs COMMAND, output to LOG, and
                                                           appends "WHO wall cpu" to WALLS)

RESULTS_DIR holds kith-1 … kith-N/ (end-to-end runs), kith-analytics/ (the run with the
repeated analytics), pandas-1 … pandas-M/, each with its results CSVs and timings.json, and
walls.txt ("kith|pandas WALL CPU" per line: each process's wall-clock seconds and its user +
system CPU seconds, as measured by --time).

Agreement (standard library only):
- neglected.csv: the same contacts in the same order; last contact, cadence source and days
  equal; overdue ratio and value at risk within 1e-6 relative; strength and peak within 1e-5
  relative (Kith's snapshot stores them as 32-bit floats);
- ego_ties.csv: the same ties with the same counts; strength and peak within 1e-5 relative;
- reciprocity.csv: the same contacts in the same order; given, received within 1e-9
  relative and balance within 1e-9; initiation share within 1e-12; counts and flags equal;
- reciprocity_network.csv: totals within 1e-9 relative, the fraction equal.
A difference of order is accepted only between rows whose sort keys agree within the
tolerance (reported separately); any other difference fails.
"""

import csv
import glob
import resource
import subprocess
import json
import math
import os
import statistics
import sys
import time


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def rel_ok(a, b, tol):
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol * max(abs(a), abs(b), 1e-300)


def abs_ok(a, b, tol):
    return abs(float(a) - float(b)) <= tol


def opt(x):
    return float("nan") if x in ("", None) else float(x)


class Report:
    def __init__(self):
        self.failures = []
        self.notes = []

    def fail(self, what):
        if len(self.failures) < 40:
            self.failures.append(what)
        elif len(self.failures) == 40:
            self.failures.append("… (more)")

    def ordered(self, name, k, p, id_key, sort_key, tol_same):
        """Same set of ids; same order except among rows with equal sort keys (within tol)."""
        ki = [r[id_key] for r in k]
        pi = [r[id_key] for r in p]
        if set(ki) != set(pi) or len(ki) != len(pi):
            only_k = len(set(ki) - set(pi))
            only_p = len(set(pi) - set(ki))
            self.fail(f"{name}: different sets ({len(ki)} vs {len(pi)} rows; {only_k} only in Kith, "
                      f"{only_p} only in pandas)")
            return None
        swapped = 0
        for j, (a, b) in enumerate(zip(ki, pi)):
            if a != b:
                if tol_same(sort_key(k[j]), sort_key(p[j])):
                    swapped += 1
                else:
                    self.fail(f"{name}: row {j + 1} is id {a} in Kith, id {b} in pandas")
        if swapped:
            self.notes.append(f"{name}: {swapped} rows in another order among equal keys")
        by_id = {r[id_key]: r for r in p}
        return [(r, by_id[r[id_key]]) for r in k]

    def field(self, name, rid, col, a, b, ok):
        if not ok(a, b):
            self.fail(f"{name}: id {rid} {col}: Kith {a}, pandas {b}")


def check(kith, pandas):
    rep = Report()
    counts = {}

    k, p = rows(os.path.join(kith, "neglected.csv")), rows(os.path.join(pandas, "neglected.csv"))
    counts["neglected"] = (len(k), len(p))
    pairs = rep.ordered("neglected", k, p, "id", lambda r: float(r["value_at_risk"]),
                        lambda a, b: rel_ok(a, b, 1e-6)) or []
    for a, b in pairs:
        rid = a["id"]
        for col in ("handle", "last_contact", "cadence_source", "status"):
            rep.field("neglected", rid, col, a[col], b[col], lambda x, y: x == y)
        rep.field("neglected", rid, "cadence_days", a["cadence_days"], b["cadence_days"],
                  lambda x, y: rel_ok(x, y, 1e-12))
        rep.field("neglected", rid, "days_since", a["days_since"], b["days_since"],
                  lambda x, y: rel_ok(x, y, 1e-12))
        for col in ("overdue_ratio", "value_at_risk"):
            rep.field("neglected", rid, col, a[col], b[col], lambda x, y: rel_ok(x, y, 1e-6))
        for col in ("strength", "peak"):
            rep.field("neglected", rid, col, a[col], b[col], lambda x, y: rel_ok(x, y, 1e-5))

    k, p = rows(os.path.join(kith, "ego_ties.csv")), rows(os.path.join(pandas, "ego_ties.csv"))
    counts["ego ties"] = (len(k), len(p))
    worst = {"strength": 0.0, "peak": 0.0}
    pairs = rep.ordered("ego_ties", k, p, "id", lambda r: r["id"], lambda a, b: a == b) or []
    for a, b in pairs:
        rid = a["id"]
        for col in ("count", "last_contact"):
            rep.field("ego_ties", rid, col, a[col], b[col], lambda x, y: x == y)
        for col in ("strength", "peak"):
            x, y = float(a[col]), float(b[col])
            worst[col] = max(worst[col], abs(x - y) / max(abs(x), abs(y), 1e-300))
            rep.field("ego_ties", rid, col, a[col], b[col], lambda x, y: rel_ok(x, y, 1e-5))
    rep.notes.append(f"largest relative difference over all ego ties: strength {worst['strength']:.1e}, "
                     f"peak {worst['peak']:.1e} (float32 rounding is up to 6e-8)")

    k, p = rows(os.path.join(kith, "reciprocity.csv")), rows(os.path.join(pandas, "reciprocity.csv"))
    counts["reciprocity"] = (len(k), len(p))
    worst_b = 0.0
    pairs = rep.ordered("reciprocity", k, p, "id", lambda r: float(r["balance"]),
                        lambda a, b: abs_ok(a, b, 1e-9)) or []
    for a, b in pairs:
        rid = a["id"]
        for col in ("handle", "interactions", "initiations_known", "flags"):
            rep.field("reciprocity", rid, col, a[col], b[col], lambda x, y: x == y)
        for col in ("given", "received"):
            rep.field("reciprocity", rid, col, a[col], b[col], lambda x, y: rel_ok(x, y, 1e-9))
        worst_b = max(worst_b, abs(float(a["balance"]) - float(b["balance"])))
        rep.field("reciprocity", rid, "balance", a["balance"], b["balance"], lambda x, y: abs_ok(x, y, 1e-9))
        rep.field("reciprocity", rid, "initiation_share", opt(a["initiation_share"]),
                  opt(b["initiation_share"]), lambda x, y: rel_ok(x, y, 1e-12))
    rep.notes.append(f"largest balance difference: {worst_b:.1e}")

    k = rows(os.path.join(kith, "reciprocity_network.csv"))[0]
    p = rows(os.path.join(pandas, "reciprocity_network.csv"))[0]
    for col in ("given", "received"):
        rep.field("network", "-", col, k[col], p[col], lambda x, y: rel_ok(x, y, 1e-9))
    rep.field("network", "-", "reciprocated_pairs_fraction", opt(k["reciprocated_pairs_fraction"]),
              opt(p["reciprocated_pairs_fraction"]), lambda x, y: rel_ok(x, y, 1e-15))
    return rep, counts


def print_check(rep, counts):
    for name, (a, b) in counts.items():
        print(f"  {name:<12} Kith {a:>7,} rows, pandas {b:>7,} rows")
    for n in rep.notes:
        print(f"  note: {n}")
    if rep.failures:
        print("  DISAGREE:")
        for f in rep.failures:
            print(f"    {f}")
        return False
    print("  AGREE: same neglected list and order, same reciprocity entries and order, numbers within tolerance")
    return True


def load(dirs):
    out = []
    for d in sorted(d for d in dirs if os.path.isdir(d)):
        with open(os.path.join(d, "timings.json")) as f:
            out.append(json.load(f))
    return out


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def table(results):
    kith = load(glob.glob(os.path.join(results, "kith-[0-9]*")))
    analytics = load([os.path.join(results, "kith-analytics")])[0]
    pandas = load(glob.glob(os.path.join(results, "pandas-[0-9]*")))
    walls = {"kith": [], "pandas": []}
    cpus = {"kith": [], "pandas": []}
    with open(os.path.join(results, "walls.txt")) as f:
        for line in f:
            who, wall, cpu = line.split()
            walls[who].append(float(wall))
            cpus[who].append(float(cpu))

    def k(key):
        return med([t.get(key) for t in kith])

    def p(*keys):
        return med([sum(t[x] for x in keys) for t in pandas])

    rows_ = [
        ("parse the CSV files", k("parse"), p("parse")),
        ("build (snapshot | ties + per-contact history)", k("build"), p("ties", "history")),
        ("neglected + reciprocity, from the built data", analytics["neglected_reciprocity_median"],
         p("neglected", "reciprocity")),
        ("build + neglected + reciprocity", k("build") + analytics["neglected_reciprocity_median"],
         p("ties", "history", "neglected", "reciprocity")),
        (f"4 analytics from the snapshot (median of {len(analytics['analytics4_runs'])})",
         analytics["analytics4_median"], None),
        ("  the same, CPU time of the thread", analytics["analytics4_cpu_median"], None),
        ("neglected + reciprocity + write the results (Kith: both cores)", k("results"),
         p("neglected", "reciprocity", "write")),
        ("end to end, in process", k("end_to_end"), p("end_to_end")),
        ("end to end, process wall clock", med(walls["kith"]), med(walls["pandas"])),
        ("end to end, process CPU time (user + system)", med(cpus["kith"]), med(cpus["pandas"])),
    ]
    w = max(len(r[0]) for r in rows_)
    print(f"  {'step':<{w}}  {'Kith s':>8}  {'pandas s':>8}  {'ratio':>7}")
    print(f"  {'-' * w}  {'-' * 8}  {'-' * 8}  {'-' * 7}")
    for name, a, b in rows_:
        ratio = f"{b / a:6.1f}x" if a and b else "      –"
        bs = f"{b:8.3f}" if b is not None else "       –"
        print(f"  {name:<{w}}  {a:8.3f}  {bs}  {ratio}")
    print(f"  (Kith: median of {len(kith)} runs, the rows from the snapshot of {len(analytics['analytics4_runs'])}; "
          f"pandas: median of {len(pandas)} run(s); ratio = pandas / Kith. pandas computes the per-contact\n"
          f"  median gaps and initiation counts in its build step, Kith's Neglect and Reciprocity from the\n"
          f"  snapshot's raw ego history: compare 'build + neglected + reciprocity'.)")
    a = analytics
    print(f"  Kith's 4 analytics, medians: neglected {a['neglected_median']:.3f}, dormant "
          f"{a['dormant_median']:.3f}, reciprocity {a['reciprocity_median']:.3f}, followups "
          f"{a['followups_median']:.3f}; all runs: "
          + ", ".join(f"{x:.3f}" for x in a["analytics4_runs"])
          + " (CPU " + ", ".join(f"{x:.3f}" for x in a["analytics4_cpu_runs"]) + ")")
    steps = sorted((key[6:], k(key)) for key in kith[0] if key.startswith("build_"))
    print("  Kith's build, medians: " + ", ".join(f"{n} {v:.3f}" for n, v in steps))
    print(f"  pandas {pandas[0].get('pandas')}, numpy {pandas[0].get('numpy')}; pandas import "
          f"{p('import'):.3f} s is inside its end-to-end time")


def timed(walls, who, log, cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(log, "w") as f:
        code = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if code != 0:
        with open(log) as f:
            sys.stderr.write(f.read())
        sys.exit(f"failed ({code}): {' '.join(cmd)}")
    with open(walls, "a") as f:
        f.write(f"{who} {wall:.6f} {cpu:.6f}\n")


def main():
    if len(sys.argv) >= 6 and sys.argv[1] == "--time":
        timed(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        rep, counts = check(sys.argv[2], sys.argv[3])
        sys.exit(0 if print_check(rep, counts) else 1)
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    results = sys.argv[1]
    print("Agreement (kith-1 vs pandas-1):")
    rep, counts = check(os.path.join(results, "kith-1"), os.path.join(results, "pandas-1"))
    ok = print_check(rep, counts)
    print()
    print("Timings:")
    table(results)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
