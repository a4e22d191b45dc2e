//! Imports from other tools (CSV and XLSX spreadsheets in Kumu's or PRSM's layout, GraphML from
//! yEd/Gephi/networkx, GEXF from Gephi, Kumu JSON). Each reader produces [`Imported`] records; [`merge_edit`] turns them into
//! one undoable edit of a map: unknown types and fields become typology entries, rows already in
//! the map (same ID, else same label and type) are updated rather than duplicated, and a report
//! says what was created, updated and skipped, and why. No egui here.

pub mod csv_in;
pub mod graphml_in;
pub mod kumu_in;
mod merge;
mod table;
pub mod types;
pub mod xlsx_in;
pub mod xml_in;

pub use merge::{ImportReport, Tally, import_into, import_into_with, merge_edit, plan_types, typology_for};
pub use types::{TypeKind, TypePlan, TypeTarget};

use crate::model::{Colour, FieldKind, MapPos, Typology};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// An organisation as read from another tool.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedOrg {
    /// Where it came from, for the report ("row 4"); empty for a node of a graph, which is
    /// named by its id (see [`ImportedOrg::place`]).
    pub origin: String,
    /// Its id in the source, if any.
    pub id: Option<String>,
    /// Its label.
    pub label: String,
    /// Type name or id, if given.
    pub type_name: Option<String>,
    /// Notes / description, if the source has the column.
    pub notes: Option<String>,
    /// Tags, if the source has the column.
    pub tags: Option<Vec<String>>,
    /// Other attributes: column or attribute name → text value (empty: clear).
    pub fields: Vec<(String, String)>,
    /// Position, if given.
    pub position: Option<MapPos>,
    /// Pinned flag, if given.
    pub pinned: Option<bool>,
    /// Sensitive flag, if given.
    pub sensitive: Option<bool>,
    /// Colour given by the source (used for a type created from it).
    pub colour: Option<Colour>,
}

/// A link as read from another tool.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedLink {
    /// Where it came from, for the report ("row 4"); empty for an edge of a graph, which is
    /// named by its id or ends (see [`ImportedLink::place`]).
    pub origin: String,
    /// Its id in the source, if any.
    pub id: Option<String>,
    /// Source end: an id or a label.
    pub from: String,
    /// Target end: an id or a label.
    pub to: String,
    /// Type name or id, if given.
    pub type_name: Option<String>,
    /// Direction, if given.
    pub directed: Option<bool>,
    /// Notes, if given.
    pub notes: Option<String>,
    /// Other attributes.
    pub fields: Vec<(String, String)>,
}

impl ImportedOrg {
    /// Where it came from, for the report: its origin, or "node ID". Made only when a message
    /// needs it (a 20,000-node file would otherwise make 20,000 strings for none).
    #[must_use]
    pub fn place(&self) -> std::borrow::Cow<'_, str> {
        if self.origin.is_empty() {
            format!("node {}", self.id.as_deref().unwrap_or_default()).into()
        } else {
            self.origin.as_str().into()
        }
    }
}

impl ImportedLink {
    /// Where it came from, for the report: its origin, or "edge ID", or "edge FROM→TO".
    #[must_use]
    pub fn place(&self) -> std::borrow::Cow<'_, str> {
        match (&self.id, self.origin.is_empty()) {
            (_, false) => self.origin.as_str().into(),
            (Some(id), true) => format!("edge {id}").into(),
            (None, true) => format!("edge {}→{}", self.from, self.to).into(),
        }
    }
}

/// The report's line for a graph edge lacking an end: named by its id, else by the end it has.
#[must_use]
pub fn edge_without_ends(id: Option<&str>, from: Option<&str>, to: Option<&str>) -> String {
    let missing = match (from, to) {
        (Some(_), None) => "no target",
        (None, Some(_)) => "no source",
        _ => "no source or target",
    };
    match (id.filter(|i| !i.is_empty()), from, to) {
        (Some(id), ..) => format!("edge {id}: {missing}"),
        (None, Some(from), _) => format!("an edge from {from}: {missing}"),
        (None, _, Some(to)) => format!("an edge to {to}: {missing}"),
        (None, None, None) => format!("an edge without an id: {missing}"),
    }
}

/// Everything read from a file, before merging.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Title of the source, if it has one.
    pub title: Option<String>,
    /// Description of the source, if it has one.
    pub description: Option<String>,
    /// A Patchwork typology carried by the file (our own GraphML), used to recreate types exactly.
    pub typology: Option<Typology>,
    /// Kinds declared for attributes (GraphML/GEXF attribute types), by attribute name.
    pub field_kinds: HashMap<String, FieldKind>,
    /// Organisations.
    pub orgs: Vec<ImportedOrg>,
    /// Links.
    pub links: Vec<ImportedLink>,
    /// Notes about things the reader left out that are not records (attributes, values).
    pub skipped: Vec<String>,
    /// Organisation records the reader could not use, each with its place and the reason: they
    /// count in the report's tally of the file's organisations.
    pub skipped_orgs: Vec<String>,
    /// Link records the reader could not use, each with its place and the reason.
    pub skipped_links: Vec<String>,
}

/// Why a file could not be imported. Every message names the file and the place.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The OS could not read it.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// Over the size limit.
    #[error("{}: the file is {size} bytes, larger than the {limit}-byte limit", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Not a kind of file Patchwork imports.
    #[error("{}: cannot import this kind of file (use .csv, .xlsx, .graphml, .gexf or .kumu.json / Kumu .json)", .0.display())]
    UnknownFormat(PathBuf),
    /// Malformed content at a place.
    #[error("{}: {place}: {message}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// "line 4", "line 3, column 7", "byte 120".
        place: String,
        /// What is wrong.
        message: String,
    },
    /// Well-formed but not usable (no organisations, wrong structure).
    #[error("{}: {message}", path.display())]
    Unusable {
        /// What is wrong.
        message: String,
        /// The file.
        path: PathBuf,
    },
    /// The merged map would break an invariant (a bug or a hostile combination).
    #[error("{}: {source}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What broke.
        #[source]
        source: crate::model::ModelError,
    },
}

/// Reads a file of any supported kind, chosen by its extension (and for `.json`, its content).
pub fn read_file(path: &Path) -> Result<Imported, ImportError> {
    let io = |source| ImportError::Io { path: path.to_path_buf(), source };
    let size = std::fs::metadata(path).map_err(io)?.len();
    let limit = crate::io::MAX_FILE_BYTES;
    if size > limit {
        return Err(ImportError::TooLarge { path: path.to_path_buf(), size, limit });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "csv" | "tsv" | "tab" => csv_in::read_csv_and_links(path, &bytes),
        "xlsx" | "xlsm" => xlsx_in::read_xlsx(path, &bytes),
        "graphml" | "xml" => graphml_in::read_graphml(path, &bytes),
        "gexf" => xml_in::read_gexf(path, &bytes),
        "json" => kumu_in::read_kumu(path, &bytes),
        _ => Err(ImportError::UnknownFormat(path.to_path_buf())),
    }
}

/// Reads yes/no text as written by people and tools.
#[must_use]
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" => Some(true),
        "no" | "n" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// Splits a multi-value cell: `|` as Kumu writes, else `;`.
#[must_use]
pub fn split_multi(s: &str) -> Vec<String> {
    let sep = if s.contains('|') { '|' } else { ';' };
    s.split(sep).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect()
}
