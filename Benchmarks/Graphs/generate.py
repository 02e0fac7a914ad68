#!/usr/bin/env python3
"""Seeded weighted graphs with community structure, for compare.sh (see README.md).

    python3 generate.py OUT_DIR NODES EDGES [--seed S] [--mixing MU]

An LFR-like planted partition, vectorised with numpy:
- community sizes from a power law (exponent 2, from 20 nodes up to NODES/50, at most 5,000);
- expected degrees from a power law (exponent 2.5, minimum 2, capped at sqrt(NODES) * 4);
- each edge picks one end by expected degree; with probability 1 - MU the other end is drawn
  from the same community (by expected degree), otherwise from the whole graph;
- self-loops and duplicates are dropped and edges drawn until exactly EDGES distinct edges
  remain; node ids are shuffled so that a community's nodes are not contiguous;
- weights: 1 + a log-normal draw rounded to two decimals (heavy-tailed, all positive).

Writes, with the same edges in the same order:
- edges.csv: header "source,target,weight", comma-separated (Kith);
- edges.txt: "source target weight" per line, no header (igraph's NCOL reader, NetworKit's and
  NetworkX's edge-list readers);
- truth.npy: the planted community of each node; meta.json: the parameters.
"""
import json
import os
import sys
import time

import numpy as np


def power_law(rng, size, exponent, low, high):
    """Continuous power law on [low, high] by inverse transform."""
    u = rng.random(size)
    a = 1.0 - exponent
    return (low**a + u * (high**a - low**a)) ** (1.0 / a)


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        sys.exit("usage: generate.py OUT_DIR NODES EDGES [--seed S] [--mixing MU]")
    out, n, m = args[0], int(args[1]), int(args[2])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 42
    mu = float(args[args.index("--mixing") + 1]) if "--mixing" in args else 0.3
    rng = np.random.default_rng(seed)
    started = time.time()

    # Community sizes until they cover n nodes.
    high = max(20, min(5000, n // 50))
    sizes = []
    covered = 0
    while covered < n:
        s = power_law(rng, 1024, 2.0, 20, high).astype(np.int64)
        for x in s:
            sizes.append(int(x))
            covered += int(x)
            if covered >= n:
                break
    sizes[-1] -= covered - n
    if sizes[-1] < 1:
        sizes.pop()
    sizes = np.array(sizes, dtype=np.int64)
    community = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)  # node i -> community

    degree = power_law(rng, n, 2.5, 2.0, max(4.0, 4.0 * np.sqrt(n)))
    # Within each community, nodes are contiguous here; cumulative degree per community.
    cum = np.cumsum(degree)
    total = cum[-1]
    comm_start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    comm_end = np.cumsum(sizes)
    cum0 = np.concatenate(([0.0], cum))
    comm_low = cum0[comm_start]
    comm_high = cum0[comm_end]

    keys = np.empty(0, dtype=np.int64)
    while keys.size < m:
        k = int((m - keys.size) * 1.15) + 1000
        u = np.searchsorted(cum, rng.random(k) * total, side="right")
        u = np.minimum(u, n - 1)
        inside = rng.random(k) >= mu
        c = community[u]
        r = rng.random(k)
        target_in = comm_low[c] + r * (comm_high[c] - comm_low[c])
        target_out = r * total
        v = np.searchsorted(cum, np.where(inside, target_in, target_out), side="right")
        v = np.minimum(v, n - 1)
        a = np.minimum(u, v)
        b = np.maximum(u, v)
        ok = a != b
        new = a[ok] * n + b[ok]
        # Keep first occurrences in draw order.
        merged = np.concatenate((keys, new))
        _, first = np.unique(merged, return_index=True)
        first.sort()
        keys = merged[first]
    keys = keys[:m]
    a = keys // n
    b = keys % n
    # Random node ids, random edge order, random direction.
    relabel = rng.permutation(n)
    a, b = relabel[a], relabel[b]
    flip = rng.random(m) < 0.5
    a, b = np.where(flip, b, a), np.where(flip, a, b)
    order = rng.permutation(m)
    a, b = a[order], b[order]
    w = np.round(1.0 + rng.lognormal(0.0, 1.0, m), 2)
    truth = np.empty(n, dtype=np.int64)
    truth[relabel] = community

    os.makedirs(out, exist_ok=True)
    # Text formatting in chunks keeps memory bounded at 10M edges.
    with open(os.path.join(out, "edges.csv"), "w") as csv, open(
        os.path.join(out, "edges.txt"), "w"
    ) as txt:
        csv.write("source,target,weight\n")
        step = 1_000_000
        for lo in range(0, m, step):
            hi = min(m, lo + step)
            lines = [f"{x} {y} {z:.2f}" for x, y, z in zip(a[lo:hi].tolist(), b[lo:hi].tolist(), w[lo:hi].tolist())]
            block = "\n".join(lines) + "\n"
            txt.write(block)
            csv.write(block.replace(" ", ","))
    np.save(os.path.join(out, "truth.npy"), truth)
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(
            {"nodes": n, "edges": m, "seed": seed, "mixing": mu, "communities": int(len(sizes)),
             "largest_community": int(sizes.max()), "max_degree_cap": float(degree.max())},
            f, sort_keys=True)
    print(f"generated {n} nodes, {m} edges, {len(sizes)} communities in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
