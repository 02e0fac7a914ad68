#!/usr/bin/env python3
"""Prints compare.sh's table from OUT/<size>.jsonl (see README.md).

    python3 table.py OUT_DIR SIZE...
"""
import json
import sys

LABELS = {"small": "10k/50k", "medium": "100k/1M", "large": "1M/10M"}
TASKS = ["load", "communities", "betweenness", "constraint"]


def main():
    out, sizes = sys.argv[1], sys.argv[2:]
    header = (f"{'size':8} {'task':12} {'library':20} {'seconds':>9} {'cpu s':>9} {'modularity':>10}"
              f" {'vs Kith':>8} {'cpu vs':>7} {'runs':>4}")
    print(header)
    print("-" * len(header))
    for size in sizes:
        rows, loads, check = [], [], None
        with open(f"{out}/{size}.jsonl") as f:
            for line in f:
                r = json.loads(line)
                if "loadavg" in r:
                    loads.append(f"{r['when']} {' '.join(r['loadavg'])}")
                elif "check" in r:
                    check = r["modularity"]
                elif not any(x["library"] == r["library"] and x["task"] == r["task"] for x in rows):
                    rows.append(r)  # the first result of a library and task
        for task in TASKS:
            group = [r for r in rows if r["task"] == task]
            if not group:
                continue
            kith = next((r for r in group if r["library"] == "kith"), None)
            best_q = max((r.get("modularity", -1) for r in group if not r["library"].startswith("kith")),
                         default=None)
            for r in group:
                q = f"{r['modularity']:.4f}" if "modularity" in r else ""
                other = kith is not None and r["library"] != "kith"
                ratio = f"{r['seconds'] / kith['seconds']:.1f}x" if other else ""
                cpu_ratio = f"{r['cpu'] / kith['cpu']:.1f}x" if other and kith["cpu"] > 0 else ""
                name = r["library"] + (" (extrap.)" if "extrapolated_from" in r else "")
                print(f"{LABELS[size]:8} {task:12} {name:20} {r['seconds']:9.3f} {r['cpu']:9.3f} {q:>10}"
                      f" {ratio:>8} {cpu_ratio:>7} {r.get('runs', 1):>4}")
            if task == "communities" and best_q is not None:
                kq = next((r.get("modularity") for r in group if r["library"] == "kith"), None)
                if kq is not None:
                    extra = f"; igraph scores Kith's partition {check:.4f}" if check is not None else ""
                    print(f"{'':8} {'':12} Kith modularity − best other: {kq - best_q:+.4f}{extra}")
        print(f"{'':8} load average {'; '.join(loads)}")
    print("seconds: wall clock of the library call, in process; cpu s: CPU time of the process over the same"
          " call, every thread;\nruns: how many times the call ran (under 2 s in all, at most 5), the run of"
          " median wall clock shown.\n'vs Kith' and 'cpu vs': the library's time / Kith's (above 1: Kith is faster)."
          " '(extrap.)': NetworkX\nbetweenness from 200 sampled sources, constraint of 1,000 sampled nodes, scaled to all nodes.")


if __name__ == "__main__":
    main()
