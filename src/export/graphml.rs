//! GraphML for yEd, Gephi, networkx and igraph: attributes as typed keys, plus yEd's
//! `nodegraphics`/`edgegraphics` so yEd shows positions, colours, shapes and line styles. The
//! typology rides along as JSON in a graph attribute, so a Patchwork → GraphML → Patchwork round
//! trip keeps types, colours and fields exactly.
//!
//! Direction: the graph is `edgedefault="directed"` and no edge carries GraphML's own `directed`
//! XML attribute (networkx refuses a graph that mixes directed and undirected edges, and igraph
//! ignores the difference). Instead every edge has a boolean `<data>` of the key named
//! [`DIRECTED_KEY`] (`true` or `false`, from its link type), which every reader keeps as an
//! ordinary edge attribute; yEd still draws undirected links without arrowheads.

use super::xml::{attr_type, escape, num, value_text};
use crate::formats::{CHANGED_AT_KEY, CHANGED_BY_KEY};
use crate::model::{AppliesTo, FieldDef, LineStyle, LinkRecord, Map, Organisation, Provenance, Shape, Typology};
use std::fmt::Write;

/// The edge attribute (`attr.name`, boolean) saying whether a link is directed.
pub const DIRECTED_KEY: &str = "directed";

fn yed_shape(shape: Shape) -> &'static str {
    match shape {
        Shape::Circle => "ellipse",
        Shape::Square => "rectangle",
        Shape::Diamond => "diamond",
        Shape::Triangle | Shape::TriangleDown => "triangle",
        Shape::Pentagon => "trapezoid",
        Shape::Hexagon => "hexagon",
        Shape::Octagon | Shape::Cross => "octagon",
        Shape::Star => "star5",
    }
}

fn yed_line(style: LineStyle) -> &'static str {
    match style {
        LineStyle::Solid => "line",
        LineStyle::Dashed => "dashed",
        LineStyle::Dotted => "dotted",
        LineStyle::DashDot => "dashed_dotted",
    }
}

/// The map as GraphML text: the key declarations, then the graph's data, its nodes (in id
/// order) and its edges.
#[must_use]
pub fn graphml(map: &Map) -> String {
    let t = map.typology();
    let mut out = String::with_capacity(600 * (map.org_count() + map.link_count()) + 8192);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<!-- Created by {} -->", crate::CREATOR);
    out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:y=\"http://www.yworks.com/xml/graphml\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n");
    let fields = Fields {
        org: t.fields_for(AppliesTo::Organisations).collect(),
        link: t.fields_for(AppliesTo::Links).collect(),
        stamps: map.has_stamps(),
    };
    write_keys(&mut out, &fields);
    out.push_str("  <graph id=\"G\" edgedefault=\"directed\">\n");
    data(&mut out, "    ", "g_title", &map.meta.title);
    data(&mut out, "    ", "g_description", &map.meta.description);
    data(&mut out, "    ", "g_typology", &serde_json::to_string(t).unwrap_or_default());
    for o in map.organisations_sorted() {
        write_node(&mut out, t, o, &fields.org);
    }
    for l in map.link_records() {
        write_edge(&mut out, t, &l, &fields.link);
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// The typology's fields for organisations and for links, in order: field `i` has the key
/// `nf{i}` or `ef{i}`.
struct Fields<'a> {
    org: Vec<&'a FieldDef>,
    link: Vec<&'a FieldDef>,
    /// Whether any item has a "last changed" stamp: its keys are then declared.
    stamps: bool,
}

/// One `<key>` declaration.
fn key(out: &mut String, id: &str, target: &str, name: &str, ty: &str) {
    let _ = writeln!(
        out,
        "  <key id=\"{}\" for=\"{target}\" attr.name=\"{}\" attr.type=\"{ty}\"/>",
        escape(id),
        escape(name)
    );
}

/// One `<data>` value.
fn data(out: &mut String, indent: &str, key: &str, value: &str) {
    let _ = writeln!(out, "{indent}<data key=\"{key}\">{}</data>", escape(value));
}

/// The key declarations: the graph's, the nodes' (fixed ones, one per organisation field,
/// yEd's graphics) and the edges' likewise.
fn write_keys(out: &mut String, fields: &Fields<'_>) {
    key(out, "g_title", "graph", "title", "string");
    key(out, "g_description", "graph", "description", "string");
    key(out, "g_typology", "graph", crate::formats::GRAPHML_TYPOLOGY_KEY, "string");
    for (id, name, ty) in [
        ("n_label", "label", "string"),
        ("n_type", "type", "string"),
        ("n_notes", "notes", "string"),
        ("n_tags", "tags", "string"),
        ("n_x", "x", "double"),
        ("n_y", "y", "double"),
        ("n_pinned", "pinned", "boolean"),
        ("n_sensitive", "sensitive", "boolean"),
    ] {
        key(out, id, "node", name, ty);
    }
    for (i, f) in fields.org.iter().enumerate() {
        key(out, &format!("nf{i}"), "node", &f.name, attr_type(f.kind));
    }
    if fields.stamps {
        key(out, "n_changed_by", "node", CHANGED_BY_KEY, "string");
        key(out, "n_changed_at", "node", CHANGED_AT_KEY, "string");
    }
    out.push_str("  <key id=\"n_graphics\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n");
    key(out, "e_type", "edge", "type", "string");
    key(out, "e_notes", "edge", "notes", "string");
    key(out, "e_directed", "edge", DIRECTED_KEY, "boolean");
    for (i, f) in fields.link.iter().enumerate() {
        key(out, &format!("ef{i}"), "edge", &f.name, attr_type(f.kind));
    }
    if fields.stamps {
        key(out, "e_changed_by", "edge", CHANGED_BY_KEY, "string");
        key(out, "e_changed_at", "edge", CHANGED_AT_KEY, "string");
    }
    out.push_str("  <key id=\"e_graphics\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n");
}

/// One `<node>`: yEd's graphics first (networkx copies their x, y — the top-left corner, as
/// text — and label into the node's attributes, and the typed data after them must win), then
/// the organisation's data.
fn write_node(out: &mut String, t: &Typology, o: &Organisation, fields: &[&FieldDef]) {
    let ty = t.org_type(&o.org_type);
    let type_name = ty.map_or(o.org_type.as_str(), |t| t.name.as_str());
    let _ = writeln!(out, "    <node id=\"{}\">", escape(o.id.as_str()));
    let ind = "      ";
    let size = 28.0;
    let _ = writeln!(
        out,
        "{ind}<data key=\"n_graphics\"><y:ShapeNode><y:Geometry height=\"{s}\" width=\"{s}\" x=\"{}\" y=\"{}\"/><y:Fill color=\"{}\" transparent=\"false\"/><y:BorderStyle color=\"#222222\" type=\"line\" width=\"1.0\"/><y:NodeLabel modelName=\"sides\" modelPosition=\"s\">{}</y:NodeLabel><y:Shape type=\"{}\"/></y:ShapeNode></data>",
        num(o.position[0] - size / 2.0),
        num(o.position[1] - size / 2.0),
        ty.map_or_else(|| "#888888".to_owned(), |t| t.colour.to_hex()),
        escape(&o.name),
        yed_shape(ty.map_or(Shape::Circle, |t| t.shape)),
        s = num(size),
    );
    data(out, ind, "n_label", &o.name);
    data(out, ind, "n_type", type_name);
    data(out, ind, "n_notes", &o.notes);
    data(out, ind, "n_tags", &o.tags.join(" | "));
    data(out, ind, "n_x", &format!("{}", o.position[0]));
    data(out, ind, "n_y", &format!("{}", o.position[1]));
    data(out, ind, "n_pinned", &o.pinned.to_string());
    data(out, ind, "n_sensitive", &o.sensitive.to_string());
    for (i, f) in fields.iter().enumerate() {
        if let Some(v) = o.fields.get(&f.id) {
            data(out, ind, &format!("nf{i}"), &value_text(v));
        }
    }
    stamp_data(out, ind, "n", o.changed.as_ref());
    out.push_str("    </node>\n");
}

/// One `<edge>`: yEd's graphics (colour, line style, arrowhead when directed), then the link's
/// type, notes, direction and fields.
fn write_edge(out: &mut String, t: &Typology, l: &LinkRecord, fields: &[&FieldDef]) {
    let lt = t.link_type(&l.link_type);
    let directed = lt.is_some_and(|t| t.directed);
    let _ = writeln!(
        out,
        "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
        escape(l.id.as_str()),
        escape(l.from.as_str()),
        escape(l.to.as_str())
    );
    let ind = "      ";
    let _ = writeln!(
        out,
        "{ind}<data key=\"e_graphics\"><y:PolyLineEdge><y:LineStyle color=\"{}\" type=\"{}\" width=\"2.0\"/><y:Arrows source=\"none\" target=\"{}\"/></y:PolyLineEdge></data>",
        lt.map_or_else(|| "#888888".to_owned(), |t| t.colour.to_hex()),
        yed_line(lt.map_or(LineStyle::Solid, |t| t.style)),
        if directed { "standard" } else { "none" }
    );
    data(out, ind, "e_type", lt.map_or(l.link_type.as_str(), |t| t.name.as_str()));
    data(out, ind, "e_notes", &l.notes);
    data(out, ind, "e_directed", if directed { "true" } else { "false" });
    for (i, f) in fields.iter().enumerate() {
        if let Some(v) = l.fields.get(&f.id) {
            data(out, ind, &format!("ef{i}"), &value_text(v));
        }
    }
    stamp_data(out, ind, "e", l.changed.as_ref());
    out.push_str("    </edge>\n");
}

/// An item's "last changed" stamp as `<data>` of the keys `{prefix}_changed_by`/`_at`.
fn stamp_data(out: &mut String, indent: &str, prefix: &str, changed: Option<&Provenance>) {
    if let Some(p) = changed {
        data(out, indent, &format!("{prefix}_changed_by"), &p.by);
        data(out, indent, &format!("{prefix}_changed_at"), &p.at_rfc3339());
    }
}
