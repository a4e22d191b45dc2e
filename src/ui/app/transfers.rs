//! Moving maps in and out: import (with its preview), export, metrics CSV, merging another
//! copy and comparing with another version.

use super::PatchworkApp;
use crate::edit::Edit;
use std::path::Path;

impl PatchworkApp {
    /// The merge window, and the merge itself once the user confirms it (one undo step).
    pub(super) fn merge_ui(&mut self, ctx: &egui::Context) {
        use crate::ui::merge_window::MergeAction;
        let Some(window) = &mut self.merge else { return };
        match window.ui(ctx, self.doc.map()) {
            MergeAction::Waiting => {}
            MergeAction::Cancel => self.merge = None,
            MergeAction::Apply(map) => {
                let Some(window) = self.merge.take() else { return };
                let label = format!("Merge {}", window.theirs_name);
                match self.doc.apply(label.clone(), Edit::ReplaceMap(map)) {
                    Ok(()) => {
                        if window.from_disk {
                            self.merged_from_disk(window.theirs());
                        }
                        self.notices.info(format!("{label} (Edit › Undo takes it back)"));
                    }
                    Err(e) => self.notices.error(format!("Nothing was merged. {e}")),
                }
            }
        }
    }

    /// The list of changes since another version; a chosen one is selected and centred.
    pub(super) fn compare_ui(&mut self, ctx: &egui::Context) {
        use crate::ui::compare_window::CompareAction;
        let Some(window) = &mut self.compare else { return };
        match window.ui(ctx) {
            CompareAction::Waiting => {}
            CompareAction::Close => self.compare = None,
            CompareAction::Centre(id) => {
                self.view.select_only([id.clone()]);
                self.focus_on(&id);
            }
        }
    }

    /// Opens the list of changes from the map at `path` to the open one.
    pub(super) fn start_compare(&mut self, path: &Path) {
        match crate::io::load_map(path) {
            Ok(old) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                self.compare = Some(crate::ui::compare_window::CompareWindow::new(&old, self.doc.map(), name));
            }
            Err(e) => self.notices.error(format!("Could not compare. {e}")),
        }
    }

    /// Opens the merge of `theirs` into the open map, from `base`.
    pub(super) fn start_merge(&mut self, base: &Path, theirs: &Path) {
        match crate::io::load_map(base).and_then(|b| Ok((b, crate::io::load_map(theirs)?))) {
            Ok((base, other)) => {
                let name = theirs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                self.merge = Some(crate::ui::merge_window::MergeWindow::new(base, self.doc.map(), other, name, false));
            }
            Err(e) => self.notices.error(format!("Nothing was merged. {e}")),
        }
    }

    /// Reads a file to import and shows the preview of what its types become.
    pub(super) fn import_from(&mut self, path: &Path) {
        match crate::import::read_file(path) {
            Ok(imported) => {
                let preview =
                    crate::ui::import_window::ImportPreview::new(self.doc.map(), path.to_path_buf(), imported);
                self.import_preview = Some(preview);
            }
            Err(e) => self.notices.error(format!("Nothing was imported. {e}")),
        }
    }

    /// The import preview, and the import itself once the user confirms it (one undo step).
    pub(super) fn import_preview_ui(&mut self, ctx: &egui::Context) {
        use crate::ui::import_window::ImportChoice;
        let Some(preview) = &mut self.import_preview else { return };
        match preview.ui(ctx) {
            ImportChoice::Waiting => {}
            ImportChoice::Cancel => self.import_preview = None,
            ImportChoice::Import => {
                let Some(preview) = self.import_preview.take() else { return };
                let path = &preview.path;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let result = crate::import::merge_edit(self.doc.map(), &preview.imported, &preview.plan, path);
                match result.map_err(|e| e.to_string()).and_then(|(edit, report)| {
                    self.doc.apply(format!("Import {name}"), edit).map(|()| report).map_err(|e| format!("{name}: {e}"))
                }) {
                    Ok(report) => {
                        self.view.fit_pending = true;
                        let mut lines = vec![format!("Imported {name} (Edit › Undo takes it all back)")];
                        lines.extend(report.lines());
                        self.report.show(lines);
                    }
                    Err(e) => self.notices.error(format!("Nothing was imported. {e}")),
                }
            }
        }
    }

    /// Exports the map to `path` as `request` asks; files written are a notice, redactions and
    /// notes a report.
    pub(super) fn export_to(&mut self, request: &crate::ui::export_window::ExportRequest, path: &Path) {
        match crate::export::export(self.doc.map(), path, &request.options) {
            Ok(report) => {
                let files: Vec<String> = report.written.iter().map(|p| p.display().to_string()).collect();
                self.notices.info(format!("Exported {}", files.join(", ")));
                let lines: Vec<String> = report.redaction.into_iter().chain(report.notes).collect();
                if !lines.is_empty() {
                    self.report.show(lines);
                }
            }
            Err(e) => self.notices.error(format!("Export failed: {e}")),
        }
    }

    /// Writes the analysis metrics to `path` as CSV (nothing if no analysis has run).
    pub(super) fn export_metrics_to(&mut self, path: &Path) {
        let Some(analysis) = self.analysis.analysis(self.doc.map(), self.doc.revision()).cloned() else { return };
        let bytes = crate::export::data::metrics_csv(self.doc.map(), &analysis);
        match crate::io::write_atomic(path, &bytes, false) {
            Ok(()) => self.notices.info(format!("Exported {}", path.display())),
            Err(e) => self.notices.error(e.to_string()),
        }
    }
}
