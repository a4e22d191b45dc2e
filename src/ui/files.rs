//! File dialogs (behind a trait so tests supply paths), settings (recent files, theme, UI scale)
//! and the autosave recovery file.

use crate::io::{self, write_atomic};
use crate::model::Map;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Asks the user for files. The app holds a `Box<dyn FileDialogs>`; the real one uses rfd, tests
/// use a fake that returns prepared paths. When [`FileDialogs::available`] says no (before a pick,
/// or after a pick returned `None`), the app uses its own dialog (`file_dialog`) instead.
pub trait FileDialogs {
    /// Whether these dialogs can be shown at all. Asked before each pick and again after a pick
    /// returned `None`: false then means the `None` was a failure, not the user cancelling.
    fn available(&mut self) -> bool {
        true
    }
    /// A map file to open, or `None` if the user cancelled.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// Where to save, or `None` if the user cancelled. `suggested` is a file name.
    fn pick_save(&mut self, suggested: &str) -> Option<PathBuf>;
    /// A file to import (CSV, XLSX, GraphML, GEXF, Kumu JSON).
    fn pick_import(&mut self) -> Option<PathBuf> {
        self.pick_open()
    }
    /// Where to export; `suggested` carries the format's extension.
    fn pick_export(&mut self, suggested: &str) -> Option<PathBuf> {
        self.pick_save(suggested)
    }
}

/// A native dialog answering `None` faster than this did not show: nobody cancels a dialog in
/// a tenth of a second, but rfd returns at once when neither a portal nor zenity could start.
const NATIVE_FAILED_UNDER: Duration = Duration::from_millis(100);

/// The system's file dialogs (via rfd: the XDG portal, zenity, or the platform's own).
///
/// On Linux and the BSDs it is available when zenity is on `PATH` or a desktop portal with a
/// file chooser is installed ([`native_dialog_present`]); once a pick comes back empty faster
/// than a person could cancel, it counts as unavailable for the rest of the session.
#[derive(Debug, Default)]
pub struct NativeDialogs {
    failed: bool,
    probed: Option<bool>,
}

impl NativeDialogs {
    fn timed(&mut self, pick: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
        let started = Instant::now();
        let picked = pick();
        if picked.is_none() && started.elapsed() < NATIVE_FAILED_UNDER {
            self.failed = true;
        }
        picked
    }
}

impl FileDialogs for NativeDialogs {
    fn available(&mut self) -> bool {
        !self.failed && *self.probed.get_or_insert_with(native_dialog_present)
    }

    fn pick_open(&mut self) -> Option<PathBuf> {
        self.timed(|| rfd::FileDialog::new().set_title("Open map").add_filter("Patchwork map", &["json"]).pick_file())
    }

    fn pick_save(&mut self, suggested: &str) -> Option<PathBuf> {
        let path = self.timed(|| {
            rfd::FileDialog::new()
                .set_title("Save map")
                .add_filter("Patchwork map", &["json"])
                .set_file_name(suggested)
                .save_file()
        })?;
        // Add the extension if the user typed a bare name, so the file opens again with a filter.
        Some(if path.extension().is_none() { path.with_extension("json") } else { path })
    }

    fn pick_import(&mut self) -> Option<PathBuf> {
        self.timed(|| {
            rfd::FileDialog::new()
                .set_title("Import")
                .add_filter("Spreadsheets and networks", &IMPORT_EXTENSIONS)
                .pick_file()
        })
    }

    fn pick_export(&mut self, suggested: &str) -> Option<PathBuf> {
        self.timed(|| rfd::FileDialog::new().set_title("Export").set_file_name(suggested).save_file())
    }
}

/// The extensions File › Import reads.
pub const IMPORT_EXTENSIONS: [&str; 6] = ["csv", "tsv", "xlsx", "graphml", "gexf", "json"];

/// Whether rfd can show a dialog here. Windows and macOS always have one. Elsewhere rfd asks the
/// XDG desktop portal and falls back to zenity: so zenity on `PATH`, or an installed portal
/// (its D-Bus service file) with a backend declaring the FileChooser interface, and a session
/// bus to reach it.
#[must_use]
pub fn native_dialog_present() -> bool {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return true;
    }
    let on_path = |program: &str| {
        std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
    };
    if on_path("zenity") {
        return true;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    let data_dirs: Vec<PathBuf> = std::env::var_os("XDG_DATA_DIRS")
        .map(|v| std::env::split_paths(&v).collect())
        .filter(|v: &Vec<PathBuf>| !v.is_empty())
        .unwrap_or_else(|| vec![PathBuf::from("/usr/local/share"), PathBuf::from("/usr/share")]);
    let portal = data_dirs.iter().any(|d| d.join("dbus-1/services/org.freedesktop.portal.Desktop.service").is_file());
    let chooser = data_dirs.iter().any(|d| {
        std::fs::read_dir(d.join("xdg-desktop-portal/portals")).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                std::fs::read_to_string(e.path()).is_ok_and(|s| s.contains("org.freedesktop.impl.portal.FileChooser"))
            })
        })
    });
    bus && portal && chooser
}

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 10;

/// Preferences kept between runs (not in the map: they are the user's, not the map's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Most recently opened or saved maps, newest first.
    pub recent: Vec<PathBuf>,
    /// Dark theme.
    pub dark: bool,
    /// UI scale factor.
    pub ui_scale: f32,
    /// Open the last map on start instead of the example.
    pub reopen_last: bool,
    /// Show the legend on the canvas.
    pub show_legend: bool,
    /// Use Patchwork's own file dialog even where the system's is available.
    pub own_file_dialog: bool,
    /// The user's name, stamped on the organisations and links they change (empty: nothing is
    /// recorded). See [`crate::edit::Document::set_author`].
    pub author: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            dark: false,
            ui_scale: 1.0,
            reopen_last: false,
            show_legend: true,
            own_file_dialog: false,
            author: String::new(),
        }
    }
}

impl Settings {
    /// Puts `path` first in the recent list.
    pub fn add_recent(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

/// Where settings and the recovery file live; `None` keeps everything in memory (tests).
#[derive(Debug, Clone, Default)]
pub struct ConfigDir(pub Option<PathBuf>);

impl ConfigDir {
    /// `$XDG_CONFIG_HOME/patchwork`, else the platform's folder: `~/.config/patchwork` on Linux,
    /// `%APPDATA%\patchwork` on Windows, `~/Library/Application Support/patchwork` on macOS.
    #[must_use]
    pub fn system() -> Self {
        let home_config = if cfg!(target_os = "macos") { "Library/Application Support" } else { ".config" };
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(home_config)));
        Self(base.map(|b| b.join("patchwork")))
    }

    fn file(&self, name: &str) -> Option<PathBuf> {
        self.0.as_ref().map(|d| d.join(name))
    }

    /// Reads settings; missing or unreadable settings give the defaults.
    #[must_use]
    pub fn load_settings(&self) -> Settings {
        self.file("settings.json")
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes settings atomically.
    pub fn save_settings(&self, settings: &Settings) -> Result<(), io::WriteError> {
        let Some(path) = self.file("settings.json") else { return Ok(()) };
        ensure_parent(&path)?;
        let bytes = serde_json::to_vec_pretty(settings).unwrap_or_default();
        write_atomic(&path, &bytes, false)
    }

    /// Writes the recovery copy of an unsaved map, with the file it belongs to.
    pub fn write_recovery(&self, map: &Map, source: Option<&Path>) -> Result<(), io::WriteError> {
        let (Some(map_path), Some(source_path)) = (self.file("recovery.json"), self.file("recovery-source.txt")) else {
            return Ok(());
        };
        ensure_parent(&map_path)?;
        let source = source.map(|p| p.display().to_string()).unwrap_or_default();
        write_atomic(&source_path, source.as_bytes(), false)?;
        write_atomic(&map_path, &io::map_to_bytes(map), false)
    }

    /// The recovery copy left by a session that did not end cleanly: the map and its file.
    #[must_use]
    pub fn read_recovery(&self) -> Option<(Map, Option<PathBuf>)> {
        let map_path = self.file("recovery.json")?;
        if !map_path.is_file() {
            return None;
        }
        let map = io::load_map(&map_path).ok()?;
        let source = self
            .file("recovery-source.txt")
            .and_then(|p| std::fs::read_to_string(p).ok())
            .filter(|s| !s.trim().is_empty())
            .map(PathBuf::from);
        Some((map, source))
    }

    /// When the recovery copy was last written (its file's modification time).
    #[must_use]
    pub fn recovery_saved_at(&self) -> Option<std::time::SystemTime> {
        std::fs::metadata(self.file("recovery.json")?).and_then(|m| m.modified()).ok()
    }

    /// Forgets the recovery copy (after a save, or when the user discards it).
    pub fn clear_recovery(&self) {
        for name in ["recovery.json", "recovery-source.txt"] {
            if let Some(p) = self.file(name) {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

fn ensure_parent(path: &Path) -> Result<(), io::WriteError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| io::WriteError { path: path.to_path_buf(), source })?;
    }
    Ok(())
}

/// What the recovery prompt says: which map the autosaved copy is of (`recovered`: its title and
/// file), when it was saved, and what recovering does to the map open now (`open`).
#[must_use]
pub fn recovery_lines(
    recovered: (&str, Option<&Path>),
    age: Option<Duration>,
    open: (&str, Option<&Path>),
) -> Vec<String> {
    let (title, source) = recovered;
    let when = age.map_or_else(String::new, |a| format!(", autosaved {}", age_in_words(a)));
    let mut lines = vec![format!("Patchwork closed without saving changes to “{title}”{when}.")];
    lines.push(match source {
        Some(p) => format!("Its file: {}", p.display()),
        None => "It is a new map that was never saved to a file.".to_owned(),
    });
    match (open.1, source) {
        (Some(open_path), Some(p)) if open_path == p => lines
            .push(format!("Recover replaces “{}”, just opened from that file, with the autosaved changes.", open.0)),
        (Some(open_path), _) => lines.push(format!(
            "Recover opens it as its own document in place of “{}” ({}), which stays as it is on \
             disk and in File › Open Recent. Discard deletes the autosaved copy.",
            open.0,
            open_path.display()
        )),
        (None, _) => lines.push("Discard deletes the autosaved copy.".to_owned()),
    }
    lines
}

/// How long ago something happened, for people: "just now", "5 minutes ago", "2 hours ago",
/// "3 days ago".
#[must_use]
pub fn age_in_words(age: std::time::Duration) -> String {
    let secs = age.as_secs();
    let (n, unit) = match secs {
        0..60 => return "just now".to_owned(),
        60..3600 => (secs / 60, "minute"),
        3600..86_400 => (secs / 3600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    format!("{} ago", super::plural(usize::try_from(n).unwrap_or(usize::MAX), unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_told_in_words() {
        use std::time::Duration;
        assert_eq!(age_in_words(Duration::from_secs(5)), "just now");
        assert_eq!(age_in_words(Duration::from_mins(1)), "1 minute ago");
        assert_eq!(age_in_words(Duration::from_secs(7 * 60 + 30)), "7 minutes ago");
        assert_eq!(age_in_words(Duration::from_hours(2)), "2 hours ago");
        assert_eq!(age_in_words(Duration::from_hours(72)), "3 days ago");
    }

    #[test]
    fn settings_and_recovery_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let config = ConfigDir(Some(dir.path().join("cfg")));
        assert_eq!(config.load_settings(), Settings::default());
        let mut s = Settings::default();
        s.add_recent(Path::new("/tmp/a.json"));
        s.add_recent(Path::new("/tmp/b.json"));
        s.add_recent(Path::new("/tmp/a.json"));
        assert_eq!(s.recent.len(), 2);
        config.save_settings(&s).unwrap();
        assert_eq!(config.load_settings(), s);

        assert!(config.read_recovery().is_none());
        let map = Map::new();
        config.write_recovery(&map, Some(Path::new("/tmp/town.json"))).unwrap();
        assert!(config.recovery_saved_at().unwrap().elapsed().unwrap().as_secs() < 60);
        let (back, source) = config.read_recovery().unwrap();
        assert_eq!(back, map);
        assert_eq!(source, Some(PathBuf::from("/tmp/town.json")));
        config.clear_recovery();
        assert!(config.read_recovery().is_none());
    }
}
