//! Three-way merge of two copies of a map edited apart from a common version (the *base*).
//!
//! Changes made on only one side are taken; a record is merged field by field, so one person
//! retyping an organisation and another adding a link to it keeps both. Lists of text (tags,
//! options, a region's members) are merged as sets. Records both sides added under the same
//! numbered id are two different things and one gets a fresh id; organisations both sides
//! added with the same name and type are one (reported). Conflicts — the same field changed two
//! ways, a record deleted on one side and changed on the other, something deleted on one side
//! and used on the other — are listed, resolved by a [`Side`] per conflict (by default: our
//! value, and whatever keeps the other side's work), and can be marked in the map as sticky
//! notes that show both values.

use super::diff::STAMP_FIELD;
use super::{
    COLLECTIONS, Collection, ORG_REFERENCES, collection_at, documents, get_path, get_path_mut, keyed,
    leads_to_collection, load_document, record_label, show_value,
};
use crate::io::LoadError;
use crate::model::ids::natural_cmp;
use crate::model::{Map, Provenance};
use serde::Deserialize;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// One of the two copies being merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Our copy (the one open, or `OURS` on the command line).
    Ours,
    /// Their copy.
    Theirs,
}

impl Side {
    /// "ours" / "theirs".
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }

    /// The other side.
    #[must_use]
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }
}

/// What kind of disagreement a conflict is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConflictKind {
    /// The same field changed two ways (or set two ways on a record both added).
    BothChanged,
    /// Deleted on one side, changed on the other.
    DeletedChanged {
        /// The side that deleted it.
        deleted_by: Side,
    },
    /// Deleted on one side and used on the other: a link to a deleted organisation, an
    /// organisation of a deleted type, a value of a deleted field or option.
    DeletedUsed {
        /// The side that deleted it.
        deleted_by: Side,
        /// What uses it ("link l12").
        used_by: String,
    },
}

/// A disagreement between the two copies and how it was resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// The collection's dotted path (`organisations`), or `map` for the map's own fields.
    pub collection: String,
    /// What one record is called ("organisation").
    pub what: String,
    /// The record's key.
    pub key: String,
    /// The record's name.
    pub label: String,
    /// The field within the record (empty: the whole record).
    pub path: Vec<String>,
    /// The kind of conflict.
    #[serde(flatten)]
    pub kind: ConflictKind,
    /// The value in the base (`None`: not there).
    pub base: Option<Value>,
    /// Our value (`None`: deleted or not there).
    pub ours: Option<Value>,
    /// Their value.
    pub theirs: Option<Value>,
    /// The side whose value the result holds.
    pub chosen: Side,
}

impl Conflict {
    /// A key naming this conflict, stable between runs of the same merge: what
    /// [`MergeOptions::choices`] is keyed by.
    #[must_use]
    pub fn id(&self) -> String {
        format!("{}/{}/{}", self.collection, self.key, self.path.join("."))
    }

    /// Whether the result can take `side`'s version. A type, field or option used on the other
    /// side can only be kept (delete it afterwards in the Typology window, which reassigns).
    #[must_use]
    pub fn can_choose(&self, side: Side) -> bool {
        match &self.kind {
            ConflictKind::DeletedUsed { deleted_by, .. } => *deleted_by != side || self.what == "organisation",
            _ => true,
        }
    }

    /// "organisation o7 “Crisis café”".
    #[must_use]
    pub fn subject(&self) -> String {
        if self.key.is_empty() {
            self.what.clone()
        } else if self.label == self.key {
            format!("{} {}", self.what, self.key)
        } else {
            format!("{} {} “{}”", self.what, self.key, self.label)
        }
    }

    /// One line saying what disagrees and what the result holds.
    #[must_use]
    pub fn describe(&self) -> String {
        let field = if self.path.is_empty() { String::new() } else { format!(" {}", self.path.join(".")) };
        match &self.kind {
            ConflictKind::BothChanged => format!(
                "{}:{field} changed in both: base {}, ours {}, theirs {} (kept {})",
                self.subject(),
                show_value(self.base.as_ref()),
                show_value(self.ours.as_ref()),
                show_value(self.theirs.as_ref()),
                self.chosen.name()
            ),
            ConflictKind::DeletedChanged { deleted_by } => format!(
                "{}: deleted in {}, changed in {} ({})",
                self.subject(),
                deleted_by.name(),
                deleted_by.other().name(),
                if self.chosen == *deleted_by { "deleted" } else { "kept the changed version" }
            ),
            ConflictKind::DeletedUsed { deleted_by, used_by } => format!(
                "{}:{field} deleted in {}, used by {used_by} in {} ({})",
                self.subject(),
                deleted_by.name(),
                deleted_by.other().name(),
                if self.chosen == *deleted_by { "deleted, with what used it" } else { "kept" }
            ),
        }
    }
}

/// How to merge.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// The side to take for a conflict, by [`Conflict::id`]; conflicts not listed take our value
    /// for a field, and keep a record that one side deleted and the other changed or used.
    pub choices: HashMap<String, Side>,
    /// Add a sticky note beside each conflict in the result ("MERGE CONFLICT …", both values),
    /// so a merge written to a file shows what to look at.
    pub mark_conflicts: bool,
}

/// A merge's result.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged map (every invariant checked).
    pub map: Map,
    /// The conflicts, in file order, with the side each took.
    pub conflicts: Vec<Conflict>,
    /// Other things worth saying: organisations both sides added (kept once), records given a
    /// fresh id, links dropped with a deleted organisation.
    pub notes: Vec<String>,
}

/// Why a merge could not give a map.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The merged document breaks an invariant the merge does not repair (e.g. a field whose
    /// kind changed on one side while the other set a value of the old kind).
    #[error("the merged map is not valid: {0}")]
    Invalid(#[from] LoadError),
}

/// Merges `ours` and `theirs`, both changed from `base`.
pub fn merge_maps(base: &Map, ours: &Map, theirs: &Map, options: &MergeOptions) -> Result<Merged, MergeError> {
    let [base, ours, theirs] = documents([base, ours, theirs]);
    let (doc, conflicts, notes) = merge_documents(&base, ours, theirs, options);
    let map = load_document(&doc, "merged map")?;
    Ok(Merged { map, conflicts, notes })
}

/// Merges two documents changed from `base`: the merged document, its conflicts and notes.
/// The two copies are taken by value: records are moved into the result, not copied.
#[must_use]
pub fn merge_documents(
    base: &Value,
    mut ours: Value,
    mut theirs: Value,
    options: &MergeOptions,
) -> (Value, Vec<Conflict>, Vec<String>) {
    let mut st = State { options, conflicts: Vec::new(), notes: Vec::new(), position_from: HashMap::new() };
    reconcile_additions(base, &mut ours, &mut theirs, &mut st);
    let mut out = merge_level(Some(base), Some(&mut ours), Some(&mut theirs), &mut Vec::new(), &mut st)
        .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
    // Records moved into the result left nulls behind in the copies; what is looked up in them
    // from here on (what one side deleted) was not moved.
    repair_references(&mut out, &[base, &ours, &theirs], &mut st);
    if options.mark_conflicts {
        mark_conflicts(&mut out, &st.conflicts);
    }
    (out, st.conflicts, st.notes)
}

struct State<'a> {
    options: &'a MergeOptions,
    conflicts: Vec<Conflict>,
    notes: Vec<String>,
    /// For organisations both sides added (kept once): the side whose position is kept.
    position_from: HashMap<String, Side>,
}

/// Which record a value belongs to, for conflicts.
struct Owner<'a> {
    collection: String,
    what: &'a str,
    key: &'a str,
    label: String,
}

impl State<'_> {
    fn conflict(
        &mut self,
        owner: &Owner<'_>,
        path: &[String],
        kind: ConflictKind,
        values: [Option<&Value>; 3],
        default: Side,
    ) -> Side {
        let mut c = Conflict {
            collection: owner.collection.clone(),
            what: owner.what.to_owned(),
            key: owner.key.to_owned(),
            label: owner.label.clone(),
            path: path.to_vec(),
            kind,
            base: values[0].cloned(),
            ours: values[1].cloned(),
            theirs: values[2].cloned(),
            chosen: default,
        };
        if let Some(&side) = self.options.choices.get(&c.id())
            && c.can_choose(side)
        {
            c.chosen = side;
        }
        let chosen = c.chosen;
        self.conflicts.push(c);
        chosen
    }
}

/// The document's own levels: collections merged by key, objects leading to them key by key,
/// anything else as a field of the map.
fn merge_level(
    b: Option<&Value>,
    o: Option<&mut Value>,
    t: Option<&mut Value>,
    path: &mut Vec<String>,
    st: &mut State<'_>,
) -> Option<Value> {
    if let Some(c) = collection_at(path) {
        if o.is_none() && t.is_none() {
            return None;
        }
        return Some(Value::Array(merge_collection(c, b, o, t, st)));
    }
    if !path.is_empty() && !leads_to_collection(path) {
        let owner = Owner { collection: "map".into(), what: "map", key: "", label: String::new() };
        return merge_value(b, o.as_deref(), t.as_deref(), &owner, path, st);
    }
    let empty = serde_json::Map::new();
    let bo = obj_or(b, &empty);
    let keys = ordered_keys(obj_or(o.as_deref(), &empty), obj_or(t.as_deref(), &empty), bo);
    let (mut oo, mut to) = (o.and_then(Value::as_object_mut), t.and_then(Value::as_object_mut));
    let mut out = serde_json::Map::new();
    for k in keys {
        path.push(k.clone());
        let ov = oo.as_mut().and_then(|m| m.get_mut(&k));
        let tv = to.as_mut().and_then(|m| m.get_mut(&k));
        if let Some(v) = merge_level(bo.get(&k), ov, tv, path, st) {
            out.insert(k, v);
        }
        path.pop();
    }
    Some(Value::Object(out))
}

fn obj_or<'a>(v: Option<&'a Value>, empty: &'a serde_json::Map<String, Value>) -> &'a serde_json::Map<String, Value> {
    v.and_then(Value::as_object).unwrap_or(empty)
}

/// The keys of two objects (and their base): ours in order, then theirs', then base's.
fn ordered_keys(
    o: &serde_json::Map<String, Value>,
    t: &serde_json::Map<String, Value>,
    b: &serde_json::Map<String, Value>,
) -> Vec<String> {
    let mut keys: Vec<String> = o.keys().cloned().collect();
    keys.extend(t.keys().filter(|k| !o.contains_key(*k)).cloned());
    keys.extend(b.keys().filter(|k| !o.contains_key(*k) && !t.contains_key(*k)).cloned());
    keys
}

/// Three-way merge of one value: a side's change where only it changed, objects field by
/// field, lists of text as sets, else a conflict.
fn merge_value(
    b: Option<&Value>,
    o: Option<&Value>,
    t: Option<&Value>,
    owner: &Owner<'_>,
    path: &mut Vec<String>,
    st: &mut State<'_>,
) -> Option<Value> {
    if o == t || t == b {
        return o.cloned();
    }
    if o == b {
        return t.cloned();
    }
    if owner.collection != "map" && path.len() == 1 && path[0] == STAMP_FIELD {
        // Two stamps of one record (both sides changed it): never a conflict. The later one
        // is kept, the same whichever side is ours.
        return later_stamp(o, t);
    }
    if let (None | Some(Value::Object(_)), Some(Value::Object(oo)), Some(Value::Object(to))) = (b, o, t) {
        let empty = serde_json::Map::new();
        let bo = b.and_then(Value::as_object).unwrap_or(&empty);
        let mut out = serde_json::Map::new();
        for k in ordered_keys(oo, to, bo) {
            path.push(k.clone());
            if let Some(v) = merge_value(bo.get(&k), oo.get(&k), to.get(&k), owner, path, st) {
                out.insert(k, v);
            }
            path.pop();
        }
        return Some(Value::Object(out));
    }
    if path.last().is_none_or(|p| p != "position")
        && let (Some(ol), Some(tl)) = (text_set(o), text_set(t))
        && let Some(bl) = b.map_or(Some(Vec::new()), |b| text_set(Some(b)))
    {
        let (inb, ino, int): (foldhash::HashSet<&str>, foldhash::HashSet<&str>, foldhash::HashSet<&str>) =
            (bl.iter().copied().collect(), ol.iter().copied().collect(), tl.iter().copied().collect());
        let keep = |k: &str| {
            (ino.contains(k) || int.contains(k)) && !(inb.contains(k) && !(ino.contains(k) && int.contains(k)))
        };
        let merged = merge_order(&bl, &ol, &tl, keep);
        return Some(Value::Array(merged.into_iter().map(|s| Value::String(s.to_owned())).collect()));
    }
    if b.is_none()
        && path.last().is_some_and(|p| p == "position")
        && let Some(side) = st.position_from.get(owner.key)
    {
        return if *side == Side::Ours { o.cloned() } else { t.cloned() };
    }
    let side = st.conflict(owner, path, ConflictKind::BothChanged, [b, o, t], Side::Ours);
    if side == Side::Ours { o.cloned() } else { t.cloned() }
}

/// Of two records' "last changed" stamps, the later (see [`Provenance::later`]); a stamp that
/// does not read as one loses to one that does, and two such are told apart by their text.
fn later_stamp(o: Option<&Value>, t: Option<&Value>) -> Option<Value> {
    let read = |v: Option<&Value>| v.and_then(|v| Provenance::deserialize(v).ok());
    let (po, pt) = (read(o), read(t));
    match Provenance::later(po.as_ref(), pt.as_ref()) {
        Some(p) if Some(p) == po.as_ref() => o.cloned(),
        Some(_) => t.cloned(),
        None => {
            let text = |v: Option<&Value>| v.map(Value::to_string);
            if text(o) >= text(t) { o.cloned() } else { t.cloned() }
        }
    }
}

/// Whether two records are the same but for their "last changed" stamps.
fn same_but_stamp(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let rest = |m: &serde_json::Map<String, Value>| m.iter().filter(|(k, _)| *k != STAMP_FIELD).count();
            rest(a) == rest(b) && a.iter().filter(|(k, _)| *k != STAMP_FIELD).all(|(k, v)| b.get(k) == Some(v))
        }
        _ => a == b,
    }
}

/// The items of a list holding only distinct strings.
fn text_set(v: Option<&Value>) -> Option<Vec<&str>> {
    let items = v?.as_array()?;
    let texts: Vec<&str> = items.iter().map(Value::as_str).collect::<Option<_>>()?;
    let distinct: foldhash::HashSet<&str> = texts.iter().copied().collect();
    (distinct.len() == texts.len()).then_some(texts)
}

/// The order of a merged sequence of keys: the base's items that are kept, in the order of the
/// side that reordered them (if one did); each side's new items after the item they follow
/// there. Items both sides put at the same place go in the order of their first keys, so the
/// result does not depend on which side is "ours".
fn merge_order<'a>(
    base: &[&'a str],
    ours: &[&'a str],
    theirs: &[&'a str],
    keep: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    let in_base: foldhash::HashSet<&str> = base.iter().copied().collect();
    let skeleton: foldhash::HashSet<&str> = base.iter().copied().filter(|k| keep(k)).collect();
    let relative = |seq: &[&'a str]| -> Vec<&'a str> { seq.iter().copied().filter(|k| skeleton.contains(k)).collect() };
    let (rb, ro, rt) = (relative(base), relative(ours), relative(theirs));
    let in_rb = |seq: &Vec<&str>| -> Vec<&'a str> { rb.iter().copied().filter(|k| seq.contains(k)).collect() };
    // A side reordered the kept items if its order of those it has differs from the base's.
    let order_src = if ro != in_rb(&ro) {
        ro.clone()
    } else if rt != in_rb(&rt) {
        rt.clone()
    } else {
        rb.clone()
    };
    let mut spine = order_src;
    // Kept items missing from that order (deleted there, kept by a conflict): after their base
    // predecessor.
    for (i, k) in rb.iter().enumerate() {
        if !spine.contains(k) {
            let at = rb[..i].iter().rev().find_map(|p| spine.iter().position(|s| s == p)).map_or(0, |p| p + 1);
            spine.insert(at, k);
        }
    }
    // New items per anchor (the kept base item they follow; None: the start), per side.
    let mut runs: HashMap<Option<&'a str>, [Vec<&'a str>; 2]> = HashMap::new();
    for (s, seq) in [ours, theirs].into_iter().enumerate() {
        let mut anchor = None;
        for &k in seq {
            if skeleton.contains(k) {
                anchor = Some(k);
            } else if !in_base.contains(k) && keep(k) {
                runs.entry(anchor).or_default()[s].push(k);
            }
        }
    }
    let mut out = Vec::with_capacity(spine.len() + runs.values().map(|r| r[0].len() + r[1].len()).sum::<usize>());
    let mut placed: foldhash::HashSet<&str> = foldhash::HashSet::default();
    let mut emit = |anchor: Option<&'a str>, out: &mut Vec<&'a str>| {
        if let Some([a, b]) = runs.get(&anchor) {
            let (first, second) = if b.first() < a.first() && !b.is_empty() || a.is_empty() { (b, a) } else { (a, b) };
            for &k in first.iter().chain(second) {
                if placed.insert(k) {
                    out.push(k);
                }
            }
        }
    };
    emit(None, &mut out);
    for k in spine {
        out.push(k);
        emit(Some(k), &mut out);
    }
    out
}

/// What a record of the merge is taken from.
enum Take {
    Ours,
    Theirs,
    Made(Value),
    Nothing,
}

/// The keys of a collection's records, apart from the records so these can be moved out while
/// the keys index them.
fn keys_of(v: Option<&Value>, key: &str) -> Vec<String> {
    keyed(v, key).into_iter().map(|(k, _)| k).collect()
}

fn merge_collection(
    c: &Collection,
    b: Option<&Value>,
    o: Option<&mut Value>,
    t: Option<&mut Value>,
    st: &mut State<'_>,
) -> Vec<Value> {
    let bk = keyed(b, c.key);
    let okeys = keys_of(o.as_deref(), c.key);
    let tkeys = keys_of(t.as_deref(), c.key);
    // Small collections (the typology) are copied: a restored option or type is looked up in
    // the copies afterwards.
    let movable = c.path.first() != Some(&"typology");
    let take_all = |v: Option<&mut Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(a)) if movable => std::mem::take(a),
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        }
    };
    let (mut o, mut t) = (o, t);
    let (mut ovals, mut tvals) = (take_all(o.as_deref_mut()), take_all(t.as_deref_mut()));
    let bi: foldhash::HashMap<&str, usize> = bk.iter().enumerate().map(|(i, (k, _))| (k.as_str(), i)).collect();
    let oi: foldhash::HashMap<&str, usize> = okeys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let ti: foldhash::HashMap<&str, usize> = tkeys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let collection = c.path.join(".");
    let mut result: foldhash::HashMap<&str, Value> = foldhash::HashMap::default();
    result.reserve(okeys.len().max(tkeys.len()));
    let keys = bk.iter().map(|(k, _)| k).chain(&okeys).chain(&tkeys).map(String::as_str);
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for key in keys {
        if !seen.insert(key) {
            continue;
        }
        let bv = bi.get(key).map(|&i| bk[i].1);
        let (oix, tix) = (oi.get(key).copied(), ti.get(key).copied());
        let ov = oix.map(|i| &ovals[i]);
        let tv = tix.map(|i| &tvals[i]);
        let take = match (bv, ov, tv) {
            (_, Some(o), Some(t)) if o == t => Take::Ours,
            (Some(b), Some(o), Some(_)) if o == b => Take::Theirs,
            (Some(b), Some(_), Some(t)) if t == b => Take::Ours,
            (b, Some(o), Some(t)) => {
                let label = record_label(o, key);
                let owner = Owner { collection: collection.clone(), what: c.what, key, label };
                merge_value(b, Some(o), Some(t), &owner, &mut Vec::new(), st).map_or(Take::Nothing, Take::Made)
            }
            (Some(b), Some(o), None) | (Some(b), None, Some(o)) if o == b => Take::Nothing,
            (Some(b), Some(kept), None) | (Some(b), None, Some(kept)) => {
                let deleted_by = if ov.is_none() { Side::Ours } else { Side::Theirs };
                let owner = Owner { collection: collection.clone(), what: c.what, key, label: record_label(kept, key) };
                let kind = ConflictKind::DeletedChanged { deleted_by };
                let side = st.conflict(&owner, &[], kind, [Some(b), ov, tv], deleted_by.other());
                match (side == deleted_by, deleted_by) {
                    (true, _) => Take::Nothing,
                    (false, Side::Ours) => Take::Theirs,
                    (false, Side::Theirs) => Take::Ours,
                }
            }
            (None, Some(_), None) => Take::Ours,
            (None, None, Some(_)) => Take::Theirs,
            (_, None, None) => Take::Nothing,
        };
        let value = match take {
            Take::Ours => oix.map(|i| std::mem::take(&mut ovals[i])),
            Take::Theirs => tix.map(|i| std::mem::take(&mut tvals[i])),
            Take::Made(v) => Some(v),
            Take::Nothing => None,
        };
        if let Some(v) = value {
            result.insert(key, v);
        }
    }
    let order: Vec<&str> = if c.ordered {
        let sb: Vec<&str> = bk.iter().map(|(k, _)| k.as_str()).collect();
        let so: Vec<&str> = okeys.iter().map(String::as_str).collect();
        let stt: Vec<&str> = tkeys.iter().map(String::as_str).collect();
        let mut order = merge_order(&sb, &so, &stt, |k| result.contains_key(k));
        // Anything the merge kept that the order missed (cannot happen; kept for safety).
        let placed: foldhash::HashSet<&str> = order.iter().copied().collect();
        order.extend(
            sb.iter().chain(&so).chain(&stt).copied().filter(|k| result.contains_key(k) && !placed.contains(k)),
        );
        order.dedup();
        order
    } else {
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
        okeys
            .iter()
            .chain(&tkeys)
            .map(String::as_str)
            .chain(bk.iter().map(|(k, _)| k.as_str()))
            .filter(|k| result.contains_key(k) && seen.insert(k))
            .collect()
    };
    let out = order.into_iter().filter_map(|k| result.remove(k)).collect();
    // What was not moved goes back into the copies (nulls where records moved), for the
    // repairs that look up there what one side deleted.
    if movable {
        for (side, vals) in [(o, ovals), (t, tvals)] {
            if let Some(Value::Array(a)) = side {
                *a = vals;
            }
        }
    }
    out
}

/// Before merging: organisations both sides added with the same name and type become one, and
/// records both sides added under the same numbered id (two different things) are told apart
/// by a fresh id for one of them. Each side is copied only if it must change.
fn reconcile_additions(base: &Value, ours: &mut Value, theirs: &mut Value, st: &mut State<'_>) {
    for c in COLLECTIONS.iter().filter(|c| c.numbered.is_some()) {
        let bk: foldhash::HashSet<String> = keyed(get_path(base, c.path), c.key).into_iter().map(|(k, _)| k).collect();
        let added = |doc: &Value| -> Vec<(String, Value)> {
            let mut v: Vec<(String, Value)> = keyed(get_path(doc, c.path), c.key)
                .into_iter()
                .filter(|(k, _)| !bk.contains(k))
                .map(|(k, r)| (k, r.clone()))
                .collect();
            v.sort_by(|a, b| natural_cmp(&a.0, &b.0));
            v
        };
        let (oa, ta) = (added(ours), added(theirs));
        if oa.is_empty() || ta.is_empty() {
            continue;
        }
        let mut renames: [HashMap<String, String>; 2] = [HashMap::new(), HashMap::new()];
        let (okeys, tkeys): (foldhash::HashSet<&str>, foldhash::HashSet<&str>) =
            (oa.iter().map(|(k, _)| k.as_str()).collect(), ta.iter().map(|(k, _)| k.as_str()).collect());
        let mut identified: foldhash::HashSet<String> = foldhash::HashSet::default();
        if c.path == ["organisations"] {
            let ident = |r: &Value| (r.get("name").cloned(), r.get("type").cloned());
            let mut matched_t: foldhash::HashSet<&str> = foldhash::HashSet::default();
            for (ok_, orec) in &oa {
                let Some((tk_, trec)) =
                    ta.iter().find(|(tk_, trec)| !matched_t.contains(tk_.as_str()) && ident(trec) == ident(orec))
                else {
                    continue;
                };
                let kept = if natural_cmp(ok_, tk_).is_le() { ok_ } else { tk_ };
                // The side whose key goes must not already hold the kept key for something else.
                let (gone_side, gone_key) = if kept == ok_ { (1, tk_) } else { (0, ok_) };
                let clash = if gone_side == 1 { tkeys.contains(kept.as_str()) } else { okeys.contains(kept.as_str()) };
                if gone_key != kept && clash {
                    continue;
                }
                matched_t.insert(tk_);
                if gone_key != kept {
                    renames[gone_side].insert(gone_key.clone(), kept.clone());
                }
                let position_side = if ok_ == tk_ {
                    if sorts_first(orec, trec) { Side::Ours } else { Side::Theirs }
                } else if kept == ok_ {
                    Side::Ours
                } else {
                    Side::Theirs
                };
                st.position_from.insert(kept.clone(), position_side);
                identified.insert(kept.clone());
                let name = orec.get("name").and_then(Value::as_str).unwrap_or_default();
                let ty = orec.get("type").and_then(Value::as_str).unwrap_or_default();
                st.notes.push(if ok_ == tk_ {
                    format!("organisation “{name}” ({ty}) was added in both copies as {kept}: kept once")
                } else {
                    format!("organisation “{name}” ({ty}) was added in both copies (ours {ok_}, theirs {tk_}): kept once as {kept}")
                });
            }
        }
        // The same new id for different records: the one whose record sorts later gets a fresh id.
        if let Some(letter) = c.numbered {
            let tmap: HashMap<&str, &Value> = ta.iter().map(|(k, v)| (k.as_str(), v)).collect();
            let mut next = [base, &*ours, &*theirs]
                .iter()
                .flat_map(|d| keyed(get_path(d, c.path), c.key))
                .filter_map(|(k, _)| k.strip_prefix(letter).and_then(|n| n.parse::<u64>().ok()))
                .max()
                .unwrap_or(0)
                + 1;
            let renamed_to: foldhash::HashSet<&String> = renames.iter().flat_map(HashMap::values).collect();
            let renamed_from: foldhash::HashSet<&String> = renames.iter().flat_map(HashMap::keys).collect();
            let mut fresh = Vec::new();
            for (k, orec) in &oa {
                let Some(trec) = tmap.get(k.as_str()) else { continue };
                if identified.contains(k)
                    || renamed_to.contains(k)
                    || renamed_from.contains(k)
                    || same_but_stamp(trec, orec)
                {
                    continue;
                }
                let side = usize::from(sorts_first(orec, trec));
                let new_key = format!("{letter}{next}");
                next += 1;
                let label = record_label(if side == 0 { orec } else { trec }, k);
                st.notes.push(format!(
                    "{} {k} was added in both copies as different things: {}'s “{label}” is now {new_key}",
                    c.what,
                    if side == 0 { "ours" } else { "theirs" }
                ));
                fresh.push((side, k.clone(), new_key));
            }
            for (side, k, new_key) in fresh {
                renames[side].insert(k, new_key);
            }
        }
        for (side, map) in renames.into_iter().enumerate() {
            if !map.is_empty() {
                let doc = if side == 0 { &mut *ours } else { &mut *theirs };
                rename_keys(doc, c, &map);
            }
        }
    }
}

/// Whether `a` comes first in a fixed order of values (their JSON text): which of two records
/// both sides added gives way, the same whichever side is "ours".
fn sorts_first(a: &Value, b: &Value) -> bool {
    let text = |v: &Value| v.to_string();
    text(a) <= text(b)
}

/// Renames records of `c` in `doc` (and, for organisations, every reference to them).
fn rename_keys(doc: &mut Value, c: &Collection, renames: &HashMap<String, String>) {
    let swap = |v: &mut Value| {
        if let Some(new) = v.as_str().and_then(|s| renames.get(s)) {
            *v = Value::String(new.clone());
        }
    };
    if let Some(Value::Array(items)) = get_path_mut(doc, c.path) {
        for r in items {
            if let Some(k) = r.get_mut(c.key) {
                swap(k);
            }
        }
    }
    if c.path == ["organisations"] {
        for (path, field) in ORG_REFERENCES {
            if let Some(Value::Array(items)) = get_path_mut(doc, path) {
                for r in items {
                    match r.get_mut(*field) {
                        Some(Value::Array(ids)) => ids.iter_mut().for_each(swap),
                        Some(v) => swap(v),
                        None => {}
                    }
                }
            }
        }
    }
}

/// After merging: what one side deleted and the other still uses is put back (a conflict), or,
/// for an organisation the user chose to delete, what used it goes too.
fn repair_references(out: &mut Value, sides: &[&Value; 3], st: &mut State<'_>) {
    repair_link_ends(out, sides, st);
    repair_types(out, sides, st);
    repair_fields(out, sides, st);
    drop_steps_at_missing_organisations(out);
}

/// Journey steps at an organisation the merged map no longer has are dropped, as deleting an
/// organisation in the app drops them (one copy deleted it, the other changed the journey).
fn drop_steps_at_missing_organisations(out: &mut Value) {
    let orgs: foldhash::HashSet<String> = keyed(out.get("organisations"), "id").into_iter().map(|(k, _)| k).collect();
    let Some(Value::Array(journeys)) = out.get_mut("journeys") else { return };
    for journey in journeys {
        if let Some(Value::Array(steps)) = journey.get_mut("steps") {
            steps.retain(|s| s.get("org").and_then(Value::as_str).is_none_or(|id| orgs.contains(id)));
        }
    }
}

/// Organisations named by links.
fn repair_link_ends(out: &mut Value, sides: &[&Value; 3], st: &mut State<'_>) {
    loop {
        let orgs: foldhash::HashSet<String> =
            keyed(out.get("organisations"), "id").into_iter().map(|(k, _)| k).collect();
        let mut missing: Vec<(String, String)> = Vec::new();
        for (lk, l) in keyed(out.get("links"), "id") {
            for end in ["from", "to"] {
                if let Some(id) = l.get(end).and_then(Value::as_str)
                    && !orgs.contains(id)
                    && !missing.iter().any(|(m, _)| m == id)
                {
                    missing.push((id.to_owned(), format!("link {lk}")));
                }
            }
        }
        if missing.is_empty() {
            break;
        }
        for (id, used_by) in missing {
            let owner_of = |doc: &Value| {
                keyed(doc.get("organisations"), "id").into_iter().find(|(k, _)| *k == id).map(|(_, r)| r.clone())
            };
            let (ours_has, theirs_has) = (owner_of(sides[1]), owner_of(sides[2]));
            let base_has = owner_of(sides[0]);
            let deleted_by = if ours_has.is_none() { Side::Ours } else { Side::Theirs };
            let restored = ours_has.clone().or_else(|| theirs_has.clone()).or_else(|| base_has.clone());
            let label = restored.as_ref().map_or_else(|| id.clone(), |r| record_label(r, &id));
            let owner = Owner { collection: "organisations".into(), what: "organisation", key: &id, label };
            let kind = ConflictKind::DeletedUsed { deleted_by, used_by };
            let side = st.conflict(
                &owner,
                &[],
                kind,
                [base_has.as_ref(), ours_has.as_ref(), theirs_has.as_ref()],
                deleted_by.other(),
            );
            match restored {
                Some(r) if side != deleted_by => push_record(out, &["organisations"], r),
                _ => {
                    if let Some(Value::Array(links)) = out.get_mut("links") {
                        let before = links.len();
                        links.retain(|l| {
                            l.get("from").and_then(Value::as_str) != Some(&id)
                                && l.get("to").and_then(Value::as_str) != Some(&id)
                        });
                        st.notes
                            .push(format!("dropped {} link(s) to the deleted organisation {id}", before - links.len()));
                    }
                }
            }
        }
    }
}

/// Types named by organisations and links.
fn repair_types(out: &mut Value, sides: &[&Value; 3], st: &mut State<'_>) {
    let uses: [(&[&str], &str, &[&str]); 2] =
        [(&["organisations"], "type", &["typology", "org_types"]), (&["links"], "type", &["typology", "link_types"])];
    for (records, field, types_path) in uses {
        let types: foldhash::HashSet<String> =
            keyed(get_path(out, types_path), "id").into_iter().map(|(k, _)| k).collect();
        let mut missing: Vec<(String, String)> = Vec::new();
        for (rk, r) in keyed(get_path(out, records), "id") {
            if let Some(t) = r.get(field).and_then(Value::as_str)
                && !types.contains(t)
                && !missing.iter().any(|(m, _)| m == t)
            {
                missing.push((
                    t.to_owned(),
                    format!("{} {rk}", if records == ["links"] { "link" } else { "organisation" }),
                ));
            }
        }
        for (id, used_by) in missing {
            restore_definition(out, sides, types_path, &id, used_by, &[], st);
        }
    }
}

/// Fields, and options of choice fields, that organisations and links have values for.
fn repair_fields(out: &mut Value, sides: &[&Value; 3], st: &mut State<'_>) {
    let fields_path: &[&str] = &["typology", "fields"];
    let mut missing: Vec<(String, String)> = Vec::new();
    let mut options: Vec<(String, String, String)> = Vec::new();
    let defs: HashMap<String, Value> =
        keyed(get_path(out, fields_path), "id").into_iter().map(|(k, v)| (k, v.clone())).collect();
    for records in [&["organisations"][..], &["links"][..]] {
        for (rk, r) in keyed(get_path(out, records), "id") {
            let Some(Value::Object(values)) = r.get("fields") else { continue };
            for (f, v) in values {
                let used_by = format!("{} {rk}", if records == ["links"] { "link" } else { "organisation" });
                let Some(def) = defs.get(f) else {
                    if !missing.iter().any(|(m, _)| m == f) {
                        missing.push((f.clone(), used_by));
                    }
                    continue;
                };
                let kind = def.get("kind").and_then(Value::as_str).unwrap_or_default();
                if kind != "choice" && kind != "multi_choice" {
                    continue;
                }
                let have: Vec<&str> = def
                    .get("options")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let used: Vec<&str> = match v {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                for u in used {
                    if !have.contains(&u) && !options.iter().any(|(ff, o, _)| ff == f && o == u) {
                        options.push((f.clone(), u.to_owned(), used_by.clone()));
                    }
                }
            }
        }
    }
    for (id, used_by) in missing {
        restore_definition(out, sides, fields_path, &id, used_by, &[], st);
    }
    for (field, option, used_by) in options {
        restore_definition(out, sides, fields_path, &field, used_by, &[option], st);
    }
}

/// Puts back a typology entry (or, with `option`, one option of a field) that one side deleted
/// and the other uses.
fn restore_definition(
    out: &mut Value,
    sides: &[&Value; 3],
    path: &[&str],
    id: &str,
    used_by: String,
    option: &[String],
    st: &mut State<'_>,
) {
    let find =
        |doc: &Value| keyed(get_path(doc, path), "id").into_iter().find(|(k, _)| k == id).map(|(_, r)| r.clone());
    let (b, o, t) = (find(sides[0]), find(sides[1]), find(sides[2]));
    let what = COLLECTIONS.iter().find(|c| c.path == path).map_or("entry", |c| c.what);
    let label = o.as_ref().or(t.as_ref()).or(b.as_ref()).map_or_else(|| id.to_owned(), |r| record_label(r, id));
    let owner = Owner { collection: path.join("."), what, key: id, label };
    if let Some(opt) = option.first() {
        let has = |r: &Option<Value>| {
            r.as_ref()
                .and_then(|r| r.get("options"))
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|v| v == opt.as_str()))
        };
        let deleted_by = if has(&o) { Side::Theirs } else { Side::Ours };
        let kind = ConflictKind::DeletedUsed { deleted_by, used_by: format!("{used_by} (option “{opt}”)") };
        st.conflict(&owner, &["options".to_owned()], kind, [b.as_ref(), o.as_ref(), t.as_ref()], deleted_by.other());
        if let Some(Value::Array(defs)) = get_path_mut(out, path)
            && let Some(def) = defs.iter_mut().find(|d| d.get("id").and_then(Value::as_str) == Some(id))
            && let Some(obj) = def.as_object_mut()
        {
            let opts = obj.entry("options").or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(a) = opts {
                a.push(Value::String(opt.clone()));
            }
        }
        return;
    }
    let deleted_by = if o.is_none() { Side::Ours } else { Side::Theirs };
    let kind = ConflictKind::DeletedUsed { deleted_by, used_by };
    st.conflict(&owner, &[], kind, [b.as_ref(), o.as_ref(), t.as_ref()], deleted_by.other());
    if let Some(r) = o.or(t).or(b) {
        push_record(out, path, r);
    }
}

fn push_record(out: &mut Value, path: &[&str], record: Value) {
    if let Some(slot) = get_path_mut(out, path) {
        if !slot.is_array() {
            *slot = Value::Array(Vec::new());
        }
        if let Value::Array(a) = slot {
            a.push(record);
        }
    }
}

/// A sticky note per conflict, beside the organisation concerned (or at the map's origin),
/// holding both values.
fn mark_conflicts(out: &mut Value, conflicts: &[Conflict]) {
    if conflicts.is_empty() {
        return;
    }
    let positions: HashMap<String, [f64; 2]> = keyed(out.get("organisations"), "id")
        .into_iter()
        .filter_map(|(k, r)| {
            let p = r.get("position")?.as_array()?;
            Some((k, [p.first()?.as_f64()?, p.get(1)?.as_f64()?]))
        })
        .collect();
    let link_ends: HashMap<String, String> = keyed(out.get("links"), "id")
        .into_iter()
        .filter_map(|(k, r)| Some((k, r.get("from")?.as_str()?.to_owned())))
        .collect();
    let next = keyed(out.get("notes"), "id")
        .into_iter()
        .filter_map(|(k, _)| k.strip_prefix('n').and_then(|n| n.parse::<u64>().ok()))
        .max()
        .unwrap_or(0)
        + 1;
    let mut notes = Vec::new();
    for (n, (i, c)) in (next..).zip(conflicts.iter().enumerate()) {
        let org = match c.collection.as_str() {
            "organisations" => Some(c.key.clone()),
            "links" => link_ends.get(&c.key).cloned(),
            _ => None,
        };
        let at = org.and_then(|o| positions.get(&o).copied()).unwrap_or([0.0, 0.0]);
        let step = f64::from(u32::try_from(i % 8).unwrap_or(0)) * 12.0;
        let text = format!(
            "MERGE CONFLICT — {}\nours: {}\ntheirs: {}\nbase: {}",
            c.describe(),
            show_value(c.ours.as_ref()),
            show_value(c.theirs.as_ref()),
            show_value(c.base.as_ref())
        );
        notes.push(serde_json::json!({"id": format!("n{n}"), "text": text, "position": [at[0] + 24.0 + step, at[1] - 48.0 - step]}));
    }
    for n in notes {
        push_record(out, &["notes"], n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkId, LinkRecord, OrgId, Organisation, TypeId};

    fn example() -> Map {
        crate::example_map().unwrap()
    }

    fn by_name<'a>(map: &'a Map, name: &str) -> &'a Organisation {
        map.organisations().find(|o| o.name.contains(name)).unwrap()
    }

    #[test]
    fn a_retype_and_a_new_linked_organisation_merge_without_conflict() {
        let base = example();
        let cafe = by_name(&base, "café").clone();
        let mut ours = base.clone();
        let knit = ours.next_org_id();
        ours.insert_organisation(Organisation::new(
            knit.clone(),
            "Knitting group",
            TypeId::new("community_group"),
            [1.0, 2.0],
        ))
        .unwrap();
        ours.insert_link(LinkRecord::new(
            ours.next_link_id(),
            knit.clone(),
            cafe.id.clone(),
            TypeId::new("signposting"),
        ))
        .unwrap();
        let mut theirs = base.clone();
        let mut retyped = cafe.clone();
        retyped.org_type = TypeId::new("drop_in");
        theirs.replace_organisation(retyped).unwrap();
        let gone: LinkId = theirs.links_of(&cafe.id)[0].id.clone();
        theirs.remove_link(&gone).unwrap();
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.map.org(&cafe.id).unwrap().org_type.as_str(), "drop_in");
        assert!(m.map.org(&knit).is_some());
        assert!(m.map.link_record(&gone).is_none());
        assert_eq!(m.map.link_count(), base.link_count());
        let swapped = merge_maps(&base, &theirs, &ours, &MergeOptions::default()).unwrap();
        assert_eq!(swapped.map, m.map);
    }

    #[test]
    fn the_same_field_changed_two_ways_is_a_conflict_marked_with_both_values() {
        let base = example();
        let cafe = by_name(&base, "café").clone();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let mut a = cafe.clone();
        a.org_type = TypeId::new("drop_in");
        ours.replace_organisation(a).unwrap();
        let mut b = cafe.clone();
        b.org_type = TypeId::new("helpline");
        theirs.replace_organisation(b).unwrap();
        let options = MergeOptions { mark_conflicts: true, ..MergeOptions::default() };
        let m = merge_maps(&base, &ours, &theirs, &options).unwrap();
        assert_eq!(m.conflicts.len(), 1);
        let c = &m.conflicts[0];
        assert_eq!(c.path, ["type"]);
        assert_eq!(m.map.org(&cafe.id).unwrap().org_type.as_str(), "drop_in");
        let note = m.map.notes.iter().find(|n| n.text.starts_with("MERGE CONFLICT")).unwrap();
        assert!(note.text.contains("\"drop_in\"") && note.text.contains("\"helpline\""), "{}", note.text);
        // Choosing theirs.
        let choices = HashMap::from([(c.id(), Side::Theirs)]);
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions { choices, mark_conflicts: false }).unwrap();
        assert_eq!(m.map.org(&cafe.id).unwrap().org_type.as_str(), "helpline");
        assert!(m.map.notes.is_empty());
    }

    #[test]
    fn both_adding_the_same_organisation_keeps_one_and_different_ones_under_one_id_keep_both() {
        let base = example();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let id = base.next_org_id();
        ours.insert_organisation(Organisation::new(
            id.clone(),
            "Knitting group",
            TypeId::new("community_group"),
            [1.0, 2.0],
        ))
        .unwrap();
        theirs
            .insert_organisation(Organisation::new(
                id.clone(),
                "Knitting group",
                TypeId::new("community_group"),
                [5.0, 2.0],
            ))
            .unwrap();
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.map.org_count(), base.org_count() + 1);
        assert_eq!(m.notes.len(), 1, "{:?}", m.notes);
        // Different organisations under the same new id: both kept, links follow.
        let mut theirs = base.clone();
        theirs
            .insert_organisation(Organisation::new(
                id.clone(),
                "Bench gardening club",
                TypeId::new("community_group"),
                [5.0, 2.0],
            ))
            .unwrap();
        let first = base.organisations_sorted()[0].id.clone();
        theirs
            .insert_link(LinkRecord::new(LinkId::new("l999"), id.clone(), first, TypeId::new("signposting")))
            .unwrap();
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.map.org_count(), base.org_count() + 2);
        let walking = by_name(&m.map, "Bench gardening");
        let link = m.map.link_record(&LinkId::new("l999")).unwrap();
        assert_eq!(link.from, walking.id);
        // Identified by name and type under different ids.
        let mut theirs = base.clone();
        let other = OrgId::new("o777");
        theirs
            .insert_organisation(Organisation::new(other, "Knitting group", TypeId::new("community_group"), [5.0, 2.0]))
            .unwrap();
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert_eq!(m.map.org_count(), base.org_count() + 1, "{:?}", m.notes);
    }

    #[test]
    fn deletions_against_edits_and_uses_keep_the_work() {
        let base = example();
        let cafe = by_name(&base, "café").clone();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.remove_organisation(&cafe.id).unwrap();
        let mut renamed = cafe.clone();
        renamed.name = "Crisis café (evenings)".into();
        theirs.replace_organisation(renamed).unwrap();
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert_eq!(m.conflicts.len(), 1);
        assert!(matches!(m.conflicts[0].kind, ConflictKind::DeletedChanged { deleted_by: Side::Ours }));
        assert_eq!(m.map.org(&cafe.id).unwrap().name, "Crisis café (evenings)");
        // Deleted on one side, linked to on the other.
        let mut theirs = base.clone();
        let first = base.organisations_sorted().into_iter().find(|o| o.id != cafe.id).unwrap().id.clone();
        theirs
            .insert_link(LinkRecord::new(LinkId::new("l999"), first, cafe.id.clone(), TypeId::new("referral")))
            .unwrap();
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert!(m.map.org(&cafe.id).is_some());
        let choices = HashMap::from([(m.conflicts[0].id(), Side::Ours)]);
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions { choices, mark_conflicts: false }).unwrap();
        assert!(m.map.org(&cafe.id).is_none());
        assert!(m.map.link_record(&LinkId::new("l999")).is_none());
    }

    #[test]
    fn a_type_deleted_on_one_side_and_used_on_the_other_is_kept() {
        let base = example();
        let mut ours = base.clone();
        let mut t = ours.typology().clone();
        let unused: Vec<TypeId> =
            t.org_types.iter().map(|o| o.id.clone()).filter(|id| ours.members_of(id).next().is_none()).collect();
        let gone = unused.first().cloned().unwrap_or_else(|| TypeId::new("carers"));
        let members: Vec<OrgId> = ours.members_of(&gone).map(|o| o.id.clone()).collect();
        for m in members {
            ours.remove_organisation(&m).unwrap();
        }
        t.org_types.retain(|o| o.id != gone);
        ours.set_typology(t).unwrap();
        let mut theirs = base.clone();
        theirs.insert_organisation(Organisation::new(OrgId::new("o900"), "New", gone.clone(), [0.0, 0.0])).unwrap();
        let m = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert!(m.map.typology().org_type(&gone).is_some());
        assert!(
            m.conflicts.iter().any(|c| matches!(c.kind, ConflictKind::DeletedUsed { .. }) && c.key == gone.as_str())
        );
    }

    #[test]
    fn merge_order_is_symmetric_for_additions_at_one_place() {
        let base = ["a", "b"];
        let ours = ["a", "x", "b"];
        let theirs = ["a", "y", "b", "z"];
        let one = merge_order(&base, &ours, &theirs, |_| true);
        let two = merge_order(&base, &theirs, &ours, |_| true);
        assert_eq!(one, two);
        assert_eq!(one, ["a", "x", "y", "b", "z"]);
    }

    /// `map` after `author` edits org `id` with `change` at `time` ("2026-11-30T10:00:00Z"),
    /// stamped as the app stamps it.
    fn stamped_edit(map: &Map, id: &OrgId, author: &str, time: &str, change: impl Fn(&mut Organisation)) -> Map {
        let at = chrono::DateTime::parse_from_rfc3339(time).unwrap().to_utc();
        let mut org = map.org(id).unwrap().clone();
        change(&mut org);
        let edit = crate::edit::Edit::UpdateOrganisations(vec![org]);
        let edit = crate::edit::stamped(map, edit, &Provenance::new(author, at));
        let mut out = map.clone();
        crate::edit::apply(&mut out, edit).unwrap();
        out
    }

    #[test]
    fn a_merged_map_keeps_whose_change_each_part_was() {
        let base = example();
        let ids: Vec<OrgId> = base.organisations_sorted().iter().map(|o| o.id.clone()).collect();
        let ours = stamped_edit(&base, &ids[0], "Ana", "2026-11-30T10:00:00Z", |o| o.name = "Ana's".into());
        let theirs = stamped_edit(&base, &ids[1], "Bo", "2026-11-29T10:00:00Z", |o| o.notes = "Bo's".into());
        let merged = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        let by = |id: &OrgId| merged.map.org(id).unwrap().changed.as_ref().map(|p| p.by.clone());
        assert_eq!(by(&ids[0]).as_deref(), Some("Ana"));
        assert_eq!(by(&ids[1]).as_deref(), Some("Bo"));
        assert_eq!(by(&ids[2]), None);
        assert_eq!(merged.map.authors(), vec!["Ana".to_owned(), "Bo".to_owned()]);
    }

    #[test]
    fn two_sides_stamping_one_organisation_do_not_conflict_and_the_later_stamp_stays() {
        let base = example();
        let id = base.organisations_sorted()[3].id.clone();
        let ours = stamped_edit(&base, &id, "Ana", "2026-11-30T10:00:00Z", |o| o.name = "Renamed".into());
        let theirs = stamped_edit(&base, &id, "Bo", "2026-11-30T11:00:00Z", |o| o.notes = "Open late".into());
        for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
            let merged = merge_maps(&base, a, b, &MergeOptions::default()).unwrap();
            assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
            let org = merged.map.org(&id).unwrap();
            assert_eq!((org.name.as_str(), org.notes.as_str()), ("Renamed", "Open late"));
            assert_eq!(org.changed.as_ref().unwrap().by, "Bo", "the later change's stamp");
        }
        // The same field two ways: one conflict, for the field, none for the stamp.
        let theirs = stamped_edit(&base, &id, "Bo", "2026-11-30T11:00:00Z", |o| o.name = "Other".into());
        let merged = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        let paths: Vec<String> = merged.conflicts.iter().map(|c| c.path.join(".")).collect();
        assert_eq!(paths, vec!["name".to_owned()]);
    }

    #[test]
    fn the_same_link_added_on_both_sides_with_different_stamps_is_one_link() {
        let base = example();
        let ids: Vec<OrgId> = base.organisations_sorted().iter().map(|o| o.id.clone()).collect();
        let id = base.next_link_id();
        let add = |by: &str, time: &str| {
            let at = chrono::DateTime::parse_from_rfc3339(time).unwrap().to_utc();
            let mut m = base.clone();
            let mut l = LinkRecord::new(id.clone(), ids[0].clone(), ids[5].clone(), TypeId::new("referral"));
            l.changed = Some(Provenance::new(by, at));
            m.insert_link(l).unwrap();
            m
        };
        let (ours, theirs) = (add("Ana", "2026-11-30T10:00:00Z"), add("Bo", "2026-11-30T09:00:00Z"));
        let merged = merge_maps(&base, &ours, &theirs, &MergeOptions::default()).unwrap();
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        assert_eq!(merged.map.link_count(), base.link_count() + 1, "{:?}", merged.notes);
        assert_eq!(merged.map.link_record(&id).unwrap().changed.unwrap().by, "Ana");
    }

    #[test]
    fn a_diff_leaves_out_a_change_of_nothing_but_the_stamp() {
        use crate::versions::{DiffOptions, diff_maps};
        let base = example();
        let id = base.organisations_sorted()[0].id.clone();
        let mut restamped = base.clone();
        let mut org = restamped.org(&id).unwrap().clone();
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z").unwrap().to_utc();
        org.changed = Some(Provenance::new("Ana", at));
        restamped.replace_organisation(org).unwrap();
        assert!(diff_maps(&base, &restamped, DiffOptions::DEFAULT).is_empty());
        assert_eq!(diff_maps(&base, &restamped, DiffOptions::EXACT).changes.len(), 1);
        let renamed = stamped_edit(&base, &id, "Ana", "2026-11-30T10:00:00Z", |o| o.name = "New".into());
        let lines = diff_maps(&base, &renamed, DiffOptions::DEFAULT).lines();
        assert!(lines.iter().any(|l| l.contains(": name: ")), "{lines:?}");
        assert!(
            lines.iter().any(|l| l.ends_with(": last changed by Ana (2026-11-30T10:00:00Z)")),
            "the stamp is listed with the change, in words: {lines:?}"
        );
        assert!(!lines.iter().any(|l| l.contains("changed.by")), "{lines:?}");
    }
}
