//! The scene: map + view options → a flat list of drawable items in map coordinates. The canvas
//! paints it with egui and figure exports write it, so the screen and a figure cannot drift apart.
//! This is the one place that decides how an organisation or a link looks.

mod free_spot;
mod geometry;
mod grid;
pub mod journeys;
pub mod labels;
pub mod legend;
pub mod style;

pub use free_spot::{MapBox, Placement, free_spot, wrapped_offset};
pub use geometry::{clip_segment, convex_parts, marker_box, shape_outline};
pub use journeys::{JourneyChoice, JourneyItem};
pub use labels::{LabelLayout, LabelRequest, PlacedLabel};

use crate::model::{Colour, Filter, LineStyle, LinkId, Map, MapPos, OrgId, Organisation, Shape, TypeId};
use foldhash::HashMap as FastMap;
use std::collections::{HashMap, HashSet};

/// Colours that are not part of the typology: background, text, selection. Chosen per theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SceneTheme {
    /// Canvas background.
    pub background: Colour,
    /// Label text.
    pub label: Colour,
    /// Outline of organisation markers (separates touching markers and light fills).
    pub outline: Colour,
    /// Selected items' highlight ring.
    pub selection: Colour,
    /// Hovered item's highlight ring.
    pub hover: Colour,
    /// Opacity of items faded out (0–1).
    pub faded_alpha: f32,
    /// Whether this is a dark theme.
    pub dark: bool,
}

impl SceneTheme {
    /// Dark text on white.
    pub const LIGHT: SceneTheme = SceneTheme {
        background: Colour::rgb(0xFA, 0xFA, 0xF7),
        label: Colour::rgb(0x1A, 0x1A, 0x1A),
        outline: Colour::rgb(0x22, 0x22, 0x22),
        selection: Colour::rgb(0x00, 0x5A, 0xD0),
        hover: Colour::rgb(0x55, 0x55, 0x55),
        faded_alpha: 0.18,
        dark: false,
    };
    /// Light text on near-black.
    pub const DARK: SceneTheme = SceneTheme {
        background: Colour::rgb(0x1B, 0x1D, 0x21),
        label: Colour::rgb(0xEE, 0xEE, 0xEE),
        outline: Colour::rgb(0xF0, 0xF0, 0xF0),
        selection: Colour::rgb(0x5C, 0xB8, 0xFF),
        hover: Colour::rgb(0xBB, 0xBB, 0xBB),
        faded_alpha: 0.2,
        dark: true,
    };
}

impl SceneTheme {
    /// Black on white with no tints: for printed reports.
    pub const PRINT: SceneTheme = SceneTheme {
        background: Colour::rgb(0xFF, 0xFF, 0xFF),
        label: Colour::rgb(0x00, 0x00, 0x00),
        outline: Colour::rgb(0x00, 0x00, 0x00),
        selection: Colour::rgb(0x00, 0x00, 0x00),
        hover: Colour::rgb(0x44, 0x44, 0x44),
        faded_alpha: 0.25,
        dark: false,
    };
    /// Maximum contrast for a projector seen from the back of a room: white on black.
    pub const PROJECTOR: SceneTheme = SceneTheme {
        background: Colour::rgb(0x00, 0x00, 0x00),
        label: Colour::rgb(0xFF, 0xFF, 0xFF),
        outline: Colour::rgb(0xFF, 0xFF, 0xFF),
        selection: Colour::rgb(0xFF, 0xE0, 0x4D),
        hover: Colour::rgb(0xDD, 0xDD, 0xDD),
        faded_alpha: 0.25,
        dark: true,
    };

    /// A theme by name: light, dark, print or projector.
    #[must_use]
    pub fn named(name: &str) -> Option<SceneTheme> {
        match name.to_ascii_lowercase().as_str() {
            "light" => Some(Self::LIGHT),
            "dark" => Some(Self::DARK),
            "print" => Some(Self::PRINT),
            "projector" => Some(Self::PROJECTOR),
            _ => None,
        }
    }
}

/// What to draw and how big: everything about a view that is not in the map.
#[derive(Debug, Clone)]
pub struct SceneOptions {
    /// Colours outside the typology.
    pub theme: SceneTheme,
    /// Radius of an organisation marker, in map units.
    pub node_radius: f32,
    /// Label text height, in map units.
    pub label_size: f32,
    /// Only organisations and links passing this filter are drawn.
    pub filter: Filter,
    /// Marker sizes from a metric: its name (for the legend) and a value 0–1 per organisation.
    pub size_by: Option<(String, HashMap<OrgId, f32>)>,
    /// Emphasise these; everything else is drawn faded (a path, a component, a focus).
    pub highlight: Option<Highlight>,
    /// Draw sticky notes.
    pub show_notes: bool,
    /// Organisations closed at the "open at" moment: drawn faded, as outside a highlight, with
    /// their links (organisations with unknown hours are not in it).
    pub closed: Option<HashSet<OrgId>>,
    /// Journeys drawn over the map.
    pub journeys: JourneyChoice,
}

/// Organisations and links to emphasise.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Highlight {
    /// Organisations shown at full strength.
    pub orgs: HashSet<OrgId>,
    /// Links shown at full strength; if empty, links between highlighted organisations.
    pub links: HashSet<LinkId>,
}

impl Default for SceneOptions {
    fn default() -> Self {
        Self {
            theme: SceneTheme::LIGHT,
            node_radius: 14.0,
            label_size: DEFAULT_LABEL_SIZE,
            filter: Filter::default(),
            size_by: None,
            highlight: None,
            show_notes: true,
            closed: None,
            journeys: JourneyChoice::default(),
        }
    }
}

/// Up to this many organisations, moving any of them places every label again.
pub const FULL_REPLACE_NODES: usize = 5_000;

/// Labels that would be drawn smaller than this many pixels are left out, on screen and in PNG
/// figures: too small to read, and at tens of thousands they only cost time.
pub const MIN_LABEL_PX: f32 = 5.0;

/// Gap between a marker and its label, map units.
const LABEL_GAP: f32 = labels::GAP;

/// One organisation marker.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeItem {
    /// The organisation.
    pub id: OrgId,
    /// Centre, map units.
    pub center: MapPos,
    /// Marker radius, map units.
    pub radius: f32,
    /// Marker shape (its type's).
    pub shape: Shape,
    /// Fill (its type's colour).
    pub fill: Colour,
    /// The organisation's full name (shown on hover and in the inspector).
    pub label: String,
    /// The name as drawn: wrapped to a bounded width, at most a few lines, ellipsis past them
    /// (see [`labels::wrap_label`]); empty for no name.
    pub label_lines: Vec<String>,
    /// Whether it is pinned (drawn with a small pin mark).
    pub pinned: bool,
    /// Where the label was placed at the scene's own size (figures), or `None` when it is left
    /// out for want of room (or the name is empty).
    pub placed: Option<PlacedLabel>,
    /// Drawn faded (outside a highlight).
    pub faded: bool,
    /// Label text height, map units.
    pub label_size: f32,
    /// Width of the widest label line in the bundled font, map units (measured once).
    pub label_width: f32,
    /// How many links shown touch it (labels of busier organisations are placed first).
    pub degree: usize,
}

impl NodeItem {
    /// The label's box (min, max) in map units where the scene placed it; `None` when left out.
    #[must_use]
    pub fn label_rect(&self) -> Option<MapBox> {
        self.placed.map(|p| p.rect)
    }

    /// Height of the label's lines at the scene's size, map units.
    #[must_use]
    pub fn label_height(&self) -> f32 {
        labels::line_height(self.label_size) * self.label_lines.len() as f32
    }

    /// The box a label would have centred under the marker (where typing a new name appears).
    #[must_use]
    pub fn label_rect_below(&self) -> MapBox {
        let [x, y] = self.center;
        let (w, top) = (self.label_width, y + self.radius + LABEL_GAP);
        ([x - w / 2.0, top], [x + w / 2.0, top + self.label_height().max(labels::line_height(self.label_size))])
    }
}

/// One link line.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeItem {
    /// The link.
    pub id: LinkId,
    /// Its ends.
    pub from: OrgId,
    /// Its ends.
    pub to: OrgId,
    /// The line, a polyline in map units from the rim of one marker to the rim of the other.
    pub points: Vec<MapPos>,
    /// Line colour (its type's).
    pub colour: Colour,
    /// Line style (its type's).
    pub style: LineStyle,
    /// Line width, map units.
    pub width: f32,
    /// Arrowhead triangle (tip first) for directed types.
    pub arrow: Option<[MapPos; 3]>,
    /// Drawn faded (outside a highlight).
    pub faded: bool,
    /// Bounding box of the line and arrowhead (min, max), for culling.
    pub bounds: (MapPos, MapPos),
    /// Scene indices of the two markers, and how the path was made (to redo it when they move).
    ends: [usize; 2],
    bend: f32,
    arrow_len: Option<f32>,
}

/// Bounding box (min, max) of some points; a degenerate box at the origin for none.
fn points_bounds<'a>(pts: impl IntoIterator<Item = &'a MapPos>) -> (MapPos, MapPos) {
    let mut it = pts.into_iter();
    let Some(&first) = it.next() else { return ([0.0; 2], [0.0; 2]) };
    it.fold((first, first), |(min, max), p| {
        ([min[0].min(p[0]), min[1].min(p[1])], [max[0].max(p[0]), max[1].max(p[1])])
    })
}

/// A legend row for an organisation type in use.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendOrgType {
    /// The type.
    pub id: TypeId,
    /// Its name.
    pub name: String,
    /// Its colour.
    pub colour: Colour,
    /// Its shape.
    pub shape: Shape,
    /// How many organisations shown have it.
    pub count: usize,
}

/// A legend row for a link type in use.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendLinkType {
    /// The type.
    pub id: TypeId,
    /// Its name.
    pub name: String,
    /// Its colour.
    pub colour: Colour,
    /// Its line style.
    pub style: LineStyle,
    /// Whether drawn with an arrow.
    pub directed: bool,
    /// How many links shown have it.
    pub count: usize,
}

/// A lane of the lanes layout: a column with a header.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneItem {
    /// Header text.
    pub label: String,
    /// Left and right edges.
    pub x: [f32; 2],
    /// Top (the header's top) and bottom.
    pub y: [f32; 2],
}

/// A shaded hull around the organisations of one type.
#[derive(Debug, Clone, PartialEq)]
pub struct HullItem {
    /// The type's name.
    pub label: String,
    /// The type's colour (drawn faint).
    pub colour: Colour,
    /// Convex polygon around the members, map units.
    pub points: Vec<MapPos>,
    /// Text height of the label, map units (grows with the scene's label size).
    pub label_size: f32,
}

/// A sticky note, laid out: its box and its wrapped lines.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteItem {
    /// Top-left corner.
    pub min: MapPos,
    /// Bottom-right corner.
    pub max: MapPos,
    /// Text lines, wrapped to the note's width.
    pub lines: Vec<String>,
    /// Text height, map units ([`NOTE_TEXT`] at the default label size, grown in step with labels).
    pub text_size: f32,
}

/// Width of a sticky note, map units.
pub const NOTE_WIDTH: f32 = 180.0;
/// Text size in sticky notes, map units (at the default label size).
pub const NOTE_TEXT: f32 = 12.0;
/// Text size of a region's or type hull's label, map units (at the default label size).
pub const HULL_TEXT: f32 = 14.0;
/// The label size of [`SceneOptions::default`]: notes and region labels grow by the ratio of the
/// scene's label size to this, so they scale with labels (in presentation, with its +/−).
pub const DEFAULT_LABEL_SIZE: f32 = 13.0;
/// Sticky-note paper colour (the same in every theme, like paper).
pub const NOTE_PAPER: Colour = Colour::rgb(0xFF, 0xF1, 0xA8);
/// Sticky-note ink colour.
pub const NOTE_INK: Colour = Colour::rgb(0x22, 0x22, 0x22);

/// Splits text into lines no wider than `width` at `size` in the bundled font.
#[must_use]
pub fn wrap_text(s: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if !line.is_empty() && crate::fonts::text_width(&candidate, size, false) > width {
                lines.push(std::mem::take(&mut line));
                word.clone_into(&mut line);
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}

/// Height of a lane header, map units.
pub const LANE_HEADER: f32 = 40.0;

/// Everything to draw, in map coordinates, back to front: lanes and hulls, edges, then nodes
/// (labels with them).
#[derive(Debug, Clone, Default)]
pub struct Scene {
    /// Lanes behind everything (lanes layout).
    pub lanes: Vec<LaneItem>,
    /// Type hulls behind the links (group-by-type layout) and labelled regions.
    pub hulls: Vec<HullItem>,
    /// Sticky notes, drawn on top.
    pub notes: Vec<NoteItem>,
    /// Link lines.
    pub edges: Vec<EdgeItem>,
    /// Organisation markers, in the map's stable order.
    pub nodes: Vec<NodeItem>,
    /// Organisation types in use, in typology order.
    pub legend_org_types: Vec<LegendOrgType>,
    /// Link types in use, in typology order.
    pub legend_link_types: Vec<LegendLinkType>,
    /// Bounding box of all markers and labels: (min, max).
    pub bounds: Option<(MapPos, MapPos)>,
    /// What marker size shows, if it shows a metric (for the legend).
    pub size_legend: Option<String>,
    /// How many organisations' labels were left out at the scene's size for want of room.
    pub labels_left_out: usize,
    /// Journeys drawn over the map, in the order chosen (each a legend row).
    pub journeys: Vec<JourneyItem>,
    /// Which journeys (an option the scene was built with; redrawn when markers move).
    journey_choice: JourneyChoice,
    node_lookup: FastMap<OrgId, usize>,
    /// Whether sticky notes are shown (an option the scene was built with).
    show_notes: bool,
    /// Label size relative to the default (an option the scene was built with; 0 in a default scene).
    text_scale: f32,
    /// Marker centres bucketed for hit-testing and box select.
    grid: grid::Grid,
    /// The largest marker radius (hit-tests look this far around a point).
    max_radius: f32,
}

impl Scene {
    /// Boxes a new item must not cover: every marker, every label and every sticky note drawn.
    #[must_use]
    pub fn occupied(&self) -> Vec<MapBox> {
        let markers = self.nodes.iter().flat_map(|n| {
            let [x, y] = n.center;
            let r = n.radius;
            [Some(([x - r, y - r], [x + r, y + r])), n.label_rect()]
        });
        let markers = markers.flatten();
        markers.chain(self.notes.iter().map(|n| (n.min, n.max))).collect()
    }

    /// The box, relative to its centre, of a new organisation named `name`: its marker with the
    /// label below, at the size this scene draws markers and labels.
    #[must_use]
    pub fn new_node_extent(&self, name: &str) -> MapBox {
        let defaults = SceneOptions::default();
        let radius = self.nodes.first().map_or(defaults.node_radius, |n| n.radius);
        let size = self.nodes.first().map_or(defaults.label_size, |n| n.label_size);
        let (lines, width) = labels::wrap_label(name, size);
        let half_width = (width / 2.0).max(radius);
        let height = labels::line_height(size) * lines.len().max(1) as f32;
        ([-half_width, -radius], [half_width, radius + LABEL_GAP + height])
    }
}

/// Whether an organisation passes a filter.
#[must_use]
pub fn org_passes(filter: &Filter, org: &Organisation) -> bool {
    (filter.org_types.is_empty() || filter.org_types.contains(&org.org_type))
        && (filter.tags.is_empty() || org.tags.iter().any(|t| filter.tags.contains(t)))
        && !(filter.hide_sensitive && org.sensitive)
        && filter.passes_changed_by(org.changed.as_ref())
        && filter.fields.iter().all(|(field, accepted)| match org.fields.get(field) {
            Some(crate::model::FieldValue::Text(v)) => accepted.contains(v),
            Some(crate::model::FieldValue::List(vs)) => vs.iter().any(|v| accepted.contains(v)),
            Some(other) => accepted.contains(&other.display()),
            None => false,
        })
}

/// Builds the scene for a map.
#[must_use]
pub fn build(map: &Map, options: &SceneOptions) -> Scene {
    let mut scene = Scene::default();
    let (org_counts, slot) = add_nodes(&mut scene, map, options);
    let link_counts = add_edges(&mut scene, map, options, &slot);
    journeys::fade_links(&mut scene, map, &options.journeys);
    fill_legend(&mut scene, map.typology(), &org_counts, &link_counts);
    scene.index_nodes();
    scene.place_labels();
    scene.size_legend = options.size_by.as_ref().map(|(name, _)| name.clone());
    scene.show_notes = options.show_notes;
    scene.journey_choice = options.journeys.clone();
    scene.text_scale = options.label_size / DEFAULT_LABEL_SIZE;
    scene.finish(map);
    scene
}

const GREY: Colour = Colour::rgb(0x88, 0x88, 0x88);

/// Markers for the organisations that pass the filter, in id order. Returns how many of each
/// organisation type are shown, and each shown organisation's scene index by graph index.
fn add_nodes(scene: &mut Scene, map: &Map, options: &SceneOptions) -> (Vec<usize>, Vec<u32>) {
    let typology = map.typology();
    let graph = map.graph();
    let filter = &options.filter;
    let org_types: FastMap<&TypeId, usize> = typology.org_types.iter().enumerate().map(|(i, t)| (&t.id, i)).collect();
    let mut org_counts = vec![0usize; typology.org_types.len()];
    let order = map.sorted_node_indices();
    // Scene index of each shown organisation, by graph index (links find their ends without hashing).
    let mut slot = vec![u32::MAX; petgraph::visit::NodeIndexable::node_bound(graph)];
    scene.nodes.reserve(order.len());
    scene.node_lookup.reserve(order.len());
    for &ix in order {
        let org = &graph[ix];
        if !org_passes(filter, org) {
            continue;
        }
        let ty = org_types.get(&org.org_type).map(|&i| {
            org_counts[i] += 1;
            &typology.org_types[i]
        });
        slot[ix.index()] = u32::try_from(scene.nodes.len()).unwrap_or(u32::MAX);
        scene.node_lookup.insert(org.id.clone(), scene.nodes.len());
        let (label_lines, label_width) = labels::wrap_label(&org.name, options.label_size);
        let scale = options
            .size_by
            .as_ref()
            .map_or(1.0, |(_, v)| 0.6 + 1.4 * v.get(&org.id).copied().unwrap_or(0.0).clamp(0.0, 1.0));
        scene.nodes.push(NodeItem {
            id: org.id.clone(),
            center: org.position,
            radius: options.node_radius * scale,
            faded: options.highlight.as_ref().is_some_and(|h| !h.orgs.contains(&org.id))
                || options.closed.as_ref().is_some_and(|c| c.contains(&org.id)),
            shape: ty.map_or(Shape::Circle, |t| t.shape),
            fill: ty.map_or(GREY, |t| t.colour),
            label_width,
            label_lines,
            label: org.name.clone(),
            pinned: org.pinned,
            placed: None,
            label_size: options.label_size,
            degree: 0,
        });
    }
    (org_counts, slot)
}

/// Lines for the links shown; returns how many of each link type.
fn add_edges(scene: &mut Scene, map: &Map, options: &SceneOptions, slot: &[u32]) -> Vec<usize> {
    let typology = map.typology();
    let graph = map.graph();
    let filter = &options.filter;
    // Links shown: both ends shown and the type passes. Parallel links between one pair curve
    // apart so each stays visible and clickable. Pairs are keyed by node index (nodes are in id
    // order, so the lower index is the canonical first end).
    let link_types: FastMap<&TypeId, usize> = typology.link_types.iter().enumerate().map(|(i, t)| (&t.id, i)).collect();
    let links: Vec<(usize, usize, petgraph::stable_graph::EdgeIndex)> = map
        .sorted_edge_indices()
        .iter()
        .filter(|&&e| filter.link_types.is_empty() || filter.link_types.contains(&graph[e].link_type))
        .filter(|&&e| filter.passes_changed_by(graph[e].changed.as_ref()))
        .filter_map(|&e| {
            let (a, b) = graph.edge_endpoints(e)?;
            let (a, b) = (slot[a.index()], slot[b.index()]);
            (a != u32::MAX && b != u32::MAX).then_some((a as usize, b as usize, e))
        })
        .collect();
    // Links per pair, and how many of them are placed so far.
    let mut pairs: FastMap<(usize, usize), (usize, usize)> = FastMap::default();
    pairs.reserve(links.len());
    for &(a, b, _) in &links {
        pairs.entry((a.min(b), a.max(b))).or_default().0 += 1;
    }
    let mut link_counts = vec![0usize; typology.link_types.len()];
    scene.edges.reserve(links.len());
    let width = options.node_radius * 0.14;
    for (a, b, e) in links {
        let key = (a.min(b), a.max(b));
        scene.nodes[a].degree += 1;
        scene.nodes[b].degree += 1;
        let l = &graph[e];
        let (from, to) = (&scene.nodes[a].id, &scene.nodes[b].id);
        let bend = match pairs.get_mut(&key) {
            Some((size, index)) if *size > 1 => {
                // Offsets ..., -1, 0, 1, ... in units of the marker radius; the sign follows the
                // canonical direction so two links in opposite directions bend apart.
                let bend = (*index as f32 - (*size as f32 - 1.0) / 2.0) * options.node_radius * 1.6;
                *index += 1;
                if a == key.0 { bend } else { -bend }
            }
            _ => 0.0,
        };
        let lt = link_types.get(&l.link_type).map(|&i| {
            link_counts[i] += 1;
            &typology.link_types[i]
        });
        let arrow_len = lt.is_some_and(|t| t.directed).then_some(options.node_radius * 0.75);
        let (points, arrow) = edge_path(&scene.nodes, [a, b], bend, arrow_len);
        let faded = options.highlight.as_ref().is_some_and(|h| {
            if h.links.is_empty() { !(h.orgs.contains(from) && h.orgs.contains(to)) } else { !h.links.contains(&l.id) }
        }) || options.closed.as_ref().is_some_and(|c| c.contains(from) || c.contains(to));
        let bounds = points_bounds(points.iter().chain(arrow.iter().flatten()));
        scene.edges.push(EdgeItem {
            bounds,
            ends: [a, b],
            bend,
            arrow_len,
            id: l.id.clone(),
            from: from.clone(),
            to: to.clone(),
            points,
            colour: lt.map_or(GREY, |t| t.colour),
            style: lt.map_or(LineStyle::Solid, |t| t.style),
            width,
            arrow,
            faded,
        });
    }
    link_counts
}

/// The line (and arrowhead) of a link between two markers.
fn edge_path(
    nodes: &[NodeItem],
    [a, b]: [usize; 2],
    bend: f32,
    arrow: Option<f32>,
) -> (Vec<MapPos>, Option<[MapPos; 3]>) {
    let (a, b) = (&nodes[a], &nodes[b]);
    geometry::link_path(a.center, b.center, [a.radius + 1.5, b.radius + 1.5], bend, arrow)
}

/// The legend lists the types in use, in typology order, with their counts.
fn fill_legend(scene: &mut Scene, typology: &crate::model::Typology, org_counts: &[usize], link_counts: &[usize]) {
    scene.legend_org_types = typology
        .org_types
        .iter()
        .zip(org_counts)
        .filter_map(|(t, &count)| {
            (count > 0).then_some(())?;
            Some(LegendOrgType { id: t.id.clone(), name: t.name.clone(), colour: t.colour, shape: t.shape, count })
        })
        .collect();
    scene.legend_link_types = typology
        .link_types
        .iter()
        .zip(link_counts)
        .filter_map(|(t, &count)| {
            (count > 0).then_some(())?;
            Some(LegendLinkType {
                id: t.id.clone(),
                name: t.name.clone(),
                colour: t.colour,
                style: t.style,
                directed: t.directed,
                count,
            })
        })
        .collect();
}

/// Lanes and hulls from the map's layout decoration, sized to what is shown; bounds grow to fit.
fn add_decor(scene: &mut Scene, map: &Map) {
    match &map.decor {
        Some(crate::model::Decor::Lanes { lanes }) => {
            let (min, max) = scene.bounds.unwrap_or(([0.0, 0.0], [0.0, 0.0]));
            let y = [min[1] - LANE_HEADER - 10.0, max[1] + 20.0];
            scene.lanes =
                lanes.iter().map(|l| LaneItem { label: l.label.clone(), x: [l.x, l.x + l.width], y }).collect();
            if let (Some(first), Some(last)) = (scene.lanes.first(), scene.lanes.last()) {
                let b = scene.bounds.get_or_insert((min, max));
                b.0 = [b.0[0].min(first.x[0]), y[0]];
                b.1 = [b.1[0].max(last.x[1]), y[1]];
            }
        }
        Some(crate::model::Decor::TypeHulls) => {
            // Markers by type in one pass (this runs on every frame of a drag).
            let mut by_type: FastMap<&TypeId, Vec<&NodeItem>> = FastMap::default();
            for n in &scene.nodes {
                if let Some(o) = map.org(&n.id) {
                    by_type.entry(&o.org_type).or_default().push(n);
                }
            }
            let hulls: Vec<HullItem> = map
                .typology()
                .org_types
                .iter()
                .filter_map(|ty| {
                    let members = by_type.get(&ty.id)?;
                    Some(HullItem {
                        label_size: HULL_TEXT * scene.text_scale(),
                        label: ty.name.clone(),
                        colour: ty.colour,
                        points: hull_around(members.iter().copied()),
                    })
                })
                .collect();
            scene.hulls.extend(hulls);
        }
        None => {}
    }
}

/// A hull around markers (and their labels), for type hulls and regions.
fn hull_around<'a>(nodes: impl Iterator<Item = &'a NodeItem>) -> Vec<MapPos> {
    let mut pts: Vec<MapPos> = Vec::new();
    for n in nodes {
        let r = n.radius + 18.0;
        for k in 0..8 {
            let a = std::f32::consts::TAU * k as f32 / 8.0;
            pts.push([n.center[0] + r * a.cos(), n.center[1] + r * a.sin()]);
        }
        if let Some((lmin, lmax)) = n.label_rect() {
            pts.extend([
                [lmin[0] - 6.0, lmin[1] - 6.0],
                [lmax[0] + 6.0, lmin[1] - 6.0],
                [lmin[0] - 6.0, lmax[1] + 6.0],
                [lmax[0] + 6.0, lmax[1] + 6.0],
            ]);
        }
    }
    convex_hull(pts)
}

/// Regions (hulls around their members) and sticky notes; bounds grow to include them.
fn add_regions_and_notes(scene: &mut Scene, map: &Map, show_notes: bool) {
    let k = scene.text_scale();
    for region in &map.regions {
        let members: HashSet<&OrgId> = region.members.iter().collect();
        let points = hull_around(scene.nodes.iter().filter(|n| members.contains(&n.id)));
        if !points.is_empty() {
            scene.hulls.push(HullItem {
                label: region.label.clone(),
                colour: region.colour,
                points,
                label_size: HULL_TEXT * k,
            });
        }
    }
    if show_notes {
        for note in &map.notes {
            let (text_size, width) = (NOTE_TEXT * k, NOTE_WIDTH * k);
            let lines = wrap_text(&note.text, text_size, width - 16.0 * k);
            let h = lines.len().max(1) as f32 * crate::fonts::line_height(text_size) + 16.0 * k;
            let min = note.position;
            scene.notes.push(NoteItem { min, max: [min[0] + width, min[1] + h], lines, text_size });
        }
    }
    let extra = scene
        .notes
        .iter()
        .flat_map(|n| [n.min, n.max])
        .chain(scene.hulls.iter().flat_map(|h| h.points.iter().copied()));
    for p in extra {
        let b = scene.bounds.get_or_insert((p, p));
        b.0 = [b.0[0].min(p[0]), b.0[1].min(p[1] - 24.0)];
        b.1 = [b.1[0].max(p[0]), b.1[1].max(p[1])];
    }
}

/// Convex hull (Andrew's monotone chain), counter-clockwise.
#[must_use]
pub fn convex_hull(mut pts: Vec<MapPos>) -> Vec<MapPos> {
    pts.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    pts.dedup();
    if pts.len() < 3 {
        return pts;
    }
    let cross = |o: MapPos, a: MapPos, b: MapPos| (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    let mut lower: Vec<MapPos> = Vec::new();
    for &p in &pts {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], p) <= 0.0 {
            lower.pop();
        }
        lower.push(p);
    }
    let mut upper: Vec<MapPos> = Vec::new();
    for &p in pts.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], p) <= 0.0 {
            upper.pop();
        }
        upper.push(p);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower
}

fn bounds_of(nodes: &[NodeItem]) -> Option<(MapPos, MapPos)> {
    let first = nodes.first()?;
    let mut min = first.center;
    let mut max = first.center;
    for n in nodes {
        let (lmin, lmax) = n.label_rect().unwrap_or((n.center, n.center));
        let r = n.radius * 1.4;
        min[0] = min[0].min(n.center[0] - r).min(lmin[0]);
        min[1] = min[1].min(n.center[1] - r).min(lmin[1]);
        max[0] = max[0].max(n.center[0] + r).max(lmax[0]);
        max[1] = max[1].max(n.center[1] + r).max(lmax[1]);
    }
    Some((min, max))
}

fn dist2(a: MapPos, b: MapPos) -> f32 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// Distance from `p` to the segment `a`–`b`.
#[must_use]
pub fn dist_to_segment(p: MapPos, a: MapPos, b: MapPos) -> f32 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 { (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
    dist2(p, [a[0] + t * dx, a[1] + t * dy]).sqrt()
}

impl Scene {
    /// Label size relative to the default: notes and region labels grow by it.
    fn text_scale(&self) -> f32 {
        if self.text_scale > 0.0 { self.text_scale } else { 1.0 }
    }

    /// Bounds, then the decoration and notes sized to them: the last steps of a build, redone
    /// when markers move.
    fn finish(&mut self, map: &Map) {
        self.lanes.clear();
        self.hulls.clear();
        self.notes.clear();
        self.bounds = bounds_of(&self.nodes);
        let choice = std::mem::take(&mut self.journey_choice);
        journeys::add(self, map, &choice);
        self.journey_choice = choice;
        add_decor(self, map);
        add_regions_and_notes(self, map, self.show_notes);
    }

    /// Updates the scene after organisations moved (and nothing else changed): their markers,
    /// their links, labels, bounds, hulls and lanes. The result is what [`build`] would make, except
    /// that on a map of more than [`FULL_REPLACE_NODES`] organisations where a few moved, labels
    /// are not placed again: the moved ones travel with their markers.
    pub fn move_nodes(&mut self, map: &Map, moved: &[OrgId]) {
        let mut is_moved = vec![false; self.nodes.len()];
        let mut count = 0;
        for id in moved {
            let (Some(&i), Some(org)) = (self.node_lookup.get(id), map.org(id)) else { continue };
            let n = &mut self.nodes[i];
            let d = [org.position[0] - n.center[0], org.position[1] - n.center[1]];
            // Until placed again, a label travels with its marker.
            if let Some(p) = &mut n.placed {
                p.rect = ([p.rect.0[0] + d[0], p.rect.0[1] + d[1]], [p.rect.1[0] + d[0], p.rect.1[1] + d[1]]);
                p.leader = p.leader.map(|l| l.map(|q| [q[0] + d[0], q[1] + d[1]]));
            }
            n.center = org.position;
            count += usize::from(!std::mem::replace(&mut is_moved[i], true));
        }
        for e in &mut self.edges {
            if is_moved[e.ends[0]] || is_moved[e.ends[1]] {
                (e.points, e.arrow) = edge_path(&self.nodes, e.ends, e.bend, e.arrow_len);
                e.bounds = points_bounds(e.points.iter().chain(e.arrow.iter().flatten()));
            }
        }
        self.index_nodes();
        // Placement is greedy by priority, so a move can change labels anywhere: place them all
        // again (linear, and the same as a rebuild). Dragging a few markers of a big map keeps
        // the other labels where they were (the canvas places what it shows itself; figures
        // build their own scene).
        if self.nodes.len() <= FULL_REPLACE_NODES || count * 4 > self.nodes.len() {
            self.place_labels();
        }
        self.finish(map);
    }

    /// Places every label at the scene's own size (for figures and bounds), in priority order:
    /// emphasised before faded, then most links first.
    fn place_labels(&mut self) {
        let order = labels::priority_order(&self.nodes, 0..self.nodes.len(), |_| false);
        let layout =
            labels::place(&self.nodes, &LabelRequest { order: &order, text_scale: 1.0, within: None, keep_out: &[] });
        for n in &mut self.nodes {
            n.placed = None;
        }
        self.labels_left_out = layout.left_out.len();
        for p in layout.placed {
            self.nodes[p.node].placed = Some(p);
        }
    }

    /// The marker of an organisation, if shown.
    #[must_use]
    pub fn node(&self, id: &OrgId) -> Option<&NodeItem> {
        self.node_lookup.get(id).map(|&i| &self.nodes[i])
    }

    /// Rebuilds the hit-testing grid after markers were added or moved.
    fn index_nodes(&mut self) {
        self.max_radius = self.nodes.iter().map(|n| n.radius).fold(0.0, f32::max);
        let centres: Vec<MapPos> = self.nodes.iter().map(|n| n.center).collect();
        self.grid = grid::Grid::new(&centres, (self.max_radius * 6.0).max(1.0));
    }

    /// The topmost organisation whose marker contains `pos` (with `slack` map units to spare).
    #[must_use]
    pub fn node_at(&self, pos: MapPos, slack: f32) -> Option<&NodeItem> {
        let reach = self.max_radius + slack.max(0.0);
        let mut best: Option<usize> = None;
        self.grid.for_each_in([pos[0] - reach, pos[1] - reach], [pos[0] + reach, pos[1] + reach], |i| {
            let n = &self.nodes[i];
            // Later markers are drawn on top.
            if dist2(n.center, pos) <= (n.radius + slack).powi(2) && best.is_none_or(|b| i > b) {
                best = Some(i);
            }
        });
        best.map(|i| &self.nodes[i])
    }

    /// The link whose line passes within `tolerance` map units of `pos`, nearest first.
    #[must_use]
    pub fn edge_at(&self, pos: MapPos, tolerance: f32) -> Option<&EdgeItem> {
        self.edges
            .iter()
            .filter_map(|e| {
                let d = e.points.windows(2).map(|w| dist_to_segment(pos, w[0], w[1])).fold(f32::INFINITY, f32::min);
                (d <= tolerance).then_some((d, e))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e)
    }

    /// Organisations whose centre lies in the rectangle spanned by `a` and `b`.
    #[must_use]
    pub fn nodes_in_rect(&self, a: MapPos, b: MapPos) -> Vec<OrgId> {
        let (x0, x1) = (a[0].min(b[0]), a[0].max(b[0]));
        let (y0, y1) = (a[1].min(b[1]), a[1].max(b[1]));
        let mut found = Vec::new();
        self.grid.for_each_in([x0, y0], [x1, y1], |i| {
            let n = &self.nodes[i];
            if (x0..=x1).contains(&n.center[0]) && (y0..=y1).contains(&n.center[1]) {
                found.push(i);
            }
        });
        // In the map's order, whatever the grid's.
        found.sort_unstable();
        found.into_iter().map(|i| self.nodes[i].id.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkRecord, Organisation};

    fn two_orgs() -> Map {
        let mut map = Map::new();
        for (id, x) in [("o1", 0.0), ("o2", 200.0)] {
            map.insert_organisation(Organisation::new(OrgId::new(id), id, TypeId::new("helpline"), [x, 0.0])).unwrap();
        }
        map
    }

    #[test]
    fn parallel_links_curve_apart_and_directed_ones_get_arrows() {
        let mut map = two_orgs();
        for (id, ty) in [("l1", "referral"), ("l2", "partnership")] {
            map.insert_link(LinkRecord::new(LinkId::new(id), OrgId::new("o1"), OrgId::new("o2"), TypeId::new(ty)))
                .unwrap();
        }
        let scene = build(&map, &SceneOptions::default());
        assert_eq!(scene.edges.len(), 2);
        let mid = |e: &EdgeItem| e.points[e.points.len() / 2];
        assert!((mid(&scene.edges[0])[1] - mid(&scene.edges[1])[1]).abs() > 10.0, "curves apart");
        assert!(scene.edges[0].arrow.is_some());
        assert!(scene.edges[1].arrow.is_none());
        // Lines start at the marker's rim, not its centre.
        assert!(scene.edges[0].points[0][0] > 14.0);
        assert_eq!(scene.legend_link_types.len(), 2);
        assert_eq!(scene.legend_org_types[0].count, 2);
    }

    #[test]
    fn hit_tests_find_nodes_edges_and_boxes() {
        let mut map = two_orgs();
        map.insert_link(LinkRecord::new(
            LinkId::new("l1"),
            OrgId::new("o1"),
            OrgId::new("o2"),
            TypeId::new("referral"),
        ))
        .unwrap();
        let scene = build(&map, &SceneOptions::default());
        assert_eq!(scene.node_at([5.0, 5.0], 0.0).map(|n| n.id.as_str()), Some("o1"));
        assert!(scene.node_at([100.0, 0.0], 0.0).is_none());
        assert_eq!(scene.edge_at([100.0, 3.0], 5.0).map(|e| e.id.as_str()), Some("l1"));
        assert_eq!(scene.nodes_in_rect([-10.0, -10.0], [50.0, 50.0]), vec![OrgId::new("o1")]);
    }

    #[test]
    fn filters_hide_organisations_and_their_links() {
        let mut map = two_orgs();
        map.insert_link(LinkRecord::new(
            LinkId::new("l1"),
            OrgId::new("o1"),
            OrgId::new("o2"),
            TypeId::new("referral"),
        ))
        .unwrap();
        let mut o2 = map.org(&OrgId::new("o2")).unwrap().clone();
        o2.sensitive = true;
        map.replace_organisation(o2).unwrap();
        let options =
            SceneOptions { filter: Filter { hide_sensitive: true, ..Filter::default() }, ..SceneOptions::default() };
        let scene = build(&map, &options);
        assert_eq!(scene.nodes.len(), 1);
        assert!(scene.edges.is_empty());
    }

    #[test]
    fn the_changed_by_filter_shows_what_one_person_changed_last() {
        let mut map = two_orgs();
        map.insert_organisation(Organisation::new(OrgId::new("o3"), "C", TypeId::new("helpline"), [9.0, 9.0])).unwrap();
        let sam = crate::model::Provenance::new("Sam", chrono::DateTime::UNIX_EPOCH);
        let ana = crate::model::Provenance::new("Ana", chrono::DateTime::UNIX_EPOCH);
        for (id, who) in [("o1", &sam), ("o2", &sam), ("o3", &ana)] {
            let mut o = map.org(&OrgId::new(id)).unwrap().clone();
            o.changed = Some(who.clone());
            map.replace_organisation(o).unwrap();
        }
        for (id, to, who) in [("l1", "o2", Some(&sam)), ("l2", "o2", None), ("l3", "o3", Some(&sam))] {
            let mut l = LinkRecord::new(LinkId::new(id), OrgId::new("o1"), OrgId::new(to), TypeId::new("referral"));
            l.changed = who.cloned();
            map.insert_link(l).unwrap();
        }
        let filter = Filter { changed_by: vec!["Sam".into()], ..Filter::default() };
        let scene = build(&map, &SceneOptions { filter, ..SceneOptions::default() });
        let ids = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(scene.nodes.iter().map(|n| n.id.to_string()).collect::<Vec<_>>(), ids(vec!["o1", "o2"]));
        // l2 is not Sam's; l3 is, but ends at Ana's organisation, which is hidden.
        assert_eq!(scene.edges.iter().map(|e| e.id.to_string()).collect::<Vec<_>>(), ids(vec!["l1"]));
    }

    #[test]
    fn moving_markers_updates_the_scene_as_a_rebuild_would() {
        let mut map = crate::generate::generate_map(300, 3);
        let options = SceneOptions::default();
        let mut scene = build(&map, &options);
        let ids: Vec<OrgId> = map.organisations_sorted().iter().take(3).map(|o| o.id.clone()).collect();
        for (k, id) in ids.iter().enumerate() {
            map.set_position(id, [4000.0 + k as f32 * 30.0, -500.0]).unwrap();
        }
        scene.move_nodes(&map, &ids);
        let fresh = build(&map, &options);
        assert_eq!(scene.nodes, fresh.nodes, "markers and label sides");
        assert_eq!(scene.edges, fresh.edges, "link paths");
        assert_eq!(scene.bounds, fresh.bounds);
        assert_eq!(scene.node_at([4030.0, -500.0], 0.0).map(|n| &n.id), Some(&ids[1]));
        assert_eq!(scene.nodes_in_rect([3990.0, -510.0], [4070.0, -490.0]), ids);
        // Everything moved (an animated layout step): the same as a rebuild.
        let all: Vec<OrgId> = map.organisations_sorted().iter().map(|o| o.id.clone()).collect();
        for (k, id) in all.iter().enumerate() {
            map.set_position(id, [k as f32 * 7.0, (k % 13) as f32 * 40.0]).unwrap();
        }
        scene.move_nodes(&map, &all);
        let fresh = build(&map, &options);
        assert_eq!(scene.nodes, fresh.nodes);
        assert_eq!(scene.edges, fresh.edges);
    }

    #[test]
    fn type_hulls_surround_each_type_in_use_and_follow_moves() {
        let mut map = crate::example_map().unwrap();
        map.decor = Some(crate::model::Decor::TypeHulls);
        let inside = |scene: &Scene, map: &Map| {
            scene.legend_org_types.iter().all(|t| {
                let hull = scene.hulls.iter().find(|h| h.label == t.name).expect("a hull per type in use");
                let (min, max) = points_bounds(&hull.points);
                map.members_of(&t.id)
                    .all(|o| (min[0]..=max[0]).contains(&o.position[0]) && (min[1]..=max[1]).contains(&o.position[1]))
            })
        };
        let mut scene = build(&map, &SceneOptions::default());
        assert_eq!(scene.hulls.len(), scene.legend_org_types.len());
        assert!(inside(&scene, &map));
        let id = OrgId::new("o1");
        map.set_position(&id, [5000.0, 5000.0]).unwrap();
        scene.move_nodes(&map, std::slice::from_ref(&id));
        assert!(inside(&scene, &map));
        assert_eq!(scene.hulls, build(&map, &SceneOptions::default()).hulls);
    }
}
