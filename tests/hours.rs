//! Opening hours through the real binary: who is open at a moment (checked by hand against the
//! example), the week chart and open-at figures, and malformed hours named, never a panic.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::{example_path, example_value, patchwork, write};
use predicates::prelude::*;

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_owned()).collect()
}

/// Sunday 6 December 2026, 2 am, checked by hand against the example's hours: the six 24/7
/// services (text service, crisis house, home treatment, A&E, NHS 111, police), the night
/// sanctuary (20:00-08:00 on Saturday night) and the university nightline (term time, which
/// runs to 11 December). The listening line's Saturday evening ended at 02:00; the Northgate
/// safe haven's at midnight.
#[test]
fn stats_open_at_a_precise_moment_matches_the_hand_check() {
    let output = patchwork()
        .args(["stats", example_path().to_str().unwrap(), "--open-at", "2026-12-06T02:00", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut open = ids(&v["open"]);
    open.sort();
    assert_eq!(open, ["o2", "o3", "o33", "o34", "o37", "o38", "o6", "o7"]);
    assert_eq!(v["open_count"], 8);
    assert_eq!(v["closed_count"], 32);
    assert_eq!(v["unknown"].as_array().unwrap().len(), 0);
    assert_eq!(v["at"], "2026-12-06T02:00");
    let o7 = v["open"].as_array().unwrap().iter().find(|o| o["id"] == "o7").unwrap();
    assert_eq!(o7["name"], "Anytown Night Sanctuary");
    assert_eq!(o7["type"], "crisis_house");
    assert_eq!(o7["hours"], "Mo-Su 20:00-08:00");
    // After term ends the nightline is closed at the same hour of the week.
    let later = patchwork()
        .args(["stats", example_path().to_str().unwrap(), "--open-at", "2026-12-20T02:00", "--json"])
        .output()
        .unwrap();
    let later: serde_json::Value = serde_json::from_slice(&later.stdout).unwrap();
    assert!(!ids(&later["open"]).contains(&"o3".to_owned()));
    assert_eq!(later["open_count"], 7);
}

#[test]
fn stats_open_at_a_weekday_lists_by_type_with_hours_and_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_value();
    // o4 (the crisis café) with no hours: unknown, never closed.
    v["organisations"].as_array_mut().unwrap().iter_mut().find(|o| o["id"] == "o4").unwrap()["fields"]
        .as_object_mut()
        .unwrap()
        .remove("opening_hours");
    let path = write(dir.path(), "town.json", serde_json::to_string(&v).unwrap().as_bytes());
    patchwork().args(["stats", path.to_str().unwrap(), "--open-at", "Sun 02:00"]).assert().success().stdout(
        predicate::str::contains("Open at Sunday 02:00")
            .and(predicate::str::contains(
                "  Crisis house or sanctuary\n    Anytown Night Sanctuary — Mo-Su 20:00-08:00",
            ))
            .and(predicate::str::contains("Unknown (no hours recorded, or hours that do not say): 1"))
            .and(predicate::str::contains("The Haven crisis café — no hours")),
    );
    let json =
        patchwork().args(["stats", path.to_str().unwrap(), "--open-at", "sunday 2am", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(ids(&v["unknown"]), ["o4"]);
    assert!(v["unknown"][0]["hours"].is_null());
}

#[test]
fn malformed_hours_are_named_with_the_position_and_count_as_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_value();
    v["organisations"].as_array_mut().unwrap().iter_mut().find(|o| o["id"] == "o1").unwrap()["fields"]["opening_hours"] =
        "Mo-Su 18:00-02:00; Sa 10:00-".into();
    let path = write(dir.path(), "town.json", serde_json::to_string(&v).unwrap().as_bytes());
    let out = patchwork().args(["stats", path.to_str().unwrap(), "--open-at", "Sun 01:00", "--json"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "Anytown Listening Line (o1): opening hours 'Mo-Su 18:00-02:00; Sa 10:00-' are not valid at character"
        ),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(ids(&v["unknown"]).contains(&"o1".to_owned()));
    assert_eq!(v["invalid_hours"][0]["id"], "o1");
    assert!(v["invalid_hours"][0]["position"].as_u64().unwrap() > 20);
    // A moment that is not one is a clear error.
    patchwork()
        .args(["stats", path.to_str().unwrap(), "--open-at", "Caturday 02:00"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("'Caturday 02:00' is not a moment"));
}

#[test]
fn stats_reach_from_follows_referrals_to_what_is_open() {
    let out = patchwork()
        .args([
            "stats",
            example_path().to_str().unwrap(),
            "--open-at",
            "2026-12-06T02:00",
            "--reach-from",
            "NHS 111 (option 2 for mental health)",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reach = v["reach"].as_array().unwrap();
    assert!(!reach.is_empty());
    let open = ids(&v["open"]);
    for r in reach {
        assert!(open.contains(&r["to"].as_str().unwrap().to_owned()), "{r}");
        assert_eq!(r["path"][0], "o37");
    }
}

#[test]
fn export_draws_the_week_chart_and_the_map_at_a_moment() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("week.svg");
    patchwork()
        .args(["export", example_path().to_str().unwrap(), "-o", svg.to_str().unwrap(), "--chart", "week"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("Gaps in the week") && text.contains("Sunday 02:00–08:00: only the 6 open around the clock"),
        "{text}"
    );
    for ext in ["png", "pdf"] {
        let p = dir.path().join(format!("week.{ext}"));
        patchwork()
            .args(["export", example_path().to_str().unwrap(), "-o", p.to_str().unwrap(), "--chart", "week"])
            .assert()
            .success();
        assert!(std::fs::metadata(&p).unwrap().len() > 1000);
    }
    // The saved week chart view draws the same chart.
    let view = dir.path().join("view.svg");
    patchwork()
        .args(["export", example_path().to_str().unwrap(), "-o", view.to_str().unwrap(), "--view", "The week's gaps"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&view).unwrap().contains("Gaps in the week"));

    let map = dir.path().join("sunday.svg");
    patchwork()
        .args([
            "export",
            example_path().to_str().unwrap(),
            "-o",
            map.to_str().unwrap(),
            "--open-at",
            "2026-12-06T02:00",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(&map).unwrap();
    assert!(text.contains("Open at Sunday 6 December 2026 02:00: 8 of 40"), "caption");
    // The "Sunday 2 am" view keeps its moment.
    let view = dir.path().join("sunday-view.svg");
    patchwork()
        .args(["export", example_path().to_str().unwrap(), "-o", view.to_str().unwrap(), "--view", "Sunday 2 am"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&view).unwrap().contains("Open at Sunday 02:00: "));
}

/// The fade comes from the scene, which the canvas and every figure draw: the closed
/// organisations and their links are faded, the open and the unknown are not.
#[test]
fn the_scene_fades_what_is_closed_at_the_moment() {
    let map = patchwork::example_map().unwrap();
    let at = patchwork::hours::Moment::parse("2026-12-06T02:00").unwrap();
    let open = patchwork::hours::open_at(&map, &at, chrono::NaiveDateTime::default());
    let closed = open.closed();
    let scene = patchwork::scene::build(
        &map,
        &patchwork::scene::SceneOptions { closed: Some(closed.clone()), ..Default::default() },
    );
    for n in &scene.nodes {
        assert_eq!(n.faded, closed.contains(&n.id), "{}", n.label);
    }
    for e in &scene.edges {
        assert_eq!(e.faded, closed.contains(&e.from) || closed.contains(&e.to));
    }
    assert_eq!(scene.nodes.iter().filter(|n| !n.faded).count(), 8);
}

/// A spreadsheet's "Opening hours" column: common English becomes the syntax on import, the
/// rest is kept as written (and counts as unknown).
#[test]
fn imported_hours_in_common_english_become_the_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "orgs.csv",
        "Name,Type,Opening hours\nNight line,Helpline,Every day 6pm–2am\nDrop-in,Drop-in,Mon–Fri 9–5\nGarden,Community group,Daylight hours\n"
            .as_bytes(),
    );
    let out = dir.path().join("map.json");
    patchwork().args(["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap()]).assert().success();
    let map = patchwork::io::load_map(&out).unwrap();
    let hours = |name: &str| {
        let org = map.organisations().find(|o| o.name == name).unwrap();
        org.fields.get(&patchwork::model::FieldId::new("opening_hours")).map(patchwork::model::FieldValue::display)
    };
    assert_eq!(hours("Night line").as_deref(), Some("Mo-Su 18:00-02:00"));
    assert_eq!(hours("Drop-in").as_deref(), Some("Mo-Fr 09:00-17:00"));
    assert_eq!(hours("Garden").as_deref(), Some("Daylight hours"));
}
