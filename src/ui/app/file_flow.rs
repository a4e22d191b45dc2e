//! Where paths come from: the system's file dialog when it works, else Patchwork's own (a window
//! whose answer arrives frames later), and what each file action does with the path.

use super::{PatchworkApp, Pending};
use crate::ui::export_window::{ExportRequest, ExportWindow};
use crate::ui::file_dialog::{self, FileDialog, Mode, Outcome};
use crate::ui::files::IMPORT_EXTENSIONS;
use std::path::{Path, PathBuf};

/// A file action waiting for its path.
pub(super) enum FileAction {
    /// Open a map.
    Open,
    /// Save the map to a new file, then carry out what was waiting for the save.
    SaveAs { then: Option<Pending> },
    /// Read a file to import (the preview follows).
    Import,
    /// Export in the chosen format.
    Export(ExportRequest),
    /// Write the analysis metrics as CSV.
    Metrics,
    /// File › Compare with…: the other version.
    CompareWith,
    /// File › Merge…: the other copy (the common original is asked next).
    MergeTheirs,
    /// File › Merge…: the common original both copies started from.
    MergeBase { theirs: PathBuf },
}

impl PatchworkApp {
    /// Gets the path `action` needs and carries it out: at once through the system's dialog, or
    /// later, when the user confirms Patchwork's own dialog (used when the setting asks for it,
    /// when the system has no dialog, or when the system's returned at once without showing).
    pub(super) fn ask_path(&mut self, action: FileAction, ctx: &egui::Context) {
        let suggested = match &action {
            FileAction::Open
            | FileAction::Import
            | FileAction::CompareWith
            | FileAction::MergeTheirs
            | FileAction::MergeBase { .. } => String::new(),
            FileAction::SaveAs { .. } => self.suggested_name(),
            FileAction::Export(request) => ExportWindow::suggested_name(&self.doc.map().meta.title, request.format),
            FileAction::Metrics => "metrics.csv".to_owned(),
        };
        if !self.settings.own_file_dialog && self.dialogs.available() {
            let picked = match &action {
                FileAction::Open | FileAction::CompareWith | FileAction::MergeTheirs | FileAction::MergeBase { .. } => {
                    self.dialogs.pick_open()
                }
                FileAction::SaveAs { .. } => self.dialogs.pick_save(&suggested),
                FileAction::Import => self.dialogs.pick_import(),
                FileAction::Export(_) | FileAction::Metrics => self.dialogs.pick_export(&suggested),
            };
            if let Some(path) = picked {
                self.complete(action, &path, ctx);
                return;
            }
            if self.dialogs.available() {
                return; // the user cancelled
            }
            self.notices.info("The system's file dialog did not open, so Patchwork's own is used.");
        }
        let extension = Path::new(&suggested).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        let save = || Mode::Save { extension: extension.clone() };
        let (title, confirm, mode, extensions): (&str, &str, Mode, Vec<&str>) = match &action {
            FileAction::Open => ("Open map", "Open", Mode::Open, vec!["json"]),
            FileAction::CompareWith => ("Compare with", "Compare", Mode::Open, vec!["json"]),
            FileAction::MergeTheirs => ("Merge: their copy", "Choose", Mode::Open, vec!["json"]),
            FileAction::MergeBase { .. } => {
                ("Merge: the common original both copies started from", "Choose", Mode::Open, vec!["json"])
            }
            FileAction::SaveAs { .. } => ("Save map as", "Save", save(), vec!["json"]),
            FileAction::Import => ("Import", "Import", Mode::Open, IMPORT_EXTENSIONS.to_vec()),
            FileAction::Export(_) | FileAction::Metrics => ("Export", "Export", save(), vec![extension.as_str()]),
        };
        let map_dir = self.doc.path.as_deref().and_then(Path::parent).filter(|d| d.is_dir());
        let home = file_dialog::home_dir();
        let start = map_dir
            .map(Path::to_path_buf)
            .or_else(|| {
                self.settings.recent.iter().filter_map(|p| p.parent()).find(|d| d.is_dir()).map(Path::to_path_buf)
            })
            .or_else(|| home.clone())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        let places = file_dialog::places(home.as_deref(), map_dir, &self.settings.recent);
        let dialog = FileDialog::new(title, confirm, mode, &extensions, &start, &suggested, places);
        self.file_dialog = Some((dialog, action));
    }

    /// The File menu's "Use Patchwork's Own File Dialog" tick.
    pub(super) fn own_file_dialog_ui(&mut self, ui: &mut egui::Ui) {
        if ui
            .checkbox(&mut self.settings.own_file_dialog, "Use Patchwork's Own File Dialog")
            .on_hover_text("Instead of the system's; used anyway where the system has none")
            .changed()
        {
            self.persist_settings();
        }
    }

    /// Patchwork's own file dialog, if open; completes the waiting action when confirmed.
    pub(super) fn file_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some((dialog, _)) = &mut self.file_dialog else { return };
        match dialog.ui(ctx) {
            Outcome::Waiting => {}
            Outcome::Cancelled => self.file_dialog = None,
            Outcome::Chosen(path) => {
                if let Some((_, action)) = self.file_dialog.take() {
                    self.complete(action, &path, ctx);
                }
            }
        }
    }

    /// Carries out `action` on the chosen `path`; failures are shown as notices.
    fn complete(&mut self, action: FileAction, path: &Path, ctx: &egui::Context) {
        match action {
            FileAction::Open => {
                self.open_path(path);
                self.config.clear_recovery();
            }
            // A file chosen in Save As is replaced as the user confirmed (the dialog asks when it
            // exists), whoever changed it last.
            FileAction::SaveAs { then } => {
                if self.write_map(path)
                    && let Some(then) = then
                {
                    self.perform(then, ctx);
                }
            }
            FileAction::Import => self.import_from(path),
            FileAction::Export(request) => self.export_to(&request, path),
            FileAction::Metrics => self.export_metrics_to(path),
            FileAction::MergeTheirs => {
                self.notices.info("Now choose the common original: the version both copies started from.");
                self.ask_path(FileAction::MergeBase { theirs: path.to_path_buf() }, ctx);
            }
            FileAction::MergeBase { theirs } => self.start_merge(path, &theirs),
            FileAction::CompareWith => self.start_compare(path),
        }
    }
}

impl PatchworkApp {
    /// The folder Patchwork's own file dialog shows, if it is open (for tests).
    #[must_use]
    pub fn file_dialog_folder(&self) -> Option<PathBuf> {
        self.file_dialog.as_ref().map(|(d, _)| d.dir().to_path_buf())
    }
}
