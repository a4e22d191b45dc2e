//! The column rules shared by every spreadsheet reader (CSV and XLSX): a header row and rows of
//! text cells become [`ImportedOrg`]s or [`ImportedLink`]s, in Kumu's layout.
//!
//! A sheet is links if its header has From and To columns, else organisations, which need a
//! Label or Name column. Headers are matched ignoring case and surrounding spaces; any other
//! named column is a field. Messages name the column as the header writes it, and the place as
//! the reader numbers it (a CSV's own line numbers, a workbook's `Sheet!B7` cells).

use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool, split_multi};
use crate::formats::csv_unsafe;
use crate::model::MapPos;
use std::path::Path;

/// How a reader names places in its file, for origins and messages.
pub(crate) trait Places {
    /// Where a row is ("line 7", "Links row 7"): the origin of its record.
    fn row(&self, row: u64) -> String;
    /// Where a cell is ("line 7", "Organisations!B7"); `col` counts from 0.
    fn cell(&self, row: u64, col: usize) -> String;
    /// How a column is named apart from its header ("column 3", "column C").
    fn column(&self, col: usize) -> String;
}

/// Organisation columns with a meaning; any other named column is a field.
const ORG_COLUMNS: [&str; 15] = [
    "label",
    "name",
    "type",
    "element type",
    "description",
    "notes",
    "tags",
    "id",
    "x",
    "y",
    "pinned",
    "sensitive",
    "image",
    // A record's "last changed" stamp as Patchwork exports it: the import is stamped anew.
    "changed by",
    "changed at",
];

/// Link columns with a meaning; any other named column is a field.
const LINK_COLUMNS: [&str; 12] = [
    "from",
    "to",
    "from id",
    "to id",
    "type",
    "direction",
    "label",
    "description",
    "notes",
    "id",
    "changed by",
    "changed at",
];

/// Reads rows of one sheet into [`Imported`] records by the sheet's header.
pub(crate) struct Table<'a> {
    path: &'a Path,
    places: &'a dyn Places,
    /// Undo [`crate::formats::csv_safe`] on every cell (CSV: text cells of a workbook
    /// cannot be formulas, so a workbook's text is taken as it is).
    unquote: bool,
    /// The header as written (trimmed).
    header: Vec<String>,
    /// The header as matched: trimmed and lowercase.
    lower: Vec<String>,
    is_links: bool,
}

impl<'a> Table<'a> {
    /// A table for the header row `header` (cells as read) at `header_row`. Fails when the
    /// header names no usable sheet or names a column twice.
    pub(crate) fn new(
        path: &'a Path,
        places: &'a dyn Places,
        unquote: bool,
        header_row: u64,
        header: &[&str],
    ) -> Result<Self, ImportError> {
        let header: Vec<String> = header
            .iter()
            .map(|h| {
                let h = h.trim_start_matches('\u{feff}');
                (if unquote { csv_unsafe(h) } else { h }).trim().to_owned()
            })
            .collect();
        let lower: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
        // Each name's first column, in a table: comparing every column with every earlier one
        // took minutes for a sheet of 100,000 columns.
        let mut first_seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, h) in lower.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            if let Some(&j) = first_seen.get(h.as_str()) {
                return Err(ImportError::Malformed {
                    path: path.to_path_buf(),
                    place: places.row(header_row),
                    message: format!(
                        "two columns are called {} ({} and {}): rename one so no values are mixed up",
                        header[i],
                        places.column(j),
                        places.column(i)
                    ),
                });
            }
            first_seen.insert(h, i);
        }
        let has = |name: &str| lower.iter().any(|h| h == name);
        let is_links = has("from") && has("to");
        if !is_links && !has("label") && !has("name") {
            let written: Vec<&str> = header.iter().map(String::as_str).filter(|h| !h.is_empty()).collect();
            return Err(ImportError::Unusable {
                path: path.to_path_buf(),
                message: format!(
                    "{}: no column names the organisations (the columns are: {}); an organisations sheet \
                     needs a column called Label or Name, a links sheet columns called From and To",
                    places.row(header_row),
                    if written.is_empty() { "none".to_owned() } else { written.join(", ") }
                ),
            });
        }
        Ok(Self { path, places, unquote, header, lower, is_links })
    }

    /// Whether the sheet is links (it has From and To columns).
    pub(crate) fn is_links(&self) -> bool {
        self.is_links
    }

    /// The number of columns the header has.
    pub(crate) fn width(&self) -> usize {
        self.header.len()
    }

    /// The header cell of column `col` as written, or its place when it is unnamed.
    pub(crate) fn column_name(&self, col: usize) -> String {
        match self.header.get(col) {
            Some(h) if !h.is_empty() => h.clone(),
            _ => self.places.column(col),
        }
    }

    fn col(&self, names: &[&str]) -> Option<usize> {
        self.lower.iter().position(|h| names.contains(&h.as_str()))
    }

    /// An organisation row's position and pinned and sensitive flags. A value that cannot be
    /// used is said in `report`, never dropped without a word; a sensitive flag that is neither
    /// yes nor no counts as sensitive (as in the Kumu reader), the safer reading for redacted
    /// exports.
    fn position_and_flags(
        &self,
        row: u64,
        cell: &dyn Fn(Option<usize>) -> Option<String>,
        report: &mut Vec<String>,
    ) -> (Option<MapPos>, Option<bool>, Option<bool>) {
        let mut unusable = |col: usize, text: &str, what: &str| {
            report.push(format!("{}: {} '{}' {what}", self.places.cell(row, col), self.column_name(col), text.trim()));
        };
        let mut num = |names: &[&str]| {
            let col = self.col(names)?;
            let text = cell(Some(col)).filter(|s| !s.trim().is_empty())?;
            let value = text.trim().parse::<f32>().ok().filter(|v| v.is_finite());
            if value.is_none() {
                unusable(col, &text, "is not a number a map can hold, so the row is placed beside the map");
            }
            value
        };
        let position = match (num(&["x"]), num(&["y"])) {
            (Some(x), Some(y)) => Some([x, y]),
            _ => None,
        };
        let pinned = self.col(&["pinned"]).and_then(|col| {
            let text = cell(Some(col))?;
            let value = parse_bool(&text);
            if value.is_none() {
                unusable(col, &text, "is not yes or no, so the row is not pinned");
            }
            value
        });
        let sensitive = self.col(&["sensitive"]).and_then(|col| {
            let text = cell(Some(col))?;
            Some(parse_bool(&text).unwrap_or_else(|| {
                unusable(col, &text, "is not yes or no, so the row is marked sensitive");
                true
            }))
        });
        (position, pinned, sensitive)
    }

    /// Reads row `row` (its cells in column order; missing cells are empty). An empty row is
    /// skipped without a word; a row without a name or ends is recorded in `out.skipped_orgs`
    /// or `out.skipped_links`; a value in a column without a header is an error, as it would
    /// otherwise be lost.
    pub(crate) fn add_row(&self, row: u64, cells: &[&str], out: &mut Imported) -> Result<(), ImportError> {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        if let Some((i, value)) = cells
            .iter()
            .enumerate()
            .find(|(i, c)| !c.trim().is_empty() && self.header.get(*i).is_none_or(String::is_empty))
        {
            return Err(ImportError::Malformed {
                path: self.path.to_path_buf(),
                place: self.places.cell(row, i),
                message: format!(
                    "'{}' is in {}, which has no name in the header row: name the column or clear it",
                    value.trim(),
                    self.places.column(i)
                ),
            });
        }
        let cell = |i: Option<usize>| -> Option<String> {
            let s = cells.get(i?).copied().unwrap_or_default();
            Some((if self.unquote { csv_unsafe(s) } else { s }).to_owned())
        };
        let filled = |i: Option<usize>| cell(i).filter(|s| !s.trim().is_empty());
        let fields = |known: &[&str]| -> Vec<(String, String)> {
            self.lower
                .iter()
                .enumerate()
                .filter(|(_, h)| !h.is_empty() && !known.contains(&h.as_str()))
                .map(|(i, _)| (self.header[i].clone(), cell(Some(i)).unwrap_or_default()))
                .collect()
        };
        let origin = self.places.row(row);
        if self.is_links {
            let (from_col, to_col) = (self.col(&["from"]), self.col(&["to"]));
            let from = filled(self.col(&["from id"])).or_else(|| filled(from_col));
            let to = filled(self.col(&["to id"])).or_else(|| filled(to_col));
            let (Some(from), Some(to)) = (from, to) else {
                let missing = if filled(from_col).is_none() && filled(self.col(&["from id"])).is_none() {
                    from_col
                } else {
                    to_col
                };
                let missing = missing.unwrap_or_default();
                out.skipped_links.push(format!(
                    "{}: no {} (a link needs both {} and {})",
                    self.places.cell(row, missing),
                    self.column_name(missing),
                    self.column_name(from_col.unwrap_or_default()),
                    self.column_name(to_col.unwrap_or_default()),
                ));
                return Ok(());
            };
            let directed = cell(self.col(&["direction"])).and_then(|d| match d.trim().to_lowercase().as_str() {
                "directed" | "forward" | "one-way" => Some(true),
                "undirected" | "mutual" | "none" | "two-way" => Some(false),
                _ => None,
            });
            out.links.push(ImportedLink {
                origin,
                id: filled(self.col(&["id"])),
                from: from.trim().to_owned(),
                to: to.trim().to_owned(),
                type_name: filled(self.col(&["type"])).or_else(|| filled(self.col(&["label"]))),
                directed,
                notes: cell(self.col(&["description", "notes"])),
                fields: fields(&LINK_COLUMNS),
            });
        } else {
            let label_col = self.col(&["label", "name"]);
            let Some(label) = filled(label_col) else {
                let col = label_col.unwrap_or_default();
                out.skipped_orgs.push(format!("{}: no {}", self.places.cell(row, col), self.column_name(col)));
                return Ok(());
            };
            let (position, pinned, sensitive) = self.position_and_flags(row, &cell, &mut out.skipped);
            out.orgs.push(ImportedOrg {
                origin,
                id: filled(self.col(&["id"])),
                label: label.trim().to_owned(),
                type_name: filled(self.col(&["type", "element type"])),
                notes: cell(self.col(&["description", "notes"])),
                tags: cell(self.col(&["tags"])).map(|t| split_multi(&t.replace(',', "|"))),
                fields: fields(&ORG_COLUMNS),
                position,
                pinned,
                sensitive,
                colour: None,
            });
        }
        Ok(())
    }
}

/// The error for a sheet with a header and no rows to import.
pub(crate) fn no_rows(path: &Path, what: &str) -> ImportError {
    ImportError::Unusable {
        path: path.to_path_buf(),
        message: format!("{what} has no rows to import under its header (is the first row the column headers?)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lines;
    impl Places for Lines {
        fn row(&self, row: u64) -> String {
            format!("line {row}")
        }
        fn cell(&self, row: u64, _col: usize) -> String {
            format!("line {row}")
        }
        fn column(&self, col: usize) -> String {
            format!("column {}", col + 1)
        }
    }

    fn read(header: &[&str], rows: &[&[&str]]) -> Result<Imported, ImportError> {
        let table = Table::new(Path::new("t.csv"), &Lines, true, 1, header)?;
        let mut out = Imported::default();
        for (i, r) in rows.iter().enumerate() {
            table.add_row(i as u64 + 2, r, &mut out)?;
        }
        Ok(out)
    }

    #[test]
    fn messages_name_the_column_as_written() {
        let i = read(&["Name", "Kind"], &[&["", "Helpline"], &["", ""], &["A", "B"]]).unwrap();
        assert_eq!(i.skipped_orgs, vec!["line 2: no Name".to_owned()]);
        assert_eq!(i.orgs.len(), 1);
        assert_eq!(i.orgs[0].fields, vec![("Kind".to_owned(), "B".to_owned())]);
        let i = read(&["SOURCE", "from", "TO"], &[&["x", "A", ""]]).unwrap();
        assert_eq!(i.skipped_links, vec!["line 2: no TO (a link needs both from and TO)".to_owned()]);
    }

    #[test]
    fn a_sheet_without_a_name_column_says_which_columns_are_accepted() {
        let e = read(&["Organisation", "Kind"], &[&["A", "B"]]).unwrap_err().to_string();
        assert_eq!(
            e,
            "t.csv: line 1: no column names the organisations (the columns are: Organisation, Kind); an \
             organisations sheet needs a column called Label or Name, a links sheet columns called From and To"
        );
    }

    #[test]
    fn values_under_no_header_and_repeated_headers_are_errors() {
        let e = read(&["Name", ""], &[&["A", ""], &["B", "lost?"]]).unwrap_err().to_string();
        assert_eq!(
            e,
            "t.csv: line 3: 'lost?' is in column 2, which has no name in the header row: name the column or clear it"
        );
        let e = read(&["Name", "Area", "area"], &[]).unwrap_err().to_string();
        assert!(e.contains("two columns are called area (column 2 and column 3)"), "{e}");
    }

    #[test]
    fn positions_and_flags_that_cannot_be_read_are_reported_not_dropped() {
        let i = read(
            &["Name", "X", "Y", "Pinned", "Sensitive"],
            &[
                &["A", "1e39", "2", "maybe", "2"],
                &["B", "NaN", "", "", "no"],
                &["C", "abc", "inf", "yes", ""],
                &["D", "-0", "1.5", "x", "y"],
            ],
        )
        .unwrap();
        assert_eq!(
            i.skipped,
            vec![
                "line 2: X '1e39' is not a number a map can hold, so the row is placed beside the map",
                "line 2: Pinned 'maybe' is not yes or no, so the row is not pinned",
                "line 2: Sensitive '2' is not yes or no, so the row is marked sensitive",
                "line 3: X 'NaN' is not a number a map can hold, so the row is placed beside the map",
                "line 4: X 'abc' is not a number a map can hold, so the row is placed beside the map",
                "line 4: Y 'inf' is not a number a map can hold, so the row is placed beside the map",
            ]
        );
        let got: Vec<_> = i.orgs.iter().map(|o| (o.position, o.pinned, o.sensitive)).collect();
        assert_eq!(
            got,
            vec![
                (None, None, Some(true)),
                (None, Some(false), Some(false)),
                (None, Some(true), Some(false)),
                (Some([-0.0, 1.5]), Some(true), Some(true)),
            ]
        );
    }

    #[test]
    fn a_header_of_100000_columns_is_checked_quickly() {
        let mut names: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
        names[0] = "Name".into();
        let header: Vec<&str> = names.iter().map(String::as_str).collect();
        let started = std::time::Instant::now();
        assert!(Table::new(Path::new("t.csv"), &Lines, true, 1, &header).is_ok());
        assert!(started.elapsed().as_secs_f64() < 5.0, "took {:?}", started.elapsed());
        names[99_999] = "C7".into();
        let header: Vec<&str> = names.iter().map(String::as_str).collect();
        let e = Table::new(Path::new("t.csv"), &Lines, true, 1, &header).err().unwrap().to_string();
        assert!(e.contains("two columns are called C7 (column 8 and column 100000)"), "{e}");
    }

    #[test]
    fn formula_quotes_are_undone_only_when_asked() {
        let i = read(&["Name"], &[&["'=1+1"]]).unwrap();
        assert_eq!(i.orgs[0].label, "=1+1");
        let table = Table::new(Path::new("t.xlsx"), &Lines, false, 1, &["Name"]).unwrap();
        let mut out = Imported::default();
        table.add_row(2, &["'=1+1"], &mut out).unwrap();
        assert_eq!(out.orgs[0].label, "'=1+1");
    }
}
