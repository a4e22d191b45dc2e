//! The modal questions: "save changes?" before a map is replaced or the app closes, and
//! "recover unsaved work?" when the last session left a recovery file.

use super::PatchworkApp;
use crate::edit::Document;

impl PatchworkApp {
    pub(super) fn unsaved_prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(action) = self.pending.clone() else { return };
        let mut choice = None;
        let modal = egui::Modal::new(egui::Id::unique("unsaved_prompt")).show(ctx, |ui| {
            ui.heading(format!("Save changes to “{}”?", self.doc.map().meta.title));
            ui.label("Your changes will be lost if you don't save them.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(1);
                }
                if ui.button("Don't Save").clicked() {
                    choice = Some(2);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(0);
                }
            });
        });
        if modal.should_close() && choice.is_none() {
            choice = Some(0);
        }
        match choice {
            Some(1) => {
                self.pending = None;
                self.save(Some(action), ctx);
            }
            Some(2) => {
                self.pending = None;
                self.perform(action, ctx);
            }
            Some(_) => self.pending = None,
            None => {}
        }
    }

    pub(super) fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some((map, source)) = &self.recovery else { return };
        let mut choice = None;
        let lines = crate::ui::files::recovery_lines(
            (&map.meta.title, source.as_deref()),
            self.config.recovery_saved_at().and_then(|t| t.elapsed().ok()),
            (&self.doc.map().meta.title, self.doc.path.as_deref()),
        );
        egui::Modal::new(egui::Id::unique("recovery_prompt")).show(ctx, |ui| {
            ui.heading("Recover unsaved work?");
            ui.set_max_width(520.0);
            for line in lines {
                ui.label(line);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Recover").clicked() {
                    choice = Some(true);
                }
                if ui.button("Discard").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                if let Some((map, source)) = self.recovery.take() {
                    let mut doc = Document::new(map, source);
                    doc.mark_unsaved();
                    self.set_document(doc);
                    self.notices.info("Recovered the autosaved map. Save it to keep it.");
                }
            }
            Some(false) => {
                self.recovery = None;
                self.config.clear_recovery();
            }
            None => {}
        }
    }
}
