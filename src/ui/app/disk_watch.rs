//! Never save over someone else's work: the open file's state on disk is remembered when it is
//! opened or saved and checked once a second (and before every save). When someone else changed
//! it (a colleague on a shared drive, a sync folder, a git pull), a window says so and offers a
//! three-way merge (the version opened as the base), reload, save as a new file, or overwrite.

use super::PatchworkApp;
use crate::model::Map;
use crate::ui::merge_window::MergeWindow;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// How often the open file is looked at.
pub const DISK_CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// What the file looked like: cheap metadata, and a hash of its bytes to tell a real change from
/// a touch.
#[derive(Debug, Clone, PartialEq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    hash: u64,
}

impl Stamp {
    /// The file's state now; `None` if it cannot be read.
    fn read(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        let bytes = std::fs::read(path).ok()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        Some(Self { modified: meta.modified().ok(), len: meta.len(), hash: h.finish() })
    }

    /// Whether the file's size and modification time are still these (no need to hash it).
    fn same_metadata(&self, path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.len() == self.len && m.modified().ok() == self.modified)
    }
}

/// The open file as last opened or saved by this window.
#[derive(Default)]
pub(super) struct DiskWatch {
    /// The file, its state then, and the map it held (a merge's base).
    known: Option<(PathBuf, Stamp, Box<Map>)>,
    last_check: Option<Instant>,
    /// The file changed on disk and the window saying so is open.
    pub(super) prompt: bool,
    /// The state the user last said "not now" to (not asked again until it changes again).
    dismissed: Option<Stamp>,
}

impl DiskWatch {
    /// Remembers `path` as holding `map` now (just opened or saved).
    pub(super) fn remember(&mut self, path: &Path, map: &Map) {
        self.known = Stamp::read(path).map(|s| (path.to_path_buf(), s, Box::new(map.clone())));
        self.prompt = false;
        self.dismissed = None;
    }

    /// Forgets the file (a new map, the example).
    pub(super) fn forget(&mut self) {
        *self = Self::default();
    }

    /// Whether `path` is the watched file and someone else changed it since.
    pub(super) fn changed(&self, path: &Path) -> bool {
        match &self.known {
            Some((p, stamp, _)) if p == path => {
                !stamp.same_metadata(path) && Stamp::read(path).is_some_and(|now| now.hash != stamp.hash)
            }
            _ => false,
        }
    }

    /// Checks at most once a second; true when the change should be shown now.
    fn poll(&mut self) -> bool {
        if self.prompt || self.last_check.is_some_and(|t| t.elapsed() < DISK_CHECK_INTERVAL) {
            return false;
        }
        self.last_check = Some(Instant::now());
        let Some((path, stamp, _)) = &self.known else { return false };
        if stamp.same_metadata(path) || self.dismissed.as_ref().is_some_and(|d| d.same_metadata(path)) {
            return false;
        }
        match Stamp::read(path) {
            Some(now) if now.hash == stamp.hash => {
                // Touched, not changed: remember the new metadata.
                if let Some(k) = &mut self.known {
                    k.1 = now;
                }
                false
            }
            Some(_) => true,
            // Gone or unreadable (mid-rename by a sync tool): look again next time.
            None => false,
        }
    }
}

impl PatchworkApp {
    /// Once a second: has the open file changed on disk? Then say so.
    pub(super) fn disk_watch_ui(&mut self, ctx: &egui::Context) {
        if self.disk.known.is_some() {
            if self.disk.poll() {
                self.disk.prompt = true;
            }
            ctx.request_repaint_after(DISK_CHECK_INTERVAL);
        }
        if !self.disk.prompt {
            return;
        }
        let Some(path) = self.disk.known.as_ref().map(|k| k.0.clone()) else { return };
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let mut choice = None;
        crate::ui::window(ctx, "File changed on disk")
            .id(egui::Id::unique("file changed on disk"))
            .collapsible(false)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .show(ctx, |ui| {
                ui.label(format!(
                    "“{name}” was changed on disk by someone else since you opened or saved it. Saving now would \
                     overwrite their changes."
                ));
                ui.horizontal_wrapped(|ui| {
                    for (label, tip, n) in [
                        ("Merge…", "Combine their changes with yours (the version you opened is the common base)", 0),
                        ("Reload", "Open their version; your unsaved changes are dropped", 1),
                        ("Save As…", "Keep both: save your version as a new file", 2),
                        ("Overwrite", "Replace their version with yours", 3),
                        ("Not Now", "Keep working; saving will ask again", 4),
                    ] {
                        if ui.button(label).on_hover_text(tip).clicked() {
                            choice = Some(n);
                        }
                    }
                });
            });
        match choice {
            Some(0) => self.merge_from_disk(&path, &name),
            Some(1) => {
                self.disk.prompt = false;
                self.open_path(&path);
            }
            Some(2) => {
                self.disk.prompt = false;
                self.ask_path(super::file_flow::FileAction::SaveAs { then: None }, ctx);
            }
            Some(3) => {
                self.disk.prompt = false;
                self.write_map(&path);
            }
            Some(_) => {
                self.disk.prompt = false;
                self.disk.dismissed = Stamp::read(&path);
            }
            None => {}
        }
    }

    /// Opens the merge of the file's version on disk into the open map.
    fn merge_from_disk(&mut self, path: &Path, name: &str) {
        self.disk.prompt = false;
        match crate::io::load_map(path) {
            Ok(theirs) => {
                let base = self.disk.known.as_ref().map_or_else(|| theirs.clone(), |k| (*k.2).clone());
                self.merge = Some(MergeWindow::new(base, self.doc.map(), theirs, format!("{name} (on disk)"), true));
            }
            Err(e) => self.notices.error(format!("Could not read the version on disk. {e}")),
        }
    }

    /// After a merge with the version on disk: that version is the one this window now knows.
    pub(super) fn merged_from_disk(&mut self, theirs: &Map) {
        if let Some((path, _, _)) = &self.disk.known {
            let path = path.clone();
            self.disk.remember(&path, theirs);
        }
    }
}
