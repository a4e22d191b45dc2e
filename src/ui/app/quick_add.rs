//! Quick add (Workshop › Quick Add, N): a bar for adding organisations one after another by
//! name, Tab cycling the type, each landing in free space beside the one before.

use super::PatchworkApp;
use crate::edit::Edit;

/// Quick add in progress: the name typed so far, the type, and how many were added (to fan them
/// out around the centre instead of stacking them).
#[derive(Debug, Default)]
pub(super) struct QuickAdd {
    name: String,
    type_index: usize,
    added: usize,
    park: bool,
}

impl PatchworkApp {
    /// The quick-add bar: name, Tab cycles the type, Enter adds and clears for the next one.
    pub(super) fn quick_add_ui(&mut self, ctx: &egui::Context) {
        let Some(mut qa) = self.quick_add.take() else { return };
        let types = self.doc.map().typology().org_types.clone();
        if types.is_empty() {
            self.notices.info("Add an organisation type in Map › Typology first.");
            return;
        }
        let (tab, back) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::Tab),
                i.consume_key(egui::Modifiers::SHIFT, egui::Key::Tab),
            )
        });
        if tab {
            qa.type_index = (qa.type_index + 1) % types.len();
        }
        if back {
            qa.type_index = (qa.type_index + types.len() - 1) % types.len();
        }
        let ty = &types[qa.type_index % types.len()];
        let mut close = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        // Enter adds whichever field has focus; the name field keeps focus while the bar is open.
        let add = ctx.input(|i| i.key_pressed(egui::Key::Enter));
        egui::Window::new("Quick add")
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let l = ui.label("New organisation");
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut qa.name)
                                .hint_text("Organisation name")
                                .desired_width(260.0),
                        )
                        .labelled_by(l.id);
                    if !r.has_focus() {
                        r.request_focus();
                    }
                    ui.label(format!("Type: {} (Tab changes)", ty.name));
                });
                ui.checkbox(&mut qa.park, "Park them (suggested, not placed yet)");
                ui.label(format!("{} added · Enter adds · Esc closes", qa.added));
                if ui.button("Done").clicked() {
                    close = true;
                }
            });
        let name = qa.name.trim().to_owned();
        if add && !name.is_empty() {
            // Each lands in free space beside the one before (it is selected), in view.
            let pos = if qa.park {
                crate::ui::notes_window::parking_spot(self.doc.map())
            } else {
                let n = u32::try_from(qa.added).unwrap_or(u32::MAX);
                crate::ui::placement::spot_for_new(self.doc.map(), self.scene.scene(), &self.view, &name, n)
            };
            let mut org =
                crate::model::Organisation::new(self.doc.map().next_org_id(), name.clone(), ty.id.clone(), pos);
            if qa.park {
                org.tags.push(crate::ui::notes_window::PARKED_TAG.to_owned());
            }
            let id = org.id.clone();
            match self.doc.apply(format!("Add {name}"), Edit::AddOrganisations(vec![org])) {
                Ok(()) => {
                    qa.added += 1;
                    qa.name.clear();
                    self.view.select_only([id]);
                }
                Err(e) => self.notices.error(e.to_string()),
            }
        }
        if !close {
            self.quick_add = Some(qa);
        }
    }
}
