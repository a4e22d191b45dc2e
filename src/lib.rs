//! Patchwork: draw and analyse typology maps of crisis support, offline.
//!
//! The module map (each may call those below it, never sideways or up):
//!
//! ```text
//! ui (egui windows, canvas, presentation)      cli (headless commands)
//!   │                                            │
//!   ├── edit (Edit, History: the only way to change a map, with undo)
//!   ├── versions (diff of two versions, three-way merge of two copies: on the file's document)
//!   ├── import (readers → records; `types` matches type names; `merge` makes one edit)
//!   ├── export (data files; figures drawn from the scene as SVG → PNG/PDF)
//!   ├── layout, analysis (functions of a map: positions, metrics)
//!   ├── scene (what is drawn and how it looks: markers, labels, legend, free spots)
//!   ├── io (the JSON map file, atomic saves)
//!   └── model (Map, Typology, ids and invariants: pure data)
//! ```
//!
//! Where to change: a new import format is a reader in [`import`] producing
//! [`import::Imported`] records (the merge, type matching and report are shared); a new export
//! format is an arm of [`export::export`]; a link's look is the scene's; a new id-keyed collection
//! in the map file is one line in [`versions::COLLECTIONS`] (diff and merge then cover it).
//! [`convert`], [`fonts`] and [`generate`] are small helpers (unit conversion, the bundled font,
//! generated maps for benchmarks). See also `../shared/design.md` and the README's Development section.

pub mod analysis;
pub mod cli;
pub mod convert;
pub mod edit;
pub mod export;
pub mod fonts;
pub mod generate;
pub mod import;
pub mod io;
pub mod layout;
pub mod model;
pub mod scene;
pub mod ui;
pub mod versions;

/// Threads worth starting for parallel work (the machine's cores, at most 8). Asked of the OS
/// once: on Linux the answer comes from reading cgroup files, which is not for every frame.
#[must_use]
pub fn worker_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).clamp(1, 8))
}

/// Patchwork's version (from Cargo.toml), shown by `--version` and Help › About.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// "Patchwork 0.1.0": what exported files name as the program that wrote them. The version only,
/// never a date, so the same map still exports to the same bytes.
pub const CREATOR: &str = concat!("Patchwork ", env!("CARGO_PKG_VERSION"));

/// The bundled example map (a fictional town), embedded so it opens from any folder.
pub const EXAMPLE_MAP_JSON: &[u8] = include_bytes!("../assets/examples/anytown.json");

/// The name the example map is shown under.
pub const EXAMPLE_MAP_NAME: &str = "anytown.json";

/// The bundled example map, parsed.
pub fn example_map() -> Result<model::Map, io::LoadError> {
    io::map_from_bytes(std::path::Path::new(EXAMPLE_MAP_NAME), EXAMPLE_MAP_JSON)
}
