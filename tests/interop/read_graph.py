"""Loads a graph file the way a researcher would and prints what the tool saw, as JSON.

Usage: read_graph.py READER FILE NODE_FIELD EDGE_FIELD
  READER: networkx-graphml (networkx.read_graphml), networkx-gexf (networkx.read_gexf) or
          igraph-graphml (igraph.Graph.Read_GraphML).
  NODE_FIELD / EDGE_FIELD: the name of one node attribute and one edge attribute to report.

Prints {"tool", "directed_graph", "nodes", "edges", "labels": {id: label}, "types": {id: type},
"node_field": {id: value}, "links": [[id, source, target, type, directed, edge_field], ...]}
with links sorted by id; absent values are null. tests/interop.rs compares it with the map.
"""

import json
import math
import sys
import warnings


def clean(value):
    """A value as the map would hold it: None for absent (igraph fills gaps with "" or NaN)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and value == "":
        return None
    return value


def from_networkx(graph, node_field, edge_field):
    labels, types, fields = {}, {}, {}
    for node, data in graph.nodes(data=True):
        labels[node] = data.get("label")
        types[node] = data.get("type")
        fields[node] = clean(data.get(node_field))
    links = []
    if graph.is_multigraph():
        edges = graph.edges(keys=True, data=True)
    else:
        edges = ((u, v, None, d) for u, v, d in graph.edges(data=True))
    for source, target, key, data in edges:
        # read_graphml keys a multigraph's edges by their GraphML id; read_gexf keeps it in "id".
        edge_id = data.get("id", key)
        links.append([
            edge_id, source, target, data.get("type"), data.get("directed"),
            clean(data.get(edge_field)),
        ])
    return {
        "directed_graph": graph.is_directed(),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "labels": labels,
        "types": types,
        "node_field": fields,
        "links": links,
    }


def from_igraph(graph, node_field, edge_field):
    ids = graph.vs["id"]
    names = graph.vs.attributes()
    labels = dict(zip(ids, graph.vs["label"]))
    types = dict(zip(ids, graph.vs["type"]))
    values = graph.vs[node_field] if node_field in names else [None] * graph.vcount()
    fields = {i: clean(v) for i, v in zip(ids, values)}
    edge_names = graph.es.attributes()
    links = []
    for e in graph.es:
        links.append([
            e["id"] if "id" in edge_names else None,
            ids[e.source], ids[e.target], e["type"], e["directed"],
            clean(e[edge_field]) if edge_field in edge_names else None,
        ])
    return {
        "directed_graph": graph.is_directed(),
        "nodes": graph.vcount(),
        "edges": graph.ecount(),
        "labels": labels,
        "types": types,
        "node_field": fields,
        "links": links,
    }


def main():
    reader, path, node_field, edge_field = sys.argv[1:5]
    # igraph warns about yEd's graphics keys (no attr.type); they are for yEd, not for igraph.
    warnings.simplefilter("ignore")
    if reader == "networkx-graphml":
        import networkx
        out = from_networkx(networkx.read_graphml(path), node_field, edge_field)
    elif reader == "networkx-gexf":
        import networkx
        out = from_networkx(networkx.read_gexf(path), node_field, edge_field)
    elif reader == "igraph-graphml":
        import igraph
        out = from_igraph(igraph.Graph.Read_GraphML(path), node_field, edge_field)
    else:
        sys.exit(f"unknown reader {reader!r}")
    out["tool"] = reader
    out["links"].sort(key=lambda link: str(link[0]))
    json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
