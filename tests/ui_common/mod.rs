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

/// Makes sure the system libraries the UI tests render with (Mesa's EGL and lavapipe Vulkan)
/// are installed, once per test process, by the project's own script: on a fresh machine
/// `cargo test` alone does the set-up. The script installs only what is missing (needs root or
/// sudo); if it cannot, the tests go on and say why where rendering fails.
pub fn system_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/setup-system.sh");
        match std::process::Command::new("bash").arg(&script).status() {
            Ok(status) if status.success() => {}
            other => eprintln!("{}: {other:?} (UI snapshots need Mesa's Vulkan driver)", script.display()),
        }
    });
}

/// The app in a `width` × `height` window, opened on `file` (the bundled example when `None`),
/// asking `dialogs` for files and keeping its settings in `dir`/config; settled (run once).
pub fn harness(
    [width, height]: [f32; 2],
    file: Option<PathBuf>,
    dialogs: Box<dyn FileDialogs>,
    dir: &std::path::Path,
) -> Harness<'static, PatchworkApp> {
    system_ready();
    let config = ConfigDir(Some(dir.join("config")));
    let mut h = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(64)
        .build_eframe(move |cc| PatchworkApp::new(&cc.egui_ctx, AppConfig { file, dialogs, config }));
    h.run();
    h
}

/// The app on the bundled example in a `width` × `height` window, settled.
pub fn app_sized(width: f32, height: f32) -> Ui {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let h = harness([width, height], None, Box::new(NoDialogs), dir.path());
    Ui { h, _dir: dir }
}
