//! The modal questions: "save changes?" before a map is replaced or the app closes, and
//! "recover unsaved work?" when the last session left a recovery file. Each draws the question
//! and returns the answer; the app carries it out.

use super::PatchworkApp;
use crate::edit::Document;

/// The answer to "save changes?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SaveChoice {
    Save,
    DontSave,
    Cancel,
}

/// The answer to "recover unsaved work?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RecoveryChoice {
    Recover,
    Discard,
}

/// "Save changes to `title`?": Save, Don't Save, or Cancel (also Esc or a click outside).
/// `None` while unanswered.
fn unsaved_prompt(ctx: &egui::Context, title: &str) -> Option<SaveChoice> {
    let mut choice = None;
    let modal = egui::Modal::new(egui::Id::unique("unsaved_prompt")).show(ctx, |ui| {
        ui.heading(format!("Save changes to “{title}”?"));
        ui.label("Your changes will be lost if you don't save them.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(SaveChoice::Save);
            }
            if ui.button("Don't Save").clicked() {
                choice = Some(SaveChoice::DontSave);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(SaveChoice::Cancel);
            }
        });
    });
    if modal.should_close() && choice.is_none() {
        choice = Some(SaveChoice::Cancel);
    }
    choice
}

/// "Recover unsaved work?", explained by `lines` (which map, from when, what it replaces).
/// `None` while unanswered.
fn recovery_prompt(ctx: &egui::Context, lines: Vec<String>) -> Option<RecoveryChoice> {
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("recovery_prompt")).show(ctx, |ui| {
        ui.heading("Recover unsaved work?");
        ui.set_max_width(520.0);
        for line in lines {
            ui.label(line);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Recover").clicked() {
                choice = Some(RecoveryChoice::Recover);
            }
            if ui.button("Discard").clicked() {
                choice = Some(RecoveryChoice::Discard);
            }
        });
    });
    choice
}

impl PatchworkApp {
    /// While an action waits for "save changes?": asks, then saves first (the action follows
    /// the save), carries it out without saving, or drops it.
    pub(super) fn unsaved_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(action) = self.pending.clone() else { return };
        match unsaved_prompt(ctx, &self.doc.map().meta.title) {
            Some(SaveChoice::Save) => {
                self.pending = None;
                self.save(Some(action), ctx);
            }
            Some(SaveChoice::DontSave) => {
                self.pending = None;
                self.perform(action, ctx);
            }
            Some(SaveChoice::Cancel) => self.pending = None,
            None => {}
        }
    }

    /// While a recovery file is on offer: asks, then opens it as its own unsaved document, or
    /// deletes it.
    pub(super) fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some((map, source)) = &self.recovery else { return };
        let lines = crate::ui::files::recovery_lines(
            (&map.meta.title, source.as_deref()),
            self.config.recovery_saved_at().and_then(|t| t.elapsed().ok()),
            (&self.doc.map().meta.title, self.doc.path.as_deref()),
        );
        match recovery_prompt(ctx, lines) {
            Some(RecoveryChoice::Recover) => {
                if let Some((map, source)) = self.recovery.take() {
                    let mut doc = Document::new(map, source);
                    doc.mark_unsaved();
                    self.set_document(doc);
                    self.notices.info("Recovered the autosaved map. Save it to keep it.");
                }
            }
            Some(RecoveryChoice::Discard) => {
                self.recovery = None;
                self.config.clear_recovery();
            }
            None => {}
        }
    }
}
