//! Patchwork's own file dialog, used when the system's is unavailable (no desktop portal and no
//! zenity, as on minimal Linux desktops and remote sessions), when the system's fails, or when the
//! user prefers it. It is a window, not a blocking call: the app keeps the action waiting for a
//! path and completes it when [`FileDialog::ui`] returns [`Outcome::Chosen`]. Everything that
//! cannot be done (an unreadable folder, no name typed, a file that would be replaced) is said in
//! the window.

use std::path::{Path, PathBuf};

/// One row of the folder listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// File or folder name.
    pub name: String,
    /// Full path.
    pub path: PathBuf,
    /// Whether it is a folder (shown first, entered on click).
    pub is_dir: bool,
}

/// Whether `path` has one of `extensions` (lower case, no dot); an empty list accepts all.
#[must_use]
pub fn has_extension(path: &Path, extensions: &[String]) -> bool {
    extensions.is_empty()
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The visible folders and the files with one of `extensions` (all files when empty) in `dir`:
/// folders first, each group sorted by name ignoring case; hidden (dot) entries left out.
///
/// # Errors
/// The folder cannot be read (missing, not a folder, no permission).
pub fn list_folder(dir: &Path, extensions: &[String]) -> std::io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for item in std::fs::read_dir(dir)? {
        let Ok(item) = item else { continue };
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = item.path();
        // Follows symbolic links, so a linked folder is entered like a folder.
        let is_dir = path.is_dir();
        if is_dir || has_extension(&path, extensions) {
            entries.push(Entry { name, path, is_dir });
        }
    }
    entries.sort_by_cached_key(|e| (!e.is_dir, e.name.to_lowercase()));
    Ok(entries)
}

/// The file a typed name saves to: relative names are taken in `dir` (an absolute path is used as
/// it is), and `extension` is added when the name has none.
///
/// # Errors
/// A message for the window: no name typed, or the folder it would go in does not exist.
pub fn save_target(dir: &Path, name: &str, extension: &str) -> Result<PathBuf, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Type a name for the file.".into());
    }
    let mut path = dir.join(name);
    if path.extension().is_none() && !extension.is_empty() {
        path.set_extension(extension);
    }
    match path.parent() {
        Some(parent) if !parent.is_dir() => Err(format!("The folder {} does not exist.", parent.display())),
        _ if path.is_dir() => Err(format!("{} is a folder: type a file name.", path.display())),
        _ => Ok(path),
    }
}

/// Places offered beside the listing: home, the map's folder, the folders of recent files; each
/// once, only folders that exist.
#[must_use]
pub fn places(home: Option<&Path>, map_dir: Option<&Path>, recent: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    let mut add = |label: String, dir: &Path| {
        if dir.is_dir() && !out.iter().any(|(_, d)| d == dir) {
            out.push((label, dir.to_path_buf()));
        }
    };
    if let Some(h) = home {
        add("Home".into(), h);
    }
    if let Some(d) = map_dir {
        add("This map's folder".into(), d);
    }
    for dir in recent.iter().filter_map(|p| p.parent()) {
        let name = dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
        add(name, dir);
    }
    out
}

/// The user's home folder, from `HOME` (`USERPROFILE` on Windows).
#[must_use]
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).map(PathBuf::from).filter(|p| p.is_dir())
}

/// What the dialog is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Choose an existing file.
    Open,
    /// Name a file to write; the extension is added to a bare name.
    Save {
        /// Extension without the dot.
        extension: String,
    },
}

/// The user's answer, once given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Outcome {
    /// Still choosing.
    #[default]
    Waiting,
    /// Closed without choosing (Cancel, Esc or ×).
    Cancelled,
    /// The file to open or write (for saving, already confirmed if it existed).
    Chosen(PathBuf),
}

/// The state of the open dialog.
#[derive(Debug)]
pub struct FileDialog {
    title: String,
    confirm: String,
    mode: Mode,
    extensions: Vec<String>,
    dir: PathBuf,
    path_text: String,
    name: String,
    entries: Vec<Entry>,
    selected: Option<PathBuf>,
    message: Option<String>,
    overwrite: Option<PathBuf>,
    places: Vec<(String, PathBuf)>,
    show_all: bool,
    focus_name: bool,
}

impl FileDialog {
    /// A dialog titled `title` whose confirm button says `confirm`, listing files with one of
    /// `extensions` in `start`; for saving, `suggested` pre-fills the name.
    #[must_use]
    pub fn new(
        title: &str,
        confirm: &str,
        mode: Mode,
        extensions: &[&str],
        start: &Path,
        suggested: &str,
        places: Vec<(String, PathBuf)>,
    ) -> Self {
        let mut d = Self {
            title: title.to_owned(),
            confirm: confirm.to_owned(),
            focus_name: matches!(mode, Mode::Save { .. }),
            mode,
            extensions: extensions.iter().map(|e| (*e).to_owned()).collect(),
            dir: PathBuf::new(),
            path_text: String::new(),
            name: suggested.to_owned(),
            entries: Vec::new(),
            selected: None,
            message: None,
            overwrite: None,
            places,
            show_all: false,
        };
        d.enter(start.to_path_buf());
        d
    }

    /// The folder listed.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn saving(&self) -> bool {
        matches!(self.mode, Mode::Save { .. })
    }

    /// Lists `dir`; an unreadable folder says why and stays shown (Up and the places still work).
    fn enter(&mut self, dir: PathBuf) {
        let extensions = if self.show_all { Vec::new() } else { self.extensions.clone() };
        self.message = None;
        self.overwrite = None;
        self.selected = None;
        match list_folder(&dir, &extensions) {
            Ok(entries) => self.entries = entries,
            Err(e) => {
                self.entries.clear();
                self.message = Some(format!("The folder {} cannot be read: {e}.", dir.display()));
            }
        }
        self.path_text = dir.display().to_string();
        self.dir = dir;
    }

    /// The path bar: a folder is entered, a file is chosen.
    fn go_to_typed(&mut self) -> Option<PathBuf> {
        let typed = PathBuf::from(self.path_text.trim());
        if typed.is_dir() {
            self.enter(typed);
            None
        } else if typed.is_file() && !self.saving() {
            Some(typed)
        } else {
            self.message = Some(format!("There is no folder {}.", typed.display()));
            None
        }
    }

    /// What confirming now would choose, or a message saying what is missing.
    fn target(&self) -> Result<PathBuf, String> {
        match &self.mode {
            Mode::Save { extension } => save_target(&self.dir, &self.name, extension),
            Mode::Open => match &self.selected {
                Some(p) if p.is_file() => Ok(p.clone()),
                Some(p) => Err(format!("{} is no longer there.", p.display())),
                None => Err("Choose a file in the list first.".into()),
            },
        }
    }

    /// Confirms: the chosen path, or a question or message in the window.
    fn confirm_now(&mut self) -> Option<PathBuf> {
        match self.target() {
            Ok(path) if self.saving() && path.exists() && self.overwrite.as_ref() != Some(&path) => {
                self.message = None;
                self.overwrite = Some(path);
                None
            }
            Ok(path) => Some(path),
            Err(m) => {
                self.message = Some(m);
                None
            }
        }
    }

    /// Shows the window; the outcome says when the user is done.
    pub fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        let mut open = true;
        let (enter, escape) = ctx.input(|i| (i.key_pressed(egui::Key::Enter), i.key_pressed(egui::Key::Escape)));
        let typing_elsewhere = ctx.text_edit_focused();
        let mut frame = Gestures { enter, ..Gestures::default() };
        crate::ui::window(ctx, &self.title)
            .id(egui::Id::unique("patchwork_file_dialog"))
            .open(&mut open)
            .collapsible(false)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .default_width(640.0)
            // Sized by its content, so the buttons are never cut off below the window's edge.
            .resizable(false)
            .show(ctx, |ui| {
                // The window reads top to bottom: path bar, places and listing, name, messages, buttons.
                self.path_bar_ui(ui, &mut frame);
                ui.separator();
                ui.horizontal_top(|ui| {
                    self.places_ui(ui, &mut frame);
                    // No separator here: a vertical one takes the window's full height.
                    ui.add_space(8.0);
                    self.listing_ui(ui, &mut frame);
                });
                ui.separator();
                self.name_ui(ui, &mut frame);
                self.messages_ui(ui, &mut frame);
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    frame.confirm |= ui.button(&self.confirm).clicked();
                    frame.cancel |= ui.button("Cancel").clicked();
                });
            });
        // Enter confirms unless it finished typing somewhere else (another window's field).
        if enter && !frame.enter_handled && !typing_elsewhere && self.overwrite.is_none() {
            frame.confirm = true;
        }
        self.finish(frame, escape, !open)
    }

    /// What the frame's gestures lead to: a folder entered, a path chosen, or a cancel.
    fn finish(&mut self, frame: Gestures, escape: bool, closed: bool) -> Outcome {
        let mut outcome = frame.outcome;
        if let Some(dir) = frame.go {
            self.enter(dir);
        }
        if frame.confirm
            && outcome == Outcome::Waiting
            && let Some(path) = self.confirm_now()
        {
            outcome = Outcome::Chosen(path);
        }
        // Esc first closes the "Replace it?" question, then the window.
        if (escape && self.overwrite.take().is_none()) || frame.cancel || closed {
            outcome = Outcome::Cancelled;
        }
        outcome
    }

    /// Up, the editable folder path and Go.
    fn path_bar_ui(&mut self, ui: &mut egui::Ui, frame: &mut Gestures) {
        ui.horizontal(|ui| {
            let up = self.dir.parent().map(Path::to_path_buf);
            if ui
                .add_enabled(up.is_some(), egui::Button::new("Up"))
                .on_hover_text("The folder this one is in")
                .clicked()
            {
                frame.go = up;
            }
            let l = ui.label("Folder");
            let r = ui
                .add(egui::TextEdit::singleline(&mut self.path_text).desired_width(480.0))
                .labelled_by(l.id)
                .on_hover_text("Type a folder and press Enter");
            let entered = r.lost_focus() && frame.enter;
            frame.enter_handled |= entered;
            if (ui.button("Go").clicked() || entered)
                && let Some(file) = self.go_to_typed()
            {
                frame.outcome = Outcome::Chosen(file);
            }
        });
    }

    /// The places column: home, the map's folder, recent folders.
    fn places_ui(&self, ui: &mut egui::Ui, frame: &mut Gestures) {
        ui.vertical(|ui| {
            ui.set_width(150.0);
            ui.set_height(240.0);
            ui.strong("Places");
            for (label, dir) in &self.places {
                if ui.selectable_label(self.dir == *dir, label).on_hover_text(dir.display().to_string()).clicked() {
                    frame.go = Some(dir.clone());
                }
            }
        });
    }

    /// The folder's subfolders and files: a click picks a file, a double click confirms it.
    fn listing_ui(&mut self, ui: &mut egui::Ui, frame: &mut Gestures) {
        ui.vertical(|ui| {
            // A fixed size: a listing that grows with the window would grow it again.
            ui.set_width(440.0);
            ui.set_height(240.0);
            egui::ScrollArea::vertical().max_height(240.0).auto_shrink([false, true]).show(ui, |ui| {
                if self.entries.is_empty() && self.message.is_none() {
                    ui.weak("No folders or matching files here.");
                }
                let mut picked = None;
                for e in &self.entries {
                    if e.is_dir {
                        let r = ui.selectable_label(false, format!("{}/", e.name)).on_hover_text("Open this folder");
                        if r.clicked() {
                            frame.go = Some(e.path.clone());
                        }
                        continue;
                    }
                    let r = ui.selectable_label(self.selected.as_ref() == Some(&e.path), &e.name);
                    if r.clicked() || r.double_clicked() {
                        picked = Some((e.path.clone(), e.name.clone()));
                    }
                    frame.confirm |= r.double_clicked();
                }
                if let Some((path, name)) = picked {
                    self.selected = Some(path);
                    self.name = name;
                    self.overwrite = None;
                    self.message = None;
                }
            });
        });
    }

    /// The file name field when saving, else the file chosen; the "show all files" tick.
    fn name_ui(&mut self, ui: &mut egui::Ui, frame: &mut Gestures) {
        if self.saving() {
            ui.horizontal(|ui| {
                let l = ui.label("File name");
                let r =
                    ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY)).labelled_by(l.id);
                if self.focus_name {
                    r.request_focus();
                    self.focus_name = false;
                }
                if r.changed() {
                    self.overwrite = None;
                }
                let entered = r.lost_focus() && frame.enter;
                frame.enter_handled |= entered;
                frame.confirm |= entered;
            });
        } else if let Some(p) = &self.selected {
            ui.label(format!("Chosen: {}", p.display()));
        }
        let filter = if self.extensions.is_empty() {
            "all files".to_owned()
        } else {
            self.extensions.iter().map(|e| format!("*.{e}")).collect::<Vec<_>>().join(", ")
        };
        if ui.checkbox(&mut self.show_all, format!("Show all files (not only {filter})")).changed() {
            frame.go = Some(self.dir.clone());
        }
    }

    /// What went wrong, and the "Replace it?" question for a file that exists.
    fn messages_ui(&mut self, ui: &mut egui::Ui, frame: &mut Gestures) {
        if let Some(m) = &self.message {
            ui.colored_label(super::theme::ERROR, m);
        }
        let Some(p) = self.overwrite.clone() else { return };
        let name = p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into());
        ui.colored_label(super::theme::ERROR, format!("“{name}” already exists. Replace it?"));
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                frame.outcome = Outcome::Chosen(p.clone());
            }
            if ui.button("Keep it").clicked() {
                self.overwrite = None;
            }
        });
    }
}

/// What the user did in one frame of the dialog, gathered by its parts and acted on at the end.
#[derive(Default)]
struct Gestures {
    /// Enter was pressed this frame.
    enter: bool,
    /// A field used the Enter itself (it does not also confirm).
    enter_handled: bool,
    /// A folder to show next.
    go: Option<PathBuf>,
    /// Confirm (Save / Open) was asked for.
    confirm: bool,
    /// Cancel was pressed.
    cancel: bool,
    /// Already decided (a typed file path, Replace).
    outcome: Outcome,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_folders_first_and_only_matching_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        std::fs::create_dir(dir.path().join(".hidden")).unwrap();
        for f in ["b.json", "A.JSON", "notes.txt", ".secret.json"] {
            std::fs::write(dir.path().join(f), b"{}").unwrap();
        }
        let names = |exts: &[String]| -> Vec<String> {
            list_folder(dir.path(), exts).unwrap().into_iter().map(|e| e.name).collect()
        };
        assert_eq!(names(&["json".into()]), ["zeta", "A.JSON", "b.json"]);
        assert_eq!(names(&[]), ["zeta", "A.JSON", "b.json", "notes.txt"]);
        assert!(list_folder(&dir.path().join("missing"), &[]).is_err());
    }

    #[test]
    fn a_typed_name_gets_the_extension_and_a_real_folder() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(save_target(d, " town ", "json").unwrap(), d.join("town.json"));
        assert_eq!(save_target(d, "town.map.json", "json").unwrap(), d.join("town.map.json"));
        assert_eq!(save_target(d, "figure.svg", "png").unwrap(), d.join("figure.svg"));
        assert!(save_target(d, "  ", "json").unwrap_err().contains("Type a name"));
        assert!(save_target(d, "nowhere/town", "json").unwrap_err().contains("does not exist"));
        std::fs::create_dir(d.join("sub.json")).unwrap();
        assert!(save_target(d, "sub.json", "json").unwrap_err().contains("is a folder"));
    }

    #[test]
    fn places_are_unique_existing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let recent = [d.join("a.json"), d.join("b.json"), PathBuf::from("/no/such/folder/c.json")];
        let p = places(Some(d), Some(d), &recent);
        assert_eq!(p, vec![("Home".to_owned(), d.to_path_buf())]);
    }
}
