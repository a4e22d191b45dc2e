//! The application shell: [`PatchworkApp`]'s state, its construction, what tests read of it,
//! and one frame as a list of named steps (`frame_ui`). The steps live in `app/`, one file per
//! job: menus, command dispatch, panels, windows and dialogs, document life, transfers.

use super::files::{ConfigDir, FileDialogs, NativeDialogs, Settings};
use super::inspector::Inspector;
use super::notices::Notices;
use super::scene_cache::{HighlightKey, SceneCache, SceneKey};
use super::theme;
use super::typology_window::TypologyWindow;
use super::view::ViewState;
use crate::edit::Document;
use crate::edit::clipboard::Clipboard;
use crate::model::Map;
use crate::scene::{self, Scene, SceneOptions};
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod bars;
mod disk_watch;
mod dispatch;
mod documents;
mod editing;
mod file_flow;
mod find;
mod frame_stats;
mod menus;
mod preferences;
mod presenting;
mod prompts;
mod props;
mod quick_add;
mod report;
mod transfers;
mod windows;

use find::FindWindow;
use frame_stats::FrameStats;
use props::PropsWindow;
use quick_add::QuickAdd;
use report::ReportWindow;

/// How often unsaved work is written to the recovery file.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(30);

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

/// The running app.
pub struct PatchworkApp {
    doc: Document,
    view: ViewState,
    /// The editor's scene, rebuilt when what it is built from changes.
    scene: SceneCache<SceneKey>,
    settings: Settings,
    config: ConfigDir,
    dialogs: Box<dyn FileDialogs>,
    clipboard: Option<Clipboard>,
    paste_count: u32,
    notices: Notices,
    pending: Option<Pending>,
    recovery: Option<(Map, Option<PathBuf>)>,
    inspector: Inspector,
    typology: TypologyWindow,
    find: FindWindow,
    /// Map › Map Properties.
    props: PropsWindow,
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
    /// What an import merged or an export left out.
    report: ReportWindow,
    import_preview: Option<super::import_window::ImportPreview>,
    /// Patchwork's own file dialog, open, with the action waiting for its path.
    file_dialog: Option<(super::file_dialog::FileDialog, file_flow::FileAction)>,
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
            scene: SceneCache::default(),
            settings,
            config: config.config,
            dialogs: config.dialogs,
            clipboard: None,
            paste_count: 0,
            notices: Notices::default(),
            pending: None,
            recovery,
            inspector: Inspector::default(),
            typology: TypologyWindow::default(),
            find: FindWindow::default(),
            props: PropsWindow::default(),
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
            report: ReportWindow::default(),
            import_preview: None,
            file_dialog: None,
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
        self.notices.texts()
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
        self.scene.scene()
    }

    /// Applies the theme and text size from the settings, once after each change.
    fn apply_style(&mut self, ctx: &egui::Context) {
        if self.style_applied {
            return;
        }
        ctx.set_theme(if self.settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
        ctx.set_zoom_factor(self.settings.ui_scale);
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        self.style_applied = true;
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
            self.notices.error(
                "Something went wrong inside Patchwork. Your map was saved to the recovery file; \
                 save it now, and please report what you were doing.",
            );
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

    /// One frame of the editor, step by step; the order matters (panels before the canvas that
    /// takes the room left, windows over the canvas, modal questions last, the repaint check
    /// after everything that can change the map or the view).
    fn frame_ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.apply_style(&ctx);
        self.close_requested(&ctx);
        self.projector_ui(&ctx);
        if self.presentation.active {
            self.presenting_ui(ui, &ctx);
            return;
        }
        self.leave_fullscreen(&ctx);
        self.handle_shortcuts(&ctx);
        self.background_work(&ctx);
        let scene_theme = theme::scene_theme(self.settings.dark);
        self.refresh_scene(scene_theme);
        self.panels_ui(ui);
        self.canvas_panel_ui(ui, &scene_theme);
        self.windows_ui(&ctx);
        self.dialogs_ui(&ctx);
        self.update_title(&ctx);
        self.autosave(&ctx);
        // A change made this frame (an edit, a filter, a focus) shows on the next one.
        if self.scene.key().is_none_or(|k| k.is_stale_for(self.doc.revision(), &self.view)) {
            ctx.request_repaint();
        }
    }

    /// The window's close button: typed text is applied, then closing waits for "save
    /// changes?" if the map is unsaved, else the recovery file goes.
    fn close_requested(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            self.commit_open_edits();
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.pending = Some(Pending::Quit);
            } else {
                self.config.clear_recovery();
            }
        }
    }

    /// Back from presenting: the window leaves full screen.
    fn leave_fullscreen(&mut self, ctx: &egui::Context) {
        if self.fullscreen_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            self.fullscreen_sent = false;
        }
    }

    /// A running layout's progress lands in the map; frames keep coming while a layout or an
    /// analysis runs.
    fn background_work(&mut self, ctx: &egui::Context) {
        if let Some(e) = self.layout.poll(&mut self.doc) {
            self.notices.error(e);
        }
        if self.layout.is_running() || self.analysis.busy() {
            ctx.request_repaint();
        }
    }

    /// The scene for this frame: kept while nothing it is built from changed, updated in place
    /// when organisations only moved, else built again (and the open-at line with it).
    fn refresh_scene(&mut self, scene_theme: crate::scene::SceneTheme) {
        let map = self.doc.map();
        let highlight = match self.view.focus.as_ref().filter(|(id, _)| map.org(id).is_some()) {
            Some((org, steps)) => HighlightKey::Focus { org: org.clone(), steps: *steps },
            None => match (&self.analysis.highlight, self.analysis.open) {
                (Some((label, highlight)), true) => {
                    HighlightKey::Analysis { label: label.clone(), highlight: highlight.clone() }
                }
                _ => HighlightKey::None,
            },
        };
        let key = SceneKey {
            revision: self.doc.revision(),
            dark: self.settings.dark,
            filter: self.view.filter.clone(),
            open_at: self.view.open_at,
            journeys: self.view.journeys.clone(),
            size_by: if self.analysis.open { self.analysis.size_fingerprint() } else { None },
            highlight: highlight.clone(),
        };
        let (doc, view, analysis, open_at_line) = (&self.doc, &mut self.view, &self.analysis, &mut self.open_at_line);
        self.scene.scene_or_moved(key, doc, || {
            view.prune(doc.map());
            let closed = view.open_at.map(|moment| {
                let (open, line) = crate::export::open_at_summary(doc.map(), &moment, crate::hours::now_local());
                *open_at_line = Some(line);
                open.closed()
            });
            let options = SceneOptions {
                theme: scene_theme,
                size_by: if analysis.open { analysis.size_values() } else { None },
                highlight: highlight.highlight(doc.map()),
                filter: view.filter.clone(),
                closed,
                journeys: crate::scene::JourneyChoice { ids: view.journeys.clone(), steps: None },
                ..SceneOptions::default()
            };
            scene::build(doc.map(), &options)
        });
    }
}
