//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod edits;

use std::path::{Path, PathBuf};

/// The `patchwork` binary cargo built for this test run, as a command to give arguments to.
pub fn patchwork() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("patchwork").unwrap()
}

/// The bundled example map's path in the source tree.
pub fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/anytown.json")
}

/// The example map as a JSON value, for making broken variants.
pub fn example_value() -> serde_json::Value {
    serde_json::from_slice(patchwork::EXAMPLE_MAP_JSON).unwrap()
}

/// Writes `bytes` to `name` in `dir` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}
