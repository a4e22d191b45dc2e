//! Spreadsheets as researchers keep them: a messy CSV typed by hand (byte-order mark, CRLF,
//! blank rows, typos, accents, a duplicate row, a note over two lines, a links file beside it),
//! a quote left open, `;` and tab separators, workbooks laid out as Kumu exports them, and the
//! XLSX round trip through the real binary.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::{example_path, patchwork};
use patchwork::import::read_file;
use patchwork::model::Map;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn a_messy_csv_reads_with_the_files_own_line_numbers() {
    let i = read_file(&fixture("messy.csv")).unwrap();
    let rows: Vec<(&str, &str)> = i.orgs.iter().map(|o| (o.origin.as_str(), o.label.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("line 2", "Anytown Listening Line"),
            ("line 3", "Crisis Cafe on Mill St"),
            ("line 4", "Café Rendez-vous"),
            // Lines 4-5 are one row (a note over two lines), 6 is blank.
            ("line 7", "Hearing Voices Group"),
            ("line 8", "Hearing Voices Group"),
            // 9 is a row of empty cells, 10 and 11 are blank, 12 has no name.
            ("line 13", "Ségolène's Knitting Circle"),
            ("line 14", "Men's Shed"),
        ]
    );
    assert_eq!(i.orgs[2].notes.as_deref(), Some("Run by volunteers.\r\nAsk for Zoë at the door."));
    assert_eq!(i.orgs[2].type_name.as_deref(), Some("crisis café"));
    assert_eq!(i.orgs[5].notes.as_deref(), Some("Says \"come as you are\""));
    assert_eq!(i.orgs[0].tags.as_deref(), Some(&["evening".to_owned(), "phone".to_owned()][..]));
    // The links file beside it: its rows are named by their file.
    let links: Vec<(&str, &str, &str)> =
        i.links.iter().map(|l| (l.origin.as_str(), l.from.as_str(), l.to.as_str())).collect();
    assert_eq!(
        links,
        [
            ("messy-links.csv line 2", "Anytown Listening Line", "Crisis Cafe on Mill St"),
            ("messy-links.csv line 5", "Men's Shed", "Ségolène's Knitting Circle"),
        ]
    );
    assert_eq!(i.skipped_orgs, ["line 12: no Name".to_owned()]);
    assert_eq!(i.skipped_links, ["messy-links.csv line 4: no To (a link needs both From and To)".to_owned()]);
}

#[test]
fn the_cli_imports_the_messy_csv_and_reports_rows_by_line_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("messy.json");
    patchwork().arg("import").arg(fixture("messy.csv")).arg("-o").arg(&out).assert().success().stdout(
        predicate::str::contains("  line 12: no Name")
            .and(predicate::str::contains("  messy-links.csv line 4: no To (a link needs both From and To)")),
    );
    let map = patchwork::io::load_map(&out).unwrap();
    assert!(map.organisations().any(|o| o.name == "Ségolène's Knitting Circle"));
    assert!(map.link_count() >= 2);
}

#[test]
fn a_quote_left_open_names_its_line_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.json");
    patchwork().arg("import").arg(fixture("messy_open_quote.csv")).arg("-o").arg(&out).assert().code(1).stderr(
        predicate::str::contains(
            "messy_open_quote.csv: line 4: a quote (\") opens the Type cell here and is never closed, so the rest \
             of the file would be read as that one cell; nothing was imported",
        ),
    );
    assert!(!out.exists(), "nothing is written from a file with an open quote");
    // Merging into a map leaves the map as it was.
    let base = dir.path().join("base.json");
    std::fs::copy(example_path(), &base).unwrap();
    let before = std::fs::read(&base).unwrap();
    patchwork()
        .arg("import")
        .arg(fixture("messy_open_quote.csv"))
        .arg("-o")
        .arg(&base)
        .arg("--merge-into")
        .arg(&base)
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&base).unwrap(), before);
}

#[test]
fn semicolon_and_tab_separated_files_are_read_by_their_header() {
    let i = read_file(&fixture("messy_semicolon.csv")).unwrap();
    let rows: Vec<(&str, &str)> = i.orgs.iter().map(|o| (o.origin.as_str(), o.label.as_str())).collect();
    assert_eq!(rows, [("line 2", "Café; Mind"), ("line 4", "Zoë's House")]);
    assert_eq!(i.orgs[0].fields, [("Area".to_owned(), "North".to_owned()), ("Capacity".to_owned(), "12,5".to_owned())]);
    let i = read_file(&fixture("messy_tab.tsv")).unwrap();
    let rows: Vec<(&str, &str)> = i.orgs.iter().map(|o| (o.origin.as_str(), o.label.as_str())).collect();
    assert_eq!(rows, [("line 2", "Listening line, Anytown"), ("line 4", "Mind")]);
    assert!(i.skipped.is_empty() && i.skipped_orgs.is_empty() && i.skipped_links.is_empty());
}

#[test]
fn a_sheet_with_no_name_column_says_which_columns_it_wants() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::write(dir.path(), "orgs.csv", b"Organisation,Kind\r\nMind,Advocacy\r\n");
    patchwork().arg("import").arg(&path).arg("-o").arg(dir.path().join("x.json")).assert().code(1).stderr(
        predicate::str::contains(
            "orgs.csv: line 1: no column names the organisations (the columns are: Organisation, Kind); an \
             organisations sheet needs a column called Label or Name, a links sheet columns called From and To",
        ),
    );
}

/// A workbook as a researcher keeps one in Kumu's layout: Elements and Connections sheets, a
/// title row left out, numbers, a date and a yes/no typed as Excel stores them, blank rows.
fn kumu_workbook(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let e = book.add_worksheet();
    e.set_name("Elements").unwrap();
    for (c, h) in ["Label", "Type", "Founded", "Staff", "Funded", "Score"].iter().enumerate() {
        e.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    e.write_string(1, 0, "Listening line").unwrap();
    e.write_string(1, 1, "Helpline").unwrap();
    e.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2019, 4, 1).unwrap(), &date).unwrap();
    e.write_number(1, 3, 3.0).unwrap();
    e.write_boolean(1, 4, true).unwrap();
    e.write_number(1, 5, 0.1 + 0.2).unwrap();
    // Row 3 is blank; row 4 is Café Zoë; rows 5-6 blank; row 7 has no label.
    e.write_string(3, 0, "Café Zoë").unwrap();
    e.write_string(3, 1, "Crisis café").unwrap();
    e.write_number(3, 3, 12.5).unwrap();
    e.write_string(6, 1, "Helpline").unwrap();
    e.write_number(6, 3, 2.0).unwrap();
    let c = book.add_worksheet();
    c.set_name("Connections").unwrap();
    for (i, h) in ["From", "To", "Type", "Direction"].iter().enumerate() {
        c.write_string(0, u16::try_from(i).unwrap(), *h).unwrap();
    }
    for (i, v) in ["Listening line", "Café Zoë", "Referral", "directed"].iter().enumerate() {
        c.write_string(1, u16::try_from(i).unwrap(), *v).unwrap();
    }
    c.write_string(2, 0, "Café Zoë").unwrap();
    c.write_string(2, 2, "Signposting").unwrap();
    let notes = book.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes.write_string(0, 0, "Collected in 2024 interviews").unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_kumu_style_workbook_reads_cells_as_a_sheet_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kumu.xlsx");
    kumu_workbook(&path);
    let i = read_file(&path).unwrap();
    assert_eq!(i.orgs.len(), 2);
    let o = &i.orgs[0];
    assert_eq!(o.origin, "Elements row 2");
    assert_eq!(
        o.fields,
        [
            ("Founded".to_owned(), "2019-04-01".to_owned()),
            ("Staff".to_owned(), "3".to_owned()),
            ("Funded".to_owned(), "TRUE".to_owned()),
            ("Score".to_owned(), "0.3".to_owned()),
        ]
    );
    assert_eq!(i.orgs[1].origin, "Elements row 4");
    assert_eq!(i.orgs[1].label, "Café Zoë");
    assert_eq!(i.orgs[1].fields[1], ("Staff".to_owned(), "12.5".to_owned()));
    assert_eq!(i.links.len(), 1);
    assert_eq!(i.links[0].origin, "Connections row 2");
    assert_eq!(i.links[0].directed, Some(true));
    assert_eq!(i.skipped_orgs, ["Elements!A7: no Label".to_owned()]);
    assert_eq!(i.skipped_links, ["Connections!B3: no To (a link needs both From and To)".to_owned()]);
    // The whole import through the binary says the same.
    patchwork()
        .arg("import")
        .arg(&path)
        .arg("-o")
        .arg(dir.path().join("k.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("  Elements!A7: no Label"));
}

#[test]
fn a_one_sheet_workbook_is_read_by_its_columns_and_unclear_ones_are_refused() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.xlsx");
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "Name").unwrap();
    s.write_string(0, 1, "Type").unwrap();
    s.write_string(1, 0, "Mind").unwrap();
    s.write_string(1, 2, "stray").unwrap();
    book.save(&one).unwrap();
    let e = read_file(&one).unwrap_err().to_string();
    assert!(e.ends_with("one.xlsx: Sheet1!C2: 'stray' is in column C, which has no name in the header row: name the column or clear it"), "{e}");

    let two = dir.path().join("two.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "Name").unwrap();
    book.add_worksheet().write_string(0, 0, "From").unwrap();
    book.save(&two).unwrap();
    let e = read_file(&two).unwrap_err().to_string();
    assert!(e.contains("no sheet is called Organisations"), "{e}");
    assert!(e.contains("(the sheets are: Sheet1, Sheet2)"), "{e}");

    let not_a_workbook = common::write(dir.path(), "fake.xlsx", b"Name,Type\nA,B\n");
    let e = read_file(&not_a_workbook).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{}: not a workbook Patchwork can read (.xlsx)", not_a_workbook.display())), "{e}");
}

#[test]
fn xlsx_round_trips_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("anytown.xlsx");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&xlsx).assert().success();
    let back_path = dir.path().join("back.json");
    patchwork().arg("import").arg(&xlsx).arg("-o").arg(&back_path).assert().success().stdout(
        predicate::str::contains("Organisations: 40 in the file = 40 created")
            .and(predicate::str::contains("Skipped").not()),
    );
    let a = patchwork::example_map().unwrap();
    let b: Map = patchwork::io::load_map(&back_path).unwrap();
    assert_eq!(b.meta.title, a.meta.title);
    assert_eq!(a.org_count(), b.org_count());
    assert_eq!(a.link_count(), b.link_count());
    for o in a.organisations() {
        let other = b.org(&o.id).unwrap_or_else(|| panic!("missing {}", o.id));
        assert_eq!(other.name, o.name);
        assert_eq!(other.org_type, o.org_type, "{}", o.id);
        assert_eq!(other.fields, o.fields, "{}", o.id);
        assert_eq!(other.tags, o.tags, "{}", o.id);
        assert_eq!(other.notes, o.notes, "{}", o.id);
        assert_eq!((other.pinned, other.sensitive), (o.pinned, o.sensitive), "{}", o.id);
        // Exactly the same positions: numbers go into number cells and read back to the same f32.
        assert_eq!(other.position.map(f32::to_bits), o.position.map(f32::to_bits), "{}", o.id);
    }
    for l in a.link_records() {
        let other = b.link_record(&l.id).unwrap_or_else(|| panic!("missing {}", l.id));
        assert_eq!((&other.from, &other.to, &other.link_type), (&l.from, &l.to, &l.link_type));
        assert_eq!(other.fields, l.fields);
        assert_eq!(other.notes, l.notes);
    }
    let names = |m: &Map| m.typology().org_types.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&b), names(&a));
}

#[test]
fn a_workbook_written_by_another_tool_reads_the_same_way() {
    // tests/fixtures/messy.xlsx was written by openpyxl (Python), as PRSM-style Nodes and Edges
    // sheets after an About sheet: numbers stored as floats, dates, a yes/no, an empty row, a
    // duplicate row, a typo, a note over two lines, a row without a name, a link without an end.
    let i = read_file(&fixture("messy.xlsx")).unwrap();
    let rows: Vec<(&str, &str)> = i.orgs.iter().map(|o| (o.origin.as_str(), o.label.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("Nodes row 2", "Anytown Listening Line"),
            ("Nodes row 3", "Crisis Cafe on Mill St"),
            ("Nodes row 5", "Hearing Voices Group"),
            ("Nodes row 6", "Hearing Voices Group"),
            ("Nodes row 8", "Ségolène's Knitting Circle"),
        ]
    );
    let field = |o: usize, name: &str| i.orgs[o].fields.iter().find(|f| f.0 == name).map(|f| f.1.as_str());
    assert_eq!(field(0, "Volunteers"), Some("12"));
    assert_eq!(field(0, "Since"), Some("2015-03-01"));
    assert_eq!(field(0, "Open late"), Some("TRUE"));
    assert_eq!(field(1, "Open late"), Some("FALSE"));
    assert_eq!(field(2, "Volunteers"), Some("2.5"));
    assert_eq!(field(4, "Volunteers"), Some("0"));
    assert_eq!(i.orgs[2].notes.as_deref(), Some("Meets Tuesdays\nat the library"));
    assert_eq!(i.orgs[1].type_name.as_deref(), Some("crisis café"));
    let links: Vec<&str> = i.links.iter().map(|l| l.origin.as_str()).collect();
    assert_eq!(links, ["Edges row 2", "Edges row 5"]);
    assert_eq!(i.skipped_orgs, ["Nodes!A7: no Name".to_owned()]);
    assert_eq!(i.skipped_links, ["Edges!B3: no To (a link needs both From and To)".to_owned()]);
}

/// The messy sheets' reports add up to the records the researcher typed: every non-empty row
/// (of the CSV and the links file beside it, or of the workbook's two sheets) is created,
/// merged into its duplicate, or skipped with its line or cell named.
#[test]
fn the_messy_sheets_reports_add_up_to_the_rows_typed() {
    use patchwork::import::import_into;
    // messy.csv: 8 rows with something in them (one a duplicate, one without a name);
    // messy-links.csv: 3 (one without a To).
    // messy.xlsx: 6 rows on Nodes (a duplicate, one without a name), 3 on Edges (one without a To).
    for (name, orgs, links) in [("messy.csv", (8, 6, 1, 1), (3, 2, 0, 1)), ("messy.xlsx", (6, 4, 1, 1), (3, 2, 0, 1))] {
        let (map, report) = import_into(&Map::new(), &fixture(name)).unwrap();
        let lines = report.lines();
        let tally = |t: &patchwork::import::Tally| (t.in_file, t.created, t.merged, t.skipped);
        assert_eq!(tally(&report.orgs), orgs, "{name}: {lines:?}");
        assert_eq!(tally(&report.links), links, "{name}: {lines:?}");
        assert!(report.orgs.adds_up() && report.links.adds_up(), "{name}: {lines:?}");
        assert_eq!(map.org_count(), orgs.1, "{name}");
        assert_eq!(report.skipped.len(), 2, "{name}: {lines:?}");
        assert_eq!(report.merged.len(), 1, "{name}: {lines:?}");
    }
}
