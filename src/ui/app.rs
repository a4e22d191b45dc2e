//! The application shell.

use crate::model::Map;
use std::path::PathBuf;

/// The running app: the open map and where it came from.
pub struct PatchworkApp {
    map: Map,
    path: Option<PathBuf>,
    error: Option<String>,
}

impl PatchworkApp {
    /// Opens `file`, or the bundled example. A file that fails to load leaves an empty map and
    /// the error on screen.
    #[must_use]
    pub fn open(file: Option<PathBuf>) -> Self {
        let (map, path, error) = match file {
            Some(p) => match crate::io::load_map(&p) {
                Ok(m) => (m, Some(p), None),
                Err(e) => (Map::new(), None, Some(e.to_string())),
            },
            None => match crate::example_map() {
                Ok(m) => (m, None, None),
                Err(e) => (Map::new(), None, Some(e.to_string())),
            },
        };
        Self { map, path, error }
    }

    /// The open map.
    #[must_use]
    pub fn map(&self) -> &Map {
        &self.map
    }
}

impl eframe::App for PatchworkApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let title = self.path.as_ref().map_or_else(|| self.map.meta.title.clone(), |p| p.display().to_string());
        ui.heading(title);
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let (response, painter) = ui.allocate_painter(ui.available_size(), egui::Sense::hover());
        let origin = response.rect.min;
        for org in self.map.organisations() {
            let ty = self.map.typology().org_type(&org.org_type);
            let c = ty.map_or(crate::model::Colour::rgb(128, 128, 128), |t| t.colour);
            let pos = origin + egui::vec2(org.position[0] * 0.7, org.position[1] * 0.7);
            painter.circle_filled(pos, 8.0, egui::Color32::from_rgb(c.r, c.g, c.b));
            painter.text(
                pos + egui::vec2(0.0, 12.0),
                egui::Align2::CENTER_TOP,
                &org.name,
                egui::FontId::proportional(12.0),
                ui.visuals().text_color(),
            );
        }
    }
}
