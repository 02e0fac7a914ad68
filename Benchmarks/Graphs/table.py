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
    header = f"{'size':8} {'task':12} {'library':20} {'seconds':>10} {'modularity':>10} {'vs Kith':>9}"
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
                else:
                    rows.append(r)
        for task in TASKS:
            group = [r for r in rows if r["task"] == task]
            if not group:
                continue
            kith = next((r["seconds"] for r in group if r["library"] == "kith"), None)
            best_q = max((r.get("modularity", -1) for r in group if r["library"] != "kith"), default=None)
            for r in group:
                q = f"{r['modularity']:.4f}" if "modularity" in r else ""
                ratio = "" if kith is None or r["library"] == "kith" else f"{r['seconds'] / kith:.1f}x"
                name = r["library"] + (" (extrap.)" if "extrapolated_from" in r else "")
                print(f"{LABELS[size]:8} {task:12} {name:20} {r['seconds']:10.3f} {q:>10} {ratio:>9}")
            if task == "communities" and best_q is not None:
                kq = next((r.get("modularity") for r in group if r["library"] == "kith"), None)
                if kq is not None:
                    extra = f"; igraph scores Kith's partition {check:.4f}" if check is not None else ""
                    print(f"{'':8} {'':12} Kith modularity − best other: {kq - best_q:+.4f}{extra}")
        print(f"{'':8} load average {'; '.join(loads)}")
    print("(seconds: wall clock of the library call in process; 'vs Kith' = library seconds / Kith seconds,"
          " above 1 means Kith is faster; '(extrap.)': NetworkX constraint on 1,000 sampled nodes,"
          " scaled to all nodes)")


if __name__ == "__main__":
    main()
