//! A small, safe XML reader for GraphML and GEXF: the document as a tree of elements. DTDs are
//! refused (no entity expansion, no external entities: "billion laughs" cannot happen), only the
//! five predefined entities and character references are accepted, and nesting is bounded.
//! Also the GEXF reader.

use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool};
use crate::model::{Colour, FieldKind};
use quick_xml::events::Event;
use std::borrow::Cow;
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

/// A qualified name without its namespace prefix (`y:Geometry` → `Geometry`).
#[must_use]
pub fn local_name(qualified: &[u8]) -> &[u8] {
    qualified.rsplit(|&b| b == b':').next().unwrap_or(qualified)
}

/// One shared string per distinct element or attribute name, so a 100,000-element file does
/// not allocate a name for each.
#[derive(Default)]
struct Names(foldhash::HashMap<Vec<u8>, Rc<str>>);

impl Names {
    fn local(&mut self, qualified: &[u8]) -> Rc<str> {
        let name = local_name(qualified);
        if let Some(found) = self.0.get(name) {
            return found.clone();
        }
        let shared: Rc<str> = Rc::from(String::from_utf8_lossy(name).as_ref());
        self.0.insert(name.to_vec(), shared.clone());
        shared
    }
}

/// What [`SafeReader::read`] reads.
#[derive(Debug)]
pub enum Item<'a> {
    /// An element opens (an empty element opens and then closes), by its local name. Its
    /// attributes, checked, are [`SafeReader::attr`] until the next item is read.
    Open(&'a [u8]),
    /// The innermost open element closes.
    Close,
    /// Text directly inside the innermost open element: character data, CDATA, or one
    /// resolved character or predefined-entity reference.
    Text(Cow<'a, str>),
    /// The document ended, every element closed.
    End,
}

/// A streaming XML reader with the safety checks every reader here needs: DTDs refused (no
/// entity expansion, no external entities: "billion laughs" cannot happen), only the five
/// predefined entities and character references, nesting at most [`MAX_DEPTH`], at most
/// [`MAX_ELEMENTS`] elements, attributes checked, every element closed. Errors name the file
/// and line.
pub struct SafeReader<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    text: &'a str,
    path: &'a Path,
    depth: usize,
    elements: usize,
    /// Where the event being read started (for error lines).
    pos: u64,
    /// The element just opened was empty (`<a/>`): it closes next.
    close_pending: bool,
    /// The attributes of the element just opened: local name, value with references resolved.
    attrs: Vec<(&'a [u8], Cow<'a, str>)>,
}

impl<'a> SafeReader<'a> {
    /// A reader of `bytes`, which must be UTF-8 (`path` is for messages).
    pub fn new(path: &'a Path, bytes: &'a [u8]) -> Result<Self, ImportError> {
        let text = std::str::from_utf8(bytes).map_err(|e| ImportError::Malformed {
            path: path.to_path_buf(),
            place: format!("byte {}", e.valid_up_to()),
            message: "not UTF-8 text".into(),
        })?;
        let mut reader = quick_xml::Reader::from_str(text);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        Ok(Self { reader, text, path, depth: 0, elements: 0, pos: 0, close_pending: false, attrs: Vec::new() })
    }

    /// An error at the line of the item last read.
    #[must_use]
    pub fn error(&self, message: impl Into<String>) -> ImportError {
        self.error_at(self.pos, message.into())
    }

    fn error_at(&self, pos: u64, message: String) -> ImportError {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(self.text.len());
        let line = self.text.as_bytes()[..pos].split(|&b| b == b'\n').count();
        ImportError::Malformed { path: self.path.to_path_buf(), place: format!("line {line}"), message }
    }

    /// `part`, a slice of the document, as text borrowed from the document (no copy, no second
    /// UTF-8 check: the document was checked whole).
    fn within(&self, part: &[u8]) -> Option<&'a str> {
        let start = (part.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        self.text.get(start..start.checked_add(part.len())?)
    }

    /// An attribute of the element just opened, by local name.
    #[must_use]
    pub fn attr(&self, name: &[u8]) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_ref())
    }

    /// The attributes of the element just opened: local name and value.
    #[must_use]
    pub fn attrs(&self) -> &[(&'a [u8], Cow<'a, str>)] {
        &self.attrs
    }

    /// The next item of the document.
    pub fn read(&mut self) -> Result<Item<'a>, ImportError> {
        if std::mem::take(&mut self.close_pending) {
            self.depth -= 1;
            return Ok(Item::Close);
        }
        loop {
            self.pos = self.reader.buffer_position();
            let event =
                self.reader.read_event().map_err(|e| self.error_at(self.reader.error_position(), e.to_string()))?;
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::DocType(_) => {
                    return Err(self
                        .error("the file declares a DTD (<!DOCTYPE ...>); DTDs and entities are refused for safety"));
                }
                Event::Start(e) | Event::Empty(e) => {
                    self.close_pending = empty;
                    self.elements += 1;
                    if self.elements > MAX_ELEMENTS {
                        return Err(self.error(format!(
                            "more than {MAX_ELEMENTS} elements; this is not a map Patchwork can open"
                        )));
                    }
                    if self.depth >= MAX_DEPTH {
                        return Err(self.error(format!("elements are nested more than {MAX_DEPTH} deep")));
                    }
                    self.attrs.clear();
                    for a in e.attributes() {
                        let a = a.map_err(|x| self.error(x.to_string()))?;
                        let key = self.within(a.key.as_ref()).map(str::as_bytes);
                        let plain = !a.value.iter().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
                        let value = match self.within(&a.value) {
                            Some(v) if plain => Cow::Borrowed(v),
                            _ => Cow::Owned(
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .map_err(|x| {
                                        self.error(format!(
                                            "attribute {}: {x}",
                                            String::from_utf8_lossy(local_name(a.key.as_ref()))
                                        ))
                                    })?
                                    .into_owned(),
                            ),
                        };
                        let Some(key) = key else { continue };
                        self.attrs.push((local_name(key), value));
                    }
                    self.depth += 1;
                    let name = self.within(e.name().into_inner()).map_or(&b""[..], str::as_bytes);
                    return Ok(Item::Open(local_name(name)));
                }
                Event::End(_) => {
                    // quick-xml checks the end tag's name against its start tag.
                    self.depth =
                        self.depth.checked_sub(1).ok_or_else(|| self.error("an end tag without its start tag"))?;
                    return Ok(Item::Close);
                }
                Event::Text(t) => {
                    return Ok(Item::Text(match self.within(&t) {
                        Some(s) => Cow::Borrowed(s),
                        None => t.decode().map_err(|x| self.error(x.to_string()))?,
                    }));
                }
                Event::CData(t) => {
                    return Ok(Item::Text(match self.within(&t) {
                        Some(s) => Cow::Borrowed(s),
                        None => t.decode().map_err(|x| self.error(x.to_string()))?,
                    }));
                }
                Event::GeneralRef(r) => {
                    let c = if r.is_char_ref() {
                        r.resolve_char_ref().map_err(|x| self.error(x.to_string()))?
                    } else {
                        match r.decode().map_err(|x| self.error(x.to_string()))?.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            other => {
                                return Err(self.error(format!(
                                    "the entity &{other}; is not allowed (only XML's predefined entities are)"
                                )));
                            }
                        }
                    };
                    if let Some(c) = c {
                        return Ok(Item::Text(Cow::Owned(c.to_string())));
                    }
                }
                Event::Eof => {
                    if self.depth != 0 {
                        self.pos = self.text.len() as u64;
                        return Err(self.error("the file ends inside an element"));
                    }
                    return Ok(Item::End);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }
}

/// Parses a whole document into its root element.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Element, ImportError> {
    let mut reader = SafeReader::new(path, bytes)?;
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut names = Names::default();
    loop {
        match reader.read()? {
            Item::Open(name) => {
                let mut el = Element { name: names.local(name), ..Element::default() };
                for (k, v) in reader.attrs() {
                    el.attrs.push((names.local(k), v.to_string()));
                }
                stack.push(el);
            }
            Item::Close => {
                let done = stack.pop().unwrap_or_default();
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(done);
                }
            }
            Item::Text(t) => {
                // Indentation before an element's first child or text is not kept (text is
                // trimmed where it is used): most of a pretty-printed file's text events.
                if let Some(el) = stack.last_mut()
                    && !(el.text.is_empty() && t.bytes().all(|b| b.is_ascii_whitespace()))
                {
                    el.text.push_str(&t);
                }
            }
            Item::End => break,
        }
    }
    let root = stack.pop().unwrap_or_default();
    root.children.into_iter().next().ok_or_else(|| reader.error("no root element"))
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
