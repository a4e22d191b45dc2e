//! GEXF 1.3 for Gephi: attributes, `viz:position` (y flipped: Gephi's y axis points up),
//! `viz:color`, `viz:size` and `viz:shape`, and per-edge direction.
//!
//! Direction: the graph is `defaultedgetype="directed"` and no edge has GEXF's own `type`
//! attribute (networkx refuses a graph that mixes directed and undirected edges). Every edge
//! instead has a value of the boolean edge attribute titled [`DIRECTED_ATTRIBUTE`] (`true` or
//! `false`, from its link type); the typology in a Patchwork map says the same for a round trip.

use super::xml::{attr_type, escape, num, value_text};
use crate::model::{AppliesTo, Colour, FieldDef, LinkRecord, Map, Organisation, Shape, Typology};
use std::fmt::Write;

/// The edge attribute (id and title, boolean) saying whether a link is directed.
pub const DIRECTED_ATTRIBUTE: &str = "directed";

fn viz_shape(shape: Shape) -> &'static str {
    match shape {
        Shape::Square | Shape::Cross => "square",
        Shape::Triangle | Shape::TriangleDown => "triangle",
        Shape::Diamond => "diamond",
        _ => "disc",
    }
}

/// The map as GEXF 1.3 text: the meta, the attribute declarations, the nodes (in id order)
/// and the edges.
#[must_use]
pub fn gexf(map: &Map) -> String {
    let t = map.typology();
    let mut out = String::with_capacity(500 * (map.org_count() + map.link_count()) + 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n");
    let _ = writeln!(
        out,
        "  <meta><creator>{}</creator><title>{}</title><description>{}</description></meta>",
        crate::CREATOR,
        escape(&map.meta.title),
        escape(&map.meta.description)
    );
    let org_fields: Vec<_> = t.fields_for(AppliesTo::Organisations).collect();
    let link_fields: Vec<_> = t.fields_for(AppliesTo::Links).collect();
    out.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n    <attributes class=\"node\">\n");
    // A "last changed" stamp's attributes only when some item has one.
    let stamps: &[(&str, &str)] = if map.has_stamps() {
        &[(crate::formats::CHANGED_BY_KEY, "string"), (crate::formats::CHANGED_AT_KEY, "string")]
    } else {
        &[]
    };
    let mut node_fixed = vec![
        ("type", "string"),
        ("notes", "string"),
        ("tags", "string"),
        ("pinned", "boolean"),
        ("sensitive", "boolean"),
    ];
    node_fixed.extend_from_slice(stamps);
    write_attributes(&mut out, &node_fixed, &org_fields);
    out.push_str("    </attributes>\n    <attributes class=\"edge\">\n");
    let mut edge_fixed = vec![("type", "string"), ("notes", "string"), (DIRECTED_ATTRIBUTE, "boolean")];
    edge_fixed.extend_from_slice(stamps);
    write_attributes(&mut out, &edge_fixed, &link_fields);
    out.push_str("    </attributes>\n    <nodes>\n");
    for o in map.organisations_sorted() {
        write_node(&mut out, t, o, &org_fields);
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for l in map.link_records() {
        write_edge(&mut out, t, &l, &link_fields);
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// One class's attribute declarations: the fixed ones (id = title), then one per field (`f_ID`).
fn write_attributes(out: &mut String, fixed: &[(&str, &str)], fields: &[&FieldDef]) {
    for (id, ty) in fixed {
        let _ = writeln!(out, "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>");
    }
    for f in fields {
        let _ = writeln!(
            out,
            "      <attribute id=\"f_{}\" title=\"{}\" type=\"{}\"/>",
            escape(f.id.as_str()),
            escape(&f.name),
            attr_type(f.kind)
        );
    }
}

/// One `<attvalue>`.
fn att(out: &mut String, id: &str, v: &str) {
    let _ = writeln!(out, "          <attvalue for=\"{}\" value=\"{}\"/>", escape(id), escape(v));
}

/// An item's "last changed" stamp, if it has one, as attvalues.
fn stamp_values(out: &mut String, changed: Option<&crate::model::Provenance>) {
    if let Some(p) = changed {
        att(out, crate::formats::CHANGED_BY_KEY, &p.by);
        att(out, crate::formats::CHANGED_AT_KEY, &p.at_rfc3339());
    }
}

/// Field values present on an item, as attvalues.
fn write_field_values(out: &mut String, fields: &[&FieldDef], values: &crate::model::FieldValues) {
    for f in fields {
        if let Some(v) = values.get(&f.id) {
            att(out, &format!("f_{}", f.id), &value_text(v));
        }
    }
}

/// One `<node>`: its values, then viz colour, position (y flipped), size and shape.
fn write_node(out: &mut String, t: &Typology, o: &Organisation, fields: &[&FieldDef]) {
    let ty = t.org_type(&o.org_type);
    let _ = writeln!(
        out,
        "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
        escape(o.id.as_str()),
        escape(&o.name)
    );
    att(out, "type", ty.map_or(o.org_type.as_str(), |t| t.name.as_str()));
    att(out, "notes", &o.notes);
    att(out, "tags", &o.tags.join(" | "));
    att(out, "pinned", &o.pinned.to_string());
    att(out, "sensitive", &o.sensitive.to_string());
    stamp_values(out, o.changed.as_ref());
    write_field_values(out, fields, &o.fields);
    let c = ty.map_or(Colour::rgb(0x88, 0x88, 0x88), |t| t.colour);
    let _ = writeln!(
        out,
        "        </attvalues>\n        <viz:color r=\"{}\" g=\"{}\" b=\"{}\"/>\n        <viz:position x=\"{}\" y=\"{}\" z=\"0\"/>\n        <viz:size value=\"14\"/>\n        <viz:shape value=\"{}\"/>\n      </node>",
        c.r,
        c.g,
        c.b,
        num(o.position[0]),
        num(-o.position[1]),
        viz_shape(ty.map_or(Shape::Circle, |t| t.shape))
    );
}

/// One `<edge>`: labelled with its type's name; its values (direction included), then colour.
fn write_edge(out: &mut String, t: &Typology, l: &LinkRecord, fields: &[&FieldDef]) {
    let lt = t.link_type(&l.link_type);
    let name = lt.map_or(l.link_type.as_str(), |t| t.name.as_str());
    let directed = if lt.is_some_and(|t| t.directed) { "true" } else { "false" };
    let _ = writeln!(
        out,
        "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\">\n        <attvalues>",
        escape(l.id.as_str()),
        escape(l.from.as_str()),
        escape(l.to.as_str()),
        escape(name)
    );
    att(out, "type", name);
    att(out, "notes", &l.notes);
    att(out, DIRECTED_ATTRIBUTE, directed);
    stamp_values(out, l.changed.as_ref());
    write_field_values(out, fields, &l.fields);
    let c = lt.map_or(Colour::rgb(0x88, 0x88, 0x88), |t| t.colour);
    let _ = writeln!(
        out,
        "        </attvalues>\n        <viz:color r=\"{}\" g=\"{}\" b=\"{}\"/>\n      </edge>",
        c.r, c.g, c.b
    );
}
