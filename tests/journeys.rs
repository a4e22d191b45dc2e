//! Journeys as a whole feature: the map file round trip (and files without journeys staying
//! byte-identical), bad journeys refused with a clear message, redaction, `stats`, figures drawn
//! by `export --journey`, and presentation stepping through a journey.
#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::{example_path, example_value, patchwork, write};
use patchwork::io::{map_from_bytes, map_to_bytes, save_map};
use patchwork::model::{JourneyId, OrgId};
use predicates::prelude::*;
use std::path::Path;

#[test]
fn journeys_survive_save_and_load_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let map = patchwork::example_map().unwrap();
    assert_eq!(map.journeys().len(), 3);
    let path = dir.path().join("saved.json");
    save_map(&map, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes, patchwork::EXAMPLE_MAP_JSON, "the example is written exactly as it is stored");
    let back = patchwork::io::load_map(&path).unwrap();
    assert_eq!(back, map);
    let ana = back.journey(&JourneyId::new("j1")).unwrap();
    assert_eq!(ana.steps[0].org, OrgId::new("o26"), "Ana's first crisis starts at the knitting group");
    assert_eq!(ana.steps[0].at.unwrap().to_string(), "Mon 14:00");
    assert_eq!(back.views.iter().find(|v| v.name == "First and repeat crisis").unwrap().journeys.len(), 2);
}

#[test]
fn a_map_without_journeys_is_written_as_before() {
    let mut value = example_value();
    value.as_object_mut().unwrap().remove("journeys");
    for view in value["views"].as_array_mut().unwrap() {
        view.as_object_mut().unwrap().remove("journeys");
    }
    let map = map_from_bytes(Path::new("plain.json"), &serde_json::to_vec(&value).unwrap()).unwrap();
    assert!(map.journeys().is_empty());
    let text = String::from_utf8(map_to_bytes(&map)).unwrap();
    assert!(!text.contains("\"journeys\""), "no empty journeys list in files without journeys");
}

#[test]
fn bad_journeys_are_refused_naming_the_journey_and_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut value = example_value();
    value["journeys"][0]["steps"][1]["org"] = "o99".into();
    let p = write(dir.path(), "dangling.json", &serde_json::to_vec_pretty(&value).unwrap());
    patchwork().args(["validate", p.to_str().unwrap()]).assert().failure().stderr(predicate::str::contains(
        "dangling.json: journey j1 step s2 is at organisation o99, which does not exist",
    ));
    let mut value = example_value();
    value["journeys"][1]["steps"][0]["at"] = "Funday 25:00".into();
    let p = write(dir.path(), "time.json", &serde_json::to_vec_pretty(&value).unwrap());
    patchwork().args(["validate", p.to_str().unwrap()]).assert().failure().stderr(
        predicate::str::contains("time.json:").and(predicate::str::contains("'Funday' is not a day of the week")),
    );
}

#[test]
fn redaction_leaves_out_sensitive_journeys_and_renames_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.json");
    patchwork()
        .args(["export", example_path().to_str().unwrap(), "-o", out.to_str().unwrap(), "--redact"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Journeys: left out 1 sensitive, renamed 2"));
    let text = std::fs::read_to_string(&out).unwrap();
    let map = map_from_bytes(&out, text.as_bytes()).unwrap();
    let names: Vec<&str> = map.journeys().iter().map(|j| j.name.as_str()).collect();
    assert_eq!(names, ["Journey 1", "Journey 2"]);
    assert!(map.journey(&JourneyId::new("j3")).is_none(), "Chris's journey is sensitive");
    for j in map.journeys() {
        assert!(j.description.is_empty());
        assert!(j.steps.iter().all(|s| s.note.is_empty()));
        assert!(j.steps.iter().all(|s| !s.stage.is_empty()), "stages stay");
    }
    for secret in ["Ana", "Ben", "Chris", "knitting group asks", "Found by police"] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
}

#[test]
fn stats_lists_journeys_where_they_end_and_first_against_repeat() {
    let p = example_path();
    patchwork().args(["stats", p.to_str().unwrap(), "--metrics", "degree"]).assert().success().stdout(
        predicate::str::contains("Journeys: 3")
            .and(predicate::str::is_match(r"The Haven crisis café +2 journeys +2 steps").unwrap())
            .and(predicate::str::contains(
                "Chris: a night at A&E at Anytown General Hospital A&E (psychiatric liaison) (Sun 02:00, at night)",
            ))
            .and(predicate::str::contains("First crisis: 2 journeys, 4.5 steps on average; repeat crisis: 1 journey")),
    );
    let out = patchwork().args(["stats", p.to_str().unwrap(), "--json", "--metrics", "degree"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["journeys"]["list"].as_array().unwrap().len(), 3);
    assert_eq!(doc["journeys"]["list"][0]["steps"][0]["name"], "Stitch and Natter knitting group");
    assert_eq!(doc["journeys"]["analysis"]["endings"][2]["org"], "o34");
    assert_eq!(doc["journeys"]["analysis"]["endings"][2]["at"], "Sun 02:00");
    assert_eq!(doc["journeys"]["analysis"]["organisations"][0]["id"], "o4");
}

#[test]
fn export_draws_the_journeys_asked_for_or_the_views() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_path();
    let svg = dir.path().join("j.svg");
    let run = |args: &[&str]| {
        let mut all = vec!["export", p.to_str().unwrap(), "-o", svg.to_str().unwrap()];
        all.extend_from_slice(args);
        patchwork().args(&all).assert().success();
        std::fs::read_to_string(&svg).unwrap()
    };
    let plain = run(&[]);
    assert!(!plain.contains("data-journey"), "no journeys unless asked");
    let one = run(&["--journey", "Chris: a night at A&E"]);
    assert!(one.contains("data-journey=\"j3\"") && !one.contains("data-journey=\"j1\""));
    assert!(one.contains(">Chris: a night at A&amp;E (first crisis)</text>"), "legend entry");
    assert_eq!(one.matches("<circle").count() - plain.matches("<circle").count(), 4, "four numbered steps");
    let view = run(&["--view", "First and repeat crisis"]);
    assert!(view.contains("data-journey=\"j1\"") && view.contains("data-journey=\"j2\""));
    let both = run(&["--journey", "j2", "--journey", "ana: a first crisis"]);
    assert!(both.find("data-journey=\"j2\"").unwrap() < both.find("data-journey=\"j1\"").unwrap());
    // Redacted: the sensitive journey is left out, without an error.
    let redacted = run(&["--journey", "Chris: a night at A&E", "--journey", "j1", "--redact"]);
    assert!(!redacted.contains("data-journey=\"j3\"") && redacted.contains(">Journey 1 (first crisis)</text>"));
    patchwork()
        .args(["export", p.to_str().unwrap(), "-o", svg.to_str().unwrap(), "--journey", "Nobody"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("there is no journey called 'Nobody' (journeys: 'Ana: a first crisis'"));
    let alt = dir.path().join("j.txt");
    run(&["--journey", "j3", "--alt-text", alt.to_str().unwrap()]);
    let alt = std::fs::read_to_string(&alt).unwrap();
    assert!(
        alt.contains("Journey \"Chris: a night at A&E\" (first crisis): 1. Anytown Youth Space, 2. Anytown University Nightline, 3. Anytown Police, 4. Anytown General Hospital A&E (psychiatric liaison)."),
        "{alt}"
    );
    let png = dir.path().join("j.png");
    patchwork()
        .args(["export", p.to_str().unwrap(), "-o", png.to_str().unwrap(), "--journey", "j1", "--scale", "1"])
        .assert()
        .success();
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
}

#[test]
fn presentation_steps_through_a_view_with_one_journey() {
    use patchwork::ui::presentation::Presentation;
    let map = patchwork::example_map().unwrap();
    let slide = map.views.iter().position(|v| v.name == "A night at A&E, step by step").unwrap();
    let mut p = Presentation::default();
    p.start(Some(slide), &map);
    assert_eq!(p.journey_step, 1);
    for step in 2..=4 {
        p.next(&map);
        assert_eq!((p.current, p.journey_step), (Some(slide), step));
    }
    p.previous(&map);
    assert_eq!(p.journey_step, 3);
    p.next(&map);
    p.next(&map);
    assert_eq!((p.current, p.journey_step), (Some(slide), 4), "the last slide stays at its last step");
    // Coming from the slide before, the journey starts at its first step; back from there
    // leaves it.
    p.start(Some(slide - 1), &map);
    p.next(&map);
    assert_eq!((p.current, p.journey_step), (Some(slide), 1));
    p.previous(&map);
    assert_eq!(p.current, Some(slide - 1));
    // A view with two journeys shows them whole.
    let both = map.views.iter().position(|v| v.name == "First and repeat crisis").unwrap();
    p.start(Some(both), &map);
    assert_eq!(p.journey_step, 0);
}
