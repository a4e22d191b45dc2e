//! The CLI through its real binary.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::{example_path, example_value, patchwork, write};
use predicates::prelude::*;

#[test]
fn validate_prints_a_summary() {
    patchwork()
        .arg("validate")
        .arg(example_path())
        .assert()
        .success()
        .stdout(predicate::str::contains("OK").and(predicate::str::contains("40 organisations")));
}

/// Hours that do not parse are kept as written (counted as unknown), so the map is valid, but
/// validate names each on stderr, quoting no more than the start of a long one.
#[test]
fn validate_warns_of_hours_that_do_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_value();
    let org = v["organisations"].as_array_mut().unwrap().iter_mut().find(|o| o["id"] == "o8").unwrap();
    org["fields"]["opening_hours"] = "Mo-Fr 25:00-99:99; ".repeat(500).into();
    let file = write(dir.path(), "hours.json", serde_json::to_string(&v).unwrap().as_bytes());
    let assert = patchwork().arg("validate").arg(&file).assert().success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("Market Street Drop-in (o8): opening hours 'Mo-Fr 25:00"), "{stderr}");
    assert!(stderr.contains("(counted as unknown)") && stderr.len() < 400, "{stderr}");
}

#[test]
fn validate_reports_errors_on_stderr_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_value();
    v["links"][6]["id"] = "l7".into();
    v["links"][6]["to"] = "o99".into();
    let bad = write(dir.path(), "bad.json", serde_json::to_string(&v).unwrap().as_bytes());
    patchwork()
        .arg("validate")
        .arg(&bad)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("bad.json: link l7 points to organisation o99, which does not exist"));

    let empty = write(dir.path(), "empty.json", b"");
    patchwork().arg("validate").arg(&empty).assert().code(1).stderr(predicate::str::contains("the file is empty"));
    patchwork()
        .arg("validate")
        .arg(dir.path().join("missing.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.json"));
}

#[test]
fn stats_counts_by_type() {
    patchwork().arg("stats").arg(example_path()).assert().success().stdout(
        predicate::str::contains("Organisations: 40")
            .and(predicate::str::contains("Community or hobby group"))
            .and(predicate::str::contains("Information sharing")),
    );
}

#[test]
fn export_json_is_canonical_and_refuses_unknown_formats() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("copy.json");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&out).assert().success();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(example_path()).unwrap());

    patchwork()
        .arg("export")
        .arg(example_path())
        .arg("-o")
        .arg(dir.path().join("x.xyz"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("x.xyz: cannot export to this kind of file"));
}

#[test]
fn export_of_a_bad_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.json", b"{\"format\": \"patchwork-map\", \"version\": 99}");
    let out = dir.path().join("out.json");
    patchwork()
        .arg("export")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("newer Patchwork"));
    assert!(!out.exists());
}

#[test]
fn layout_keeps_pinned_organisations_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    for out in [&a, &b] {
        patchwork()
            .arg("layout")
            .arg(example_path())
            .arg("-o")
            .arg(out)
            .args(["--algorithm", "force", "--seed", "4", "--iterations", "80", "--scramble"])
            .assert()
            .success()
            .stdout(predicate::str::contains("pinned stayed put"));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "same seed, same bytes");
    let before = patchwork::example_map().unwrap();
    let after = patchwork::io::load_map(&a).unwrap();
    for o in before.organisations().filter(|o| o.pinned) {
        assert!(patchwork::convert::same_pos(after.org(&o.id).unwrap().position, o.position));
    }
    patchwork()
        .arg("layout")
        .arg(example_path())
        .arg("-o")
        .arg(dir.path().join("c.json"))
        .args(["--algorithm", "spiral"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown algorithm 'spiral'"));
}

#[test]
fn stats_json_has_metrics_and_summary() {
    let out = patchwork().arg("stats").arg(example_path()).arg("--json").assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["organisations"], 40);
    assert_eq!(v["metrics"].as_array().unwrap().len(), 40);
    assert_eq!(v["isolated"].as_array().unwrap().len(), 3);
    assert!(v["independent_voluntary_organisations"].as_array().unwrap().iter().any(|id| id == "o1"));
    assert!(v["metrics"][0]["betweenness"].is_number());
}

/// `--metrics` picks what is computed and shown: without betweenness and closeness a big map's
/// stats are quick, and the JSON carries only the measures asked for.
#[test]
fn stats_metrics_pick_what_is_computed() {
    let out = patchwork()
        .args(["stats", example_path().to_str().unwrap(), "--json", "--metrics", "degree"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let row = &v["metrics"][0];
    assert!(row["degree"].is_number() && row.get("betweenness").is_none() && row.get("closeness").is_none(), "{row}");
    patchwork()
        .args(["stats", example_path().to_str().unwrap(), "--metrics", "closeness"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"\n\S.* +- +- +- +- +[01]\.\d{4}  ").unwrap());
    patchwork()
        .args(["stats", example_path().to_str().unwrap(), "--metrics", "pagerank"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("invalid value 'pagerank'"));
}

#[test]
fn version_is_printed_and_named_in_exports_without_breaking_same_input_same_bytes() {
    patchwork().arg("--version").assert().success().stdout(format!("patchwork {}\n", env!("CARGO_PKG_VERSION")));
    let creator = format!("Patchwork {}", env!("CARGO_PKG_VERSION"));
    let dir = tempfile::tempdir().unwrap();
    for name in ["m.svg", "m.png", "m.pdf", "m.graphml", "m.gexf", "m.dot"] {
        let export = |to: &str| {
            let out = dir.path().join(to);
            patchwork().arg("export").arg(example_path()).arg("-o").arg(&out).assert().success();
            std::fs::read(out).unwrap()
        };
        let first = export(name);
        assert_eq!(first, export(&format!("again-{name}")), "{name}: same map, same bytes");
        assert!(first.windows(creator.len()).any(|w| w == creator.as_bytes()), "{name} does not name {creator}");
    }
}

/// A PDF on a page too small for 6 pt labels says so and offers bigger paper and tiles; with
/// `--tile` it prints an overview page and one page per tile.
#[test]
fn pdf_on_a_small_page_warns_or_tiles() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a4.pdf");
    patchwork()
        .arg("export")
        .arg(example_path())
        .arg("-o")
        .arg(&out)
        .args(["--page", "a4"])
        .assert()
        .success()
        .stdout(predicate::str::contains("under the 6 pt minimum").and(predicate::str::contains("--tile")));
    let pages = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
    };
    assert_eq!(pages(&std::fs::read(&out).unwrap()), 1);
    patchwork()
        .arg("export")
        .arg(example_path())
        .arg("-o")
        .arg(&out)
        .args(["--page", "a4", "--tile"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Printed across 2 pages of A4 landscape"));
    assert_eq!(pages(&std::fs::read(&out).unwrap()), 3, "overview and two tiles");
    patchwork()
        .arg("export")
        .arg(example_path())
        .arg("-o")
        .arg(&out)
        .args(["--page", "a3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("minimum").not());
}
