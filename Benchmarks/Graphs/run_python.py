#!/usr/bin/env python3
"""Times one Python graph library on one generated graph (see README.md).

    python3 run_python.py LIBRARY DATA_DIR TASKS [--kith-membership FILE]

LIBRARY is igraph, networkit or networkx; TASKS a comma-separated list of load, communities,
betweenness, constraint and constraint-sample (NetworkX only: constraint of 1,000 random nodes,
extrapolated to all nodes). Prints one JSON object per line: library, task, seconds,
and modularity for community detection. Times are wall-clock, in process, of the library call
alone (the file is read once, by the load task).

With --kith-membership (igraph only), it also scores Kith's partition (one int32 per node, in
the file's first-appearance order of node names... see compare.sh) with igraph's modularity, so
that the table's Kith modularity is checked by another implementation.
"""
import json
import sys
import time

import numpy as np


def emit(library, task, seconds, **extra):
    print(json.dumps({"library": library, "task": task, "seconds": seconds, **extra}, sort_keys=True), flush=True)


def run_igraph(data, tasks, kith_membership):
    import igraph as ig

    t = time.perf_counter()
    g = ig.Graph.Read_Ncol(f"{data}/edges.txt", names=True, weights=True, directed=False)
    emit("igraph", "load", time.perf_counter() - t, nodes=g.vcount(), edges=g.ecount())
    w = g.es["weight"]
    if "communities" in tasks:
        t = time.perf_counter()
        c = g.community_multilevel(weights=w)
        s = time.perf_counter() - t
        emit("igraph multilevel", "communities", s, modularity=g.modularity(c.membership, weights=w))
        t = time.perf_counter()
        c = g.community_leiden(objective_function="modularity", weights=w)
        s = time.perf_counter() - t
        emit("igraph leiden", "communities", s, modularity=g.modularity(c.membership, weights=w))
    if "betweenness" in tasks:
        t = time.perf_counter()
        g.betweenness(directed=False)
        emit("igraph", "betweenness", time.perf_counter() - t)
    if "constraint" in tasks:
        t = time.perf_counter()
        g.constraint(weights=w)
        emit("igraph", "constraint", time.perf_counter() - t)
    if kith_membership:
        # Kith's file: node names (integers) and their communities, int64 pairs.
        pairs = np.fromfile(kith_membership, dtype=np.int64).reshape(-1, 2)
        by_name = dict(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist()))
        membership = [by_name[int(name)] for name in g.vs["name"]]
        print(json.dumps({"check": "kith modularity by igraph",
                          "modularity": g.modularity(membership, weights=w)}), flush=True)


def run_networkit(data, tasks):
    import networkit as nk

    nk.engineering.setNumberOfThreads(nk.engineering.getMaxNumberOfThreads())
    t = time.perf_counter()
    g = nk.graphio.EdgeListReader(" ", 0, continuous=False, directed=False).read(f"{data}/edges.txt")
    emit("networkit", "load", time.perf_counter() - t, nodes=g.numberOfNodes(), edges=g.numberOfEdges(),
         threads=nk.engineering.getMaxNumberOfThreads())
    if "communities" in tasks:
        t = time.perf_counter()
        plm = nk.community.PLM(g)
        plm.run()
        s = time.perf_counter() - t
        q = nk.community.Modularity().getQuality(plm.getPartition(), g)
        emit("networkit PLM", "communities", s, modularity=q)
    if "betweenness" in tasks:
        u = nk.graphtools.toUnweighted(g)
        t = time.perf_counter()
        nk.centrality.Betweenness(u).run()
        emit("networkit", "betweenness", time.perf_counter() - t)


def run_networkx(data, tasks):
    import networkx as nx

    t = time.perf_counter()
    g = nx.read_weighted_edgelist(f"{data}/edges.txt", nodetype=int)
    emit("networkx", "load", time.perf_counter() - t, nodes=g.number_of_nodes(), edges=g.number_of_edges())
    if "communities" in tasks:
        t = time.perf_counter()
        c = nx.community.louvain_communities(g, weight="weight", seed=0)
        s = time.perf_counter() - t
        emit("networkx louvain", "communities", s, modularity=nx.community.modularity(g, c, weight="weight"))
    if "betweenness" in tasks:
        t = time.perf_counter()
        nx.betweenness_centrality(g)
        emit("networkx", "betweenness", time.perf_counter() - t)
    if "constraint" in tasks:
        t = time.perf_counter()
        nx.constraint(g, weight="weight")
        emit("networkx", "constraint", time.perf_counter() - t)
    if "constraint-sample" in tasks:
        rng = np.random.default_rng(1)
        nodes = list(g.nodes)
        sample = [nodes[i] for i in rng.choice(len(nodes), size=min(1000, len(nodes)), replace=False)]
        t = time.perf_counter()
        nx.constraint(g, nodes=sample, weight="weight")
        s = time.perf_counter() - t
        emit("networkx", "constraint", s * len(nodes) / len(sample), extrapolated_from=len(sample))


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: run_python.py igraph|networkit|networkx DATA_DIR TASKS [--kith-membership FILE]")
    library, data, tasks = sys.argv[1], sys.argv[2], set(sys.argv[3].split(","))
    kith = sys.argv[sys.argv.index("--kith-membership") + 1] if "--kith-membership" in sys.argv else None
    if library == "igraph":
        run_igraph(data, tasks, kith)
    elif library == "networkit":
        run_networkit(data, tasks)
    elif library == "networkx":
        run_networkx(data, tasks)
    else:
        sys.exit(f"unknown library {library}")


if __name__ == "__main__":
    main()
