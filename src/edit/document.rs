//! An open map with its history, file and saved state: what the app edits. No egui here.

use super::{Edit, History, apply};
use crate::model::{Map, ModelError};
use std::path::PathBuf;

/// The map being edited, its undo history, where it is saved and whether it has unsaved changes.
#[derive(Debug, Clone)]
pub struct Document {
    map: Map,
    history: History,
    /// The file it was opened from or last saved to (`None`: never saved, e.g. the example).
    pub path: Option<PathBuf>,
    saved_state: Option<u64>,
    revision: u64,
}

impl Document {
    /// A document for a map just opened from `path` (or new, if `None`): no unsaved changes.
    #[must_use]
    pub fn new(map: Map, path: Option<PathBuf>) -> Self {
        Self { map, history: History::new(), path, saved_state: Some(0), revision: 0 }
    }

    /// The map.
    #[must_use]
    pub fn map(&self) -> &Map {
        &self.map
    }

    /// Applies an edit as one undo step.
    pub fn apply(&mut self, label: impl Into<String>, edit: Edit) -> Result<(), ModelError> {
        self.history.apply(&mut self.map, label, edit)?;
        self.revision += 1;
        Ok(())
    }

    /// Applies an edit shown live during a gesture (a drag), not yet an undo step; finish the
    /// gesture with [`Document::record`]. Returns the inverse.
    pub fn apply_live(&mut self, edit: Edit) -> Result<Edit, ModelError> {
        let inverse = apply(&mut self.map, edit)?;
        self.revision += 1;
        Ok(inverse)
    }

    /// Records a finished gesture whose edits were applied live: `redo` is the whole change,
    /// `undo` its inverse from before the gesture.
    pub fn record(&mut self, label: impl Into<String>, redo: Edit, undo: Edit) {
        self.history.record_applied(label, redo, undo);
        self.revision += 1;
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self) -> Result<Option<String>, ModelError> {
        let r = self.history.undo(&mut self.map);
        self.revision += 1;
        r
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self) -> Result<Option<String>, ModelError> {
        let r = self.history.redo(&mut self.map);
        self.revision += 1;
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
}
