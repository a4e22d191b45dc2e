//! Atomic file writes: a temp file beside the target, fsync, rename. The target is always either
//! the old complete file or the new complete file, never a mix, whatever happens mid-save.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A failed write, naming the file.
#[derive(Debug, thiserror::Error)]
#[error("could not save {}: {source}", path.display())]
pub struct WriteError {
    /// The file being written.
    pub path: PathBuf,
    /// What the operating system said.
    #[source]
    pub source: std::io::Error,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The backup kept beside a saved file: `NAME.json` → `NAME.json.bak`.
#[must_use]
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

fn temp_beside(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{tag}-{}-{n}", std::process::id()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn sync_dir(path: &Path) {
    // Makes the rename durable. Some filesystems refuse to open directories; the rename has
    // happened either way, so a failure here is not an error for the user.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// Writes `bytes` to `path` atomically. With `keep_backup`, the previous file (if any) is first
/// copied to `NAME.bak`, itself atomically.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), WriteError> {
    let err = |source| WriteError { path: path.to_path_buf(), source };
    let tmp = temp_beside(path, "tmp");
    if let Err(e) = write_synced(&tmp, bytes) {
        let _ = fs::remove_file(&tmp);
        return Err(err(e));
    }
    if keep_backup && path.is_file() {
        let bak_tmp = temp_beside(path, "bak");
        let backed_up = fs::read(path)
            .and_then(|old| write_synced(&bak_tmp, &old))
            .and_then(|()| fs::rename(&bak_tmp, backup_path(path)));
        if let Err(e) = backed_up {
            let _ = fs::remove_file(&bak_tmp);
            let _ = fs::remove_file(&tmp);
            return Err(err(e));
        }
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(err(e));
    }
    sync_dir(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        write_atomic(&path, b"one", true).unwrap();
        assert!(!backup_path(&path).exists());
        write_atomic(&path, b"two", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        // No temp files left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn missing_folder_is_a_clear_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("m.json");
        let e = write_atomic(&path, b"x", true).unwrap_err();
        assert!(e.to_string().starts_with("could not save "), "{e}");
        assert!(e.to_string().contains("m.json"));
    }
}
