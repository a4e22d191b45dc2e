//! What the readers and writers of other tools' files agree on, shared by import, export and
//! analysis so none of them reaches into another: spreadsheet-safe text cells, the name of a
//! links table beside an organisations table, and the GraphML key that carries the typology.

use std::path::{Path, PathBuf};

/// Protects a text cell against spreadsheet formula injection: a cell starting with `=`, `+`,
/// `-`, `@`, tab or carriage return gets a leading apostrophe, which spreadsheets show as text.
#[must_use]
pub fn csv_safe(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

/// Undoes [`csv_safe`] on import.
#[must_use]
pub fn csv_unsafe(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// `NAME.csv` → `NAME-links.csv`.
#[must_use]
pub fn links_csv_path(path: &Path) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!("{stem}-links.csv"))
}

/// The GraphML graph attribute (`attr.name`) holding the map's typology as JSON, so a
/// Patchwork round trip keeps type definitions and looks.
pub const GRAPHML_TYPOLOGY_KEY: &str = "patchwork_typology";

/// The attribute names (GraphML `attr.name`, GEXF titles) of an item's "last changed" stamp:
/// who, and when (RFC 3339, UTC). Written only when the map has stamps, on the items that have
/// one; importers leave them out (an imported record is stamped by whoever imports it).
pub const CHANGED_BY_KEY: &str = "changed_by";
/// See [`CHANGED_BY_KEY`].
pub const CHANGED_AT_KEY: &str = "changed_at";
/// The spreadsheet columns (CSV, XLSX) of the stamp: who, and when.
pub const CHANGED_COLUMNS: [&str; 2] = ["Changed by", "Changed at"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_injection_is_neutralised_and_reversible() {
        for bad in ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            let safe = csv_safe(bad);
            assert!(safe.starts_with('\''), "{bad}");
            assert_eq!(csv_unsafe(&safe), bad);
        }
        assert_eq!(csv_safe("Crisis café"), "Crisis café");
        assert_eq!(csv_unsafe("'quoted"), "'quoted");
    }

    #[test]
    fn the_links_table_sits_beside_the_organisations_table() {
        assert_eq!(links_csv_path(Path::new("/tmp/out.csv")), PathBuf::from("/tmp/out-links.csv"));
    }
}
