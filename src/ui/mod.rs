//! The egui layer: a thin shell over the model, edits and io. Nothing below `ui` knows egui.

mod app;

pub use app::PatchworkApp;

use std::path::PathBuf;

/// Opens the app window on `file`, or on the bundled example when none is given.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Patchwork")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native("Patchwork", options, Box::new(move |_cc| Ok(Box::new(PatchworkApp::open(file)))))
        .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
