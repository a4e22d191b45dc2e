//! A small, safe XML reader for GraphML and GEXF: a streaming reader of items ([`SafeReader`]),
//! and the document as a tree of elements ([`parse`]). DTDs are refused (no entity expansion, no
//! external entities: "billion laughs" cannot happen), only the five predefined entities and
//! character references are accepted, and nesting is bounded. Also the GEXF reader.

use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool};
use crate::model::{Colour, FieldKind};
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
    // Names are short: a plain loop beats a call into a vectorised search.
    qualified.iter().rposition(|&b| b == b':').map_or(qualified, |colon| &qualified[colon + 1..])
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
    /// Text directly inside the innermost open element: character data with its references
    /// resolved, or a CDATA section.
    Text(Cow<'a, str>),
    /// The document ended, every element closed.
    End,
}

/// A streaming XML reader with the safety checks every reader here needs: DTDs refused (no
/// entity expansion, no external entities: "billion laughs" cannot happen), only the five
/// predefined entities and character references, nesting at most [`MAX_DEPTH`], at most
/// [`MAX_ELEMENTS`] elements, attributes checked, every end tag matching its start tag, every
/// element closed. Errors name the file and line.
///
/// Hand-written over the whole document in memory: names, attribute values and text without
/// references are slices of the document (nothing copied), and the searches for `<`, quotes and
/// the ends of comments are `memchr`'s. About twice as fast as the general reader it replaced
/// on a 20,000-organisation GraphML file, which is most of an import's time.
pub struct SafeReader<'a> {
    text: &'a str,
    path: &'a Path,
    /// Where reading goes on.
    at: usize,
    /// The qualified names of the open elements, outermost first.
    open: Vec<&'a [u8]>,
    elements: usize,
    /// Where the item being read started (for error lines).
    pos: usize,
    /// The element just opened was empty (`<a/>`): it closes next.
    close_pending: bool,
    /// The attributes of the element just opened: local name, value with references resolved.
    attrs: Vec<(&'a [u8], Cow<'a, str>)>,
    /// Their qualified names, to refuse one given twice.
    qualified: Vec<&'a [u8]>,
}

const ENDS_INSIDE: &str = "the file ends inside a start tag";

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// `raw` with its references resolved (and, in an attribute value, each literal tab or line
/// break made a space, as XML requires). Borrowed when there is nothing to change.
#[inline]
fn unescape(raw: &str, attribute: bool) -> Result<Cow<'_, str>, String> {
    let first = if attribute {
        raw.as_bytes().iter().position(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
    } else {
        memchr::memchr(b'&', raw.as_bytes())
    };
    match first {
        None => Ok(Cow::Borrowed(raw)),
        Some(first) => resolve(raw, first, attribute).map(Cow::Owned),
    }
}

/// `raw` with its references resolved, the first of which (or the first tab or line break of
/// an attribute value) is at `first`.
fn resolve(raw: &str, first: usize, attribute: bool) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    out.push_str(&raw[..first]);
    let mut rest = &raw[first..];
    while let Some(c) = rest.chars().next() {
        if c != '&' {
            out.push(if attribute && matches!(c, '\t' | '\n' | '\r') { ' ' } else { c });
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(semi) = rest.find(';').filter(|&i| i <= 12) else {
            return Err("an & that starts no reference (write &amp; for a literal &)".into());
        };
        let name = &rest[1..semi];
        let resolved = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => match name.strip_prefix('#') {
                Some(num) => {
                    let code = match num.strip_prefix('x') {
                        Some(hex) => u32::from_str_radix(hex, 16),
                        None => num.parse::<u32>(),
                    };
                    code.ok()
                        .filter(|&c| c != 0)
                        .and_then(char::from_u32)
                        .ok_or_else(|| format!("&{name}; is not a character"))?
                }
                None => {
                    return Err(format!("the entity &{name}; is not allowed (only XML's predefined entities are)"));
                }
            },
        };
        out.push(resolved);
        rest = &rest[semi + 1..];
    }
    Ok(out)
}

impl<'a> SafeReader<'a> {
    /// A reader of `bytes`, which must be UTF-8 (`path` is for messages).
    pub fn new(path: &'a Path, bytes: &'a [u8]) -> Result<Self, ImportError> {
        let text = std::str::from_utf8(bytes).map_err(|e| ImportError::Malformed {
            path: path.to_path_buf(),
            place: format!("byte {}", e.valid_up_to()),
            message: "not UTF-8 text".into(),
        })?;
        // A byte-order mark is not part of the document.
        let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Ok(Self {
            text,
            path,
            at,
            open: Vec::new(),
            elements: 0,
            pos: 0,
            close_pending: false,
            attrs: Vec::new(),
            qualified: Vec::new(),
        })
    }

    /// Where reading goes on, when it is between items (not with an empty element's close
    /// still to come).
    #[must_use]
    pub fn between_items_at(&self) -> Option<usize> {
        (!self.close_pending).then_some(self.at)
    }

    /// A reader of the same document from `at`, inside the elements open here (for reading a
    /// later part on another thread; the caller checks the part starts between elements).
    #[must_use]
    pub fn resume(&self, at: usize) -> Self {
        Self {
            text: self.text,
            path: self.path,
            at: at.min(self.text.len()),
            open: self.open.clone(),
            elements: 0,
            pos: at,
            close_pending: false,
            attrs: Vec::new(),
            qualified: Vec::new(),
        }
    }

    /// An error at the line of the item last read.
    #[must_use]
    pub fn error(&self, message: impl Into<String>) -> ImportError {
        self.error_at(self.pos, message.into())
    }

    fn error_at(&self, pos: usize, message: String) -> ImportError {
        let pos = pos.min(self.text.len());
        let line = self.text.as_bytes()[..pos].split(|&b| b == b'\n').count();
        ImportError::Malformed { path: self.path.to_path_buf(), place: format!("line {line}"), message }
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

    /// The text from `from` to where `end` is next found after it, and the place after `end`.
    fn until(&self, from: usize, end: &[u8], what: &str) -> Result<(&'a str, usize), ImportError> {
        let rest = self.text.as_bytes().get(from..).unwrap_or_default();
        let found =
            memchr::memmem::find(rest, end).ok_or_else(|| self.error(format!("the file ends inside {what}")))?;
        Ok((self.text.get(from..from + found).unwrap_or_default(), from + found + end.len()))
    }

    /// The next item of the document.
    pub fn read(&mut self) -> Result<Item<'a>, ImportError> {
        if std::mem::take(&mut self.close_pending) {
            self.open.pop();
            return Ok(Item::Close);
        }
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        loop {
            self.pos = self.at;
            let Some(rest) = bytes.get(self.at..).filter(|r| !r.is_empty()) else {
                if !self.open.is_empty() {
                    return Err(self.error("the file ends inside an element"));
                }
                return Ok(Item::End);
            };
            if rest[0] != b'<' {
                // Most text is the indentation between tags: scanned here, without a call.
                let blank = rest.iter().position(|&b| !is_space(b)).unwrap_or(rest.len());
                let len = if rest.get(blank) == Some(&b'<') {
                    blank
                } else {
                    blank + memchr::memchr(b'<', &rest[blank..]).unwrap_or(rest.len() - blank)
                };
                // `<` is ASCII, so the slice ends on a character boundary.
                let raw = self.text.get(self.at..self.at + len).unwrap_or_default();
                self.at += len;
                // Checked here rather than through `unescape`, whose returned `Cow` the caller
                // reloaded with a stall on every one of a file's hundreds of thousands of texts.
                return match memchr::memchr(b'&', raw.as_bytes()) {
                    None => Ok(Item::Text(Cow::Borrowed(raw))),
                    Some(first) => {
                        resolve(raw, first, false).map(|t| Item::Text(Cow::Owned(t))).map_err(|m| self.error(m))
                    }
                };
            }
            match rest.get(1) {
                Some(b'/') => return self.end_tag(),
                Some(b'?') => self.at = self.until(self.at + 2, b"?>", "a processing instruction")?.1,
                Some(b'!') if rest.starts_with(b"<!--") => self.at = self.until(self.at + 4, b"-->", "a comment")?.1,
                Some(b'!') if rest.starts_with(b"<![CDATA[") => {
                    let (inner, next) = self.until(self.at + 9, b"]]>", "a CDATA section")?;
                    self.at = next;
                    return Ok(Item::Text(Cow::Borrowed(inner)));
                }
                Some(b'!') if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!DOCTYPE") => {
                    return Err(self
                        .error("the file declares a DTD (<!DOCTYPE ...>); DTDs and entities are refused for safety"));
                }
                Some(b'!') => return Err(self.error("unknown markup <!...> (only comments and CDATA are read)")),
                _ => return self.start_tag(),
            }
        }
    }

    /// `</name>` at the reader's place.
    fn end_tag(&mut self) -> Result<Item<'a>, ImportError> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let from = self.at + 2;
        let gt = memchr::memchr(b'>', &bytes[from..]).ok_or_else(|| self.error("the file ends inside an end tag"))?;
        let name = bytes[from..from + gt].trim_ascii_end();
        match self.open.last() {
            Some(open) if *open == name => {}
            Some(open) => {
                let (found, open) = (String::from_utf8_lossy(name), String::from_utf8_lossy(open));
                return Err(self.error(format!("the end tag </{found}> does not close the open <{open}>")));
            }
            None => {
                let found = String::from_utf8_lossy(name);
                return Err(self.error(format!("an end tag </{found}> without its start tag")));
            }
        }
        self.open.pop();
        self.at = from + gt + 1;
        Ok(Item::Close)
    }

    /// `<name attr="value" ...>` or `<name .../>` at the reader's place.
    fn start_tag(&mut self) -> Result<Item<'a>, ImportError> {
        let text: &'a str = self.text;
        let bytes = text.as_bytes();
        let name_end = |from: usize| {
            bytes[from..].iter().position(|&b| is_space(b) || matches!(b, b'/' | b'>' | b'=')).map(|n| from + n)
        };
        let mut i = self.at + 1;
        let end = name_end(i).ok_or_else(|| self.error(ENDS_INSIDE))?;
        let name = &bytes[i..end];
        if name.is_empty() || name.contains(&b'<') {
            return Err(self.error("a < that starts no element (write &lt; for a literal <)"));
        }
        i = end;
        self.attrs.clear();
        self.qualified.clear();
        let empty = loop {
            while bytes.get(i).is_some_and(|&b| is_space(b)) {
                i += 1;
            }
            match bytes.get(i) {
                None => return Err(self.error(ENDS_INSIDE)),
                Some(b'>') => break false,
                Some(b'/') if bytes.get(i + 1) == Some(&b'>') => break true,
                Some(_) => {}
            }
            let key_end = name_end(i).ok_or_else(|| self.error(ENDS_INSIDE))?;
            let key = &bytes[i..key_end];
            let shown = || String::from_utf8_lossy(key);
            if key.is_empty() || key.contains(&b'<') {
                return Err(self.error(format!("a stray character in the tag <{}>", String::from_utf8_lossy(name))));
            }
            i = key_end;
            while bytes.get(i).is_some_and(|&b| is_space(b)) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                return Err(self.error(format!("attribute {} has no value", shown())));
            }
            i += 1;
            while bytes.get(i).is_some_and(|&b| is_space(b)) {
                i += 1;
            }
            let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) else {
                return Err(self.error(format!("attribute {}: its value is not in quotes", shown())));
            };
            let close = memchr::memchr(quote, &bytes[i + 1..]).ok_or_else(|| self.error(ENDS_INSIDE))?;
            let raw = self.text.get(i + 1..i + 1 + close).unwrap_or_default();
            if raw.as_bytes().contains(&b'<') {
                return Err(self.error(format!("attribute {}: a < in its value (write &lt;)", shown())));
            }
            if self.qualified.contains(&key) {
                return Err(self.error(format!("attribute {} is given twice", shown())));
            }
            let value = unescape(raw, true).map_err(|m| self.error(format!("attribute {}: {m}", shown())))?;
            self.qualified.push(key);
            self.attrs.push((local_name(key), value));
            i += close + 2;
        };
        self.elements += 1;
        if self.elements > MAX_ELEMENTS {
            return Err(self.error(format!("more than {MAX_ELEMENTS} elements; this is not a map Patchwork can open")));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(format!("elements are nested more than {MAX_DEPTH} deep")));
        }
        self.open.push(name);
        self.close_pending = empty;
        self.at = i + if empty { 2 } else { 1 };
        Ok(Item::Open(local_name(name)))
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
                imported.skipped_orgs.push("a node without an id".into());
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
                imported.skipped_links.push("an edge without source or target".into());
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
    fn the_reader_takes_what_xml_allows_and_names_what_it_refuses() {
        let doc = "\u{feff}<?xml version='1.0'?>\n<!-- <not> an element -->\n<g:root xmlns:g='u' a='x&#x41;&#66;\ty' b = \"'\" >\n\
                   <![CDATA[<raw> & ]]><e/>t&gt;</g:root>\n";
        let root = parse(Path::new("ok.xml"), doc.as_bytes()).unwrap();
        assert_eq!(&*root.name, "root");
        assert_eq!(root.attr("a"), Some("xAB y"), "references resolved, a tab in a value is a space");
        assert_eq!(root.attr("b"), Some("'"));
        assert_eq!(root.children.len(), 1);
        assert_eq!(root.text, "<raw> & t>", "CDATA kept as written, references resolved");
        let refused = [
            ("<a>x < y</a>", "line 1", "a < that starts no element"),
            ("<a b></a>", "line 1", "attribute b has no value"),
            ("<a b=c></a>", "line 1", "not in quotes"),
            ("<a b='1' b='2'/>", "line 1", "given twice"),
            ("<a b='<'/>", "line 1", "a < in its value"),
            ("<a>\n<!-- open", "line 2", "ends inside a comment"),
            ("<a>\n<b>&#0;</b></a>", "line 2", "&#0; is not a character"),
            ("<a>fish & chips</a>", "line 1", "an & that starts no reference"),
            ("<a>\n</b>", "line 2", "</b> does not close the open <a>"),
            ("</a>", "line 1", "without its start tag"),
            ("<a\n  b='1'", "line 1", "ends inside a start tag"),
            ("<a><![CDATA[x", "line 1", "ends inside a CDATA section"),
            ("<a><!ELEMENT a ANY></a>", "line 1", "unknown markup"),
        ];
        for (doc, line, message) in refused {
            let e = parse(Path::new("bad.xml"), doc.as_bytes()).unwrap_err().to_string();
            assert!(e.starts_with("bad.xml: ") && e.contains(line) && e.contains(message), "{doc:?}: {e}");
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let doc = format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000));
        let e = parse(Path::new("deep.xml"), doc.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("nested"), "{e}");
    }
}
