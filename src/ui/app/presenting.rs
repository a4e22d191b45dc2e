//! Presenting: full screen in the main window, or the projector window beside the editor.

use super::PatchworkApp;

impl PatchworkApp {
    /// Full-screen presentation in the main window.
    pub(super) fn presenting_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        if !self.fullscreen_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
            self.fullscreen_sent = true;
        }
        // Leaving gives the editor back the filter, caption and focus it had before presenting.
        self.presentation.remember_editor(&self.view);
        self.presentation.editor_canvas = self.view.canvas_rect.size();
        if self.presentation.keys(ctx, self.doc.map()) {
            self.presentation.active = false;
            self.presentation.restore_editor(&mut self.view);
        }
        let (presentation, doc) = (&mut self.presentation, &self.doc);
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| presentation.show(ui, doc));
        self.update_title(ctx);
    }

    /// The projector window, if open: the presentation, in step with every edit.
    pub(super) fn projector_ui(&mut self, ctx: &egui::Context) {
        if !self.presentation.projector_open || self.presentation.active {
            return;
        }
        self.presentation.editor_canvas = self.view.canvas_rect.size();
        let (presentation, doc) = (&mut self.presentation, &self.doc);
        let builder =
            egui::ViewportBuilder::default().with_title("Patchwork — projector").with_inner_size([1280.0, 800.0]);
        let closed = ctx.show_viewport_immediate(
            egui::ViewportId::from_hash_of("patchwork_projector"),
            builder,
            |ui, _class| {
                let ctx = ui.ctx().clone();
                // Keys reach this window only when it has focus; the facilitator steps slides there.
                let _ = presentation.keys(&ctx, doc.map());
                egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| presentation.show(ui, doc));
                ctx.input(|i| i.viewport().close_requested())
            },
        );
        if closed {
            self.presentation.projector_open = false;
        }
    }
}
