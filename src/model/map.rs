//! The map: metadata, typology, the organisation/link graph and saved views. Every change goes
//! through the checked methods here, so the invariants hold in one place:
//! ids are unique, every organisation's and link's type is in the typology, every field value
//! names a field of the typology that applies to it and fits that field's kind and options.

use super::ids::{FieldId, JourneyId, LinkId, OrgId, StepId, TypeId, natural_cmp, numeric_suffix};
use super::journey::Journey;
use super::provenance::Provenance;
use super::typology::{AppliesTo, FieldValue, Typology, check_value};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field values keyed by field id; a `BTreeMap` so files list them in a stable order.
pub type FieldValues = BTreeMap<FieldId, FieldValue>;

/// A position in map coordinates (not screen pixels).
pub type MapPos = [f32; 2];

// Empty notes, tags and field lists are left out of files (and read back empty): shorter files,
// faster saves and loads, and diffs that show only what was filled in. The yes/no flags
// (pinned, sensitive) are always written, so a reader sees them stated.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference to the field
fn no_fields(f: &&FieldValues) -> bool {
    f.is_empty()
}

/// One organisation (a node).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Stable id, unique in the map.
    pub id: OrgId,
    /// Display name.
    pub name: String,
    /// Its organisation type.
    #[serde(rename = "type")]
    pub org_type: TypeId,
    /// Centre of its marker, in map coordinates.
    #[serde(default)]
    pub position: MapPos,
    /// Pinned organisations are never moved by automatic layouts.
    #[serde(default)]
    pub pinned: bool,
    /// Values of the typology's organisation fields.
    #[serde(default, skip_serializing_if = "FieldValues::is_empty")]
    pub fields: FieldValues,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Free notes (dropped by redacted exports).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Sensitive organisations get pseudonyms in redacted exports.
    #[serde(default)]
    pub sensitive: bool,
    /// Who last changed it and when (`None`: no author was set, or made before stamps existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Provenance>,
}

impl Organisation {
    /// A new organisation with no fields, tags or notes.
    #[must_use]
    pub fn new(id: OrgId, name: impl Into<String>, org_type: TypeId, position: MapPos) -> Self {
        Self {
            id,
            name: name.into(),
            org_type,
            position,
            pinned: false,
            fields: FieldValues::new(),
            tags: Vec::new(),
            notes: String::new(),
            sensitive: false,
            changed: None,
        }
    }
}

/// The data a link carries in the graph; its endpoints are the graph edge's.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Stable id, unique in the map.
    pub id: LinkId,
    /// Its link type.
    pub link_type: TypeId,
    /// Values of the typology's link fields.
    pub fields: FieldValues,
    /// Free notes.
    pub notes: String,
    /// Who last changed it and when.
    pub changed: Option<Provenance>,
}

/// A link with its endpoints named by id: the form in files, edits and the clipboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRecord {
    /// Stable id, unique in the map.
    pub id: LinkId,
    /// Source organisation (for undirected types, just the first end).
    pub from: OrgId,
    /// Target organisation.
    pub to: OrgId,
    /// Its link type.
    #[serde(rename = "type")]
    pub link_type: TypeId,
    /// Values of the typology's link fields.
    #[serde(default, skip_serializing_if = "FieldValues::is_empty")]
    pub fields: FieldValues,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Who last changed it and when (`None`: no author was set, or made before stamps existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Provenance>,
}

impl LinkRecord {
    /// A new link with no fields or notes.
    #[must_use]
    pub fn new(id: LinkId, from: OrgId, to: OrgId, link_type: TypeId) -> Self {
        Self { id, from, to, link_type, fields: FieldValues::new(), notes: String::new(), changed: None }
    }

    fn into_parts(self) -> (OrgId, OrgId, Link) {
        let link = Link {
            id: self.id,
            link_type: self.link_type,
            fields: self.fields,
            notes: self.notes,
            changed: self.changed,
        };
        (self.from, self.to, link)
    }
}

/// A link with its endpoints, borrowed from the map. Serialises exactly like [`LinkRecord`].
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LinkRef<'a> {
    /// Stable id.
    pub id: &'a LinkId,
    /// Source organisation.
    pub from: &'a OrgId,
    /// Target organisation.
    pub to: &'a OrgId,
    /// Link type.
    #[serde(rename = "type")]
    pub link_type: &'a TypeId,
    /// Field values.
    #[serde(skip_serializing_if = "no_fields")]
    pub fields: &'a FieldValues,
    /// Notes.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub notes: &'a str,
    /// Who last changed it and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<&'a Provenance>,
}

impl LinkRef<'_> {
    /// An owned copy.
    #[must_use]
    pub fn to_record(self) -> LinkRecord {
        LinkRecord {
            id: self.id.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            link_type: self.link_type.clone(),
            fields: self.fields.clone(),
            notes: self.notes.to_owned(),
            changed: self.changed.cloned(),
        }
    }
}

/// Title and description of a map.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    /// The map's name, shown in the window title and figure titles.
    pub title: String,
    /// A longer description.
    pub description: String,
}

/// Which organisations and links a view shows. Empty lists mean "no restriction". Ids that are no
/// longer in the typology simply match nothing, so typology edits never invalidate a view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Organisation types shown (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub org_types: Vec<TypeId>,
    /// Link types shown (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub link_types: Vec<TypeId>,
    /// Only organisations with at least one of these tags (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Only organisations whose choice field has one of the listed values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<FieldId, Vec<String>>,
    /// Hide organisations flagged sensitive.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_sensitive: bool,
    /// Only organisations and links last changed by one of these people (their
    /// [`Provenance::by`]; empty: all). Links are shown only between organisations shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed_by: Vec<String>,
}

impl Filter {
    /// Whether an item with this stamp passes the filter's "changed by" part.
    #[must_use]
    pub fn passes_changed_by(&self, changed: Option<&Provenance>) -> bool {
        self.changed_by.is_empty() || changed.is_some_and(|c| self.changed_by.contains(&c.by))
    }
}

/// The visible part of the map: the map point at the centre and the zoom (screen px per map unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Viewport {
    /// Map point at the centre of the canvas.
    pub center: MapPos,
    /// Screen points per map unit: finite and above zero (a file with 0 or less is refused, as
    /// the canvas would divide by it).
    #[serde(deserialize_with = "positive_f32")]
    pub zoom: f32,
}

/// A named, saved way of looking at the map: filter, viewport and caption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// Name shown in menus and slide lists.
    pub name: String,
    /// Caption shown under the figure or on the slide.
    #[serde(default)]
    pub caption: String,
    /// What is shown.
    #[serde(default)]
    pub filter: Filter,
    /// What part of the map is shown (none: the whole map).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewport: Option<Viewport>,
    /// In presentation, reveal organisations one type at a time before moving on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reveal: bool,
    /// Hide sticky notes in this view.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_notes: bool,
    /// Show the map at this moment: organisations closed then are faded ("Sun 02:00").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_at: Option<crate::hours::Moment>,
    /// Show a chart instead of the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<ViewChart>,
    /// Journeys drawn over the map in this view, by id (ids of journeys since deleted are
    /// ignored). In presentation, a view showing one journey steps through it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journeys: Vec<JourneyId>,
}

/// A chart a view can show instead of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewChart {
    /// The week chart: how many organisations are open in each hour of the week, and the gaps.
    Week,
}

/// A sticky note on the canvas: free text from a workshop, placed on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StickyNote {
    /// Stable id ("n3").
    pub id: String,
    /// The note's text.
    pub text: String,
    /// Top-left corner, map units.
    pub position: MapPos,
    /// Who last changed its text and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Provenance>,
}

/// A labelled region: a shaded hull around chosen organisations (e.g. "North locality").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Label drawn with the region.
    pub label: String,
    /// Its colour (drawn faint).
    pub colour: super::typology::Colour,
    /// The organisations inside it (ids of ones since deleted are ignored).
    pub members: Vec<OrgId>,
    /// Who last changed it and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Provenance>,
}

/// A column of the lanes layout: crisis as a process over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    /// Header text (a crisis stage).
    pub label: String,
    /// Left edge, map units.
    #[serde(deserialize_with = "finite_f32")]
    pub x: f32,
    /// Width, map units.
    #[serde(deserialize_with = "finite_f32")]
    pub width: f32,
}

/// Reads a number that must be a finite `f32`. Lanes sit inside [`Decor`], an internally tagged
/// enum, which serde buffers as `f64` and casts without a range check: `1e308` became infinity,
/// which loaded but was saved as `null`, a file that no longer opened.
fn finite_f32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    let wide = f64::deserialize(d)?;
    #[allow(clippy::cast_possible_truncation)] // out of range becomes infinite, refused below
    let narrow = wide as f32;
    if narrow.is_finite() {
        Ok(narrow)
    } else {
        Err(serde::de::Error::custom(format!("{wide:e} is not a number a map can hold (beyond ±3.4e38)")))
    }
}

/// Reads a zoom: a finite `f32` above zero.
fn positive_f32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    let zoom = finite_f32(d)?;
    if zoom > 0.0 { Ok(zoom) } else { Err(serde::de::Error::custom(format!("zoom {zoom} is not above zero"))) }
}

/// Decoration an automatic layout leaves behind the map: lane headers or shaded type hulls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Decor {
    /// Columns with headers.
    Lanes {
        /// The columns, left to right.
        lanes: Vec<Lane>,
    },
    /// A shaded hull with a label around each organisation type.
    TypeHulls,
}

/// A broken invariant: why a map (or an edit of it) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// Two organisations share an id.
    #[error("two organisations have the id '{0}'")]
    DuplicateOrg(OrgId),
    /// Two links share an id.
    #[error("two links have the id '{0}'")]
    DuplicateLink(LinkId),
    /// An id is empty.
    #[error("an {0} has an empty id")]
    EmptyId(&'static str),
    /// No such organisation.
    #[error("there is no organisation {0}")]
    NoSuchOrg(OrgId),
    /// No such link.
    #[error("there is no link {0}")]
    NoSuchLink(LinkId),
    /// A link's endpoint does not exist.
    #[error("link {link} points to organisation {org}, which does not exist")]
    DanglingLink {
        /// The link.
        link: LinkId,
        /// The missing organisation.
        org: OrgId,
    },
    /// An organisation's type is not in the typology.
    #[error("organisation {org} has type '{org_type}', which is not in the typology")]
    UnknownOrgType {
        /// The organisation.
        org: OrgId,
        /// Its unknown type.
        org_type: TypeId,
    },
    /// A link's type is not in the typology.
    #[error("link {link} has type '{link_type}', which is not in the typology")]
    UnknownLinkType {
        /// The link.
        link: LinkId,
        /// Its unknown type.
        link_type: TypeId,
    },
    /// A value for a field the typology does not have (for this kind of item).
    #[error("{owner} has a value for field '{field}', which is not in the typology{hint}")]
    UnknownField {
        /// "organisation o3" or "link l2".
        owner: String,
        /// The field id.
        field: FieldId,
        /// Extra explanation, e.g. that the field applies to links.
        hint: String,
    },
    /// A value that does not fit its field.
    #[error("{owner} field '{field}': {problem}")]
    BadValue {
        /// "organisation o3" or "link l2".
        owner: String,
        /// The field id.
        field: FieldId,
        /// What is wrong.
        problem: String,
    },
    /// The typology itself is inconsistent.
    #[error("typology: {0}")]
    Typology(String),
    /// A link from an organisation to itself.
    #[error("link {0} joins an organisation to itself")]
    SelfLink(LinkId),
    /// A position that is not a finite number.
    #[error("organisation {0} has a position that is not a finite number")]
    BadPosition(OrgId),
    /// No such journey.
    #[error("there is no journey {0}")]
    NoSuchJourney(JourneyId),
    /// No such step in a journey.
    #[error("journey {journey} has no step {step}")]
    NoSuchStep {
        /// The journey.
        journey: JourneyId,
        /// The missing step.
        step: StepId,
    },
    /// Two journeys share an id.
    #[error("two journeys have the id '{0}'")]
    DuplicateJourney(JourneyId),
    /// Two steps of one journey share an id.
    #[error("journey {journey} has two steps with the id '{step}'")]
    DuplicateStep {
        /// The journey.
        journey: JourneyId,
        /// The repeated step id.
        step: StepId,
    },
    /// A journey step names an organisation the map does not have.
    #[error("journey {journey} step {step} is at organisation {org}, which does not exist")]
    DanglingStep {
        /// The journey.
        journey: JourneyId,
        /// The step.
        step: StepId,
        /// The missing organisation.
        org: OrgId,
    },
}

/// Hash lookups into the typology, so checking 20,000 organisations does not scan lists.
#[derive(Debug, Clone, Default)]
struct TypologyIndex {
    org_types: foldhash::HashSet<TypeId>,
    link_types: foldhash::HashSet<TypeId>,
    fields: foldhash::HashMap<FieldId, usize>,
}

impl TypologyIndex {
    fn of(t: &Typology) -> Self {
        Self {
            org_types: t.org_types.iter().map(|o| o.id.clone()).collect(),
            link_types: t.link_types.iter().map(|o| o.id.clone()).collect(),
            fields: t.fields.iter().enumerate().map(|(i, f)| (f.id.clone(), i)).collect(),
        }
    }
}

/// A whole map. Fields that carry invariants are private; change them through the methods.
#[derive(Clone)]
pub struct Map {
    /// Title and description (free text, no invariants).
    pub meta: Meta,
    typology: Typology,
    index: TypologyIndex,
    graph: StableGraph<Organisation, Link>,
    org_index: foldhash::HashMap<OrgId, NodeIndex>,
    link_index: foldhash::HashMap<LinkId, EdgeIndex>,
    /// Saved views, in slide order (no invariants: stale ids match nothing).
    pub views: Vec<View>,
    /// Lane headers or type hulls from the last layout that made them.
    pub decor: Option<Decor>,
    /// Sticky notes.
    pub notes: Vec<StickyNote>,
    /// Labelled regions.
    pub regions: Vec<Region>,
    /// Journeys through the map; every step names an organisation of the map.
    journeys: Vec<super::journey::Journey>,
    next_org: u64,
    next_link: u64,
    sorted: SortCache,
}

/// Graph indices in id order (natural sort), computed when first asked for after the set of
/// organisations or links changed. Moving or editing records keeps it; drawing, saving and
/// exporting a big map then skip a sort of tens of thousands of ids.
#[derive(Clone, Default)]
struct SortCache(std::sync::OnceLock<std::sync::Arc<SortedIndices>>);

#[derive(Debug)]
struct SortedIndices {
    orgs: Vec<NodeIndex>,
    links: Vec<EdgeIndex>,
}

impl std::fmt::Debug for Map {
    /// A summary: a whole map in a failed assertion would be thousands of lines.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Map")
            .field("title", &self.meta.title)
            .field("organisations", &self.org_count())
            .field("links", &self.link_count())
            .field("org_types", &self.typology.org_types.len())
            .field("views", &self.views.len())
            .finish_non_exhaustive()
    }
}

impl Default for Map {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for Map {
    /// Two maps are equal when they hold the same content, whatever their internal indices.
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta
            && self.typology == other.typology
            && self.views == other.views
            && self.decor == other.decor
            && self.notes == other.notes
            && self.regions == other.regions
            && self.journeys == other.journeys
            && self.org_count() == other.org_count()
            && self.link_count() == other.link_count()
            && self.organisations().all(|o| other.org(&o.id) == Some(o))
            && self.link_records().iter().all(|l| other.link_record(&l.id).as_ref() == Some(l))
    }
}

impl Map {
    /// An empty map with the default crisis-support typology.
    #[must_use]
    pub fn new() -> Self {
        Self::with_typology(super::default_typology::default_typology())
    }

    /// An empty map with the given typology.
    #[must_use]
    pub fn with_typology(typology: Typology) -> Self {
        Self {
            meta: Meta { title: "Untitled map".to_owned(), description: String::new() },
            index: TypologyIndex::of(&typology),
            typology,
            graph: StableGraph::new(),
            org_index: foldhash::HashMap::default(),
            link_index: foldhash::HashMap::default(),
            views: Vec::new(),
            decor: None,
            notes: Vec::new(),
            regions: Vec::new(),
            journeys: Vec::new(),
            next_org: 1,
            next_link: 1,
            sorted: SortCache::default(),
        }
    }

    /// Builds a map from its parts, checking every invariant; the first problem is returned and
    /// nothing half-built escapes.
    pub fn from_parts(
        meta: Meta,
        typology: Typology,
        organisations: Vec<Organisation>,
        links: Vec<LinkRecord>,
        views: Vec<View>,
    ) -> Result<Self, ModelError> {
        typology.check().map_err(ModelError::Typology)?;
        let mut map = Self::with_typology(typology);
        map.meta = meta;
        map.views = views;
        map.graph.reserve_nodes(organisations.len());
        map.graph.reserve_edges(links.len());
        map.org_index.reserve(organisations.len());
        map.link_index.reserve(links.len());
        for org in organisations {
            map.insert_organisation(org)?;
        }
        for link in links {
            map.insert_link(link)?;
        }
        Ok(map)
    }

    /// The typology.
    #[must_use]
    pub fn typology(&self) -> &Typology {
        &self.typology
    }

    /// The graph, for analysis and drawing. Read-only: edits go through the map.
    #[must_use]
    pub fn graph(&self) -> &StableGraph<Organisation, Link> {
        &self.graph
    }

    /// Number of organisations.
    #[must_use]
    pub fn org_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of links.
    #[must_use]
    pub fn link_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The organisation with this id.
    #[must_use]
    pub fn org(&self, id: &OrgId) -> Option<&Organisation> {
        self.org_index.get(id).and_then(|&ix| self.graph.node_weight(ix))
    }

    /// Whether an organisation has this id.
    #[must_use]
    pub fn has_org(&self, id: &str) -> bool {
        self.org_index.contains_key(id)
    }

    /// The graph index of an organisation.
    #[must_use]
    pub fn node_index(&self, id: &OrgId) -> Option<NodeIndex> {
        self.org_index.get(id).copied()
    }

    /// The graph index of a link.
    #[must_use]
    pub fn edge_index(&self, id: &LinkId) -> Option<EdgeIndex> {
        self.link_index.get(id).copied()
    }

    /// Whether a link has this id.
    #[must_use]
    pub fn has_link(&self, id: &str) -> bool {
        self.link_index.contains_key(id)
    }

    /// All organisations in graph order (fast; not stable across edits).
    pub fn organisations(&self) -> impl Iterator<Item = &Organisation> {
        self.graph.node_weights()
    }

    /// All organisations in natural id order: the stable order of files.
    #[must_use]
    pub fn organisations_sorted(&self) -> Vec<&Organisation> {
        self.sorted().orgs.iter().map(|&ix| &self.graph[ix]).collect()
    }

    /// Graph indices of the organisations, in id order (as [`Map::organisations_sorted`]).
    #[must_use]
    pub fn sorted_node_indices(&self) -> &[NodeIndex] {
        &self.sorted().orgs
    }

    /// Graph indices of the links, in id order (as [`Map::links_sorted`]).
    #[must_use]
    pub fn sorted_edge_indices(&self) -> &[EdgeIndex] {
        &self.sorted().links
    }

    fn sorted(&self) -> &SortedIndices {
        self.sorted.0.get_or_init(|| {
            let mut orgs: Vec<(&str, NodeIndex)> =
                self.graph.node_indices().map(|ix| (self.graph[ix].id.as_str(), ix)).collect();
            super::ids::sort_by_natural_id(&mut orgs, |o| o.0);
            let mut links: Vec<(&str, EdgeIndex)> =
                self.graph.edge_indices().map(|ix| (self.graph[ix].id.as_str(), ix)).collect();
            super::ids::sort_by_natural_id(&mut links, |l| l.0);
            std::sync::Arc::new(SortedIndices {
                orgs: orgs.into_iter().map(|o| o.1).collect(),
                links: links.into_iter().map(|l| l.1).collect(),
            })
        })
    }

    /// Forgets the id order after organisations or links were added or removed.
    fn unsort(&mut self) {
        self.sorted = SortCache::default();
    }

    /// The link with this id, with its endpoints.
    #[must_use]
    pub fn link_record(&self, id: &LinkId) -> Option<LinkRecord> {
        let ix = self.edge_index(id)?;
        self.record_of(ix)
    }

    fn record_of(&self, ix: EdgeIndex) -> Option<LinkRecord> {
        let (a, b) = self.graph.edge_endpoints(ix)?;
        let link = self.graph.edge_weight(ix)?;
        Some(LinkRecord {
            id: link.id.clone(),
            from: self.graph[a].id.clone(),
            to: self.graph[b].id.clone(),
            link_type: link.link_type.clone(),
            fields: link.fields.clone(),
            notes: link.notes.clone(),
            changed: link.changed.clone(),
        })
    }

    /// All links with endpoints, in natural id order: the stable order of files.
    #[must_use]
    pub fn link_records(&self) -> Vec<LinkRecord> {
        self.links_sorted().into_iter().map(LinkRef::to_record).collect()
    }

    /// All links with endpoints, borrowed (nothing copied), in natural id order.
    #[must_use]
    pub fn links_sorted(&self) -> Vec<LinkRef<'_>> {
        self.sorted()
            .links
            .iter()
            .filter_map(|&ix| {
                let (a, b) = self.graph.edge_endpoints(ix)?;
                let l = &self.graph[ix];
                Some(LinkRef {
                    id: &l.id,
                    from: &self.graph[a].id,
                    to: &self.graph[b].id,
                    link_type: &l.link_type,
                    fields: &l.fields,
                    notes: &l.notes,
                    changed: l.changed.as_ref(),
                })
            })
            .collect()
    }

    /// Links touching an organisation (either direction), in natural id order.
    #[must_use]
    pub fn links_of(&self, id: &OrgId) -> Vec<LinkRecord> {
        let Some(ix) = self.node_index(id) else { return Vec::new() };
        let mut out: Vec<LinkRecord> = self
            .graph
            .edges_directed(ix, petgraph::Direction::Outgoing)
            .chain(self.graph.edges_directed(ix, petgraph::Direction::Incoming))
            .filter_map(|e| self.record_of(e.id()))
            .collect();
        out.sort_by(|a, b| natural_cmp(a.id.as_str(), b.id.as_str()));
        out
    }

    /// The next unused organisation id ("o42").
    #[must_use]
    pub fn next_org_id(&self) -> OrgId {
        let mut n = self.next_org;
        loop {
            let id = OrgId(format!("o{n}"));
            if !self.org_index.contains_key(&id) {
                return id;
            }
            n += 1;
        }
    }

    /// The next unused link id ("l42").
    #[must_use]
    pub fn next_link_id(&self) -> LinkId {
        let mut n = self.next_link;
        loop {
            let id = LinkId(format!("l{n}"));
            if !self.link_index.contains_key(&id) {
                return id;
            }
            n += 1;
        }
    }

    /// `count` unused organisation ids, in order.
    #[must_use]
    pub fn next_org_ids(&self, count: usize) -> Vec<OrgId> {
        self.fresh_org_ids().take(count).collect()
    }

    /// Unused organisation ids, made as they are asked for (`o<n>` counting on from the highest
    /// number used).
    pub fn fresh_org_ids(&self) -> impl Iterator<Item = OrgId> + '_ {
        (self.next_org..).map(|n| OrgId(format!("o{n}"))).filter(|id| !self.org_index.contains_key(id))
    }

    /// Unused link ids, made as they are asked for (see [`Map::fresh_org_ids`]).
    pub fn fresh_link_ids(&self) -> impl Iterator<Item = LinkId> + '_ {
        (self.next_link..).map(|n| LinkId(format!("l{n}"))).filter(|id| !self.link_index.contains_key(id))
    }

    /// `count` unused link ids, in order.
    #[must_use]
    pub fn next_link_ids(&self, count: usize) -> Vec<LinkId> {
        self.fresh_link_ids().take(count).collect()
    }

    fn check_fields(
        &self,
        owner: impl Fn() -> String,
        applies_to: AppliesTo,
        fields: &FieldValues,
    ) -> Result<(), ModelError> {
        for (field, value) in fields {
            let def =
                self.index.fields.get(field).map(|&i| &self.typology.fields[i]).filter(|d| d.applies_to == applies_to);
            let Some(def) = def else {
                let hint = match self.typology.field(field) {
                    Some(_) if applies_to == AppliesTo::Organisations => " for organisations (it applies to links)",
                    Some(_) => " for links (it applies to organisations)",
                    None => "",
                };
                return Err(ModelError::UnknownField { owner: owner(), field: field.clone(), hint: hint.to_owned() });
            };
            check_value(def, value).map_err(|problem| ModelError::BadValue {
                owner: owner(),
                field: field.clone(),
                problem,
            })?;
        }
        Ok(())
    }

    /// Checks an organisation against the typology (not its id's uniqueness).
    pub fn check_organisation(&self, org: &Organisation) -> Result<(), ModelError> {
        if org.id.as_str().is_empty() {
            return Err(ModelError::EmptyId("organisation"));
        }
        if !org.position.iter().all(|c| c.is_finite()) {
            return Err(ModelError::BadPosition(org.id.clone()));
        }
        if !self.index.org_types.contains(&org.org_type) {
            return Err(ModelError::UnknownOrgType { org: org.id.clone(), org_type: org.org_type.clone() });
        }
        self.check_fields(|| format!("organisation {}", org.id), AppliesTo::Organisations, &org.fields)
    }

    /// Checks a link against the typology and the organisations (not its id's uniqueness).
    pub fn check_link(&self, link: &LinkRecord) -> Result<(), ModelError> {
        if link.id.as_str().is_empty() {
            return Err(ModelError::EmptyId("link"));
        }
        for end in [&link.from, &link.to] {
            if !self.org_index.contains_key(end) {
                return Err(ModelError::DanglingLink { link: link.id.clone(), org: end.clone() });
            }
        }
        if link.from == link.to {
            return Err(ModelError::SelfLink(link.id.clone()));
        }
        if !self.index.link_types.contains(&link.link_type) {
            return Err(ModelError::UnknownLinkType { link: link.id.clone(), link_type: link.link_type.clone() });
        }
        self.check_fields(|| format!("link {}", link.id), AppliesTo::Links, &link.fields)
    }

    /// Adds an organisation.
    pub fn insert_organisation(&mut self, org: Organisation) -> Result<(), ModelError> {
        self.add_organisation(org).map(drop)
    }

    /// Adds an organisation and returns its graph index (for adding many links to it after).
    pub fn add_organisation(&mut self, org: Organisation) -> Result<NodeIndex, ModelError> {
        self.check_organisation(&org)?;
        if self.org_index.contains_key(&org.id) {
            return Err(ModelError::DuplicateOrg(org.id));
        }
        if let Some(n) = numeric_suffix(org.id.as_str(), b'o') {
            self.next_org = self.next_org.max(n.saturating_add(1));
        }
        let ix = self.graph.add_node(org);
        self.org_index.insert(self.graph[ix].id.clone(), ix);
        self.unsort();
        Ok(ix)
    }

    /// Replaces an organisation's record (same id) and returns the old one.
    pub fn replace_organisation(&mut self, org: Organisation) -> Result<Organisation, ModelError> {
        let ix = self.node_index(&org.id).ok_or_else(|| ModelError::NoSuchOrg(org.id.clone()))?;
        self.check_organisation(&org)?;
        Ok(std::mem::replace(&mut self.graph[ix], org))
    }

    /// Moves an organisation; returns its old position.
    pub fn set_position(&mut self, id: &OrgId, position: MapPos) -> Result<MapPos, ModelError> {
        let ix = self.node_index(id).ok_or_else(|| ModelError::NoSuchOrg(id.clone()))?;
        if !position.iter().all(|c| c.is_finite()) {
            return Err(ModelError::BadPosition(id.clone()));
        }
        Ok(std::mem::replace(&mut self.graph[ix].position, position))
    }

    /// Removes an organisation and its links, and drops the journey steps at it; returns the
    /// organisation and links so the removal can be undone (a caller that undoes must also keep
    /// [`Map::journeys`] from before, as [`crate::edit::apply`] does).
    pub fn remove_organisation(&mut self, id: &OrgId) -> Result<(Organisation, Vec<LinkRecord>), ModelError> {
        let links = self.links_of(id);
        let ix = self.node_index(id).ok_or_else(|| ModelError::NoSuchOrg(id.clone()))?;
        for l in &links {
            self.link_index.remove(&l.id);
        }
        self.org_index.remove(id);
        let org = self.graph.remove_node(ix).ok_or_else(|| ModelError::NoSuchOrg(id.clone()))?;
        for journey in &mut self.journeys {
            journey.steps.retain(|s| &s.org != id);
        }
        self.unsort();
        Ok((org, links))
    }

    /// The journeys, in the order the user keeps them.
    #[must_use]
    pub fn journeys(&self) -> &[Journey] {
        &self.journeys
    }

    /// The journey with this id.
    #[must_use]
    pub fn journey(&self, id: &JourneyId) -> Option<&Journey> {
        self.journeys.iter().find(|j| &j.id == id)
    }

    /// Checks journeys against the map: ids present and unique, step ids unique within each
    /// journey, every step at an organisation of the map.
    pub fn check_journeys(&self, journeys: &[Journey]) -> Result<(), ModelError> {
        let mut ids = std::collections::HashSet::new();
        for j in journeys {
            if j.id.as_str().is_empty() {
                return Err(ModelError::EmptyId("journey"));
            }
            if !ids.insert(&j.id) {
                return Err(ModelError::DuplicateJourney(j.id.clone()));
            }
            let mut steps = std::collections::HashSet::new();
            for step in &j.steps {
                if step.id.as_str().is_empty() {
                    return Err(ModelError::EmptyId("journey step"));
                }
                if !steps.insert(&step.id) {
                    return Err(ModelError::DuplicateStep { journey: j.id.clone(), step: step.id.clone() });
                }
                if !self.org_index.contains_key(&step.org) {
                    return Err(ModelError::DanglingStep {
                        journey: j.id.clone(),
                        step: step.id.clone(),
                        org: step.org.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Replaces the journeys (checked, see [`Map::check_journeys`]); returns the old ones.
    pub fn set_journeys(&mut self, journeys: Vec<Journey>) -> Result<Vec<Journey>, ModelError> {
        self.check_journeys(&journeys)?;
        Ok(std::mem::replace(&mut self.journeys, journeys))
    }

    /// An unused journey id (`j<n>`, one past the highest number used).
    #[must_use]
    pub fn next_journey_id(&self) -> JourneyId {
        let next = self.journeys.iter().filter_map(|j| numeric_suffix(j.id.as_str(), b'j')).max().unwrap_or(0);
        JourneyId(format!("j{}", next.saturating_add(1)))
    }

    /// Adds a link.
    pub fn insert_link(&mut self, link: LinkRecord) -> Result<(), ModelError> {
        let (from, to, link) = link.into_parts();
        self.insert_link_between(link, from.as_str(), to.as_str())
    }

    /// Adds a link between the organisations with ids `from` and `to` (the loader's way: the
    /// ends are looked up straight from the file's text, without owning copies).
    pub fn insert_link_between(&mut self, link: Link, from: &str, to: &str) -> Result<(), ModelError> {
        match (self.org_index.get(from).copied(), self.org_index.get(to).copied()) {
            (Some(a), Some(b)) => self.insert_link_at(link, a, b),
            (a, _) => {
                self.check_new_link_id(&link)?;
                let org = OrgId::new(if a.is_none() { from } else { to });
                Err(ModelError::DanglingLink { link: link.id, org })
            }
        }
    }

    fn check_new_link_id(&self, link: &Link) -> Result<(), ModelError> {
        if self.link_index.contains_key(&link.id) {
            return Err(ModelError::DuplicateLink(link.id.clone()));
        }
        if link.id.as_str().is_empty() {
            return Err(ModelError::EmptyId("link"));
        }
        Ok(())
    }

    /// Adds a link between two organisations given by graph index (an import that has just
    /// added them: no id is looked up).
    pub fn insert_link_at(&mut self, link: Link, a: NodeIndex, b: NodeIndex) -> Result<(), ModelError> {
        self.check_new_link_id(&link)?;
        for end in [a, b] {
            if !self.graph.contains_node(end) {
                let org = OrgId::new(format!("#{}", end.index()));
                return Err(ModelError::DanglingLink { link: link.id, org });
            }
        }
        if a == b {
            return Err(ModelError::SelfLink(link.id));
        }
        if !self.index.link_types.contains(&link.link_type) {
            return Err(ModelError::UnknownLinkType { link: link.id.clone(), link_type: link.link_type });
        }
        self.check_fields(|| format!("link {}", link.id), AppliesTo::Links, &link.fields)?;
        if let Some(n) = numeric_suffix(link.id.as_str(), b'l') {
            self.next_link = self.next_link.max(n.saturating_add(1));
        }
        let ix = self.graph.add_edge(a, b, link);
        self.link_index.insert(self.graph[ix].id.clone(), ix);
        self.unsort();
        Ok(())
    }

    /// Makes room for `n` more organisations (before adding many).
    pub fn reserve_orgs(&mut self, n: usize) {
        self.graph.reserve_nodes(n);
        self.org_index.reserve(n);
    }

    /// Makes room for `n` more links (before adding many).
    pub fn reserve_links(&mut self, n: usize) {
        self.graph.reserve_edges(n);
        self.link_index.reserve(n);
    }

    /// Removes a link; returns it so the removal can be undone.
    pub fn remove_link(&mut self, id: &LinkId) -> Result<LinkRecord, ModelError> {
        let record = self.link_record(id).ok_or_else(|| ModelError::NoSuchLink(id.clone()))?;
        if let Some(ix) = self.link_index.remove(id) {
            self.graph.remove_edge(ix);
            self.unsort();
        }
        Ok(record)
    }

    /// Replaces a link's record (same id; endpoints may change) and returns the old one.
    pub fn replace_link(&mut self, link: LinkRecord) -> Result<LinkRecord, ModelError> {
        let old = self.link_record(&link.id).ok_or_else(|| ModelError::NoSuchLink(link.id.clone()))?;
        self.check_link(&link)?;
        if let Some(ix) = self.link_index.get(&link.id).copied().filter(|_| old.from == link.from && old.to == link.to)
        {
            let (_, _, weight) = link.into_parts();
            self.graph[ix] = weight;
        } else {
            self.remove_link(&old.id)?;
            self.insert_link(link)?;
        }
        Ok(old)
    }

    /// Replaces the typology together with the organisation and link records it affects (a type
    /// deleted and its members moved, a field removed and its values dropped), as one atomic
    /// change: the end state must satisfy every invariant, else nothing changes. Returns the old
    /// typology and the old records, which undo the change when passed back in.
    pub fn replace_typology(
        &mut self,
        typology: Typology,
        orgs: Vec<Organisation>,
        links: Vec<LinkRecord>,
    ) -> Result<(Typology, Vec<Organisation>, Vec<LinkRecord>), ModelError> {
        typology.check().map_err(ModelError::Typology)?;
        for o in &orgs {
            if !self.org_index.contains_key(&o.id) {
                return Err(ModelError::NoSuchOrg(o.id.clone()));
            }
        }
        for l in &links {
            let Some(ix) = self.edge_index(&l.id) else { return Err(ModelError::NoSuchLink(l.id.clone())) };
            let same_ends = self.record_of(ix).is_some_and(|old| old.from == l.from && old.to == l.to);
            if !same_ends {
                return Err(ModelError::Typology(format!("link {} would change its ends", l.id)));
            }
        }
        let old_typology = std::mem::replace(&mut self.typology, typology);
        self.index = TypologyIndex::of(&self.typology);
        let old_orgs: Vec<Organisation> =
            orgs.into_iter().map(|o| std::mem::replace(&mut self.graph[self.org_index[&o.id]], o)).collect();
        let old_links: Vec<LinkRecord> = links
            .into_iter()
            .map(|l| {
                let ix = self.link_index[&l.id];
                let old = self.record_of(ix);
                self.graph[ix] = l.into_parts().2;
                old
            })
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default();
        let problem = self
            .organisations()
            .find_map(|o| self.check_organisation(o).err())
            .or_else(|| self.link_records().iter().find_map(|l| self.check_link(l).err()));
        if let Some(err) = problem {
            self.typology = old_typology;
            self.index = TypologyIndex::of(&self.typology);
            for o in old_orgs {
                let ix = self.org_index[&o.id];
                self.graph[ix] = o;
            }
            for l in old_links {
                let ix = self.link_index[&l.id];
                self.graph[ix] = l.into_parts().2;
            }
            return Err(err);
        }
        Ok((old_typology, old_orgs, old_links))
    }

    /// Replaces the typology alone, refusing one that any organisation or link would violate.
    pub fn set_typology(&mut self, typology: Typology) -> Result<Typology, ModelError> {
        self.replace_typology(typology, Vec::new(), Vec::new()).map(|(old, _, _)| old)
    }

    /// Organisations whose type is `id`.
    pub fn members_of(&self, id: &TypeId) -> impl Iterator<Item = &Organisation> {
        self.organisations().filter(move |o| &o.org_type == id)
    }

    /// Links whose type is `id`, with endpoints.
    #[must_use]
    pub fn links_of_type(&self, id: &TypeId) -> Vec<LinkRecord> {
        self.link_records().into_iter().filter(|l| &l.link_type == id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str, t: &str) -> Organisation {
        Organisation::new(OrgId::new(id), id, TypeId::new(t), [0.0, 0.0])
    }

    #[test]
    fn invariants_are_enforced() {
        let mut map = Map::new();
        map.insert_organisation(org("o1", "helpline")).unwrap();
        assert_eq!(
            map.insert_organisation(org("o1", "helpline")).unwrap_err().to_string(),
            "two organisations have the id 'o1'"
        );
        assert_eq!(
            map.insert_organisation(org("o3", "cafe")).unwrap_err().to_string(),
            "organisation o3 has type 'cafe', which is not in the typology"
        );
        let l = LinkRecord::new(LinkId::new("l7"), OrgId::new("o1"), OrgId::new("o99"), TypeId::new("referral"));
        assert_eq!(
            map.insert_link(l).unwrap_err().to_string(),
            "link l7 points to organisation o99, which does not exist"
        );
        assert_eq!(map.org_count(), 1);
    }

    #[test]
    fn removing_an_organisation_removes_its_links_and_ids_stay_fresh() {
        let mut map = Map::new();
        map.insert_organisation(org("o1", "helpline")).unwrap();
        map.insert_organisation(org("o2", "statutory")).unwrap();
        map.insert_link(LinkRecord::new(
            LinkId::new("l1"),
            OrgId::new("o1"),
            OrgId::new("o2"),
            TypeId::new("referral"),
        ))
        .unwrap();
        let (removed, links) = map.remove_organisation(&OrgId::new("o1")).unwrap();
        assert_eq!(removed.id.as_str(), "o1");
        assert_eq!(links.len(), 1);
        assert_eq!(map.link_count(), 0);
        assert!(map.link_record(&LinkId::new("l1")).is_none());
        assert_eq!(map.next_org_id().as_str(), "o3");
        assert_eq!(map.next_link_id().as_str(), "l2");
    }

    #[test]
    fn typology_change_refused_when_members_would_break() {
        let mut map = Map::new();
        map.insert_organisation(org("o1", "helpline")).unwrap();
        let mut t = map.typology().clone();
        t.org_types.retain(|t| t.id.as_str() != "helpline");
        let err = map.set_typology(t).unwrap_err();
        assert_eq!(err.to_string(), "organisation o1 has type 'helpline', which is not in the typology");
        assert!(map.typology().org_type(&TypeId::new("helpline")).is_some());
    }
}
