//! Quick add (Workshop › Quick Add, N): a bar for adding organisations one after another by
//! name, Tab cycling the type, each landing in free space beside the one before.

use crate::edit::{Document, Edit};
use crate::model::OrgType;
use crate::scene::Scene;
use crate::ui::notices::Notices;
use crate::ui::view::ViewState;

/// Quick add in progress: the name typed so far, the type, and how many were added (to fan them
/// out around the centre instead of stacking them).
#[derive(Debug, Default)]
pub(super) struct QuickAdd {
    name: String,
    type_index: usize,
    added: usize,
    park: bool,
}

impl QuickAdd {
    /// The quick-add bar: name, Tab cycles the type, Enter adds (one undo step each, selected)
    /// and clears for the next one. Returns false when the bar closes (Esc, Done, or no type to
    /// add with, which is said in `notices`).
    pub(super) fn ui(
        &mut self,
        ctx: &egui::Context,
        doc: &mut Document,
        view: &mut ViewState,
        scene: &Scene,
        notices: &mut Notices,
    ) -> bool {
        let types = doc.map().typology().org_types.clone();
        if types.is_empty() {
            notices.info("Add an organisation type in Map › Typology first.");
            return false;
        }
        self.cycle_type(ctx, types.len());
        let ty = &types[self.type_index % types.len()];
        let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        // Enter adds whichever field has focus; the name field keeps focus while the bar is open.
        let add = ctx.input(|i| i.key_pressed(egui::Key::Enter));
        let done = self.bar_ui(ctx, &ty.name);
        if add {
            self.add(doc, view, scene, notices, ty);
        }
        !(escape || done)
    }

    /// Tab and Shift+Tab step through the `count` organisation types.
    fn cycle_type(&mut self, ctx: &egui::Context, count: usize) {
        let (tab, back) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::Tab),
                i.consume_key(egui::Modifiers::SHIFT, egui::Key::Tab),
            )
        });
        if tab {
            self.type_index = (self.type_index + 1) % count;
        }
        if back {
            self.type_index = (self.type_index + count - 1) % count;
        }
    }

    /// The bar itself, its name field always focused; returns true when Done was clicked.
    fn bar_ui(&mut self, ctx: &egui::Context, type_name: &str) -> bool {
        let mut done = false;
        crate::ui::window(ctx, "Quick add")
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let l = ui.label("New organisation");
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.name)
                                .hint_text("Organisation name")
                                .desired_width(260.0),
                        )
                        .labelled_by(l.id);
                    if !r.has_focus() {
                        r.request_focus();
                    }
                    ui.label(format!("Type: {type_name} (Tab changes)"));
                });
                ui.checkbox(&mut self.park, "Park them (suggested, not placed yet)");
                ui.label(format!("{} added · Enter adds · Esc closes", self.added));
                if ui.button("Done").clicked() {
                    done = true;
                }
            });
        done
    }

    /// Adds the organisation named so far (nothing if the name is blank) in free space beside
    /// the one before, or parked, and selects it.
    fn add(&mut self, doc: &mut Document, view: &mut ViewState, scene: &Scene, notices: &mut Notices, ty: &OrgType) {
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            return;
        }
        // Each lands in free space beside the one before (it is selected), in view.
        let pos = if self.park {
            crate::ui::notes_window::parking_spot(doc.map())
        } else {
            let n = u32::try_from(self.added).unwrap_or(u32::MAX);
            crate::ui::placement::spot_for_new(doc.map(), scene, view, &name, n)
        };
        let mut org = crate::model::Organisation::new(doc.map().next_org_id(), name.clone(), ty.id.clone(), pos);
        if self.park {
            org.tags.push(crate::ui::notes_window::PARKED_TAG.to_owned());
        }
        let id = org.id.clone();
        match doc.apply(format!("Add {name}"), Edit::AddOrganisations(vec![org])) {
            Ok(()) => {
                self.added += 1;
                self.name.clear();
                view.select_only([id]);
            }
            Err(e) => notices.error(e.to_string()),
        }
    }
}
