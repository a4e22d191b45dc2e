//! Figures and data: round trips through GraphML, GEXF, CSV and Kumu JSON, files written by
//! yEd, Gephi and networkx, escaping and formula-injection safety, redaction, and the CLI.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::{example_path, patchwork};
use patchwork::export::{self, ExportOptions};
use patchwork::import::import_into;
use patchwork::model::{Map, OrgId, TypeId};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn near(a: [f32; 2], b: [f32; 2]) -> bool {
    (a[0] - b[0]).abs() < 0.01 && (a[1] - b[1]).abs() < 0.01
}

fn example() -> Map {
    patchwork::example_map().unwrap()
}

/// Organisations and links of `b` match `a` by id: names, types, fields, positions, links.
fn assert_same_content(a: &Map, b: &Map, positions: bool) {
    assert_eq!(a.org_count(), b.org_count());
    assert_eq!(a.link_count(), b.link_count());
    for o in a.organisations() {
        let other = b.org(&o.id).unwrap_or_else(|| panic!("missing {}", o.id));
        assert_eq!(other.name, o.name);
        assert_eq!(other.org_type, o.org_type, "{}", o.id);
        assert_eq!(other.fields, o.fields, "{}", o.id);
        assert_eq!(other.tags, o.tags, "{}", o.id);
        if positions {
            assert!(
                (other.position[0] - o.position[0]).abs() < 0.01 && (other.position[1] - o.position[1]).abs() < 0.01
            );
        }
    }
    for l in a.link_records() {
        let other = b.link_record(&l.id).unwrap_or_else(|| panic!("missing {}", l.id));
        assert_eq!((&other.from, &other.to, &other.link_type), (&l.from, &l.to, &l.link_type));
        assert_eq!(other.fields, l.fields);
    }
}

fn round_trip(ext: &str) -> Map {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("out.{ext}"));
    export::export(&example(), &path, &ExportOptions::default()).unwrap();
    let (back, report) = import_into(&Map::new(), &path).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    back
}

#[test]
fn graphml_round_trip_keeps_everything() {
    let back = round_trip("graphml");
    assert_same_content(&example(), &back, true);
    assert_eq!(back.typology(), example().typology());
    assert_eq!(back.meta.title, example().meta.title);
}

#[test]
fn gexf_round_trip_keeps_everything() {
    assert_same_content(&example(), &round_trip("gexf"), true);
}

#[test]
fn csv_round_trip_keeps_everything() {
    assert_same_content(&example(), &round_trip("csv"), true);
}

#[test]
fn kumu_round_trip_keeps_organisations_and_links() {
    assert_same_content(&example(), &round_trip("kumu.json"), false);
}

#[test]
fn yed_file_imports_labels_positions_and_colours() {
    let (map, report) = import_into(&Map::new(), &fixture("yed.graphml")).unwrap();
    assert_eq!(map.org_count(), 3, "{:?}", report.lines());
    let cafe = map.organisations().find(|o| o.name == "Crisis Café").unwrap();
    assert!(near(cafe.position, [100.0, 200.0]), "centre of the yEd geometry");
    assert_eq!(cafe.notes, "Open Friday & Saturday nights");
    assert_eq!(map.link_count(), 2);
    // The labelled edge became a referral; the unlabelled one a generic connection.
    let types: Vec<String> = map.link_records().iter().map(|l| l.link_type.to_string()).collect();
    assert!(types.contains(&"referral".to_owned()), "{types:?}");
}

#[test]
fn gephi_graphml_imports_types_positions_and_weights() {
    let (map, report) = import_into(&Map::new(), &fixture("gephi.graphml")).unwrap();
    assert_eq!(map.org_count(), 3);
    let line = map.organisations().find(|o| o.name == "Listening Line").unwrap();
    assert_eq!(line.org_type, TypeId::new("helpline"), "type matched by name");
    assert!(near(line.position, [-120.5, 33.25]));
    assert_eq!(map.link_count(), 2);
    assert!(map.link_records().iter().all(|l| l.link_type.as_str() == "signposting"));
    assert!(report.typology_added.iter().any(|t| t.contains("weight")), "{:?}", report.typology_added);
}

#[test]
fn networkx_graphml_imports_with_ids_as_labels() {
    let (map, report) = import_into(&Map::new(), &fixture("networkx.graphml")).unwrap();
    assert_eq!(map.org_count(), 3, "{:?}", report.lines());
    assert_eq!(map.meta.title, "Northside informal support");
    assert!(map.organisations().any(|o| o.name == "Men's Shed"));
    // "community group" is the default typology's Community or hobby group (its id, as words).
    let knit = map.organisations().find(|o| o.name == "Knit and Natter").unwrap();
    assert_eq!(knit.org_type.as_str(), "community_group", "{:?}", report.lines());
    assert!(report.types_read_as.iter().any(|t| t.contains("'community group' read as")), "{:?}", report.lines());
    let partnership = map.link_records().into_iter().find(|l| l.link_type.as_str() == "partnership");
    assert!(partnership.is_some());
}

#[test]
fn gephi_gexf_imports_positions_colours_and_new_types() {
    let (map, report) = import_into(&Map::new(), &fixture("gephi.gexf")).unwrap();
    assert_eq!(map.org_count(), 3);
    let line = map.organisations().find(|o| o.name == "Listening Line").unwrap();
    assert!(near(line.position, [-120.5, -33.25]), "Gephi's y axis points up");
    let faith = map.organisations().find(|o| o.name == "Faith group").unwrap();
    let ty = map.typology().org_type(&faith.org_type).unwrap();
    assert_eq!(ty.colour.to_hex(), "#F0E442", "a new type takes the file's colour");
    assert!(report.typology_added.iter().any(|t| t.contains("Faith group")));
    let partnership = map.link_records().into_iter().find(|l| l.link_type.as_str() == "partnership").unwrap();
    assert_eq!(partnership.to, line.id);
}

#[test]
fn kumu_blueprint_imports_nested_attributes() {
    let (map, _) = import_into(&Map::new(), &fixture("kumu.json")).unwrap();
    assert_eq!(map.org_count(), 2);
    let line = map.organisations().find(|o| o.name == "Listening Line").unwrap();
    assert_eq!(line.tags, vec!["evening".to_owned(), "volunteer-run".to_owned()]);
    assert_eq!(map.link_count(), 1);
}

#[test]
fn reimporting_an_updated_spreadsheet_merges_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.csv");
    let map = example();
    export::export(&map, &path, &ExportOptions::default()).unwrap();
    let mut text = std::fs::read_to_string(&path).unwrap();
    text = text.replacen("Anytown Listening Line", "Anytown Listening Line (renamed)", 1);
    let columns = text.lines().next().unwrap().split(',').count();
    text += "Brand new group,Community or hobby group";
    text += &",".repeat(columns - 2);
    text += "\r\n";
    std::fs::write(&path, text).unwrap();
    let (merged, report) = import_into(&map, &path).unwrap();
    assert_eq!(merged.org_count(), map.org_count() + 1, "{:?}", report.lines());
    assert_eq!(report.orgs.created, 1);
    assert_eq!(report.orgs.updated, 1);
    assert!(report.orgs.adds_up() && report.links.adds_up(), "{:?}", report.lines());
    assert_eq!(merged.link_count(), map.link_count(), "links merged, not duplicated");
    assert_eq!(merged.org(&OrgId::new("o1")).unwrap().name, "Anytown Listening Line (renamed)");
}

#[test]
fn rows_with_different_ids_stay_different_organisations_even_with_one_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branches.graphml");
    let graphml = r#"<graphml><key id="l" for="node" attr.name="label"/><key id="t" for="node" attr.name="type"/>
<graph edgedefault="undirected">
<node id="mind-north"><data key="l">Mind</data><data key="t">Advocacy and advice</data></node>
<node id="mind-south"><data key="l">Mind</data><data key="t">Advocacy and advice</data></node>
<node id="cafe"><data key="l">Café</data></node>
<edge source="mind-north" target="cafe"/><edge source="mind-south" target="cafe"/>
</graph></graphml>"#;
    std::fs::write(&path, graphml).unwrap();
    let (map, report) = import_into(&Map::new(), &path).unwrap();
    assert_eq!(map.org_count(), 3, "two branches of one charity are two organisations: {:?}", report.lines());
    assert_eq!(map.link_count(), 2);
    assert!(map.org(&OrgId::new("mind-south")).is_some());
    // Imported again with a third branch: it is new, and nothing is lost.
    let third = graphml.replace(
        "<node id=\"cafe\">",
        "<node id=\"mind-east\"><data key=\"l\">Mind</data><data key=\"t\">Advocacy and advice</data></node>\n<node id=\"cafe\">",
    );
    let third = third.replace("</graph>", "<edge source=\"mind-east\" target=\"cafe\"/></graph>");
    std::fs::write(&path, &third).unwrap();
    let (again, report) = import_into(&map, &path).unwrap();
    assert_eq!(again.org_count(), 4, "{:?}", report.lines());
    assert_eq!(again.link_count(), 3);
    assert_eq!((report.orgs.created, report.links.created), (1, 1));
    // Into a map that already has one "Mind": the first branch is taken as it, the second is new.
    let mut one = Map::new();
    let adv = patchwork::model::TypeId::new("advocacy");
    assert!(one.typology().org_type(&adv).is_some(), "the default typology has advocacy");
    one.insert_organisation(patchwork::model::Organisation::new(OrgId::new("o1"), "Mind", adv, [0.0, 0.0])).unwrap();
    std::fs::write(&path, graphml).unwrap();
    let (merged, report) = import_into(&one, &path).unwrap();
    assert_eq!(merged.org_count(), 3, "{:?}", report.lines());
    assert_eq!((report.orgs.created, report.orgs.updated, report.orgs.unchanged), (2, 0, 1));
    // Rows without ids (a spreadsheet with no ID column) that repeat a name and type are one.
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, "Name,Type\nMind,Advocacy and advice\nMind,Advocacy and advice\n").unwrap();
    let (map, _) = import_into(&Map::new(), &csv).unwrap();
    assert_eq!(map.org_count(), 1);
}

#[test]
fn hostile_names_stay_text_in_every_format() {
    let mut map = example();
    let mut o = map.org(&OrgId::new("o1")).unwrap().clone();
    o.name = "</text><script>alert(1)</script>&".into();
    map.replace_organisation(o).unwrap();
    let mut o = map.org(&OrgId::new("o2")).unwrap().clone();
    o.name = "=HYPERLINK(\"http://x\",\"click\")".into();
    map.replace_organisation(o).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for ext in ["svg", "graphml", "gexf"] {
        let path = dir.path().join(format!("h.{ext}"));
        export::export(&map, &path, &ExportOptions::default()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("<script>"), "{ext}");
        let parsed = patchwork::import::xml_in::parse(&path, text.as_bytes()).unwrap();
        assert!(!parsed.children.is_empty());
    }
    let (back, _) = import_into(&Map::new(), &dir.path().join("h.graphml")).unwrap();
    assert_eq!(back.org(&OrgId::new("o1")).unwrap().name, "</text><script>alert(1)</script>&");
    let csv_path = dir.path().join("h.csv");
    export::export(&map, &csv_path, &ExportOptions::default()).unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "formula neutralised");
    let (back, _) = import_into(&Map::new(), &csv_path).unwrap();
    assert_eq!(back.org(&OrgId::new("o2")).unwrap().name, "=HYPERLINK(\"http://x\",\"click\")");
}

#[test]
fn xml_with_a_dtd_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laughs.graphml");
    std::fs::write(&path, "<?xml version=\"1.0\"?>\n<!DOCTYPE g [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n<graphml><graph><node id=\"&b;\"/></graph></graphml>").unwrap();
    let e = import_into(&Map::new(), &path).unwrap_err().to_string();
    assert!(e.contains("laughs.graphml") && e.contains("line 2") && e.contains("DTD"), "{e}");
}

#[test]
fn figure_outputs_have_the_right_form() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("f.png");
    let options = ExportOptions { scale: 1.0, ..ExportOptions::default() };
    export::export(&example(), &png, &options).unwrap();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let (fig, _) = export::figure(&example(), &options).unwrap();
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    assert_eq!(width, patchwork::convert::round_px(fig.width));
    let pdf = dir.path().join("f.pdf");
    export::export(&example(), &pdf, &ExportOptions { page: Some(export::render::Paper::A4), ..options }).unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}

#[test]
fn svg_of_a_small_map_is_stable() {
    let mut map = Map::new();
    map.meta.title = "Two services".into();
    let a =
        patchwork::model::Organisation::new(OrgId::new("o1"), "Listening line", TypeId::new("helpline"), [0.0, 0.0]);
    let b =
        patchwork::model::Organisation::new(OrgId::new("o2"), "Crisis café", TypeId::new("crisis_cafe"), [160.0, 40.0]);
    map.insert_organisation(a).unwrap();
    map.insert_organisation(b).unwrap();
    map.insert_link(patchwork::model::LinkRecord::new(
        patchwork::model::LinkId::new("l1"),
        OrgId::new("o2"),
        OrgId::new("o1"),
        TypeId::new("signposting"),
    ))
    .unwrap();
    let (fig, _) =
        export::figure(&map, &ExportOptions { caption: Some("Signposting only.".into()), ..ExportOptions::default() })
            .unwrap();
    // The version is replaced so a release does not change the snapshot.
    insta::assert_snapshot!("two_services_svg", fig.svg.replace(patchwork::CREATOR, "Patchwork VERSION"));
}

#[test]
fn cli_exports_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for name in
        ["m.svg", "m.png", "m.pdf", "m.csv", "m.graphml", "m.gexf", "m.dot", "m.kumu.json", "m.md", "m.typology.csv"]
    {
        let out = dir.path().join(name);
        patchwork().arg("export").arg(example_path()).arg("-o").arg(&out).assert().success();
        assert!(out.is_file(), "{name}");
    }
    assert!(dir.path().join("m-links.csv").is_file());
    let alt = dir.path().join("alt.txt");
    patchwork()
        .args(["export"])
        .arg(example_path())
        .arg("-o")
        .arg(dir.path().join("v.svg"))
        .args(["--view", "Referral pathways", "--theme", "print", "--alt-text"])
        .arg(&alt)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&alt).unwrap().contains("Most connected"));
    patchwork()
        .arg("export")
        .arg(example_path())
        .arg("-o")
        .arg(dir.path().join("x.svg"))
        .args(["--view", "Nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no saved view called 'Nope'"));
}

#[test]
fn cli_redact_says_what_it_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.csv");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&out).arg("--redact").assert().success().stdout(
        predicate::str::contains("sensitive organisations renamed").and(predicate::str::contains("Contact person")),
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("Kitchen Table"), "a sensitive name leaked");
    assert!(!text.contains("Contact person"));
}

#[test]
fn cli_imports_and_merges() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.json");
    patchwork()
        .arg("import")
        .arg(fixture("gephi.gexf"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Organisations: 3 in the file = 3 created"));
    patchwork().arg("validate").arg(&out).assert().success();
    let merged = dir.path().join("merged.json");
    patchwork()
        .arg("import")
        .arg(fixture("yed.graphml"))
        .arg("-o")
        .arg(&merged)
        .arg("--merge-into")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("Organisations: 3 in the file = 3 created + 0 updated"));
    patchwork().arg("validate").arg(&merged).assert().success().stdout(predicate::str::contains("6 organisations"));
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Label,Type\nA,B,C\n").unwrap();
    patchwork()
        .arg("import")
        .arg(&bad)
        .arg("-o")
        .arg(dir.path().join("x.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.csv: line 2: this row has 3 cells but the header has 2"));
}

/// `--map-type` decides what a type name becomes; the report says how names were read; a choice
/// naming no type of the file is an error that names the file and lists the names it has.
#[test]
fn cli_map_type_chooses_what_a_type_becomes() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("groups.csv");
    std::fs::write(&sheet, "Name,Type\nPeer pals,Peer Suport\nChat line,Listening lines\nInfo desk,Info\n").unwrap();
    let out = dir.path().join("map.json");
    patchwork()
        .args(["import", sheet.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("'Peer Suport' read as 'Peer support group' (a near miss"))
        .stdout(predicate::str::contains("import again with --map-type \"NAME=NAME\""))
        .stdout(predicate::str::contains("'Listening lines' read as 'Helpline or listening line'"));
    let map = patchwork::io::load_map(&out).unwrap();
    let type_of = |map: &Map, name: &str| map.organisations().find(|o| o.name == name).unwrap().org_type.clone();
    assert_eq!(type_of(&map, "Peer pals"), TypeId::new("peer_support"));
    patchwork()
        .args(["import", sheet.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--map-type", "Peer Suport=Peer Suport", "--map-type", "info=Advocacy and advice"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Added organisation type 'Peer Suport'"));
    let map = patchwork::io::load_map(&out).unwrap();
    assert_eq!(type_of(&map, "Peer pals"), TypeId::new("peer_suport"));
    assert_eq!(type_of(&map, "Info desk"), TypeId::new("advocacy"));
    patchwork()
        .args(["import", sheet.to_str().unwrap(), "-o", out.to_str().unwrap(), "--map-type", "Cafe=Helpline"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("groups.csv: no organisation type 'Cafe' in the file (it has: Peer Suport"));
}

/// Records in a fixture counted independently of the readers: XML node and edge elements, Kumu
/// elements and connections.
fn records_in(path: &Path) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let len = |k: &str| v[k].as_array().map_or(0, Vec::len);
        return (len("elements"), len("connections"));
    }
    let count = |tag: &str| text.matches(&format!("<{tag} ")).count() + text.matches(&format!("<{tag}>")).count();
    (count("node"), count("edge"))
}

/// Every file written by another tool imports with every record accounted for: the report's
/// tally adds up to the records in the file, and files from networkx (DiGraph, MultiDiGraph with
/// edge ids repeated per pair) and igraph (no edge ids, a pair linked twice) keep every edge.
#[test]
fn files_from_other_tools_import_with_every_record_accounted_for() {
    let keep_every_edge =
        ["networkx_digraph.graphml", "networkx_multidigraph.graphml", "igraph.graphml", "networkx.gexf"];
    let others = ["yed.graphml", "gephi.graphml", "gephi.gexf", "networkx.graphml", "kumu.json"];
    for name in keep_every_edge.iter().chain(&others) {
        let path = fixture(name);
        let (orgs, links) = records_in(&path);
        let (map, report) = import_into(&Map::new(), &path).unwrap();
        let lines = report.lines();
        assert_eq!((report.orgs.in_file, report.links.in_file), (orgs, links), "{name}: {lines:?}");
        assert!(report.orgs.adds_up() && report.links.adds_up(), "{name}: {lines:?}");
        assert_eq!(map.org_count(), report.orgs.created, "{name}: {lines:?}");
        if keep_every_edge.contains(name) {
            assert_eq!(map.link_count(), links, "{name} keeps every edge: {lines:?}");
            // Their link types are the map's own (networkx writes GEXF's edge type attribute
            // with the type's name, and numbers parallel edges in networkx_key: not data).
            let added = report.typology_added.join("; ");
            assert!(!added.contains("link type") && !added.contains("networkx_key"), "{name}: {added}");
        }
    }
}

/// A PNG's size in pixels, from its header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// PNG figures take a width or a height in pixels, and a figure past the 16,384-pixel limit is
/// scaled down to fit with a note instead of being refused.
#[test]
fn png_takes_a_size_in_pixels_and_fits_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("fig.png");
    let export = |extra: &[&str]| {
        patchwork().args(["export", example_path().to_str().unwrap(), "-o", png.to_str().unwrap()]).args(extra).assert()
    };
    export(&["--width", "800"]).success();
    assert_eq!(png_size(&png).0, 800);
    export(&["--height", "300"]).success();
    assert_eq!(png_size(&png).1, 300);
    export(&["--width", "800", "--height", "300"]).failure();
    // Two organisations 300,000 units apart: at the default scale 600,000 pixels wide.
    let mut strip = Map::new();
    let t = strip.typology().org_types[0].id.clone();
    for (i, x) in [0.0, 300_000.0].into_iter().enumerate() {
        let o =
            patchwork::model::Organisation::new(OrgId::new(format!("o{i}")), format!("End {i}"), t.clone(), [x, 0.0]);
        strip.insert_organisation(o).unwrap();
    }
    let map_path = dir.path().join("strip.json");
    std::fs::write(&map_path, patchwork::io::map_to_bytes(&strip)).unwrap();
    patchwork()
        .args(["export", map_path.to_str().unwrap(), "-o", png.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("past the 16384-pixel limit of a side: written 16384 ×"));
    assert_eq!(png_size(&png).0, 16_384);
}

/// The example with two organisations and a link stamped "last changed by".
fn stamped_example() -> Map {
    use patchwork::model::Provenance;
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T14:05:00Z").unwrap().to_utc();
    let mut map = example();
    for (i, by) in [(0, "Ana"), (1, "Bo")] {
        let mut o = map.organisations_sorted()[i].clone();
        o.changed = Some(Provenance::new(by, at));
        map.replace_organisation(o).unwrap();
    }
    let mut l = map.link_records()[0].clone();
    l.changed = Some(Provenance::new("Ana", at));
    map.replace_link(l).unwrap();
    map
}

#[test]
fn data_exports_carry_who_changed_each_item_and_imports_leave_it_out() {
    let map = stamped_example();
    let dir = tempfile::tempdir().unwrap();
    for ext in ["csv", "graphml", "gexf", "xlsx"] {
        let path = dir.path().join(format!("out.{ext}"));
        export::export(&map, &path, &ExportOptions::default()).unwrap();
        if ext == "csv" {
            let orgs = std::fs::read_to_string(&path).unwrap();
            let header = orgs.lines().next().unwrap();
            assert!(header.ends_with(",Changed by,Changed at"), "{header}");
            assert!(orgs.contains(",Ana,2026-11-30T14:05:00Z"), "{orgs}");
            let links = std::fs::read_to_string(patchwork::formats::links_csv_path(&path)).unwrap();
            assert!(links.lines().next().unwrap().ends_with(",Changed by,Changed at"));
            assert_eq!(links.matches("2026-11-30T14:05:00Z").count(), 1);
        } else if ext != "xlsx" {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains("\"changed_by\""), "{ext}");
            assert_eq!(text.matches(">Ana<").count() + text.matches("value=\"Ana\"").count(), 2, "{ext}");
        }
        let (back, report) = import_into(&Map::new(), &path).unwrap();
        assert!(report.skipped.is_empty(), "{ext}: {:?}", report.skipped);
        assert_same_content(&map, &back, true);
        let names: Vec<&str> = back.typology().fields.iter().map(|f| f.name.as_str()).collect();
        assert!(!names.iter().any(|n| n.to_lowercase().contains("changed")), "{ext}: {names:?}");
    }
    // A map without stamps exports exactly as before: no stamp columns.
    let path = dir.path().join("plain.csv");
    export::export(&example(), &path, &ExportOptions::default()).unwrap();
    assert!(!std::fs::read_to_string(&path).unwrap().contains("Changed by"));
}
