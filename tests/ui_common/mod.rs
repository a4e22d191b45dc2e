//! The app under kittest with no system file dialog, at a chosen window size: shared by the UI
//! test files that never open or save through a dialog.

// Each test file uses the part it needs.
#![allow(dead_code)]

use egui_kittest::Harness;
use patchwork::ui::files::{ConfigDir, FileDialogs};
use patchwork::ui::{AppConfig, PatchworkApp};
use std::path::PathBuf;

/// No system file dialog: these tests never open or save.
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn available(&mut self) -> bool {
        false
    }
    fn pick_open(&mut self) -> Option<PathBuf> {
        None
    }
    fn pick_save(&mut self, _suggested: &str) -> Option<PathBuf> {
        None
    }
}

/// The running app and the folder its settings go to (removed when the test ends).
pub struct Ui {
    pub h: Harness<'static, PatchworkApp>,
    _dir: tempfile::TempDir,
}

/// The app on the bundled example in a `width` × `height` window, settled.
pub fn app_sized(width: f32, height: f32) -> Ui {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = ConfigDir(Some(dir.path().join("config")));
    let h = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(64)
        .build_eframe(move |cc| {
            PatchworkApp::new(&cc.egui_ctx, AppConfig { file: None, dialogs: Box::new(NoDialogs), config })
        });
    let mut ui = Ui { h, _dir: dir };
    ui.h.run();
    ui
}
