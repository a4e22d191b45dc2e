//! Carrying out commands: from menus, toolbar buttons and keyboard shortcuts, all through
//! [`PatchworkApp::run_command`].

use super::{PatchworkApp, Pending, QuickAdd, file_flow};
use crate::edit::clipboard::Clipboard;
use crate::model::OrgId;
use crate::ui::canvas;
use crate::ui::commands::Command;
use crate::ui::theme;

impl PatchworkApp {
    /// Runs a command from a menu, a shortcut or a toolbar button: one arm per command, the
    /// single place commands are carried out (an arm of more than a line calls a named step).
    pub fn run_command(&mut self, cmd: Command, ctx: &egui::Context) {
        if matches!(cmd, Command::Save | Command::SaveAs | Command::Export | Command::Present | Command::Projector) {
            self.commit_open_edits();
        }
        let centre = self.view.canvas_rect.center();
        match cmd {
            Command::New => self.guard(Pending::New, ctx),
            Command::Open => self.guard(Pending::Open(None), ctx),
            Command::Save => self.save(None, ctx),
            Command::SaveAs => self.ask_path(file_flow::FileAction::SaveAs { then: None }, ctx),
            Command::Import => self.ask_path(file_flow::FileAction::Import, ctx),
            Command::Export => self.export.open = true,
            Command::Quit => self.guard(Pending::Quit, ctx),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Copy | Command::Cut => self.copy_selection(cmd == Command::Cut, ctx),
            Command::Paste => self.paste_clipboard(),
            Command::Duplicate => self.duplicate_selection(),
            Command::Delete => self.delete_selection("Delete"),
            Command::SelectAll => self.select_all(),
            Command::Find => self.find.show(),
            Command::AddOrganisation => self.add_organisation(),
            Command::Connect => self.start_connect(),
            Command::ZoomFit => canvas::fit_view(&mut self.view, self.scene.scene()),
            Command::ZoomIn => self.view.zoom_around(centre, 1.25),
            Command::ZoomOut => self.view.zoom_around(centre, 0.8),
            Command::ZoomReset => self.view.zoom_around(centre, 1.0 / self.view.zoom),
            Command::ToggleSidePanel => self.view.side_panel_hidden = !self.view.side_panel_hidden,
            Command::ToggleLegend => self.toggle_legend(),
            Command::ThemeLight | Command::ThemeDark => self.set_dark(cmd == Command::ThemeDark),
            Command::UiScaleUp => self.set_ui_scale(self.settings.ui_scale + 0.125),
            Command::UiScaleDown => self.set_ui_scale(self.settings.ui_scale - 0.125),
            Command::UiScaleReset => self.set_ui_scale(1.0),
            Command::Typology => self.typology.open = true,
            Command::Layout(alg) => self.start_layout(alg),
            Command::StopLayout => self.layout.stop(),
            Command::Analysis => self.analysis.open = true,
            Command::Views => self.views.open = true,
            Command::QuickAdd => self.quick_add = Some(QuickAdd::default()),
            Command::AddNote => self.add_note(),
            Command::AddRegion => self.add_region(),
            Command::NotesAndRegions => self.notes.open = true,
            Command::Journeys => self.journeys.show(),
            Command::Present => self.present(if self.doc.map().views.is_empty() { None } else { Some(0) }),
            Command::Projector => self.toggle_projector(),
            Command::OpenAt => self.open_at.toggle(&mut self.view),
            Command::Focus => self.focus_selected(),
            Command::MapProperties => self.props.open = true,
        }
    }

    /// Edit › Undo: says what was undone.
    fn undo(&mut self) {
        match self.doc.undo() {
            Ok(Some(label)) => self.notices.info(format!("Undid: {label}")),
            Ok(None) => {}
            Err(e) => self.notices.error(e.to_string()),
        }
    }

    /// Edit › Redo: says what was redone.
    fn redo(&mut self) {
        match self.doc.redo() {
            Ok(Some(label)) => self.notices.info(format!("Redid: {label}")),
            Ok(None) => {}
            Err(e) => self.notices.error(e.to_string()),
        }
    }

    /// Copies the selection (to Patchwork's clipboard and as text to the system's), and with
    /// `cut` deletes it; successive pastes start again beside it.
    fn copy_selection(&mut self, cut: bool, ctx: &egui::Context) {
        if let Some(clip) = self.selected_clipboard() {
            ctx.copy_text(clip.to_text());
            self.clipboard = Some(clip);
            self.paste_count = 0;
            if cut {
                self.delete_selection("Cut");
            }
        }
    }

    /// Pastes what was copied, if anything.
    fn paste_clipboard(&mut self) {
        if let Some(clip) = self.clipboard.clone() {
            self.paste(&clip);
        }
    }

    /// Pastes a copy of the selection beside it, leaving the clipboard as it was.
    fn duplicate_selection(&mut self) {
        if let Some(clip) = self.selected_clipboard() {
            self.paste_count = 0;
            self.paste(&clip);
        }
    }

    /// Selects every organisation.
    fn select_all(&mut self) {
        let all: Vec<OrgId> = self.doc.map().organisations().map(|o| o.id.clone()).collect();
        self.view.select_only(all);
    }

    /// Adds "New organisation" in free space near the selection or the view's centre.
    fn add_organisation(&mut self) {
        let name = "New organisation";
        let at = crate::ui::placement::spot_for_new(self.doc.map(), self.scene.scene(), &self.view, name, 0);
        if let Err(e) = canvas::add_organisation_at(&mut self.doc, &mut self.view, at) {
            self.notices.error(e);
        }
    }

    /// Starts linking from the one selected organisation (L), or says how.
    fn start_connect(&mut self) {
        if self.view.selection.len() == 1 {
            self.view.connect_from = self.view.selection.first().cloned();
        } else {
            self.notices.info("Select one organisation, press L, then click the organisation to link it to.");
        }
    }

    /// Shows or hides the legend, and keeps the choice in the settings.
    fn toggle_legend(&mut self) {
        self.settings.show_legend = !self.settings.show_legend;
        self.persist_settings();
    }

    /// Switches to the dark or light theme, and keeps the choice in the settings.
    fn set_dark(&mut self, dark: bool) {
        self.settings.dark = dark;
        self.style_applied = false;
        self.persist_settings();
    }

    /// Sets the size of text and controls (within [`theme::UI_SCALE_RANGE`]), and keeps it in the
    /// settings.
    fn set_ui_scale(&mut self, scale: f32) {
        self.settings.ui_scale = scale.clamp(*theme::UI_SCALE_RANGE.start(), *theme::UI_SCALE_RANGE.end());
        self.style_applied = false;
        self.persist_settings();
    }

    /// Starts a layout (of the selection if the Layout menu says so); what it could not do is
    /// said in notices.
    fn start_layout(&mut self, alg: crate::layout::Algorithm) {
        let selection: std::collections::HashSet<OrgId> = self.view.selection.iter().cloned().collect();
        match self.layout.start(alg, &mut self.doc, &selection) {
            Ok(notes) => notes.into_iter().for_each(|n| self.notices.info(n)),
            Err(e) => self.notices.info(e),
        }
    }

    /// Adds a sticky note in view.
    fn add_note(&mut self) {
        if let Err(e) = self.notes.add_note(&mut self.doc, &self.view) {
            self.notices.error(e);
        }
    }

    /// Makes a region of the selection, or says why not.
    fn add_region(&mut self) {
        if let Err(e) = self.notes.add_region(&mut self.doc, &self.view) {
            self.notices.info(e);
        }
    }

    /// Presents full screen from `slide` (a saved view's index; `None`: the whole map).
    pub(super) fn present(&mut self, slide: Option<usize>) {
        self.presentation.start(slide, self.doc.map());
        self.presentation.active = true;
    }

    /// Opens or closes the projector window; opening it with no slide chosen starts at the first
    /// saved view.
    fn toggle_projector(&mut self) {
        self.presentation.projector_open = !self.presentation.projector_open;
        if self.presentation.projector_open && self.presentation.current.is_none() && !self.doc.map().views.is_empty() {
            self.presentation.start(Some(0), self.doc.map());
        }
    }

    /// Focuses on the one selected organisation (the rest fades), or says how.
    fn focus_selected(&mut self) {
        match (self.view.selection.len(), self.view.selection.first()) {
            (1, Some(id)) => self.view.focus = Some((id.clone(), 1)),
            _ => self.notices.info("Select one organisation to focus on."),
        }
    }

    /// Keyboard input outside text fields and menus: every command's shortcuts (in
    /// [`Command::SHORTCUT_ORDER`], skipping those that yield to a text field being typed in),
    /// the system's clipboard events, arrow keys to pan and Esc to stop, unfocus or cancel.
    /// Nothing while a modal question or Patchwork's file dialog is open.
    pub(super) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
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
}
