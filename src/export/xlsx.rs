//! The map as an Excel workbook: an Organisations sheet and a Links sheet with the same columns
//! as the CSV export ([`super::data::organisations_table`], [`super::data::links_table`]), as
//! Kumu and PRSM lay them out, so `patchwork import` reads it back. Each sheet's header row is
//! bold, frozen and filterable, and columns are as wide as their content (within limits).
//!
//! Text goes into text cells, which spreadsheets never run as formulas, so it is written as it
//! is (no formula-safety quote as CSV needs); numbers go into number cells.

use super::data::{TableCell, links_table, organisations_table};
use crate::model::Map;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// The most characters an Excel cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Column widths in characters: at least this…
const MIN_WIDTH: usize = 6;
/// …and at most this (long notes would otherwise make a column wider than the screen).
const MAX_WIDTH: usize = 60;

/// Why a workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// A value longer than a cell holds.
    #[error(
        "{place} holds {chars} characters, more than the {MAX_CELL_CHARS} an Excel cell holds (export to CSV, \
         which has no limit)"
    )]
    CellTooLong {
        /// "Organisations!C5".
        place: String,
        /// How many characters it has.
        chars: usize,
    },
    /// More rows or columns than a sheet holds, or another limit of the format.
    #[error("cannot write the workbook: {0}")]
    Writer(#[from] rust_xlsxwriter::XlsxError),
}

/// The workbook's bytes for `map`.
pub fn workbook(map: &Map) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // The title and description travel in the workbook's properties (File › Info in Excel).
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_title(&map.meta.title).set_comment(&map.meta.description),
    );
    let bold = Format::new().set_bold();
    for (name, table) in [("Organisations", organisations_table(map)), ("Links", links_table(map))] {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        write_sheet(sheet, name, &table, &bold)?;
    }
    Ok(book.save_to_buffer()?)
}

fn write_sheet(sheet: &mut Worksheet, name: &str, table: &[Vec<TableCell>], bold: &Format) -> Result<(), XlsxError> {
    let columns = table.first().map_or(0, Vec::len);
    let mut widths = vec![MIN_WIDTH; columns];
    for (r, row) in table.iter().enumerate() {
        let row_num = u32::try_from(r).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
        for (c, cell) in row.iter().enumerate() {
            let col_num = u16::try_from(c).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
            match cell {
                TableCell::Number(n) => match n.parse::<f64>() {
                    Ok(v) if v.is_finite() => {
                        sheet.write_number(row_num, col_num, v)?;
                    }
                    _ => {
                        sheet.write_string(row_num, col_num, n.as_str())?;
                    }
                },
                TableCell::Text(s) => {
                    let chars = s.chars().count();
                    if chars > MAX_CELL_CHARS {
                        let place = format!("{name}!{}{}", crate::import::xlsx_in::column_letters(c), r + 1);
                        return Err(XlsxError::CellTooLong { place, chars });
                    }
                    if r == 0 {
                        sheet.write_string_with_format(row_num, col_num, s.as_str(), bold)?;
                    } else if !s.is_empty() {
                        sheet.write_string(row_num, col_num, s.as_str())?;
                    }
                }
            }
            let shown = match cell {
                TableCell::Number(n) => n.len(),
                TableCell::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
            };
            // Bold header text and the filter button need a little more room.
            let shown = if r == 0 { shown + 3 } else { shown + 1 };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown.min(MAX_WIDTH));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let col_num = u16::try_from(c).map_err(|_| rust_xlsxwriter::XlsxError::RowColumnLimitError)?;
        // Widths are at most MAX_WIDTH: exact in f64.
        #[allow(clippy::cast_precision_loss)]
        sheet.set_column_width(col_num, *w as f64)?;
    }
    if columns > 0 {
        let last_row = u32::try_from(table.len().saturating_sub(1)).unwrap_or(u32::MAX);
        let last_col = u16::try_from(columns - 1).unwrap_or(u16::MAX);
        sheet.autofilter(0, 0, last_row, last_col)?;
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_becomes_a_workbook_with_both_sheets() {
        let map = crate::example_map().unwrap();
        let bytes = workbook(&map).unwrap();
        assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
        let i = crate::import::xlsx_in::read_xlsx(std::path::Path::new("m.xlsx"), &bytes).unwrap();
        assert_eq!(i.orgs.len(), map.org_count());
        assert_eq!(i.links.len(), map.link_count());
        assert_eq!(i.orgs[0].origin, "Organisations row 2");
        assert!(i.skipped.is_empty(), "{:?}", i.skipped);
        assert_eq!(i.title.as_deref(), Some(map.meta.title.as_str()));
    }

    #[test]
    fn a_value_longer_than_a_cell_is_an_error_naming_the_cell() {
        let mut map = crate::example_map().unwrap();
        let mut org = map.organisations_sorted()[1].clone();
        org.notes = "x".repeat(MAX_CELL_CHARS + 1);
        crate::edit::apply(&mut map, crate::edit::Edit::UpdateOrganisations(vec![org])).unwrap();
        let e = workbook(&map).unwrap_err().to_string();
        assert!(e.starts_with("Organisations!C3 holds 32768 characters"), "{e}");
    }

    #[test]
    fn awkward_text_comes_back_as_it_was() {
        let mut map = crate::example_map().unwrap();
        let names = [
            "=HYPERLINK(\"http://x\")",
            "'quoted",
            "line\r\nbreak and\ttab",
            "a_x000D_b literal escape",
            "bell\u{7}char",
            "  padded  ",
            "Zoë & Ségolène <b>",
        ];
        let mut orgs = map.organisations_sorted().into_iter().cloned().collect::<Vec<_>>();
        for (o, name) in orgs.iter_mut().zip(names) {
            o.notes = name.to_owned();
        }
        orgs.truncate(names.len());
        crate::edit::apply(&mut map, crate::edit::Edit::UpdateOrganisations(orgs)).unwrap();
        let bytes = workbook(&map).unwrap();
        let back = crate::import::xlsx_in::read_xlsx(std::path::Path::new("m.xlsx"), &bytes).unwrap();
        let notes: Vec<&str> =
            back.orgs.iter().take(names.len()).map(|o| o.notes.as_deref().unwrap_or_default()).collect();
        assert_eq!(notes, names);
    }
}
