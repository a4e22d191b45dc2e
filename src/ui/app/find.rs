//! The Find window (Ctrl+F): organisations whose name contains the query; choosing one selects
//! and centres it.

use crate::model::{Map, OrgId};
use crate::ui::view::ViewState;

/// The Find window: its query, and whether it is shown.
#[derive(Debug, Default)]
pub(super) struct FindWindow {
    open: bool,
    query: String,
    focus_pending: bool,
}

impl FindWindow {
    /// Opens the window with the cursor in its field.
    pub(super) fn show(&mut self) {
        self.open = true;
        self.focus_pending = true;
    }

    /// Shows the window (if open): the organisations of `map` whose name contains the query,
    /// those in `view`'s selection marked. Returns the one chosen (a click, or Enter for the
    /// first), for the app to select and centre.
    pub(super) fn ui(&mut self, ctx: &egui::Context, map: &Map, view: &ViewState) -> Option<OrgId> {
        if !self.open {
            return None;
        }
        let mut open = true;
        let mut go = None;
        crate::ui::window(ctx, "Find").open(&mut open).default_width(320.0).show(ctx, |ui| {
            let l = ui.label("Name contains");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text("Part of a name")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            if self.focus_pending {
                r.request_focus();
                self.focus_pending = false;
            }
            let q = self.query.trim().to_lowercase();
            let matches: Vec<(OrgId, String)> = if q.is_empty() {
                Vec::new()
            } else {
                map.organisations_sorted()
                    .into_iter()
                    .filter(|o| o.name.to_lowercase().contains(&q))
                    .map(|o| (o.id.clone(), o.name.clone()))
                    .collect()
            };
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                go = matches.first().map(|m| m.0.clone());
            }
            if !q.is_empty() {
                ui.label(format!("{} found", matches.len()));
            }
            egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                for (id, name) in matches.iter().take(200) {
                    let name = crate::ui::bidi_text::widget_text(ui, name, &egui::TextStyle::Button);
                    if ui.selectable_label(view.selection.contains(id), name).clicked() {
                        go = Some(id.clone());
                    }
                }
            });
        });
        self.open = open;
        go
    }
}
