//! Merging imported records into a map: as one undoable edit (the app), or straight into a copy
//! of the map (`import_into`: the command line, and a new map from a file).
//!
//! Every record of the file is accounted for: created, updated (or found already as in the map),
//! merged into an earlier record of the same file (and into which), or skipped with the reason.
//! A repeated record never overwrites the first: its values fill what the first left empty and
//! its conflicting values are listed. Parallel links stay separate unless they are exact repeats.

use super::types::{TypeKind, TypePlan, TypeTarget, UNTYPED_LINK, UNTYPED_ORG};
use super::{ImportError, Imported, ImportedLink, ImportedOrg};
use crate::edit::Edit;
use crate::model::typology::{OKABE_ITO, check_value, is_iso_date};
use crate::model::{
    AppliesTo, Colour, FieldDef, FieldId, FieldKind, FieldValue, FieldValues, Link, LinkId, LinkRecord, LinkType, Map,
    OrgId, OrgType, Organisation, TypeId, Typology,
};
use foldhash::{HashMap as FastMap, HashSet as FastSet};
use std::collections::HashMap;
use std::path::Path;

/// How the records of one kind (organisations or links) in a file were used. The parts add up
/// to [`Tally::in_file`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records in the file (including those the reader could not use).
    pub in_file: usize,
    /// New in the map.
    pub created: usize,
    /// Already in the map, and changed.
    pub updated: usize,
    /// Already in the map, exactly as the file has them.
    pub unchanged: usize,
    /// Repeats of an earlier record of the file, merged into it.
    pub merged: usize,
    /// Left out (the report says why).
    pub skipped: usize,
}

impl Tally {
    /// Whether every record is accounted for once.
    #[must_use]
    pub fn adds_up(&self) -> bool {
        self.created + self.updated + self.unchanged + self.merged + self.skipped == self.in_file
    }

    fn line(&self, what: &str) -> String {
        format!(
            "{what}: {} in the file = {} created + {} updated + {} already as in the map + {} merged + {} skipped",
            self.in_file, self.created, self.updated, self.unchanged, self.merged, self.skipped
        )
    }
}

/// What an import did, for the user to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Organisations.
    pub orgs: Tally,
    /// Links.
    pub links: Tally,
    /// Type names of the file read as a type with another name ("'Peer Suport' read as ...").
    pub types_read_as: Vec<String>,
    /// Typology entries created ("organisation type 'Faith group'", "field 'Capacity'", ...).
    pub typology_added: Vec<String>,
    /// Records merged into an earlier record of the file, naming both.
    pub merged: Vec<String>,
    /// Values of a repeated record that differ from the first record's (the first's kept).
    pub conflicts: Vec<String>,
    /// Records left out, and why.
    pub skipped: Vec<String>,
    /// Notes: values that could not be used (the record itself was imported), ids kept apart.
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// The report as lines.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.orgs.line("Organisations"), self.links.line("Links")];
        out.extend(self.types_read_as.iter().map(|t| format!("The {t}")));
        out.extend(self.typology_added.iter().map(|t| format!("Added {t}")));
        let mut section = |title: &str, lines: &[String]| {
            if !lines.is_empty() {
                out.push(format!("{title} ({}):", lines.len()));
                out.extend(lines.iter().map(|s| format!("  {s}")));
            }
        };
        section("Merged", &self.merged);
        section("Conflicting values, the first kept", &self.conflicts);
        section("Skipped", &self.skipped);
        section("Notes", &self.warnings);
        out
    }
}

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// An empty table with room for `n` entries.
fn with_room<K: std::hash::Hash + Eq, V>(n: usize) -> FastMap<K, V> {
    let mut table = FastMap::default();
    table.reserve(n);
    table
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

/// The typology as the import grows it: types from the plan, fields and choice options from
/// the file's columns, and the report's lines about them.
struct TypologyBuilder {
    typology: Typology,
    report: ImportReport,
    field_kinds: HashMap<String, FieldKind>,
    /// Each plan row's type, by the name the file writes.
    org_types: HashMap<String, TypeId>,
    /// Each plan row's link type and its place in the typology.
    link_types: HashMap<String, (TypeId, u32)>,
    /// Choice options already resolved, by field place and the text as written.
    options: FastMap<usize, FastMap<String, String>>,
    /// Each choice field's options by their lower-case text (made when the field is first used).
    option_keys: FastMap<usize, FastMap<String, String>>,
    /// Fields by the lower-case text of their names and ids (organisation fields, then link
    /// fields): their place in the typology.
    field_keys: [FastMap<String, usize>; 2],
    /// Every id the typology uses, and the next number to try after each taken base: a file
    /// of 100,000 columns makes 100,000 ids without searching the typology for each.
    taken_ids: FastSet<String>,
    next_suffix: FastMap<String, usize>,
    /// Fields by column name (organisation fields, then link fields): id and place in the
    /// typology (fields are only added during an import, so places stay put).
    fields: [FastMap<String, (FieldId, usize)>; 2],
}

/// The map's typology with the entries a file carries (our own GraphML) that it lacks.
fn base_typology(map: &Map, imported: &Imported) -> Typology {
    let mut typology = map.typology().clone();
    let Some(t) = &imported.typology else { return typology };
    let same = |a: &str, b: &str| key(a) == key(b);
    for ot in &t.org_types {
        if typology.org_type(&ot.id).is_none() && !typology.org_types.iter().any(|o| same(&o.name, &ot.name)) {
            typology.org_types.push(ot.clone());
        }
    }
    for lt in &t.link_types {
        if typology.link_type(&lt.id).is_none() && !typology.link_types.iter().any(|o| same(&o.name, &lt.name)) {
            typology.link_types.push(lt.clone());
        }
    }
    for f in &t.fields {
        if typology.field(&f.id).is_none() {
            typology.fields.push(f.clone());
        }
    }
    typology
}

/// What each type name of `imported` becomes in `map` if nobody chooses otherwise.
#[must_use]
pub fn plan_types(map: &Map, imported: &Imported) -> TypePlan {
    TypePlan::new(&base_typology(map, imported), imported)
}

/// The typology `map` would have with the types `imported` carries (what a plan's choices pick
/// from).
#[must_use]
pub fn typology_for(map: &Map, imported: &Imported) -> Typology {
    base_typology(map, imported)
}

impl TypologyBuilder {
    fn new(map: &Map, imported: &Imported, plan: &TypePlan) -> Self {
        let mut b = Self {
            typology: base_typology(map, imported),
            report: ImportReport::default(),
            field_kinds: imported.field_kinds.clone(),
            org_types: HashMap::new(),
            link_types: HashMap::new(),
            options: FastMap::default(),
            option_keys: FastMap::default(),
            field_keys: [FastMap::default(), FastMap::default()],
            taken_ids: FastSet::default(),
            next_suffix: FastMap::default(),
            fields: [FastMap::default(), FastMap::default()],
        };
        b.index_typology();
        b.report.types_read_as = plan.report_lines(&b.typology);
        b.add_org_types(imported, plan);
        b.add_link_types(imported, plan);
        b
    }

    /// The typology's ids and field names, for finding and making entries without a search.
    fn index_typology(&mut self) {
        let t = &self.typology;
        let ids = t.org_types.iter().map(|o| o.id.as_str()).chain(t.link_types.iter().map(|l| l.id.as_str()));
        self.taken_ids = ids.chain(t.fields.iter().map(|f| f.id.as_str())).map(str::to_owned).collect();
        for (at, f) in t.fields.iter().enumerate() {
            let keys = &mut self.field_keys[usize::from(f.applies_to == AppliesTo::Links)];
            keys.entry(key(f.id.as_str())).or_insert(at);
            keys.entry(key(&f.name)).or_insert(at);
        }
    }

    /// An id for a new typology entry called `name`, used by nothing in the typology.
    fn fresh_id(&mut self, name: &str) -> String {
        let base = crate::model::typology::id_slug(name);
        let mut id = base.clone();
        if self.taken_ids.contains(&id) {
            let next = self.next_suffix.entry(base.clone()).or_insert(2);
            loop {
                id = format!("{base}_{next}");
                *next += 1;
                if !self.taken_ids.contains(&id) {
                    break;
                }
            }
        }
        self.taken_ids.insert(id.clone());
        id
    }

    /// Every organisation type name of the file resolved: existing types as planned, new ones
    /// created with a colour and shape pair no other type has.
    fn add_org_types(&mut self, imported: &Imported, plan: &TypePlan) {
        let mut new_ids: HashMap<String, TypeId> = HashMap::new();
        for o in &imported.orgs {
            let name = o.type_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(UNTYPED_ORG);
            if self.org_types.contains_key(name) {
                continue;
            }
            let id = match plan.target(TypeKind::Org, Some(name)) {
                Some(TypeTarget::Existing(id)) if self.typology.org_type(id).is_some() => id.clone(),
                Some(TypeTarget::New(new)) => self.new_org_type(&mut new_ids, new, o.colour),
                _ => self.new_org_type(&mut new_ids, name, o.colour),
            };
            self.org_types.insert(name.to_owned(), id);
        }
    }

    fn new_org_type(&mut self, made: &mut HashMap<String, TypeId>, name: &str, colour: Option<Colour>) -> TypeId {
        if let Some(id) = made.get(name) {
            return id.clone();
        }
        let id = TypeId::new(self.fresh_id(name));
        let t = &self.typology;
        let look = colour.and_then(|c| t.unused_look(Some(c))).or_else(|| t.unused_look(None));
        let (colour, shape) = look.unwrap_or_else(|| {
            self.report.warnings.push(format!(
                "organisation type '{name}': every colour and shape pair is in use, so it shares one; \
                 choose its look in Map › Typology"
            ));
            let n = self.typology.org_types.len();
            (OKABE_ITO[n % OKABE_ITO.len()], crate::model::Shape::ALL[n % crate::model::Shape::ALL.len()])
        });
        self.typology.org_types.push(OrgType {
            id: id.clone(),
            name: name.to_owned(),
            definition: "Created by import; add a definition and inclusion criteria.".to_owned(),
            colour,
            shape,
        });
        self.report.typology_added.push(format!("organisation type '{name}'"));
        made.insert(name.to_owned(), id.clone());
        id
    }

    /// Every link type name of the file resolved (new ones directed as the file's first link of
    /// that name says, else directed).
    fn add_link_types(&mut self, imported: &Imported, plan: &TypePlan) {
        let mut new_ids: HashMap<String, TypeId> = HashMap::new();
        for l in &imported.links {
            let name = l.type_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(UNTYPED_LINK);
            if self.link_types.contains_key(name) {
                continue;
            }
            let id = match plan.target(TypeKind::Link, Some(name)) {
                Some(TypeTarget::Existing(id)) if self.typology.link_type(id).is_some() => id.clone(),
                Some(TypeTarget::New(new)) => self.new_link_type(&mut new_ids, new, l.directed),
                _ => self.new_link_type(&mut new_ids, name, l.directed),
            };
            let at = self.typology.link_types.iter().position(|t| t.id == id).map_or(u32::MAX, slot);
            self.link_types.insert(name.to_owned(), (id, at));
        }
    }

    fn new_link_type(&mut self, made: &mut HashMap<String, TypeId>, name: &str, directed: Option<bool>) -> TypeId {
        if let Some(id) = made.get(name) {
            return id.clone();
        }
        let id = TypeId::new(self.fresh_id(name));
        let colour = OKABE_ITO[(self.typology.link_types.len() + 3) % OKABE_ITO.len()];
        self.typology.link_types.push(LinkType {
            id: id.clone(),
            name: name.to_owned(),
            definition: "Created by import.".to_owned(),
            directed: directed.unwrap_or(true),
            style: crate::model::LineStyle::Solid,
            colour,
        });
        self.report.typology_added.push(format!("link type '{name}'"));
        made.insert(name.to_owned(), id.clone());
        id
    }

    /// The type an organisation record names.
    fn org_type(&self, o: &ImportedOrg) -> TypeId {
        let name = o.type_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(UNTYPED_ORG);
        self.org_types.get(name).cloned().unwrap_or_default()
    }

    /// The link type a link record names, its place in the typology, and whether it is directed.
    fn link_type(&self, l: &ImportedLink) -> (TypeId, u32, bool) {
        let name = l.type_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(UNTYPED_LINK);
        let (id, at) = self.link_types.get(name).cloned().unwrap_or((TypeId::default(), u32::MAX));
        let directed = self.typology.link_types.get(at as usize).is_none_or(|t| t.directed);
        (id, at, directed)
    }

    /// The field a column names, created (as text, or the kind the file declares) if new.
    fn field(&mut self, name: &str, applies_to: AppliesTo) -> (FieldId, usize) {
        let memo = usize::from(applies_to == AppliesTo::Links);
        if let Some(found) = self.fields[memo].get(name) {
            return found.clone();
        }
        let at = match self.field_keys[memo].get(&key(name)) {
            Some(&at) => at,
            None => self.add_field(name, applies_to),
        };
        let id = self.typology.fields.get(at).map(|f| f.id.clone()).unwrap_or_default();
        self.fields[memo].insert(name.to_owned(), (id.clone(), at));
        (id, at)
    }

    /// A new field for a column (text, or the kind the file declares): its place.
    fn add_field(&mut self, name: &str, applies_to: AppliesTo) -> usize {
        let id = FieldId::new(self.fresh_id(name));
        let kind = match self.field_kinds.get(name) {
            Some(FieldKind::Number) => FieldKind::Number,
            Some(FieldKind::YesNo) => FieldKind::YesNo,
            _ => FieldKind::Text,
        };
        let at = self.typology.fields.len();
        let keys = &mut self.field_keys[usize::from(applies_to == AppliesTo::Links)];
        keys.entry(key(id.as_str())).or_insert(at);
        keys.entry(key(name)).or_insert(at);
        self.typology.fields.push(FieldDef {
            id,
            name: name.trim().to_owned(),
            kind,
            applies_to,
            options: Vec::new(),
            description: "Created by import.".to_owned(),
            private: false,
        });
        let what = if applies_to == AppliesTo::Links { "link field" } else { "field" };
        self.report.typology_added.push(format!("{what} '{}'", name.trim()));
        at
    }

    /// Converts text to a value of the field's kind; new choice options are added.
    /// `field` is the field's place in the typology.
    fn value(&mut self, field: usize, raw: &str, place: &dyn Fn() -> String) -> Cell {
        let raw = raw.trim();
        if raw.is_empty() {
            return Cell::Clear;
        }
        let Some(def) = self.typology.fields.get_mut(field) else { return Cell::Invalid };
        if let Some(problem) = Self::kind_problem(def.kind, raw) {
            self.report.warnings.push(format!("{}: '{raw}' {problem} (field {})", place(), def.name));
            return Cell::Invalid;
        }
        let value = match def.kind {
            FieldKind::Text | FieldKind::LongText | FieldKind::Date => FieldValue::Text(raw.to_owned()),
            // Common English hours ("Mon–Fri 9–5") become the syntax; the rest stay as written.
            FieldKind::OpeningHours => {
                FieldValue::Text(crate::hours::migrate_free_text(raw).unwrap_or_else(|text| text))
            }
            FieldKind::Number => FieldValue::Number(raw.parse::<f64>().unwrap_or_default()),
            FieldKind::YesNo => FieldValue::Bool(super::parse_bool(raw).unwrap_or_default()),
            FieldKind::Choice | FieldKind::MultiChoice => {
                let items = if def.kind == FieldKind::Choice { vec![raw.to_owned()] } else { super::split_multi(raw) };
                let mut resolved = Vec::new();
                let known = self.options.entry(field).or_default();
                for item in items {
                    // 20,000 rows naming a handful of options: each text is matched once.
                    let option = match known.get(&item) {
                        Some(option) => option.clone(),
                        None => {
                            let by_key = self
                                .option_keys
                                .entry(field)
                                .or_insert_with(|| def.options.iter().map(|o| (key(o), o.clone())).collect());
                            let option = by_key.entry(key(&item)).or_insert_with(|| {
                                def.options.push(item.clone());
                                self.report.typology_added.push(format!("option '{item}' to field '{}'", def.name));
                                item.clone()
                            });
                            known.insert(item, option.clone());
                            option.clone()
                        }
                    };
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

    /// What is wrong with a cell's text as a value of a field of this kind, if anything (choices take
    /// any text: a new option is added and reported).
    fn kind_problem(kind: FieldKind, raw: &str) -> Option<&'static str> {
        match kind {
            FieldKind::Number => (!raw.parse::<f64>().is_ok_and(f64::is_finite)).then_some("is not a number"),
            FieldKind::YesNo => super::parse_bool(raw).is_none().then_some("is not yes or no"),
            FieldKind::Date => (!is_iso_date(raw)).then_some("is not a date YYYY-MM-DD"),
            // Hours that do not parse stay as text (the inspector and stats say which).
            FieldKind::Text
            | FieldKind::LongText
            | FieldKind::Choice
            | FieldKind::MultiChoice
            | FieldKind::OpeningHours => None,
        }
    }

    /// The file's values of `fields` as the typology's fields and values: `None` for an empty cell.
    fn values(
        &mut self,
        fields: &[(String, String)],
        applies_to: AppliesTo,
        place: &dyn Fn() -> String,
    ) -> Vec<(FieldId, String, Option<FieldValue>)> {
        let mut out = Vec::with_capacity(fields.len());
        for (name, raw) in fields {
            if name.trim().is_empty() {
                continue;
            }
            let (id, at) = self.field(name, applies_to);
            match self.value(at, raw, place) {
                Cell::Set(v) => out.push((id, name.trim().to_owned(), Some(v))),
                Cell::Clear => out.push((id, name.trim().to_owned(), None)),
                Cell::Invalid => {}
            }
        }
        out
    }

    /// Sets the file's values (an empty cell clears the field): a record updating the map.
    fn overwrite_fields(
        &mut self,
        target: &mut FieldValues,
        fields: &[(String, String)],
        applies_to: AppliesTo,
        place: &dyn Fn() -> String,
    ) {
        for (id, _, value) in self.values(fields, applies_to, place) {
            match value {
                Some(v) => {
                    target.insert(id, v);
                }
                None => {
                    target.remove(&id);
                }
            }
        }
    }

    /// Fills the fields `target` has no value for; values that differ are returned as
    /// (column, kept, not used).
    fn fill_fields(
        &mut self,
        target: &mut FieldValues,
        fields: &[(String, String)],
        applies_to: AppliesTo,
        place: &dyn Fn() -> String,
    ) -> Vec<(String, String, String)> {
        let mut conflicts = Vec::new();
        for (id, column, value) in self.values(fields, applies_to, place) {
            let Some(value) = value else { continue };
            match target.get(&id) {
                None => {
                    target.insert(id, value);
                }
                Some(old) if *old == value => {}
                Some(old) => conflicts.push((column, value_text(old), value_text(&value))),
            }
        }
        conflicts
    }
}

/// A field value as a person would write it in a cell.
fn value_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        FieldValue::Number(n) => n.to_string(),
        FieldValue::Text(t) => t.clone(),
        FieldValue::List(l) => l.join(" | "),
    }
}

/// An organisation the import makes or changes, with the record that first gave it.
struct OrgResult {
    org: Organisation,
    /// Where the first record that gave it is ("row 4", "node n3").
    place: String,
    /// The map's organisation it updates, if any.
    in_map: bool,
}

/// A link the import makes or changes, with the record that first gave it.
struct LinkResult {
    link: SlotLink,
    /// The record (its place in the file's links) that first gave it.
    row: usize,
    /// The map's link it updates, if any.
    in_map: bool,
    /// Its (from, to, type) as numbers, the ends in order for undirected types.
    triple: (u32, u32, u32),
}

/// One merge of a file's records into a map, step by step: organisations, then their numbers
/// for link ends, then links; [`Merge::finish`] says what to add and change.
struct Merge<'a> {
    map: &'a Map,
    imported: &'a Imported,
    types: TypologyBuilder,
    orgs: Vec<OrgResult>,
    /// Results by organisation id.
    org_at: FastMap<OrgId, usize>,
    /// Results by the id a record of the file gives.
    org_by_file_id: FastMap<&'a str, usize>,
    /// Results by name and type (what rows without an id repeat).
    org_by_label: FastMap<(String, TypeId), usize>,
    /// The map's organisations by name and type.
    map_by_label: FastMap<(String, TypeId), OrgId>,
    /// Every organisation id the file gives.
    file_org_ids: FastSet<&'a str>,
    /// The map's unused organisation ids, in order (some may be taken by the file).
    fresh_orgs: Box<dyn Iterator<Item = OrgId> + 'a>,
    grid: Grid,
    links: Vec<LinkResult>,
}

/// Where organisations the file gives no position go: a grid beside the map, ten to a row for a
/// few, a square for many (a networkx file of 20,000 was a strip 2,000 rows tall).
struct Grid {
    origin: [f32; 2],
    per_row: usize,
    placed: usize,
}

impl Grid {
    fn new(map: &Map, unplaced: usize) -> Self {
        let bounds = map.organisations().fold(None, |acc: Option<(f32, f32)>, o| {
            Some(acc.map_or((o.position[0], o.position[1]), |(x, y)| (x.max(o.position[0]), y.min(o.position[1]))))
        });
        let origin = bounds.map_or([0.0, 0.0], |(x, y)| [x + 250.0, y]);
        let side = unplaced.isqrt() + usize::from(unplaced.isqrt().pow(2) < unplaced);
        Self { origin, per_row: side.max(10), placed: 0 }
    }

    fn next(&mut self) -> [f32; 2] {
        let (column, row) = (self.placed % self.per_row, self.placed / self.per_row);
        self.placed += 1;
        [self.origin[0] + column as f32 * 180.0, self.origin[1] + row as f32 * 120.0]
    }
}

impl<'a> Merge<'a> {
    fn new(map: &'a Map, imported: &'a Imported, plan: &TypePlan) -> Self {
        let file_org_ids =
            imported.orgs.iter().filter_map(|o| o.id.as_deref()).map(str::trim).filter(|i| !i.is_empty()).collect();
        let map_by_label = map.organisations().map(|o| ((key(&o.name), o.org_type.clone()), o.id.clone())).collect();
        let unplaced = imported.orgs.iter().filter(|o| o.position.is_none()).count();
        let mut types = TypologyBuilder::new(map, imported, plan);
        types.report.orgs.in_file = imported.orgs.len() + imported.skipped_orgs.len();
        types.report.orgs.skipped = imported.skipped_orgs.len();
        types.report.skipped.extend(imported.skipped_orgs.iter().cloned());
        types.report.links.in_file = imported.links.len() + imported.skipped_links.len();
        types.report.links.skipped = imported.skipped_links.len();
        types.report.skipped.extend(imported.skipped_links.iter().cloned());
        types.report.warnings.extend(imported.skipped.iter().cloned());
        // Room made once: growing tables of 20,000 entries rehash them several times over.
        let n = imported.orgs.len();
        Self {
            map,
            imported,
            types,
            orgs: Vec::with_capacity(n),
            org_at: with_room(n),
            org_by_file_id: with_room(n),
            org_by_label: with_room(n),
            map_by_label,
            file_org_ids,
            fresh_orgs: Box::new(map.fresh_org_ids()),
            grid: Grid::new(map, unplaced),
            links: Vec::with_capacity(imported.links.len()),
        }
    }

    fn report(&mut self) -> &mut ImportReport {
        &mut self.types.report
    }

    /// Each organisation record: a repeat of an earlier record (same id, or without an id the
    /// same name and type) is merged into it; else it updates the map's organisation with its id
    /// (or, free of other records' ids, its name and type); else it is new.
    fn merge_orgs(&mut self) {
        let imported = self.imported;
        for o in &imported.orgs {
            let type_id = self.types.org_type(o);
            let id = o.id.as_deref().map(str::trim).filter(|i| !i.is_empty());
            let label = (key(&o.label), type_id.clone());
            let earlier = match id {
                Some(id) => self.org_by_file_id.get(id).or_else(|| self.org_at.get(id)).copied(),
                None => self.org_by_label.get(&label).copied(),
            };
            let at = match earlier {
                Some(at) => {
                    self.fold_org(at, o, &type_id, id.is_some());
                    at
                }
                None => {
                    let at = self.take_org(o, id, &label, type_id);
                    self.org_by_label.entry(label).or_insert(at);
                    at
                }
            };
            if let Some(id) = id {
                self.org_by_file_id.insert(id, at);
            }
        }
    }

    /// A result for a record that repeats no earlier one: the map's organisation it updates, or
    /// a new one.
    fn take_org(&mut self, o: &ImportedOrg, id: Option<&str>, label: &(String, TypeId), type_id: TypeId) -> usize {
        let by_label = self.map_by_label.get(label).filter(|found| {
            // A record with an id takes a map organisation by name only if no record names it.
            id.is_none() || (!self.file_org_ids.contains(found.as_str()) && !self.org_at.contains_key(*found))
        });
        let in_map = id.filter(|i| self.map.has_org(i)).map(OrgId::new).or_else(|| by_label.cloned());
        let (mut org, from_map) = match in_map.as_ref().and_then(|found| self.map.org(found)) {
            Some(found) => (found.clone(), true),
            None => {
                let id = id.map_or_else(|| self.fresh_org_id(), OrgId::new);
                let position = o.position.unwrap_or_else(|| self.grid.next());
                (Organisation::new(id, "", type_id.clone(), position), false)
            }
        };
        org.name.clone_from(&o.label);
        org.org_type = type_id;
        if let Some(n) = &o.notes {
            org.notes.clone_from(n);
        }
        if let Some(t) = &o.tags {
            org.tags.clone_from(t);
        }
        if let Some(p) = o.position {
            org.position = p;
        }
        org.pinned = o.pinned.unwrap_or(org.pinned);
        org.sensitive = o.sensitive.unwrap_or(org.sensitive);
        let mut fields = std::mem::take(&mut org.fields);
        self.types.overwrite_fields(&mut fields, &o.fields, AppliesTo::Organisations, &|| o.place().into_owned());
        org.fields = fields;
        let at = self.orgs.len();
        self.org_at.insert(org.id.clone(), at);
        self.orgs.push(OrgResult { org, place: o.place().into_owned(), in_map: from_map });
        at
    }

    /// An id for a new organisation that neither the map nor any record of the file uses.
    fn fresh_org_id(&mut self) -> OrgId {
        loop {
            let id = self.fresh_orgs.next().unwrap_or_default();
            if !self.org_at.contains_key(&id) && !self.file_org_ids.contains(id.as_str()) {
                return id;
            }
        }
    }

    /// A repeated record merged into the result it repeats: it fills what is empty, and every
    /// value that differs is listed (the first record's kept).
    fn fold_org(&mut self, at: usize, o: &ImportedOrg, type_id: &TypeId, by_id: bool) {
        let place = o.place().into_owned();
        let mut conflicts: Vec<(String, String, String)> = Vec::new();
        let mut org = std::mem::replace(
            &mut self.orgs[at].org,
            Organisation::new(OrgId::default(), "", TypeId::default(), [0.0; 2]),
        );
        let mut text = |what: &str, kept: &mut String, given: Option<&str>| {
            let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else { return };
            if kept.trim().is_empty() {
                given.clone_into(kept);
            } else if key(kept) != key(given) {
                conflicts.push((what.to_owned(), kept.clone(), given.to_owned()));
            }
        };
        text("name", &mut org.name, Some(&o.label));
        text("notes", &mut org.notes, o.notes.as_deref());
        if org.org_type != *type_id {
            conflicts.push(("type".into(), org.org_type.as_str().to_owned(), type_id.as_str().to_owned()));
        }
        for tag in o.tags.iter().flatten() {
            if !org.tags.contains(tag) {
                org.tags.push(tag.clone());
            }
        }
        if let Some(p) = o.position
            && (p[0] - org.position[0]).abs() + (p[1] - org.position[1]).abs() > 0.01
        {
            conflicts.push(("position".into(), format!("{:?}", org.position), format!("{p:?}")));
        }
        org.pinned |= o.pinned.unwrap_or(false);
        // Sensitive if either record says so: the safer reading.
        org.sensitive |= o.sensitive.unwrap_or(false);
        let mut fields = std::mem::take(&mut org.fields);
        conflicts.extend(self.types.fill_fields(&mut fields, &o.fields, AppliesTo::Organisations, &|| place.clone()));
        org.fields = fields;
        let first = self.orgs[at].place.clone();
        let why = if by_id { "the same ID" } else { "the same name and type" };
        self.report().merged.push(format!("{place} ({}): merged into {first}, {why}", org.name));
        for (what, kept, unused) in conflicts {
            self.report().conflicts.push(format!("{place}: {what} '{unused}' differs from '{kept}' in {first}"));
        }
        self.orgs[at].org = org;
        self.report().orgs.merged += 1;
    }
}

/// Organisation numbers for link ends: the map's organisations in graph order, then the new ones
/// (the order [`Merged::into_edit`] and [`Merged::apply_to_copy`] number them in).
struct Ends<'a> {
    /// The map's organisation ids and new results' ids → numbers.
    by_id: FastMap<&'a str, u32>,
    /// Each result's number.
    of_result: Vec<u32>,
    /// Names → numbers, gathered the first time an end is not an id.
    by_label: std::cell::OnceCell<FastMap<String, Vec<u32>>>,
}

impl<'a> Ends<'a> {
    fn new(map: &'a Map, orgs: &'a [OrgResult]) -> Self {
        let mut by_id: FastMap<&str, u32> = FastMap::default();
        by_id.reserve(map.org_count() + orgs.len());
        for (n, o) in map.organisations().enumerate() {
            by_id.insert(o.id.as_str(), slot(n));
        }
        let mut next = map.org_count();
        let of_result = orgs
            .iter()
            .map(|r| {
                if r.in_map {
                    by_id.get(r.org.id.as_str()).copied().unwrap_or(u32::MAX)
                } else {
                    by_id.insert(r.org.id.as_str(), slot(next));
                    next += 1;
                    slot(next - 1)
                }
            })
            .collect();
        Self { by_id, of_result, by_label: std::cell::OnceCell::new() }
    }

    /// The number of the one organisation called `end` (the names the import gives, else the
    /// map's).
    fn by_label(&self, map: &Map, orgs: &[OrgResult], end: &str) -> Result<u32, String> {
        let by_label = self.by_label.get_or_init(|| {
            let mut by_label: FastMap<String, Vec<u32>> = FastMap::default();
            let updated: FastSet<&OrgId> = orgs.iter().filter(|r| r.in_map).map(|r| &r.org.id).collect();
            let map_names = map.organisations().filter(|o| !updated.contains(&o.id)).map(|o| (&o.name, &o.id));
            for (name, id) in map_names.chain(orgs.iter().map(|r| (&r.org.name, &r.org.id))) {
                let Some(&n) = self.by_id.get(id.as_str()) else { continue };
                let slots = by_label.entry(key(name)).or_default();
                if !slots.contains(&n) {
                    slots.push(n);
                }
            }
            by_label
        });
        match by_label.get(&key(end)).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some([_, _, ..]) => Err(format!("more than one organisation is called '{end}'")),
            _ => Err(format!("no organisation called '{end}'")),
        }
    }
}

/// What the link records are matched against while they are merged.
struct LinkState<'a, 'o> {
    ends: Ends<'o>,
    /// The map's links by (from, to, type), parallel ones in id order.
    map_by_triple: FastMap<(u32, u32, u32), Vec<&'a LinkId>>,
    /// The map's links already matched by a record.
    map_taken: FastSet<&'a LinkId>,
    /// Results by the id a record gives.
    by_file_id: FastMap<&'a str, usize>,
    /// Results by (from, to, type), for exact repeats.
    by_triple: FastMap<(u32, u32, u32), Vec<usize>>,
    /// Every link id in use: the map's, the file's and those given out.
    taken_ids: FastSet<String>,
    /// The map's unused link ids, in order (some may be taken by the file).
    fresh_links: Box<dyn Iterator<Item = LinkId> + 'a>,
}

impl<'a: 'o, 'o> LinkState<'a, 'o> {
    fn new(map: &'a Map, imported: &'a Imported, typology: &Typology, orgs: &'o [OrgResult]) -> Self {
        let ends = Ends::new(map, orgs);
        let mut map_by_triple: FastMap<(u32, u32, u32), Vec<&LinkId>> = FastMap::default();
        for l in map.links_sorted() {
            let at = typology.link_types.iter().position(|t| t.id == *l.link_type).map_or(u32::MAX, slot);
            let directed = typology.link_types.get(at as usize).is_none_or(|t| t.directed);
            let end = |id: &OrgId| ends.by_id.get(id.as_str()).copied().unwrap_or(u32::MAX);
            map_by_triple.entry(triple(end(l.from), end(l.to), at, directed)).or_default().push(l.id);
        }
        let links = imported.links.len();
        let mut taken_ids: FastSet<String> = FastSet::default();
        taken_ids.reserve(map.link_count() + links * 2);
        taken_ids.extend(map.graph().edge_weights().map(|l| l.id.as_str().to_owned()));
        taken_ids.extend(imported.links.iter().filter_map(|l| l.id.as_deref()).map(|i| i.trim().to_owned()));
        Self {
            ends,
            map_by_triple,
            map_taken: FastSet::default(),
            by_file_id: with_room(links),
            by_triple: with_room(links),
            taken_ids,
            fresh_links: Box::new(map.fresh_link_ids()),
        }
    }
}

impl<'a> LinkState<'a, '_> {
    /// A link id nobody uses: the map's next free ones first.
    fn fresh_id(&mut self) -> LinkId {
        loop {
            let id = self.fresh_links.next().unwrap_or_default();
            if self.taken_ids.insert(id.as_str().to_owned()) {
                return id;
            }
        }
    }

    /// The map's first link with these ends and type that no record has matched yet.
    fn untaken_map_link(&mut self, key: (u32, u32, u32)) -> Option<&'a LinkId> {
        let found = *self.map_by_triple.get(&key)?.iter().find(|id| !self.map_taken.contains(*id))?;
        self.map_taken.insert(found);
        Some(found)
    }
}

/// A link's (from, to, type) key: the ends in order for an undirected type.
fn triple(from: u32, to: u32, link_type: u32, directed: bool) -> (u32, u32, u32) {
    if directed { (from, to, link_type) } else { (from.min(to), from.max(to), link_type) }
}

/// Whether two link records say the same thing (their ends already equal).
fn same_link_content(a: &ImportedLink, b: &ImportedLink) -> bool {
    a.type_name.as_deref().map(str::trim) == b.type_name.as_deref().map(str::trim)
        && a.notes.as_deref().unwrap_or_default().trim() == b.notes.as_deref().unwrap_or_default().trim()
        && a.fields == b.fields
}

/// What a link record is to the results so far.
enum LinkMatch<'a> {
    /// A repeat of this result: merged into it.
    Repeat(usize, &'static str),
    /// The map's link with this id: updated.
    InMap(&'a LinkId),
    /// A new link with this id.
    New(LinkId),
}

impl<'a> Merge<'a> {
    /// Each link record: its ends found (ids of the file, ids of the map, or a unique name); a
    /// repeat of an earlier record (the same id with the same ends and type, or without an id the
    /// same ends, type and values) is merged into it; else it updates the map's link with its id,
    /// else one with its ends and type; else it is new. A repeated id with other ends is a
    /// different link, kept with a fresh id.
    fn merge_links(&mut self) {
        let orgs = std::mem::take(&mut self.orgs);
        let imported = self.imported;
        let mut state = LinkState::new(self.map, imported, &self.types.typology, &orgs);
        for (row, l) in imported.links.iter().enumerate() {
            self.merge_link(&mut state, &orgs, row, l);
        }
        drop(state);
        self.orgs = orgs;
    }

    fn merge_link(&mut self, state: &mut LinkState<'a, '_>, orgs: &[OrgResult], row: usize, l: &'a ImportedLink) {
        let (from, to) = match self.link_ends(state, orgs, l) {
            Ok(ends) => ends,
            Err(why) => {
                self.report().skipped.push(format!("{}: {why}", l.place()));
                self.report().links.skipped += 1;
                return;
            }
        };
        let (type_id, type_at, directed) = self.types.link_type(l);
        let key = triple(from, to, type_at, directed);
        let id = l.id.as_deref().map(str::trim).filter(|i| !i.is_empty());
        let found = match id {
            Some(id) => self.match_by_id(state, l, id, key),
            None => {
                let repeat = state.by_triple.get(&key).and_then(|results| {
                    results.iter().copied().find(|&at| same_link_content(&self.imported.links[self.links[at].row], l))
                });
                match repeat {
                    Some(at) => LinkMatch::Repeat(at, "an exact repeat"),
                    None => match state.untaken_map_link(key) {
                        Some(found) => LinkMatch::InMap(found),
                        None => LinkMatch::New(state.fresh_id()),
                    },
                }
            }
        };
        let at = match found {
            LinkMatch::Repeat(at, why) => {
                self.fold_link(at, l, why);
                at
            }
            LinkMatch::InMap(found) => {
                state.map_taken.insert(found);
                let record = self.map.link_record(found);
                let link = record.map_or_else(
                    || SlotLink::new(found.clone(), from, to),
                    |r| SlotLink {
                        from,
                        to,
                        link: Link {
                            id: r.id,
                            link_type: r.link_type,
                            fields: r.fields,
                            notes: r.notes,
                            changed: r.changed,
                        },
                    },
                );
                self.push_link(link, row, true, key, l, type_id)
            }
            LinkMatch::New(new_id) => self.push_link(SlotLink::new(new_id, from, to), row, false, key, l, type_id),
        };
        if let Some(id) = id {
            state.by_file_id.entry(id).or_insert(at);
        }
        let seen = state.by_triple.entry(key).or_default();
        if !seen.contains(&at) {
            seen.push(at);
        }
    }

    /// What a link record with an id is: a repeat of the result with that id (same ends and
    /// type), a different link that repeats an id (kept with a fresh id, reported), the map's
    /// link with that id, the map's link with its ends and type, or new.
    fn match_by_id(
        &mut self,
        state: &mut LinkState<'a, '_>,
        l: &ImportedLink,
        id: &str,
        key: (u32, u32, u32),
    ) -> LinkMatch<'a> {
        let map = self.map;
        let in_map = map.edge_index(&LinkId::new(id)).map(|ix| &map.graph()[ix].id);
        let earlier = state.by_file_id.get(id).copied().or_else(|| {
            // The map's link with this id, already taken by a record without an id.
            let taken = in_map.is_some_and(|found| state.map_taken.contains(found));
            taken.then(|| self.links.iter().position(|r| r.in_map && r.link.link.id.as_str() == id)).flatten()
        });
        if let Some(at) = earlier {
            if self.links[at].triple == key {
                return LinkMatch::Repeat(at, "the same ID, ends and type");
            }
            if let Some(found) = state.untaken_map_link(key) {
                return LinkMatch::InMap(found);
            }
            let fresh = state.fresh_id();
            let earlier = &self.imported.links[self.links[at].row];
            let first = format!("{} ({}→{})", earlier.place(), earlier.from.trim(), earlier.to.trim());
            self.report().warnings.push(format!(
                "{} ({}→{}): its ID '{id}' is also that of {first}: a different link, kept as {fresh}",
                l.place(),
                l.from.trim(),
                l.to.trim()
            ));
            return LinkMatch::New(fresh);
        }
        if let Some(found) = in_map {
            return LinkMatch::InMap(found);
        }
        state.untaken_map_link(key).map_or_else(|| LinkMatch::New(LinkId::new(id)), LinkMatch::InMap)
    }

    /// The numbers of a link record's ends: an id in the file (first), an id in the map, or a
    /// unique name; an error says why not (or that it links an organisation to itself).
    fn link_ends(&self, state: &LinkState<'a, '_>, orgs: &[OrgResult], l: &ImportedLink) -> Result<(u32, u32), String> {
        let end = |e: &str| {
            let e = e.trim();
            match self.org_by_file_id.get(e) {
                Some(&at) => Ok(state.ends.of_result[at]),
                None => state.ends.by_id.get(e).copied().map_or_else(|| state.ends.by_label(self.map, orgs, e), Ok),
            }
        };
        let (from, to) = (end(&l.from)?, end(&l.to)?);
        if from == to {
            return Err("links an organisation to itself".to_owned());
        }
        Ok((from, to))
    }

    /// A new result: the record's values set over the map's link (or a new one).
    fn push_link(
        &mut self,
        mut link: SlotLink,
        row: usize,
        in_map: bool,
        key: (u32, u32, u32),
        l: &ImportedLink,
        type_id: TypeId,
    ) -> usize {
        link.link.link_type = type_id;
        if let Some(n) = &l.notes {
            link.link.notes.clone_from(n);
        }
        if !l.fields.is_empty() {
            let mut fields = std::mem::take(&mut link.link.fields);
            self.types.overwrite_fields(&mut fields, &l.fields, AppliesTo::Links, &|| l.place().into_owned());
            link.link.fields = fields;
        }
        self.links.push(LinkResult { link, row, in_map, triple: key });
        self.links.len() - 1
    }

    /// A repeated link record merged into the result it repeats (values fill what is empty).
    fn fold_link(&mut self, at: usize, l: &ImportedLink, why: &str) {
        let place = l.place().into_owned();
        let first = self.imported.links[self.links[at].row].place().into_owned();
        let mut link = std::mem::replace(
            &mut self.links[at].link.link,
            Link {
                id: LinkId::default(),
                link_type: TypeId::default(),
                fields: FieldValues::new(),
                notes: String::new(),
                changed: None,
            },
        );
        let mut conflicts = Vec::new();
        if let Some(n) = l.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            if link.notes.trim().is_empty() {
                n.clone_into(&mut link.notes);
            } else if link.notes.trim() != n {
                conflicts.push(("notes".to_owned(), link.notes.clone(), n.to_owned()));
            }
        }
        let mut fields = std::mem::take(&mut link.fields);
        conflicts.extend(self.types.fill_fields(&mut fields, &l.fields, AppliesTo::Links, &|| place.clone()));
        link.fields = fields;
        self.links[at].link.link = link;
        self.report().merged.push(format!("{place}: merged into {first}, {why}"));
        for (what, kept, unused) in conflicts {
            self.report().conflicts.push(format!("{place}: {what} '{unused}' differs from '{kept}' in {first}"));
        }
        self.report().links.merged += 1;
    }

    /// What to add and change, and the report with its tallies.
    fn finish(mut self) -> (Merged, ImportReport) {
        let map = self.map;
        let mut new_orgs = Vec::new();
        let mut changed_orgs = Vec::new();
        for r in std::mem::take(&mut self.orgs) {
            match map.org(&r.org.id).filter(|_| r.in_map) {
                None => new_orgs.push(r.org),
                Some(old) if *old == r.org => self.types.report.orgs.unchanged += 1,
                Some(_) => changed_orgs.push(r.org),
            }
        }
        // Numbers of organisations are the map's graph order then the new ones (see `Ends`).
        let slot_ids: Vec<&OrgId> = map.organisations().chain(&new_orgs).map(|o| &o.id).collect();
        let mut new_links = Vec::new();
        let mut changed_links = Vec::new();
        for r in std::mem::take(&mut self.links) {
            if !r.in_map {
                new_links.push(r.link);
                continue;
            }
            let record = r.link.into_record(&slot_ids);
            match map.link_record(&record.id) {
                Some(old) if old == record => self.types.report.links.unchanged += 1,
                _ => changed_links.push(record),
            }
        }
        drop(slot_ids);
        let report = &mut self.types.report;
        report.orgs.created = new_orgs.len();
        report.orgs.updated = changed_orgs.len();
        report.links.created = new_links.len();
        report.links.updated = changed_links.len();
        let merged = Merged { typology: self.types.typology, new_orgs, changed_orgs, new_links, changed_links };
        (merged, self.types.report)
    }
}

/// Merges `imported` into `map` following `plan`: what to add and change, and the report.
fn merge(map: &Map, imported: &Imported, plan: &TypePlan) -> (Merged, ImportReport) {
    let mut merge = Merge::new(map, imported, plan);
    merge.merge_orgs();
    merge.merge_links();
    merge.finish()
}

/// Turns imported records into one edit of `map`, following `plan` (see [`plan_types`]) for
/// what each type name becomes.
pub fn merge_edit(
    map: &Map,
    imported: &Imported,
    plan: &TypePlan,
    path: &Path,
) -> Result<(Edit, ImportReport), ImportError> {
    let (merged, report) = merge(map, imported, plan);
    let edit = merged.into_edit(map);
    // Check it applies, so callers get an error naming the file rather than a half-import.
    let mut trial = map.clone();
    crate::edit::apply_to_scratch(&mut trial, edit.clone())
        .map_err(|source| ImportError::Invalid { path: path.to_path_buf(), source })?;
    Ok((edit, report))
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
        let link =
            Link { id, link_type: TypeId::default(), fields: FieldValues::new(), notes: String::new(), changed: None };
        Self { from, to, link }
    }

    /// The link with its ends named by id.
    fn into_record(self, slot_ids: &[&OrgId]) -> LinkRecord {
        let end = |n: u32| slot_ids.get(n as usize).map_or_else(OrgId::default, |id| (*id).clone());
        let Link { id, link_type, fields, notes, changed } = self.link;
        LinkRecord { id, from: end(self.from), to: end(self.to), link_type, fields, notes, changed }
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

/// Imports a file into a copy of `map` (or a new map): the merged map and the report. Type names
/// become what [`plan_types`] finds, except where `choices` ("FROM=TO", see
/// [`TypePlan::choose`]) say otherwise.
pub fn import_into_with(
    map: &Map,
    path: &Path,
    choices: &[(TypeKind, String)],
) -> Result<(Map, ImportReport), ImportError> {
    let imported = super::read_file(path)?;
    let typology = typology_for(map, &imported);
    let mut plan = TypePlan::new(&typology, &imported);
    for (kind, choice) in choices {
        plan.choose(*kind, &typology, choice)
            .map_err(|message| ImportError::Unusable { message, path: path.to_path_buf() })?;
    }
    // Applied once, to the copy that is returned: an error leaves `map` untouched.
    let (merged, report) = merge(map, &imported, &plan);
    let mut out = map.clone();
    merged.apply_to_copy(&mut out).map_err(|source| ImportError::Invalid { path: path.to_path_buf(), source })?;
    if map.org_count() == 0 {
        if let Some(t) = imported.title {
            out.meta.title = t;
        }
        if let Some(d) = imported.description {
            out.meta.description = d;
        }
    }
    Ok((out, report))
}

/// [`import_into_with`] with no choices: every type name becomes what a person would match it to.
pub fn import_into(map: &Map, path: &Path) -> Result<(Map, ImportReport), ImportError> {
    import_into_with(map, path, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportedLink, ImportedOrg};

    fn org(id: &str, label: &str) -> ImportedOrg {
        ImportedOrg { id: Some(id.into()), label: label.into(), ..ImportedOrg::default() }
    }

    fn row(n: usize, label: &str, type_name: &str, fields: &[(&str, &str)]) -> ImportedOrg {
        ImportedOrg {
            origin: format!("line {n}"),
            label: label.into(),
            type_name: Some(type_name.into()),
            fields: fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            ..ImportedOrg::default()
        }
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
        let plan = plan_types(map, imported);
        let (edit, report) = merge_edit(map, imported, &plan, Path::new("t.graphml")).unwrap();
        let mut out = map.clone();
        crate::edit::apply(&mut out, edit).unwrap();
        // `import_into`'s way, without an edit, makes the same map.
        let mut direct = map.clone();
        merge(map, imported, &plan).0.apply_to_copy(&mut direct).unwrap();
        assert!(direct == out, "the edit and the direct way differ");
        assert!(report.orgs.adds_up() && report.links.adds_up(), "{:?}", report.lines());
        (out, report)
    }

    fn notes(map: &Map, id: &str) -> String {
        map.link_record(&LinkId::new(id)).unwrap().notes
    }

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

    /// A repeated row fills what the first left empty, lists what differs, and never overwrites.
    #[test]
    fn a_duplicate_row_fills_gaps_and_lists_conflicts() {
        let file = Imported {
            orgs: vec![
                row(2, "Stitch and Natter", "Community group", &[("Area", "North"), ("Notes2", "")]),
                row(3, "Listening line", "Helpline", &[]),
                row(5, "stitch and natter", "community groups", &[("Area", "South"), ("Notes2", "Tuesdays")]),
            ],
            ..Imported::default()
        };
        let (map, report) = merged(&Map::new(), &file);
        assert_eq!(map.org_count(), 2, "{:?}", report.lines());
        let knit = map.organisations().find(|o| o.name == "Stitch and Natter").unwrap();
        let value = |name: &str| {
            let f = map.typology().fields.iter().find(|f| f.name == name).unwrap();
            knit.fields.get(&f.id).cloned()
        };
        assert_eq!(value("Area"), Some(FieldValue::Text("North".into())), "the first value is kept");
        assert_eq!(value("Notes2"), Some(FieldValue::Text("Tuesdays".into())), "an empty field is filled");
        assert_eq!(report.orgs, Tally { in_file: 3, created: 2, merged: 1, ..Tally::default() });
        assert_eq!(report.merged, vec!["line 5 (Stitch and Natter): merged into line 2, the same name and type"]);
        assert_eq!(report.conflicts, vec!["line 5: Area 'South' differs from 'North' in line 2"]);
    }

    /// Links: a repeated id with other ends is another link; parallel links stay separate unless
    /// they are exact repeats; the map's links are found by id, else by ends and type.
    #[test]
    fn every_link_is_kept_unless_it_is_an_exact_repeat() {
        let file = Imported {
            orgs: vec![org("a", "Alpha"), org("b", "Beta"), org("c", "Gamma")],
            links: vec![
                link(Some("0"), "a", "b", "Referral", "first"),
                link(Some("1"), "a", "b", "Referral", "parallel, own id"),
                link(Some("0"), "b", "c", "Referral", "networkx repeats ids per pair"),
                link(Some("0"), "a", "b", "Referral", ""),
                link(None, "Beta", "Gamma", "Partnership", "by labels"),
                link(None, "Gamma", "Beta", "Partnership", "by labels"),
                link(None, "Gamma", "Beta", "Partnership", "undirected: reversed ends, other notes"),
                link(None, "a", "Nobody", "Referral", "dangling"),
                link(None, "c", "c", "Referral", "to itself"),
            ],
            ..Imported::default()
        };
        let (map, report) = merged(&Map::new(), &file);
        assert_eq!(map.link_count(), 5, "{:?}", report.lines());
        assert_eq!(report.links, Tally { in_file: 9, created: 5, merged: 2, skipped: 2, ..Tally::default() });
        assert_eq!(notes(&map, "0"), "first");
        assert_eq!(notes(&map, "1"), "parallel, own id");
        assert!(
            report.warnings.iter().any(|w| w.contains("its ID '0' is also that of edge 0")),
            "{:?}",
            report.warnings
        );
        assert!(report.skipped[0].contains("no organisation called 'Nobody'"), "{:?}", report.skipped);
        assert!(report.skipped[1].contains("to itself"), "{:?}", report.skipped);

        // Into that map again: every link is found (by id, or by ends and type), nothing is new.
        let (again, report) = merged(&map, &file);
        assert_eq!(again.link_count(), 5, "{:?}", report.lines());
        assert_eq!(
            (report.links.created, report.links.unchanged, report.links.merged),
            (0, 5, 2),
            "{:?}",
            report.lines()
        );
        assert_eq!((report.orgs.created, report.orgs.unchanged), (0, 3));

        // A networkx file with no ids: the map's links are found by ends and type, in turn.
        let no_ids = Imported {
            links: vec![
                link(None, "a", "b", "Referral", "x"),
                link(None, "a", "b", "Referral", "y"),
                link(None, "a", "b", "Referral", "z"),
                link(None, "a", "b", "Referral", "z"),
            ],
            ..Imported::default()
        };
        let (third, report) = merged(&map, &no_ids);
        assert_eq!(third.link_count(), 6, "{:?}", report.lines());
        assert_eq!((report.links.updated, report.links.created, report.links.merged), (2, 1, 1));
    }

    #[test]
    fn new_types_get_a_look_of_their_own() {
        let file = Imported {
            orgs: vec![
                ImportedOrg { label: "A".into(), type_name: Some("Faith group".into()), ..ImportedOrg::default() },
                ImportedOrg { label: "B".into(), type_name: Some("Men's shed".into()), ..ImportedOrg::default() },
                ImportedOrg { label: "C".into(), type_name: Some("Peer Suport".into()), ..ImportedOrg::default() },
            ],
            ..Imported::default()
        };
        let (map, report) = merged(&Map::new(), &file);
        let looks: Vec<_> = map.typology().org_types.iter().map(|t| (t.colour, t.shape)).collect();
        let mut unique = looks.clone();
        unique.sort_by_key(|(c, s)| (c.to_hex(), *s as u8));
        unique.dedup();
        assert_eq!(unique.len(), looks.len(), "every type has its own colour and shape");
        assert_eq!(map.typology().org_types.len(), 12, "{:?}", report.lines());
        assert!(report.types_read_as.iter().any(|l| l.contains("'Peer Suport' read as 'Peer support group'")));
    }
}
