//! Copy and paste of organisations with the links among them.

use super::Edit;
use crate::model::{LinkId, LinkRecord, Map, OrgId, Organisation};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Copied organisations and the links whose both ends were copied. Also the JSON put on the
/// system clipboard, so a selection can be pasted into another window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clipboard {
    /// Marks the JSON as ours.
    pub patchwork_clipboard: u32,
    /// The organisations, as they were.
    pub organisations: Vec<Organisation>,
    /// Links among them.
    pub links: Vec<LinkRecord>,
}

impl Clipboard {
    /// Copies the given organisations and the links among them.
    #[must_use]
    pub fn copy(map: &Map, ids: &BTreeSet<OrgId>) -> Self {
        let organisations: Vec<Organisation> =
            map.organisations_sorted().into_iter().filter(|o| ids.contains(&o.id)).cloned().collect();
        let links = map.link_records().into_iter().filter(|l| ids.contains(&l.from) && ids.contains(&l.to)).collect();
        Self { patchwork_clipboard: 1, organisations, links }
    }

    /// Whether nothing was copied.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.organisations.is_empty()
    }

    /// The JSON text for the system clipboard.
    #[must_use]
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads clipboard text written by [`Clipboard::to_text`]; `None` for any other text.
    #[must_use]
    pub fn from_text(text: &str) -> Option<Self> {
        serde_json::from_str::<Self>(text).ok().filter(|c| c.patchwork_clipboard == 1)
    }

    /// The edit that pastes a copy with fresh ids, moved by `offset`. Organisations whose type
    /// this map lacks, and values of fields it lacks, are left out (pasting from another map).
    /// Returns the edit and the new organisations' ids (to select them).
    #[must_use]
    pub fn paste_edit(&self, map: &Map, offset: [f32; 2]) -> (Edit, Vec<OrgId>) {
        let t = map.typology();
        let usable: Vec<&Organisation> =
            self.organisations.iter().filter(|o| t.org_type(&o.org_type).is_some()).collect();
        let new_ids = map.next_org_ids(usable.len());
        let mut renamed: HashMap<&OrgId, OrgId> = HashMap::new();
        let mut orgs = Vec::with_capacity(usable.len());
        for (org, id) in usable.into_iter().zip(&new_ids) {
            renamed.insert(&org.id, id.clone());
            let mut copy = org.clone();
            copy.id = id.clone();
            copy.position = [org.position[0] + offset[0], org.position[1] + offset[1]];
            copy.fields.retain(|f, v| {
                t.field(f).is_some_and(|d| {
                    d.applies_to == crate::model::AppliesTo::Organisations
                        && crate::model::typology::check_value(d, v).is_ok()
                })
            });
            orgs.push(copy);
        }
        let usable_links: Vec<&LinkRecord> = self
            .links
            .iter()
            .filter(|l| {
                renamed.contains_key(&l.from) && renamed.contains_key(&l.to) && t.link_type(&l.link_type).is_some()
            })
            .collect();
        let link_ids: Vec<LinkId> = map.next_link_ids(usable_links.len());
        let links = usable_links
            .into_iter()
            .zip(link_ids)
            .map(|(l, id)| {
                let mut copy = l.clone();
                copy.id = id;
                copy.from = renamed[&l.from].clone();
                copy.to = renamed[&l.to].clone();
                copy.fields.retain(|f, v| {
                    t.field(f).is_some_and(|d| {
                        d.applies_to == crate::model::AppliesTo::Links
                            && crate::model::typology::check_value(d, v).is_ok()
                    })
                });
                copy
            })
            .collect();
        (Edit::Batch(vec![Edit::AddOrganisations(orgs), Edit::AddLinks(links)]), new_ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    #[test]
    fn paste_keeps_links_among_pasted_organisations() {
        let mut map = crate::example_map().unwrap();
        let ids: BTreeSet<OrgId> = ["o1", "o4", "o32"].into_iter().map(OrgId::new).collect();
        let clip = Clipboard::copy(&map, &ids);
        let among = clip.links.len();
        assert!(among > 0);
        let clip = Clipboard::from_text(&clip.to_text()).unwrap();
        let (orgs_before, links_before) = (map.org_count(), map.link_count());
        let (edit, new_ids) = clip.paste_edit(&map, [30.0, 30.0]);
        apply(&mut map, edit).unwrap();
        assert_eq!(new_ids.len(), 3);
        assert_eq!(map.org_count(), orgs_before + 3);
        assert_eq!(map.link_count(), links_before + among);
        assert!(Clipboard::from_text("hello").is_none());
    }
}
