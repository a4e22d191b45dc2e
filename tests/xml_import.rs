//! GraphML and GEXF reading at its edges: the edge direction as an attribute (and in the older
//! forms), UTF-16 files, and hostile shapes (an element with 200,000 attributes, megabyte
//! names, 100,000 keys) that must be read in time linear in their size.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use patchwork::import::{import_into, read_file};
use patchwork::model::Map;
use std::path::{Path, PathBuf};

/// `each(0) + each(1) + ... + each(n - 1)`.
fn numbered(n: usize, each: impl Fn(usize) -> String) -> String {
    (0..n).fold(String::new(), |mut s, i| {
        s.push_str(&each(i));
        s
    })
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Each new link type's name and whether it is directed, as the import made them.
fn link_directions(map: &Map, names: &[&str]) -> Vec<(String, bool)> {
    names
        .iter()
        .map(|name| {
            let t = map.typology().link_types.iter().find(|t| t.name == *name).unwrap_or_else(|| panic!("no {name}"));
            (t.name.clone(), t.directed)
        })
        .collect()
}

#[test]
fn the_direction_attribute_and_the_older_forms_are_read_from_graphml_and_gexf() {
    for name in ["directed-key.graphml", "directed-attr.gexf"] {
        let read = read_file(&fixture(name)).unwrap();
        let directed: Vec<_> = read.links.iter().map(|l| l.directed).collect();
        assert_eq!(directed, [Some(true), Some(false), Some(false)], "{name}");
        assert!(read.links.iter().all(|l| l.fields.is_empty()), "{name}: the direction is not a field");
        let (map, report) = import_into(&Map::new(), &fixture(name)).unwrap();
        assert_eq!((report.orgs.created, report.links.created), (3, 3), "{name}");
        assert_eq!(
            link_directions(&map, &["Hands over to", "Shares a room with", "Old mutual aid"]),
            [("Hands over to".into(), true), ("Shares a room with".into(), false), ("Old mutual aid".into(), false)],
            "{name}"
        );
        assert!(map.typology().fields.iter().all(|f| f.name != "directed"), "{name}");
    }
}

/// `text` as UTF-16 with a byte-order mark.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mark: [u8; 2] = if big_endian { [0xFE, 0xFF] } else { [0xFF, 0xFE] };
    let units = text.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    mark.into_iter().chain(units).collect()
}

#[test]
fn a_utf16_file_from_a_windows_tool_is_read() {
    let (map, report) = import_into(&Map::new(), &fixture("windows-utf16.graphml")).unwrap();
    assert_eq!((report.orgs.created, report.links.created), (3, 2));
    let mut names: Vec<_> = map.organisations().map(|o| o.name.clone()).collect();
    names.sort();
    assert_eq!(names, ["Café Crème drop-in", "Samaritans 🙂", "Łódź diaspora group — 日本語 too"]);
    let cafe = map.organisations().find(|o| o.name.starts_with("Café")).unwrap();
    assert_eq!(cafe.notes, "Open Fridays 7pm–9pm\nAsk for Zoë", "CRLF read as a line end");
}

#[test]
fn every_xml_fixture_reads_the_same_as_utf16_either_way_round_and_with_a_utf8_mark() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["yed.graphml", "gephi.graphml", "networkx.graphml", "gephi.gexf", "directed-attr.gexf"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let (utf8, _) = import_into(&Map::new(), &fixture(name)).unwrap();
        let utf8 = patchwork::io::map_to_bytes(&utf8);
        let marked = [b"\xEF\xBB\xBF".to_vec(), text.as_bytes().to_vec()].concat();
        for (variant, bytes) in [("le", utf16(&text, false)), ("be", utf16(&text, true)), ("bom", marked)] {
            let path = common::write(dir.path(), &format!("{variant}-{name}"), &bytes);
            let (map, _) = import_into(&Map::new(), &path).unwrap_or_else(|e| panic!("{variant} {name}: {e}"));
            assert!(patchwork::io::map_to_bytes(&map) == utf8, "{variant} {name}");
        }
    }
    let no_mark = utf16("<graphml><graph/></graphml>", false)[2..].to_vec();
    let path = common::write(dir.path(), "no-mark.graphml", &no_mark);
    let e = import_into(&Map::new(), &path).unwrap_err().to_string();
    assert!(e.contains("no-mark.graphml") && e.contains("UTF-16 text without a byte-order mark"), "{e}");
}

/// Hostile shapes are read in time linear in their size (a quadratic reader took 32 s over
/// the first). The sizes are the issue's; debug builds take a few seconds at most, release
/// builds milliseconds (see `cargo run --release --example xml_limits`).
#[test]
fn hostile_shapes_are_read_whole_and_correctly() {
    let dir = tempfile::tempdir().unwrap();
    // One element with 200,000 attributes (2.3 MB).
    let attrs = numbered(200_000, |i| format!(" a{i}=\"v{i}\""));
    let doc = format!(
        "<graphml><graph><node id=\"n\"{attrs}/><node id=\"m\"/><edge source=\"n\" target=\"m\"/></graph></graphml>"
    );
    let path = common::write(dir.path(), "attrs.graphml", doc.as_bytes());
    let read = read_file(&path).unwrap();
    assert_eq!((read.orgs.len(), read.links.len()), (2, 1));
    // ... and one of them given twice, at the end, is found.
    let twice = doc.replacen("/><node id=\"m\"", " a123456=\"again\"/><node id=\"m\"", 1);
    let path = common::write(dir.path(), "twice.graphml", twice.as_bytes());
    let e = read_file(&path).unwrap_err().to_string();
    assert!(e.contains("attribute a123456 is given twice"), "{e}");
    // A 1 MB node id and 1 MB name (and the same in GEXF).
    let long = "é".repeat(1 << 19);
    let doc = format!(
        "<graphml><key id=\"l\" for=\"node\" attr.name=\"label\"/><graph><node id=\"{long}\"><data key=\"l\">{long}</data></node></graph></graphml>"
    );
    let path = common::write(dir.path(), "long.graphml", doc.as_bytes());
    let (map, _) = import_into(&Map::new(), &path).unwrap();
    assert_eq!(map.organisations().next().unwrap().name.len(), 1 << 20);
    let doc = format!("<gexf><graph><nodes><node id=\"{long}\" label=\"{long}\"/></nodes></graph></gexf>");
    let path = common::write(dir.path(), "long.gexf", doc.as_bytes());
    let (map, _) = import_into(&Map::new(), &path).unwrap();
    assert_eq!(map.organisations().next().unwrap().name.len(), 1 << 20);
    // 100,000 keys, each used once.
    let keys: String = numbered(100_000, |i| format!("<key id=\"k{i}\" for=\"node\" attr.name=\"field {i}\"/>"));
    let data = numbered(100_000, |i| format!("<data key=\"k{i}\">{i}</data>"));
    let doc = format!("<graphml>{keys}<graph><node id=\"n\">{data}</node></graph></graphml>");
    let path = common::write(dir.path(), "keys.graphml", doc.as_bytes());
    let read = read_file(&path).unwrap();
    assert_eq!(read.orgs[0].fields.len(), 100_000);
    assert_eq!(read.orgs[0].fields[99_999], ("field 99999".to_owned(), "99999".to_owned()));
    // And imported whole: 100,000 new fields, each value kept.
    let (map, report) = import_into(&Map::new(), &path).unwrap();
    let defaults = patchwork::model::default_typology().fields.len();
    assert_eq!(map.typology().fields.len(), defaults + 100_000);
    assert_eq!(map.organisations().next().unwrap().fields.len(), 100_000);
    assert!(report.orgs.adds_up());
}
