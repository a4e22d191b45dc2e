//! Redaction for sharing: sensitive organisations get pseudonyms, notes and private fields go.

use crate::model::{Map, Organisation};
use std::collections::{BTreeMap, HashSet};

/// What a redaction removed, for the user to check before sharing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedactionReport {
    /// "o7 → Community or hobby group 1" lines, in id order.
    pub renamed: Vec<String>,
    /// Organisations whose notes were dropped.
    pub org_notes_dropped: usize,
    /// Links whose notes were dropped.
    pub link_notes_dropped: usize,
    /// Private fields removed, with how many values each had.
    pub private_fields: Vec<(String, usize)>,
}

impl RedactionReport {
    /// The report as lines for the terminal or a dialog.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!("Redacted: {} sensitive organisations renamed", self.renamed.len())];
        out.extend(self.renamed.iter().map(|r| format!("  {r}")));
        out.push(format!(
            "Dropped notes from {} organisations and {} links",
            self.org_notes_dropped, self.link_notes_dropped
        ));
        for (name, n) in &self.private_fields {
            out.push(format!("Dropped private field '{name}' ({n} values)"));
        }
        out
    }
}

/// A copy of the map safe to share, and what was removed.
#[must_use]
pub fn redact(map: &Map) -> (Map, RedactionReport) {
    let mut report = RedactionReport::default();
    let t = map.typology();
    let private: HashSet<_> = t.fields.iter().filter(|f| f.private).map(|f| f.id.clone()).collect();
    let mut private_counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_type: BTreeMap<String, usize> = BTreeMap::new();
    let orgs: Vec<Organisation> = map
        .organisations_sorted()
        .into_iter()
        .map(|o| {
            let mut o = o.clone();
            if o.sensitive {
                let type_name = t.org_type(&o.org_type).map_or("Organisation", |ty| ty.name.as_str()).to_owned();
                let n = per_type.entry(type_name.clone()).or_default();
                *n += 1;
                let pseudonym = format!("{type_name} {n}");
                report.renamed.push(format!("{} → {pseudonym}", o.id));
                o.name = pseudonym;
            }
            if !o.notes.is_empty() {
                report.org_notes_dropped += 1;
                o.notes.clear();
            }
            o.fields.retain(|f, _| {
                let keep = !private.contains(f);
                if !keep {
                    let name = t.field(f).map_or_else(|| f.to_string(), |d| d.name.clone());
                    *private_counts.entry(name).or_default() += 1;
                }
                keep
            });
            o
        })
        .collect();
    let links = map
        .link_records()
        .into_iter()
        .map(|mut l| {
            if !l.notes.is_empty() {
                report.link_notes_dropped += 1;
                l.notes.clear();
            }
            l.fields.retain(|f, _| !private.contains(f));
            l
        })
        .collect();
    for f in t.fields.iter().filter(|f| f.private) {
        let n = private_counts.get(&f.name).copied().unwrap_or(0);
        report.private_fields.push((f.name.clone(), n));
    }
    let mut typology = t.clone();
    typology.fields.retain(|f| !f.private);
    let redacted =
        Map::from_parts(map.meta.clone(), typology, orgs, links, map.views.clone()).unwrap_or_else(|_| map.clone());
    (redacted, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldId, OrgId};

    #[test]
    fn sensitive_names_notes_and_private_fields_go() {
        let map = crate::example_map().unwrap();
        let sensitive: Vec<_> =
            map.organisations().filter(|o| o.sensitive).map(|o| (o.id.clone(), o.name.clone())).collect();
        assert!(!sensitive.is_empty());
        let (red, report) = redact(&map);
        for (id, name) in &sensitive {
            let o = red.org(id).unwrap();
            assert_ne!(&o.name, name);
            assert!(o.name.chars().last().unwrap().is_ascii_digit(), "{}", o.name);
        }
        assert!(red.organisations().all(|o| o.notes.is_empty()));
        assert!(red.organisations().all(|o| !o.fields.contains_key(&FieldId::new("contact_person"))));
        assert!(red.typology().field(&FieldId::new("contact_person")).is_none());
        assert_eq!(report.renamed.len(), sensitive.len());
        assert!(report.lines().iter().any(|l| l.contains("Contact person")));
        assert_eq!(red.org(&OrgId::new("o1")).unwrap().name, map.org(&OrgId::new("o1")).unwrap().name);
    }
}
