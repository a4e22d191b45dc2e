//! Which of the map's types each type named in an imported file becomes: matched as a person
//! would (case, accents, spacing, punctuation, plurals and "or" alternatives ignored, a short word
//! for a long one, a near miss in spelling), or a new type. A [`TypePlan`] is shown to the user
//! before an import (the app's preview, `--map-type` on the command line) and then followed by the
//! merge, so "Peer Suport" never becomes a type of its own unless someone asks for it.

use super::Imported;
use crate::model::{TypeId, Typology};
use unicode_normalization::UnicodeNormalization;

/// Whether a plan row is about organisation types or link types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// Organisation types.
    Org,
    /// Link types.
    Link,
}

impl TypeKind {
    /// "organisation type" / "link type", for messages.
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Self::Org => "organisation type",
            Self::Link => "link type",
        }
    }
}

/// How a name in the file was found to mean an existing type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// The type's id or name, ignoring case.
    Exact,
    /// The same words once case, accents, punctuation, plurals and "and"/"&" are set aside, or
    /// one of the alternatives of a name like "Helpline or listening line".
    SameWords,
    /// Each word a shortening of the type's ("Info sharing" for "Information sharing").
    Shortened,
    /// A spelling this many edits away ("Peer Suport" for "Peer support group"'s id).
    NearMiss(usize),
    /// Chosen by the user (preview or `--map-type`).
    Chosen,
}

/// What a name in the file becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeTarget {
    /// An existing type of the map (or of the typology the file carries).
    Existing(TypeId),
    /// A new type with this name (several names of the file can share one).
    New(String),
}

/// One distinct type name found in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeRow {
    /// The name as the file writes it (trimmed); "" when records give no type.
    pub name: String,
    /// How many records of the file name it.
    pub count: usize,
    /// What it becomes.
    pub target: TypeTarget,
    /// How an existing target was found (`None` for a new type).
    pub matched: Option<Matched>,
}

/// What every type name in an imported file becomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypePlan {
    /// Organisation type names, in the order the file first uses them.
    pub org_types: Vec<TypeRow>,
    /// Link type names, in the order the file first uses them.
    pub link_types: Vec<TypeRow>,
}

/// The name given to records without a type.
pub const UNTYPED_ORG: &str = "Organisation";
/// The name given to links without a type.
pub const UNTYPED_LINK: &str = "Connection";

/// A name as matching sees it: accents removed, lower case, words of letters and digits only,
/// "and"/"&" dropped, plural words made singular.
#[must_use]
pub fn normalise(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().filter(|w| *w != "and").map(singular).collect::<Vec<_>>().join(" ")
}

/// An English plural made singular, roughly: "cafes" → "cafe", "services" → "service",
/// "charities" → "charity", "churches" → "church"; short words and "-ss" words stay.
fn singular(word: &str) -> String {
    if word.len() <= 3 || word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["ches", "shes", "xes", "sses"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    word.strip_suffix('s').unwrap_or(word).to_owned()
}

/// The ways a type can be named: its id (underscores as spaces), its name, and each alternative
/// of a name joined by "or" or "/" ("Helpline or listening line": "helpline", "listening line").
fn spellings(id: &str, name: &str) -> Vec<String> {
    let mut out = vec![normalise(&id.replace('_', " ")), normalise(name)];
    let lower = name.to_lowercase();
    let parts: Vec<&str> = lower.split(" or ").flat_map(|p| p.split('/')).collect();
    if parts.len() > 1 {
        out.extend(parts.iter().map(|p| normalise(p)));
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Whether each word of `short` starts the matching word of `long` (at least three letters),
/// with the same number of words and at least one word actually shortened.
fn is_shortening(short: &str, long: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (short.split(' ').collect(), long.split(' ').collect());
    a.len() == b.len() && a != b && a.iter().zip(&b).all(|(s, l)| s == l || (s.len() >= 3 && l.starts_with(s)))
}

/// Edits allowed for a near miss of a name this long: none for very short names, one for up to
/// nine letters, two beyond.
fn near_miss_limit(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

/// Types to match names against, with each one's lower-case forms and spellings worked out
/// once, not again for every name looked up (5,000 new type names took 12 s that way).
#[derive(Default)]
struct Known {
    types: Vec<(TypeId, String)>,
    /// Lower-case id and name.
    lower: Vec<[String; 2]>,
    spelled: Vec<Vec<String>>,
}

impl Known {
    fn new(types: &[(TypeId, String)]) -> Self {
        let mut known = Self::default();
        for (id, name) in types {
            known.push(id.clone(), name.clone());
        }
        known
    }

    fn push(&mut self, id: TypeId, name: String) {
        self.lower.push([id.as_str().to_lowercase(), name.trim().to_lowercase()]);
        self.spelled.push(spellings(id.as_str(), &name));
        self.types.push((id, name));
    }
}

/// The type (by id) of `known` that `name` means, and how it was found.
fn find_type(name: &str, known: &Known) -> Option<(TypeId, Matched)> {
    let types = &known.types;
    let lower = name.trim().to_lowercase();
    if let Some(i) = known.lower.iter().position(|[id, n]| *id == lower || *n == lower) {
        return Some((types[i].0.clone(), Matched::Exact));
    }
    let wanted = normalise(name);
    if wanted.is_empty() {
        return None;
    }
    let by = |test: &dyn Fn(&str) -> bool| known.spelled.iter().position(|s| s.iter().any(|s| test(s)));
    if let Some(i) = by(&|s| s == wanted) {
        return Some((types[i].0.clone(), Matched::SameWords));
    }
    if let Some(i) = by(&|s| is_shortening(&wanted, s)) {
        return Some((types[i].0.clone(), Matched::Shortened));
    }
    let limit = near_miss_limit(wanted.chars().count());
    let wanted = wanted.as_str();
    let nearest = known
        .spelled
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.iter().map(move |s| (strsim::levenshtein(wanted, s), i)))
        .filter(|(d, _)| *d > 0 && *d <= limit)
        .min();
    nearest.map(|(d, i)| (types[i].0.clone(), Matched::NearMiss(d)))
}

/// The distinct type names of records (trimmed; `fallback` for records without one), with how
/// many records use each, in first-use order.
fn count_names<'a>(names: impl Iterator<Item = Option<&'a str>>, fallback: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for name in names {
        let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or(fallback);
        match at.get(name) {
            Some(&i) => out[i].1 += 1,
            None => {
                at.insert(name, out.len());
                out.push((name.to_owned(), 1));
            }
        }
    }
    out
}

/// Plan rows for names against existing types; names that match no type become new types,
/// shared by names that match each other ("Crisis cafe" and "crisis café": one new type).
fn plan_rows(names: Vec<(String, usize)>, existing: &[(TypeId, String)]) -> Vec<TypeRow> {
    let mut rows: Vec<TypeRow> = Vec::with_capacity(names.len());
    let existing = Known::new(existing);
    let mut new_types = Known::default();
    for (name, count) in names {
        let (target, matched) = match find_type(&name, &existing) {
            Some((id, how)) => (TypeTarget::Existing(id), Some(how)),
            None => match find_type(&name, &new_types) {
                Some((first, _)) => (TypeTarget::New(first.as_str().to_owned()), None),
                None => {
                    new_types.push(TypeId::new(name.clone()), name.clone());
                    (TypeTarget::New(name.clone()), None)
                }
            },
        };
        rows.push(TypeRow { name, count, target, matched });
    }
    rows
}

impl TypePlan {
    /// The plan a person would make: every type name of `imported` matched to `typology` (the
    /// map's, with the types the file carries added) or made a new type.
    #[must_use]
    pub fn new(typology: &Typology, imported: &Imported) -> Self {
        let org_types: Vec<(TypeId, String)> =
            typology.org_types.iter().map(|t| (t.id.clone(), t.name.clone())).collect();
        let link_types: Vec<(TypeId, String)> =
            typology.link_types.iter().map(|t| (t.id.clone(), t.name.clone())).collect();
        let org_names = count_names(imported.orgs.iter().map(|o| o.type_name.as_deref()), UNTYPED_ORG);
        let link_names = count_names(imported.links.iter().map(|l| l.type_name.as_deref()), UNTYPED_LINK);
        Self { org_types: plan_rows(org_names, &org_types), link_types: plan_rows(link_names, &link_types) }
    }

    /// The rows of one kind.
    #[must_use]
    pub fn rows(&self, kind: TypeKind) -> &[TypeRow] {
        match kind {
            TypeKind::Org => &self.org_types,
            TypeKind::Link => &self.link_types,
        }
    }

    /// The rows of one kind, to change.
    pub fn rows_mut(&mut self, kind: TypeKind) -> &mut Vec<TypeRow> {
        match kind {
            TypeKind::Org => &mut self.org_types,
            TypeKind::Link => &mut self.link_types,
        }
    }

    /// What a record's type name (as the file writes it, `None` for none) becomes.
    #[must_use]
    pub fn target(&self, kind: TypeKind, name: Option<&str>) -> Option<&TypeTarget> {
        let fallback = if kind == TypeKind::Org { UNTYPED_ORG } else { UNTYPED_LINK };
        let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or(fallback);
        self.rows(kind).iter().find(|r| r.name == name).map(|r| &r.target)
    }

    /// Follows a person's choice "FROM=TO": FROM is a name in the file (any case), TO an existing
    /// type's id or name (any case, accents or plural) or else the name of a new type.
    pub fn choose(&mut self, kind: TypeKind, typology: &Typology, choice: &str) -> Result<(), String> {
        let Some((from, to)) = choice.split_once('=') else {
            return Err(format!("'{choice}' is not FROM=TO"));
        };
        let (from, to) = (from.trim(), to.trim());
        if to.is_empty() {
            return Err(format!("'{choice}': say what '{from}' becomes after the ="));
        }
        let existing: Vec<(TypeId, String)> = match kind {
            TypeKind::Org => typology.org_types.iter().map(|t| (t.id.clone(), t.name.clone())).collect(),
            TypeKind::Link => typology.link_types.iter().map(|t| (t.id.clone(), t.name.clone())).collect(),
        };
        let target = match find_type(to, &Known::new(&existing)) {
            Some((id, Matched::Exact | Matched::SameWords)) => TypeTarget::Existing(id),
            _ => TypeTarget::New(to.to_owned()),
        };
        let rows = self.rows_mut(kind);
        let Some(row) = rows.iter_mut().find(|r| r.name.eq_ignore_ascii_case(from)) else {
            let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
            return Err(format!("no {} '{from}' in the file (it has: {})", kind.noun(), names.join(", ")));
        };
        row.target = target;
        row.matched = matches!(row.target, TypeTarget::Existing(_)).then_some(Matched::Chosen);
        Ok(())
    }

    /// Lines for the report: each name that was not taken as written, and what it became.
    #[must_use]
    pub fn report_lines(&self, typology: &Typology) -> Vec<String> {
        let mut out = Vec::new();
        for kind in [TypeKind::Org, TypeKind::Link] {
            for row in self.rows(kind) {
                let TypeTarget::Existing(id) = &row.target else { continue };
                let name = match kind {
                    TypeKind::Org => typology.org_type(id).map(|t| t.name.as_str()),
                    TypeKind::Link => typology.link_type(id).map(|t| t.name.as_str()),
                }
                .unwrap_or(id.as_str());
                let how = match row.matched {
                    Some(Matched::Exact) | None => continue,
                    Some(Matched::SameWords) => "the same words".to_owned(),
                    Some(Matched::Shortened) => "a shortened name".to_owned(),
                    Some(Matched::NearMiss(d)) => {
                        format!("a near miss in spelling, {d} letter{} different", if d == 1 { "" } else { "s" })
                    }
                    Some(Matched::Chosen) => "as chosen".to_owned(),
                };
                out.push(format!("{} '{}' read as '{name}' ({how})", kind.noun(), row.name));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{ImportedLink, ImportedOrg};

    fn org(t: &str) -> ImportedOrg {
        ImportedOrg { label: "x".into(), type_name: Some(t.into()), ..ImportedOrg::default() }
    }

    fn target_of(plan: &TypePlan, kind: TypeKind, name: &str) -> TypeTarget {
        plan.target(kind, Some(name)).cloned().unwrap()
    }

    fn existing(id: &str) -> TypeTarget {
        TypeTarget::Existing(TypeId::new(id))
    }

    #[test]
    fn names_are_matched_as_a_person_would() {
        let t = crate::model::default_typology();
        let names = [
            ("Helpline", "helpline"),
            ("listening lines", "helpline"),
            ("Crisis cafe", "crisis_cafe"),
            ("crisis café", "crisis_cafe"),
            ("CRISIS CAFES", "crisis_cafe"),
            ("Safe haven", "crisis_cafe"),
            ("Peer Suport", "peer_support"),
            ("Peer support groups", "peer_support"),
            ("Day centre", "drop_in"),
            ("Drop-in", "drop_in"),
            ("Advocacy & advice", "advocacy"),
            ("Carers and family support", "carers"),
            ("Statutory services", "statutory"),
            ("community_group", "community_group"),
        ];
        let imported = Imported { orgs: names.iter().map(|(n, _)| org(n)).collect(), ..Imported::default() };
        let plan = TypePlan::new(&t, &imported);
        for (name, id) in names {
            assert_eq!(target_of(&plan, TypeKind::Org, name), existing(id), "{name}");
        }
        let links = ["Info sharing", "information-sharing", "Referrals", "Co location", "Funding"];
        let imported = Imported {
            links: links
                .iter()
                .map(|n| ImportedLink { type_name: Some((*n).into()), ..ImportedLink::default() })
                .collect(),
            ..Imported::default()
        };
        let plan = TypePlan::new(&t, &imported);
        for (name, id) in
            links.iter().zip(["information_sharing", "information_sharing", "referral", "co_location", "funding"])
        {
            assert_eq!(target_of(&plan, TypeKind::Link, name), existing(id), "{name}");
        }
    }

    #[test]
    fn unknown_names_share_one_new_type_and_can_be_chosen() {
        let t = crate::model::default_typology();
        let imported = Imported {
            orgs: vec![
                org("Café / drop-in"),
                org("Faith group"),
                org("faith groups"),
                org("Men's shed"),
                org("Faith group"),
            ],
            ..Imported::default()
        };
        let mut plan = TypePlan::new(&t, &imported);
        assert_eq!(target_of(&plan, TypeKind::Org, "Faith group"), TypeTarget::New("Faith group".into()));
        assert_eq!(target_of(&plan, TypeKind::Org, "faith groups"), TypeTarget::New("Faith group".into()));
        assert_eq!(plan.org_types.iter().map(|r| r.count).collect::<Vec<_>>(), vec![1, 2, 1, 1]);
        assert_eq!(target_of(&plan, TypeKind::Org, "Café / drop-in"), TypeTarget::New("Café / drop-in".into()));
        plan.choose(TypeKind::Org, &t, "café / DROP-IN=Drop-in or day centre").unwrap();
        assert_eq!(target_of(&plan, TypeKind::Org, "Café / drop-in"), existing("drop_in"));
        plan.choose(TypeKind::Org, &t, "Men's shed=Community groups").unwrap();
        assert_eq!(target_of(&plan, TypeKind::Org, "Men's shed"), existing("community_group"));
        let e = plan.choose(TypeKind::Org, &t, "Nothing=Helpline").unwrap_err();
        assert!(e.contains("no organisation type 'Nothing'") && e.contains("Faith group"), "{e}");
        assert!(plan.choose(TypeKind::Org, &t, "Faith group").is_err());
    }

    #[test]
    fn a_near_miss_is_reported_with_the_way_to_keep_it_apart() {
        let t = crate::model::default_typology();
        let imported = Imported { orgs: vec![org("Peer Suport"), org("Helpline")], ..Imported::default() };
        let mut plan = TypePlan::new(&t, &imported);
        let lines = plan.report_lines(&t);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("'Peer Suport' read as 'Peer support group'"), "{lines:?}");
        assert!(lines[0].contains("a near miss in spelling, 1 letter different"), "{lines:?}");
        plan.choose(TypeKind::Org, &t, "Peer Suport=Peer Suport").unwrap();
        assert_eq!(target_of(&plan, TypeKind::Org, "Peer Suport"), TypeTarget::New("Peer Suport".into()));
    }

    #[test]
    fn five_thousand_new_type_names_are_planned_quickly() {
        let imported = Imported { orgs: (0..5000).map(|i| org(&format!("Type {i}"))).collect(), ..Imported::default() };
        let started = std::time::Instant::now();
        let plan = TypePlan::new(&crate::model::default_typology(), &imported);
        assert!(started.elapsed().as_secs_f64() < 4.0, "took {:?}", started.elapsed());
        assert_eq!(plan.rows(TypeKind::Org).len(), 5000);
    }

    #[test]
    fn normalise_folds_case_accents_punctuation_and_plurals() {
        assert_eq!(normalise("  Crisis  Cafés! "), "crisis cafe");
        assert_eq!(normalise("Carers' & family support"), "carer family support");
        assert_eq!(normalise("Churches"), "church");
        assert_eq!(normalise("Address"), "address");
    }
}
