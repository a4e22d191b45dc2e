//! The only way to change a map: an [`Edit`] applied by [`apply`], which returns the edit that
//! undoes it. [`History`] keeps undo/redo steps; one user gesture (a drag of 20 organisations, a
//! layout run, a paste) is one step, however many edits it holds.

pub mod clipboard;
mod document;
pub mod journeys;
mod typology_change;

pub use document::{Clock, Document};
pub use typology_change::{TypologyChange, typology_change};

use crate::model::{
    Decor, LinkId, LinkRecord, Map, MapPos, Meta, ModelError, OrgId, Organisation, Provenance, Typology, View,
};

/// One change to a map.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Add organisations (ids must be new).
    AddOrganisations(Vec<Organisation>),
    /// Remove organisations and every link touching them.
    RemoveOrganisations(Vec<OrgId>),
    /// Move organisations to absolute positions.
    MoveOrganisations(Vec<(OrgId, MapPos)>),
    /// Replace organisations' records (name, type, fields, tags, notes, flags) by id.
    UpdateOrganisations(Vec<Organisation>),
    /// Add links (ids must be new, endpoints must exist).
    AddLinks(Vec<LinkRecord>),
    /// Remove links.
    RemoveLinks(Vec<LinkId>),
    /// Replace links' records by id (type, direction, endpoints, fields, notes).
    UpdateLinks(Vec<LinkRecord>),
    /// Replace the typology and, in the same atomic step, the organisation and link records it
    /// affects (see [`typology_change`]). Refused if the result would break an invariant.
    SetTypology {
        /// The new typology.
        typology: Box<Typology>,
        /// Organisations updated with it (types reassigned, stale values dropped).
        orgs: Vec<Organisation>,
        /// Links updated with it.
        links: Vec<LinkRecord>,
    },
    /// Replace title and description.
    SetMeta(Meta),
    /// Replace the saved views.
    SetViews(Vec<View>),
    /// Replace the layout decoration (lane headers, type hulls).
    SetDecor(Option<Decor>),
    /// Replace the sticky notes.
    SetNotes(Vec<crate::model::StickyNote>),
    /// Replace the regions.
    SetRegions(Vec<crate::model::Region>),
    /// Replace the journeys (checked: every step at an existing organisation). Build one with
    /// the helpers in [`journeys`] (add, remove, rename a journey; add, remove, move a step).
    SetJourneys(Vec<crate::model::Journey>),
    /// Replace the whole map (a merge's result: one undo step, whatever it changed).
    ReplaceMap(Box<Map>),
    /// Several edits applied in order, as one; all or nothing.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Whether applying it would change nothing (used to skip empty undo steps).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match self {
            Edit::AddOrganisations(v) | Edit::UpdateOrganisations(v) => v.is_empty(),
            Edit::RemoveOrganisations(v) => v.is_empty(),
            Edit::MoveOrganisations(v) => v.is_empty(),
            Edit::AddLinks(v) | Edit::UpdateLinks(v) => v.is_empty(),
            Edit::RemoveLinks(v) => v.is_empty(),
            Edit::Batch(v) => v.iter().all(Edit::is_empty),
            Edit::SetTypology { .. }
            | Edit::SetMeta(_)
            | Edit::SetViews(_)
            | Edit::SetDecor(_)
            | Edit::SetNotes(_)
            | Edit::SetRegions(_)
            | Edit::SetJourneys(_)
            | Edit::ReplaceMap(_) => false,
        }
    }
}

/// Applies an edit and returns its inverse. On error the map is exactly as before.
// One arm per edit kind, each with its own rollback: splitting it would scatter the pattern.
#[allow(clippy::too_many_lines)]
pub fn apply(map: &mut Map, edit: Edit) -> Result<Edit, ModelError> {
    match edit {
        Edit::AddOrganisations(orgs) => {
            let ids: Vec<OrgId> = orgs.iter().map(|o| o.id.clone()).collect();
            for (i, org) in orgs.into_iter().enumerate() {
                if let Err(e) = map.insert_organisation(org) {
                    for id in &ids[..i] {
                        let _ = map.remove_organisation(id);
                    }
                    return Err(e);
                }
            }
            Ok(Edit::RemoveOrganisations(ids))
        }
        Edit::RemoveOrganisations(ids) => {
            // Removing an organisation drops the journey steps at it; undo puts them back.
            let journeys_before =
                ids.iter().any(|id| map.journeys().iter().any(|j| j.visits(id))).then(|| map.journeys().to_vec());
            let mut orgs = Vec::with_capacity(ids.len());
            let mut links: Vec<LinkRecord> = Vec::new();
            for id in &ids {
                match map.remove_organisation(id) {
                    Ok((org, removed)) => {
                        orgs.push(org);
                        links.extend(removed);
                    }
                    Err(e) => {
                        restore(map, orgs, links);
                        if let Some(before) = journeys_before {
                            let _ = map.set_journeys(before);
                        }
                        return Err(e);
                    }
                }
            }
            let mut inverse = restore_edit(orgs, links);
            if let (Some(before), Edit::Batch(edits)) = (journeys_before, &mut inverse) {
                edits.push(Edit::SetJourneys(before));
            }
            Ok(inverse)
        }
        Edit::MoveOrganisations(moves) => {
            let mut old = Vec::with_capacity(moves.len());
            for (id, pos) in moves {
                match map.set_position(&id, pos) {
                    Ok(prev) => old.push((id, prev)),
                    Err(e) => {
                        for (id, prev) in old.into_iter().rev() {
                            let _ = map.set_position(&id, prev);
                        }
                        return Err(e);
                    }
                }
            }
            old.reverse();
            Ok(Edit::MoveOrganisations(old))
        }
        Edit::UpdateOrganisations(orgs) => {
            let mut old = Vec::with_capacity(orgs.len());
            for org in orgs {
                match map.replace_organisation(org) {
                    Ok(prev) => old.push(prev),
                    Err(e) => {
                        for prev in old.into_iter().rev() {
                            let _ = map.replace_organisation(prev);
                        }
                        return Err(e);
                    }
                }
            }
            old.reverse();
            Ok(Edit::UpdateOrganisations(old))
        }
        Edit::AddLinks(links) => {
            let ids: Vec<LinkId> = links.iter().map(|l| l.id.clone()).collect();
            for (i, link) in links.into_iter().enumerate() {
                if let Err(e) = map.insert_link(link) {
                    for id in &ids[..i] {
                        let _ = map.remove_link(id);
                    }
                    return Err(e);
                }
            }
            Ok(Edit::RemoveLinks(ids))
        }
        Edit::RemoveLinks(ids) => {
            let mut removed = Vec::with_capacity(ids.len());
            for id in &ids {
                match map.remove_link(id) {
                    Ok(l) => removed.push(l),
                    Err(e) => {
                        for l in removed {
                            let _ = map.insert_link(l);
                        }
                        return Err(e);
                    }
                }
            }
            Ok(Edit::AddLinks(removed))
        }
        Edit::UpdateLinks(links) => {
            let mut old = Vec::with_capacity(links.len());
            for link in links {
                match map.replace_link(link) {
                    Ok(prev) => old.push(prev),
                    Err(e) => {
                        for prev in old.into_iter().rev() {
                            let _ = map.replace_link(prev);
                        }
                        return Err(e);
                    }
                }
            }
            old.reverse();
            Ok(Edit::UpdateLinks(old))
        }
        Edit::SetTypology { typology, orgs, links } => {
            let (typology, orgs, links) = map.replace_typology(*typology, orgs, links)?;
            Ok(Edit::SetTypology { typology: Box::new(typology), orgs, links })
        }
        Edit::SetMeta(meta) => Ok(Edit::SetMeta(std::mem::replace(&mut map.meta, meta))),
        Edit::SetViews(views) => Ok(Edit::SetViews(std::mem::replace(&mut map.views, views))),
        Edit::SetDecor(decor) => Ok(Edit::SetDecor(std::mem::replace(&mut map.decor, decor))),
        Edit::SetNotes(notes) => Ok(Edit::SetNotes(std::mem::replace(&mut map.notes, notes))),
        Edit::SetRegions(regions) => Ok(Edit::SetRegions(std::mem::replace(&mut map.regions, regions))),
        Edit::SetJourneys(journeys) => Ok(Edit::SetJourneys(map.set_journeys(journeys)?)),
        Edit::ReplaceMap(new) => Ok(Edit::ReplaceMap(Box::new(std::mem::replace(map, *new)))),
        Edit::Batch(edits) => apply_all(map, edits),
    }
}

/// `edit` with every organisation and link record it adds or changes stamped "last changed by
/// `stamp`" (see [`Provenance`]), and likewise sticky notes (their text), regions and journeys.
/// What counts as a change is anything but the position and the stamp itself: a record an
/// update leaves otherwise as it is in `map` keeps its old stamp, so moves (a drag, a layout)
/// and no-op updates never claim anyone's authorship. Removals, and edits of anything else
/// (typology, views, title), are returned as they are; so is [`Edit::ReplaceMap`] (a merge's
/// result keeps the stamps of both copies). Undo needs nothing
/// more: the inverse of a stamped update holds the records with their old stamps.
#[must_use]
pub fn stamped(map: &Map, edit: Edit, stamp: &Provenance) -> Edit {
    let org = |mut o: Organisation| {
        o.changed = match map.org(&o.id) {
            Some(cur) if same_org(cur, &o) => cur.changed.clone(),
            _ => Some(stamp.clone()),
        };
        o
    };
    let link = |mut l: LinkRecord| {
        l.changed = match map.link_record(&l.id) {
            Some(cur) if same_link(&cur, &l) => cur.changed,
            _ => Some(stamp.clone()),
        };
        l
    };
    let new_org = |mut o: Organisation| {
        o.changed = Some(stamp.clone());
        o
    };
    let new_link = |mut l: LinkRecord| {
        l.changed = Some(stamp.clone());
        l
    };
    match edit {
        Edit::AddOrganisations(orgs) => Edit::AddOrganisations(orgs.into_iter().map(new_org).collect()),
        Edit::UpdateOrganisations(orgs) => Edit::UpdateOrganisations(orgs.into_iter().map(org).collect()),
        Edit::AddLinks(links) => Edit::AddLinks(links.into_iter().map(new_link).collect()),
        Edit::UpdateLinks(links) => Edit::UpdateLinks(links.into_iter().map(link).collect()),
        Edit::SetTypology { typology, orgs, links } => Edit::SetTypology {
            typology,
            orgs: orgs.into_iter().map(org).collect(),
            links: links.into_iter().map(link).collect(),
        },
        Edit::SetNotes(notes) => {
            Edit::SetNotes(stamp_kept(notes, &map.notes, stamp, |n| (&n.id, &mut n.changed), |a, b| a.text == b.text))
        }
        Edit::SetRegions(regions) => Edit::SetRegions(stamp_kept(
            regions,
            &map.regions,
            stamp,
            |r| (&r.label, &mut r.changed),
            |a, b| a.colour == b.colour && a.members == b.members,
        )),
        Edit::SetJourneys(journeys) => Edit::SetJourneys(stamp_kept(
            journeys,
            map.journeys(),
            stamp,
            |j| (&j.id, &mut j.changed),
            |a, b| {
                let mut a = a.clone();
                a.changed.clone_from(&b.changed);
                a == *b
            },
        )),
        Edit::Batch(edits) => Edit::Batch(edits.into_iter().map(|e| stamped(map, e, stamp)).collect()),
        other => other,
    }
}

/// A new list of records (sticky notes, regions, journeys) with each record that is new (by its
/// key, the first of what `parts` gives) or differs from its old version (`same` says when not)
/// stamped; the rest keep their old stamp (the second of `parts`).
fn stamp_kept<T: Clone, K: PartialEq + Clone>(
    new: Vec<T>,
    old: &[T],
    stamp: &Provenance,
    parts: impl Fn(&mut T) -> (&K, &mut Option<Provenance>),
    same: impl Fn(&T, &T) -> bool,
) -> Vec<T> {
    let mut old = old.to_vec();
    new.into_iter()
        .map(|mut item| {
            let key = parts(&mut item).0.clone();
            let kept = old.iter_mut().find_map(|o| {
                let same_content = same(o, &item);
                let (k, was) = parts(o);
                (*k == key).then(|| if same_content { was.clone() } else { Some(stamp.clone()) })
            });
            *parts(&mut item).1 = kept.unwrap_or_else(|| Some(stamp.clone()));
            item
        })
        .collect()
}

/// Whether two versions of an organisation differ in nothing but where it is drawn (position,
/// pinned: layout, not knowledge) and stamp.
fn same_org(a: &Organisation, b: &Organisation) -> bool {
    let Organisation { id, name, org_type, position: _, pinned: _, fields, tags, notes, sensitive, changed: _ } = a;
    *id == b.id
        && *name == b.name
        && *org_type == b.org_type
        && *fields == b.fields
        && *tags == b.tags
        && *notes == b.notes
        && *sensitive == b.sensitive
}

/// Whether two versions of a link differ in nothing but stamp.
fn same_link(a: &LinkRecord, b: &LinkRecord) -> bool {
    let LinkRecord { id, from, to, link_type, fields, notes, changed: _ } = a;
    *id == b.id
        && *from == b.from
        && *to == b.to
        && *link_type == b.link_type
        && *fields == b.fields
        && *notes == b.notes
}

/// Applies an edit to a map that is thrown away if it fails (an import's copy): nothing is kept
/// for undo and nothing is rolled back, so on error the map is part-changed. Additions make room
/// first; 80,000 imported records are then inserted without copying an id for an inverse.
pub fn apply_to_scratch(map: &mut Map, edit: Edit) -> Result<(), ModelError> {
    match edit {
        Edit::AddOrganisations(orgs) => {
            map.reserve_orgs(orgs.len());
            orgs.into_iter().try_for_each(|o| map.insert_organisation(o))
        }
        Edit::AddLinks(links) => {
            map.reserve_links(links.len());
            links.into_iter().try_for_each(|l| map.insert_link(l))
        }
        Edit::Batch(edits) => edits.into_iter().try_for_each(|e| apply_to_scratch(map, e)),
        other => apply(map, other).map(drop),
    }
}

/// Applies edits in order; if one fails, undoes the ones before it. Returns the inverse batch.
fn apply_all(map: &mut Map, edits: Vec<Edit>) -> Result<Edit, ModelError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match apply(map, edit) {
            Ok(inv) => inverses.push(inv),
            Err(e) => {
                for inv in inverses.into_iter().rev() {
                    let _ = apply(map, inv);
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn restore_edit(orgs: Vec<Organisation>, links: Vec<LinkRecord>) -> Edit {
    let mut dedup: Vec<LinkRecord> = Vec::with_capacity(links.len());
    let mut seen = std::collections::HashSet::new();
    for l in links {
        if seen.insert(l.id.clone()) {
            dedup.push(l);
        }
    }
    Edit::Batch(vec![Edit::AddOrganisations(orgs), Edit::AddLinks(dedup)])
}

fn restore(map: &mut Map, orgs: Vec<Organisation>, links: Vec<LinkRecord>) {
    let _ = apply(map, restore_edit(orgs, links));
}

/// One undoable step: what the user did (for menus: "Undo Move 3 organisations") and how to
/// undo and redo it.
#[derive(Debug, Clone)]
struct Step {
    serial: u64,
    label: String,
    undo: Edit,
    redo: Edit,
}

/// Undo/redo history. A new step drops the redo branch.
#[derive(Debug, Clone, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    /// Bumped on every change of the map made through the history; lets views know to rebuild.
    revision: u64,
    /// Serial handed to the next step; identifies map states for "unsaved changes".
    next_serial: u64,
}

impl History {
    /// An empty history.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `edit` as one undoable step labelled `label`. Empty edits are ignored.
    pub fn apply(&mut self, map: &mut Map, label: impl Into<String>, edit: Edit) -> Result<(), ModelError> {
        if edit.is_empty() {
            return Ok(());
        }
        let redo = edit.clone();
        let undo = apply(map, edit)?;
        self.push(label.into(), redo, undo);
        Ok(())
    }

    /// Records a step whose edit has already been applied to the map (e.g. a drag shown live),
    /// given its inverse.
    pub fn record_applied(&mut self, label: impl Into<String>, redo: Edit, undo: Edit) {
        if redo.is_empty() {
            return;
        }
        self.push(label.into(), redo, undo);
    }

    fn push(&mut self, label: String, redo: Edit, undo: Edit) {
        self.next_serial += 1;
        self.done.push(Step { serial: self.next_serial, label, undo, redo });
        self.undone.clear();
        self.revision += 1;
    }

    /// Identifies the current map state among those this history can reach: equal ids mean the
    /// same content (undoing back to the saved state makes the map clean again).
    #[must_use]
    pub fn state_id(&self) -> u64 {
        self.done.last().map_or(0, |s| s.serial)
    }

    /// Undoes the last step; returns its label, or `None` if there was nothing to undo.
    pub fn undo(&mut self, map: &mut Map) -> Result<Option<String>, ModelError> {
        let Some(step) = self.done.pop() else { return Ok(None) };
        match apply(map, step.undo.clone()) {
            Ok(_) => {
                let label = step.label.clone();
                self.undone.push(step);
                self.revision += 1;
                Ok(Some(label))
            }
            Err(e) => {
                self.done.push(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone step; returns its label, or `None` if there was nothing to redo.
    pub fn redo(&mut self, map: &mut Map) -> Result<Option<String>, ModelError> {
        let Some(step) = self.undone.pop() else { return Ok(None) };
        match apply(map, step.redo.clone()) {
            Ok(_) => {
                let label = step.label.clone();
                self.done.push(step);
                self.revision += 1;
                Ok(Some(label))
            }
            Err(e) => {
                self.undone.push(step);
                Err(e)
            }
        }
    }

    /// Label of the step Undo would undo.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|s| s.label.as_str())
    }

    /// Label of the step Redo would redo.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    /// Number of steps that can be undone.
    #[must_use]
    pub fn undo_len(&self) -> usize {
        self.done.len()
    }

    /// A counter that changes whenever the map changes through this history.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Forgets everything (after New or Open).
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
        self.revision += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TypeId;

    fn org(id: &str) -> Organisation {
        Organisation::new(OrgId::new(id), id, TypeId::new("helpline"), [0.0, 0.0])
    }

    #[test]
    fn failed_batch_leaves_map_unchanged() {
        let mut map = Map::new();
        let before = map.clone();
        let edit = Edit::Batch(vec![
            Edit::AddOrganisations(vec![org("o1"), org("o2")]),
            Edit::AddLinks(vec![LinkRecord::new(
                LinkId::new("l1"),
                OrgId::new("o1"),
                OrgId::new("o9"),
                TypeId::new("referral"),
            )]),
        ]);
        assert!(apply(&mut map, edit).is_err());
        assert_eq!(map, before);
    }

    #[test]
    fn removal_undo_restores_links_and_a_new_edit_drops_redo() {
        let mut map = Map::new();
        let mut h = History::new();
        h.apply(&mut map, "Add", Edit::AddOrganisations(vec![org("o1"), org("o2"), org("o3")])).unwrap();
        h.apply(
            &mut map,
            "Connect",
            Edit::AddLinks(vec![
                LinkRecord::new(LinkId::new("l1"), OrgId::new("o1"), OrgId::new("o2"), TypeId::new("referral")),
                LinkRecord::new(LinkId::new("l2"), OrgId::new("o2"), OrgId::new("o3"), TypeId::new("partnership")),
            ]),
        )
        .unwrap();
        let full = map.clone();
        h.apply(&mut map, "Delete", Edit::RemoveOrganisations(vec![OrgId::new("o2"), OrgId::new("o1")])).unwrap();
        assert_eq!(map.org_count(), 1);
        assert_eq!(map.link_count(), 0);
        assert_eq!(h.undo(&mut map).unwrap().as_deref(), Some("Delete"));
        assert_eq!(map, full);
        assert_eq!(h.redo_label(), Some("Delete"));
        h.apply(&mut map, "Move", Edit::MoveOrganisations(vec![(OrgId::new("o1"), [5.0, 5.0])])).unwrap();
        assert_eq!(h.redo_label(), None);
        assert_eq!(h.undo(&mut map).unwrap().as_deref(), Some("Move"));
        assert_eq!(map, full);
    }
}
