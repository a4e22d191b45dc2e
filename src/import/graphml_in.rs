//! GraphML as written by yEd (labels, positions and colours in `nodegraphics`), Gephi (`label`,
//! `x`, `y`, `r`/`g`/`b` keys), networkx and igraph (typed keys), and Patchwork itself (the
//! typology rides along, so types come back exactly).

use super::xml_in::{Item, XmlReader, decode};
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
    Directed,
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
            // A Patchwork stamp ("last changed by/at"): the import is stamped anew.
            "size" | "id" | "changed_by" | "changed_at" => Self::Ignored,
            _ => Self::Field,
        }
    }
}

impl EdgeKey {
    fn of(lower: &str) -> Self {
        match lower {
            "type" | "label" | "edge label" | "relationship" | "kind" | "connection type" => Self::Type,
            "notes" | "description" => Self::Notes,
            "directed" => Self::Directed,
            "id" | "changed_by" | "changed_at" => Self::Ignored,
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

impl Role {
    /// Whether the element's text is a value to keep.
    fn holds_text(&self) -> bool {
        matches!(self, Role::GraphData(_) | Role::NodeData(_) | Role::EdgeData(_) | Role::Label)
    }
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

/// Reads a GraphML file in one streaming pass (no document tree: a 36 MB yEd file is read
/// without building a million elements). Keys declared after the graph (allowed by few tools
/// but not forbidden) make a second pass with every key known. An edge's direction is its
/// boolean `directed` key's value if it has one (as Patchwork writes it, so that tools reading
/// the graph as directed accept every edge), else its `directed` attribute, else the graph's
/// `edgedefault`.
pub fn read_graphml(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    let text = decode(path, bytes)?;
    let mut keys = Keys::default();
    let first = read_pass(path, &text, &mut keys, false)?;
    if keys.late {
        return read_pass(path, &text, &mut keys, true);
    }
    Ok(first)
}

/// The declared keys: by id, in order.
#[derive(Default)]
struct Keys {
    list: Vec<Key>,
    by_id: foldhash::HashMap<String, usize>,
    /// A key was declared after the graph began.
    late: bool,
    field_kinds: Vec<(String, FieldKind)>,
}

impl Keys {
    fn declare(&mut self, e: &XmlReader<'_>) {
        let Some(id) = e.attr("id") else { return };
        let name = e.attr("attr.name").unwrap_or(id).to_owned();
        if let Some(kind) = e.attr("attr.type").and_then(kind_of) {
            self.field_kinds.push((name.clone(), kind));
        }
        let lower = name.to_lowercase();
        let key = Key {
            node: NodeKey::of(&lower),
            edge: EdgeKey::of(&lower),
            name,
            yfiles: e.attr("yfiles.type").map(str::to_owned),
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

    fn of(&self, data: &XmlReader<'_>) -> Option<usize> {
        data.attr("key").and_then(|k| self.by_id.get(k).copied())
    }
}

/// One pass over the document; `known` when every key was gathered by an earlier pass.
fn read_pass(path: &Path, text: &str, keys: &mut Keys, known: bool) -> Result<Imported, ImportError> {
    let mut pass = Pass {
        path,
        reader: XmlReader::new(path, text),
        imported: Imported::default(),
        roles: Vec::new(),
        text: Cow::Borrowed(""),
        graph_seen: false,
        root_seen: false,
        default_directed: true,
        node: NodeState::default(),
        link: ImportedLink::default(),
        graphics: Graphics::default(),
    };
    pass.run(keys, known)?;
    if !pass.graph_seen {
        return Err(ImportError::Unusable { message: "no <graph> element".into(), path: path.to_path_buf() });
    }
    let mut imported = pass.imported;
    imported.field_kinds = keys.field_kinds.iter().cloned().collect();
    Ok(imported)
}

/// The state of one reading of the document.
struct Pass<'a> {
    path: &'a Path,
    reader: XmlReader<'a>,
    imported: Imported,
    roles: Vec<Role>,
    /// The text of the value being read: usually one piece, borrowed from the document.
    text: Cow<'a, str>,
    graph_seen: bool,
    root_seen: bool,
    default_directed: bool,
    node: NodeState,
    link: ImportedLink,
    graphics: Graphics,
}

impl<'a> Pass<'a> {
    /// Reads the document to its end: each element opened gets a role from its parent's, text
    /// is gathered for the roles that hold a value, and closing an element files what it held.
    fn run(&mut self, keys: &mut Keys, known: bool) -> Result<(), ImportError> {
        loop {
            match self.reader.read()? {
                Item::Open(name) => {
                    let role = self.role_of(name, keys, known)?;
                    if role.holds_text() {
                        self.text = Cow::Borrowed("");
                    }
                    self.roles.push(role);
                }
                Item::Text(t) => self.gather_text(t),
                Item::Close => self.close(keys),
                Item::End => return Ok(()),
            }
        }
    }

    /// The role of an element opened under the current one (reading its attributes as needed).
    fn role_of(&mut self, name: &str, keys: &mut Keys, known: bool) -> Result<Role, ImportError> {
        Ok(match self.roles.last() {
            None => self.top_level(name)?,
            Some(Role::Root) if name == "key" => {
                if !known {
                    keys.late |= self.graph_seen;
                    keys.declare(&self.reader);
                }
                Role::Skip
            }
            Some(Role::Root) if name == "graph" && !self.graph_seen => {
                self.graph_seen = true;
                self.default_directed = self.reader.attr("edgedefault") != Some("undirected");
                Role::Graph
            }
            Some(Role::Graph) if name == "data" => keys.of(&self.reader).map_or(Role::Skip, Role::GraphData),
            Some(Role::Graph) if name == "node" => self.begin_node(),
            Some(Role::Graph) if name == "edge" => self.begin_edge(),
            Some(&parent @ (Role::Node | Role::Edge)) if name == "data" => self.data_role(parent, keys),
            Some(Role::Graphics | Role::Label) => self.graphics_child(name),
            Some(_) => Role::Skip,
        })
    }

    /// The root element: `<graphml>`, or an error saying what the file is instead.
    fn top_level(&mut self, name: &str) -> Result<Role, ImportError> {
        if name == "graphml" && !self.graph_seen && !self.root_seen {
            self.root_seen = true;
            Ok(Role::Root)
        } else if self.root_seen {
            // Anything after the root element (not well-formed XML, but the reader passes it):
            // read past, as a document tree would have.
            Ok(Role::Skip)
        } else {
            Err(ImportError::Unusable {
                message: format!("not a GraphML file (the root element is <{name}>)"),
                path: self.path.to_path_buf(),
            })
        }
    }

    /// A `<node>`: begins an organisation, or files it as skipped when it has no id.
    fn begin_node(&mut self) -> Role {
        if let Some(id) = self.reader.attr("id") {
            self.node = NodeState::default();
            self.node.org.id = Some(id.to_owned());
            Role::Node
        } else {
            self.imported.skipped_orgs.push("a node without an id".into());
            Role::Skip
        }
    }

    /// An `<edge>`: begins a link, or files it as skipped when an end is missing.
    fn begin_edge(&mut self) -> Role {
        let e = &self.reader;
        if let (Some(from), Some(to)) = (e.attr("source"), e.attr("target")) {
            self.link = ImportedLink {
                id: e.attr("id").map(str::to_owned),
                from: from.to_owned(),
                to: to.to_owned(),
                directed: Some(e.attr("directed").map_or(self.default_directed, |d| d == "true")),
                ..ImportedLink::default()
            };
            Role::Edge
        } else {
            self.imported.skipped_links.push(super::edge_without_ends(
                e.attr("id"),
                e.attr("source"),
                e.attr("target"),
            ));
            Role::Skip
        }
    }

    /// A `<data>` in a node or edge: a value of a declared key, or yEd's graphics.
    fn data_role(&mut self, parent: Role, keys: &Keys) -> Role {
        let Some(k) = keys.of(&self.reader) else { return Role::Skip };
        match (keys.list[k].yfiles.as_deref(), parent) {
            (Some("nodegraphics"), Role::Node) | (Some("edgegraphics"), Role::Edge) => {
                self.graphics = Graphics::default();
                Role::Graphics
            }
            (Some(_), _) => Role::Skip,
            (None, Role::Node) => Role::NodeData(k),
            (None, _) => Role::EdgeData(k),
        }
    }

    /// An element inside yEd's graphics: the first label, the node's geometry and fill.
    fn graphics_child(&mut self, name: &str) -> Role {
        let in_node = self.roles.contains(&Role::Node);
        if name == if in_node { "NodeLabel" } else { "EdgeLabel" } && !self.graphics.label_seen {
            self.graphics.label_seen = true;
            return Role::Label;
        }
        let e = &self.reader;
        if in_node && name == "Geometry" && !self.graphics.geometry_seen {
            self.graphics.geometry_seen = true;
            self.graphics.position = geometry_centre(e);
        } else if in_node && name == "Fill" && !self.graphics.fill_seen {
            self.graphics.fill_seen = true;
            self.graphics.colour = e.attr("color").and_then(|c| Colour::from_hex(c.get(..7).unwrap_or(c)));
        }
        Role::Graphics
    }

    /// Text inside an element that holds a value: kept (usually one borrowed piece).
    fn gather_text(&mut self, t: Cow<'a, str>) {
        if self.roles.last().is_some_and(Role::holds_text) {
            if self.text.is_empty() {
                self.text = t;
            } else {
                self.text.to_mut().push_str(&t);
            }
        }
    }

    /// Closing an element: files the value, graphics, organisation or link it held.
    fn close(&mut self, keys: &Keys) {
        match self.roles.pop() {
            Some(Role::GraphData(k)) => self.graph_value(&keys.list[k].name),
            Some(Role::NodeData(k)) => {
                let (key, v) = (&keys.list[k], self.text.trim());
                if let Some(problem) = node_value(&mut self.node, key, v) {
                    let place = self.node.org.place();
                    self.imported.skipped.push(format!("{place}: {} '{v}' {problem}", key.name));
                }
            }
            Some(Role::EdgeData(k)) => edge_value(&mut self.link, &keys.list[k], self.text.trim()),
            Some(Role::Label) => {
                let label = self.text.trim();
                if !label.is_empty() {
                    self.graphics.label = Some(label.to_owned());
                }
            }
            Some(Role::Graphics) if matches!(self.roles.last(), Some(Role::Node | Role::Edge)) => {
                self.finish_graphics();
            }
            Some(Role::Node) => self.imported.orgs.push(finish_node(std::mem::take(&mut self.node))),
            Some(Role::Edge) => self.imported.links.push(std::mem::take(&mut self.link)),
            _ => {}
        }
    }

    /// A graph-level value: the title, description or Patchwork's typology.
    fn graph_value(&mut self, key_name: &str) {
        let v = self.text.trim();
        match key_name {
            "title" | "name" | "label" => self.imported.title = Some(v.to_owned()).filter(|t| !t.is_empty()),
            "description" => self.imported.description = Some(v.to_owned()).filter(|t| !t.is_empty()),
            crate::formats::GRAPHML_TYPOLOGY_KEY => {
                let typology = serde_json::from_str::<crate::model::Typology>(&self.text)
                    .map_err(|e| e.to_string())
                    .and_then(|t| t.check().map(|()| t));
                match typology {
                    Ok(t) => self.imported.typology = Some(t),
                    Err(e) => self.imported.skipped.push(format!(
                        "the Patchwork typology the file carries cannot be read ({e}), so types are matched by name"
                    )),
                }
            }
            _ => {}
        }
    }

    /// yEd's graphics of the node or edge being read: its label, position and colour where the
    /// file's own data left them empty (for an edge, the label is its type).
    fn finish_graphics(&mut self) {
        let g = std::mem::take(&mut self.graphics);
        if self.roles.last() == Some(&Role::Node) {
            if self.node.org.label.is_empty() {
                self.node.org.label = g.label.unwrap_or_default();
            }
            self.node.org.position = self.node.org.position.or(g.position);
            self.node.org.colour = self.node.org.colour.or(g.colour);
        } else if self.link.type_name.is_none() {
            self.link.type_name = g.label;
        }
    }
}

/// The centre of a yEd `Geometry` (its x and y are the top-left corner).
fn geometry_centre(e: &XmlReader<'_>) -> Option<[f32; 2]> {
    let f = |k: &str| e.attr(k).and_then(|v| v.parse::<f32>().ok());
    let (x, y) = (f("x")?, f("y")?);
    let (w, h) = (f("width").unwrap_or(0.0), f("height").unwrap_or(0.0));
    let p = [x + w / 2.0, y + h / 2.0];
    (p[0].is_finite() && p[1].is_finite()).then_some(p)
}

/// A node's `<data>` value (text trimmed) by its key's well-known name; for a position or flag
/// that cannot be read, what is wrong and what was done instead, for the report.
fn node_value(node: &mut NodeState, key: &Key, v: &str) -> Option<&'static str> {
    let org = &mut node.org;
    let coordinate = |v: &str| v.parse::<f32>().ok().filter(|c| c.is_finite());
    match key.node {
        NodeKey::Label => v.clone_into(&mut org.label),
        NodeKey::Type => org.type_name = Some(v.to_owned()).filter(|s| !s.is_empty()),
        NodeKey::Notes => org.notes = Some(v.to_owned()),
        NodeKey::Tags => org.tags = Some(split_multi(v)),
        NodeKey::X | NodeKey::Y => {
            let c = coordinate(v);
            if matches!(key.node, NodeKey::X) {
                node.x = c;
            } else {
                node.y = c;
            }
            if c.is_none() && !v.is_empty() {
                return Some("is not a number a map can hold, so the node is placed beside the map");
            }
        }
        NodeKey::Rgb(i) => node.rgb[i] = v.parse::<u8>().ok(),
        NodeKey::Pinned => {
            org.pinned = parse_bool(v);
            if org.pinned.is_none() {
                return Some("is not true or false, so the node is not pinned");
            }
        }
        // As in the Kumu and CSV readers: a flag that is neither counts as sensitive, the safer
        // reading for redacted exports.
        NodeKey::Sensitive => {
            org.sensitive = Some(parse_bool(v).unwrap_or(true));
            if parse_bool(v).is_none() {
                return Some("is not true or false, so the node is marked sensitive");
            }
        }
        NodeKey::Ignored => {}
        NodeKey::Field => org.fields.push((key.name.clone(), v.to_owned())),
    }
    None
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
        EdgeKey::Directed => {
            // Unreadable or empty: the edge keeps the direction its attributes gave.
            if let Some(directed) = parse_bool(v).filter(|_| !v.is_empty()) {
                link.directed = Some(directed);
            }
        }
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
    fn positions_flags_and_a_typology_that_cannot_be_read_are_reported() {
        let doc = r#"<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="t" for="graph" attr.name="patchwork_typology" attr.type="string"/>
  <key id="x" for="node" attr.name="x" attr.type="double"/>
  <key id="y" for="node" attr.name="y" attr.type="double"/>
  <key id="s" for="node" attr.name="sensitive" attr.type="boolean"/>
  <key id="p" for="node" attr.name="pinned" attr.type="boolean"/>
  <graph edgedefault="directed">
    <data key="t">{"org_types": 3}</data>
    <node id="a"><data key="x">1e999</data><data key="y">2</data><data key="s">perhaps</data></node>
    <node id="b"><data key="x">-0</data><data key="y">NaN</data><data key="p">sometimes</data></node>
    <node id="c"><data key="x">1</data><data key="y">2</data><data key="s">false</data><data key="p">true</data></node>
  </graph>
</graphml>"#;
        let r = read_graphml(Path::new("g.graphml"), doc.as_bytes()).unwrap();
        assert_eq!(r.skipped.len(), 5, "{:#?}", r.skipped);
        assert!(r.skipped[0].starts_with("the Patchwork typology the file carries cannot be read (invalid type"));
        assert_eq!(
            r.skipped[1..],
            [
                "node a: x '1e999' is not a number a map can hold, so the node is placed beside the map",
                "node a: sensitive 'perhaps' is not true or false, so the node is marked sensitive",
                "node b: y 'NaN' is not a number a map can hold, so the node is placed beside the map",
                "node b: pinned 'sometimes' is not true or false, so the node is not pinned",
            ]
        );
        let got: Vec<_> = r.orgs.iter().map(|o| (o.position, o.pinned, o.sensitive)).collect();
        assert_eq!(got, [(None, None, Some(true)), (None, None, None), (Some([1.0, 2.0]), Some(true), Some(false))]);
    }

    #[test]
    fn awkward_structures_are_read_as_written() {
        let r = read_graphml(Path::new("awkward.graphml"), AWKWARD.as_bytes()).unwrap();
        let ids: Vec<_> = r.orgs.iter().map(|o| o.id.as_deref().unwrap_or("")).collect();
        assert_eq!(ids, ["a", "b", "c", "d"], "nested and second graphs are not read");
        assert_eq!(
            (r.skipped_orgs.as_slice(), r.skipped_links.as_slice()),
            (&["a node without an id".to_owned()][..], &["an edge from a: no target".to_owned()][..])
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

    #[test]
    fn broken_files_name_the_line() {
        let cut = &AWKWARD[..AWKWARD.find("<node id=\"c\"").unwrap()];
        let e = read_graphml(Path::new("cut.graphml"), cut.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("cut.graphml") && e.contains("ends inside the element <graph>"), "{e}");
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

    #[test]
    fn direction_comes_from_the_directed_key_then_the_attribute_then_the_default() {
        let doc = r#"<graphml>
  <key id="dir" for="edge" attr.name="directed" attr.type="boolean"/>
  <key id="t" for="edge" attr.name="type" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="a"/><node id="b"/>
    <edge source="a" target="b"><data key="dir">false</data><data key="t">Partnership</data></edge>
    <edge source="a" target="b"><data key="dir">true</data></edge>
    <edge source="a" target="b" directed="false"/>
    <edge source="a" target="b" directed="false"><data key="dir">true</data></edge>
    <edge source="b" target="a"/>
    <edge source="b" target="a"><data key="dir">sometimes</data></edge>
  </graph>
</graphml>"#;
        let r = read_graphml(Path::new("d.graphml"), doc.as_bytes()).unwrap();
        let directed: Vec<_> = r.links.iter().map(|l| l.directed).collect();
        assert_eq!(directed, [Some(false), Some(true), Some(false), Some(true), Some(true), Some(true)]);
        assert!(r.links.iter().all(|l| l.fields.is_empty()), "the direction is not a field");
        assert_eq!(r.links[0].type_name.as_deref(), Some("Partnership"));
        let undirected = doc.replace("edgedefault=\"directed\"", "edgedefault=\"undirected\"");
        let r = read_graphml(Path::new("d.graphml"), undirected.as_bytes()).unwrap();
        assert_eq!(r.links[4].directed, Some(false), "the graph's default");
    }

    #[test]
    fn utf16_files_are_read() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(AWKWARD.encode_utf16().flat_map(u16::to_le_bytes));
        let r = read_graphml(Path::new("w.graphml"), &bytes).unwrap();
        assert_eq!(r.orgs.len(), 4);
        assert_eq!(r.orgs[1].label, "B <b> cd<ata> é");
    }
}
