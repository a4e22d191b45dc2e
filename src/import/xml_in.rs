//! Safe XML reading for GraphML and GEXF on top of quick-xml: the document's text
//! ([`decode`]: UTF-8, or UTF-16 with a byte-order mark), a streaming reader of items
//! ([`XmlReader`]) and the document as a tree of elements ([`parse`]). DTDs are refused (no
//! entity expansion, no external entities: "billion laughs" cannot happen), only XML's five
//! predefined entities and character references are accepted, and nesting and the number of
//! elements are bounded. Also the GEXF reader.

use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool};
use crate::model::{Colour, FieldKind};
use quick_xml::escape::{EscapeError, resolve_xml_entity};
use quick_xml::events::attributes::{AttrError, Attributes};
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::borrow::Cow;
use std::path::Path;
use std::rc::Rc;

/// Elements nested deeper than this are refused (GraphML and GEXF need fewer than ten).
pub const MAX_DEPTH: usize = 256;

/// More elements than this are refused: about 20 per organisation for a million organisations,
/// far beyond any real map, and a bound on memory for a hostile file of tiny elements.
pub const MAX_ELEMENTS: usize = 20_000_000;

/// The document's text: UTF-8 (a byte-order mark dropped), or UTF-16 with a byte-order mark
/// (little- or big-endian) decoded to UTF-8. UTF-16 without a byte-order mark and text that is
/// not UTF-8 are refused with a message saying so.
pub fn decode<'b>(path: &Path, bytes: &'b [u8]) -> Result<Cow<'b, str>, ImportError> {
    let malformed =
        |place: String, message: String| ImportError::Malformed { path: path.to_path_buf(), place, message };
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        let (pairs, odd) = rest.as_chunks::<2>();
        let mut text = String::with_capacity(rest.len());
        for c in char::decode_utf16(pairs.iter().map(|&pair| unit(pair))) {
            match c {
                Ok(c) => text.push(c),
                Err(e) => {
                    return Err(malformed(
                        line_and_column(&text, text.len()),
                        format!("not UTF-16 text: a lone surrogate {:#06X}", e.unpaired_surrogate()),
                    ));
                }
            }
        }
        if !odd.is_empty() {
            return Err(malformed(line_and_column(&text, text.len()), "a UTF-16 file ends in half a character".into()));
        }
        return Ok(Cow::Owned(text));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if matches!(bytes, [0, b'<', ..] | [b'<', 0, ..]) {
        return Err(malformed(
            "line 1".into(),
            "UTF-16 text without a byte-order mark; save the file as UTF-8, or as UTF-16 with a byte-order mark".into(),
        ));
    }
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let declared = declared_encoding(bytes)
            .filter(|enc| !enc.eq_ignore_ascii_case("utf-8"))
            .map(|enc| format!(" (the file says it is {enc}; save it as UTF-8)"))
            .unwrap_or_default();
        malformed(line_and_column(&good, good.len()), format!("not UTF-8 text{declared}"))
    })
}

/// The encoding named by an XML declaration at the start of `bytes`, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(200))?);
    let decl = head.strip_prefix("<?xml")?.split("?>").next()?;
    let after = decl.split("encoding").nth(1)?.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    Some(after[1..].split(quote).next()?.to_owned())
}

/// "line L, column C" of byte `pos` of `text` (columns count characters, from 1).
fn line_and_column(text: &str, pos: usize) -> String {
    let before = &text.as_bytes()[..pos.min(text.len())];
    let line = before.split(|&b| b == b'\n').count();
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // Characters, not bytes: count the bytes that start one.
    let column = before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
    format!("line {line}, column {column}")
}

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
pub fn local_name(qualified: &str) -> &str {
    // Names are short: a plain loop beats a call into a vectorised search.
    qualified.bytes().rposition(|b| b == b':').map_or(qualified, |colon| &qualified[colon + 1..])
}

/// What [`XmlReader::read`] reads.
#[derive(Debug)]
pub enum Item<'a> {
    /// An element opens (an empty element opens and then closes), by its local name. Its
    /// attributes, checked, are [`XmlReader::attr`] until the next item is read.
    Open(&'a str),
    /// The innermost open element closes.
    Close,
    /// Text directly inside the innermost open element: character data (line ends normalised
    /// as XML requires), one resolved reference, or a CDATA section. Consecutive pieces of one
    /// text are consecutive items.
    Text(Cow<'a, str>),
    /// The document ended, every element closed.
    End,
}

/// Elements with more attributes than this are checked for repeated names with a hash set
/// rather than by comparing each pair.
const FEW_ATTRIBUTES: usize = 16;

/// A streaming XML reader (quick-xml's) with the safety checks every reader here needs: DTDs
/// refused (no entity expansion, no external entities), only the five predefined entities and
/// character references, nesting at most [`MAX_DEPTH`], at most [`MAX_ELEMENTS`] elements,
/// attributes checked (quoted, no `<`, none given twice), every end tag matching its start
/// tag, every element closed. Names, attribute values and text are slices of the document
/// unless a reference or line end had to be resolved. Errors name the file, line and column.
/// Time is linear in the document's size, also for an element with very many attributes.
pub struct XmlReader<'a> {
    text: &'a str,
    path: &'a Path,
    reader: quick_xml::Reader<&'a [u8]>,
    /// The qualified names of the open elements, outermost first.
    open: Vec<&'a str>,
    elements: usize,
    /// Where the item being read started (for error places).
    pos: usize,
    /// The element just opened was empty (`<a/>`): it closes next.
    close_pending: bool,
    /// The attributes of the element just opened: local name, value with references resolved.
    attrs: Vec<(&'a str, Cow<'a, str>)>,
    /// Their qualified names, to refuse one given twice.
    qualified: Vec<&'a str>,
}

impl<'a> XmlReader<'a> {
    /// A reader of `text` (see [`decode`]; `path` is for messages).
    #[must_use]
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        let mut reader = quick_xml::Reader::from_str(text);
        // Every end tag must match its start tag; `&` must start a reference.
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.allow_dangling_amp = false;
        Self {
            text,
            path,
            reader,
            open: Vec::new(),
            elements: 0,
            pos: 0,
            close_pending: false,
            attrs: Vec::new(),
            qualified: Vec::new(),
        }
    }

    /// An error at the place of the item last read.
    #[must_use]
    pub fn error(&self, message: impl Into<String>) -> ImportError {
        self.error_at(self.pos, message.into())
    }

    fn error_at(&self, pos: usize, message: String) -> ImportError {
        ImportError::Malformed { path: self.path.to_path_buf(), place: line_and_column(self.text, pos), message }
    }

    /// An attribute of the element just opened, by local name.
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_ref())
    }

    /// The attributes of the element just opened: local name and value.
    #[must_use]
    pub fn attrs(&self) -> &[(&'a str, Cow<'a, str>)] {
        &self.attrs
    }

    /// The next item of the document.
    pub fn read(&mut self) -> Result<Item<'a>, ImportError> {
        if std::mem::take(&mut self.close_pending) {
            self.open.pop();
            return Ok(Item::Close);
        }
        loop {
            self.pos = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let event = self.reader.read_event().map_err(|e| self.crate_error(&e))?;
            let text = match event {
                Event::Start(tag) => return self.start_tag(&tag, false),
                Event::Empty(tag) => return self.start_tag(&tag, true),
                Event::End(_) => {
                    // quick-xml has checked that it closes the innermost open element.
                    self.open.pop();
                    return Ok(Item::Close);
                }
                // Without a carriage return there are no line ends to normalise.
                Event::Text(text) => match self.within(&text) {
                    Some(raw) if !raw.contains('\r') => return Ok(Item::Text(Cow::Borrowed(raw))),
                    _ => text.xml10_content(),
                },
                Event::CData(cdata) => cdata.decode(),
                Event::GeneralRef(reference) => return self.reference(&reference).map(Item::Text),
                Event::DocType(_) => {
                    return Err(self
                        .error("the file declares a DTD (<!DOCTYPE ...>); DTDs and entities are refused for safety"));
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => continue,
                Event::Eof => {
                    return match self.open.last() {
                        Some(open) => Err(self.error(format!("the file ends inside the element <{open}>"))),
                        None => Ok(Item::End),
                    };
                }
            };
            // The text was checked to be UTF-8 before reading, so this cannot fail.
            return text.map(Item::Text).map_err(|e| self.error(e.to_string()));
        }
    }

    /// `part`, a slice of the document that quick-xml lends for the life of one event, as the
    /// same slice of the document's text for the life of the document, found by its address
    /// (no second UTF-8 check). `None` if `part` is not in the document.
    fn within(&self, part: &[u8]) -> Option<&'a str> {
        let start = part.as_ptr().addr().checked_sub(self.text.as_ptr().addr())?;
        self.text.get(start..start.checked_add(part.len())?)
    }

    /// A reference in text (`&amp;`, `&#233;`) as the text it stands for.
    fn reference(&self, reference: &BytesRef<'a>) -> Result<Cow<'a, str>, ImportError> {
        let name = reference.decode().map_err(|e| self.error(e.to_string()))?;
        if let Some(c) =
            reference.resolve_char_ref().map_err(|e| self.error(format!("&{name}; is not a character ({e})")))?
        {
            return Ok(Cow::Owned(c.to_string()));
        }
        resolve_xml_entity(&name).map(Cow::Borrowed).ok_or_else(|| {
            self.error(format!("the entity &{name}; is not allowed (only XML's predefined entities are)"))
        })
    }

    /// quick-xml's error, in words, at its place.
    fn crate_error(&self, e: &quick_xml::Error) -> ImportError {
        use quick_xml::errors::{IllFormedError, SyntaxError};
        let pos = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        let message = match e {
            quick_xml::Error::Syntax(SyntaxError::UnclosedTag) => "the file ends inside a tag".into(),
            quick_xml::Error::Syntax(SyntaxError::UnclosedComment) => "the file ends inside a comment".into(),
            quick_xml::Error::Syntax(SyntaxError::UnclosedCData) => "the file ends inside a CDATA section".into(),
            quick_xml::Error::Syntax(SyntaxError::UnclosedPI | SyntaxError::UnclosedXmlDecl) => {
                "the file ends inside a processing instruction".into()
            }
            quick_xml::Error::Syntax(SyntaxError::UnclosedDoctype) => {
                "the file declares a DTD (<!DOCTYPE ...>); DTDs and entities are refused for safety".into()
            }
            quick_xml::Error::Syntax(SyntaxError::InvalidBangMarkup) => {
                "unknown markup <!...> (only comments and CDATA are read)".into()
            }
            quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                format!("the end tag </{found}> does not close the open <{expected}>")
            }
            quick_xml::Error::IllFormed(IllFormedError::UnmatchedEndTag(found)) => {
                format!("an end tag </{found}> without its start tag")
            }
            quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) => {
                "an & that starts no reference (write &amp; for a literal &)".into()
            }
            other => other.to_string(),
        };
        self.error_at(pos, message)
    }

    /// `<name attr="value" ...>` or `<name .../>`, just read as `tag`.
    fn start_tag(&mut self, tag: &BytesStart<'a>, empty: bool) -> Result<Item<'a>, ImportError> {
        let whole = self.within(tag).ok_or_else(|| self.error("a tag that could not be read"))?;
        let name = whole.get(..tag.name().as_ref().len()).unwrap_or_default();
        if name.is_empty() || name.bytes().any(|b| matches!(b, b'<' | b'&' | b'"' | b'\'' | b'=')) {
            return Err(self.error("a < that starts no element (write &lt; for a literal <)"));
        }
        self.attrs.clear();
        self.qualified.clear();
        let mut attributes = Attributes::new(whole, name.len());
        // Repeats are checked below, in time linear in the number of attributes.
        attributes.with_checks(false);
        for attribute in attributes {
            let attribute = attribute.map_err(|e| self.attribute_error(&e, whole))?;
            let key = self.within(attribute.key.as_ref()).unwrap_or_default();
            let value = match self.within(&attribute.value) {
                // Most values have nothing to resolve or normalise.
                Some(raw) if !raw.bytes().any(|b| matches!(b, b'&' | b'<' | b'\t' | b'\n' | b'\r')) => {
                    Cow::Borrowed(raw)
                }
                _ if attribute.value.contains(&b'<') => {
                    return Err(self.error(format!("attribute {key}: a < in its value (write &lt;)")));
                }
                _ => attribute
                    .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, resolve_xml_entity)
                    .map_err(|e| self.error(format!("attribute {key}: {}", reference_problem(&e))))?,
            };
            self.qualified.push(key);
            self.attrs.push((local_name(key), value));
        }
        if let Some(repeated) = repeated(&self.qualified) {
            return Err(self.error(format!("attribute {repeated} is given twice")));
        }
        self.elements += 1;
        if self.elements > MAX_ELEMENTS {
            return Err(self.error(format!("more than {MAX_ELEMENTS} elements; this is not a map Patchwork can open")));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(format!("elements are nested more than {MAX_DEPTH} deep")));
        }
        self.open.push(name);
        self.close_pending = empty;
        Ok(Item::Open(local_name(name)))
    }

    /// A malformed attribute of `tag`, at its place.
    fn attribute_error(&self, e: &AttrError, tag: &str) -> ImportError {
        let (at, message) = match *e {
            AttrError::ExpectedEq(at) | AttrError::ExpectedValue(at) => (at, "an attribute without a value"),
            AttrError::UnquotedValue(at) => (at, "an attribute value that is not in quotes"),
            AttrError::ExpectedQuote(at, _) => (at, "an attribute value without its closing quote"),
            AttrError::Duplicated(at, _) => (at, "an attribute given twice"),
        };
        // `at` counts from the tag's name, one byte after its `<`.
        let tag_start = tag.as_ptr().addr().saturating_sub(self.text.as_ptr().addr());
        let name = tag.split([' ', '\t', '\r', '\n']).next().unwrap_or_default();
        self.error_at(tag_start + at, format!("{message} in the tag <{name}>"))
    }
}

/// A reference in an attribute value that cannot be resolved, in words.
fn reference_problem(e: &quick_xml::Error) -> String {
    match e {
        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(_, name)) => {
            format!("the entity &{name}; is not allowed (only XML's predefined entities are)")
        }
        quick_xml::Error::Escape(EscapeError::UnterminatedEntity(_)) => {
            "an & that starts no reference (write &amp; for a literal &)".into()
        }
        quick_xml::Error::Escape(EscapeError::InvalidCharRef(e)) => {
            format!("a reference that is not a character ({e})")
        }
        other => other.to_string(),
    }
}

/// A name given more than once, if any: pairs compared for a few names, a hash set for many
/// (an element with 200,000 attributes is checked in milliseconds).
fn repeated<'n>(names: &[&'n str]) -> Option<&'n str> {
    if names.len() <= FEW_ATTRIBUTES {
        return names.iter().enumerate().find(|&(i, n)| names[..i].contains(n)).map(|(_, n)| *n);
    }
    let mut seen = foldhash::HashSet::with_capacity_and_hasher(names.len(), foldhash::fast::RandomState::default());
    names.iter().find(|n| !seen.insert(**n)).copied()
}

/// One shared string per distinct element or attribute name, so a 100,000-element file does
/// not allocate a name for each.
#[derive(Default)]
struct Names(foldhash::HashMap<String, Rc<str>>);

impl Names {
    fn shared(&mut self, name: &str) -> Rc<str> {
        if let Some(found) = self.0.get(name) {
            return found.clone();
        }
        let shared: Rc<str> = Rc::from(name);
        self.0.insert(name.to_owned(), shared.clone());
        shared
    }
}

/// Parses a whole document (see [`decode`]) into its root element.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Element, ImportError> {
    let text = decode(path, bytes)?;
    let mut reader = XmlReader::new(path, &text);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut names = Names::default();
    loop {
        match reader.read()? {
            Item::Open(name) => {
                let mut el = Element { name: names.shared(name), ..Element::default() };
                for (k, v) in reader.attrs() {
                    el.attrs.push((names.shared(k), v.to_string()));
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
                // trimmed where it is used): most of a pretty-printed file's text.
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

/// GEXF attribute ids → their titles, for nodes and for edges.
#[derive(Default)]
struct GexfAttributes {
    node: std::collections::HashMap<String, String>,
    edge: std::collections::HashMap<String, String>,
}

/// Reads GEXF 1.1–1.3 (as Gephi writes it). An edge's direction is its boolean attribute
/// titled "directed" if it has one (as Patchwork writes it), else its `type`, else the graph's
/// `defaultedgetype`.
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
    let attributes = gexf_attributes(graph, &mut imported);
    for n in graph.child("nodes").iter().flat_map(|nodes| nodes.children_named("node")) {
        match n.attr("id") {
            Some(id) => {
                let org = gexf_node(n, id, &attributes.node, &mut imported.skipped);
                imported.orgs.push(org);
            }
            None => imported.skipped_orgs.push("a node without an id".into()),
        }
    }
    let default_directed = graph.attr("defaultedgetype").is_none_or(|t| t != "undirected");
    for e in graph.child("edges").iter().flat_map(|edges| edges.children_named("edge")) {
        match (e.attr("source"), e.attr("target")) {
            (Some(from), Some(to)) => imported.links.push(gexf_edge(e, [from, to], &attributes.edge, default_directed)),
            (from, to) => imported.skipped_links.push(super::edge_without_ends(e.attr("id"), from, to)),
        }
    }
    Ok(imported)
}

/// The graph's attribute declarations: titles by id, and field kinds by title (into `imported`).
fn gexf_attributes(graph: &Element, imported: &mut Imported) -> GexfAttributes {
    let mut attributes = GexfAttributes::default();
    for attrs in graph.children_named("attributes") {
        let target = if attrs.attr("class") == Some("edge") { &mut attributes.edge } else { &mut attributes.node };
        for a in attrs.children_named("attribute") {
            let (Some(id), title) = (a.attr("id"), a.attr("title")) else { continue };
            let title = title.unwrap_or(id).to_owned();
            if let Some(kind) = a.attr("type").and_then(gexf_kind) {
                imported.field_kinds.insert(title.clone(), kind);
            }
            target.insert(id.to_owned(), title);
        }
    }
    attributes
}

/// An element's `attvalues` as (title, value) pairs, in the file's order.
fn gexf_values(el: &Element, names: &std::collections::HashMap<String, String>) -> Vec<(String, String)> {
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
}

/// Removes and returns the first value whose title is one of `names` (any case).
fn take_value(fields: &mut Vec<(String, String)>, names: &[&str]) -> Option<String> {
    let i = fields.iter().position(|(k, _)| names.contains(&k.to_lowercase().as_str()))?;
    Some(fields.remove(i).1)
}

/// Leaves out a Patchwork "last changed" stamp: the import is stamped anew.
fn drop_stamp(fields: &mut Vec<(String, String)>) {
    fields.retain(|(k, _)| {
        let k = k.to_lowercase();
        k != crate::formats::CHANGED_BY_KEY && k != crate::formats::CHANGED_AT_KEY
    });
}

/// An organisation from a `<node>`: well-known attribute values become its type, notes, tags,
/// pinned and sensitive flags; the viz position (y flipped) and colour are kept. A position or
/// flag that cannot be read is said in `report`, with what was done instead.
fn gexf_node(
    n: &Element,
    id: &str,
    names: &std::collections::HashMap<String, String>,
    report: &mut Vec<String>,
) -> ImportedOrg {
    let mut fields = gexf_values(n, names);
    drop_stamp(&mut fields);
    let type_name = take_value(&mut fields, &["type", "category", "kind", "org_type"]).filter(|s| !s.is_empty());
    let notes = take_value(&mut fields, &["notes", "description"]);
    let tags = take_value(&mut fields, &["tags"]).map(|t| super::split_multi(&t));
    let mut flag = |name: &str, unreadable: Option<bool>, instead: &str| {
        let text = take_value(&mut fields, &[name])?;
        let value = parse_bool(&text);
        if value.is_none() {
            report.push(format!("node {id}: {name} '{text}' is not true or false, so the node is {instead}"));
        }
        value.or(unreadable)
    };
    let pinned = flag("pinned", None, "not pinned");
    // As in the Kumu and CSV readers: neither true nor false counts as sensitive, the safer
    // reading for redacted exports.
    let sensitive = flag("sensitive", Some(true), "marked sensitive");
    let position = n.child("position").and_then(|p| {
        let mut coordinate = |k: &str| {
            let text = p.attr(k)?;
            let c = text.parse::<f32>().ok().filter(|c| c.is_finite());
            if c.is_none() {
                report.push(format!(
                    "node {id}: position {k} '{text}' is not a number a map can hold, so the node is placed beside the map"
                ));
            }
            c
        };
        let (x, y) = (coordinate("x"), coordinate("y"));
        Some([x?, -y?])
    });
    let colour = n.child("color").and_then(|c| {
        let ch = |k: &str| c.attr(k).and_then(|v| v.trim().parse::<u8>().ok());
        Some(Colour::rgb(ch("r")?, ch("g")?, ch("b")?))
    });
    ImportedOrg {
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
    }
}

/// A link from an `<edge>` between `ends`: its type from a type-like attribute value, GEXF's
/// `type` when that is not a direction word, or its label; its direction from a "directed"
/// value, else its `type`, else the graph's default.
fn gexf_edge(
    e: &Element,
    [from, to]: [&str; 2],
    names: &std::collections::HashMap<String, String>,
    default_directed: bool,
) -> ImportedLink {
    let mut fields = gexf_values(e, names);
    // networkx numbers a multigraph's parallel edges in this attribute: not data.
    take_value(&mut fields, &["networkx_key"]);
    drop_stamp(&mut fields);
    // networkx writes an edge's "type" data into GEXF's own `type` attribute, whose values are
    // meant to be directed/undirected/mutual: any other value is a type name.
    let type_in_attribute = e.attr("type").filter(|t| !matches!(t.trim(), "" | "directed" | "undirected" | "mutual"));
    let type_name = take_value(&mut fields, &["type", "relationship", "kind"])
        .or_else(|| type_in_attribute.map(str::to_owned))
        .or_else(|| e.attr("label").map(str::to_owned).or_else(|| e.attr("kind").map(str::to_owned)))
        .filter(|s| !s.trim().is_empty());
    let notes = take_value(&mut fields, &["notes", "description"]);
    // A "directed" attribute value (as Patchwork writes it, so that tools reading the graph as
    // directed accept every edge) is the edge's direction; else its `type`.
    let directed = take_value(&mut fields, &["directed"]).and_then(|d| parse_bool(&d).filter(|_| !d.trim().is_empty()));
    let directed = directed.unwrap_or(match e.attr("type") {
        Some("undirected" | "mutual") => false,
        Some("directed") => true,
        _ => default_directed,
    });
    ImportedLink {
        // Named by `place`: its id, else its ends ("edge a→b"), never "edge " for no id.
        origin: String::new(),
        id: e.attr("id").filter(|id| !id.is_empty()).map(str::to_owned),
        from: from.to_owned(),
        to: to.to_owned(),
        type_name,
        directed: Some(directed),
        notes,
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    #[test]
    fn gexf_edges_are_named_by_id_or_ends_never_by_a_blank() {
        let doc = r#"<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes><node id="a"/></nodes><edges>
            <edge source="a" target="b"/><edge id="" source="b" target="a"/><edge id="7" source="a"/><edge target="a"/>
            </edges></graph></gexf>"#;
        let r = read_gexf(Path::new("g.gexf"), doc.as_bytes()).unwrap();
        let places: Vec<_> = r.links.iter().map(|l| l.place().into_owned()).collect();
        assert_eq!(places, ["edge a→b", "edge b→a"]);
        assert_eq!(r.skipped_links, ["edge 7: no target", "an edge to a: no source"]);
    }

    #[test]
    fn gexf_positions_and_flags_that_cannot_be_read_are_reported() {
        let doc = r#"<?xml version="1.0"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph><attributes class="node"><attribute id="0" title="sensitive" type="boolean"/><attribute id="1" title="pinned" type="boolean"/></attributes>
    <nodes>
      <node id="a" label="A"><attvalues><attvalue for="0" value="perhaps"/></attvalues><viz:position x="1e400" y="NaN"/></node>
      <node id="b" label="B"><attvalues><attvalue for="0" value="false"/><attvalue for="1" value="sometimes"/></attvalues><viz:position x="1" y="2"/></node>
    </nodes>
  </graph>
</gexf>"#;
        let r = read_gexf(Path::new("g.gexf"), doc.as_bytes()).unwrap();
        assert_eq!(
            r.skipped,
            [
                "node a: sensitive 'perhaps' is not true or false, so the node is marked sensitive",
                "node a: position x '1e400' is not a number a map can hold, so the node is placed beside the map",
                "node a: position y 'NaN' is not a number a map can hold, so the node is placed beside the map",
                "node b: pinned 'sometimes' is not true or false, so the node is not pinned",
            ]
        );
        let got: Vec<_> = r.orgs.iter().map(|o| (o.position, o.pinned, o.sensitive)).collect();
        assert_eq!(got, [(None, None, Some(true)), (Some([1.0, -2.0]), None, Some(false))]);
    }

    #[test]
    fn dtds_and_unknown_entities_are_refused() {
        let laughs = b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><graphml>&lol2;</graphml>";
        let e = parse(Path::new("x.graphml"), laughs).unwrap_err().to_string();
        assert!(e.contains("DTD"), "{e}");
        let e = parse(Path::new("x.graphml"), b"<a>&foo;</a>").unwrap_err().to_string();
        assert!(e.contains("&foo;"), "{e}");
        let e = parse(Path::new("x.graphml"), b"<a b='&foo;'/>").unwrap_err().to_string();
        assert!(e.contains("attribute b: the entity &foo; is not allowed"), "{e}");
        let ok = parse(Path::new("x.graphml"), b"<a x=\"1 &amp; 2\"><b/>t &lt; u &#233;</a>").unwrap();
        assert_eq!(ok.attr("x"), Some("1 & 2"));
        assert_eq!(ok.children.len(), 1);
        assert_eq!(ok.text, "t < u é");
    }

    #[test]
    fn the_reader_takes_what_xml_allows_and_names_what_it_refuses() {
        let doc = "\u{feff}<?xml version='1.0'?>\n<!-- <not> an element -->\n<g:root xmlns:g='u' a='x&#x41;&#66;\ty' b = \"'\" >\n\
                   <![CDATA[<raw> & ]]><e/>t&gt;\r\nu</g:root>\n";
        let root = parse(Path::new("ok.xml"), doc.as_bytes()).unwrap();
        assert_eq!(&*root.name, "root");
        assert_eq!(root.attr("a"), Some("xAB y"), "references resolved, a tab in a value is a space");
        assert_eq!(root.attr("b"), Some("'"));
        assert_eq!(root.children.len(), 1);
        assert_eq!(root.text, "<raw> & t>\nu", "CDATA kept as written, references resolved, line ends normalised");
        let refused = [
            ("<a>x < y</a>", "line 1", "a < that starts no element"),
            ("<a b></a>", "line 1, column 5", "an attribute without a value in the tag <a>"),
            ("<a\n  b=c></a>", "line 2, column 5", "not in quotes"),
            ("<a b='1' b='2'/>", "line 1", "attribute b is given twice"),
            ("<a b='<'/>", "line 1", "a < in its value"),
            ("<a>\n<!-- open", "line 2, column 1", "ends inside a comment"),
            ("<a>\n<b>&#0;</b></a>", "line 2", "&#0; is not a character"),
            ("<a>fish & chips</a>", "line 1, column 9", "an & that starts no reference"),
            ("<a b='fish & chips'/>", "line 1", "attribute b: an & that starts no reference"),
            ("<a>\n</b>", "line 2", "</b> does not close the open <a>"),
            ("</a>", "line 1", "without its start tag"),
            ("<a\n  b='1'", "line 1", "ends inside a tag"),
            ("<a><![CDATA[x", "line 1", "ends inside a CDATA section"),
            ("<a><!ELEMENT a ANY></a>", "line 1", "unknown markup"),
            ("<é>\n<b>", "line 2", "ends inside the element <b>"),
            ("<a>\n  é <!DOCTYPE a>", "line 2, column 5", "DTD"),
        ];
        for (doc, place, message) in refused {
            let e = parse(Path::new("bad.xml"), doc.as_bytes()).unwrap_err().to_string();
            assert!(e.starts_with("bad.xml: ") && e.contains(place) && e.contains(message), "{doc:?}: {e}");
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let doc = format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000));
        let e = parse(Path::new("deep.xml"), doc.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("nested"), "{e}");
        let fine = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(Path::new("deep.xml"), fine.as_bytes()).is_ok());
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        bytes
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read_and_without_one_refused() {
        let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<a x=\"café 😀\">Zoë</a>";
        for big_endian in [false, true] {
            let root = parse(Path::new("w.xml"), &utf16(doc, big_endian)).unwrap();
            assert_eq!((root.attr("x"), root.text.as_str()), (Some("café 😀"), "Zoë"), "big-endian: {big_endian}");
        }
        let no_mark = utf16(doc, false)[2..].to_vec();
        let e = parse(Path::new("w.xml"), &no_mark).unwrap_err().to_string();
        assert!(e.contains("UTF-16 text without a byte-order mark"), "{e}");
        let mut lone = utf16("<a>\n<b>x</b></a>", false);
        lone.splice(16..18, 0xD800u16.to_le_bytes());
        let e = parse(Path::new("w.xml"), &lone).unwrap_err().to_string();
        assert!(e.contains("line 2, column 4") && e.contains("lone surrogate 0xD800"), "{e}");
        let mut odd = utf16("<a/>", true);
        odd.push(0);
        let e = parse(Path::new("w.xml"), &odd).unwrap_err().to_string();
        assert!(e.contains("half a character"), "{e}");
    }

    #[test]
    fn text_that_is_not_utf8_names_its_place_and_declared_encoding() {
        let e = parse(Path::new("l.xml"), b"<?xml version='1.0' encoding='ISO-8859-1'?>\n<a>caf\xE9</a>").unwrap_err();
        let e = e.to_string();
        assert!(e.contains("line 2, column 7") && e.contains("not UTF-8 text (the file says it is ISO-8859-1"), "{e}");
    }

    #[test]
    fn many_attributes_long_names_and_repeats_among_many_are_read_in_linear_time() {
        // Debug-build sizes; the release-build times are in examples/xml_limits.rs.
        let many = (0..50_000).fold(String::new(), |mut s, i| {
            let _ = write!(s, " a{i}=\"{i}\"");
            s
        });
        let root = parse(Path::new("m.xml"), format!("<r{many}/>").as_bytes()).unwrap();
        assert_eq!(root.attrs.len(), 50_000);
        assert_eq!(root.attr("a49999"), Some("49999"));
        let e = parse(Path::new("m.xml"), format!("<r{many} a777='x'/>").as_bytes()).unwrap_err().to_string();
        assert!(e.contains("attribute a777 is given twice"), "{e}");
        let long = "n".repeat(1 << 20);
        let root = parse(Path::new("m.xml"), format!("<{long} {long}='{long}'>{long}</{long}>").as_bytes()).unwrap();
        assert_eq!(
            (root.name.len(), root.attr(&long).map(str::len), root.text.len()),
            (1 << 20, Some(1 << 20), 1 << 20)
        );
    }
}
