#!/usr/bin/env python3
"""Reference values for KithAnalytics' graph algorithms, computed with NetworkX.

Writes networkx_reference.json beside this file. Run from anywhere:

    python3 Fixtures/reference/make_reference.py

Graphs: Zachary's karate club (nx.karate_club_graph(), 'weight' = number of contexts) and
Les Misérables (nx.les_miserables_graph(), 'weight' = co-appearances), both shipped with
NetworkX. Nodes are numbered in NetworkX's node order; the edge lists are written out so the
Swift tests build exactly the same graphs.

Conventions:
- Weighted betweenness uses distance = 1/weight. NetworkX compares floating path lengths
  with ==, so 1/w sums of equal exact length can compare unequal; the reference is therefore
  computed with fractions.Fraction distances (exact), once through NetworkX (Fraction-valued
  'dist' attributes) and once through the small exact Brandes below, and the two must agree.
  The float NetworkX values are recorded too ("float_networkx"), to show where they differ.
- Constraint and effective size: nx.constraint / nx.effective_size, weight=None and
  weight='weight', from NetworkX's pure-Python path (taken when nodes=... is given), which
  follows the documented definitions. NetworkX 3.6.1's default sparse-matrix path agrees for
  constraint and for unweighted effective size, but for weighted effective size it divides
  m_vw by the row maximum of w instead of v (a broadcasting bug: networkx/networkx pull
  request #8906, "Fix row-max normalization in vectorized effective_size"). Its values are
  recorded as "effective_size_sparse_path_bug" for reference only.
- Communities: the best modularity reached by nx.community.louvain_communities over seeds
  0..19 (weight='weight', and weight=None), and NetworkX's modularity of fixed partitions at
  several resolutions, including a graph with isolated nodes.
"""

import json
import math
import platform
import random
import sys
from collections import deque
from fractions import Fraction
from pathlib import Path

import networkx as nx

try:
    import numpy
    import scipy
except ImportError:  # the pure-Python paths of NetworkX are then the only ones
    numpy = scipy = None

HERE = Path(__file__).resolve().parent
SEEDS = range(20)
TOLERANCE = 1e-12


def indexed(G):
    """G relabelled 0..n-1 in NetworkX's node order, and the original labels."""
    labels = list(G.nodes())
    mapping = {v: i for i, v in enumerate(labels)}
    H = nx.relabel_nodes(G, mapping, copy=True)
    # Preserve node order 0..n-1 for dict-order-dependent code.
    K = nx.Graph()
    K.add_nodes_from(range(len(labels)))
    K.add_edges_from(H.edges(data=True))
    return K, labels


def exact_brandes(G, weight=None):
    """Betweenness (ordered-pair sums, unscaled) with exact Fraction distances 1/weight."""
    bc = {v: Fraction(0) for v in G}
    for s in G:
        dist = {s: Fraction(0)}
        sigma = {v: 0 for v in G}
        sigma[s] = 1
        preds = {v: [] for v in G}
        settled = []
        if weight is None:
            queue = deque([s])
            while queue:
                v = queue.popleft()
                settled.append(v)
                for w in G[v]:
                    if w not in dist:
                        dist[w] = dist[v] + 1
                        queue.append(w)
                    if dist[w] == dist[v] + 1:
                        sigma[w] += sigma[v]
                        preds[w].append(v)
        else:
            import heapq

            heap = [(Fraction(0), s)]
            best = {s: Fraction(0)}
            done = set()
            while heap:
                d, v = heapq.heappop(heap)
                if v in done or d > best[v]:
                    continue
                done.add(v)
                settled.append(v)
                dist[v] = d
                for w, data in G[v].items():
                    if w in done:
                        continue
                    nd = d + Fraction(1) / Fraction(data[weight])
                    if w not in best or nd < best[w]:
                        best[w] = nd
                        heapq.heappush(heap, (nd, w))
            for w in settled:
                if w == s:
                    continue
                for v in G[w]:
                    if v in dist and dist[v] + Fraction(1) / Fraction(G[v][w][weight]) == dist[w]:
                        preds[w].append(v)
                        sigma[w] += sigma[v]
        delta = {v: Fraction(0) for v in G}
        for w in reversed(settled):
            for v in preds[w]:
                delta[v] += Fraction(sigma[v], sigma[w]) * (1 + delta[w])
            if w != s:
                bc[w] += delta[w]
    return bc


def scaled(raw, n, normalized):
    """NetworkX's scaling of exact undirected betweenness (endpoints excluded)."""
    if n - 1 < 2:
        return {v: float(x) for v, x in raw.items()}
    scale = Fraction(1, (n - 1) * (n - 2)) if normalized else Fraction(1, 2)
    return {v: float(x * scale) for v, x in raw.items()}


def as_list(d, n):
    return [float(d[i]) for i in range(n)]


def close(a, b):
    return all(abs(x - y) <= 1e-12 * max(1.0, abs(x), abs(y)) for x, y in zip(a, b))


def betweenness(G):
    n = G.number_of_nodes()
    out = {}
    for normalized in (True, False):
        key = "normalized" if normalized else "raw"
        unweighted = as_list(nx.betweenness_centrality(G, normalized=normalized), n)
        check = as_list(scaled(exact_brandes(G), n, normalized), n)
        assert close(unweighted, check), "unweighted betweenness: NetworkX and exact disagree"
        F = G.copy()
        for u, v, data in F.edges(data=True):
            data["dist"] = Fraction(1) / Fraction(data["weight"])
        exact_nx = as_list(nx.betweenness_centrality(F, normalized=normalized, weight="dist"), n)
        exact_own = as_list(scaled(exact_brandes(G, "weight"), n, normalized), n)
        assert close(exact_nx, exact_own), "weighted betweenness: NetworkX(Fraction) and exact disagree"
        Fl = G.copy()
        for u, v, data in Fl.edges(data=True):
            data["dist"] = 1.0 / data["weight"]
        float_nx = as_list(nx.betweenness_centrality(Fl, normalized=normalized, weight="dist"), n)
        differs = [i for i in range(n) if abs(float_nx[i] - exact_nx[i]) > 1e-9]
        out[key] = {
            "unweighted": unweighted,
            "weighted_exact": exact_nx,
            "weighted_float_networkx": float_nx,
            "nodes_where_float_networkx_differs": differs,
        }
    # Sampled: NetworkX draws random.Random(seed).sample(list(G), k); record those sources.
    samples = []
    for seed, k in ((7, 10), (11, 1), (3, n - 1)):
        sources = random.Random(seed).sample(list(G.nodes()), k)
        entry = {"seed": seed, "k": k, "sources": sources}
        for normalized in (True, False):
            key = "normalized" if normalized else "raw"
            values = as_list(
                nx.betweenness_centrality(G, k=k, normalized=normalized, seed=seed), n)
            entry[key] = [None if math.isnan(x) else x for x in values]
        samples.append(entry)
    out["sampled_unweighted"] = samples
    return out


def structural_holes(G):
    n = G.number_of_nodes()
    out = {}
    for weight in (None, "weight"):
        key = "weighted" if weight else "unweighted"
        # The pure-Python path (taken when nodes are given) follows the definitions.
        c = as_list(nx.constraint(G, nodes=list(G), weight=weight), n)
        e = as_list(nx.effective_size(G, nodes=list(G), weight=weight), n)
        c_sparse = as_list(nx.constraint(G, weight=weight), n)
        e_sparse = as_list(nx.effective_size(G, weight=weight), n)
        assert close(c, c_sparse), "NetworkX's two constraint paths disagree"
        out[key] = {"constraint": c, "effective_size": e}
        if weight is None:
            assert close(e, e_sparse), "NetworkX's two unweighted effective-size paths disagree"
        else:
            out[key]["effective_size_sparse_path_bug"] = e_sparse
    return out


def communities(G):
    n = G.number_of_nodes()
    out = {}
    for weight in ("weight", None):
        key = "weighted" if weight else "unweighted"
        per_seed = []
        best = None
        for seed in SEEDS:
            parts = nx.community.louvain_communities(G, weight=weight, seed=seed)
            q = nx.community.modularity(G, parts, weight=weight)
            per_seed.append(q)
            if best is None or q > best[0]:
                best = (q, parts)
        labels = [0] * n
        for c, part in enumerate(sorted(best[1], key=min)):
            for v in part:
                labels[v] = c
        partitions = [{"name": "best_louvain", "labels": labels}]
        # Two more fixed partitions: the two factions of a bisection, and singletons.
        halves = nx.community.kernighan_lin_bisection(G, weight=weight, seed=1)
        labels_halves = [0 if v in halves[0] else 1 for v in range(n)]
        partitions.append({"name": "kernighan_lin", "labels": labels_halves})
        partitions.append({"name": "singletons", "labels": list(range(n))})
        for p in partitions:
            groups = {}
            for v, c in enumerate(p["labels"]):
                groups.setdefault(c, set()).add(v)
            p["modularity"] = {
                str(r): nx.community.modularity(G, list(groups.values()), weight=weight, resolution=r)
                for r in (0.5, 1.0, 2.0)
            }
        out[key] = {
            "louvain_modularity_per_seed": per_seed,
            "louvain_best_modularity": best[0],
            "partitions": partitions,
        }
    # Isolated nodes: two extra nodes, once as singletons and once inside community 0.
    H = G.copy()
    H.add_nodes_from([n, n + 1])
    labels = out["weighted"]["partitions"][0]["labels"]
    cases = []
    for name, extra in (("isolated_singletons", [max(labels) + 1, max(labels) + 2]),
                        ("isolated_in_community_0", [0, 0])):
        full = labels + extra
        groups = {}
        for v, c in enumerate(full):
            groups.setdefault(c, set()).add(v)
        cases.append({
            "name": name,
            "labels": full,
            "modularity": nx.community.modularity(H, list(groups.values()), weight="weight"),
        })
    out["with_isolated_nodes"] = cases
    return out


def main():
    graphs = {
        "karate": nx.karate_club_graph(),
        "les_miserables": nx.les_miserables_graph(),
    }
    result = {
        "generator": "Fixtures/reference/make_reference.py",
        "versions": {
            "python": platform.python_version(),
            "networkx": nx.__version__,
            "numpy": getattr(numpy, "__version__", None),
            "scipy": getattr(scipy, "__version__", None),
        },
        "graphs": {},
    }
    for name, G0 in graphs.items():
        G, labels = indexed(G0)
        edges = [[u, v, float(d["weight"])] for u, v, d in G.edges(data=True)]
        result["graphs"][name] = {
            "node_labels": [str(x) for x in labels],
            "edges": edges,
            "betweenness": betweenness(G),
            "structural_holes": structural_holes(G),
            "communities": communities(G),
        }
        print(name, G.number_of_nodes(), "nodes", G.number_of_edges(), "edges", file=sys.stderr)
    path = HERE / "networkx_reference.json"
    with open(path, "w") as f:
        json.dump(result, f, sort_keys=True, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", path, file=sys.stderr)


if __name__ == "__main__":
    main()
