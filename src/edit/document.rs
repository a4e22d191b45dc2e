//! An open map with its history, file and saved state: what the app edits. No egui here.

use super::{Edit, History, apply};
use crate::model::{Map, ModelError, OrgId};
use std::collections::VecDeque;
use std::path::PathBuf;

/// How many recent changes [`Document::moved_since`] can look back over.
const CHANGE_LOG: usize = 8;

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
}

impl Document {
    /// A document for a map just opened from `path` (or new, if `None`): no unsaved changes.
    #[must_use]
    pub fn new(map: Map, path: Option<PathBuf>) -> Self {
        Self { map, history: History::new(), path, saved_state: Some(0), revision: 0, changes: VecDeque::new() }
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

    /// Applies an edit as one undo step.
    pub fn apply(&mut self, label: impl Into<String>, edit: Edit) -> Result<(), ModelError> {
        let moved = moved_by(&edit);
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
    use crate::model::{OrgId, Organisation, TypeId};

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
}
