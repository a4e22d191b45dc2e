//! The menu bar and the toolbar: every entry runs a [`Command`] through
//! [`PatchworkApp::run_command`], enabled when it can run and ticked when it toggles something.

use super::{PatchworkApp, Pending, file_flow};
use crate::ui::canvas;
use crate::ui::commands::Command;

impl PatchworkApp {
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

    /// The menu bar: one menu after another, each built by its own function.
    pub(super) fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
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

    /// File: new, open (and recent), save, import, export, compare, merge, the own-dialog
    /// setting and quit.
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

    /// Edit: undo and redo (naming the step), clipboard, delete, select all, find.
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
        ui.separator();
        Self::preferences_menu_ui(ui);
    }

    /// View: zoom, legend, side panel, theme and text size.
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

    /// Layout: each algorithm, "only selected", stop, and analysis.
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

    /// Workshop: quick add, notes and regions, journeys, views, focus, open at, presenting.
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

    /// Map: add and link organisations, typology, map properties.
    fn map_menu_ui(&mut self, ui: &mut egui::Ui) {
        self.menu_item(ui, Command::AddOrganisation, None);
        self.menu_item(ui, Command::Connect, None);
        ui.separator();
        self.menu_item(ui, Command::Typology, None);
        self.menu_item(ui, Command::MapProperties, None);
    }

    /// The toolbar: type of new organisations, Add, pan tool, zoom to fit, legend.
    pub(super) fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let typology = self.doc.map().typology().clone();
            let label = ui.label("New organisations:");
            let shown = typology.org_type(&self.view.new_org_type).map_or("—", |t| t.name.as_str());
            let choices = crate::ui::inspector::org_type_choices(&typology);
            let name = "Type of new organisations";
            crate::ui::fields::filtered_combo(ui, "new_org_type", name, &mut self.view.new_org_type, shown, &choices)
                .labelled_by(label.id);
            if ui.button("Add").on_hover_text(Command::AddOrganisation.tooltip()).clicked() {
                let ctx = ui.ctx().clone();
                self.run_command(Command::AddOrganisation, &ctx);
            }
            ui.separator();
            ui.toggle_value(&mut self.view.pan_tool, "Pan tool")
                .on_hover_text("Left-drag on the background pans instead of selecting (Space+drag always pans)");
            if ui.button("Zoom to fit").on_hover_text(Command::ZoomFit.tooltip()).clicked() {
                canvas::fit_view(&mut self.view, self.scene.scene());
            }
            let mut legend = self.settings.show_legend;
            if ui.toggle_value(&mut legend, "Legend").on_hover_text(Command::ToggleLegend.tooltip()).changed() {
                let ctx = ui.ctx().clone();
                self.run_command(Command::ToggleLegend, &ctx);
            }
        });
    }
}
