//! Redaction for sharing: sensitive organisations get pseudonyms, notes and private fields go,
//! and sensitive organisations lose their tags and opening hours unless asked to keep them.
//!
//! Tags ("LGBTQ+", "lived-experience-led") and opening hours ("Fridays 7pm–9pm") can single out
//! a small group even under a pseudonym, so they go by default. The opening-hours fields are
//! the field whose id is `opening_hours` (the default typology's) and any field whose name
//! contains "hours" (any case: "Hours", "Opening hours", "Drop-in hours"), so an imported or
//! renamed copy of it is caught too. Only sensitive organisations lose them: the fields stay in
//! the typology and on every other organisation.

use crate::model::{FieldDef, Map, Organisation};
use std::collections::{BTreeMap, HashSet};

/// What a redaction may keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RedactOptions {
    /// Keep the tags and opening hours of sensitive organisations (dropped by default).
    pub keep_tags_and_hours: bool,
}

/// Whether a field holds opening hours, which redaction drops from sensitive organisations:
/// its id is `opening_hours` or its name contains "hours" (any case).
#[must_use]
pub fn is_hours_field(f: &FieldDef) -> bool {
    f.id.as_str() == "opening_hours" || f.name.to_lowercase().contains("hours")
}

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
    /// Sensitive organisations whose tags were dropped.
    pub tags_dropped: usize,
    /// Opening-hours fields emptied on sensitive organisations, with how many values each lost.
    pub hours_dropped: Vec<(String, usize)>,
    /// Whether tags and opening hours of sensitive organisations were kept on request.
    pub kept_tags_and_hours: bool,
    /// Sensitive journeys left out.
    pub journeys_dropped: usize,
    /// Other journeys, renamed "Journey 1", "Journey 2", … (their description and step notes dropped).
    pub journeys_renamed: usize,
    /// Organisations, links and journeys whose "last changed by" stamp was dropped (it names a
    /// member of the research team).
    pub stamps_dropped: usize,
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
        if self.kept_tags_and_hours {
            out.push("Kept tags and opening hours of sensitive organisations, as asked".to_owned());
        } else {
            out.push(format!("Dropped tags from {} sensitive organisations", self.tags_dropped));
            for (name, n) in &self.hours_dropped {
                out.push(format!("Dropped '{name}' from {n} sensitive organisations"));
            }
        }
        if self.stamps_dropped > 0 {
            out.push(format!(
                "Dropped who last changed {} organisations, links and journeys (names of the team)",
                self.stamps_dropped
            ));
        }
        if self.journeys_dropped + self.journeys_renamed > 0 {
            out.push(format!(
                "Journeys: left out {} sensitive, renamed {} (their descriptions and step notes dropped)",
                self.journeys_dropped, self.journeys_renamed
            ));
        }
        out
    }
}

/// A copy of the map safe to share, and what was removed: [`redact_with`] the default options
/// (tags and opening hours of sensitive organisations dropped).
#[must_use]
pub fn redact(map: &Map) -> (Map, RedactionReport) {
    redact_with(map, RedactOptions::default())
}

/// A copy of the map safe to share, and what was removed. Sensitive organisations get a
/// pseudonym ("Peer support group 2"); every organisation and link loses its notes, private
/// fields and "last changed by" stamp; sensitive organisations also lose tags and opening hours unless `options` keeps them.
#[must_use]
pub fn redact_with(map: &Map, options: RedactOptions) -> (Map, RedactionReport) {
    let mut report = RedactionReport { kept_tags_and_hours: options.keep_tags_and_hours, ..Default::default() };
    let t = map.typology();
    let private: HashSet<_> = t.fields.iter().filter(|f| f.private).map(|f| f.id.clone()).collect();
    let hours: Vec<&FieldDef> = t.fields.iter().filter(|f| !f.private && is_hours_field(f)).collect();
    let mut hours_counts: Vec<usize> = vec![0; hours.len()];
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
                if !options.keep_tags_and_hours {
                    if !o.tags.is_empty() {
                        report.tags_dropped += 1;
                        o.tags.clear();
                    }
                    for (f, n) in hours.iter().zip(&mut hours_counts) {
                        if o.fields.remove(&f.id).is_some() {
                            *n += 1;
                        }
                    }
                }
            }
            if !o.notes.is_empty() {
                report.org_notes_dropped += 1;
                o.notes.clear();
            }
            if o.changed.take().is_some() {
                report.stamps_dropped += 1;
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
            if l.changed.take().is_some() {
                report.stamps_dropped += 1;
            }
            l.fields.retain(|f, _| !private.contains(f));
            l
        })
        .collect();
    for f in t.fields.iter().filter(|f| f.private) {
        let n = private_counts.get(&f.name).copied().unwrap_or(0);
        report.private_fields.push((f.name.clone(), n));
    }
    report.hours_dropped = hours.iter().zip(hours_counts).map(|(f, n)| (f.name.clone(), n)).collect();
    let mut typology = t.clone();
    typology.fields.retain(|f| !f.private);
    let mut redacted =
        Map::from_parts(map.meta.clone(), typology, orgs, links, map.views.clone()).unwrap_or_else(|_| map.clone());
    let journeys = redact_journeys(map, &mut report);
    if redacted.set_journeys(journeys).is_err() {
        // Cannot happen (the same organisations), but never share journeys unredacted.
        let _ = redacted.set_journeys(Vec::new());
    }
    (redacted, report)
}

/// Journeys safe to share: sensitive ones left out; the rest renamed "Journey N" (an account's
/// name can identify the person) with their descriptions and step notes dropped. Ids, kinds,
/// colours, organisations, stages and times stay: they are what the figure and analysis show.
fn redact_journeys(map: &Map, report: &mut RedactionReport) -> Vec<crate::model::Journey> {
    let mut out = Vec::new();
    for j in map.journeys() {
        if j.sensitive {
            report.journeys_dropped += 1;
            continue;
        }
        let mut j = j.clone();
        if j.changed.take().is_some() {
            report.stamps_dropped += 1;
        }
        report.journeys_renamed += 1;
        j.name = format!("Journey {}", report.journeys_renamed);
        j.description.clear();
        for step in &mut j.steps {
            step.note.clear();
        }
        out.push(j);
    }
    out
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

    #[test]
    fn tags_and_hours_of_sensitive_organisations_go_unless_kept() {
        let map = crate::example_map().unwrap();
        let hours = FieldId::new("opening_hours");
        let rainbow = OrgId::new("o22");
        assert!(map.org(&rainbow).unwrap().sensitive);
        let (red, report) = redact(&map);
        let o = red.org(&rainbow).unwrap();
        assert!(o.tags.is_empty());
        assert!(!o.fields.contains_key(&hours));
        assert!(o.fields.contains_key(&FieldId::new("area")), "other fields stay");
        assert_eq!(report.tags_dropped, 3);
        assert_eq!(report.hours_dropped, vec![("Opening hours".to_owned(), 3)]);
        assert!(report.lines().contains(&"Dropped 'Opening hours' from 3 sensitive organisations".to_owned()));
        let listening = OrgId::new("o1");
        assert_eq!(red.org(&listening).unwrap().tags, map.org(&listening).unwrap().tags, "not sensitive: kept");
        assert!(red.typology().field(&hours).is_some(), "the field stays in the typology");

        let (kept, report) = redact_with(&map, RedactOptions { keep_tags_and_hours: true });
        let o = kept.org(&rainbow).unwrap();
        assert_eq!(o.tags, map.org(&rainbow).unwrap().tags);
        assert_eq!(o.fields.get(&hours), map.org(&rainbow).unwrap().fields.get(&hours));
        assert_ne!(o.name, map.org(&rainbow).unwrap().name, "still renamed");
        assert!(report.lines().iter().any(|l| l.starts_with("Kept tags and opening hours")));
    }

    #[test]
    fn hours_fields_are_found_by_id_or_name() {
        let map = crate::example_map().unwrap();
        let f = |id: &str, name: &str| {
            let mut d = map.typology().fields[0].clone();
            d.id = FieldId::new(id);
            d.name = name.to_owned();
            d
        };
        assert!(is_hours_field(&f("opening_hours", "When open")));
        assert!(is_hours_field(&f("x1", "Drop-in HOURS")));
        assert!(!is_hours_field(&f("area", "Area")));
    }

    #[test]
    fn who_changed_what_is_not_shared() {
        let mut map = crate::example_map().unwrap();
        let mut o = map.organisations_sorted()[0].clone();
        o.changed = Some(crate::model::Provenance::new("Sam", chrono::DateTime::UNIX_EPOCH));
        map.replace_organisation(o).unwrap();
        let (redacted, report) = redact(&map);
        assert!(!redacted.has_stamps());
        assert_eq!(report.stamps_dropped, 1);
        assert!(report.lines().iter().any(|l| l.contains("Dropped who last changed 1 ")));
    }
}
