//! GEXF 1.3 for Gephi: attributes, `viz:position` (y flipped: Gephi's y axis points up),
//! `viz:color`, `viz:size` and `viz:shape`, and per-edge direction.
//!
//! Direction: the graph is `defaultedgetype="directed"` and no edge has GEXF's own `type`
//! attribute (networkx refuses a graph that mixes directed and undirected edges). Every edge
//! instead has a value of the boolean edge attribute titled [`DIRECTED_ATTRIBUTE`] (`true` or
//! `false`, from its link type); the typology in a Patchwork map says the same for a round trip.

use super::xml::{attr_type, escape, num, value_text};
use crate::model::{AppliesTo, Map, Shape};
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

/// The map as GEXF 1.3 text.
// One linear pass over the format's structure; splitting it would scatter the format.
#[allow(clippy::too_many_lines)]
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
    out.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n    <attributes class=\"node\">\n");
    for (id, ty) in
        [("type", "string"), ("notes", "string"), ("tags", "string"), ("pinned", "boolean"), ("sensitive", "boolean")]
    {
        let _ = writeln!(out, "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>");
    }
    let org_fields: Vec<_> = t.fields_for(AppliesTo::Organisations).collect();
    let link_fields: Vec<_> = t.fields_for(AppliesTo::Links).collect();
    for f in &org_fields {
        let _ = writeln!(
            out,
            "      <attribute id=\"f_{}\" title=\"{}\" type=\"{}\"/>",
            escape(f.id.as_str()),
            escape(&f.name),
            attr_type(f.kind)
        );
    }
    out.push_str("    </attributes>\n    <attributes class=\"edge\">\n");
    for (id, ty) in [("type", "string"), ("notes", "string"), (DIRECTED_ATTRIBUTE, "boolean")] {
        let _ = writeln!(out, "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>");
    }
    for f in &link_fields {
        let _ = writeln!(
            out,
            "      <attribute id=\"f_{}\" title=\"{}\" type=\"{}\"/>",
            escape(f.id.as_str()),
            escape(&f.name),
            attr_type(f.kind)
        );
    }
    out.push_str("    </attributes>\n    <nodes>\n");
    let att = |out: &mut String, id: &str, v: &str| {
        let _ = writeln!(out, "          <attvalue for=\"{}\" value=\"{}\"/>", escape(id), escape(v));
    };
    for o in map.organisations_sorted() {
        let ty = t.org_type(&o.org_type);
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
            escape(o.id.as_str()),
            escape(&o.name)
        );
        att(&mut out, "type", ty.map_or(o.org_type.as_str(), |t| t.name.as_str()));
        att(&mut out, "notes", &o.notes);
        att(&mut out, "tags", &o.tags.join(" | "));
        att(&mut out, "pinned", &o.pinned.to_string());
        att(&mut out, "sensitive", &o.sensitive.to_string());
        for f in &org_fields {
            if let Some(v) = o.fields.get(&f.id) {
                att(&mut out, &format!("f_{}", f.id), &value_text(v));
            }
        }
        let c = ty.map_or(crate::model::Colour::rgb(0x88, 0x88, 0x88), |t| t.colour);
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
    out.push_str("    </nodes>\n    <edges>\n");
    for l in map.link_records() {
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
        att(&mut out, "type", name);
        att(&mut out, "notes", &l.notes);
        att(&mut out, DIRECTED_ATTRIBUTE, directed);
        for f in &link_fields {
            if let Some(v) = l.fields.get(&f.id) {
                att(&mut out, &format!("f_{}", f.id), &value_text(v));
            }
        }
        let c = lt.map_or(crate::model::Colour::rgb(0x88, 0x88, 0x88), |t| t.colour);
        let _ = writeln!(
            out,
            "        </attvalues>\n        <viz:color r=\"{}\" g=\"{}\" b=\"{}\"/>\n      </edge>",
            c.r, c.g, c.b
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}
