"""Reads a GraphML file written by `kith export graphml` with NetworkX and compares it with the
JSON nodes/links written by `kith export graph-json` for the same view.

Usage: python3 check_graphml.py GRAPHML JSON
Exit 0 when nodes, names, edges and weights agree; 1 with the differences otherwise; 3 when
NetworkX is not installed.
"""
import json
import sys

try:
    import networkx as nx
except ImportError:
    print("skipped: networkx missing")
    sys.exit(3)


def main(graphml_path, json_path):
    g = nx.read_graphml(graphml_path)
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f)
    try:
        h = nx.node_link_graph(data, edges="links")
    except TypeError:  # NetworkX before 3.4 reads "links" by default
        h = nx.node_link_graph(data)
    problems = []
    if g.is_directed():
        problems.append("GraphML graph is directed")
    expected_nodes = [n["id"] for n in data["nodes"]]
    if sorted(g.nodes) != sorted(expected_nodes):
        problems.append("nodes differ: %r vs %r" % (sorted(g.nodes)[:5], sorted(expected_nodes)[:5]))
    if sorted(h.nodes) != sorted(expected_nodes):
        problems.append("node_link_graph nodes differ")
    for n in data["nodes"]:
        if n["id"] in g and g.nodes[n["id"]].get("name") != n["name"]:
            problems.append("name of %r: %r vs %r" % (n["id"], g.nodes[n["id"]].get("name"), n["name"]))
    if g.number_of_edges() != len(data["links"]) or h.number_of_edges() != len(data["links"]):
        problems.append("edge counts: graphml %d, node-link %d, json %d"
                        % (g.number_of_edges(), h.number_of_edges(), len(data["links"])))
    for link in data["links"]:
        u, v = link["source"], link["target"]
        if not g.has_edge(u, v):
            problems.append("missing edge %r-%r" % (u, v))
            continue
        # Both write the full double: the same number, exactly.
        for key in ("weight", "peak"):
            w = g.edges[u, v].get(key)
            if not isinstance(w, float) or w != link[key]:
                problems.append("%s of %r-%r: %r vs %r" % (key, u, v, w, link[key]))
        if abs(h.edges[u, v]["weight"] - link["weight"]) > 1e-12:
            problems.append("node_link weight of %r-%r" % (u, v))
    if problems:
        print("\n".join(problems[:20]))
        return 1
    print("ok: networkx %s read %d nodes and %d edges with their weights"
          % (nx.__version__, g.number_of_nodes(), g.number_of_edges()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
