//! The open document's life: opening, saving, replacing it (after asking to save), autosave to
//! the recovery file, and the window title that shows its name and unsaved state.

use super::{AUTOSAVE_INTERVAL, PatchworkApp, Pending, file_flow};
use crate::edit::Document;
use crate::model::Map;
use crate::ui::inspector::Inspector;
use crate::ui::view::ViewState;
use std::path::Path;
use std::time::Instant;

impl PatchworkApp {
    /// Opens the bundled example map (unsaved, no file).
    pub(super) fn open_example(&mut self) {
        match crate::example_map() {
            Ok(map) => self.set_document(Document::new(map, None)),
            Err(e) => self.notices.error(format!("The bundled example could not be read: {e}")),
        }
    }

    /// Replaces the open document: the view starts afresh (keeping the type for new
    /// organisations, if the new map has it, and the pan tool), and every cache and draft of the
    /// old map goes.
    pub(super) fn set_document(&mut self, doc: Document) {
        self.doc = doc;
        self.disk.forget();
        self.merge = None;
        self.compare = None;
        self.view = ViewState {
            new_org_type: self.view.new_org_type.clone(),
            pan_tool: self.view.pan_tool,
            ..ViewState::default()
        };
        if self.doc.map().typology().org_type(&self.view.new_org_type).is_none() {
            self.view.new_org_type =
                self.doc.map().typology().org_types.first().map(|t| t.id.clone()).unwrap_or_default();
        }
        self.scene.clear();
        self.inspector = Inspector::default();
        self.props.forget();
    }

    /// Opens the map at `path` (its load warnings shown as notices) and adds it to the recent
    /// files; a map that cannot be read leaves the open one and says why.
    pub(super) fn open_path(&mut self, path: &Path) {
        match crate::io::load_map_warning(path) {
            Ok((map, warnings)) => {
                self.set_document(Document::new(map, Some(path.to_path_buf())));
                self.disk.remember(path, self.doc.map());
                self.settings.add_recent(path);
                self.persist_settings();
                for w in warnings {
                    self.notices.info(w);
                }
            }
            Err(e) => self.notices.error(format!("Could not open the map. {e}")),
        }
    }

    /// Writes the settings; a failure is a notice.
    pub(super) fn persist_settings(&mut self) {
        if let Err(e) = self.config.save_settings(&self.settings) {
            self.notices.error(format!("Settings were not saved: {e}"));
        }
    }

    /// A file name for the map, from its title.
    pub(super) fn suggested_name(&self) -> String {
        crate::ui::export_window::ExportWindow::suggested_name(
            &self.doc.map().meta.title,
            crate::export::Format::MapJson,
        )
    }

    /// Saves to the current file, or asks where; once saved, carries out `then`.
    pub(super) fn save(&mut self, then: Option<Pending>, ctx: &egui::Context) {
        match self.doc.path.clone() {
            Some(path) => {
                if self.save_to(&path)
                    && let Some(then) = then
                {
                    self.perform(then, ctx);
                }
            }
            None => self.ask_path(file_flow::FileAction::SaveAs { then }, ctx),
        }
    }

    /// Saves to `path`, unless someone else changed that file since it was opened or saved here:
    /// then nothing is written and the window offering merge, reload, save as or overwrite opens.
    fn save_to(&mut self, path: &Path) -> bool {
        if self.disk.changed(path) {
            self.disk.prompt = true;
            self.notices.error(format!("Not saved: {} was changed on disk by someone else.", path.display()));
            return false;
        }
        self.write_map(path)
    }

    /// Writes the map to `path` (atomically, keeping a .bak) and remembers it as saved.
    pub(super) fn write_map(&mut self, path: &Path) -> bool {
        match crate::io::save_map(self.doc.map(), path) {
            Ok(()) => {
                self.doc.mark_saved(path.to_path_buf());
                self.disk.remember(path, self.doc.map());
                self.config.clear_recovery();
                self.settings.add_recent(path);
                self.persist_settings();
                self.notices.info(format!("Saved {}", path.display()));
                true
            }
            Err(e) => {
                self.notices.error(format!("{e}. Your map is still open and unsaved."));
                false
            }
        }
    }

    /// Applies what is being typed in any window, so saving, replacing or closing the map keeps
    /// it (Ctrl+S, Ctrl+O, Ctrl+N and closing work while a text field has focus).
    pub(super) fn commit_open_edits(&mut self) {
        self.typology.commit_now(&mut self.doc, &mut self.notices);
        self.notes.commit_now(&mut self.doc, &mut self.notices);
        self.journeys.commit_now(&mut self.doc, &mut self.notices);
        self.views.commit_now(&mut self.doc, &mut self.notices);
        self.props.commit_now(&mut self.doc, &mut self.notices);
    }

    /// Runs `action` now, or first asks to save unsaved changes.
    pub(super) fn guard(&mut self, action: Pending, ctx: &egui::Context) {
        self.commit_open_edits();
        if self.doc.is_dirty() {
            self.pending = Some(action);
        } else {
            self.perform(action, ctx);
        }
    }

    /// Carries out an action the unsaved-changes question was guarding.
    pub(super) fn perform(&mut self, action: Pending, ctx: &egui::Context) {
        match action {
            Pending::New => {
                let mut doc = Document::new(Map::new(), None);
                doc.path = None;
                self.set_document(doc);
                self.config.clear_recovery();
            }
            Pending::Open(Some(path)) => {
                self.open_path(&path);
                self.config.clear_recovery();
            }
            Pending::Open(None) => self.ask_path(file_flow::FileAction::Open, ctx),
            Pending::Quit => {
                self.config.clear_recovery();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Sets the window title (map title, file name, `•` when unsaved) when it changes.
    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let file = self.doc.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || {
                if self.doc.path.is_none() && self.doc.map().meta.title.is_empty() {
                    "Untitled".to_owned()
                } else {
                    "not saved".to_owned()
                }
            },
            |n| n.to_string_lossy().into_owned(),
        );
        let marker = if self.doc.is_dirty() { "• " } else { "" };
        let title = format!("{marker}{} ({file}) — Patchwork", self.doc.map().meta.title);
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    /// The window title last set.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title_sent
    }

    /// Writes the recovery file when there are unsaved changes and the autosave interval has
    /// passed, and asks for a frame then.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if !self.doc.is_dirty() {
            self.last_autosave = Instant::now();
            return;
        }
        if self.last_autosave.elapsed() >= AUTOSAVE_INTERVAL {
            self.write_recovery();
        }
        ctx.request_repaint_after(AUTOSAVE_INTERVAL);
    }

    /// Writes the recovery copy now (also called by the periodic autosave).
    pub fn write_recovery(&mut self) {
        self.last_autosave = Instant::now();
        if let Err(e) = self.config.write_recovery(self.doc.map(), self.doc.path.as_deref()) {
            self.notices.error(format!("Autosave failed: {e}"));
        }
    }
}
