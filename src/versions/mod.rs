//! Versions of a map: what changed between two ([`diff`]) and a three-way merge of two copies
//! edited apart ([`merge`]). No egui here.
//!
//! Both work on the map file's *document* (the JSON the file holds, as a `serde_json::Value`),
//! not on [`Map`]'s fields: a record is compared and merged field by field, whatever its fields
//! are, and the collections of records keyed by an id are listed once in [`COLLECTIONS`]. A new
//! collection in the file format is one line there. A merged document is read back through the
//! ordinary loader, so a merge result always satisfies the map's invariants or is an error.

pub mod compare;
pub mod diff;
pub mod merge;

use crate::io::{LoadError, map_from_bytes, map_to_bytes};
use crate::model::Map;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

pub use compare::comparison_map;
pub use diff::{Change, ChangeKind, Diff, DiffOptions, FieldChange, apply_diff, diff_documents, diff_maps};
pub use merge::{Conflict, ConflictKind, MergeError, MergeOptions, Merged, Side, merge_documents, merge_maps};

/// A collection of records in the map file, each keyed by one of its fields.
#[derive(Debug, Clone, Copy)]
pub struct Collection {
    /// Where it sits in the document: `["typology", "org_types"]`.
    pub path: &'static [&'static str],
    /// The field whose value identifies a record (ids; a view's name, a region's label).
    pub key: &'static str,
    /// What one record is called in reports ("organisation").
    pub what: &'static str,
    /// Whether the order of records means something (legend order, slide order). Organisations
    /// and links are written sorted by id, so their order is not compared.
    pub ordered: bool,
    /// For ids a program numbers (`o41`, `l7`): the letter. Two copies that each added a record
    /// under the same new id added two different things, so a merge gives one of them a fresh
    /// id with this letter. `None`: the same key on both sides is the same thing (type ids are
    /// made from names).
    pub numbered: Option<char>,
}

/// Every id-keyed collection of the map file. Anything else in the file (title, description,
/// decoration) is compared and merged as plain fields.
pub const COLLECTIONS: &[Collection] = &[
    Collection {
        path: &["typology", "org_types"],
        key: "id",
        what: "organisation type",
        ordered: true,
        numbered: None,
    },
    Collection { path: &["typology", "link_types"], key: "id", what: "link type", ordered: true, numbered: None },
    Collection { path: &["typology", "fields"], key: "id", what: "field", ordered: true, numbered: None },
    Collection { path: &["organisations"], key: "id", what: "organisation", ordered: false, numbered: Some('o') },
    Collection { path: &["links"], key: "id", what: "link", ordered: false, numbered: Some('l') },
    Collection { path: &["views"], key: "name", what: "view", ordered: true, numbered: None },
    Collection { path: &["notes"], key: "id", what: "sticky note", ordered: true, numbered: Some('n') },
    Collection { path: &["regions"], key: "label", what: "region", ordered: true, numbered: None },
    Collection { path: &["journeys"], key: "id", what: "journey", ordered: true, numbered: Some('j') },
];

/// Fields of records that name an organisation by id: `(collection path, field)`. When a merge
/// gives an organisation a new id, these follow it. A single id or a list of ids.
pub const ORG_REFERENCES: &[(&[&str], &str)] = &[(&["links"], "from"), (&["links"], "to"), (&["regions"], "members")];

/// The collection at `path`, if any.
#[must_use]
pub fn collection_at(path: &[String]) -> Option<&'static Collection> {
    COLLECTIONS.iter().find(|c| c.path.len() == path.len() && c.path.iter().zip(path).all(|(a, b)| a == b))
}

/// Whether `path` leads to a collection further down (e.g. `typology`).
fn leads_to_collection(path: &[String]) -> bool {
    COLLECTIONS.iter().any(|c| c.path.len() > path.len() && c.path.iter().zip(path).all(|(a, b)| a == b))
}

/// A map's document: the JSON its file holds.
#[must_use]
pub fn document(map: &Map) -> Value {
    // Through the file's bytes so numbers read as the file shows them (120.3, not the f32's
    // widened 120.30000305).
    serde_json::from_slice(&map_to_bytes(map)).unwrap_or(Value::Null)
}

/// The documents of several maps, made on parallel threads (each is a whole serialisation and
/// parse of its map: for two or three big maps this halves the wait on a two-core machine).
#[must_use]
pub fn documents<const N: usize>(maps: [&Map; N]) -> [Value; N] {
    std::thread::scope(|s| {
        let handles = maps.map(|m| s.spawn(move || document(m)));
        // A thread that panicked gives Null: loading the result then fails with an error.
        handles.map(|h| h.join().unwrap_or(Value::Null))
    })
}

/// Reads a document back into a map through the file loader (every invariant checked); `name`
/// appears in error messages.
pub fn load_document(doc: &Value, name: &str) -> Result<Map, LoadError> {
    let bytes = serde_json::to_vec(doc).unwrap_or_default();
    map_from_bytes(Path::new(name), &bytes)
}

/// The records of a collection with their keys, in file order. A record without the key field
/// is keyed by its position (`#3`); a key seen before gets `#2`, `#3`… so keys are unique.
#[must_use]
pub fn keyed<'a>(records: Option<&'a Value>, key: &str) -> Vec<(String, &'a Value)> {
    let Some(Value::Array(items)) = records else { return Vec::new() };
    let mut seen: foldhash::HashSet<&'a str> = foldhash::HashSet::default();
    seen.reserve(items.len());
    let mut out: Vec<(String, &'a Value)> = Vec::with_capacity(items.len());
    let mut repeats = false;
    for (i, r) in items.iter().enumerate() {
        let k = match r.get(key) {
            Some(Value::String(s)) => {
                repeats |= !seen.insert(s.as_str());
                s.clone()
            }
            Some(Value::Number(n)) => n.to_string(),
            _ => format!("#{}", i + 1),
        };
        out.push((k, r));
    }
    if repeats || out.iter().any(|(k, _)| k.starts_with('#')) || out.len() != seen.len() {
        // The rare slow path: number repeated keys.
        let mut counts: HashMap<String, usize> = HashMap::new();
        for (k, _) in &mut out {
            let n = counts.entry(k.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                *k = format!("{k}#{n}");
            }
        }
    }
    out
}

/// A short human name for a record: its name, label or text, else its key.
#[must_use]
pub fn record_label(record: &Value, key: &str) -> String {
    ["name", "label", "text"]
        .iter()
        .find_map(|f| record.get(*f).and_then(Value::as_str))
        .map_or_else(|| key.to_owned(), |s| s.chars().take(60).collect())
}

/// The value at `path` under `root`.
#[must_use]
pub fn get_path<'a>(root: &'a Value, path: &[impl AsRef<str>]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, k| v.get(k.as_ref()))
}

/// The value at `path` under `root`, made (as objects) where missing.
fn get_path_mut<'a>(root: &'a mut Value, path: &[impl AsRef<str>]) -> Option<&'a mut Value> {
    let mut v = root;
    for k in path {
        let obj = v.as_object_mut()?;
        v = obj.entry(k.as_ref().to_owned()).or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
    Some(v)
}

/// Sets or (with `None`) removes the value at `path` under `root`.
fn set_path(root: &mut Value, path: &[impl AsRef<str>], value: Option<Value>) {
    let Some((last, parent)) = path.split_last() else {
        if let Some(v) = value {
            *root = v;
        }
        return;
    };
    if value.is_none() && get_path(root, parent).is_none() {
        return;
    }
    if let Some(Value::Object(obj)) = get_path_mut(root, parent) {
        match value {
            Some(v) => {
                obj.insert(last.as_ref().to_owned(), v);
            }
            None => {
                obj.shift_remove(last.as_ref());
            }
        }
    }
}

/// A value for messages: JSON, shortened past 80 characters.
#[must_use]
pub fn show_value(v: Option<&Value>) -> String {
    match v {
        None => "(none)".to_owned(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 80 { format!("{}…", s.chars().take(79).collect::<String>()) } else { s }
        }
    }
}
