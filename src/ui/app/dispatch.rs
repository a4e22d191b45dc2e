//! Carrying out commands: from menus, toolbar buttons and keyboard shortcuts, all through
//! [`PatchworkApp::run_command`].

use super::{PatchworkApp, Pending, QuickAdd, file_flow};
use crate::edit::clipboard::Clipboard;
use crate::model::OrgId;
use crate::ui::canvas;
use crate::ui::commands::Command;
use crate::ui::theme;

impl PatchworkApp {
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
                Ok(Some(label)) => self.notices.info(format!("Undid: {label}")),
                Ok(None) => {}
                Err(e) => self.notices.error(e.to_string()),
            },
            Command::Redo => match self.doc.redo() {
                Ok(Some(label)) => self.notices.info(format!("Redid: {label}")),
                Ok(None) => {}
                Err(e) => self.notices.error(e.to_string()),
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
                let at = crate::ui::placement::spot_for_new(self.doc.map(), self.scene.scene(), &self.view, name, 0);
                if let Err(e) = canvas::add_organisation_at(&mut self.doc, &mut self.view, at) {
                    self.notices.error(e);
                }
            }
            Command::Connect => {
                if self.view.selection.len() == 1 {
                    self.view.connect_from = self.view.selection.first().cloned();
                } else {
                    self.notices.info("Select one organisation, press L, then click the organisation to link it to.");
                }
            }
            Command::ZoomFit => canvas::fit_view(&mut self.view, self.scene.scene()),
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
                    Ok(notes) => notes.into_iter().for_each(|n| self.notices.info(n)),
                    Err(e) => self.notices.info(e),
                }
            }
            Command::StopLayout => self.layout.stop(),
            Command::Analysis => self.analysis.open = true,
            Command::Views => self.views.open = true,
            Command::QuickAdd => self.quick_add = Some(QuickAdd::default()),
            Command::AddNote => {
                if let Err(e) = self.notes.add_note(&mut self.doc, &self.view) {
                    self.notices.error(e);
                }
            }
            Command::AddRegion => {
                if let Err(e) = self.notes.add_region(&mut self.doc, &self.view) {
                    self.notices.info(e);
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
                _ => self.notices.info("Select one organisation to focus on."),
            },
            Command::MapProperties => self.props_open = true,
        }
    }

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
