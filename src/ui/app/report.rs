//! The report window: what an import merged or an export left out, line by line.

use super::PatchworkApp;

impl PatchworkApp {
    pub(super) fn report_ui(&mut self, ctx: &egui::Context) {
        let Some(lines) = &self.import_report else { return };
        let mut open = true;
        let mut close = false;
        egui::Window::new("Report").open(&mut open).default_width(460.0).show(ctx, |ui| {
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                for l in lines {
                    ui.label(l);
                }
            });
            if ui.button("Close").clicked() {
                close = true;
            }
        });
        if !open || close {
            self.import_report = None;
        }
    }
}
