//! The egui layer: a thin shell over the model, edits and io. Nothing below `ui` knows egui.

mod analysis_window;
mod app;
pub mod canvas;
pub mod commands;
pub mod draft;
mod export_window;
mod fields;
pub mod files;
mod inspector;
mod layout_runner;
mod notes_window;
mod presentation;
pub mod theme;
mod typology_window;
pub mod view;
mod views_window;

pub use app::{AUTOSAVE_INTERVAL, AppConfig, PatchworkApp};

use std::path::PathBuf;

/// Opens the app window on `file`, or on the bundled example when none is given.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Patchwork")
            .with_app_id("patchwork")
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([720.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native("Patchwork", options, Box::new(move |cc| Ok(Box::new(PatchworkApp::new(&cc.egui_ctx, AppConfig::system(file))))))
        .map_err(|e| {
            anyhow::anyhow!(
                "could not open the window: {e}. On Linux, install Mesa's EGL/Vulkan libraries (scripts/setup-system.sh does this)."
            )
        })
}
