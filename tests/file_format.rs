//! The map file: round trips, atomic saves with backup, and a clear error for every kind of bad file.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::{example_path, example_value, write};
use patchwork::io::{LoadError, backup_path, load_map, map_to_bytes, save_map};
use std::path::Path;

#[test]
fn example_round_trips_byte_for_byte() {
    let original = std::fs::read(example_path()).unwrap();
    let map = load_map(&example_path()).unwrap();
    assert_eq!(map.org_count(), 40);
    assert!(map.link_count() >= 70);
    assert_eq!(map_to_bytes(&map), original);
}

#[test]
fn save_is_atomic_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("town.json");
    let mut map = patchwork::example_map().unwrap();
    save_map(&map, &path).unwrap();
    let first = std::fs::read(&path).unwrap();
    map.meta.title = "Renamed".into();
    save_map(&map, &path).unwrap();
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), first);
    assert_eq!(load_map(&path).unwrap().meta.title, "Renamed");
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "only the map and its backup: {names:?}");
}

fn error_for(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.json", bytes);
    let err = load_map(&path).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("bad.json"), "error names the file: {text}");
    text.replace(&path.display().to_string(), "bad.json")
}

fn error_for_value(v: &serde_json::Value) -> String {
    error_for(serde_json::to_string_pretty(v).unwrap().as_bytes())
}

#[test]
fn dangling_link_is_named() {
    let mut v = example_value();
    v["links"][6]["id"] = "l7".into();
    v["links"][6]["to"] = "o99".into();
    assert_eq!(error_for_value(&v), "bad.json: link l7 points to organisation o99, which does not exist");
}

#[test]
fn unknown_organisation_type_is_named() {
    let mut v = example_value();
    v["organisations"][2]["type"] = "cafe".into();
    assert_eq!(error_for_value(&v), "bad.json: organisation o3 has type 'cafe', which is not in the typology");
}

#[test]
fn unknown_link_type_is_named() {
    let mut v = example_value();
    v["links"][1]["type"] = "friendship".into();
    assert_eq!(error_for_value(&v), "bad.json: link l2 has type 'friendship', which is not in the typology");
}

#[test]
fn duplicate_ids_are_named() {
    let mut v = example_value();
    v["organisations"][1]["id"] = "o1".into();
    assert_eq!(error_for_value(&v), "bad.json: two organisations have the id 'o1'");
    let mut v = example_value();
    v["links"][1]["id"] = "l1".into();
    assert_eq!(error_for_value(&v), "bad.json: two links have the id 'l1'");
    let mut v = example_value();
    v["typology"]["org_types"][1]["id"] = "helpline".into();
    assert_eq!(error_for_value(&v), "bad.json: typology: two organisation types have the id 'helpline'");
}

#[test]
fn bad_field_values_are_named() {
    let mut v = example_value();
    v["organisations"][0]["fields"]["anonymity"] = "maybe".into();
    assert_eq!(
        error_for_value(&v),
        "bad.json: organisation o1 field 'anonymity': 'maybe' is not one of its options (anonymous, confidential, shares information)"
    );
    let mut v = example_value();
    v["organisations"][0]["fields"]["favourite_colour"] = "blue".into();
    assert_eq!(
        error_for_value(&v),
        "bad.json: organisation o1 has a value for field 'favourite_colour', which is not in the typology"
    );
    let mut v = example_value();
    v["organisations"][0]["fields"]["crisis_stages"] = 3.into();
    assert_eq!(
        error_for_value(&v),
        "bad.json: organisation o1 field 'crisis_stages': should be a list of options, found a number"
    );
}

#[test]
fn syntax_errors_give_line_and_column() {
    let text = String::from_utf8(patchwork::EXAMPLE_MAP_JSON.to_vec()).unwrap();
    // Drop the comma after the version line (line 3).
    let broken = text.replacen("\"version\": 2,", "\"version\": 2", 1);
    assert_eq!(error_for(broken.as_bytes()), "bad.json:4:3: expected `,` or `}`");
    assert_eq!(
        error_for(b"{\"format\": \"patchwork-map\", \"version\": 1"),
        "bad.json:1:40: EOF while parsing an object"
    );
}

#[test]
fn structural_errors_give_line_and_column() {
    let e = error_for(b"{\n  \"format\": \"patchwork-map\",\n  \"version\": 1,\n  \"typology\": {\"org_types\": [], \"link_types\": []},\n  \"organisations\": [{\"id\": \"o1\"}]\n}");
    assert_eq!(e, "bad.json:5:32: missing field `name`");
}

#[test]
fn wrong_format_empty_and_binary_files_are_refused() {
    assert_eq!(error_for(b""), "bad.json: the file is empty");
    assert_eq!(error_for(b"  \n "), "bad.json: the file is empty");
    assert_eq!(
        error_for(b"not json"),
        "bad.json: not a Patchwork map (a map file is a JSON object, starting with '{')"
    );
    assert_eq!(error_for(b"[1, 2]"), "bad.json: not a Patchwork map (a map file is a JSON object, starting with '{')");
    assert_eq!(
        error_for(b"{\"nodes\": []}"),
        "bad.json: not a Patchwork map (it has no \"format\": \"patchwork-map\" field)"
    );
    assert_eq!(
        error_for(b"{\"format\": \"kumu\", \"version\": 1}"),
        "bad.json: not a Patchwork map (its \"format\" is 'kumu', expected 'patchwork-map')"
    );
    assert_eq!(error_for(b"{\"a\": 1}\n\xff\xfe"), "bad.json: not a text file (invalid UTF-8 at line 2, byte 9)");
}

#[test]
fn newer_version_is_refused_with_advice() {
    let mut v = example_value();
    v["version"] = 7.into();
    assert_eq!(
        error_for_value(&v),
        "bad.json: this map was saved by a newer Patchwork (file version 7; this version reads up to 2). Update Patchwork to open it."
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Field values are the one place a list may appear inside free-form data.
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = String::from_utf8(patchwork::EXAMPLE_MAP_JSON.to_vec()).unwrap().replacen(
        "\"mh_focus\": \"explicit\"",
        &format!("\"mh_focus\": {nested}"),
        1,
    );
    let e = error_for(text.as_bytes());
    assert_eq!(e, "bad.json:285:21: invalid type: sequence, expected a string");
}

#[test]
fn numbers_a_save_could_not_write_back_are_refused_on_load() {
    // Lanes sit in an internally tagged enum, where serde read 1e300 as infinity: the map loaded
    // and was then saved with `null`, a file that no longer opened.
    let mut v = example_value();
    v["decor"] = serde_json::json!({"kind": "lanes", "lanes": [{"label": "Acute", "x": 1e300, "width": 10.0}]});
    let e = error_for_value(&v);
    assert!(e.starts_with("bad.json:") && e.contains("1e300 is not a number a map can hold"), "{e}");
    // A zoom of 0 or less made the canvas divide by zero or draw the map mirrored.
    for zoom in [0.0, -2.0] {
        let mut v = example_value();
        v["views"][0]["viewport"] = serde_json::json!({"center": [0.0, 0.0], "zoom": zoom});
        let e = error_for_value(&v);
        assert!(e.starts_with("bad.json:") && e.contains("is not above zero"), "{e}");
    }
    // What still loads saves to a file that loads again.
    let mut v = example_value();
    v["decor"] = serde_json::json!({"kind": "lanes", "lanes": [{"label": "Acute", "x": -3e38, "width": 3e38}]});
    v["views"][0]["viewport"] = serde_json::json!({"center": [0.0, 0.0], "zoom": 1e-30});
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "edge.json", serde_json::to_string(&v).unwrap().as_bytes());
    let map = load_map(&path).unwrap();
    save_map(&map, &path).unwrap();
    assert_eq!(load_map(&path).unwrap(), map);
}

#[test]
fn missing_file_names_the_file() {
    let err = load_map(Path::new("/nonexistent/where.json")).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }));
    assert!(err.to_string().starts_with("/nonexistent/where.json: "), "{err}");
}

/// A version 1 file (the bundled example as it was, hours in free text) opens as version 2:
/// the hours field becomes the opening-hours kind, common English forms become the syntax, and
/// the rest stay as written with one warning that lists them.
#[test]
fn version_1_hours_are_migrated_to_opening_hours_syntax() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anytown-v1.json");
    let (map, warnings) = patchwork::io::load_map_warning(&path).unwrap();
    let field = patchwork::model::FieldId::new("opening_hours");
    assert_eq!(
        map.typology().fields.iter().find(|f| f.id == field).unwrap().kind,
        patchwork::model::FieldKind::OpeningHours
    );
    let hours = |id: &str| match map.org(&patchwork::model::OrgId::new(id)).unwrap().fields.get(&field) {
        Some(patchwork::model::FieldValue::Text(s)) => s.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(hours("o1"), "Mo-Su 18:00-02:00");
    assert_eq!(hours("o2"), "24/7");
    assert_eq!(hours("o5"), "Fr-Su 18:00-24:00");
    assert_eq!(hours("o22"), "Fr 19:00-21:00");
    assert_eq!(hours("o3"), "Term time, 8pm–8am", "left as written");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("Anytown University Nightline: 'Term time, 8pm–8am'"), "{}", warnings[0]);
    assert!(!warnings[0].contains("Anytown Listening Line"), "{}", warnings[0]);
    // Saved again, it is a version 2 file that reads back the same.
    let bytes = map_to_bytes(&map);
    assert!(String::from_utf8_lossy(&bytes).contains("\"version\": 2"));
    assert_eq!(patchwork::io::map_from_bytes(&path, &bytes).unwrap(), map);
}

#[test]
fn last_changed_stamps_round_trip_and_a_bad_one_is_named() {
    use patchwork::model::{LinkId, OrgId, Provenance};
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T14:05:00Z").unwrap().to_utc();
    let mut map = patchwork::example_map().unwrap();
    let mut org = map.organisations_sorted()[0].clone();
    org.changed = Some(Provenance::new("Sam", at));
    map.replace_organisation(org.clone()).unwrap();
    let mut link = map.link_records()[0].clone();
    link.changed = Some(Provenance::new("Ana", at));
    map.replace_link(link.clone()).unwrap();
    let bytes = map_to_bytes(&map);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(text.matches("\"changed\"").count(), 2, "only the stamped items carry one");
    assert!(text.contains("\"by\": \"Sam\""), "{text}");
    assert!(text.contains("\"at\": \"2026-11-30T14:05:00Z\""));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "stamped.json", &bytes);
    let back = load_map(&path).unwrap();
    assert_eq!(back, map);
    assert_eq!(back.org(&OrgId::new(org.id.as_str())).unwrap().changed, org.changed);
    assert_eq!(back.link_record(&LinkId::new(link.id.as_str())).unwrap().changed, link.changed);
    assert_eq!(back.authors(), vec!["Ana".to_owned(), "Sam".to_owned()]);

    let mut v = example_value();
    v["organisations"][0]["changed"] = serde_json::json!({"by": "Sam", "at": "last Tuesday"});
    let e = error_for_value(&v);
    assert!(e.contains("'last Tuesday' is not a date and time"), "{e}");
}
