//! The application shell: menus, toolbar, panels, dialogs and file handling around the canvas.

use super::canvas;
use super::commands::Command;
use super::draft::{CommitTiming, Draft};
use super::files::{ConfigDir, FileDialogs, NativeDialogs, Settings};
use super::inspector::Inspector;
use super::plural;
use super::theme;
use super::typology_window::TypologyWindow;
use super::view::ViewState;
use crate::edit::clipboard::Clipboard;
use crate::edit::{Document, Edit};
use crate::model::{Map, Meta, OrgId};
use crate::scene::{self, Scene, SceneOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod disk_watch;
mod find;
mod prompts;
mod props;
mod quick_add;
mod report;

use find::FindState;
use quick_add::QuickAdd;
mod file_flow;

/// How often unsaved work is written to the recovery file.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(30);

/// What, besides the map, the scene was last built with: marker sizes (metric and the
/// organisations it enlarges) and a highlight. A change rebuilds the scene.
type SceneExtras = (Option<(String, u64)>, Option<(String, crate::scene::Highlight)>, String);

/// How to start the app.
pub struct AppConfig {
    /// Map to open (`None`: the last one if the user chose that, else the bundled example).
    pub file: Option<PathBuf>,
    /// File dialogs.
    pub dialogs: Box<dyn FileDialogs>,
    /// Where settings and the recovery file live.
    pub config: ConfigDir,
}

impl AppConfig {
    /// The real app: system dialogs and the user's config folder.
    #[must_use]
    pub fn system(file: Option<PathBuf>) -> Self {
        Self { file, dialogs: Box::new(NativeDialogs::default()), config: ConfigDir::system() }
    }
}

/// Something waiting for the user's answer to "save changes?".
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    New,
    Open(Option<PathBuf>),
    Quit,
}

/// A message shown at the bottom of the window.
#[derive(Debug, Clone)]
struct Notice {
    text: String,
    error: bool,
    shown_at: Instant,
    /// For a destructive change made without asking: the document revision just after it. The
    /// notice offers Undo while the map is still at that revision (so Undo reverts that change).
    undo_at: Option<u64>,
}

/// The running app.
pub struct PatchworkApp {
    doc: Document,
    view: ViewState,
    scene: Scene,
    scene_key: Option<(u64, bool)>,
    settings: Settings,
    config: ConfigDir,
    dialogs: Box<dyn FileDialogs>,
    clipboard: Option<Clipboard>,
    paste_count: u32,
    notices: Vec<Notice>,
    pending: Option<Pending>,
    recovery: Option<(Map, Option<PathBuf>)>,
    inspector: Inspector,
    typology: TypologyWindow,
    find: FindState,
    props_open: bool,
    export: super::export_window::ExportWindow,
    layout: super::layout_runner::LayoutRunner,
    presentation: super::presentation::Presentation,
    views: super::views_window::ViewsWindow,
    fullscreen_sent: bool,
    quick_add: Option<QuickAdd>,
    notes: super::notes_window::NotesWindow,
    journeys: super::journeys_window::JourneysWindow,
    analysis: super::analysis_window::AnalysisWindow,
    /// The "Open at" control over the canvas.
    open_at: super::open_at::OpenAtControl,
    /// "Open at Sunday 02:00: 8 of 40" while a moment is in force (for the banner).
    open_at_line: Option<String>,
    about: super::about_window::AboutWindow,
    scene_extras: SceneExtras,
    import_report: Option<Vec<String>>,
    import_preview: Option<super::import_window::ImportPreview>,
    /// Patchwork's own file dialog, open, with the action waiting for its path.
    file_dialog: Option<(super::file_dialog::FileDialog, file_flow::FileAction)>,
    props_draft: Option<Draft<Meta>>,
    props_timing: CommitTiming,
    last_autosave: Instant,
    title_sent: String,
    allow_close: bool,
    style_applied: bool,
    /// The open file's state on disk, to notice someone else's changes.
    disk: disk_watch::DiskWatch,
    /// A merge waiting for the user's choices (File › Merge…, or the file changed on disk).
    merge: Option<super::merge_window::MergeWindow>,
    /// File › Compare with…: the changes from another version.
    compare: Option<super::compare_window::CompareWindow>,
    /// Frame-time log to stderr (`PATCHWORK_FRAME_STATS=1`), for checking smoothness on big maps.
    frame_stats: Option<FrameStats>,
}

impl PatchworkApp {
    /// Starts the app: opens the given file, else the last one (if chosen), else the example.
    #[must_use]
    pub fn new(ctx: &egui::Context, config: AppConfig) -> Self {
        theme::install_fonts(ctx);
        let settings = config.config.load_settings();
        let recovery = config.config.read_recovery();
        let mut app = Self {
            // Replaced through `set_document` below, so a failed open still leaves a map whose
            // type box names a type.
            doc: Document::new(Map::new(), None),
            view: ViewState::default(),
            scene: Scene::default(),
            scene_key: None,
            settings,
            config: config.config,
            dialogs: config.dialogs,
            clipboard: None,
            paste_count: 0,
            notices: Vec::new(),
            pending: None,
            recovery,
            inspector: Inspector::default(),
            typology: TypologyWindow::default(),
            find: FindState::default(),
            props_open: false,
            export: super::export_window::ExportWindow::default(),
            layout: super::layout_runner::LayoutRunner::default(),
            presentation: super::presentation::Presentation::default(),
            views: super::views_window::ViewsWindow::default(),
            fullscreen_sent: false,
            quick_add: None,
            notes: super::notes_window::NotesWindow::default(),
            journeys: super::journeys_window::JourneysWindow::default(),
            analysis: super::analysis_window::AnalysisWindow::default(),
            open_at: super::open_at::OpenAtControl::default(),
            open_at_line: None,
            about: super::about_window::AboutWindow::default(),
            scene_extras: (None, None, String::new()),
            import_report: None,
            import_preview: None,
            file_dialog: None,
            props_draft: None,
            props_timing: CommitTiming::default(),
            last_autosave: Instant::now(),
            title_sent: String::new(),
            allow_close: false,
            style_applied: false,
            frame_stats: FrameStats::from_env(),
            disk: disk_watch::DiskWatch::default(),
            merge: None,
            compare: None,
        };
        let file = config.file.or_else(|| {
            if app.settings.reopen_last { app.settings.recent.first().filter(|p| p.is_file()).cloned() } else { None }
        });
        app.set_document(Document::new(Map::new(), None));
        match file {
            Some(path) => app.open_path(&path),
            None => app.open_example(),
        }
        app
    }

    /// The open document (for tests and the shell).
    #[must_use]
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The view state (for tests).
    #[must_use]
    pub fn view(&self) -> &ViewState {
        &self.view
    }

    /// The view state, mutable (for tests that set up a camera).
    pub fn view_mut(&mut self) -> &mut ViewState {
        &mut self.view
    }

    /// The user's settings.
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Messages currently shown (for tests).
    #[must_use]
    pub fn notices(&self) -> Vec<String> {
        self.notices.iter().map(|n| n.text.clone()).collect()
    }

    /// Whether the full-screen presentation is showing.
    #[must_use]
    pub fn presenting(&self) -> bool {
        self.presentation.active
    }

    /// The slide (saved view index) presented.
    #[must_use]
    pub fn slide(&self) -> Option<usize> {
        self.presentation.current
    }

    /// How many organisation types a revealing slide shows.
    #[must_use]
    pub fn presentation_types_shown(&self) -> usize {
        self.presentation.reveal
    }

    /// The presentation (its slide, scene and where it drew the map), for tests.
    #[must_use]
    pub fn presentation(&self) -> &super::presentation::Presentation {
        &self.presentation
    }

    /// Organisations drawn in the presentation / projector scene.
    #[must_use]
    pub fn projector_scene_nodes(&self) -> usize {
        self.presentation.scene_nodes()
    }

    /// Whether a layout is running (tests wait for it).
    #[must_use]
    pub fn layout_running(&self) -> bool {
        self.layout.is_running()
    }

    /// While File › Compare with… is open, how many organisations its canvas overlay marks as
    /// added, changed, removed and moved (see [`crate::versions::compare::CompareOverlay::counts`]);
    /// `None` when no comparison is shown (for tests).
    #[must_use]
    pub fn compare_overlay_counts(&self) -> Option<[usize; 4]> {
        self.compare.as_ref().map(|c| c.overlay.counts())
    }

    /// The scene last drawn.
    #[must_use]
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    fn info(&mut self, text: impl Into<String>) {
        self.notices.push(Notice { text: text.into(), error: false, shown_at: Instant::now(), undo_at: None });
    }

    /// A notice for a change made without a confirmation, with an Undo button for it.
    fn info_with_undo(&mut self, text: impl Into<String>) {
        let undo_at = Some(self.doc.revision());
        self.notices.push(Notice { text: text.into(), error: false, shown_at: Instant::now(), undo_at });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.notices.push(Notice { text: text.into(), error: true, shown_at: Instant::now(), undo_at: None });
    }

    fn open_example(&mut self) {
        match crate::example_map() {
            Ok(map) => self.set_document(Document::new(map, None)),
            Err(e) => self.error(format!("The bundled example could not be read: {e}")),
        }
    }

    fn set_document(&mut self, doc: Document) {
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
        self.scene_key = None;
        self.inspector = Inspector::default();
        self.props_draft = None;
    }

    fn open_path(&mut self, path: &Path) {
        match crate::io::load_map_warning(path) {
            Ok((map, warnings)) => {
                self.set_document(Document::new(map, Some(path.to_path_buf())));
                self.disk.remember(path, self.doc.map());
                self.settings.add_recent(path);
                self.persist_settings();
                for w in warnings {
                    self.info(w);
                }
            }
            Err(e) => self.error(format!("Could not open the map. {e}")),
        }
    }

    fn persist_settings(&mut self) {
        if let Err(e) = self.config.save_settings(&self.settings) {
            self.error(format!("Settings were not saved: {e}"));
        }
    }

    fn suggested_name(&self) -> String {
        super::export_window::ExportWindow::suggested_name(&self.doc.map().meta.title, crate::export::Format::MapJson)
    }

    /// Saves to the current file, or asks where; once saved, carries out `then`.
    fn save(&mut self, then: Option<Pending>, ctx: &egui::Context) {
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
            self.error(format!("Not saved: {} was changed on disk by someone else.", path.display()));
            return false;
        }
        self.write_map(path)
    }

    /// Writes the map to `path` (atomically, keeping a .bak) and remembers it as saved.
    fn write_map(&mut self, path: &Path) -> bool {
        match crate::io::save_map(self.doc.map(), path) {
            Ok(()) => {
                self.doc.mark_saved(path.to_path_buf());
                self.disk.remember(path, self.doc.map());
                self.config.clear_recovery();
                self.settings.add_recent(path);
                self.persist_settings();
                self.info(format!("Saved {}", path.display()));
                true
            }
            Err(e) => {
                self.error(format!("{e}. Your map is still open and unsaved."));
                false
            }
        }
    }

    /// Applies what is being typed in any window, so saving, replacing or closing the map keeps
    /// it (Ctrl+S, Ctrl+O, Ctrl+N and closing work while a text field has focus).
    fn commit_open_edits(&mut self) {
        let mut errors = self.typology.commit_now(&mut self.doc);
        errors.extend(self.notes.commit_now(&mut self.doc));
        errors.extend(self.journeys.commit_now(&mut self.doc));
        errors.extend(self.views.commit_now(&mut self.doc));
        for e in errors {
            self.error(e);
        }
        self.props_commit();
    }

    /// Runs `action` now, or first asks to save unsaved changes.
    fn guard(&mut self, action: Pending, ctx: &egui::Context) {
        self.commit_open_edits();
        if self.doc.is_dirty() {
            self.pending = Some(action);
        } else {
            self.perform(action, ctx);
        }
    }

    fn perform(&mut self, action: Pending, ctx: &egui::Context) {
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

    /// The merge window, and the merge itself once the user confirms it (one undo step).
    fn merge_ui(&mut self, ctx: &egui::Context) {
        use super::merge_window::MergeAction;
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
                        self.info(format!("{label} (Edit › Undo takes it back)"));
                    }
                    Err(e) => self.error(format!("Nothing was merged. {e}")),
                }
            }
        }
    }

    /// The list of changes since another version; a chosen one is selected and centred.
    fn compare_ui(&mut self, ctx: &egui::Context) {
        use super::compare_window::CompareAction;
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
    fn start_compare(&mut self, path: &Path) {
        match crate::io::load_map(path) {
            Ok(old) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                self.compare = Some(super::compare_window::CompareWindow::new(&old, self.doc.map(), name));
            }
            Err(e) => self.error(format!("Could not compare. {e}")),
        }
    }

    /// Opens the merge of `theirs` into the open map, from `base`.
    fn start_merge(&mut self, base: &Path, theirs: &Path) {
        match crate::io::load_map(base).and_then(|b| Ok((b, crate::io::load_map(theirs)?))) {
            Ok((base, other)) => {
                let name = theirs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                self.merge = Some(super::merge_window::MergeWindow::new(base, self.doc.map(), other, name, false));
            }
            Err(e) => self.error(format!("Nothing was merged. {e}")),
        }
    }

    /// Reads a file to import and shows the preview of what its types become.
    fn import_from(&mut self, path: &Path) {
        match crate::import::read_file(path) {
            Ok(imported) => {
                let preview = super::import_window::ImportPreview::new(self.doc.map(), path.to_path_buf(), imported);
                self.import_preview = Some(preview);
            }
            Err(e) => self.error(format!("Nothing was imported. {e}")),
        }
    }

    /// The import preview, and the import itself once the user confirms it (one undo step).
    fn import_preview_ui(&mut self, ctx: &egui::Context) {
        use super::import_window::ImportChoice;
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
                        self.import_report = Some(lines);
                    }
                    Err(e) => self.error(format!("Nothing was imported. {e}")),
                }
            }
        }
    }

    fn export_to(&mut self, request: &super::export_window::ExportRequest, path: &Path) {
        match crate::export::export(self.doc.map(), path, &request.options) {
            Ok(report) => {
                let files: Vec<String> = report.written.iter().map(|p| p.display().to_string()).collect();
                self.info(format!("Exported {}", files.join(", ")));
                let lines: Vec<String> = report.redaction.into_iter().chain(report.notes).collect();
                if !lines.is_empty() {
                    self.import_report = Some(lines);
                }
            }
            Err(e) => self.error(format!("Export failed: {e}")),
        }
    }

    /// Full-screen presentation in the main window.
    fn presenting_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        if !self.fullscreen_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
            self.fullscreen_sent = true;
        }
        // Leaving gives the editor back the filter, caption and focus it had before presenting.
        self.presentation.remember_editor(&self.view);
        self.presentation.editor_canvas = self.view.canvas_rect.size();
        if self.presentation.keys(ctx, self.doc.map()) {
            self.presentation.active = false;
            self.presentation.restore_editor(&mut self.view);
        }
        let (presentation, doc) = (&mut self.presentation, &self.doc);
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| presentation.show(ui, doc));
        self.update_title(ctx);
    }

    /// The projector window, if open: the presentation, in step with every edit.
    fn projector_ui(&mut self, ctx: &egui::Context) {
        if !self.presentation.projector_open || self.presentation.active {
            return;
        }
        self.presentation.editor_canvas = self.view.canvas_rect.size();
        let (presentation, doc) = (&mut self.presentation, &self.doc);
        let builder =
            egui::ViewportBuilder::default().with_title("Patchwork — projector").with_inner_size([1280.0, 800.0]);
        let closed = ctx.show_viewport_immediate(
            egui::ViewportId::from_hash_of("patchwork_projector"),
            builder,
            |ui, _class| {
                let ctx = ui.ctx().clone();
                // Keys reach this window only when it has focus; the facilitator steps slides there.
                let _ = presentation.keys(&ctx, doc.map());
                egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| presentation.show(ui, doc));
                ctx.input(|i| i.viewport().close_requested())
            },
        );
        if closed {
            self.presentation.projector_open = false;
        }
    }

    fn export_metrics_to(&mut self, path: &Path) {
        let Some(analysis) = self.analysis.analysis(self.doc.map(), self.doc.revision()).cloned() else { return };
        let bytes = crate::export::data::metrics_csv(self.doc.map(), &analysis);
        match crate::io::write_atomic(path, &bytes, false) {
            Ok(()) => self.info(format!("Exported {}", path.display())),
            Err(e) => self.error(e.to_string()),
        }
    }

    fn selected_clipboard(&self) -> Option<Clipboard> {
        let clip = Clipboard::copy(self.doc.map(), &self.view.selection);
        (!clip.is_empty()).then_some(clip)
    }

    fn delete_selection(&mut self, label: &str) {
        let orgs: Vec<OrgId> = self.view.selection.iter().cloned().collect();
        let links: Vec<_> = self
            .view
            .selected_links
            .iter()
            .filter(|l| self.doc.map().link_record(l).is_some_and(|r| !orgs.contains(&r.from) && !orgs.contains(&r.to)))
            .cloned()
            .collect();
        if orgs.is_empty() && links.is_empty() {
            return;
        }
        let label = match (orgs.len(), links.len()) {
            (0, 1) => format!("{label} link"),
            (0, n) => format!("{label} {n} links"),
            (1, 0) => format!("{label} organisation"),
            (n, _) => format!("{label} {n} organisations"),
        };
        let edit = Edit::Batch(vec![Edit::RemoveLinks(links), Edit::RemoveOrganisations(orgs)]);
        match self.doc.apply(label, edit) {
            Ok(()) => self.view.clear_selection(),
            Err(e) => self.error(e.to_string()),
        }
    }

    fn paste(&mut self, clip: &Clipboard) {
        self.paste_count += 1;
        let offset = self.paste_offset(clip);
        let (edit, ids) = clip.paste_edit(self.doc.map(), offset);
        let label =
            if ids.len() == 1 { "Paste organisation".to_owned() } else { format!("Paste {} organisations", ids.len()) };
        match self.doc.apply(label, edit) {
            Ok(()) => self.view.select_only(ids),
            Err(e) => self.error(e.to_string()),
        }
    }

    /// How far to move pasted organisations: the group, as a whole, lands in free space in view
    /// beside the selection (the last paste) or the view's centre; when the view is full,
    /// successive pastes step through it and wrap.
    fn paste_offset(&self, clip: &Clipboard) -> [f32; 2] {
        let map = self.doc.map();
        let orgs = &clip.organisations;
        if orgs.is_empty() {
            return [0.0, 0.0];
        }
        let (mut min, mut max) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
        for o in orgs {
            let e = self.scene.new_node_extent(&o.name);
            let [x, y] = o.position;
            min = [min[0].min(x + e.0[0]), min[1].min(y + e.0[1])];
            max = [max[0].max(x + e.1[0]), max[1].max(y + e.1[1])];
        }
        let centre = [f32::midpoint(min[0], max[0]), f32::midpoint(min[1], max[1])];
        let extent = ([min[0] - centre[0], min[1] - centre[1]], [max[0] - centre[0], max[1] - centre[1]]);
        let taken = super::placement::obstacles(map, &self.scene, &self.view, None);
        let near = super::placement::wished_point(map, &self.view);
        let at = super::placement::spot(&self.view, near, extent, &taken, self.paste_count);
        [at[0] - centre[0], at[1] - centre[1]]
    }

    fn focus_on(&mut self, id: &OrgId) {
        if let Some(org) = self.doc.map().org(id) {
            self.view.center = org.position;
            self.view.zoom = self.view.zoom.max(0.8);
        }
    }

    /// Runs a command from a menu, a shortcut or a toolbar button.
    // One arm per command: the single place commands are carried out.
    #[allow(clippy::too_many_lines)]
    pub fn run_command(&mut self, cmd: Command, ctx: &egui::Context) {
        if matches!(cmd, Command::Save | Command::SaveAs | Command::Export | Command::Present | Command::Projector) {
            self.commit_open_edits();
        }
        match cmd {
            Command::New => self.guard(Pending::New, ctx),
            Command::Open => self.guard(Pending::Open(None), ctx),
            Command::Save => self.save(None, ctx),
            Command::SaveAs => self.ask_path(file_flow::FileAction::SaveAs { then: None }, ctx),
            Command::Import => self.ask_path(file_flow::FileAction::Import, ctx),
            Command::Export => self.export.open = true,
            Command::Quit => self.guard(Pending::Quit, ctx),
            Command::Undo => match self.doc.undo() {
                Ok(Some(label)) => self.info(format!("Undid: {label}")),
                Ok(None) => {}
                Err(e) => self.error(e.to_string()),
            },
            Command::Redo => match self.doc.redo() {
                Ok(Some(label)) => self.info(format!("Redid: {label}")),
                Ok(None) => {}
                Err(e) => self.error(e.to_string()),
            },
            Command::Copy | Command::Cut => {
                if let Some(clip) = self.selected_clipboard() {
                    ctx.copy_text(clip.to_text());
                    self.clipboard = Some(clip);
                    self.paste_count = 0;
                    if cmd == Command::Cut {
                        self.delete_selection("Cut");
                    }
                }
            }
            Command::Paste => {
                if let Some(clip) = self.clipboard.clone() {
                    self.paste(&clip);
                }
            }
            Command::Duplicate => {
                if let Some(clip) = self.selected_clipboard() {
                    self.paste_count = 0;
                    self.paste(&clip);
                }
            }
            Command::Delete => self.delete_selection("Delete"),
            Command::SelectAll => {
                let all: Vec<OrgId> = self.doc.map().organisations().map(|o| o.id.clone()).collect();
                self.view.select_only(all);
            }
            Command::Find => {
                self.find.open = true;
                self.find.focus_pending = true;
            }
            Command::AddOrganisation => {
                let name = "New organisation";
                let at = super::placement::spot_for_new(self.doc.map(), &self.scene, &self.view, name, 0);
                if let Err(e) = canvas::add_organisation_at(&mut self.doc, &mut self.view, at) {
                    self.error(e);
                }
            }
            Command::Connect => {
                if self.view.selection.len() == 1 {
                    self.view.connect_from = self.view.selection.first().cloned();
                } else {
                    self.info("Select one organisation, press L, then click the organisation to link it to.");
                }
            }
            Command::ZoomFit => canvas::fit_view(&mut self.view, &self.scene),
            Command::ZoomIn => self.view.zoom_around(self.view.canvas_rect.center(), 1.25),
            Command::ZoomOut => self.view.zoom_around(self.view.canvas_rect.center(), 0.8),
            Command::ZoomReset => {
                let factor = 1.0 / self.view.zoom;
                self.view.zoom_around(self.view.canvas_rect.center(), factor);
            }
            Command::ToggleSidePanel => self.view.side_panel_hidden = !self.view.side_panel_hidden,
            Command::ToggleLegend => {
                self.settings.show_legend = !self.settings.show_legend;
                self.persist_settings();
            }
            Command::ThemeLight | Command::ThemeDark => {
                self.settings.dark = cmd == Command::ThemeDark;
                self.style_applied = false;
                self.persist_settings();
            }
            Command::UiScaleUp | Command::UiScaleDown | Command::UiScaleReset => {
                let s = match cmd {
                    Command::UiScaleUp => self.settings.ui_scale + 0.125,
                    Command::UiScaleDown => self.settings.ui_scale - 0.125,
                    _ => 1.0,
                };
                self.settings.ui_scale = s.clamp(*theme::UI_SCALE_RANGE.start(), *theme::UI_SCALE_RANGE.end());
                self.style_applied = false;
                self.persist_settings();
            }
            Command::Typology => self.typology.open = true,
            Command::Layout(alg) => {
                let selection: std::collections::HashSet<OrgId> = self.view.selection.iter().cloned().collect();
                match self.layout.start(alg, &mut self.doc, &selection) {
                    Ok(notes) => notes.into_iter().for_each(|n| self.info(n)),
                    Err(e) => self.info(e),
                }
            }
            Command::StopLayout => self.layout.stop(),
            Command::Analysis => self.analysis.open = true,
            Command::Views => self.views.open = true,
            Command::QuickAdd => self.quick_add = Some(QuickAdd::default()),
            Command::AddNote => {
                if let Err(e) = self.notes.add_note(&mut self.doc, &self.view) {
                    self.error(e);
                }
            }
            Command::AddRegion => {
                if let Err(e) = self.notes.add_region(&mut self.doc, &self.view) {
                    self.info(e);
                }
            }
            Command::NotesAndRegions => self.notes.open = true,
            Command::Journeys => self.journeys.show(),
            Command::Present => {
                self.presentation.start(if self.doc.map().views.is_empty() { None } else { Some(0) }, self.doc.map());
                self.presentation.active = true;
            }
            Command::Projector => {
                self.presentation.projector_open = !self.presentation.projector_open;
                if self.presentation.projector_open
                    && self.presentation.current.is_none()
                    && !self.doc.map().views.is_empty()
                {
                    self.presentation.start(Some(0), self.doc.map());
                }
            }
            Command::OpenAt => self.open_at.toggle(&mut self.view),
            Command::Focus => match (self.view.selection.len(), self.view.selection.first()) {
                (1, Some(id)) => self.view.focus = Some((id.clone(), 1)),
                _ => self.info("Select one organisation to focus on."),
            },
            Command::MapProperties => self.props_open = true,
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.text_edit_focused();
        let modal_open = self.pending.is_some() || self.recovery.is_some() || self.file_dialog.is_some();
        if modal_open {
            return;
        }
        for cmd in Command::SHORTCUT_ORDER {
            if typing && cmd.yields_to_text() {
                continue;
            }
            if cmd.shortcuts().iter().any(|sc| ctx.input_mut(|i| i.consume_shortcut(sc))) {
                self.run_command(cmd, ctx);
            }
        }
        if typing {
            return;
        }
        // Real windows deliver Ctrl+C/X/V as clipboard events rather than key presses.
        let events = ctx.input(|i| i.events.clone());
        for e in events {
            match e {
                egui::Event::Copy => self.run_command(Command::Copy, ctx),
                egui::Event::Cut => self.run_command(Command::Cut, ctx),
                egui::Event::Paste(text) => {
                    if let Some(clip) = Clipboard::from_text(&text) {
                        self.clipboard = Some(clip);
                    }
                    self.run_command(Command::Paste, ctx);
                }
                _ => {}
            }
        }
        let step = 60.0;
        let pans = [
            (egui::Key::ArrowLeft, egui::vec2(step, 0.0)),
            (egui::Key::ArrowRight, egui::vec2(-step, 0.0)),
            (egui::Key::ArrowUp, egui::vec2(0.0, step)),
            (egui::Key::ArrowDown, egui::vec2(0.0, -step)),
        ];
        for (key, delta) in pans {
            if ctx.input(|i| i.key_pressed(key)) {
                self.view.pan_by(delta);
            }
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) && self.layout.is_running() {
            self.layout.stop();
        } else if ctx.input(|i| i.key_pressed(egui::Key::Escape)) && self.view.focus.is_some() {
            self.view.focus = None;
        } else if ctx.input(|i| i.key_pressed(egui::Key::Escape))
            && self.view.connect_from.take().is_none()
            && self.view.pending_link.take().is_none()
        {
            self.view.clear_selection();
        }
    }

    fn apply_style(&mut self, ctx: &egui::Context) {
        if self.style_applied {
            return;
        }
        ctx.set_theme(if self.settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
        ctx.set_zoom_factor(self.settings.ui_scale);
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        self.style_applied = true;
    }

    fn update_title(&mut self, ctx: &egui::Context) {
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

    fn autosave(&mut self, ctx: &egui::Context) {
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
            self.error(format!("Autosave failed: {e}"));
        }
    }

    /// Whether a command that toggles something is on, for its tick in the menus (`None` for
    /// commands that are not toggles).
    fn command_ticked(&self, cmd: Command) -> Option<bool> {
        match cmd {
            Command::ToggleLegend => Some(self.settings.show_legend),
            Command::ToggleSidePanel => Some(!self.view.side_panel_hidden),
            Command::Projector => Some(self.presentation.projector_open),
            Command::ThemeLight => Some(!self.settings.dark),
            Command::ThemeDark => Some(self.settings.dark),
            _ => None,
        }
    }

    /// A menu entry for `cmd`: its shortcut, enabled when it can run, and a ☑/☐ tick (announced
    /// as a checkbox) when it toggles something.
    fn menu_item(&mut self, ui: &mut egui::Ui, cmd: Command, label: Option<String>) {
        let text = label.unwrap_or_else(|| cmd.label().to_owned());
        let ticked = self.command_ticked(cmd);
        let text = match ticked {
            Some(on) => format!("{} {text}", if on { "☑" } else { "☐" }),
            None => text,
        };
        let mut button = egui::Button::new(text.clone());
        if let Some(sc) = cmd.shortcuts().first() {
            button = button.shortcut_text(ui.ctx().format_shortcut(sc));
        }
        let enabled = match cmd {
            Command::Undo => self.doc.history().undo_label().is_some(),
            Command::Redo => self.doc.history().redo_label().is_some(),
            Command::Cut | Command::Copy | Command::Duplicate => !self.view.selection.is_empty(),
            Command::Delete => !self.view.selection.is_empty() || !self.view.selected_links.is_empty(),
            Command::Paste => self.clipboard.is_some(),
            Command::Connect | Command::Focus => self.view.selection.len() == 1,
            Command::Layout(_) => !self.layout.is_running(),
            _ => true,
        };
        let response = ui.add_enabled(enabled, button).on_hover_text(cmd.tooltip());
        if let Some(on) = ticked {
            response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, enabled, on, &text));
        }
        if response.clicked() {
            let ctx = ui.ctx().clone();
            self.run_command(cmd, &ctx);
            ui.close();
        }
    }

    /// The side panel (the inspector) on the right: resizable down to 180 points and never more
    /// than half the window, so the canvas keeps at least half; collapsed (F9), a thin strip
    /// with a button to bring it back.
    fn side_panel_ui(&mut self, ui: &mut egui::Ui) -> Option<super::inspector::InspectorOutput> {
        let mut toggle = false;
        let mut out = None;
        if self.view.side_panel_hidden {
            egui::Panel::right("inspector_collapsed").resizable(false).exact_size(30.0).show(ui, |ui| {
                let show = ui.button("‹").on_hover_text("Show the side panel (F9)");
                show.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Show side panel"));
                toggle = show.clicked();
            });
        } else {
            let width = ui.ctx().content_rect().width();
            let max = (width * 0.5).clamp(180.0, 720.0);
            let default = (width * 0.35).clamp(180.0, 440.0);
            egui::Panel::right("inspector").resizable(true).default_size(default).min_size(180.0).max_size(max).show(
                ui,
                |ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                        let hide = ui.small_button("›").on_hover_text("Hide the side panel (F9)");
                        hide.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Hide side panel"));
                        toggle = hide.clicked();
                    });
                    // Content never widens the panel: the canvas must not jump when the selection changes.
                    ui.set_max_width(ui.available_width());
                    out = Some(self.inspector.ui(ui, &mut self.doc, &mut self.view));
                },
            );
        }
        if toggle {
            self.view.side_panel_hidden = !self.view.side_panel_hidden;
        }
        out
    }

    /// The menu bar: one menu after another, each built by its own function.
    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui));
            ui.menu_button("Edit", |ui| self.edit_menu_ui(ui));
            ui.menu_button("View", |ui| self.view_menu_ui(ui));
            ui.menu_button("Layout", |ui| self.layout_menu_ui(ui));
            ui.menu_button("Workshop", |ui| self.workshop_menu_ui(ui));
            ui.menu_button("Map", |ui| self.map_menu_ui(ui));
            self.about.menu_ui(ui);
        });
    }

    fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
        self.menu_item(ui, Command::New, None);
        self.menu_item(ui, Command::Open, None);
        ui.menu_button("Open Recent", |ui| {
            if self.settings.recent.is_empty() {
                ui.label("No recent maps");
            }
            for path in self.settings.recent.clone() {
                let name =
                    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                    let ctx = ui.ctx().clone();
                    self.guard(Pending::Open(Some(path)), &ctx);
                    ui.close();
                }
            }
            ui.separator();
            if ui.checkbox(&mut self.settings.reopen_last, "Reopen last map on start").changed() {
                self.persist_settings();
            }
        });
        ui.separator();
        self.menu_item(ui, Command::Save, None);
        self.menu_item(ui, Command::SaveAs, None);
        ui.separator();
        self.menu_item(ui, Command::Import, None);
        self.menu_item(ui, Command::Export, None);
        if ui.button("Compare With…").on_hover_text("List what changed since another version of this map").clicked() {
            let ctx = ui.ctx().clone();
            self.ask_path(file_flow::FileAction::CompareWith, &ctx);
            ui.close();
        }
        if ui
            .button("Merge…")
            .on_hover_text("Combine another copy of this map, changed from a common original")
            .clicked()
        {
            let ctx = ui.ctx().clone();
            self.ask_path(file_flow::FileAction::MergeTheirs, &ctx);
            ui.close();
        }
        ui.separator();
        self.own_file_dialog_ui(ui);
        ui.separator();
        self.menu_item(ui, Command::Quit, None);
    }

    fn edit_menu_ui(&mut self, ui: &mut egui::Ui) {
        let undo = self.doc.history().undo_label().map(|l| format!("Undo {l}"));
        let redo = self.doc.history().redo_label().map(|l| format!("Redo {l}"));
        self.menu_item(ui, Command::Undo, undo);
        self.menu_item(ui, Command::Redo, redo);
        ui.separator();
        for cmd in [Command::Cut, Command::Copy, Command::Paste, Command::Duplicate, Command::Delete] {
            self.menu_item(ui, cmd, None);
        }
        ui.separator();
        self.menu_item(ui, Command::SelectAll, None);
        self.menu_item(ui, Command::Find, None);
    }

    fn view_menu_ui(&mut self, ui: &mut egui::Ui) {
        for cmd in [Command::ZoomFit, Command::ZoomIn, Command::ZoomOut, Command::ZoomReset] {
            self.menu_item(ui, cmd, None);
        }
        ui.separator();
        self.menu_item(ui, Command::ToggleLegend, None);
        self.menu_item(ui, Command::ToggleSidePanel, None);
        ui.separator();
        for cmd in
            [Command::ThemeLight, Command::ThemeDark, Command::UiScaleUp, Command::UiScaleDown, Command::UiScaleReset]
        {
            self.menu_item(ui, cmd, None);
        }
    }

    fn layout_menu_ui(&mut self, ui: &mut egui::Ui) {
        for (alg, _, _) in crate::layout::Algorithm::ALL {
            self.menu_item(ui, Command::Layout(alg), None);
        }
        ui.separator();
        ui.checkbox(&mut self.layout.only_selected, "Only selected organisations")
            .on_hover_text("Arrange only the selection; everything else stays put");
        if self.layout.is_running() {
            self.menu_item(ui, Command::StopLayout, None);
        }
        ui.separator();
        self.menu_item(ui, Command::Analysis, None);
    }

    fn workshop_menu_ui(&mut self, ui: &mut egui::Ui) {
        for cmd in [
            Command::QuickAdd,
            Command::AddNote,
            Command::AddRegion,
            Command::NotesAndRegions,
            Command::Journeys,
            Command::Views,
            Command::Focus,
            Command::OpenAt,
            Command::Present,
            Command::Projector,
        ] {
            self.menu_item(ui, cmd, None);
        }
    }

    fn map_menu_ui(&mut self, ui: &mut egui::Ui) {
        self.menu_item(ui, Command::AddOrganisation, None);
        self.menu_item(ui, Command::Connect, None);
        ui.separator();
        self.menu_item(ui, Command::Typology, None);
        self.menu_item(ui, Command::MapProperties, None);
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let typology = self.doc.map().typology().clone();
            let label = ui.label("New organisations:");
            let shown = typology.org_type(&self.view.new_org_type).map_or("—", |t| t.name.as_str());
            let choices = super::inspector::org_type_choices(&typology);
            let name = "Type of new organisations";
            super::fields::filtered_combo(ui, "new_org_type", name, &mut self.view.new_org_type, shown, &choices)
                .labelled_by(label.id);
            if ui.button("Add").on_hover_text(Command::AddOrganisation.tooltip()).clicked() {
                let ctx = ui.ctx().clone();
                self.run_command(Command::AddOrganisation, &ctx);
            }
            ui.separator();
            ui.toggle_value(&mut self.view.pan_tool, "Pan tool")
                .on_hover_text("Left-drag on the background pans instead of selecting (Space+drag always pans)");
            if ui.button("Zoom to fit").on_hover_text(Command::ZoomFit.tooltip()).clicked() {
                canvas::fit_view(&mut self.view, &self.scene);
            }
            let mut legend = self.settings.show_legend;
            if ui.toggle_value(&mut legend, "Legend").on_hover_text(Command::ToggleLegend.tooltip()).changed() {
                let ctx = ui.ctx().clone();
                self.run_command(Command::ToggleLegend, &ctx);
            }
        });
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let map = self.doc.map();
            ui.label(shown_counts(map.org_count(), self.scene.nodes.len(), map.link_count(), self.scene.edges.len()));
            let (s, l) = (self.view.selection.len(), self.view.selected_links.len());
            if s + l > 0 {
                ui.label(format!("· {} selected", s + l));
            }
            ui.label(format!("· zoom {:.0}%", self.view.zoom * 100.0));
            if self.doc.is_dirty() {
                ui.label("· unsaved changes");
            }
            if !self.view.caption.is_empty() {
                ui.label(format!("· {}", self.view.caption));
            }
            if let Some(p) = self.layout.progress() {
                ui.label(format!("· layout {:.0}%", p * 100.0));
                if ui.button("Stop").on_hover_text(Command::StopLayout.tooltip()).clicked() {
                    self.layout.stop();
                }
            }
        });
    }

    /// A strip over the canvas while a filter or focus hides or fades organisations, saying so
    /// and offering to show everything: nothing is hidden without it being visible.
    fn state_banner_ui(&mut self, ui: &mut egui::Ui) {
        let filtered = self.view.filter != crate::model::Filter::default();
        let focus = self.view.focus.as_ref().and_then(|(id, _)| self.doc.map().org(id)).map(|o| o.name.clone());
        let open_at = self.view.open_at.and(self.open_at_line.clone());
        if !filtered && focus.is_none() && open_at.is_none() {
            return;
        }
        let map = self.doc.map();
        let mut parts = Vec::new();
        if filtered {
            let hidden = map.org_count().saturating_sub(self.scene.nodes.len());
            parts.push(format!(
                "Filter on: {} hidden ({})",
                plural(hidden, "organisation"),
                shown_counts(map.org_count(), self.scene.nodes.len(), map.link_count(), self.scene.edges.len())
            ));
        }
        if let Some(name) = focus {
            parts.push(format!("Focus on {name}: the rest is faded"));
        }
        if let Some(line) = open_at {
            parts.push(line);
        }
        let mut show_all = false;
        egui::Panel::top("state_banner").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(parts.join(" · "));
                show_all = ui.button("Show all").clicked();
            });
        });
        if show_all {
            self.view.filter = crate::model::Filter::default();
            self.view.focus = None;
            self.view.caption.clear();
            if self.view.open_at.is_some() {
                self.open_at.toggle(&mut self.view);
            }
        }
    }

    fn notices_ui(&mut self, ctx: &egui::Context) {
        // A notice with Undo stays longer: it takes a moment to notice the wrong thing went.
        let keep = |n: &Notice| if n.undo_at.is_some() { 10 } else { 5 };
        self.notices.retain(|n| n.error || n.shown_at.elapsed() < Duration::from_secs(keep(n)));
        if self.notices.is_empty() {
            return;
        }
        if self.notices.iter().any(|n| !n.error) {
            ctx.request_repaint_after(Duration::from_millis(500));
        }
        let mut dismiss = None;
        let mut undo = None;
        let revision = self.doc.revision();
        egui::Area::new(egui::Id::unique("notices"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -36.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for (i, n) in self.notices.iter().enumerate().rev().take(4) {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(420.0);
                        ui.horizontal(|ui| {
                            if n.error {
                                ui.colored_label(theme::ERROR, &n.text);
                                if ui.button("Dismiss").clicked() {
                                    dismiss = Some(i);
                                }
                            } else {
                                ui.label(&n.text);
                                if n.undo_at == Some(revision) && ui.button("Undo").clicked() {
                                    undo = Some(i);
                                }
                            }
                        });
                    });
                }
            });
        if let Some(i) = dismiss {
            self.notices.remove(i);
        }
        if let Some(i) = undo {
            self.notices.remove(i);
            self.run_command(Command::Undo, ctx);
        }
    }
}

impl eframe::App for PatchworkApp {
    /// One frame. A panic in the frame's code (a bug) is caught here: the map is written to the
    /// recovery file and the user told, instead of the window vanishing with their work.
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if let (Some(stats), Some(cpu)) = (&mut self.frame_stats, frame.info().cpu_usage) {
            stats.record(cpu, self.doc.map().org_count());
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.frame_ui(ui, frame)));
        if result.is_err() {
            self.write_recovery();
            self.gesture_reset();
            self.error(
                "Something went wrong inside Patchwork. Your map was saved to the recovery file; \
                 save it now, and please report what you were doing.",
            );
        }
    }
}

/// CPU time of recent frames (eframe's measure: the app's code, tessellation and rendering,
/// not waiting for the display), summarised to stderr every two seconds of activity.
struct FrameStats {
    since: Instant,
    samples: Vec<f32>,
}

impl FrameStats {
    fn from_env() -> Option<Self> {
        std::env::var_os("PATCHWORK_FRAME_STATS").map(|_| Self { since: Instant::now(), samples: Vec::new() })
    }

    fn record(&mut self, seconds: f32, orgs: usize) {
        self.samples.push(seconds * 1000.0);
        if self.since.elapsed().as_secs_f32() >= 2.0 {
            let mut ms = std::mem::take(&mut self.samples);
            ms.sort_by(f32::total_cmp);
            let at = |q: f32| ms[crate::convert::round_px((ms.len() - 1) as f32 * q) as usize];
            #[allow(clippy::print_stderr)] // the point of this option
            {
                eprintln!(
                    "frames: {} in {:.1} s, {orgs} organisations; CPU per frame: median {:.1} ms, 95% {:.1} ms, max {:.1} ms",
                    ms.len(),
                    self.since.elapsed().as_secs_f32(),
                    at(0.5),
                    at(0.95),
                    at(1.0)
                );
            }
            self.since = Instant::now();
        }
    }
}

impl PatchworkApp {
    /// Clears half-done interactions after a caught panic.
    fn gesture_reset(&mut self) {
        self.view.gesture = super::view::Gesture::Idle;
        self.view.pending_link = None;
        self.view.renaming = None;
    }

    // The frame in order: windows, panels, canvas, dialogs; each step a call, but the order matters.
    #[allow(clippy::too_many_lines)]
    fn frame_ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.apply_style(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            self.commit_open_edits();
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.pending = Some(Pending::Quit);
            } else {
                self.config.clear_recovery();
            }
        }
        self.projector_ui(&ctx);
        if self.presentation.active {
            self.presenting_ui(ui, &ctx);
            return;
        }
        if self.fullscreen_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            self.fullscreen_sent = false;
        }
        self.handle_shortcuts(&ctx);
        if let Some(e) = self.layout.poll(&mut self.doc) {
            self.error(e);
        }
        if self.layout.is_running() || self.analysis.busy() {
            ctx.request_repaint();
        }
        let scene_theme = theme::scene_theme(self.settings.dark);
        let key = (self.doc.revision(), self.settings.dark);
        let size_key = if self.analysis.open { self.analysis.size_fingerprint() } else { None };
        let focus = self.view.focus.as_ref().filter(|(id, _)| self.doc.map().org(id).is_some()).map(|(id, steps)| {
            let orgs = crate::analysis::neighbourhood(self.doc.map(), id, *steps);
            (format!("focus {id} {steps}"), crate::scene::Highlight { orgs, links: std::collections::HashSet::new() })
        });
        let highlight = focus.or_else(|| if self.analysis.open { self.analysis.highlight.clone() } else { None });
        let filter_label = self.filter_label();
        let extras_key = (size_key, highlight.clone(), filter_label);
        // Organisations dragged (or moved by an animated layout) and nothing else changed:
        // update just their markers and links instead of rebuilding the scene.
        let moved = self
            .scene_key
            .filter(|k| k.1 == key.1 && k.0 != key.0 && self.scene_extras == extras_key)
            .and_then(|k| self.doc.moved_since(k.0));
        if let Some(ids) = moved {
            self.scene.move_nodes(self.doc.map(), &ids);
            self.scene_key = Some(key);
        } else if self.scene_key != Some(key) || self.scene_extras != extras_key {
            self.view.prune(self.doc.map());
            let closed = self.view.open_at.map(|moment| {
                let (open, line) = crate::export::open_at_summary(self.doc.map(), &moment, crate::hours::now_local());
                self.open_at_line = Some(line);
                open.closed()
            });
            let options = SceneOptions {
                theme: scene_theme,
                size_by: if self.analysis.open { self.analysis.size_values() } else { None },
                highlight: highlight.map(|(_, h)| h),
                filter: self.view.filter.clone(),
                closed,
                journeys: crate::scene::JourneyChoice { ids: self.view.journeys.clone(), steps: None },
                ..SceneOptions::default()
            };
            self.scene = scene::build(self.doc.map(), &options);
            self.scene_key = Some(key);
            self.scene_extras = extras_key;
        }

        egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        let inspector_out = self.side_panel_ui(ui);
        if let Some(out) = inspector_out {
            for e in out.errors {
                self.error(e);
            }
            if let Some(id) = out.focus {
                self.focus_on(&id);
            }
        }
        self.state_banner_ui(ui);
        let mut canvas_out = None;
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
            canvas_out = Some(canvas::canvas_ui(
                ui,
                &mut self.doc,
                &mut self.view,
                &self.scene,
                &scene_theme,
                self.settings.show_legend,
            ));
            if let Some(compare) = &self.compare {
                let painter = ui.painter_at(self.view.canvas_rect);
                super::compare_paint::paint_overlay(&painter, &compare.overlay, &self.scene, &self.view, &scene_theme);
            }
        });
        if canvas_out.as_ref().is_some_and(|o| o.hide_legend) {
            self.run_command(Command::ToggleLegend, &ctx);
        }
        for e in canvas_out.map(|o| o.errors).unwrap_or_default() {
            self.error(e);
        }
        self.open_at.ui(&ctx, self.doc.map(), &mut self.view);
        for e in self.typology.ui(&ctx, &mut self.doc) {
            self.error(e);
        }
        self.export.follow_open_at(self.view.open_at);
        if let Some(request) = self.export.ui(&ctx, self.doc.map(), self.doc.revision()) {
            self.ask_path(file_flow::FileAction::Export(request), &ctx);
        }
        self.import_preview_ui(&ctx);
        self.report_ui(&ctx);
        let (errors, action) = self.views.ui(&ctx, &mut self.doc, &mut self.view);
        for e in errors {
            self.error(e);
        }
        match action {
            Some(super::views_window::ViewsAction::Present(i)) => {
                self.presentation.start(i, self.doc.map());
                self.presentation.active = true;
            }
            Some(super::views_window::ViewsAction::ToggleProjector) => {
                self.run_command(Command::Projector, &ctx);
            }
            Some(super::views_window::ViewsAction::Deleted(name)) => {
                self.info_with_undo(format!("Deleted the view “{name}”"));
            }
            None => {}
        }
        let analysis_out = self.analysis.ui(&ctx, self.doc.map(), self.doc.revision());
        if let Some(id) = analysis_out.select {
            self.view.select_only([id.clone()]);
            self.focus_on(&id);
        }
        if analysis_out.export_csv {
            self.ask_path(file_flow::FileAction::Metrics, &ctx);
        }
        self.quick_add_ui(&ctx);
        for e in self.notes.ui(&ctx, &mut self.doc, &mut self.view, &self.scene) {
            self.error(e);
        }
        for e in self.journeys.ui(&ctx, &mut self.doc, &mut self.view) {
            self.error(e);
        }
        self.find_ui(&ctx);
        self.props_ui(&ctx);
        self.file_dialog_ui(&ctx);
        self.disk_watch_ui(&ctx);
        self.merge_ui(&ctx);
        self.compare_ui(&ctx);
        self.notices_ui(&ctx);
        self.unsaved_prompt_ui(&ctx);
        self.recovery_ui(&ctx);
        self.about.ui(&ctx, &self.config);
        self.update_title(&ctx);
        self.autosave(&ctx);
        // A change made this frame (an edit, a filter, a focus) shows on the next one.
        if self.doc.revision() != self.scene_key.map_or(u64::MAX, |k| k.0)
            || self.filter_label() != self.scene_extras.2
            || self.view.focus.is_some() != self.scene_extras.1.as_ref().is_some_and(|(l, _)| l.starts_with("focus"))
        {
            ctx.request_repaint();
        }
    }
}

impl PatchworkApp {
    /// What of the view state outside the map the scene depends on (filter and open-at moment),
    /// as text for the scene's cache key.
    fn filter_label(&self) -> String {
        format!("{:?} {:?} {:?}", self.view.filter, self.view.open_at, self.view.journeys)
    }
}

/// "1 organisation", "2 organisations".
/// "40 organisations · 72 links", or with a filter "31 of 40 organisations · 60 of 72 links shown".
fn shown_counts(orgs: usize, orgs_shown: usize, links: usize, links_shown: usize) -> String {
    if orgs_shown >= orgs && links_shown >= links {
        return format!("{} · {}", plural(orgs, "organisation"), plural(links, "link"));
    }
    format!("{orgs_shown} of {} · {links_shown} of {} shown", plural(orgs, "organisation"), plural(links, "link"))
}
