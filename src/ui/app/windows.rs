//! The windows over the canvas and the dialogs, each drawn by its own struct; what they ask of
//! the app (present, export, select) comes back as typed values and is carried out here, and
//! what they report goes into the one notice queue.

use super::{PatchworkApp, file_flow};
use crate::ui::commands::Command;
use crate::ui::views_window::ViewsAction;

impl PatchworkApp {
    /// The non-modal windows, in drawing order.
    pub(super) fn windows_ui(&mut self, ctx: &egui::Context) {
        self.open_at.ui(ctx, self.doc.map(), &mut self.view);
        self.typology.ui(ctx, &mut self.doc, &mut self.notices);
        self.export_window_ui(ctx);
        self.import_preview_ui(ctx);
        self.report.ui(ctx);
        self.views_window_ui(ctx);
        self.analysis_window_ui(ctx);
        if let Some(bar) = &mut self.quick_add
            && !bar.ui(ctx, &mut self.doc, &mut self.view, self.scene.scene(), &mut self.notices)
        {
            self.quick_add = None;
        }
        self.notes.ui(ctx, &mut self.doc, &mut self.view, self.scene.scene(), &mut self.notices);
        self.journeys.ui(ctx, &mut self.doc, &mut self.view, &mut self.notices);
        if let Some(id) = self.find.ui(ctx, self.doc.map(), &self.view) {
            self.view.select_only([id.clone()]);
            self.focus_on(&id);
        }
        self.props.ui(ctx, &mut self.doc, &mut self.notices);
    }

    /// The file dialog, the windows about other versions, the notices, then the modal
    /// questions and About.
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        self.file_dialog_ui(ctx);
        self.disk_watch_ui(ctx);
        self.merge_ui(ctx);
        self.compare_ui(ctx);
        if self.notices.ui(ctx, self.doc.revision()) {
            self.run_command(Command::Undo, ctx);
        }
        self.unsaved_prompt_ui(ctx);
        self.recovery_ui(ctx);
        self.about.ui(ctx, &self.config);
        self.preferences_ui(ctx);
    }

    /// File › Export: the window follows the editor's open-at moment; Export asks for a path.
    fn export_window_ui(&mut self, ctx: &egui::Context) {
        self.export.follow_open_at(self.view.open_at);
        if let Some(request) = self.export.ui(ctx, self.doc.map(), self.doc.revision()) {
            self.ask_path(file_flow::FileAction::Export(request), ctx);
        }
    }

    /// Views and filters, and what it asks for: present, the projector, or a notice with Undo
    /// for a view deleted.
    fn views_window_ui(&mut self, ctx: &egui::Context) {
        match self.views.ui(ctx, &mut self.doc, &mut self.view, &mut self.notices) {
            Some(ViewsAction::Present(i)) => self.present(i),
            Some(ViewsAction::ToggleProjector) => self.run_command(Command::Projector, ctx),
            Some(ViewsAction::Deleted(name)) => {
                self.notices.info_with_undo(format!("Deleted the view “{name}”"), self.doc.revision());
            }
            None => {}
        }
    }

    /// Analysis, and what it asks for: an organisation selected and centred, or the metrics
    /// written as CSV.
    fn analysis_window_ui(&mut self, ctx: &egui::Context) {
        let out = self.analysis.ui(ctx, self.doc.map(), self.doc.revision());
        if let Some(id) = out.select {
            self.view.select_only([id.clone()]);
            self.focus_on(&id);
        }
        if out.export_csv {
            self.ask_path(file_flow::FileAction::Metrics, ctx);
        }
    }
}
