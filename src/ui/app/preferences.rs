//! Edit › Preferences…: the person's own settings that are not a view toggle (for now the name
//! recorded on their changes), and keeping the document's author to that name.

use super::PatchworkApp;

/// Where the window's open flag lives in egui's memory (it is not part of the map or settings).
fn open_id() -> egui::Id {
    egui::Id::unique("patchwork_preferences_open")
}

impl PatchworkApp {
    /// The Edit menu's entry that opens the window.
    pub(super) fn preferences_menu_ui(ui: &mut egui::Ui) {
        if ui.button("Preferences…").on_hover_text("Your name, recorded on your changes").clicked() {
            ui.ctx().data_mut(|d| d.insert_temp(open_id(), true));
            ui.close();
        }
    }

    /// The window while it is open; every frame, the document's author follows the settings
    /// (a new or opened map, a merge, a recovered file: all stamped with the same name).
    pub(super) fn preferences_ui(&mut self, ctx: &egui::Context) {
        self.sync_author();
        let mut open = ctx.data(|d| d.get_temp::<bool>(open_id())).unwrap_or(false);
        if !open {
            return;
        }
        let mut changed = false;
        crate::ui::small_dialog(ctx, "Preferences").open(&mut open).show(ctx, |ui| {
            let label = ui.label("Your name (recorded on your changes)");
            let field =
                egui::TextEdit::singleline(&mut self.settings.author).hint_text("e.g. Sam").desired_width(240.0);
            changed = ui.add(field).labelled_by(label.id).changed();
            ui.add(
                egui::Label::new(
                    "Each organisation and link you add or change is stamped with your name and the time, saved \
                     in the map and shown in the inspector, so a merged map still says whose knowledge each part \
                     came from. Moving things is not recorded. Leave it empty to record nothing.",
                )
                .wrap(),
            );
        });
        if changed {
            self.persist_settings();
            self.sync_author();
        }
        ctx.data_mut(|d| d.insert_temp(open_id(), open));
    }

    /// Sets the document's author to the settings' name if it differs.
    fn sync_author(&mut self) {
        let wanted = self.settings.author.trim();
        if self.doc.author().unwrap_or_default() != wanted {
            self.doc.set_author(Some(wanted.to_owned()));
        }
    }
}
