//! The Map properties window: title and description, applied as one undo step when a field
//! loses focus or the window closes.

use super::PatchworkApp;
use crate::edit::Edit;
use crate::ui::draft::Draft;

impl PatchworkApp {
    /// Applies edited map properties as one undo step: when focus leaves a field, and when the
    /// window closes (so text being typed is kept).
    pub(super) fn props_commit(&mut self) {
        if let Some(edited) = self.props_draft.as_mut().and_then(Draft::take_edit)
            && let Err(e) = self.doc.apply("Edit map properties", Edit::SetMeta(edited))
        {
            self.notices.error(e.to_string());
        }
    }

    pub(super) fn props_ui(&mut self, ctx: &egui::Context) {
        if !self.props_open {
            self.props_commit();
            self.props_draft = None;
            return;
        }
        if self.props_timing.due(ctx) {
            self.props_commit();
        }
        match self.props_draft.as_mut() {
            Some(d) => {
                d.follow(&self.doc.map().meta);
            }
            None => self.props_draft = Some(Draft::new(&self.doc.map().meta)),
        }
        let mut open = true;
        if let Some(draft) = self.props_draft.as_mut().map(|d| &mut d.value) {
            egui::Window::new("Map properties").open(&mut open).default_width(420.0).show(ctx, |ui| {
                let l = ui.label("Title");
                ui.add(egui::TextEdit::singleline(&mut draft.title).desired_width(f32::INFINITY)).labelled_by(l.id);
                let l = ui.label("Description");
                ui.add(egui::TextEdit::multiline(&mut draft.description).desired_rows(5).desired_width(f32::INFINITY))
                    .labelled_by(l.id);
            });
        }
        self.props_open = open;
        if !open {
            self.props_commit();
        }
    }
}
