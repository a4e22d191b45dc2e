//! An open map with its history, file and saved state: what the app edits. No egui here.

use super::{Edit, History, apply, stamped};
use crate::model::{Map, ModelError, OrgId, Provenance};
use chrono::{DateTime, Utc};
use std::collections::VecDeque;
use std::path::PathBuf;

/// How many recent changes [`Document::moved_since`] can look back over.
const CHANGE_LOG: usize = 8;

/// Where a document gets the time for its stamps: the system clock, or a fixed one in tests.
pub type Clock = fn() -> DateTime<Utc>;

/// The map being edited, its undo history, where it is saved and whether it has unsaved changes.
#[derive(Debug, Clone)]
pub struct Document {
    map: Map,
    history: History,
    /// The file it was opened from or last saved to (`None`: never saved, e.g. the example).
    pub path: Option<PathBuf>,
    saved_state: Option<u64>,
    revision: u64,
    /// The last few changes: the revision each made, and the organisations it only moved
    /// (`None`: any other change).
    changes: VecDeque<(u64, Option<Vec<OrgId>>)>,
    /// Who is editing: each change is stamped with this name (`None`: nothing is stamped).
    author: Option<String>,
    /// The time for stamps.
    clock: Clock,
}

impl Document {
    /// A document for a map just opened from `path` (or new, if `None`): no unsaved changes.
    #[must_use]
    pub fn new(map: Map, path: Option<PathBuf>) -> Self {
        Self {
            map,
            history: History::new(),
            path,
            saved_state: Some(0),
            revision: 0,
            changes: VecDeque::new(),
            author: None,
            clock: Utc::now,
        }
    }

    /// Sets who is editing: from now on each change [`Document::apply`] makes to organisations,
    /// links, sticky notes, regions and journeys stamps them "last changed by `author`" at the
    /// clock's time (see [`super::stamped`]). `None` or a blank name: nothing is stamped. A new
    /// document starts with none: the app gives every document (new, opened, recovered) the
    /// name from its settings.
    pub fn set_author(&mut self, author: Option<String>) {
        self.author = author.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty());
    }

    /// Who is editing (see [`Document::set_author`]).
    #[must_use]
    pub fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }

    /// Replaces the clock stamps read (tests: a fixed time).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Counts a change: `moved` lists the organisations it moved if moving them was all it did.
    fn changed(&mut self, moved: Option<Vec<OrgId>>) {
        self.revision += 1;
        if self.changes.len() == CHANGE_LOG {
            self.changes.pop_front();
        }
        self.changes.push_back((self.revision, moved));
    }

    /// The organisations moved since `revision`, if moving organisations is all that changed
    /// since then (and it was recent): drawing caches update just those. `None`: anything
    /// else may have changed.
    #[must_use]
    pub fn moved_since(&self, revision: u64) -> Option<Vec<OrgId>> {
        let mut moved = Vec::new();
        let mut expected = revision + 1;
        for (r, ids) in self.changes.iter().filter(|(r, _)| *r > revision) {
            if *r != expected {
                return None;
            }
            moved.extend(ids.as_ref()?.iter().cloned());
            expected += 1;
        }
        (expected == self.revision + 1).then_some(moved)
    }

    /// The map.
    #[must_use]
    pub fn map(&self) -> &Map {
        &self.map
    }

    /// Applies an edit as one undo step, stamped with the author if one is set (see
    /// [`super::stamped`]); undoing it restores the records' earlier stamps.
    pub fn apply(&mut self, label: impl Into<String>, edit: Edit) -> Result<(), ModelError> {
        let moved = moved_by(&edit);
        let edit = match &self.author {
            Some(by) => stamped(&self.map, edit, &Provenance::new(by.clone(), (self.clock)())),
            None => edit,
        };
        self.history.apply(&mut self.map, label, edit)?;
        self.changed(moved);
        Ok(())
    }

    /// Applies an edit shown live during a gesture (a drag), not yet an undo step; finish the
    /// gesture with [`Document::record`]. Returns the inverse.
    pub fn apply_live(&mut self, edit: Edit) -> Result<Edit, ModelError> {
        let moved = moved_by(&edit);
        let inverse = apply(&mut self.map, edit)?;
        self.changed(moved);
        Ok(inverse)
    }

    /// Records a finished gesture whose edits were applied live: `redo` is the whole change,
    /// `undo` its inverse from before the gesture.
    pub fn record(&mut self, label: impl Into<String>, redo: Edit, undo: Edit) {
        self.history.record_applied(label, redo, undo);
        // The map is as the live edits left it: nothing more moved.
        self.changed(Some(Vec::new()));
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self) -> Result<Option<String>, ModelError> {
        let r = self.history.undo(&mut self.map);
        self.changed(None);
        r
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self) -> Result<Option<String>, ModelError> {
        let r = self.history.redo(&mut self.map);
        self.changed(None);
        r
    }

    /// The history (for menu labels).
    #[must_use]
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Changes on every change of the map, live or not: drawing caches key on it.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether the map differs from the saved file.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.history.state_id())
    }

    /// Marks the current state as saved (to `path`).
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_state = Some(self.history.state_id());
    }

    /// Marks the map as differing from any file (a recovered autosave).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = None;
    }
}

/// The organisations an edit moves, if moving is all it does.
fn moved_by(edit: &Edit) -> Option<Vec<OrgId>> {
    match edit {
        Edit::MoveOrganisations(moves) => Some(moves.iter().map(|(id, _)| id.clone()).collect()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkId, LinkRecord, OrgId, Organisation, TypeId};

    #[test]
    fn dirty_follows_the_saved_state_through_undo() {
        let mut doc = Document::new(Map::new(), None);
        assert!(!doc.is_dirty());
        let org = Organisation::new(OrgId::new("o1"), "A", TypeId::new("helpline"), [0.0, 0.0]);
        doc.apply("Add", Edit::AddOrganisations(vec![org])).unwrap();
        assert!(doc.is_dirty());
        doc.undo().unwrap();
        assert!(!doc.is_dirty());
        doc.redo().unwrap();
        doc.mark_saved(PathBuf::from("x.json"));
        assert!(!doc.is_dirty());
        doc.undo().unwrap();
        assert!(doc.is_dirty());
    }

    #[test]
    fn moved_since_lists_moves_and_gives_up_on_anything_else() {
        let mut doc = Document::new(Map::new(), None);
        let org = Organisation::new(OrgId::new("o1"), "A", TypeId::new("helpline"), [0.0, 0.0]);
        doc.apply("Add", Edit::AddOrganisations(vec![org])).unwrap();
        let r = doc.revision();
        assert_eq!(doc.moved_since(r), Some(vec![]));
        assert_eq!(doc.moved_since(r - 1), None, "an addition is not a move");
        doc.apply_live(Edit::MoveOrganisations(vec![(OrgId::new("o1"), [5.0, 5.0])])).unwrap();
        doc.apply_live(Edit::MoveOrganisations(vec![(OrgId::new("o1"), [9.0, 5.0])])).unwrap();
        doc.record(
            "Move",
            Edit::MoveOrganisations(vec![(OrgId::new("o1"), [9.0, 5.0])]),
            Edit::MoveOrganisations(vec![(OrgId::new("o1"), [0.0, 0.0])]),
        );
        assert_eq!(doc.moved_since(r), Some(vec![OrgId::new("o1"), OrgId::new("o1")]));
        doc.undo().unwrap();
        assert_eq!(doc.moved_since(r), None, "undo may change anything");
        // Too far back to know.
        for _ in 0..=CHANGE_LOG {
            doc.apply_live(Edit::MoveOrganisations(vec![(OrgId::new("o1"), [1.0, 1.0])])).unwrap();
        }
        let now = doc.revision();
        assert!(doc.moved_since(now - 2).is_some());
        assert_eq!(doc.moved_since(now - CHANGE_LOG as u64 - 1), None);
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn ten_past() -> DateTime<Utc> {
        at("2026-11-30T14:10:00Z")
    }

    fn eleven_past() -> DateTime<Utc> {
        at("2026-11-30T14:11:00Z")
    }

    fn two_orgs_and_a_link() -> Map {
        let mut map = Map::new();
        for id in ["o1", "o2"] {
            map.insert_organisation(Organisation::new(OrgId::new(id), id, TypeId::new("helpline"), [0.0, 0.0]))
                .unwrap();
        }
        let link = LinkRecord::new(LinkId::new("l1"), OrgId::new("o1"), OrgId::new("o2"), TypeId::new("referral"));
        map.insert_link(link).unwrap();
        map
    }

    #[test]
    fn changes_are_stamped_with_the_author_and_undo_restores_the_old_stamp() {
        let mut doc = Document::new(two_orgs_and_a_link(), None);
        doc.set_author(Some("  Sam ".into()));
        doc.set_clock(ten_past);
        assert_eq!(doc.author(), Some("Sam"));
        let mut o1 = doc.map().org(&OrgId::new("o1")).unwrap().clone();
        o1.name = "Listening line".into();
        doc.apply("Rename", Edit::UpdateOrganisations(vec![o1.clone()])).unwrap();
        let sam = Provenance::new("Sam", ten_past());
        assert_eq!(doc.map().org(&OrgId::new("o1")).unwrap().changed.as_ref(), Some(&sam));
        assert_eq!(doc.map().org(&OrgId::new("o2")).unwrap().changed, None, "not touched");

        // Someone else edits it later; undo gives Sam's stamp back, redo Ana's again.
        doc.set_author(Some("Ana".into()));
        doc.set_clock(eleven_past);
        let mut again = doc.map().org(&OrgId::new("o1")).unwrap().clone();
        again.notes = "Open late".into();
        doc.apply("Edit", Edit::UpdateOrganisations(vec![again])).unwrap();
        let ana = Provenance::new("Ana", eleven_past());
        assert_eq!(doc.map().org(&OrgId::new("o1")).unwrap().changed.as_ref(), Some(&ana));
        doc.undo().unwrap();
        assert_eq!(doc.map().org(&OrgId::new("o1")).unwrap().changed.as_ref(), Some(&sam));
        doc.redo().unwrap();
        assert_eq!(doc.map().org(&OrgId::new("o1")).unwrap().changed.as_ref(), Some(&ana));
        doc.undo().unwrap();
        doc.undo().unwrap();
        assert_eq!(doc.map().org(&OrgId::new("o1")).unwrap().changed, None);

        // Links: a new one and an edited one are stamped.
        let mut l1 = doc.map().link_record(&LinkId::new("l1")).unwrap();
        l1.notes = "weekly".into();
        let l2 = LinkRecord::new(LinkId::new("l2"), OrgId::new("o2"), OrgId::new("o1"), TypeId::new("referral"));
        doc.apply("Links", Edit::Batch(vec![Edit::UpdateLinks(vec![l1]), Edit::AddLinks(vec![l2])])).unwrap();
        for id in ["l1", "l2"] {
            assert_eq!(doc.map().link_record(&LinkId::new(id)).unwrap().changed.as_ref(), Some(&ana), "{id}");
        }
    }

    #[test]
    fn moves_and_updates_that_change_nothing_keep_the_old_stamp() {
        let mut doc = Document::new(two_orgs_and_a_link(), None);
        doc.set_author(Some("Sam".into()));
        doc.set_clock(ten_past);
        doc.apply("Move", Edit::MoveOrganisations(vec![(OrgId::new("o1"), [50.0, 0.0])])).unwrap();
        let mut moved = doc.map().org(&OrgId::new("o2")).unwrap().clone();
        moved.position = [9.0, 9.0];
        moved.pinned = true;
        doc.apply("Place", Edit::UpdateOrganisations(vec![moved])).unwrap();
        let same = doc.map().link_record(&LinkId::new("l1")).unwrap();
        doc.apply("Same", Edit::UpdateLinks(vec![same])).unwrap();
        assert!(doc.map().organisations().all(|o| o.changed.is_none()));
        assert_eq!(doc.map().link_record(&LinkId::new("l1")).unwrap().changed, None);
    }

    #[test]
    fn without_an_author_nothing_is_stamped() {
        let mut doc = Document::new(two_orgs_and_a_link(), None);
        doc.set_author(Some("   ".into()));
        assert_eq!(doc.author(), None);
        let org = Organisation::new(OrgId::new("o3"), "C", TypeId::new("helpline"), [0.0, 0.0]);
        doc.apply("Add", Edit::AddOrganisations(vec![org])).unwrap();
        let mut o1 = doc.map().org(&OrgId::new("o1")).unwrap().clone();
        o1.name = "Renamed".into();
        doc.apply("Rename", Edit::UpdateOrganisations(vec![o1])).unwrap();
        assert!(doc.map().organisations().all(|o| o.changed.is_none()));
    }

    #[test]
    fn sticky_notes_regions_and_journeys_are_stamped_when_their_content_changes() {
        use crate::model::{Colour, CrisisEpisode, Journey, JourneyId, Region, StickyNote};
        let mut doc = Document::new(two_orgs_and_a_link(), None);
        doc.set_author(Some("Sam".into()));
        doc.set_clock(ten_past);
        let note =
            StickyNote { id: "n1".into(), text: "Ask about evenings".into(), position: [0.0, 0.0], changed: None };
        let region = Region { label: "North".into(), colour: Colour::rgb(1, 2, 3), members: vec![], changed: None };
        let journey = Journey::new(JourneyId::new("j1"), "First crisis", CrisisEpisode::First, Colour::rgb(4, 5, 6));
        doc.apply(
            "Add",
            Edit::Batch(vec![
                Edit::SetNotes(vec![note]),
                Edit::SetRegions(vec![region]),
                Edit::SetJourneys(vec![journey]),
            ]),
        )
        .unwrap();
        let sam = Some(Provenance::new("Sam", ten_past()));
        let map = doc.map();
        assert_eq!((&map.notes[0].changed, &map.regions[0].changed, &map.journeys()[0].changed), (&sam, &sam, &sam));

        doc.set_author(Some("Ana".into()));
        doc.set_clock(eleven_past);
        let mut moved = doc.map().notes.clone();
        moved[0].position = [40.0, 40.0];
        doc.apply("Move note", Edit::SetNotes(moved)).unwrap();
        assert_eq!(doc.map().notes[0].changed, sam, "moving a note is not a change of it");
        let mut edited = doc.map().notes.clone();
        edited[0].text.push_str(" and weekends");
        let mut renamed = doc.map().journeys().to_vec();
        renamed[0].name = "Repeat crisis".into();
        doc.apply("Edit", Edit::Batch(vec![Edit::SetNotes(edited), Edit::SetJourneys(renamed)])).unwrap();
        let ana = Some(Provenance::new("Ana", eleven_past()));
        let map = doc.map();
        assert_eq!((&map.notes[0].changed, &map.regions[0].changed, &map.journeys()[0].changed), (&ana, &sam, &ana));
        doc.undo().unwrap();
        assert_eq!(doc.map().notes[0].changed, sam);
    }
}
