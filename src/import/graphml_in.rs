//! GraphML as written by yEd (labels, positions and colours in `nodegraphics`), Gephi (`label`,
//! `x`, `y`, `r`/`g`/`b` keys), networkx and igraph (typed keys), and Patchwork itself (the
//! typology rides along, so types come back exactly).

use super::xml_in::{Element, parse};
use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool, split_multi};
use crate::model::{Colour, FieldKind};
use std::path::Path;

struct Key {
    name: String,
    /// The name in lower case, for matching well-known names.
    lower: String,
    yfiles: Option<String>,
}

fn kind_of(t: &str) -> Option<FieldKind> {
    match t {
        "int" | "long" | "float" | "double" => Some(FieldKind::Number),
        "boolean" => Some(FieldKind::YesNo),
        "string" => Some(FieldKind::Text),
        _ => None,
    }
}

/// Label, position and colour from yEd's node graphics.
fn yed_graphics(el: &Element) -> (Option<String>, Option<[f32; 2]>, Option<Colour>) {
    let label = el.find("NodeLabel").map(|l| l.text.trim().to_owned()).filter(|l| !l.is_empty());
    let position = el.find("Geometry").and_then(|g| {
        let f = |k: &str| g.attr(k).and_then(|v| v.parse::<f32>().ok());
        let (x, y) = (f("x")?, f("y")?);
        let (w, h) = (f("width").unwrap_or(0.0), f("height").unwrap_or(0.0));
        let p = [x + w / 2.0, y + h / 2.0];
        (p[0].is_finite() && p[1].is_finite()).then_some(p)
    });
    let colour = el.find("Fill").and_then(|f| f.attr("color")).and_then(|c| Colour::from_hex(c.get(..7).unwrap_or(c)));
    (label, position, colour)
}

/// Reads a GraphML file.
// One linear pass over the format's structure; splitting it would scatter the format.
#[allow(clippy::too_many_lines)]
pub fn read_graphml(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    let root = parse(path, bytes)?;
    if &*root.name != "graphml" {
        return Err(ImportError::Unusable {
            message: format!("not a GraphML file (the root element is <{}>)", root.name),
            path: path.to_path_buf(),
        });
    }
    let mut imported = Imported::default();
    // Looked up for every <data> element: foldhash rather than SipHash.
    let mut keys: foldhash::HashMap<String, Key> = foldhash::HashMap::default();
    for k in root.children_named("key") {
        let Some(id) = k.attr("id") else { continue };
        let name = k.attr("attr.name").unwrap_or(id).to_owned();
        if let Some(kind) = k.attr("attr.type").and_then(kind_of) {
            imported.field_kinds.insert(name.clone(), kind);
        }
        let lower = name.to_lowercase();
        keys.insert(id.to_owned(), Key { name, lower, yfiles: k.attr("yfiles.type").map(str::to_owned) });
    }
    let graph = root
        .child("graph")
        .ok_or_else(|| ImportError::Unusable { message: "no <graph> element".into(), path: path.to_path_buf() })?;
    let default_directed = graph.attr("edgedefault") != Some("undirected");
    for d in graph.children_named("data") {
        let Some(key) = d.attr("key").and_then(|k| keys.get(k)) else { continue };
        match key.name.as_str() {
            "title" | "name" | "label" => imported.title = Some(d.text.trim().to_owned()).filter(|t| !t.is_empty()),
            "description" => imported.description = Some(d.text.trim().to_owned()).filter(|t| !t.is_empty()),
            crate::export::graphml::TYPOLOGY_KEY => {
                imported.typology =
                    serde_json::from_str(&d.text).ok().filter(|t: &crate::model::Typology| t.check().is_ok());
            }
            _ => {}
        }
    }
    for n in graph.children_named("node") {
        let Some(id) = n.attr("id") else {
            imported.skipped.push("a node without an id".into());
            continue;
        };
        let mut org = ImportedOrg { origin: format!("node {id}"), id: Some(id.to_owned()), ..ImportedOrg::default() };
        let (mut x, mut y, mut rgb) = (None, None, [None, None, None]);
        for d in n.children_named("data") {
            let Some(key) = d.attr("key").and_then(|k| keys.get(k)) else { continue };
            if key.yfiles.as_deref() == Some("nodegraphics") {
                let (label, pos, colour) = yed_graphics(d);
                if org.label.is_empty() {
                    org.label = label.unwrap_or_default();
                }
                org.position = org.position.or(pos);
                org.colour = org.colour.or(colour);
                continue;
            }
            if key.yfiles.is_some() {
                continue;
            }
            let v = d.text.trim().to_owned();
            match key.lower.as_str() {
                "label" | "name" => org.label = v,
                "type" | "category" | "kind" | "element type" | "org_type" | "group" => {
                    org.type_name = Some(v).filter(|s| !s.is_empty());
                }
                "notes" | "description" => org.notes = Some(v),
                "tags" => org.tags = Some(split_multi(&v)),
                "x" => x = v.parse::<f32>().ok(),
                "y" => y = v.parse::<f32>().ok(),
                "r" => rgb[0] = v.parse::<u8>().ok(),
                "g" => rgb[1] = v.parse::<u8>().ok(),
                "b" => rgb[2] = v.parse::<u8>().ok(),
                "pinned" => org.pinned = parse_bool(&v),
                "sensitive" => org.sensitive = parse_bool(&v),
                "size" | "id" => {}
                _ => org.fields.push((key.name.clone(), v)),
            }
        }
        if let (Some(x), Some(y)) = (x, y)
            && x.is_finite()
            && y.is_finite()
        {
            org.position = Some([x, y]);
        }
        if let [Some(r), Some(g), Some(b)] = rgb {
            org.colour = Some(Colour::rgb(r, g, b));
        }
        if org.label.is_empty() {
            id.clone_into(&mut org.label);
        }
        imported.orgs.push(org);
    }
    for e in graph.children_named("edge") {
        let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) else {
            imported.skipped.push("an edge without source or target".into());
            continue;
        };
        let mut link = ImportedLink {
            origin: e.attr("id").map_or_else(|| format!("edge {from}→{to}"), |id| format!("edge {id}")),
            id: e.attr("id").map(str::to_owned),
            from: from.to_owned(),
            to: to.to_owned(),
            directed: Some(e.attr("directed").map_or(default_directed, |d| d == "true")),
            ..ImportedLink::default()
        };
        for d in e.children_named("data") {
            let Some(key) = d.attr("key").and_then(|k| keys.get(k)) else { continue };
            if key.yfiles.as_deref() == Some("edgegraphics") {
                // yEd keeps an edge's label in its graphics; use it as the type if none is given.
                let label = d.find("EdgeLabel").map(|l| l.text.trim().to_owned()).filter(|l| !l.is_empty());
                if link.type_name.is_none() {
                    link.type_name = label;
                }
                continue;
            }
            if key.yfiles.is_some() {
                continue;
            }
            let v = d.text.trim().to_owned();
            match key.lower.as_str() {
                "type" | "label" | "edge label" | "relationship" | "kind" | "connection type" => {
                    if link.type_name.is_none() {
                        link.type_name = Some(v).filter(|s| !s.is_empty());
                    }
                }
                "notes" | "description" => link.notes = Some(v),
                "id" => {}
                _ => link.fields.push((key.name.clone(), v)),
            }
        }
        imported.links.push(link);
    }
    Ok(imported)
}
