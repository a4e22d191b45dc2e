//! The report window: what an import merged or an export left out, line by line.

/// The report shown, if any.
#[derive(Debug, Default)]
pub(super) struct ReportWindow {
    lines: Option<Vec<String>>,
}

impl ReportWindow {
    /// Shows `lines` (replacing a report still open).
    pub(super) fn show(&mut self, lines: Vec<String>) {
        self.lines = Some(lines);
    }

    /// The window, while a report is shown; × or Close ends it.
    pub(super) fn ui(&mut self, ctx: &egui::Context) {
        let Some(lines) = &self.lines else { return };
        let mut open = true;
        let mut close = false;
        crate::ui::window(ctx, "Report").open(&mut open).default_width(460.0).show(ctx, |ui| {
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
            self.lines = None;
        }
    }
}
