//! CSV in Kumu's layout: an elements sheet (Label or Name, Type, Description, Tags, ...) or a
//! connections sheet (From, To, Type, Direction, ...); the column rules are in
//! the `table` module, shared with the XLSX reader.
//!
//! What a researcher's spreadsheet program writes is read as it is: a UTF-8 byte-order mark,
//! UTF-16 with a byte-order mark, CRLF, LF or CR line endings, `,`, `;` or tab between cells
//! (found from the header and the next line), blank rows. Places are the file's own line
//! numbers, counting blank lines and the lines inside quoted cells. A quote left open is an
//! error naming the line where it opened, and nothing is imported from that file.

use super::table::{Places, Table, no_rows};
use super::{ImportError, Imported};
use std::borrow::Cow;
use std::path::Path;

/// CSV places: "line 7", or "people-links.csv line 7" for a file read beside another.
struct Lines {
    prefix: String,
}

impl Places for Lines {
    fn row(&self, row: u64) -> String {
        format!("{}line {row}", self.prefix)
    }
    fn cell(&self, row: u64, _col: usize) -> String {
        self.row(row)
    }
    fn column(&self, col: usize) -> String {
        format!("column {}", col + 1)
    }
}

/// Reads one CSV file: links if it has From and To columns, else organisations. Origins are
/// "line N".
pub fn read_csv(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    let (imported, _) = read(path, bytes, String::new())?;
    if imported.orgs.is_empty() && imported.links.is_empty() {
        return Err(nothing_imported(path, &imported));
    }
    Ok(imported)
}

/// Reads a CSV file and, when it is an organisations sheet with `NAME-links.csv` beside it (as
/// Patchwork exports them), that file's links too. The links' origins name their file
/// ("people-links.csv line 4"), so a report never mixes the rows of two files unnamed. An error
/// in either file imports nothing.
pub fn read_csv_and_links(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    let (mut imported, is_links) = read(path, bytes, String::new())?;
    let links = crate::formats::links_csv_path(path);
    if !is_links && links.is_file() {
        let io = |source| ImportError::Io { path: links.clone(), source };
        let size = std::fs::metadata(&links).map_err(io)?.len();
        let limit = crate::io::MAX_FILE_BYTES;
        if size > limit {
            return Err(ImportError::TooLarge { path: links.clone(), size, limit });
        }
        let more = std::fs::read(&links).map_err(io)?;
        let name = links.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (l, l_is_links) = read(&links, &more, format!("{name} "))?;
        if !l_is_links {
            return Err(ImportError::Unusable {
                path: links.clone(),
                message: format!(
                    "read as the links of {} beside it, but it has no From and To columns",
                    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                ),
            });
        }
        imported.links = l.links;
        imported.skipped.extend(l.skipped);
        imported.skipped_links.extend(l.skipped_links);
    }
    if imported.orgs.is_empty() && imported.links.is_empty() {
        return Err(nothing_imported(path, &imported));
    }
    Ok(imported)
}

fn nothing_imported(path: &Path, imported: &Imported) -> ImportError {
    let left_out: Vec<&String> = imported.skipped_orgs.iter().chain(&imported.skipped_links).collect();
    match left_out.as_slice() {
        [] => no_rows(path, "the sheet"),
        [first, rest @ ..] => ImportError::Unusable {
            path: path.to_path_buf(),
            message: format!(
                "every row was left out: {first}{}",
                if rest.is_empty() { String::new() } else { format!(" (and {} more)", rest.len()) }
            ),
        },
    }
}

/// The text of the file as UTF-8: a UTF-8 byte-order mark is dropped, UTF-16 with a mark (as
/// Excel's "Unicode text" writes) is decoded. Line breaks stay where they were.
fn utf8<'b>(path: &Path, bytes: &'b [u8]) -> Result<Cow<'b, [u8]>, ImportError> {
    let units: fn([u8; 2]) -> u16 = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => return Ok(Cow::Borrowed(rest)),
        [0xFF, 0xFE, ..] => u16::from_le_bytes,
        [0xFE, 0xFF, ..] => u16::from_be_bytes,
        // A header starts with text, never a NUL: this is UTF-16 without its mark, whose NULs
        // would read as part of the column names ("no column names the organisations (the
        // columns are: Label, Type)").
        [0, b, ..] | [b, 0, ..] if *b != 0 => {
            return Err(ImportError::Malformed {
                path: path.to_path_buf(),
                place: "line 1".into(),
                message: "the file looks like UTF-16 text without a byte-order mark (save the sheet as CSV UTF-8)"
                    .into(),
            });
        }
        _ => return Ok(Cow::Borrowed(bytes)),
    };
    let body = &bytes[2..];
    let text: Result<String, _> =
        char::decode_utf16(body.chunks(2).map(|c| units([c[0], c.get(1).copied().unwrap_or_default()]))).collect();
    match text {
        Ok(t) if body.len().is_multiple_of(2) => Ok(Cow::Owned(t.into_bytes())),
        _ => Err(ImportError::Malformed {
            path: path.to_path_buf(),
            place: "the start".into(),
            message: "the file says it is UTF-16 text but is not (save the sheet as CSV UTF-8)".into(),
        }),
    }
}

/// Separators a sheet may use, in order of preference when the evidence ties.
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// Counts each of [`SEPARATORS`] outside quotes on the first line of `bytes` that is not blank;
/// returns the counts and where the next line starts.
fn separators_on_line(bytes: &[u8]) -> ([usize; 3], usize) {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let start = bytes.iter().position(|b| !matches!(b, b'\r' | b'\n')).unwrap_or(bytes.len());
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => {
                end = i;
                break;
            }
            _ if !quoted => {
                if let Some(k) = SEPARATORS.iter().position(|s| *s == b) {
                    counts[k] += 1;
                }
            }
            _ => {}
        }
    }
    (counts, end)
}

/// The separator of a sheet: the one the header line uses most, preferring one that the next
/// line uses as often (so "Name;Area, district" is read by `;`); a comma when there is none.
fn sniff_separator(bytes: &[u8]) -> u8 {
    let (header, end) = separators_on_line(bytes);
    let (next, _) = separators_on_line(&bytes[end..]);
    let mut best: Option<usize> = None;
    for k in 0..SEPARATORS.len() {
        let score = |k: usize| (header[k] > 0 && header[k] == next[k], header[k]);
        if header[k] > 0 && best.is_none_or(|b| score(k) > score(b)) {
            best = Some(k);
        }
    }
    SEPARATORS[best.unwrap_or(0)]
}

/// How many line breaks `bytes` holds: CRLF, LF, and a lone CR (as Excel's "CSV (Macintosh)"
/// writes) each count once.
fn line_breaks(bytes: &[u8]) -> u64 {
    let ends_line = |(i, &b): (usize, &u8)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    bytes.iter().enumerate().filter(|&cell| ends_line(cell)).count() as u64
}

fn separator_name(sep: u8) -> &'static str {
    match sep {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

/// A quote that does not close as CSV closes quotes.
struct QuoteProblem {
    /// The line where the quote opened.
    open_line: u64,
    /// The cell (from 0) it opened in.
    field: usize,
    /// Where it closed, if it did (followed by text, on a later line).
    closed_line: Option<u64>,
}

/// Finds a quote left open, scanning as the csv crate parses: a quote opens a quoted cell only
/// at the start of a cell, `""` inside is a quote, and a quoted cell ends at the next lone
/// quote. The csv crate reads an unclosed quote to the end of the file (or to the next quote,
/// far below) without a word; this finds both: a quoted cell open at the end, and one that
/// closed on a later line with text right after its closing quote.
fn find_open_quote(bytes: &[u8], sep: u8) -> Option<QuoteProblem> {
    #[derive(PartialEq)]
    enum S {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = S::Start;
    let mut line = 1u64;
    let mut field = 0usize;
    let mut open = (0u64, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        let newline = b == b'\n' || b == b'\r';
        match state {
            S::Start if b == b'"' => {
                state = S::Quoted;
                open = (line, field);
            }
            S::Start | S::Unquoted if newline => {
                state = S::Start;
                field = 0;
            }
            S::Start | S::Unquoted if b == sep => {
                state = S::Start;
                field += 1;
            }
            S::Start => state = S::Unquoted,
            S::Quoted if b == b'"' => state = S::QuoteInQuoted,
            S::QuoteInQuoted if b == b'"' => state = S::Quoted,
            S::QuoteInQuoted if newline => {
                state = S::Start;
                field = 0;
            }
            S::QuoteInQuoted if b == sep => {
                state = S::Start;
                field += 1;
            }
            // Spaces after a closing quote are padding some writers add, not a sign of an open quote.
            S::QuoteInQuoted if b == b' ' => state = S::Unquoted,
            S::QuoteInQuoted => {
                if line > open.0 {
                    return Some(QuoteProblem { open_line: open.0, field: open.1, closed_line: Some(line) });
                }
                state = S::Unquoted;
            }
            S::Unquoted | S::Quoted => {}
        }
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    (state == S::Quoted).then_some(QuoteProblem { open_line: open.0, field: open.1, closed_line: None })
}

/// Counts lines as the file numbers them: the csv crate's own record positions skip blank lines
/// and count a CRLF twice, so records are placed by their byte offsets instead.
struct LineCounter<'b> {
    bytes: &'b [u8],
    counted_to: usize,
    line: u64,
}

impl LineCounter<'_> {
    /// The line of a record the csv crate placed at `byte` (just after the previous record's
    /// first line-ending byte, before any blank lines it skipped).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.bytes.len()).max(self.counted_to);
        while self.bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        // `start` is past any line break, so no CRLF is split at the end of the range.
        self.line += line_breaks(&self.bytes[self.counted_to..start]);
        self.counted_to = start;
        self.line
    }
}

/// Reads one file; origins start with `prefix`. Returns the records and whether the sheet is
/// links. No check that anything was read.
fn read(path: &Path, bytes: &[u8], prefix: String) -> Result<(Imported, bool), ImportError> {
    let bytes = utf8(path, bytes)?;
    let bytes: &[u8] = &bytes;
    let places = Lines { prefix };
    let sep = sniff_separator(bytes);
    let malformed =
        |place: String, message: String| ImportError::Malformed { path: path.to_path_buf(), place, message };
    let mut reader = csv::ReaderBuilder::new().delimiter(sep).has_headers(false).flexible(true).from_reader(bytes);
    let mut lines = LineCounter { bytes, counted_to: 0, line: 1 };
    let mut record = csv::ByteRecord::new();
    // Reading bytes in memory as byte records (UTF-8 is checked per cell below) does not fail;
    // should the csv crate report anything, it is passed on.
    let read_next = |reader: &mut csv::Reader<&[u8]>, record: &mut csv::ByteRecord| {
        reader.read_byte_record(record).map_err(|e| malformed("reading".into(), e.to_string()))
    };
    if !read_next(&mut reader, &mut record)? {
        return Err(ImportError::Unusable { path: path.to_path_buf(), message: "the file is empty".into() });
    }
    let header_line = lines.line_at(record.position().map_or(0, csv::Position::byte));
    let header: Vec<String> =
        texts(path, &places, header_line, &record, None)?.into_iter().map(str::to_owned).collect();
    if let Some(p) = find_open_quote(bytes, sep) {
        let cell = if p.open_line == header_line {
            format!("column {}", p.field + 1)
        } else {
            match header.get(p.field).map(|h| h.trim()) {
                Some(h) if !h.is_empty() => format!("the {h} cell"),
                _ => format!("column {}", p.field + 1),
            }
        };
        let message = match p.closed_line {
            None => format!(
                "a quote (\") opens {cell} here and is never closed, so the rest of the file would be read \
                 as that one cell; nothing was imported (close the quote, or write a quote inside a quoted cell as \"\")"
            ),
            Some(closed) => format!(
                "a quote (\") opens {cell} here and only closes on line {closed}, with text after it: the quote \
                 is probably left open here; nothing was imported"
            ),
        };
        return Err(malformed(places.row(p.open_line), message));
    }
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let table = Table::new(path, &places, true, header_line, &header_refs)?;
    let mut imported = Imported::default();
    while read_next(&mut reader, &mut record)? {
        let line = lines.line_at(record.position().map_or(0, csv::Position::byte));
        let cells = texts(path, &places, line, &record, Some(&table))?;
        let blank = cells.iter().all(|c| c.trim().is_empty());
        if !blank && cells.len() != table.width() {
            let extra_empty = cells.len() > table.width() && cells[table.width()..].iter().all(|c| c.trim().is_empty());
            if !extra_empty {
                let hint = if cells.len() > table.width() {
                    format!(" (a value with a {} in it needs quotes around it)", separator_name(sep))
                } else {
                    String::new()
                };
                return Err(malformed(
                    places.row(line),
                    format!("this row has {} cells but the header has {}{hint}", cells.len(), table.width()),
                ));
            }
        }
        table.add_row(line, &cells, &mut imported)?;
    }
    Ok((imported, table.is_links()))
}

/// The cells of a record as text; a cell that is not UTF-8 is an error naming its column.
fn texts<'r>(
    path: &Path,
    places: &Lines,
    line: u64,
    record: &'r csv::ByteRecord,
    table: Option<&Table<'_>>,
) -> Result<Vec<&'r str>, ImportError> {
    record
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            std::str::from_utf8(cell).map_err(|_| ImportError::Malformed {
                path: path.to_path_buf(),
                place: places.row(line),
                message: format!(
                    "{} is not UTF-8 text (save the sheet as \"CSV UTF-8\")",
                    table.map_or_else(|| format!("column {}", i + 1), |t| t.column_name(i))
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(csv: &str) -> String {
        read_csv(Path::new("bad.csv"), csv.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn reads_kumu_elements_case_insensitively() {
        let csv = "label,TYPE,Description,Tags,Anonymity\nListening line,Helpline,Calls,evening | weekend,anonymous\n";
        let i = read_csv(Path::new("e.csv"), csv.as_bytes()).unwrap();
        assert_eq!(i.orgs.len(), 1);
        let o = &i.orgs[0];
        assert_eq!(o.origin, "line 2");
        assert_eq!(o.type_name.as_deref(), Some("Helpline"));
        assert_eq!(o.tags.as_ref().unwrap(), &vec!["evening".to_owned(), "weekend".to_owned()]);
        assert_eq!(o.fields, vec![("Anonymity".to_owned(), "anonymous".to_owned())]);
    }

    #[test]
    fn ragged_rows_name_the_line() {
        assert_eq!(
            err("Label,Type\nA,Helpline\nB,Helpline,extra\n"),
            "bad.csv: line 3: this row has 3 cells but the header has 2 (a value with a comma in it needs quotes around it)"
        );
        // Trailing empty cells (as spreadsheets write after a deleted column) are fine.
        assert_eq!(read_csv(Path::new("ok.csv"), b"Label,Type\nA,Helpline,,\n").unwrap().orgs.len(), 1);
    }

    #[test]
    fn links_sheet_is_recognised() {
        let csv = "From,To,Type,Direction\nA,B,Referral,directed\nA,,Referral,directed\n";
        let i = read_csv(Path::new("c.csv"), csv.as_bytes()).unwrap();
        assert_eq!(i.links.len(), 1);
        assert_eq!(i.links[0].directed, Some(true));
        assert_eq!(i.skipped_links, vec!["line 3: no To (a link needs both From and To)".to_owned()]);
    }

    #[test]
    fn lines_count_blank_lines_crlf_and_quoted_newlines() {
        let csv = "\u{feff}Name,Type\r\nA,Helpline\r\n\r\n\r\n\"B\r\nsecond line\",Helpline\r\n,Helpline\r\n,,\r\n\r\nC,Helpline\r\n";
        let i = read_csv(Path::new("m.csv"), csv.as_bytes()).unwrap();
        let origins: Vec<&str> = i.orgs.iter().map(|o| o.origin.as_str()).collect();
        assert_eq!(origins, ["line 2", "line 5", "line 10"]);
        assert_eq!(i.orgs[1].label, "B\r\nsecond line");
        assert_eq!(i.skipped_orgs, vec!["line 7: no Name".to_owned()]);
    }

    #[test]
    fn lone_carriage_returns_end_lines_too() {
        let i = read_csv(Path::new("mac.csv"), b"Name,Type\rA,Helpline\r\r,Helpline\rB,Helpline\r").unwrap();
        let origins: Vec<&str> = i.orgs.iter().map(|o| o.origin.as_str()).collect();
        assert_eq!(origins, ["line 2", "line 5"]);
        assert_eq!(i.skipped_orgs, vec!["line 4: no Name".to_owned()]);
        assert!(err("Name,Type\rA,Helpline\r\rB,\"Help\r").starts_with("bad.csv: line 4: a quote"));
    }

    #[test]
    fn a_separator_inside_a_header_name_does_not_mislead() {
        let i = read_csv(Path::new("s.csv"), "Name;Area, district\nMind;Anytown North\n".as_bytes()).unwrap();
        assert_eq!(i.orgs[0].fields, vec![("Area, district".to_owned(), "Anytown North".to_owned())]);
        assert_eq!(sniff_separator(b"\r\n\r\nName\tType\r\nA\tB"), b'\t');
        assert_eq!(sniff_separator(b"Name"), b',');
    }

    #[test]
    fn separators_are_found_from_the_header() {
        for (sep, name) in [(";", "semicolon"), ("\t", "tab"), (",", "comma")] {
            let csv = format!("Name{sep}Type{sep}Area\n\"Café; Mind, Anytown\"{sep}Helpline{sep}North\n");
            let i = read_csv(Path::new("s.csv"), csv.as_bytes()).unwrap();
            assert_eq!(i.orgs.len(), 1, "{name}");
            assert_eq!(i.orgs[0].label, "Café; Mind, Anytown", "{name}");
            assert_eq!(i.orgs[0].fields, vec![("Area".to_owned(), "North".to_owned())], "{name}");
        }
        assert_eq!(
            err("Name;Type\nA;B;C\n"),
            "bad.csv: line 2: this row has 3 cells but the header has 2 (a value with a semicolon in it needs quotes around it)"
        );
    }

    #[test]
    fn an_open_quote_names_the_line_where_it_opened_and_imports_nothing() {
        assert_eq!(
            err("Name,Type\nA,Helpline\n\nB,\"Peer support\nC,Helpline\nD,Helpline\n"),
            "bad.csv: line 4: a quote (\") opens the Type cell here and is never closed, so the rest of the file \
             would be read as that one cell; nothing was imported (close the quote, or write a quote inside a \
             quoted cell as \"\")"
        );
        // Closed much further down, by the next quote in the file.
        let e = err("Name,Type,Notes\nA,\"Helpline,x\nB,Helpline,\"said \"\"hi\"\"\"\n");
        assert!(
            e.starts_with("bad.csv: line 2: a quote (\") opens the Type cell here and only closes on line 3"),
            "{e}"
        );
        // A space after a closing quote is padding.
        let i = read_csv(Path::new("ok.csv"), b"Name,Notes\nA,\"two\nlines\" \nB,x\n").unwrap();
        assert_eq!(i.orgs.iter().map(|o| o.origin.as_str()).collect::<Vec<_>>(), ["line 2", "line 4"]);
        // Quotes inside a cell that did not start with one are text, as the csv crate reads them.
        let i = read_csv(Path::new("ok.csv"), b"Name,Notes\nA,a 5\" screen\n").unwrap();
        assert_eq!(i.orgs[0].notes.as_deref(), Some("a 5\" screen"));
    }

    #[test]
    fn utf16_and_bad_utf8_are_handled() {
        let text = "Name\tType\r\nCafé\tHelpline\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let i = read_csv(Path::new("u.csv"), &bytes).unwrap();
        assert_eq!(i.orgs[0].label, "Café");
        for big_endian in [false, true] {
            let bytes: Vec<u8> =
                text.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
            let e = read_csv(Path::new("u.csv"), &bytes).unwrap_err().to_string();
            assert_eq!(
                e,
                "u.csv: line 1: the file looks like UTF-16 text without a byte-order mark (save the sheet as CSV UTF-8)"
            );
        }
        let e = read_csv(Path::new("bad.csv"), b"Name,Notes\nA,ok\nB,caf\xe9\n").unwrap_err().to_string();
        assert_eq!(e, "bad.csv: line 3: Notes is not UTF-8 text (save the sheet as \"CSV UTF-8\")");
    }

    #[test]
    fn a_file_whose_rows_are_all_left_out_says_why() {
        assert_eq!(
            err("Name,Type\n,Helpline\n,Helpline\n"),
            "bad.csv: every row was left out: line 2: no Name (and 1 more)"
        );
        assert!(err("Name,Type\n").contains("no rows to import"));
        assert_eq!(err(""), "bad.csv: the file is empty");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// A cell as people type them: letters, accents, separators, quotes, spaces and line
        /// breaks inside, so the writer must quote it.
        fn cell() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    Just("a"),
                    Just("é"),
                    Just(" "),
                    Just(","),
                    Just(";"),
                    Just("\t"),
                    Just("\""),
                    Just("\n"),
                    Just("\r\n"),
                    Just("Zoë"),
                ],
                0..6,
            )
            .prop_map(|parts| parts.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            /// Whatever the cells, separator, line endings and blank lines, every row comes back
            /// with its cells and the line it starts on in the file.
            #[test]
            fn rows_come_back_with_their_own_lines(
                rows in proptest::collection::vec((cell(), cell(), 0usize..3), 1..12),
                sep in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
                crlf in any::<bool>(),
                bom in any::<bool>(),
            ) {
                let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
                let mut bytes = if bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
                let sep_text = char::from(sep).to_string();
                bytes.extend(format!("Name{sep_text}Area").as_bytes());
                bytes.extend(end);
                let mut expected = Vec::new();
                for (i, (name, area, blanks)) in rows.iter().enumerate() {
                    for _ in 0..*blanks {
                        bytes.extend(end);
                    }
                    // A name that is only spaces is left out; make every row count.
                    let name = format!("o{i}{name}");
                    let mut w = csv::WriterBuilder::new()
                        .delimiter(sep)
                        .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
                        .from_writer(Vec::new());
                    w.write_record([&name, area]).unwrap();
                    let written = w.into_inner().unwrap();
                    let before = if bom { &bytes[3..] } else { &bytes[..] };
                    expected.push((format!("line {}", line_breaks(before) + 1), name, area.clone()));
                    bytes.extend(written);
                }
                let i = read_csv(Path::new("p.csv"), &bytes).unwrap();
                let got: Vec<(String, String, String)> = i
                    .orgs
                    .iter()
                    .map(|o| (o.origin.clone(), o.label.clone(), o.fields[0].1.clone()))
                    .collect();
                let expected: Vec<(String, String, String)> =
                    expected.into_iter().map(|(l, n, a)| (l, n.trim().to_owned(), a)).collect();
                prop_assert_eq!(got, expected);
            }

            /// Any bytes at all give records or an error naming the file, never a panic.
            #[test]
            fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b','), Just(b';'), Just(b'"'), Just(b'\r'), Just(b'\n'), Just(0xE9u8), Just(0xFFu8), Just(0xFEu8)],
                0..80,
            )) {
                match read_csv(Path::new("any.csv"), &bytes) {
                    Ok(i) => prop_assert!(i.orgs.iter().all(|o| o.origin.starts_with("line "))),
                    Err(e) => prop_assert!(e.to_string().starts_with("any.csv: ")),
                }
            }
        }
    }
}
