//! Help › About: the version, the licence, and where Patchwork keeps its files on this machine.

use super::files::ConfigDir;

/// The About window.
#[derive(Debug, Default)]
pub struct AboutWindow {
    /// Whether it is shown.
    pub open: bool,
}

/// What About says, as lines of text (for the window and for tests).
#[must_use]
pub fn about_lines(config: &ConfigDir) -> Vec<String> {
    let at = |name: &str| {
        config
            .0
            .as_ref()
            .map_or_else(|| "not kept (no config folder)".to_owned(), |d| d.join(name).display().to_string())
    };
    vec![
        format!("Version {}", crate::VERSION),
        "Licence: MIT OR Apache-2.0".to_owned(),
        "Patchwork never uses the network: your maps stay on this machine.".to_owned(),
        format!("Settings: {}", at("settings.json")),
        format!(
            "Recovery file (unsaved work, every {} s): {}",
            super::AUTOSAVE_INTERVAL.as_secs(),
            at("recovery.json")
        ),
    ]
}

impl AboutWindow {
    /// The Help menu of the menu bar.
    pub fn menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("Help", |ui| {
            if ui.button("About Patchwork").clicked() {
                self.open = true;
                ui.close();
            }
        });
    }

    /// Shows the window while it is open.
    pub fn ui(&mut self, ctx: &egui::Context, config: &ConfigDir) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        crate::ui::small_dialog(ctx, "About Patchwork").open(&mut open).show(ctx, |ui| {
            ui.heading("Patchwork");
            ui.label("Typology maps of crisis support, offline.");
            ui.separator();
            for line in about_lines(config) {
                ui.label(line);
            }
            if let Some(dir) = &config.0
                && ui.button("Copy folder path").clicked()
            {
                ui.ctx().copy_text(dir.display().to_string());
            }
        });
        self.open = open;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_names_the_files_the_config_folder_really_writes() {
        let dir = tempfile::tempdir().unwrap();
        let config = ConfigDir(Some(dir.path().join("cfg")));
        config.save_settings(&super::super::files::Settings::default()).unwrap();
        config.write_recovery(&crate::example_map().unwrap(), None).unwrap();
        let lines = about_lines(&config);
        assert!(lines[0].contains(env!("CARGO_PKG_VERSION")));
        assert!(lines.iter().any(|l| l.contains("MIT OR Apache-2.0")));
        for (label, name) in [("Settings: ", "settings.json"), ("Recovery file", "recovery.json")] {
            let line = lines.iter().find(|l| l.starts_with(label)).unwrap();
            let shown = line.rsplit(": ").next().unwrap();
            assert!(std::path::Path::new(shown).is_file(), "{shown} is not where {name} was written");
        }
    }
}
