//! `patchwork diff` and `patchwork merge` through the real binary, on copies of the example map
//! edited apart as two co-researchers would, and as a git merge driver.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::{example_path, example_value, patchwork, write};
use predicates::prelude::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn save(dir: &Path, name: &str, v: &Value) -> PathBuf {
    write(dir, name, serde_json::to_string_pretty(v).unwrap().as_bytes())
}

/// One co-researcher adds a knitting group and links it to the crisis café (o4).
fn with_knitting_group() -> Value {
    let mut v = example_value();
    v["organisations"].as_array_mut().unwrap().push(json!({
        "id": "o41", "name": "Purls of Wisdom knitting circle", "type": "community_group",
        "position": [300.0, 200.0], "pinned": false, "sensitive": false
    }));
    v["links"].as_array_mut().unwrap().push(json!({"id": "l73", "from": "o41", "to": "o4", "type": "signposting"}));
    v
}

/// The other retypes the crisis café (o4) and deletes one of its links (l7).
fn with_cafe_retyped(to: &str) -> Value {
    let mut v = example_value();
    let cafe = v["organisations"].as_array_mut().unwrap().iter_mut().find(|o| o["id"] == "o4").unwrap();
    cafe["type"] = to.into();
    v["links"].as_array_mut().unwrap().retain(|l| l["id"] != "l7");
    v
}

fn load(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// `patchwork merge` of the example (as BASE), `ours` and `theirs` into `out`.
fn merge_into(ours: &Path, theirs: &Path, out: &Path) -> assert_cmd::Command {
    let mut cmd = patchwork();
    cmd.arg("merge").arg(example_path()).arg(ours).arg(theirs).arg("-o").arg(out);
    cmd
}

fn org<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["organisations"].as_array().unwrap().iter().find(|o| o["id"] == id).unwrap()
}

#[test]
fn diff_lists_changes_with_old_and_new_values_and_exits_like_diff() {
    let dir = tempfile::tempdir().unwrap();
    let new = save(dir.path(), "new.json", &with_cafe_retyped("drop_in"));
    patchwork().args(["diff"]).arg(example_path()).arg(example_path()).assert().code(0).stdout("no changes\n");
    patchwork().arg("diff").arg(example_path()).arg(&new).assert().code(1).stdout(
        predicate::str::contains("~ organisation o4 \"The Haven crisis café\": type: \"crisis_cafe\" → \"drop_in\"")
            .and(predicate::str::contains("- link l7"))
            .and(predicate::str::contains("organisations: 0 added, 0 removed, 1 changed")),
    );
    let out = patchwork().arg("diff").arg("--json").arg(example_path()).arg(&new).assert().code(1);
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["equal"], false);
    let change = doc["changes"].as_array().unwrap().iter().find(|c| c["key"] == "o4").unwrap();
    assert_eq!(change["change"], "changed");
    assert_eq!(change["fields"][0], json!({"path": ["type"], "old": "crisis_cafe", "new": "drop_in"}));
    patchwork()
        .arg("diff")
        .arg(example_path())
        .arg(dir.path().join("missing.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json"));
}

#[test]
fn small_moves_show_only_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = example_value();
    let p = org(&v, "o4")["position"][0].as_f64().unwrap();
    v["organisations"].as_array_mut().unwrap().iter_mut().find(|o| o["id"] == "o4").unwrap()["position"][0] =
        (p + 2.0).into();
    let nudged = save(dir.path(), "nudged.json", &v);
    patchwork().arg("diff").arg(example_path()).arg(&nudged).assert().code(0);
    patchwork()
        .arg("diff")
        .arg("--positions")
        .arg(example_path())
        .arg(&nudged)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("o4 \"The Haven crisis café\": position: "));
}

#[test]
fn two_copies_edited_apart_merge_without_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let ours = save(dir.path(), "ours.json", &with_knitting_group());
    let theirs = save(dir.path(), "theirs.json", &with_cafe_retyped("drop_in"));
    let out = dir.path().join("merged.json");
    merge_into(&ours, &theirs, &out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote").and(predicate::str::contains("CONFLICT").not()));
    let merged = load(&out);
    assert_eq!(org(&merged, "o4")["type"], "drop_in");
    assert_eq!(org(&merged, "o41")["name"], "Purls of Wisdom knitting circle");
    let links = merged["links"].as_array().unwrap();
    assert!(links.iter().any(|l| l["id"] == "l73") && !links.iter().any(|l| l["id"] == "l7"));
    assert_eq!(links.len(), 72);
    patchwork().arg("validate").arg(&out).assert().success();
}

#[test]
fn a_conflict_is_listed_marked_with_both_values_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let ours = save(dir.path(), "ours.json", &with_cafe_retyped("drop_in"));
    let theirs = save(dir.path(), "theirs.json", &with_cafe_retyped("helpline"));
    let out = dir.path().join("merged.json");
    merge_into(&ours, &theirs, &out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "CONFLICT organisation o4 “The Haven crisis café”: type changed in both: base \"crisis_cafe\", ours \"drop_in\", theirs \"helpline\" (kept ours)",
        ));
    let merged = load(&out);
    assert_eq!(org(&merged, "o4")["type"], "drop_in");
    let note =
        merged["notes"].as_array().unwrap().iter().find(|n| n["text"].as_str().unwrap().starts_with("MERGE CONFLICT"));
    let text = note.unwrap()["text"].as_str().unwrap();
    assert!(text.contains("ours: \"drop_in\"") && text.contains("theirs: \"helpline\""), "{text}");
    patchwork().arg("validate").arg(&out).assert().success();
}

#[test]
fn as_a_git_merge_driver_it_writes_into_ours() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let status = std::process::Command::new("git").args(args).current_dir(dir.path()).output().unwrap();
        assert!(status.status.success() || args[0] == "merge", "{args:?}: {}", String::from_utf8_lossy(&status.stderr));
        status
    };
    run(&["init", "-q", "-b", "main"]);
    run(&["config", "user.email", "t@example.org"]);
    run(&["config", "user.name", "T"]);
    let exe = assert_cmd::cargo::cargo_bin("patchwork");
    run(&["config", "merge.patchwork.driver", &format!("'{}' merge %O %A %B", exe.display())]);
    std::fs::write(dir.path().join(".gitattributes"), "*.json merge=patchwork\n").unwrap();
    save(dir.path(), "map.json", &example_value());
    run(&["add", "."]);
    run(&["commit", "-qm", "base"]);
    run(&["checkout", "-qb", "theirs"]);
    save(dir.path(), "map.json", &with_cafe_retyped("drop_in"));
    run(&["commit", "-qam", "retype"]);
    run(&["checkout", "-q", "main"]);
    save(dir.path(), "map.json", &with_knitting_group());
    run(&["commit", "-qam", "knitting"]);
    let merge = run(&["merge", "-q", "--no-edit", "theirs"]);
    assert!(merge.status.success(), "{}", String::from_utf8_lossy(&merge.stderr));
    let merged = load(&dir.path().join("map.json"));
    assert_eq!(org(&merged, "o4")["type"], "drop_in");
    assert_eq!(org(&merged, "o41")["type"], "community_group");
    assert!(!std::fs::read_to_string(dir.path().join("map.json")).unwrap().contains("<<<<<<<"));
}

#[test]
fn export_compare_with_draws_what_changed_with_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let new = save(dir.path(), "wave2.json", &with_knitting_group());
    let svg = dir.path().join("changes.svg");
    patchwork()
        .arg("export")
        .arg(&new)
        .arg("-o")
        .arg(&svg)
        .arg("--compare-with")
        .arg(example_path())
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    for label in ["Added", "Unchanged", "Added link", "changes since"] {
        assert!(text.contains(label), "{label}");
    }
    assert!(!text.contains(">Removed<"), "nothing was removed, so no legend entry for it");
}

#[test]
fn merge_json_lists_conflicts_and_notes_and_errors_exit_2_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ours = save(dir.path(), "ours.json", &with_cafe_retyped("drop_in"));
    let theirs = save(dir.path(), "theirs.json", &with_cafe_retyped("helpline"));
    let out = dir.path().join("merged.json");
    let run = patchwork()
        .arg("merge")
        .arg("--json")
        .arg(example_path())
        .arg(&ours)
        .arg(&theirs)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let doc: Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let c = &doc["conflicts"][0];
    assert_eq!((c["key"].as_str(), c["kind"].as_str()), (Some("o4"), Some("both_changed")));
    assert_eq!(
        (c["ours"].as_str(), c["theirs"].as_str(), c["chosen"].as_str()),
        (Some("drop_in"), Some("helpline"), Some("ours"))
    );
    let broken = write(dir.path(), "broken.json", b"{ not json");
    let out2 = dir.path().join("never.json");
    merge_into(&ours, &broken, &out2).assert().code(2).stderr(predicate::str::contains("broken.json"));
    assert!(!out2.exists());
}

/// Each co-researcher's changes carry their name; the merged map keeps both, and `stats` counts
/// what each last changed.
#[test]
fn a_merge_keeps_whose_change_each_part_was_and_stats_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut ana = with_knitting_group();
    let stamp = |by: &str, at: &str| json!({"by": by, "at": at});
    let last = ana["organisations"].as_array().unwrap().len() - 1;
    ana["organisations"][last]["changed"] = stamp("Ana", "2026-11-30T10:00:00Z");
    let knit_link = ana["links"].as_array().unwrap().len() - 1;
    ana["links"][knit_link]["changed"] = stamp("Ana", "2026-11-30T10:01:00Z");
    let mut bo = with_cafe_retyped("drop_in");
    let cafe = bo["organisations"].as_array_mut().unwrap().iter_mut().find(|o| o["id"] == "o4").unwrap();
    cafe["changed"] = stamp("Bo", "2026-11-29T16:30:00Z");
    let (ours, theirs) = (save(dir.path(), "ana.json", &ana), save(dir.path(), "bo.json", &bo));
    let out = dir.path().join("merged.json");
    merge_into(&ours, &theirs, &out).assert().code(0);
    let merged = load(&out);
    assert_eq!(org(&merged, "o41")["changed"], stamp("Ana", "2026-11-30T10:00:00Z"));
    assert_eq!(org(&merged, "o4")["changed"], stamp("Bo", "2026-11-29T16:30:00Z"));
    let l73 = merged["links"].as_array().unwrap().iter().find(|l| l["id"] == "l73").unwrap();
    assert_eq!(l73["changed"]["by"], "Ana");
    patchwork()
        .arg("stats")
        .arg(&out)
        .args(["--metrics", "degree"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Last changed by (organisations, links):"))
        .stdout(predicate::str::is_match(r"\n  Ana +1 +1\n").unwrap())
        .stdout(predicate::str::is_match(r"\n  Bo +1 +0\n").unwrap())
        .stdout(predicate::str::is_match(r"\n  \(not recorded\) +39 +71\n").unwrap());
    let json = patchwork().arg("stats").arg(&out).args(["--json", "--metrics", "degree"]).output().unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["changed_by"]["Bo"], json!({"organisations": 1, "links": 0}));
}
