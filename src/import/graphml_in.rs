//! GraphML as written by yEd (labels, positions and colours in `nodegraphics`), Gephi (`label`,
//! `x`, `y`, `r`/`g`/`b` keys), networkx and igraph (typed keys), and Patchwork itself (the
//! typology rides along, so types come back exactly).

use super::xml_in::{Item, SafeReader};
use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool, split_multi};
use crate::model::{Colour, FieldKind};
use std::borrow::Cow;
use std::path::Path;

#[derive(Clone)]
struct Key {
    name: String,
    /// What a node's value of this key is, by the key's well-known name.
    node: NodeKey,
    /// What an edge's value of this key is.
    edge: EdgeKey,
    yfiles: Option<String>,
}

/// What a node's `<data>` value is, decided once per key (not by comparing names per value).
#[derive(Clone, Copy)]
enum NodeKey {
    Label,
    Type,
    Notes,
    Tags,
    X,
    Y,
    Rgb(usize),
    Pinned,
    Sensitive,
    Ignored,
    Field,
}

/// What an edge's `<data>` value is.
#[derive(Clone, Copy)]
enum EdgeKey {
    Type,
    Notes,
    Ignored,
    Field,
}

impl NodeKey {
    fn of(lower: &str) -> Self {
        match lower {
            "label" | "name" => Self::Label,
            "type" | "category" | "kind" | "element type" | "org_type" | "group" => Self::Type,
            "notes" | "description" => Self::Notes,
            "tags" => Self::Tags,
            "x" => Self::X,
            "y" => Self::Y,
            "r" => Self::Rgb(0),
            "g" => Self::Rgb(1),
            "b" => Self::Rgb(2),
            "pinned" => Self::Pinned,
            "sensitive" => Self::Sensitive,
            "size" | "id" => Self::Ignored,
            _ => Self::Field,
        }
    }
}

impl EdgeKey {
    fn of(lower: &str) -> Self {
        match lower {
            "type" | "label" | "edge label" | "relationship" | "kind" | "connection type" => Self::Type,
            "notes" | "description" => Self::Notes,
            "id" => Self::Ignored,
            _ => Self::Field,
        }
    }
}

fn kind_of(t: &str) -> Option<FieldKind> {
    match t {
        "int" | "long" | "float" | "double" => Some(FieldKind::Number),
        "boolean" => Some(FieldKind::YesNo),
        "string" => Some(FieldKind::Text),
        _ => None,
    }
}

/// What an open element is, for the reader: where its text goes and what its children are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `<graphml>`.
    Root,
    /// The first `<graph>`.
    Graph,
    /// `<data>` of the graph, with its key.
    GraphData(usize),
    /// A `<node>` being read.
    Node,
    /// A `<data>` value of the node being read.
    NodeData(usize),
    /// An `<edge>` being read.
    Edge,
    /// A `<data>` value of the edge being read.
    EdgeData(usize),
    /// Inside yEd's node or edge graphics.
    Graphics,
    /// The first `NodeLabel`/`EdgeLabel` of one graphics block: its text is the label.
    Label,
    /// Anything else (keys, nested graphs, unknown keys): read past.
    Skip,
}

/// yEd's graphics for one node or edge `<data>` block: the first label, geometry and fill.
#[derive(Default)]
struct Graphics {
    label_seen: bool,
    label: Option<String>,
    geometry_seen: bool,
    position: Option<[f32; 2]>,
    fill_seen: bool,
    colour: Option<Colour>,
}

/// The node being read, with the attributes that only count together.
#[derive(Default)]
struct NodeState {
    org: ImportedOrg,
    x: Option<f32>,
    y: Option<f32>,
    rgb: [Option<u8>; 3],
}

/// At most this many nodes (and edges) are made room for before reading; beyond, the vectors
/// grow as they are filled.
const RESERVE_AT_MOST: usize = 200_000;

/// About how many times `tag` occurs in `bytes`, for making room: counted in a small file; in
/// a big one, counted in one block of every eight and scaled up with a margin (an eighth of the
/// scanning: 36 MB took 7 ms to count in full). At most [`RESERVE_AT_MOST`], so a hostile file
/// of tags in comments cannot reserve gigabytes.
fn estimate_count(bytes: &[u8], tag: &[u8]) -> usize {
    const BLOCK: usize = 1 << 16;
    const EVERY: usize = 8;
    let finder = memchr::memmem::Finder::new(tag);
    let estimate = if bytes.len() <= BLOCK * EVERY * 4 {
        finder.find_iter(bytes).count()
    } else {
        let sampled: usize = bytes.chunks(BLOCK).step_by(EVERY).map(|block| finder.find_iter(block).count()).sum();
        sampled * EVERY + sampled * EVERY / 8
    };
    estimate.min(RESERVE_AT_MOST)
}

/// Reads a GraphML file in one streaming pass (no document tree: a 36 MB yEd file is read
/// without building a million elements). Keys declared after the graph (allowed by few tools
/// but not forbidden) make a second pass with every key known.
pub fn read_graphml(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    read_graphml_in(path, bytes, bytes.len() >= IN_HALVES_FROM)
}

/// [`read_graphml`], in two halves on two threads if `halves`.
fn read_graphml_in(path: &Path, bytes: &[u8], halves: bool) -> Result<Imported, ImportError> {
    let mut keys = Keys::default();
    let first = read_pass(path, bytes, &mut keys, false, halves)?;
    if keys.late {
        return read_pass(path, bytes, &mut keys, true, false);
    }
    Ok(first)
}

/// The declared keys: by id, in order.
#[derive(Default, Clone)]
struct Keys {
    list: Vec<Key>,
    by_id: foldhash::HashMap<String, usize>,
    /// A key was declared after the graph began.
    late: bool,
    field_kinds: Vec<(String, FieldKind)>,
}

impl Keys {
    fn declare(&mut self, e: &SafeReader<'_>) {
        let Some(id) = e.attr(b"id") else { return };
        let name = e.attr(b"attr.name").unwrap_or(id).to_owned();
        if let Some(kind) = e.attr(b"attr.type").and_then(kind_of) {
            self.field_kinds.push((name.clone(), kind));
        }
        let lower = name.to_lowercase();
        let key = Key {
            node: NodeKey::of(&lower),
            edge: EdgeKey::of(&lower),
            name,
            yfiles: e.attr(b"yfiles.type").map(str::to_owned),
        };
        // A repeated id: the last declaration counts.
        match self.by_id.get(id) {
            Some(&i) => self.list[i] = key,
            None => {
                self.by_id.insert(id.to_owned(), self.list.len());
                self.list.push(key);
            }
        }
    }

    fn of(&self, data: &SafeReader<'_>) -> Option<usize> {
        data.attr(b"key").and_then(|k| self.by_id.get(k).copied())
    }
}

/// One pass over the document; `known` when every key was gathered by an earlier pass; in two
/// halves on two threads if `halves` (see [`read_in_halves`]).
fn read_pass(path: &Path, bytes: &[u8], keys: &mut Keys, known: bool, halves: bool) -> Result<Imported, ImportError> {
    let mut pass = Pass::new(path, bytes)?;
    // Room for every node and edge at once: growing vectors of 60,000 records copied megabytes
    // several times over.
    pass.imported.orgs.reserve_exact(estimate_count(bytes, b"<node"));
    pass.imported.links.reserve_exact(estimate_count(bytes, b"<edge"));
    if halves && let Some(imported) = read_in_halves(&mut pass, bytes, keys)? {
        return Ok(imported);
    }
    pass.run(keys, known, None)?;
    pass.finish(keys)
}

/// Documents at least this big are read in two halves on two threads.
const IN_HALVES_FROM: usize = 1 << 21;

/// Reads a big document in two halves at once: this thread from the start, another from a
/// `<node` or `<edge` tag near the middle, each into its own records, joined in document order.
/// The second half starts inside `<graphml><graph>` with the keys declared before the first
/// node or edge; the split is used only if this thread's own reading arrives exactly at it
/// between elements of the graph (not inside a comment, CDATA section or nested element), else
/// this thread reads on to the end alone and the other's work is dropped. `None`: not split;
/// `pass` has read part of the document and goes on from there.
fn read_in_halves<'a>(a: &mut Pass<'a>, bytes: &'a [u8], keys: &mut Keys) -> Result<Option<Imported>, ImportError> {
    let first_record = tag_from(bytes, 0).unwrap_or(bytes.len());
    a.run(keys, false, Some(first_record))?;
    let prelude_done = a.at_split(first_record) && !keys.late;
    let Some(split) = tag_from(bytes, first_record + (bytes.len() - first_record) / 2).filter(|_| prelude_done) else {
        return Ok(None);
    };
    let mut b = Pass::resume(a, split);
    b.imported.orgs.reserve_exact(estimate_count(&bytes[split..], b"<node"));
    b.imported.links.reserve_exact(estimate_count(&bytes[split..], b"<edge"));
    let mut b_keys = keys.clone();
    std::thread::scope(|scope| {
        let second = std::thread::Builder::new()
            .name("graphml-second-half".into())
            .spawn_scoped(scope, move || b.run(&mut b_keys, false, None).map(|_| (b, b_keys)));
        let Ok(second) = second else { return Ok(None) };
        a.run(keys, false, Some(split))?;
        if !a.at_split(split) {
            // The split fell inside something: this half reads on alone.
            return Ok(None);
        }
        let (b, b_keys) = second.join().map_err(|_| a.reader.error("the second half of the reading failed"))??;
        if b_keys.late {
            keys.late = true;
        }
        Ok(Some(a.join(b, keys)))
    })
}

/// Where the next `<node` or `<edge` tag starts at or after `from`.
fn tag_from(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let rest = bytes.get(at..)?;
        let found =
            at + memchr::memmem::find(rest, b"<node").into_iter().chain(memchr::memmem::find(rest, b"<edge")).min()?;
        if bytes.get(found + 5).is_some_and(|&c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')) {
            return Some(found);
        }
        at = found + 1;
    }
}

/// The state of one reading of the document, or of its second half.
struct Pass<'a> {
    path: &'a Path,
    reader: SafeReader<'a>,
    imported: Imported,
    roles: Vec<Role>,
    /// The text of the value being read: usually one piece, borrowed from the document.
    text: Cow<'a, str>,
    graph_seen: bool,
    root_seen: bool,
    default_directed: bool,
    /// Whether the graph's title, description and typology were read (for joining halves).
    graph_values: [bool; 3],
    node: NodeState,
    link: ImportedLink,
    graphics: Graphics,
}

impl<'a> Pass<'a> {
    fn new(path: &'a Path, bytes: &'a [u8]) -> Result<Self, ImportError> {
        Ok(Self {
            path,
            reader: SafeReader::new(path, bytes)?,
            imported: Imported::default(),
            roles: Vec::new(),
            text: Cow::Borrowed(""),
            graph_seen: false,
            root_seen: false,
            default_directed: true,
            graph_values: [false; 3],
            node: NodeState::default(),
            link: ImportedLink::default(),
            graphics: Graphics::default(),
        })
    }

    /// A pass that reads from `at`, inside the root and graph elements `first` has opened.
    fn resume(first: &Pass<'a>, at: usize) -> Self {
        Self {
            path: first.path,
            reader: first.reader.resume(at),
            imported: Imported::default(),
            roles: first.roles.clone(),
            text: Cow::Borrowed(""),
            graph_seen: true,
            root_seen: true,
            default_directed: first.default_directed,
            graph_values: [false; 3],
            node: NodeState::default(),
            link: ImportedLink::default(),
            graphics: Graphics::default(),
        }
    }

    /// Whether the reading is at `at`, between the elements of the graph.
    fn at_split(&self, at: usize) -> bool {
        self.reader.between_items_at() == Some(at) && self.roles == [Role::Root, Role::Graph]
    }

    /// The records of this pass followed by those of `second`, which read on from where this
    /// one stopped.
    fn join(&mut self, second: Pass<'a>, keys: &Keys) -> Imported {
        let mut imported = std::mem::take(&mut self.imported);
        let later = second.imported;
        imported.orgs.extend(later.orgs);
        imported.links.extend(later.links);
        imported.skipped.extend(later.skipped);
        imported.skipped_orgs.extend(later.skipped_orgs);
        imported.skipped_links.extend(later.skipped_links);
        if second.graph_values[0] {
            imported.title = later.title;
        }
        if second.graph_values[1] {
            imported.description = later.description;
        }
        if second.graph_values[2] {
            imported.typology = later.typology;
        }
        imported.field_kinds = keys.field_kinds.iter().cloned().collect();
        imported
    }

    /// The records read, once the document has ended.
    fn finish(&mut self, keys: &Keys) -> Result<Imported, ImportError> {
        if !self.graph_seen {
            return Err(ImportError::Unusable { message: "no <graph> element".into(), path: self.path.to_path_buf() });
        }
        let mut imported = std::mem::take(&mut self.imported);
        imported.field_kinds = keys.field_kinds.iter().cloned().collect();
        Ok(imported)
    }

    /// Reads until the document ends (false) or, given `stop`, until the reading is at or past
    /// `stop` between items (true).
    // One state machine over the format's structure; splitting it would scatter the format.
    #[allow(clippy::too_many_lines)]
    fn run(&mut self, keys: &mut Keys, known: bool, stop: Option<usize>) -> Result<bool, ImportError> {
        loop {
            if let Some(stop) = stop
                && self.reader.between_items_at().is_some_and(|at| at >= stop)
            {
                return Ok(true);
            }
            match self.reader.read()? {
                Item::Open(name) => {
                    let e = &self.reader;
                    let role = match self.roles.last() {
                        None if name == b"graphml" && !self.graph_seen && !self.root_seen => {
                            self.root_seen = true;
                            Role::Root
                        }
                        // Anything after the root element (not well-formed XML, but the
                        // reader passes it): read past, as a document tree would have.
                        None if self.root_seen => Role::Skip,
                        None => {
                            return Err(ImportError::Unusable {
                                message: format!(
                                    "not a GraphML file (the root element is <{}>)",
                                    String::from_utf8_lossy(name)
                                ),
                                path: self.path.to_path_buf(),
                            });
                        }
                        Some(Role::Root) if name == b"key" => {
                            if !known {
                                keys.late |= self.graph_seen;
                                keys.declare(e);
                            }
                            Role::Skip
                        }
                        Some(Role::Root) if name == b"graph" && !self.graph_seen => {
                            self.graph_seen = true;
                            self.default_directed = e.attr(b"edgedefault") != Some("undirected");
                            Role::Graph
                        }
                        Some(Role::Graph) if name == b"data" => keys.of(e).map_or(Role::Skip, Role::GraphData),
                        Some(Role::Graph) if name == b"node" => {
                            if let Some(id) = e.attr(b"id") {
                                self.node = NodeState::default();
                                self.node.org.id = Some(id.to_owned());
                                Role::Node
                            } else {
                                self.imported.skipped_orgs.push("a node without an id".into());
                                Role::Skip
                            }
                        }
                        Some(Role::Graph) if name == b"edge" => {
                            if let (Some(from), Some(to)) = (e.attr(b"source"), e.attr(b"target")) {
                                self.link = ImportedLink {
                                    id: e.attr(b"id").map(str::to_owned),
                                    from: from.to_owned(),
                                    to: to.to_owned(),
                                    directed: Some(e.attr(b"directed").map_or(self.default_directed, |d| d == "true")),
                                    ..ImportedLink::default()
                                };
                                Role::Edge
                            } else {
                                self.imported.skipped_links.push("an edge without source or target".into());
                                Role::Skip
                            }
                        }
                        Some(parent @ (Role::Node | Role::Edge)) if name == b"data" => match keys.of(e) {
                            Some(k) => match keys.list[k].yfiles.as_deref() {
                                Some("nodegraphics") if *parent == Role::Node => {
                                    self.graphics = Graphics::default();
                                    Role::Graphics
                                }
                                Some("edgegraphics") if *parent == Role::Edge => {
                                    self.graphics = Graphics::default();
                                    Role::Graphics
                                }
                                Some(_) => Role::Skip,
                                None if *parent == Role::Node => Role::NodeData(k),
                                None => Role::EdgeData(k),
                            },
                            None => Role::Skip,
                        },
                        Some(Role::Graphics | Role::Label) => {
                            let in_node = self.roles.contains(&Role::Node);
                            if name == if in_node { &b"NodeLabel"[..] } else { &b"EdgeLabel"[..] }
                                && !self.graphics.label_seen
                            {
                                self.graphics.label_seen = true;
                                Role::Label
                            } else {
                                if in_node && name == b"Geometry" && !self.graphics.geometry_seen {
                                    self.graphics.geometry_seen = true;
                                    self.graphics.position = geometry_centre(e);
                                } else if in_node && name == b"Fill" && !self.graphics.fill_seen {
                                    self.graphics.fill_seen = true;
                                    self.graphics.colour =
                                        e.attr(b"color").and_then(|c| Colour::from_hex(c.get(..7).unwrap_or(c)));
                                }
                                Role::Graphics
                            }
                        }
                        Some(_) => Role::Skip,
                    };
                    if matches!(role, Role::GraphData(_) | Role::NodeData(_) | Role::EdgeData(_) | Role::Label) {
                        self.text = Cow::Borrowed("");
                    }
                    self.roles.push(role);
                }
                Item::Text(t) => {
                    if matches!(
                        self.roles.last(),
                        Some(Role::GraphData(_) | Role::NodeData(_) | Role::EdgeData(_) | Role::Label)
                    ) {
                        if self.text.is_empty() {
                            self.text = t;
                        } else {
                            self.text.to_mut().push_str(&t);
                        }
                    }
                }
                Item::Close => match self.roles.pop() {
                    Some(Role::GraphData(k)) => {
                        let v = self.text.trim();
                        match keys.list[k].name.as_str() {
                            "title" | "name" | "label" => {
                                self.imported.title = Some(v.to_owned()).filter(|t| !t.is_empty());
                                self.graph_values[0] = true;
                            }
                            "description" => {
                                self.imported.description = Some(v.to_owned()).filter(|t| !t.is_empty());
                                self.graph_values[1] = true;
                            }
                            crate::export::graphml::TYPOLOGY_KEY => {
                                self.imported.typology = serde_json::from_str(&self.text)
                                    .ok()
                                    .filter(|t: &crate::model::Typology| t.check().is_ok());
                                self.graph_values[2] = true;
                            }
                            _ => {}
                        }
                    }
                    Some(Role::NodeData(k)) => node_value(&mut self.node, &keys.list[k], self.text.trim()),
                    Some(Role::EdgeData(k)) => edge_value(&mut self.link, &keys.list[k], self.text.trim()),
                    Some(Role::Label) => {
                        let label = self.text.trim();
                        if !label.is_empty() {
                            self.graphics.label = Some(label.to_owned());
                        }
                    }
                    Some(Role::Graphics) if matches!(self.roles.last(), Some(Role::Node | Role::Edge)) => {
                        let g = std::mem::take(&mut self.graphics);
                        if self.roles.last() == Some(&Role::Node) {
                            if self.node.org.label.is_empty() {
                                self.node.org.label = g.label.unwrap_or_default();
                            }
                            self.node.org.position = self.node.org.position.or(g.position);
                            self.node.org.colour = self.node.org.colour.or(g.colour);
                        } else if self.link.type_name.is_none() {
                            // yEd keeps an edge's label in its graphics; the type if none is given.
                            self.link.type_name = g.label;
                        }
                    }
                    Some(Role::Node) => self.imported.orgs.push(finish_node(std::mem::take(&mut self.node))),
                    Some(Role::Edge) => self.imported.links.push(std::mem::take(&mut self.link)),
                    _ => {}
                },
                Item::End => return Ok(false),
            }
        }
    }
}

/// The centre of a yEd `Geometry` (its x and y are the top-left corner).
fn geometry_centre(e: &SafeReader<'_>) -> Option<[f32; 2]> {
    let f = |k: &[u8]| e.attr(k).and_then(|v| v.parse::<f32>().ok());
    let (x, y) = (f(b"x")?, f(b"y")?);
    let (w, h) = (f(b"width").unwrap_or(0.0), f(b"height").unwrap_or(0.0));
    let p = [x + w / 2.0, y + h / 2.0];
    (p[0].is_finite() && p[1].is_finite()).then_some(p)
}

/// A node's `<data>` value (text trimmed) by its key's well-known name.
fn node_value(node: &mut NodeState, key: &Key, v: &str) {
    let org = &mut node.org;
    match key.node {
        NodeKey::Label => v.clone_into(&mut org.label),
        NodeKey::Type => org.type_name = Some(v.to_owned()).filter(|s| !s.is_empty()),
        NodeKey::Notes => org.notes = Some(v.to_owned()),
        NodeKey::Tags => org.tags = Some(split_multi(v)),
        NodeKey::X => node.x = v.parse::<f32>().ok(),
        NodeKey::Y => node.y = v.parse::<f32>().ok(),
        NodeKey::Rgb(i) => node.rgb[i] = v.parse::<u8>().ok(),
        NodeKey::Pinned => org.pinned = parse_bool(v),
        NodeKey::Sensitive => org.sensitive = parse_bool(v),
        NodeKey::Ignored => {}
        NodeKey::Field => org.fields.push((key.name.clone(), v.to_owned())),
    }
}

/// The organisation read from a node: position from x/y keys, colour from r/g/b keys, the id
/// as label when it has none.
fn finish_node(node: NodeState) -> ImportedOrg {
    let mut org = node.org;
    if let (Some(x), Some(y)) = (node.x, node.y)
        && x.is_finite()
        && y.is_finite()
    {
        org.position = Some([x, y]);
    }
    if let [Some(r), Some(g), Some(b)] = node.rgb {
        org.colour = Some(Colour::rgb(r, g, b));
    }
    if org.label.is_empty() {
        org.label = org.id.clone().unwrap_or_default();
    }
    org
}

/// An edge's `<data>` value (text trimmed) by its key's well-known name.
fn edge_value(link: &mut ImportedLink, key: &Key, v: &str) {
    match key.edge {
        EdgeKey::Type => {
            if link.type_name.is_none() {
                link.type_name = Some(v.to_owned()).filter(|s| !s.is_empty());
            }
        }
        EdgeKey::Notes => link.notes = Some(v.to_owned()),
        EdgeKey::Ignored => {}
        EdgeKey::Field => link.fields.push((key.name.clone(), v.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with the structures the streaming reader must get right: empty elements, yEd
    /// graphics with a blank first label and nested label children, entities and CDATA, a node
    /// without an id, a nested graph, a second graph, and a key declared after the graph.
    const AWKWARD: &str = r##"<?xml version="1.0"?>
<!-- a comment -->
<graphml xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="d0" for="node" attr.name="Label" attr.type="string"><default>x</default></key>
  <key id="g" for="node" yfiles.type="nodegraphics"/>
  <key id="eg" for="edge" yfiles.type="edgegraphics"/>
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="undirected">
    <data key="d0">a graph-level label &amp; more</data>
    <node id="a"><data key="g"><y:ShapeNode><y:NodeLabel>  </y:NodeLabel><y:NodeLabel>Second</y:NodeLabel><y:Geometry x="1" y="2" width="10" height="4"/><y:Fill color="#FF000080"/></y:ShapeNode></data></node>
    <node id="b"><data key="d0">B &lt;b&gt; <![CDATA[cd<ata>]]> &#233;</data><data key="g"><y:ShapeNode><y:NodeLabel>Graphics<y:LabelModel>inner</y:LabelModel></y:NodeLabel><y:Geometry x="5" y="5"/></y:ShapeNode></data>
      <graph><node id="inner"/></graph></node>
    <node><data key="d0">no id</data></node>
    <node id="c"/>
    <node id="d"><data key="g"><y:ShapeNode><y:NodeLabel>From graphics</y:NodeLabel></y:ShapeNode></data></node>
    <edge source="a" target="b" directed="true"><data key="w">2.5</data><data key="eg"><y:PolyLineEdge><y:EdgeLabel>refers</y:EdgeLabel></y:PolyLineEdge></data></edge>
    <edge source="a"/>
    <edge id="e9" source="b" target="c"><data key="late">late value</data><data key="missing">m</data></edge>
  </graph>
  <graph><node id="second-graph"/></graph>
  <key id="late" for="edge" attr.name="Late field"/>
</graphml>"##;

    #[test]
    fn awkward_structures_are_read_as_written() {
        let r = read_graphml(Path::new("awkward.graphml"), AWKWARD.as_bytes()).unwrap();
        let ids: Vec<_> = r.orgs.iter().map(|o| o.id.as_deref().unwrap_or("")).collect();
        assert_eq!(ids, ["a", "b", "c", "d"], "nested and second graphs are not read");
        assert_eq!(
            (r.skipped_orgs.as_slice(), r.skipped_links.as_slice()),
            (&["a node without an id".to_owned()][..], &["an edge without source or target".to_owned()][..])
        );
        let (a, b, c, d) = (&r.orgs[0], &r.orgs[1], &r.orgs[2], &r.orgs[3]);
        assert_eq!(a.label, "a", "the first yEd label is blank: the id is the label");
        assert_eq!(a.position, Some([6.0, 4.0]), "centre of the geometry");
        assert_eq!(a.colour, Some(Colour::rgb(255, 0, 0)));
        assert_eq!(b.label, "B <b> cd<ata> é", "entities, CDATA and character references");
        assert_eq!(b.position, Some([5.0, 5.0]));
        assert_eq!((c.label.as_str(), c.position), ("c", None));
        assert_eq!(d.label, "From graphics");
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].type_name.as_deref(), Some("refers"), "the yEd edge label");
        assert_eq!(r.links[0].directed, Some(true));
        assert_eq!(r.links[0].fields, [("weight".to_owned(), "2.5".to_owned())]);
        assert_eq!(r.links[1].directed, Some(false), "the graph's default");
        assert_eq!(
            r.links[1].fields,
            [("Late field".to_owned(), "late value".to_owned())],
            "a key declared after the graph still names its values"
        );
        assert_eq!(r.field_kinds.get("weight"), Some(&FieldKind::Number));
        // Nodes and edges are named in reports by id, or by their ends.
        assert_eq!(a.place(), "node a");
        assert_eq!(r.links[0].place(), "edge a→b");
        assert_eq!(r.links[1].place(), "edge e9");
    }

    /// A big file read in two halves on two threads gives exactly what one reading gives,
    /// also when the middle falls inside a comment, a key comes late, or the second half is
    /// broken.
    #[test]
    fn halves_read_what_one_reading_reads() {
        let map = crate::generate::generate_map(2000, 3);
        let xml = crate::export::graphml::graphml(&map);
        assert!(xml.len() >= IN_HALVES_FROM, "big enough to be read in halves: {}", xml.len());
        let path = Path::new("big.graphml");
        let same = |doc: &str| {
            let one = read_graphml_in(path, doc.as_bytes(), false);
            let two = read_graphml_in(path, doc.as_bytes(), true);
            match (one, two) {
                (Ok(one), Ok(two)) => {
                    assert_eq!(one.orgs, two.orgs);
                    assert_eq!(one.links, two.links);
                    assert_eq!(
                        (one.skipped, one.skipped_orgs, one.skipped_links),
                        (two.skipped, two.skipped_orgs, two.skipped_links)
                    );
                    assert_eq!((one.title, one.description), (two.title, two.description));
                    assert!(one.typology == two.typology && one.field_kinds == two.field_kinds);
                    one.orgs.len() + one.links.len()
                }
                (Err(one), Err(two)) => {
                    assert_eq!(one.to_string(), two.to_string());
                    0
                }
                (one, two) => panic!("one reading: {one:?}; two halves: {two:?}"),
            }
        };
        assert_eq!(same(&xml), map.org_count() + map.link_count());
        // The split inside a comment that holds an edge tag: it is not used.
        let first = xml.find("<node").unwrap();
        let comment = "<!-- <edge source=\"o1\" target=\"o2\"/> -->\n";
        let commented = (first + xml[first..].len() / 2..xml.len())
            .filter(|&at| xml.as_bytes()[at - 1] == b'\n')
            .map(|at| format!("{}{comment}{}", &xml[..at], &xml[at..]))
            .find(|doc| {
                let split = tag_from(doc.as_bytes(), first + (doc.len() - first) / 2).unwrap();
                doc[..split].ends_with("<!-- ")
            })
            .unwrap();
        assert_eq!(same(&commented), map.org_count() + map.link_count());
        // A key declared after the graph, and a graph value in the second half.
        let late = xml.replace("</graph>", "<data key=\"g_title\">Renamed</data></graph><key id=\"z\" for=\"node\"/>");
        assert!(same(&late) > 0);
        // A broken end tag in the second half names the same line either way.
        let cut = xml.rfind("</edge>").unwrap();
        let broken = format!("{}</edg>{}", &xml[..cut], &xml[cut + 7..]);
        assert_eq!(same(&broken), 0);
    }

    #[test]
    fn broken_files_name_the_line() {
        let cut = &AWKWARD[..AWKWARD.find("<node id=\"c\"").unwrap()];
        let e = read_graphml(Path::new("cut.graphml"), cut.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("cut.graphml") && e.contains("ends inside an element"), "{e}");
        let crossed = AWKWARD.replace("<node id=\"c\"/>", "<node id=\"c\"></edge>");
        let e = read_graphml(Path::new("x.graphml"), crossed.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("line 14") && e.contains("</edge>"), "{e}");
        let e = read_graphml(Path::new("x.graphml"), b"<gexf><graph/></gexf>").unwrap_err().to_string();
        assert!(e.contains("not a GraphML file"), "{e}");
        let e = read_graphml(Path::new("x.graphml"), b"<graphml><key id='k'/></graphml>").unwrap_err().to_string();
        assert!(e.contains("no <graph>"), "{e}");
        let trailing = format!("{AWKWARD}<stray><node id=\"z\"/></stray>");
        let r = read_graphml(Path::new("x.graphml"), trailing.as_bytes()).unwrap();
        assert_eq!(r.orgs.len(), 4, "what follows the root element is not read");
    }
}
