//! Excel workbooks (.xlsx) as Kumu, PRSM and Patchwork write them: an Organisations (or
//! Elements, or Nodes) sheet and a Links (or Connections, or Edges) sheet, each a header row and
//! rows in the same columns as CSV (see the `table` module). A workbook with one sheet holding
//! anything is organisations or links by its columns, as a CSV file is.
//!
//! Cells become the text a CSV saved from the sheet would hold: whole numbers without ".0",
//! other numbers to 15 significant digits (as spreadsheets show them), TRUE/FALSE, dates as
//! ISO 8601 (2024-03-05, 2024-03-05 14:30). Places are cells as Excel names them
//! ("Organisations!B7"); rows are records' origins ("Organisations row 7").

use super::table::{Places, Table, no_rows};
use super::{ImportError, Imported};
use calamine::{DataRef, Reader, Xlsx};
use std::io::Cursor;
use std::path::Path;

/// Sheet names (lowercase) read as organisations.
const ORG_SHEETS: [&str; 5] = ["organisations", "organizations", "elements", "nodes", "factors"];
/// Sheet names (lowercase) read as links.
const LINK_SHEETS: [&str; 4] = ["links", "connections", "edges", "relationships"];

/// `0` → "A", `27` → "AB": a column as Excel names it.
#[must_use]
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        // rem < 26, so the byte is an ASCII capital.
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Workbook places: "Organisations!B7", "Organisations row 7"; a sheet name that is not a
/// plain word is quoted as Excel quotes it ('My sheet'!B7).
struct Cells {
    sheet: String,
}

impl Places for Cells {
    fn row(&self, row: u64) -> String {
        format!("{} row {row}", self.sheet)
    }
    fn cell(&self, row: u64, col: usize) -> String {
        let plain = self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
        let sheet = if plain { self.sheet.clone() } else { format!("'{}'", self.sheet.replace('\'', "''")) };
        format!("{sheet}!{}{row}", column_letters(col))
    }
    fn column(&self, col: usize) -> String {
        format!("column {}", column_letters(col))
    }
}

/// What a sheet is expected to hold, from its name.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    Orgs,
    Links,
    Either,
}

/// Reads a workbook: its Organisations and Links sheets, or its one sheet.
pub fn read_xlsx(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    let unusable = |message: String| ImportError::Unusable { path: path.to_path_buf(), message };
    if let Some((part, unpacked)) = too_big_unpacked(bytes) {
        return Err(unusable(format!(
            "the workbook would unpack to {} MB (its part {part} alone to {} MB), more than the {} MB \
             Patchwork reads; it is damaged or not a sheet of organisations",
            unpacked.total >> 20,
            unpacked.largest >> 20,
            MAX_UNPACKED_BYTES >> 20
        )));
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| unusable(format!("not a workbook Patchwork can read (.xlsx): {e}")))?;
    let mut imported = Imported::default();
    // A title and description in the workbook's properties, as Patchwork writes them; a
    // workbook whose properties cannot be read still has its sheets.
    if let Ok(props) = book.workbook_properties() {
        imported.title = props.title.filter(|t| !t.trim().is_empty());
        imported.description = props.description.filter(|d| !d.trim().is_empty());
    }
    let names = book.sheet_names();
    let find = |wanted: &[&str]| names.iter().find(|n| wanted.contains(&n.trim().to_lowercase().as_str())).cloned();
    let mut sheets = Vec::new();
    if let Some(o) = find(&ORG_SHEETS) {
        sheets.push((o, Expect::Orgs));
    }
    if let Some(l) = find(&LINK_SHEETS) {
        sheets.push((l, Expect::Links));
    }
    if sheets.is_empty() {
        let mut filled = Vec::new();
        for name in &names {
            if !read_cells(path, &mut book, name, true)?.cells.is_empty() {
                filled.push(name.clone());
            }
        }
        match filled.as_slice() {
            [one] => sheets.push((one.clone(), Expect::Either)),
            [] => return Err(no_rows(path, "the workbook")),
            more => {
                return Err(unusable(format!(
                    "no sheet is called Organisations (or Elements, Nodes) or Links (or Connections, Edges), and \
                     more than one sheet has cells, so which to read is unclear (the sheets are: {})",
                    more.join(", ")
                )));
            }
        }
    }
    for (name, expect) in sheets {
        read_sheet(path, &mut book, &name, expect, &mut imported)?;
    }
    if imported.orgs.is_empty() && imported.links.is_empty() {
        let left_out: Vec<&String> = imported.skipped_orgs.iter().chain(&imported.skipped_links).collect();
        return Err(match left_out.first() {
            Some(first) => unusable(format!(
                "every row was left out: {first}{}",
                if left_out.len() > 1 { format!(" (and {} more)", left_out.len() - 1) } else { String::new() }
            )),
            None => no_rows(path, "the workbook"),
        });
    }
    Ok(imported)
}

/// The most a workbook may unpack to, all its parts together (as for map files: a map of
/// 20,000 organisations and 60,000 links makes a workbook of 28 MB unpacked, 3.3 MB on disk).
const MAX_UNPACKED_BYTES: u64 = 256 << 20;

/// Sizes a workbook's zip says its parts unpack to.
struct Unpacked {
    total: u64,
    largest: u64,
}

/// The largest part's name and the sizes, when the parts together unpack to more than
/// [`MAX_UNPACKED_BYTES`]. A file that is not a zip is left to calamine to name.
fn too_big_unpacked(bytes: &[u8]) -> Option<(String, Unpacked)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut sizes = Unpacked { total: 0, largest: 0 };
    let mut largest_name = String::new();
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else { continue };
        sizes.total = sizes.total.saturating_add(part.size());
        if part.size() > sizes.largest {
            sizes.largest = part.size();
            largest_name = part.name().map(std::borrow::Cow::into_owned).unwrap_or_default();
        }
    }
    (sizes.total > MAX_UNPACKED_BYTES).then_some((largest_name, sizes))
}

/// The most filled cells a sheet may have (a map of 20,000 organisations and 60,000 links is
/// about a million): a workbook is compressed, so its size on disk does not bound its cells.
const MAX_CELLS: usize = 20_000_000;

/// The filled cells of one sheet, in row order: their texts side by side in one string, so a
/// million cells are not a million allocations.
#[derive(Default)]
struct SheetCells {
    text: String,
    /// (row, column, start and end of its text), from 0.
    cells: Vec<(u32, u32, usize, usize)>,
}

impl SheetCells {
    fn text(&self, cell: &(u32, u32, usize, usize)) -> &str {
        self.text.get(cell.2..cell.3).unwrap_or_default()
    }
}

/// Reads the filled cells of sheet `name`; with `first_only`, stops at the first.
fn read_cells(
    path: &Path,
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    first_only: bool,
) -> Result<SheetCells, ImportError> {
    let bad =
        |message: String| ImportError::Malformed { path: path.to_path_buf(), place: format!("sheet {name}"), message };
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let mut sheet = SheetCells::default();
    while let Some(cell) = reader.next_cell().map_err(|e| bad(format!("cannot be read: {e}")))? {
        let start = sheet.text.len();
        write_cell_text(cell.get_value(), &mut sheet.text);
        if sheet.text.len() > start {
            let (row, col) = cell.get_position();
            sheet.cells.push((row, col, start, sheet.text.len()));
            if first_only {
                break;
            }
            if sheet.cells.len() > MAX_CELLS {
                return Err(bad(format!("has more than {MAX_CELLS} filled cells, more than Patchwork reads")));
            }
        }
    }
    // Excel writes rows and cells in order; another tool might not.
    if !sheet.cells.is_sorted_by_key(|c| (c.0, c.1)) {
        sheet.cells.sort_by_key(|c| (c.0, c.1));
    }
    Ok(sheet)
}

fn read_sheet(
    path: &Path,
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    expect: Expect,
    out: &mut Imported,
) -> Result<(), ImportError> {
    let sheet = read_cells(path, book, name, false)?;
    let places = Cells { sheet: name.to_owned() };
    let mut rows = sheet.cells.chunk_by(|a, b| a.0 == b.0).map(|row| {
        let width = row.last().map_or(0, |c| c.1 as usize + 1);
        let mut texts = vec![""; width];
        for cell in row {
            texts[cell.1 as usize] = sheet.text(cell);
        }
        (u64::from(row[0].0) + 1, texts)
    });
    let Some((header_row, header)) = rows.next() else {
        return if expect == Expect::Either { Err(no_rows(path, &format!("sheet {name}"))) } else { Ok(()) };
    };
    let table = Table::new(path, &places, false, header_row, &header)?;
    let wanted = match expect {
        Expect::Orgs if table.is_links() => Some("organisations, but it has From and To columns as a links sheet has"),
        Expect::Links if !table.is_links() => Some("links, but it has no From and To columns"),
        _ => None,
    };
    if let Some(why) = wanted {
        return Err(ImportError::Unusable {
            path: path.to_path_buf(),
            message: format!("{}: the sheet's name says it holds {why}", places.row(header_row)),
        });
    }
    for (row, texts) in rows {
        table.add_row(row, &texts, out)?;
    }
    Ok(())
}

/// Appends a cell as the text a CSV would hold (see the module doc).
fn write_cell_text(value: &DataRef<'_>, out: &mut String) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = match value {
        DataRef::Empty => Ok(()),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => out.write_str(s),
        DataRef::SharedString(s) => out.write_str(s),
        DataRef::Int(i) => write!(out, "{i}"),
        DataRef::Float(f) => out.write_str(&number_text(*f)),
        DataRef::Bool(b) => out.write_str(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) if d.is_duration() => {
            let secs = (d.as_f64() * 86_400.0).round().max(0.0);
            let (h, m, s) = ((secs / 3600.0).floor(), ((secs % 3600.0) / 60.0).floor(), secs % 60.0);
            write!(out, "{h:.0}:{m:02.0}:{s:02.0}")
        }
        DataRef::DateTime(d) => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            let value = d.as_f64();
            if value.fract() == 0.0 {
                write!(out, "{y:04}-{mo:02}-{da:02}")
            } else if value < 1.0 && s == 0 {
                write!(out, "{h:02}:{mi:02}")
            } else if value < 1.0 {
                write!(out, "{h:02}:{mi:02}:{s:02}")
            } else if s == 0 {
                write!(out, "{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}")
            } else {
                write!(out, "{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        DataRef::Error(e) => write!(out, "{e}"),
    };
}

/// A number as a spreadsheet shows it: whole numbers without ".0", others rounded to the 15
/// significant digits Excel keeps (so 0.1 + 0.2 is "0.3"), never in exponent form.
#[must_use]
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        // Whole and within i64: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let whole = rounded as i64;
        whole.to_string()
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_that_would_unpack_past_the_limit_is_refused_before_reading() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("xl/worksheets/sheet1.xml", stored).unwrap();
        zip.write_all(b"<x/>").unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        // A zip bomb says how big it unpacks (a 3 MB one to 3 GB): claim 512 MB for the part,
        // in its local header (size at byte 22) and in the central directory (at byte 24).
        let claim = (512_u32 << 20).to_le_bytes();
        for (signature, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let start = bytes.windows(4).position(|w| w == signature).unwrap() + at;
            bytes[start..start + 4].copy_from_slice(&claim);
        }
        let e = read_xlsx(Path::new("bomb.xlsx"), &bytes).unwrap_err().to_string();
        assert_eq!(
            e,
            "bomb.xlsx: the workbook would unpack to 512 MB (its part xl/worksheets/sheet1.xml alone to 512 MB), \
             more than the 256 MB Patchwork reads; it is damaged or not a sheet of organisations"
        );
    }

    #[test]
    fn numbers_read_as_a_sheet_shows_them() {
        assert_eq!(number_text(1.0), "1");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(123.456), "123.456");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(f64::from(12.345_f32)).parse::<f32>().unwrap().to_bits(), 12.345_f32.to_bits());
    }

    #[test]
    fn columns_are_lettered_as_excel_letters_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(Cells { sheet: "Organisations".into() }.cell(7, 1), "Organisations!B7");
        assert_eq!(Cells { sheet: "My sheet".into() }.cell(7, 1), "'My sheet'!B7");
    }
}
