//! An editable copy of something in the map. Editors change the copy; the app applies it as one
//! undo step when the user moves on, and refreshes it when the map changed underneath (undo, an
//! edit elsewhere) and the user has not touched it.

/// A copy being edited and the map value it started from.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft<T> {
    base: T,
    /// The value the widgets edit.
    pub value: T,
}

impl<T: Clone + PartialEq> Draft<T> {
    /// A draft of `current`, unedited.
    pub fn new(current: &T) -> Self {
        Self { base: current.clone(), value: current.clone() }
    }

    /// Whether the user changed it.
    pub fn edited(&self) -> bool {
        self.value != self.base
    }

    /// Takes the edited value to apply, marking it as the new base. `None` if unedited.
    pub fn take_edit(&mut self) -> Option<T> {
        if self.edited() {
            self.base = self.value.clone();
            Some(self.value.clone())
        } else {
            None
        }
    }

    /// Follows the map when the user has not edited the draft.
    pub fn follow(&mut self, current: &T) -> bool {
        if !self.edited() && self.base != *current {
            *self = Self::new(current);
            true
        } else {
            false
        }
    }
}

/// Whether an editor should apply its draft now: no text field has focus, or focus just moved
/// from one field to another (Tab), so each field edit is one undo step.
#[derive(Debug, Default)]
pub struct CommitTiming {
    last_focus: Option<egui::Id>,
}

impl CommitTiming {
    /// Call once per frame; true when pending edits should be applied.
    pub fn due(&mut self, ctx: &egui::Context) -> bool {
        let focus = ctx.memory(egui::Memory::focused);
        let moved = focus != self.last_focus;
        self.last_focus = focus;
        !ctx.text_edit_focused() || moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_map_only_when_untouched() {
        let mut d = Draft::new(&1);
        assert!(d.follow(&2));
        assert_eq!(d.value, 2);
        d.value = 5;
        assert!(!d.follow(&3));
        assert_eq!(d.take_edit(), Some(5));
        assert_eq!(d.take_edit(), None);
        assert!(d.follow(&7));
    }
}
