//! A small, safe XML reader for GraphML and GEXF: the document as a tree of elements. DTDs are
//! refused (no entity expansion, no external entities: "billion laughs" cannot happen), only the
//! five predefined entities and character references are accepted, and nesting is bounded.
//! Also the GEXF reader.

use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool};
use crate::model::{Colour, FieldKind};
use quick_xml::events::Event;
use std::path::Path;
use std::rc::Rc;

/// Elements nested deeper than this are refused (GraphML and GEXF need fewer than ten).
pub const MAX_DEPTH: usize = 256;

/// More elements than this are refused: about 20 per organisation for a million organisations,
/// far beyond any real map, and a bound on memory for a hostile file of tiny elements.
pub const MAX_ELEMENTS: usize = 20_000_000;

/// One XML element: local name (namespace prefix dropped), attributes, children and text.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Local name, e.g. `node`, `ShapeNode`, `position` (shared: a file has few distinct names).
    pub name: Rc<str>,
    /// Attributes by local name, in document order.
    pub attrs: Vec<(Rc<str>, String)>,
    /// Child elements.
    pub children: Vec<Element>,
    /// Text content directly inside this element.
    pub text: String,
}

impl Element {
    /// An attribute's value.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.as_str())
    }

    /// Children with this local name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| &*c.name == name)
    }

    /// The first child with this local name.
    #[must_use]
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| &*c.name == name)
    }

    /// The first descendant (depth-first) with this local name.
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.children.iter().find_map(|c| if &*c.name == name { Some(c) } else { c.find(name) })
    }
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    s.rsplit_once(':').map_or_else(|| s.to_string(), |(_, l)| l.to_owned())
}

/// One shared string per distinct element or attribute name, so a 100,000-element file does
/// not allocate a name for each.
#[derive(Default)]
struct Names(foldhash::HashMap<Vec<u8>, Rc<str>>);

impl Names {
    fn local(&mut self, qualified: &[u8]) -> Rc<str> {
        let name = qualified.rsplit(|&b| b == b':').next().unwrap_or(qualified);
        if let Some(found) = self.0.get(name) {
            return found.clone();
        }
        let shared: Rc<str> = Rc::from(String::from_utf8_lossy(name).as_ref());
        self.0.insert(name.to_vec(), shared.clone());
        shared
    }
}

/// Parses a whole document into its root element.
// One event loop with the safety checks inline, where they can be seen together.
#[allow(clippy::too_many_lines)]
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Element, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::Malformed {
        path: path.to_path_buf(),
        place: format!("byte {}", e.valid_up_to()),
        message: "not UTF-8 text".into(),
    })?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let line_of = |pos: u64| {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(text.len());
        text.as_bytes()[..pos].split(|&b| b == b'\n').count()
    };
    let err = |pos: u64, message: String| ImportError::Malformed {
        path: path.to_path_buf(),
        place: format!("line {}", line_of(pos)),
        message,
    };
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut elements = 0usize;
    let mut names = Names::default();
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| err(reader.error_position(), e.to_string()))?;
        match event {
            Event::DocType(_) => {
                return Err(err(
                    pos,
                    "the file declares a DTD (<!DOCTYPE ...>); DTDs and entities are refused for safety".into(),
                ));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                elements += 1;
                if elements > MAX_ELEMENTS {
                    return Err(err(
                        pos,
                        format!("more than {MAX_ELEMENTS} elements; this is not a map Patchwork can open"),
                    ));
                }
                let mut el = Element { name: names.local(e.name().as_ref()), ..Element::default() };
                for a in e.attributes() {
                    let a = a.map_err(|x| err(pos, x.to_string()))?;
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|x| err(pos, format!("attribute {}: {x}", local(a.key.as_ref()))))?;
                    el.attrs.push((names.local(a.key.as_ref()), v.into_owned()));
                }
                if is_empty {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(el);
                    }
                } else {
                    if stack.len() > MAX_DEPTH {
                        return Err(err(pos, format!("elements are nested more than {MAX_DEPTH} deep")));
                    }
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let done = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Err(err(pos, "an end tag without its start tag".into())),
                }
            }
            Event::Text(t) => {
                // Indentation before an element's first child or text is not kept (text is
                // trimmed where it is used): most of a pretty-printed file's text events.
                if let Some(el) = stack.last_mut()
                    && !(el.text.is_empty() && t.iter().all(u8::is_ascii_whitespace))
                {
                    let s = t.decode().map_err(|x| err(pos, x.to_string()))?;
                    el.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|x| err(pos, x.to_string()))?;
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().map_err(|x| err(pos, x.to_string()))?
                } else {
                    match r.decode().map_err(|x| err(pos, x.to_string()))?.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        other => {
                            return Err(err(
                                pos,
                                format!("the entity &{other}; is not allowed (only XML's predefined entities are)"),
                            ));
                        }
                    }
                };
                if let (Some(c), Some(el)) = (c, stack.last_mut()) {
                    el.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err(err(text.len() as u64, "the file ends inside an element".into()));
    }
    let root = stack.pop().unwrap_or_default();
    root.children.into_iter().next().ok_or_else(|| err(0, "no root element".into()))
}

fn gexf_kind(t: &str) -> Option<FieldKind> {
    match t.to_ascii_lowercase().as_str() {
        "integer" | "long" | "float" | "double" | "int" => Some(FieldKind::Number),
        "boolean" => Some(FieldKind::YesNo),
        "string" | "liststring" | "anyuri" => Some(FieldKind::Text),
        _ => None,
    }
}

/// Reads GEXF 1.1–1.3 (as Gephi writes it).
// One linear pass over the format's structure; splitting it would scatter the format.
#[allow(clippy::too_many_lines)]
pub fn read_gexf(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    let root = parse(path, bytes)?;
    if &*root.name != "gexf" {
        return Err(ImportError::Unusable {
            message: format!("not a GEXF file (the root element is <{}>)", root.name),
            path: path.to_path_buf(),
        });
    }
    let graph = root
        .child("graph")
        .ok_or_else(|| ImportError::Unusable { message: "no <graph> element".into(), path: path.to_path_buf() })?;
    let mut imported = Imported {
        title: root.find("title").map(|t| t.text.trim().to_owned()).filter(|t| !t.is_empty()),
        description: root.find("description").map(|t| t.text.trim().to_owned()).filter(|t| !t.is_empty()),
        ..Imported::default()
    };
    let default_directed = graph.attr("defaultedgetype").is_none_or(|t| t != "undirected");
    let mut node_attrs = std::collections::HashMap::new();
    let mut edge_attrs = std::collections::HashMap::new();
    for attrs in graph.children_named("attributes") {
        let target = if attrs.attr("class") == Some("edge") { &mut edge_attrs } else { &mut node_attrs };
        for a in attrs.children_named("attribute") {
            let (Some(id), title) = (a.attr("id"), a.attr("title")) else { continue };
            let title = title.unwrap_or(id).to_owned();
            if let Some(kind) = a.attr("type").and_then(gexf_kind) {
                imported.field_kinds.insert(title.clone(), kind);
            }
            target.insert(id.to_owned(), title);
        }
    }
    let values = |el: &Element, names: &std::collections::HashMap<String, String>| -> Vec<(String, String)> {
        el.child("attvalues")
            .map(|av| {
                av.children_named("attvalue")
                    .filter_map(|v| {
                        let key = v.attr("for").or_else(|| v.attr("id"))?;
                        let name = names.get(key).cloned().unwrap_or_else(|| key.to_owned());
                        Some((name, v.attr("value").unwrap_or_default().to_owned()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(nodes) = graph.child("nodes") {
        for n in nodes.children_named("node") {
            let Some(id) = n.attr("id") else {
                imported.skipped.push("a node without an id".into());
                continue;
            };
            let mut fields = values(n, &node_attrs);
            let take = |fields: &mut Vec<(String, String)>, names: &[&str]| {
                let i = fields.iter().position(|(k, _)| names.contains(&k.to_lowercase().as_str()))?;
                Some(fields.remove(i).1)
            };
            let type_name = take(&mut fields, &["type", "category", "kind", "org_type"]).filter(|s| !s.is_empty());
            let notes = take(&mut fields, &["notes", "description"]);
            let tags = take(&mut fields, &["tags"]).map(|t| super::split_multi(&t));
            let pinned = take(&mut fields, &["pinned"]).and_then(|s| parse_bool(&s));
            let sensitive = take(&mut fields, &["sensitive"]).and_then(|s| parse_bool(&s));
            let position = n.child("position").and_then(|p| {
                let x = p.attr("x")?.parse::<f32>().ok()?;
                let y = p.attr("y")?.parse::<f32>().ok()?;
                (x.is_finite() && y.is_finite()).then_some([x, -y])
            });
            let colour = n.child("color").and_then(|c| {
                let ch = |k: &str| c.attr(k).and_then(|v| v.trim().parse::<u8>().ok());
                Some(Colour::rgb(ch("r")?, ch("g")?, ch("b")?))
            });
            imported.orgs.push(ImportedOrg {
                origin: format!("node {id}"),
                id: Some(id.to_owned()),
                label: n.attr("label").filter(|l| !l.trim().is_empty()).unwrap_or(id).to_owned(),
                type_name,
                notes,
                tags,
                fields,
                position,
                pinned,
                sensitive,
                colour,
            });
        }
    }
    if let Some(edges) = graph.child("edges") {
        for e in edges.children_named("edge") {
            let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) else {
                imported.skipped.push("an edge without source or target".into());
                continue;
            };
            let mut fields = values(e, &edge_attrs);
            let take = |fields: &mut Vec<(String, String)>, names: &[&str]| {
                let i = fields.iter().position(|(k, _)| names.contains(&k.to_lowercase().as_str()))?;
                Some(fields.remove(i).1)
            };
            let type_name = take(&mut fields, &["type", "relationship", "kind"])
                .or_else(|| e.attr("label").map(str::to_owned).or_else(|| e.attr("kind").map(str::to_owned)))
                .filter(|s| !s.trim().is_empty());
            let notes = take(&mut fields, &["notes", "description"]);
            let directed = match e.attr("type") {
                Some("undirected" | "mutual") => false,
                Some("directed") => true,
                _ => default_directed,
            };
            imported.links.push(ImportedLink {
                origin: format!("edge {}", e.attr("id").unwrap_or("")),
                id: e.attr("id").map(str::to_owned),
                from: from.to_owned(),
                to: to.to_owned(),
                type_name,
                directed: Some(directed),
                notes,
                fields,
            });
        }
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtds_and_unknown_entities_are_refused() {
        let laughs = b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><graphml>&lol2;</graphml>";
        let e = parse(Path::new("x.graphml"), laughs).unwrap_err().to_string();
        assert!(e.contains("DTD"), "{e}");
        let e = parse(Path::new("x.graphml"), b"<a>&foo;</a>").unwrap_err().to_string();
        assert!(e.contains("&foo;"), "{e}");
        let ok = parse(Path::new("x.graphml"), b"<a x=\"1 &amp; 2\"><b/>t &lt; u &#233;</a>").unwrap();
        assert_eq!(ok.attr("x"), Some("1 & 2"));
        assert_eq!(ok.children.len(), 1);
        assert_eq!(ok.text, "t < u é");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let doc = format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000));
        let e = parse(Path::new("deep.xml"), doc.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("nested"), "{e}");
    }
}
