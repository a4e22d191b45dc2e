//! What changed between two versions of a map: records added, removed or changed (each changed
//! field with its old and new value), matched by key in every collection of
//! [`COLLECTIONS`](super::COLLECTIONS), and the map's own fields.

use super::{Collection, collection_at, get_path, keyed, leads_to_collection, record_label, set_path, show_value};
use crate::model::Map;
use serde::Serialize;
use serde_json::Value;

/// How closely to look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    /// Moves of a `position` shorter than this (map units) are not changes. 0: every move is.
    pub min_move: f64,
    /// Whether a record whose only difference is its "last changed" stamp (`changed`) is a
    /// change. A record that changed otherwise lists its stamp's change with the rest.
    pub stamps: bool,
}

impl DiffOptions {
    /// Every change, however small: what [`apply_diff`] needs to rebuild the new version.
    pub const EXACT: Self = Self { min_move: 0.0, stamps: true };
    /// Moves under 5 map units (a nudge, a layout's jitter) and changes of nothing but a
    /// record's stamp left out.
    pub const DEFAULT: Self = Self { min_move: 5.0, stamps: false };
}

/// The field of a record that holds its "last changed" stamp.
pub const STAMP_FIELD: &str = "changed";

/// Whether a changed field is (part of) the record's stamp.
#[must_use]
pub fn is_stamp(change: &FieldChange) -> bool {
    change.path.first().is_some_and(|p| p == STAMP_FIELD)
}

/// One changed field of a record: where it is (`["fields", "anonymity"]`) and its values
/// before and after (`None`: not there).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Field names from the record down.
    pub path: Vec<String>,
    /// The old value.
    pub old: Option<Value>,
    /// The new value.
    pub new: Option<Value>,
}

impl FieldChange {
    /// `fields.anonymity`.
    #[must_use]
    pub fn path_text(&self) -> String {
        self.path.join(".")
    }
}

/// What happened to one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    /// New in the new version; `after`: the key of the record before it (ordered collections).
    Added {
        /// The record.
        record: Value,
        /// The record it follows in the new version (`None`: first, or order does not matter).
        #[serde(skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// Gone from the new version.
    Removed {
        /// The old record.
        record: Value,
    },
    /// In both, with these fields different.
    Changed {
        /// The changed fields.
        fields: Vec<FieldChange>,
    },
    /// The records kept in both are in a different order (legend or slide order): the new
    /// order of every key.
    Reordered {
        /// Keys in the new order.
        order: Vec<String>,
    },
}

/// A change to one record of a collection, or (collection `"map"`, key `""`) to the map's own
/// fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The collection's path in the file, dotted: `typology.org_types`, `organisations`, `map`.
    pub collection: String,
    /// What one record is called: "organisation".
    pub what: String,
    /// The record's key (its id, a view's name).
    pub key: String,
    /// Its name (old name when removed).
    pub label: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: ChangeKind,
}

/// Every change between two versions, collections in file order, records in key order within.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Diff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether the versions are the same (as far as the options looked).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Counts per collection: `(what, added, removed, changed)`, in file order.
    #[must_use]
    pub fn counts(&self) -> Vec<(String, usize, usize, usize)> {
        let mut out: Vec<(String, usize, usize, usize)> = Vec::new();
        for c in &self.changes {
            let at = if let Some(i) = out.iter().position(|r| r.0 == c.what) {
                i
            } else {
                out.push((c.what.clone(), 0, 0, 0));
                out.len() - 1
            };
            match c.kind {
                ChangeKind::Added { .. } => out[at].1 += 1,
                ChangeKind::Removed { .. } => out[at].2 += 1,
                ChangeKind::Changed { .. } | ChangeKind::Reordered { .. } => out[at].3 += 1,
            }
        }
        out
    }

    /// The diff as text lines, one per added or removed record and one per changed field:
    /// `+ organisation o41 "Knitting group"`, `~ organisation o7 "Crisis café": type: "a" → "b"`.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for c in &self.changes {
            let who = if c.key.is_empty() {
                c.what.clone()
            } else if c.label == c.key {
                format!("{} {}", c.what, c.key)
            } else {
                format!("{} {} \"{}\"", c.what, c.key, c.label)
            };
            match &c.kind {
                ChangeKind::Added { .. } => lines.push(format!("+ {who}")),
                ChangeKind::Removed { .. } => lines.push(format!("- {who}")),
                ChangeKind::Reordered { order } => lines.push(format!("~ {}s reordered: {}", c.what, order.join(", "))),
                ChangeKind::Changed { fields } => {
                    let (stamps, fields): (Vec<&FieldChange>, Vec<&FieldChange>) =
                        fields.iter().partition(|f| is_stamp(f));
                    for f in fields {
                        lines.push(format!(
                            "~ {who}: {}: {} → {}{}",
                            f.path_text(),
                            show_value(f.old.as_ref()),
                            show_value(f.new.as_ref()),
                            list_delta(f.old.as_ref(), f.new.as_ref())
                        ));
                    }
                    if let Some(stamp) = stamp_line(&stamps) {
                        lines.push(format!("~ {who}: {stamp}"));
                    }
                }
            }
        }
        lines
    }
}

/// A record's changed stamp in words, one line for its `by` and `at`: "last changed by Bo
/// (2026-11-29T16:30:00Z)". `None` when the stamp did not change.
fn stamp_line(stamps: &[&FieldChange]) -> Option<String> {
    if stamps.is_empty() {
        return None;
    }
    let (mut by, mut at, mut gone) = (None, None, false);
    for f in stamps {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        match f.path.get(1).map(String::as_str) {
            None => match &f.new {
                Some(v) => (by, at) = (text(v.get("by")), text(v.get("at"))),
                None => gone = true,
            },
            Some("by") => by = text(f.new.as_ref()),
            Some("at") => at = text(f.new.as_ref()),
            Some(_) => {}
        }
    }
    Some(match (gone, by, at) {
        (true, ..) => "who last changed it is no longer recorded".to_owned(),
        (false, Some(by), Some(at)) => format!("last changed by {by} ({at})"),
        (false, Some(by), None) => format!("last changed by {by}"),
        (false, None, Some(at)) => format!("last changed again ({at})"),
        (false, None, None) => "last changed (stamp unreadable)".to_owned(),
    })
}

/// For two lists of text (options, tags): " (added: x; removed: y)".
fn list_delta(old: Option<&Value>, new: Option<&Value>) -> String {
    let (Some(Value::Array(a)), Some(Value::Array(b))) = (old, new) else { return String::new() };
    let text = |items: Vec<&Value>| items.iter().map(|v| v.as_str().unwrap_or("?")).collect::<Vec<_>>().join(", ");
    if !a.iter().chain(b).all(Value::is_string) {
        return String::new();
    }
    let added: Vec<&Value> = b.iter().filter(|v| !a.contains(v)).collect();
    let removed: Vec<&Value> = a.iter().filter(|v| !b.contains(v)).collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added: {}", text(added)));
    }
    if !removed.is_empty() {
        parts.push(format!("removed: {}", text(removed)));
    }
    if parts.is_empty() { String::new() } else { format!(" ({})", parts.join("; ")) }
}

/// The changes from `old` to `new`.
#[must_use]
pub fn diff_maps(old: &Map, new: &Map, options: DiffOptions) -> Diff {
    let [old, new] = super::documents([old, new]);
    diff_documents(&old, &new, options)
}

/// The changes from one document to another.
#[must_use]
pub fn diff_documents(old: &Value, new: &Value, options: DiffOptions) -> Diff {
    let mut diff = Diff::default();
    let mut own = Vec::new();
    walk_document(old, new, &mut Vec::new(), &mut own, &mut diff, options);
    if !own.is_empty() {
        let map = Change {
            collection: "map".into(),
            what: "map".into(),
            key: String::new(),
            label: String::new(),
            kind: ChangeKind::Changed { fields: own },
        };
        diff.changes.insert(0, map);
    }
    diff
}

/// Walks the document's objects; collections are diffed by key, anything else is a field of
/// the map.
fn walk_document(
    old: &Value,
    new: &Value,
    path: &mut Vec<String>,
    own: &mut Vec<FieldChange>,
    diff: &mut Diff,
    options: DiffOptions,
) {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        if old != new {
            own.push(FieldChange { path: path.clone(), old: Some(old.clone()), new: Some(new.clone()) });
        }
        return;
    };
    let keys = o.keys().chain(n.keys().filter(|k| !o.contains_key(*k)));
    for k in keys {
        path.push(k.clone());
        let (a, b) = (o.get(k), n.get(k));
        if let Some(c) = collection_at(path) {
            diff_collection(c, a, b, diff, options);
        } else if leads_to_collection(path) {
            let empty = Value::Object(serde_json::Map::new());
            walk_document(a.unwrap_or(&empty), b.unwrap_or(&empty), path, own, diff, options);
        } else if a != b {
            own.push(FieldChange { path: path.clone(), old: a.cloned(), new: b.cloned() });
        }
        path.pop();
    }
}

fn diff_collection(c: &Collection, old: Option<&Value>, new: Option<&Value>, diff: &mut Diff, options: DiffOptions) {
    let old = keyed(old, c.key);
    let new = keyed(new, c.key);
    let old_ix: foldhash::HashMap<&str, &Value> = old.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let new_ix: foldhash::HashMap<&str, &Value> = new.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let name = c.path.join(".");
    let change = |key: &str, record: &Value, kind| Change {
        collection: name.clone(),
        what: c.what.to_owned(),
        key: key.to_owned(),
        label: record_label(record, key),
        kind,
    };
    let mut changes = Vec::new();
    for (k, v) in &old {
        match new_ix.get(k.as_str()) {
            None => changes.push(change(k, v, ChangeKind::Removed { record: (*v).clone() })),
            Some(n) if n != v => {
                let mut fields = Vec::new();
                diff_record(v, n, &mut Vec::new(), &mut fields, options);
                if !options.stamps && fields.iter().all(is_stamp) {
                    fields.clear();
                }
                if !fields.is_empty() {
                    changes.push(change(k, n, ChangeKind::Changed { fields }));
                }
            }
            Some(_) => {}
        }
    }
    let mut previous: Option<&str> = None;
    for (k, v) in &new {
        if !old_ix.contains_key(k.as_str()) {
            let after = if c.ordered { previous.map(str::to_owned) } else { None };
            changes.push(change(k, v, ChangeKind::Added { record: (*v).clone(), after }));
        }
        previous = Some(k);
    }
    if c.ordered {
        let kept_old: Vec<&str> = old.iter().map(|(k, _)| k.as_str()).filter(|k| new_ix.contains_key(k)).collect();
        let kept_new: Vec<&str> = new.iter().map(|(k, _)| k.as_str()).filter(|k| old_ix.contains_key(k)).collect();
        if kept_old != kept_new {
            let order = new.iter().map(|(k, _)| k.clone()).collect();
            changes.push(Change {
                collection: name.clone(),
                what: c.what.to_owned(),
                key: String::new(),
                label: String::new(),
                kind: ChangeKind::Reordered { order },
            });
        }
    } else {
        changes.sort_by(|a, b| crate::model::ids::natural_cmp(&a.key, &b.key));
    }
    diff.changes.extend(changes);
}

/// The fields that differ between two versions of a record: objects compared key by key, any
/// other value as a whole. Small moves of a `position` are left out per the options.
fn diff_record(old: &Value, new: &Value, path: &mut Vec<String>, out: &mut Vec<FieldChange>, options: DiffOptions) {
    if let (Value::Object(o), Value::Object(n)) = (old, new) {
        for k in o.keys().chain(n.keys().filter(|k| !o.contains_key(*k))) {
            path.push(k.clone());
            match (o.get(k), n.get(k)) {
                (Some(a), Some(b)) if a == b => {}
                (Some(a), Some(b)) if a.is_object() && b.is_object() => diff_record(a, b, path, out, options),
                (a, b) => {
                    if !(k == "position" && small_move(a, b, options.min_move)) {
                        out.push(FieldChange { path: path.clone(), old: a.cloned(), new: b.cloned() });
                    }
                }
            }
            path.pop();
        }
    } else if old != new {
        out.push(FieldChange { path: path.clone(), old: Some(old.clone()), new: Some(new.clone()) });
    }
}

/// Whether two `[x, y]` positions are closer than `min`.
fn small_move(a: Option<&Value>, b: Option<&Value>, min: f64) -> bool {
    let xy = |v: Option<&Value>| {
        let a = v?.as_array()?;
        Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))
    };
    match (xy(a), xy(b)) {
        (Some((x0, y0)), Some((x1, y1))) => (x1 - x0).hypot(y1 - y0) < min,
        _ => false,
    }
}

/// Whether a position moved at least `min` map units: for callers showing moves.
#[must_use]
pub fn moved_far(change: &FieldChange, min: f64) -> bool {
    change.path.last().is_some_and(|p| p == "position") && !small_move(change.old.as_ref(), change.new.as_ref(), min)
}

/// `old` with the diff applied. With a diff made by [`DiffOptions::EXACT`] from `old`, the
/// result is the new version.
#[must_use]
pub fn apply_diff(old: &Value, diff: &Diff) -> Value {
    let mut doc = old.clone();
    let mut own: Vec<&FieldChange> = Vec::new();
    let mut by_collection: Vec<(&str, Vec<&Change>)> = Vec::new();
    for c in &diff.changes {
        if c.collection == "map" {
            if let ChangeKind::Changed { fields } = &c.kind {
                own.extend(fields);
            }
        } else if let Some(entry) = by_collection.iter_mut().find(|(n, _)| *n == c.collection) {
            entry.1.push(c);
        } else {
            by_collection.push((&c.collection, vec![c]));
        }
    }
    for f in own {
        set_path(&mut doc, &f.path, f.new.clone());
    }
    for (name, changes) in by_collection {
        let path: Vec<String> = name.split('.').map(str::to_owned).collect();
        let Some(c) = collection_at(&path) else { continue };
        let current = get_path(&doc, &path).cloned();
        let records = apply_to_collection(c, current.as_ref(), &changes);
        set_path(&mut doc, &path, Some(Value::Array(records)));
    }
    doc
}

fn apply_to_collection(c: &Collection, current: Option<&Value>, changes: &[&Change]) -> Vec<Value> {
    let mut records: Vec<(String, Value)> = keyed(current, c.key).into_iter().map(|(k, v)| (k, v.clone())).collect();
    let mut order: Option<&[String]> = None;
    for change in changes {
        match &change.kind {
            ChangeKind::Removed { .. } => records.retain(|(k, _)| *k != change.key),
            ChangeKind::Changed { fields } => {
                if let Some((_, r)) = records.iter_mut().find(|(k, _)| *k == change.key) {
                    for f in fields {
                        set_path(r, &f.path, f.new.clone());
                    }
                }
            }
            ChangeKind::Reordered { order: o } => order = Some(o),
            ChangeKind::Added { .. } => {}
        }
    }
    if let Some(order) = order {
        let rank: foldhash::HashMap<&str, usize> = order.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
        records.sort_by_key(|(k, _)| rank.get(k.as_str()).copied().unwrap_or(usize::MAX));
    }
    for change in changes {
        if let ChangeKind::Added { record, after } = &change.kind {
            let at = match after {
                Some(a) => records.iter().position(|(k, _)| k == a).map_or(records.len(), |i| i + 1),
                None if c.ordered => 0,
                None => records.len(),
            };
            records.insert(at, (change.key.clone(), record.clone()));
        }
    }
    records.into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrgId, Organisation, TypeId};

    #[test]
    fn lists_added_removed_and_changed_fields() {
        let old = crate::example_map().unwrap();
        let mut new = old.clone();
        let first = old.organisations_sorted()[0].clone();
        let mut changed = first.clone();
        changed.name = "Renamed".into();
        changed.position[0] += 1.0;
        new.replace_organisation(changed).unwrap();
        new.insert_organisation(Organisation::new(
            OrgId::new("o999"),
            "Knitting group",
            TypeId::new("community_group"),
            [0.0, 0.0],
        ))
        .unwrap();
        new.meta.title = "Wave 2".into();
        let d = diff_maps(&old, &new, DiffOptions::DEFAULT);
        let lines = d.lines();
        assert!(lines.iter().any(|l| l.starts_with("~ map: title: ")), "{lines:?}");
        assert!(lines.iter().any(|l| l == "+ organisation o999 \"Knitting group\""), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with(&format!("~ organisation {} \"Renamed\": name: ", first.id))
            && l.ends_with("→ \"Renamed\"")));
        assert!(!lines.iter().any(|l| l.contains("position")), "a 1-unit move is below the threshold: {lines:?}");
        let exact = diff_maps(&old, &new, DiffOptions::EXACT);
        assert!(exact.lines().iter().any(|l| l.contains("position")));
        let rebuilt = apply_diff(&super::super::document(&old), &exact);
        assert_eq!(super::super::load_document(&rebuilt, "x").unwrap(), new);
        assert!(diff_maps(&old, &old, DiffOptions::EXACT).is_empty());
    }

    #[test]
    fn reordered_and_inserted_types_are_rebuilt_in_order() {
        let old = crate::example_map().unwrap();
        let mut t = old.typology().clone();
        t.org_types.swap(0, 2);
        let mut added = t.org_types[1].clone();
        added.id = TypeId::new("knitting");
        added.name = "Knitting".into();
        t.org_types.insert(1, added);
        let mut new = old.clone();
        new.set_typology(t).unwrap();
        let d = diff_maps(&old, &new, DiffOptions::EXACT);
        let rebuilt = apply_diff(&super::super::document(&old), &d);
        assert_eq!(super::super::load_document(&rebuilt, "x").unwrap(), new);
    }
}
