"""Writes the import fixtures that networkx and igraph produce, into tests/fixtures/.

Run with the interop venv (scripts/setup-python.sh): target/interop-venv/bin/python
tests/interop/make_fixtures.py [OUT_DIR]. The files are committed; this script records how they
were made (networkx 3.6.1, igraph 0.11.9) and makes them again (the same bytes, except the
GEXF's lastmodifieddate, which networkx sets to the day it runs).

- networkx_digraph.graphml: a DiGraph, 6 nodes (label, type), 8 edges (type).
- networkx_multidigraph.graphml: a MultiDiGraph, 4 nodes, 6 edges; parallel edges between the
  same pair, so networkx writes edge ids 0, 1, ... per pair, repeating across pairs.
- igraph.graphml: igraph's write_graphml, 6 nodes, 9 edges (two parallel), no edge ids.
- networkx.gexf: write_gexf of a MultiDiGraph, 4 nodes, 6 edges with parallel edges. networkx
  writes an edge's "type" attribute as GEXF's own edge type (type="Signposting", where GEXF
  expects directed/undirected) and its key as a "networkx_key" attribute.
"""

import os
import sys

import igraph
import networkx

ORGS = [
    ("listening", "Anytown Listening Line", "Helpline or listening line"),
    ("haven", "The Haven crisis café", "Crisis café or safe haven"),
    ("peer", "Kitchen Table Group", "Peer support group"),
    ("advice", "Anytown Housing Advice", "Advocacy and advice"),
    ("shed", "Men's Shed", "community group"),
    ("crt", "Crisis Resolution Team", "Statutory service"),
]

DIGRAPH_EDGES = [
    ("listening", "haven", "Signposting"),
    ("haven", "crt", "Referral"),
    ("crt", "haven", "Referral"),
    ("peer", "haven", "Signposting"),
    ("advice", "peer", "Signposting"),
    ("shed", "peer", "Partnership"),
    ("crt", "advice", "Information sharing"),
    ("listening", "advice", "Signposting"),
]

# Parallel edges between the same pairs: networkx keys them 0, 1, ... per pair.
MULTI_EDGES = [
    ("listening", "haven", "Signposting"),
    ("listening", "haven", "Referral"),
    ("haven", "crt", "Referral"),
    ("haven", "crt", "Information sharing"),
    ("haven", "crt", "Referral"),
    ("peer", "haven", "Partnership"),
]


def digraph():
    g = networkx.DiGraph(name="Anytown (networkx DiGraph)")
    for node, label, kind in ORGS:
        g.add_node(node, label=label, type=kind)
    for u, v, kind in DIGRAPH_EDGES:
        g.add_edge(u, v, type=kind)
    return g


def multidigraph():
    g = networkx.MultiDiGraph(name="Anytown (networkx MultiDiGraph)")
    for node, label, kind in ORGS[:4] + [ORGS[5]]:
        if node == "advice":
            continue
        g.add_node(node, label=label, type=kind)
    for u, v, kind in MULTI_EDGES:
        g.add_edge(u, v, type=kind)
    return g


def igraph_graph():
    g = igraph.Graph(directed=True)
    g.add_vertices(len(ORGS))
    g.vs["name"] = [o[0] for o in ORGS]
    g.vs["label"] = [o[1] for o in ORGS]
    g.vs["type"] = [o[2] for o in ORGS]
    index = {o[0]: i for i, o in enumerate(ORGS)}
    edges = DIGRAPH_EDGES + [("listening", "haven", "Referral")]  # one pair twice
    g.add_edges([(index[u], index[v]) for u, v, _ in edges])
    g.es["type"] = [kind for _, _, kind in edges]
    return g


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "fixtures")
    written = {}
    g = digraph()
    networkx.write_graphml(g, os.path.join(out, "networkx_digraph.graphml"))
    written["networkx_digraph.graphml"] = g
    m = multidigraph()
    assert m.number_of_nodes() == 4 and m.number_of_edges() == 6
    networkx.write_graphml(m, os.path.join(out, "networkx_multidigraph.graphml"))
    written["networkx_multidigraph.graphml"] = m
    networkx.write_gexf(m, os.path.join(out, "networkx.gexf"))
    written["networkx.gexf"] = m
    ig = igraph_graph()
    ig.write_graphml(os.path.join(out, "igraph.graphml"))
    for name, graph in written.items():
        print(f"{name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    print(f"igraph.graphml: {ig.vcount()} nodes, {ig.ecount()} edges")


if __name__ == "__main__":
    main()
