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
//! Beside the layers, used by any of them: [`formats`] (what readers and writers of other
//! tools' files agree on: CSV cell safety, table file names, GraphML key names), [`random`] (the
//! seeded random source of layouts and generated maps), [`convert`] (unit conversion), [`fonts`]
//! (the bundled font and text widths) and [`generate`] (generated maps for benchmarks).
//!
//! Where to change:
//! - **A link's or organisation's look** (colours, strokes, dashes, label sizes, legend): the
//!   scene ([`scene`]); the canvas and every figure draw what it says.
//! - **A new import format**: a reader in [`import`] producing [`import::Imported`] records; the
//!   merge, type matching and report are shared.
//! - **A new export format**: an arm of [`export::export`] and its [`export::Format`].
//! - **A new id-keyed collection in the map file**: one line in [`versions::COLLECTIONS`]
//!   (diff and merge then cover it).
//! - **A new field kind**: [`model::FieldKind`] and its `ALL` list; the compiler then names every
//!   place that must handle it (the value check in `model::typology`, the importers' cell reader
//!   in `import::merge`, the GraphML/GEXF attribute type in `export::xml`, the editor in
//!   `ui::fields`), because none of those matches has a wildcard arm.
//!
//! See also the README's Development section.

pub mod analysis;
pub mod cli;
pub mod convert;
pub mod edit;
pub mod export;
pub mod fonts;
pub mod formats;
pub mod generate;
pub mod hours;
pub mod import;
pub mod io;
pub mod layout;
pub mod model;
pub mod random;
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
