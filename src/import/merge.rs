//! Merging imported records into a map: as one undoable edit (the app), or straight into a copy
//! of the map (`import_into`: the command line, and a new map from a file).

use super::{ImportError, Imported};
use crate::edit::Edit;
use crate::model::ids::IdIndex;
use crate::model::typology::{OKABE_ITO, check_value, is_iso_date};
use crate::model::{
    AppliesTo, FieldDef, FieldId, FieldKind, FieldValue, FieldValues, Link, LinkId, LinkRecord, LinkType, Map, OrgId,
    OrgType, Organisation, Shape, TypeId, Typology,
};
use foldhash::{HashMap as FastMap, HashSet as FastSet};
use std::collections::HashMap;
use std::path::Path;

/// What an import did, for the user to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// New organisations.
    pub orgs_created: usize,
    /// Organisations already in the map that were updated.
    pub orgs_updated: usize,
    /// New links.
    pub links_created: usize,
    /// Links already in the map that were updated.
    pub links_updated: usize,
    /// Typology entries created ("organisation type 'Faith group'", "field 'Capacity'", ...).
    pub typology_added: Vec<String>,
    /// What was left out, and why.
    pub skipped: Vec<String>,
}

impl ImportReport {
    /// The report as lines.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![
            format!("Organisations: {} created, {} updated", self.orgs_created, self.orgs_updated),
            format!("Links: {} created, {} updated", self.links_created, self.links_updated),
        ];
        out.extend(self.typology_added.iter().map(|t| format!("Added {t}")));
        if !self.skipped.is_empty() {
            out.push(format!("Skipped {}:", self.skipped.len()));
            out.extend(self.skipped.iter().map(|s| format!("  {s}")));
        }
        out
    }
}

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// `key(a) == key(b)` without allocating.
fn same_key(a: &str, b: &str) -> bool {
    a.trim().chars().flat_map(char::to_lowercase).eq(b.trim().chars().flat_map(char::to_lowercase))
}

/// A link end that is not an id as the number of the one organisation with that label. The
/// organisations by label are gathered by `gather` the first time an end needs them.
fn label_end(
    end: &str,
    by_label: &std::cell::OnceCell<FastMap<String, Vec<u32>>>,
    gather: impl FnOnce() -> FastMap<String, Vec<u32>>,
) -> Result<u32, String> {
    match by_label.get_or_init(gather).get(&key(end)).map(Vec::as_slice) {
        Some([one]) => Ok(*one),
        Some([_, _, ..]) => Err(format!("more than one organisation is called '{end}'")),
        _ => Err(format!("no organisation called '{end}'")),
    }
}

/// Organisation ids → their numbers (see [`IdIndex`]: short ids kept inside the table).
type Ends = IdIndex<u32>;

/// The link a (from, to, type) triple was last seen as: one of the map's, or one of the
/// imported links' results (by place, so no id is copied for it).
enum SeenLink<'a> {
    InMap(&'a LinkId),
    Result(usize),
}

/// A count as an organisation's number (maps hold far fewer than 4 billion).
fn slot(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What one imported cell does to a field.
enum Cell {
    /// Set this value.
    Set(FieldValue),
    /// An empty cell: clear the value.
    Clear,
    /// Unusable (reported): leave the value as it was.
    Invalid,
}

struct Builder {
    typology: Typology,
    report: ImportReport,
    field_kinds: HashMap<String, FieldKind>,
    /// Names already resolved to types and fields (the typology only grows during an import):
    /// 20,000 rows naming ten types are ten searches, not 20,000.
    org_types: FastMap<String, TypeId>,
    link_types: FastMap<String, (TypeId, u32)>,
    /// Choice options already resolved, by field place and the text as written.
    options: FastMap<usize, FastMap<String, String>>,
    /// Fields by column name (organisation fields, then link fields): id and place in the
    /// typology (fields are only added during an import, so places stay put).
    fields: [FastMap<String, (FieldId, usize)>; 2],
}

impl Builder {
    fn org_type(&mut self, name: Option<&str>, colour: Option<crate::model::Colour>) -> TypeId {
        let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or("Organisation");
        if let Some(id) = self.org_types.get(name) {
            return id.clone();
        }
        let id = self.find_or_add_org_type(name, colour);
        self.org_types.insert(name.to_owned(), id.clone());
        id
    }

    fn find_or_add_org_type(&mut self, name: &str, colour: Option<crate::model::Colour>) -> TypeId {
        let t = &self.typology;
        if let Some(found) = t
            .org_types
            .iter()
            .find(|o| o.id.as_str() == name)
            .or_else(|| t.org_types.iter().find(|o| same_key(&o.name, name) || same_key(o.id.as_str(), name)))
        {
            return found.id.clone();
        }
        let id = TypeId::new(t.fresh_id(name));
        let used: Vec<Shape> = t.org_types.iter().map(|o| o.shape).collect();
        let shape = Shape::ALL.into_iter().find(|s| !used.contains(s)).unwrap_or_default();
        let colour = colour.unwrap_or(OKABE_ITO[t.org_types.len() % OKABE_ITO.len()]);
        self.typology.org_types.push(OrgType {
            id: id.clone(),
            name: name.to_owned(),
            definition: "Created by import; add a definition and inclusion criteria.".to_owned(),
            colour,
            shape,
        });
        self.report.typology_added.push(format!("organisation type '{name}'"));
        id
    }

    /// The link type a name means (created if new) and its place in the typology (link types
    /// are only added during an import, so places stay put).
    fn link_type(&mut self, name: Option<&str>, directed: Option<bool>) -> (TypeId, u32) {
        let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or("Connection");
        if let Some(found) = self.link_types.get(name) {
            return found.clone();
        }
        let id = self.find_or_add_link_type(name, directed);
        let at = self.typology.link_types.iter().position(|t| t.id == id).map_or(u32::MAX, slot);
        self.link_types.insert(name.to_owned(), (id.clone(), at));
        (id, at)
    }

    fn find_or_add_link_type(&mut self, name: &str, directed: Option<bool>) -> TypeId {
        let t = &self.typology;
        if let Some(found) = t
            .link_types
            .iter()
            .find(|o| o.id.as_str() == name)
            .or_else(|| t.link_types.iter().find(|o| same_key(&o.name, name) || same_key(o.id.as_str(), name)))
        {
            return found.id.clone();
        }
        let id = TypeId::new(t.fresh_id(name));
        let colour = OKABE_ITO[(t.link_types.len() + 3) % OKABE_ITO.len()];
        self.typology.link_types.push(LinkType {
            id: id.clone(),
            name: name.to_owned(),
            definition: "Created by import.".to_owned(),
            directed: directed.unwrap_or(true),
            style: crate::model::LineStyle::Solid,
            colour,
        });
        self.report.typology_added.push(format!("link type '{name}'"));
        id
    }

    /// The field a column names, created (as text, or the kind the file declares) if new.
    fn field(&mut self, name: &str, applies_to: AppliesTo) -> (FieldId, usize) {
        let memo = usize::from(applies_to == AppliesTo::Links);
        if let Some(found) = self.fields[memo].get(name) {
            return found.clone();
        }
        let id = self.find_or_add_field(name, applies_to);
        let at = self.typology.fields.iter().position(|f| f.id == id).unwrap_or(usize::MAX);
        self.fields[memo].insert(name.to_owned(), (id.clone(), at));
        (id, at)
    }

    fn find_or_add_field(&mut self, name: &str, applies_to: AppliesTo) -> FieldId {
        let t = &self.typology;
        let matches = |f: &&FieldDef| {
            f.applies_to == applies_to
                && (f.id.as_str() == name || same_key(&f.name, name) || same_key(f.id.as_str(), name))
        };
        if let Some(f) = t.fields.iter().find(matches) {
            return f.id.clone();
        }
        let id = FieldId::new(t.fresh_id(name));
        let kind = match self.field_kinds.get(name) {
            Some(FieldKind::Number) => FieldKind::Number,
            Some(FieldKind::YesNo) => FieldKind::YesNo,
            _ => FieldKind::Text,
        };
        self.typology.fields.push(FieldDef {
            id: id.clone(),
            name: name.trim().to_owned(),
            kind,
            applies_to,
            options: Vec::new(),
            description: "Created by import.".to_owned(),
            private: false,
        });
        let what = if applies_to == AppliesTo::Links { "link field" } else { "field" };
        self.report.typology_added.push(format!("{what} '{}'", name.trim()));
        id
    }

    /// Converts text to a value of the field's kind; new choice options are added.
    /// `field` is the field's place in the typology.
    fn value(&mut self, field: usize, raw: &str, origin: &dyn Fn() -> String) -> Cell {
        let raw = raw.trim();
        if raw.is_empty() {
            return Cell::Clear;
        }
        let Some(def) = self.typology.fields.get_mut(field) else { return Cell::Invalid };
        let value = match def.kind {
            FieldKind::Text | FieldKind::LongText => FieldValue::Text(raw.to_owned()),
            FieldKind::Number => match raw.parse::<f64>() {
                Ok(n) if n.is_finite() => FieldValue::Number(n),
                _ => {
                    self.report.skipped.push(format!("{}: '{raw}' is not a number (field {})", origin(), def.name));
                    return Cell::Invalid;
                }
            },
            FieldKind::YesNo => match super::parse_bool(raw) {
                Some(b) => FieldValue::Bool(b),
                None => {
                    self.report.skipped.push(format!("{}: '{raw}' is not yes or no (field {})", origin(), def.name));
                    return Cell::Invalid;
                }
            },
            FieldKind::Date => {
                if !is_iso_date(raw) {
                    self.report.skipped.push(format!(
                        "{}: '{raw}' is not a date YYYY-MM-DD (field {})",
                        origin(),
                        def.name
                    ));
                    return Cell::Invalid;
                }
                FieldValue::Text(raw.to_owned())
            }
            FieldKind::Choice | FieldKind::MultiChoice => {
                let items = if def.kind == FieldKind::Choice { vec![raw.to_owned()] } else { super::split_multi(raw) };
                let mut resolved = Vec::new();
                let known = self.options.entry(field).or_default();
                for item in items {
                    // 20,000 rows naming a handful of options: each text is matched once.
                    if let Some(option) = known.get(&item) {
                        if !resolved.contains(option) {
                            resolved.push(option.clone());
                        }
                        continue;
                    }
                    let existing = def.options.iter().find(|o| same_key(o, &item)).cloned();
                    let option = existing.unwrap_or_else(|| {
                        def.options.push(item.clone());
                        self.report.typology_added.push(format!("option '{item}' to field '{}'", def.name));
                        item.clone()
                    });
                    known.insert(item, option.clone());
                    if !resolved.contains(&option) {
                        resolved.push(option);
                    }
                }
                if def.kind == FieldKind::Choice {
                    FieldValue::Text(resolved.into_iter().next().unwrap_or_default())
                } else {
                    FieldValue::List(resolved)
                }
            }
        };
        if check_value(def, &value).is_ok() { Cell::Set(value) } else { Cell::Invalid }
    }

    fn apply_fields(
        &mut self,
        target: &mut FieldValues,
        fields: &[(String, String)],
        applies_to: AppliesTo,
        origin: &dyn Fn() -> String,
    ) {
        for (name, raw) in fields {
            if name.trim().is_empty() {
                continue;
            }
            let (id, at) = self.field(name, applies_to);
            match self.value(at, raw, origin) {
                Cell::Set(v) => {
                    target.insert(id, v);
                }
                Cell::Clear => {
                    target.remove(&id);
                }
                Cell::Invalid => {}
            }
        }
    }
}

/// Turns imported records into one edit of `map` (or of a new, empty map when `map` has no
/// organisations: then the file's own typology, if it carries one, is used).
pub fn merge_edit(map: &Map, imported: &Imported, path: &Path) -> Result<(Edit, ImportReport), ImportError> {
    let (merged, report) = merge(map, imported);
    let edit = merged.into_edit(map);
    // Check it applies, so callers get an error naming the file rather than a half-import.
    let mut trial = map.clone();
    crate::edit::apply_to_scratch(&mut trial, edit.clone())
        .map_err(|source| ImportError::Invalid { path: path.to_path_buf(), source })?;
    Ok((edit, report))
}

/// What merging `imported` into `map` makes, and the report.
// One pass over organisations, then links, sharing the id maps built along the way; splitting it
// would mean threading half a dozen maps between functions.
#[allow(clippy::too_many_lines)]
fn merge(map: &Map, imported: &Imported) -> (Merged, ImportReport) {
    let mut b = Builder {
        typology: map.typology().clone(),
        report: ImportReport::default(),
        field_kinds: imported.field_kinds.clone(),
        org_types: FastMap::default(),
        link_types: FastMap::default(),
        options: FastMap::default(),
        fields: [FastMap::default(), FastMap::default()],
    };
    b.report.skipped.extend(imported.skipped.iter().cloned());
    if let Some(t) = &imported.typology {
        for ot in &t.org_types {
            if b.typology.org_type(&ot.id).is_none()
                && !b.typology.org_types.iter().any(|o| same_key(&o.name, &ot.name))
            {
                b.typology.org_types.push(ot.clone());
            }
        }
        for lt in &t.link_types {
            if b.typology.link_type(&lt.id).is_none()
                && !b.typology.link_types.iter().any(|o| same_key(&o.name, &lt.name))
            {
                b.typology.link_types.push(lt.clone());
            }
        }
        for f in &t.fields {
            if b.typology.field(&f.id).is_none() {
                b.typology.fields.push(f.clone());
            }
        }
    }

    // Organisations: match by id, else by label and type, else new. A row with an id is matched
    // by label only to an organisation that was in the map before, that no row of the file names
    // by its id and that no earlier row took: two rows with different ids are two organisations
    // even when they share a name and type (two branches of one charity).
    let file_ids: FastSet<&str> =
        imported.orgs.iter().filter_map(|o| o.id.as_deref()).map(str::trim).filter(|i| !i.is_empty()).collect();
    let in_map_by_label_type: FastMap<(String, TypeId), OrgId> =
        map.organisations().map(|o| ((key(&o.name), o.org_type.clone()), o.id.clone())).collect();
    let mut by_label_type = in_map_by_label_type.clone();
    // Only rows without an id match earlier rows by label and type.
    let any_without_id = imported.orgs.iter().any(|o| o.id.as_ref().is_none_or(|i| i.trim().is_empty()));
    let mut results: Vec<Organisation> = Vec::with_capacity(imported.orgs.len());
    let mut index_of: FastMap<OrgId, usize> = FastMap::default();
    index_of.reserve(imported.orgs.len());
    // A row's id in the file → its place in `results`.
    let mut imported_to_final: FastMap<&str, usize> = FastMap::default();
    imported_to_final.reserve(imported.orgs.len());
    let mut fresh_ids = map.fresh_org_ids();
    let bounds = map.organisations().fold(None, |acc: Option<(f32, f32)>, o| {
        Some(acc.map_or((o.position[0], o.position[1]), |(x, y)| (x.max(o.position[0]), y.min(o.position[1]))))
    });
    let (place_x, place_y) = bounds.map_or((0.0, 0.0), |(x, y)| (x + 250.0, y));
    let mut placed = 0usize;
    // Organisations without a position go in a grid beside the map: ten to a row for a few, a
    // square for many (a networkx file of 20,000 was a strip 2,000 rows tall).
    let unplaced = imported.orgs.iter().filter(|o| o.position.is_none()).count();
    let side = unplaced.isqrt() + usize::from(unplaced.isqrt().pow(2) < unplaced);
    let per_row = side.max(10);
    for o in &imported.orgs {
        let type_id = b.org_type(o.type_name.as_deref(), o.colour);
        let has_id = o.id.as_ref().is_some_and(|i| !i.trim().is_empty());
        let by_id =
            o.id.as_deref().map(str::trim).filter(|i| map.has_org(i) || index_of.contains_key(*i)).map(OrgId::new);
        let labels = if has_id { &in_map_by_label_type } else { &by_label_type };
        let existing = by_id.or_else(|| {
            if labels.is_empty() {
                return None;
            }
            let found = labels.get(&(key(&o.label), type_id.clone()))?;
            let free = !file_ids.contains(found.as_str()) && !index_of.contains_key(found);
            (!has_id || free).then(|| found.clone())
        });
        let mut org = match &existing {
            Some(id) => match index_of.get(id) {
                Some(&i) => results[i].clone(),
                None => map
                    .org(id)
                    .cloned()
                    .unwrap_or_else(|| Organisation::new(id.clone(), "", type_id.clone(), [0.0, 0.0])),
            },
            None => {
                // The ids taken are the map's and the results': a row's own id is free here, as
                // it matched neither.
                let wanted = o.id.as_deref().map(str::trim).filter(|i| !i.is_empty()).map(OrgId::new);
                let id = wanted.unwrap_or_else(|| {
                    loop {
                        let next = fresh_ids.next().unwrap_or_else(|| OrgId(format!("o-import-{}", results.len() + 1)));
                        if !map.has_org(next.as_str()) && !index_of.contains_key(&next) {
                            break next;
                        }
                    }
                });
                let pos = o.position.unwrap_or_else(|| {
                    placed += 1;
                    let (column, row) = ((placed - 1) % per_row, (placed - 1) / per_row);
                    [place_x + column as f32 * 180.0, place_y + row as f32 * 120.0]
                });
                Organisation::new(id, "", type_id.clone(), pos)
            }
        };
        org.name.clone_from(&o.label);
        if org.org_type != type_id {
            org.org_type.clone_from(&type_id);
        }
        if let Some(n) = &o.notes {
            org.notes.clone_from(n);
        }
        if let Some(t) = &o.tags {
            org.tags.clone_from(t);
        }
        if let Some(p) = o.position {
            org.position = p;
        }
        if let Some(p) = o.pinned {
            org.pinned = p;
        }
        if let Some(s) = o.sensitive {
            org.sensitive = s;
        }
        let mut fields = std::mem::take(&mut org.fields);
        b.apply_fields(&mut fields, &o.fields, AppliesTo::Organisations, &|| o.place().into_owned());
        org.fields = fields;
        // Later rows without an id may match it by label.
        if any_without_id {
            by_label_type.insert((key(&org.name), type_id), org.id.clone());
        }
        let at = match index_of.get(&org.id) {
            Some(&i) => {
                results[i] = org;
                i
            }
            None => {
                index_of.insert(org.id.clone(), results.len());
                results.push(org);
                results.len() - 1
            }
        };
        if let Some(src) = &o.id {
            imported_to_final.insert(src.trim(), at);
        }
    }
    drop(index_of);
    // Every organisation a link may name, numbered: the map's, then the new ones. A link end
    // resolves to its number, so its (from, to, type) is a key that costs no allocation.
    let mut ends = Ends::default();
    ends.reserve(map.org_count() + results.len());
    let mut slot_ids: Vec<&OrgId> = Vec::with_capacity(map.org_count() + results.len());
    for o in map.organisations() {
        ends.insert(o.id.as_str(), slot(slot_ids.len()));
        slot_ids.push(&o.id);
    }
    // Each result's number: new organisations are numbered after the map's. Into an empty map
    // every result is new, and the vector is kept rather than copied (megabytes for a big file).
    let (new_orgs, changed_orgs, result_slots) = if map.org_count() == 0 {
        let slots = (0..results.len()).map(slot).collect::<Vec<_>>();
        (results, Vec::new(), slots)
    } else {
        let (mut new_orgs, mut changed_orgs) = (Vec::with_capacity(results.len()), Vec::new());
        let mut result_slots = Vec::with_capacity(results.len());
        let mut next_slot = slot_ids.len();
        for org in results {
            match map.org(&org.id) {
                None => {
                    result_slots.push(slot(next_slot));
                    next_slot += 1;
                    new_orgs.push(org);
                }
                Some(old) => {
                    result_slots.push(ends.get(org.id.as_str()).unwrap_or(u32::MAX));
                    if *old != org {
                        changed_orgs.push(org);
                    }
                }
            }
        }
        (new_orgs, changed_orgs, result_slots)
    };
    b.report.orgs_created = new_orgs.len();
    b.report.orgs_updated = changed_orgs.len();

    for o in &new_orgs {
        ends.insert(o.id.as_str(), slot(slot_ids.len()));
        slot_ids.push(&o.id);
    }
    // Link ends: an id in the file (first, so it overrides an id in the map), an id in the map,
    // or a unique label (gathered only if an end is not an id).
    for (src, &at) in &imported_to_final {
        ends.insert(src, result_slots[at]);
    }
    let by_label = std::cell::OnceCell::new();
    let gather = || {
        let mut by_label: FastMap<String, Vec<u32>> = FastMap::default();
        for o in map.organisations().chain(new_orgs.iter()).chain(changed_orgs.iter()) {
            let Some(n) = ends.get(o.id.as_str()) else { continue };
            let slots = by_label.entry(key(&o.name)).or_default();
            if !slots.contains(&n) {
                slots.push(n);
            }
        }
        by_label
    };
    let mut link_results: Vec<SlotLink> = Vec::with_capacity(imported.links.len());
    // Every link id taken: the map's (None until the file changes the link) and those given to
    // the file's links (their place in `link_results`).
    let mut link_ids: FastMap<LinkId, Option<usize>> =
        map.graph().edge_weights().map(|l| (l.id.clone(), None)).collect();
    // When no row gives a link id, no later row can name a new link by its id: new links' fresh
    // ids need no record (two lookups a link saved), only changed links of the map do.
    let rows_name_links = imported.links.iter().any(|l| l.id.as_deref().is_some_and(|i| !i.trim().is_empty()));
    if rows_name_links {
        link_ids.reserve(imported.links.len());
    }
    let mut by_triple: FastMap<(u32, u32, u32), SeenLink<'_>> = FastMap::default();
    by_triple.reserve(map.link_count() + imported.links.len());
    for l in map.links_sorted() {
        let end = |id: &OrgId| ends.get(id.as_str()).unwrap_or(u32::MAX);
        let link_type = b.typology.link_types.iter().position(|t| t.id == *l.link_type).map_or(u32::MAX, slot);
        by_triple.insert((end(l.from), end(l.to), link_type), SeenLink::InMap(l.id));
    }
    let mut fresh_links = map.fresh_link_ids();
    for l in &imported.links {
        // Ends: an id in the file (first), an id in the map, or a unique label. Ids are matched
        // here, labels out of line: a `Result` returned for every end stalled the loop.
        let (from, to) = match (ends.get(l.from.trim()), ends.get(l.to.trim())) {
            (Some(f), Some(t)) => (f, t),
            (f, t) => {
                let f = f.map_or_else(|| label_end(&l.from, &by_label, gather), Ok);
                match (f, t.map_or_else(|| label_end(&l.to, &by_label, gather), Ok)) {
                    (Ok(f), Ok(t)) => (f, t),
                    (Err(e), _) | (_, Err(e)) => {
                        b.report.skipped.push(format!("{}: {e}", l.place()));
                        continue;
                    }
                }
            }
        };
        if from == to {
            b.report.skipped.push(format!("{}: links an organisation to itself", l.place()));
            continue;
        }
        let (type_id, type_at) = b.link_type(l.type_name.as_deref(), l.directed);
        let triple = (from, to, type_at);
        let given = l.id.as_deref().map(str::trim).filter(|i| !i.is_empty());
        // The link this row updates: one of the results (by place), or one of the map's not yet
        // changed; by id, else by (from, to, type).
        let existing: Option<Result<usize, LinkId>> = match given.and_then(|i| link_ids.get_key_value(i)) {
            Some((_, &Some(i))) => Some(Ok(i)),
            Some((id, None)) => Some(Err(id.clone())),
            None => by_triple.get(&triple).map(|seen| match seen {
                SeenLink::Result(i) => Ok(*i),
                SeenLink::InMap(id) => link_ids.get(*id).copied().flatten().ok_or_else(|| (*id).clone()),
            }),
        };
        let mut link = match existing {
            Some(Ok(i)) => link_results[i].clone(),
            Some(Err(ref id)) => match map.link_record(id) {
                Some(r) => SlotLink {
                    from,
                    to,
                    link: Link { id: r.id, link_type: r.link_type, fields: r.fields, notes: r.notes },
                },
                None => SlotLink::new(id.clone(), from, to),
            },
            None => {
                let id = match given {
                    Some(i) => LinkId::new(i),
                    None => loop {
                        let next = fresh_links
                            .next()
                            .unwrap_or_else(|| LinkId(format!("l-import-{}", link_results.len() + 1)));
                        if !rows_name_links || !link_ids.contains_key(&next) {
                            break next;
                        }
                    },
                };
                SlotLink::new(id, from, to)
            }
        };
        (link.from, link.to) = (from, to);
        let record = &mut link.link;
        record.link_type = type_id;
        if let Some(n) = &l.notes {
            record.notes.clone_from(n);
        }
        if !l.fields.is_empty() {
            let mut fields = std::mem::take(&mut record.fields);
            b.apply_fields(&mut fields, &l.fields, AppliesTo::Links, &|| l.place().into_owned());
            record.fields = fields;
        }
        let at = match existing {
            Some(Ok(i)) => {
                link_results[i] = link;
                i
            }
            Some(Err(_)) => {
                link_ids.insert(link.link.id.clone(), Some(link_results.len()));
                link_results.push(link);
                link_results.len() - 1
            }
            None => {
                if rows_name_links {
                    link_ids.insert(link.link.id.clone(), Some(link_results.len()));
                }
                link_results.push(link);
                link_results.len() - 1
            }
        };
        by_triple.insert(triple, SeenLink::Result(at));
    }
    let (new_links, changed_links) = if map.link_count() == 0 {
        (link_results, Vec::new())
    } else {
        let (mut new_links, mut changed_links) = (Vec::with_capacity(link_results.len()), Vec::new());
        for link in link_results {
            match map.link_record(&link.link.id) {
                None => new_links.push(link),
                Some(old) => {
                    let record = link.into_record(&slot_ids);
                    if old != record {
                        changed_links.push(record);
                    }
                }
            }
        }
        (new_links, changed_links)
    };
    b.report.links_created = new_links.len();
    b.report.links_updated = changed_links.len();
    drop(slot_ids);
    let merged = Merged { typology: b.typology, new_orgs, changed_orgs, new_links, changed_links };
    (merged, b.report)
}

/// A merged link, its ends as organisation numbers: the map's organisations in graph order, then
/// the new ones. A new map's links are added by these numbers, so no id is copied for an end.
#[derive(Clone)]
struct SlotLink {
    from: u32,
    to: u32,
    link: Link,
}

impl SlotLink {
    /// A new link; its type is set by the caller.
    fn new(id: LinkId, from: u32, to: u32) -> Self {
        let link = Link { id, link_type: TypeId::default(), fields: FieldValues::new(), notes: String::new() };
        Self { from, to, link }
    }

    /// The link with its ends named by id.
    fn into_record(self, slot_ids: &[&OrgId]) -> LinkRecord {
        let end = |n: u32| slot_ids.get(n as usize).map_or_else(OrgId::default, |id| (*id).clone());
        let Link { id, link_type, fields, notes } = self.link;
        LinkRecord { id, from: end(self.from), to: end(self.to), link_type, fields, notes }
    }
}

/// What a merge makes: the typology, the organisations and links to add and to change.
struct Merged {
    typology: Typology,
    new_orgs: Vec<Organisation>,
    changed_orgs: Vec<Organisation>,
    new_links: Vec<SlotLink>,
    changed_links: Vec<LinkRecord>,
}

impl Merged {
    /// As one undoable edit of `map`, the map it was made against.
    fn into_edit(self, map: &Map) -> Edit {
        let slot_ids: Vec<&OrgId> = map.organisations().chain(&self.new_orgs).map(|o| &o.id).collect();
        let new_links = self.new_links.into_iter().map(|l| l.into_record(&slot_ids)).collect();
        drop(slot_ids);
        Edit::Batch(vec![
            Edit::SetTypology { typology: Box::new(self.typology), orgs: Vec::new(), links: Vec::new() },
            Edit::AddOrganisations(self.new_orgs),
            Edit::UpdateOrganisations(self.changed_orgs),
            Edit::AddLinks(new_links),
            Edit::UpdateLinks(self.changed_links),
        ])
    }

    /// Put straight into `out`, a copy of the map it was made against that is thrown away on
    /// error: new links are added by the graph indices of their ends, nothing is kept for undo.
    fn apply_to_copy(self, out: &mut Map) -> Result<(), crate::model::ModelError> {
        use crate::edit::apply_to_scratch;
        let typology = Box::new(self.typology);
        apply_to_scratch(out, Edit::SetTypology { typology, orgs: Vec::new(), links: Vec::new() })?;
        let mut nodes: Vec<_> = out.graph().node_indices().collect();
        out.reserve_orgs(self.new_orgs.len());
        for org in self.new_orgs {
            nodes.push(out.add_organisation(org)?);
        }
        apply_to_scratch(out, Edit::UpdateOrganisations(self.changed_orgs))?;
        out.reserve_links(self.new_links.len());
        for l in self.new_links {
            let node = |n: u32| nodes.get(n as usize).copied().unwrap_or(petgraph::stable_graph::NodeIndex::end());
            out.insert_link_at(l.link, node(l.from), node(l.to))?;
        }
        apply_to_scratch(out, Edit::UpdateLinks(self.changed_links))
    }
}

/// Imports a file into a copy of `map` (or a new map): the merged map and the report.
pub fn import_into(map: &Map, path: &Path) -> Result<(Map, ImportReport), ImportError> {
    let imported = super::read_file(path)?;
    let title = imported.title.clone();
    let description = imported.description.clone();
    // Applied once, to the copy that is returned: an error leaves `map` untouched.
    let (merged, report) = merge(map, &imported);
    // The records of a big file are freed on the other core while the map is built from them.
    if imported.orgs.len() + imported.links.len() > 10_000 {
        let _ = std::thread::Builder::new().name("import-free".into()).spawn(move || drop(imported));
    }
    let mut out = map.clone();
    merged.apply_to_copy(&mut out).map_err(|source| ImportError::Invalid { path: path.to_path_buf(), source })?;
    if map.org_count() == 0 {
        if let Some(t) = title {
            out.meta.title = t;
        }
        if let Some(d) = description {
            out.meta.description = d;
        }
    }
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportedLink, ImportedOrg};

    fn org(id: &str, label: &str) -> ImportedOrg {
        ImportedOrg { id: Some(id.into()), label: label.into(), ..ImportedOrg::default() }
    }

    fn link(id: Option<&str>, from: &str, to: &str, type_name: &str, notes: &str) -> ImportedLink {
        ImportedLink {
            id: id.map(Into::into),
            from: from.into(),
            to: to.into(),
            type_name: Some(type_name.into()),
            notes: Some(notes.into()),
            ..ImportedLink::default()
        }
    }

    fn merged(map: &Map, imported: &Imported) -> (Map, ImportReport) {
        let (edit, report) = merge_edit(map, imported, Path::new("t.graphml")).unwrap();
        let mut out = map.clone();
        crate::edit::apply(&mut out, edit).unwrap();
        // `import_into`'s way, without an edit, makes the same map.
        let mut direct = map.clone();
        merge(map, imported).0.apply_to_copy(&mut direct).unwrap();
        assert!(direct == out, "the edit and the direct way differ");
        (out, report)
    }

    fn notes(map: &Map, id: &str) -> String {
        map.link_record(&LinkId::new(id)).unwrap().notes
    }

    /// Links are matched by id, else by (from, to, type), whether the match is in the map or an
    /// earlier row of the file; ends are ids in the file, ids in the map, or unique labels.
    /// Organisations without positions are laid out ten to a row when few, in a square when
    /// many, so a big file without a layout is not a strip thousands of rows tall.
    #[test]
    fn unplaced_organisations_make_a_square_grid_when_many() {
        let columns = |n: usize| {
            let orgs = (0..n).map(|i| org(&format!("n{i}"), &format!("Group {i}"))).collect();
            let (map, _) = merged(&Map::new(), &Imported { orgs, ..Imported::default() });
            let mut xs: Vec<f32> = map.organisations().map(|o| o.position[0]).collect();
            xs.sort_by(f32::total_cmp);
            xs.dedup();
            xs.len()
        };
        assert_eq!(columns(25), 10);
        assert_eq!(columns(400), 20);
        assert_eq!(columns(401), 21);
    }

    #[test]
    fn links_match_by_id_then_by_ends_and_type() {
        let file = Imported {
            orgs: vec![org("a", "Alpha"), org("b", "Beta"), org("c", "Gamma")],
            links: vec![
                link(Some("x1"), "a", "b", "Referral", "first"),
                link(None, "a", "b", "Referral", "same ends and type"),
                link(Some("x1"), "a", "c", "Referral", "same id, new end"),
                link(None, "Beta", "Gamma", "Partnership", "by labels"),
                link(None, "a", "Nobody", "Referral", "dangling"),
                link(None, "c", "c", "Referral", "to itself"),
            ],
            ..Imported::default()
        };
        let (map, report) = merged(&Map::new(), &file);
        assert_eq!((map.org_count(), map.link_count()), (3, 2), "{:?}", report.lines());
        assert_eq!(notes(&map, "x1"), "same id, new end");
        let x1 = map.link_record(&LinkId::new("x1")).unwrap();
        assert_eq!((x1.from.as_str(), x1.to.as_str()), ("a", "c"));
        let other = map.link_records().into_iter().find(|l| l.id.as_str() != "x1").unwrap();
        assert_eq!((other.from.as_str(), other.to.as_str(), other.notes.as_str()), ("b", "c", "by labels"));
        assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
        assert!(report.skipped[0].contains("no organisation called 'Nobody'"), "{:?}", report.skipped);
        assert!(report.skipped[1].contains("to itself"), "{:?}", report.skipped);
        assert_eq!((report.links_created, report.links_updated), (2, 0));

        // Into that map: the map's links are found by id and by ends and type; one moved by id
        // frees its old ends, which a later row then takes as a new link.
        let again = Imported {
            orgs: vec![org("a", "Alpha"), org("d", "Delta")],
            links: vec![
                link(None, "b", "c", "Partnership", "map link by ends"),
                link(Some("x1"), "a", "d", "Referral", "map link by id, moved"),
                link(None, "a", "d", "Referral", "the moved link by its new ends"),
                link(None, "a", "c", "Referral", "old ends: still the moved link"),
            ],
            ..Imported::default()
        };
        let (after, report) = merged(&map, &again);
        assert_eq!((after.org_count(), after.link_count()), (4, 2), "{:?}", report.lines());
        assert_eq!(notes(&after, "x1"), "old ends: still the moved link");
        let x1 = after.link_record(&LinkId::new("x1")).unwrap();
        assert_eq!((x1.from.as_str(), x1.to.as_str()), ("a", "c"));
        assert_eq!(notes(&after, other.id.as_str()), "map link by ends");
        assert_eq!((report.links_created, report.links_updated), (0, 2));

        // No row gives an id (a networkx file): the map's link is still found by its ends, and a
        // new link gets a fresh id, its repeat merged into it.
        let no_ids = Imported {
            links: vec![
                link(None, "b", "c", "Partnership", "again by ends"),
                link(None, "c", "d", "Referral", "new"),
                link(None, "c", "d", "Referral", "new, repeated"),
            ],
            ..Imported::default()
        };
        let (third, report) = merged(&after, &no_ids);
        assert_eq!(third.link_count(), 3, "{:?}", report.lines());
        assert_eq!((report.links_created, report.links_updated), (1, 1));
        assert_eq!(notes(&third, other.id.as_str()), "again by ends");
        let new = third.link_records().into_iter().find(|l| l.from.as_str() == "c").unwrap();
        assert!(new.id != x1.id && new.id != other.id && new.notes == "new, repeated", "{new:?}");
    }
}
