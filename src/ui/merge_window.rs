//! File › Merge… and the merge offered when the open file changed on disk: each conflict of the
//! three-way merge with both sides and a choice; the result replaces the map as one undo step.

use crate::model::Map;
use crate::versions::{Conflict, MergeOptions, Side, merge_maps, show_value};
use std::collections::HashMap;

/// What the window asks the app to do.
pub enum MergeAction {
    /// Nothing yet.
    Waiting,
    /// Replace the open map with this merge result (one undo step).
    Apply(Box<Map>),
    /// Close without merging.
    Cancel,
}

/// A merge of another copy into the open map, waiting for the user's choices.
pub struct MergeWindow {
    /// The version both copies started from.
    base: Map,
    /// The other copy.
    theirs: Map,
    /// What the other copy is called ("anytown.json on disk").
    pub theirs_name: String,
    /// Whether the other copy is the open file's newer version on disk.
    pub from_disk: bool,
    conflicts: Vec<Conflict>,
    notes: Vec<String>,
    choices: HashMap<String, Side>,
    error: Option<String>,
}

impl MergeWindow {
    /// A merge of `theirs` into `ours`, both changed from `base`; the conflicts are listed at once.
    #[must_use]
    pub fn new(base: Map, ours: &Map, theirs: Map, theirs_name: String, from_disk: bool) -> Self {
        let mut w = Self {
            base,
            theirs,
            theirs_name,
            from_disk,
            conflicts: Vec::new(),
            notes: Vec::new(),
            choices: HashMap::new(),
            error: None,
        };
        match merge_maps(&w.base, ours, &w.theirs, &MergeOptions::default()) {
            Ok(m) => {
                w.conflicts = m.conflicts;
                w.notes = m.notes;
            }
            Err(e) => w.error = Some(e.to_string()),
        }
        w
    }

    /// The conflicts found (for tests).
    #[must_use]
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The other copy, as read (the new base once merged from disk).
    #[must_use]
    pub fn theirs(&self) -> &Map {
        &self.theirs
    }

    /// The window; `ours` is the open map (merged again on Merge, so edits made meanwhile count).
    pub fn ui(&mut self, ctx: &egui::Context, ours: &Map) -> MergeAction {
        let mut open = true;
        let mut action = MergeAction::Waiting;
        crate::ui::window(ctx, format!("Merge {}", self.theirs_name))
            .id(egui::Id::unique("merge window"))
            .open(&mut open)
            .default_width(560.0)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .show(ctx, |ui| {
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.label(if self.conflicts.is_empty() {
                    "Their changes and yours combine without conflicts.".to_owned()
                } else {
                    format!(
                        "{} conflict(s): choose whose version to keep for each. Everything else combines.",
                        self.conflicts.len()
                    )
                });
                for n in &self.notes {
                    ui.label(format!("• {n}"));
                }
                egui::ScrollArea::vertical().max_height(ui.ctx().content_rect().height() * 0.6).show(ui, |ui| {
                    for c in &self.conflicts {
                        conflict_ui(ui, c, &mut self.choices);
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    if ui.button("Merge").clicked() {
                        let options = MergeOptions { choices: self.choices.clone(), mark_conflicts: false };
                        match merge_maps(&self.base, ours, &self.theirs, &options) {
                            Ok(m) => action = MergeAction::Apply(Box::new(m.map)),
                            Err(e) => self.error = Some(e.to_string()),
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        action = MergeAction::Cancel;
                    }
                });
            });
        if open { action } else { MergeAction::Cancel }
    }
}

/// One conflict: what disagrees, and a choice between the two versions.
fn conflict_ui(ui: &mut egui::Ui, c: &Conflict, choices: &mut HashMap<String, Side>) {
    ui.separator();
    let field = if c.path.is_empty() { String::new() } else { format!(" — {}", c.path.join(".")) };
    ui.strong(format!("{}{field}", c.subject()));
    ui.label(c.describe());
    let id = c.id();
    let chosen = choices.get(&id).copied().unwrap_or(c.chosen);
    for side in [Side::Ours, Side::Theirs] {
        let value = match side {
            Side::Ours => c.ours.as_ref(),
            Side::Theirs => c.theirs.as_ref(),
        };
        let text = format!(
            "{}: {}",
            if side == Side::Ours { "Keep mine" } else { "Keep theirs" },
            value.map_or_else(|| "deleted".to_owned(), |v| show_value(Some(v)))
        );
        if ui.add_enabled(c.can_choose(side), egui::RadioButton::new(chosen == side, text)).clicked() {
            choices.insert(id.clone(), side);
        }
    }
}
