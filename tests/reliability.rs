//! No lost work, no crash on any file: saves killed mid-write leave the old or the new file,
//! never a mix; every reader survives mutated input (a bounded fuzz run; see the README for the
//! long one); failed saves keep the map open and unsaved.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use patchwork::generate::generate_map;
use patchwork::io::map_to_bytes;
use patchwork::random::Rng;
use proptest::prelude::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn killing_a_save_never_leaves_a_corrupt_file() {
    let dir = tempfile::tempdir().unwrap();
    let old = map_to_bytes(&generate_map(3000, 1));
    let new = map_to_bytes(&generate_map(6000, 2));
    let source = dir.path().join("new.json");
    std::fs::write(&source, &new).unwrap();
    let target = dir.path().join("map.json");
    std::fs::write(&target, &old).unwrap();
    let bin = env!("CARGO_BIN_EXE_patchwork");
    let mut rng = Rng::new(42);
    let (mut kills, mut corrupt, mut completed) = (0, 0, 0);
    for _ in 0..40 {
        let mut child = Command::new(bin)
            .arg("export")
            .arg(&source)
            .arg("-o")
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(400) as u64));
        match child.try_wait().unwrap() {
            Some(_) => completed += 1,
            None => {
                child.kill().unwrap();
                kills += 1;
            }
        }
        let _ = child.wait();
        let on_disk = std::fs::read(&target).unwrap();
        if on_disk != old && on_disk != new {
            corrupt += 1;
        }
        // Start each round from the old version again.
        std::fs::write(&target, &old).unwrap();
    }
    eprintln!("kill-during-save: {kills} kills, {completed} completed saves, {corrupt} corrupt files");
    assert_eq!(corrupt, 0, "{kills} kills, {completed} completed, {corrupt} corrupt");
    assert!(kills > 0, "the test must actually interrupt saves");
}

#[test]
fn a_save_that_cannot_be_written_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let path = blocker.join("map.json");
    let err = patchwork::io::save_map(&generate_map(10, 1), &path).unwrap_err().to_string();
    assert!(err.starts_with("could not save ") && err.contains("map.json"), "{err}");
    assert_eq!(std::fs::read(&blocker).unwrap(), b"x");
}

/// Damages bytes the way transfers and editors do: flips, cuts, insertions, repeats.
fn mutate(seed: &[u8], ops: &[(u8, usize, u8)]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for &(kind, at, byte) in ops {
        if b.is_empty() {
            b.push(byte);
            continue;
        }
        let i = at % b.len();
        match kind % 6 {
            0 => b[i] = byte,
            1 => b[i] ^= 1 << (byte % 8),
            2 => b.truncate(i),
            3 => b.insert(i, byte),
            4 => {
                let end = (i + 1 + usize::from(byte)).min(b.len());
                let chunk = b[i..end].to_vec();
                b.splice(i..i, chunk);
            }
            _ => {
                let end = (i + usize::from(byte)).min(b.len());
                b.drain(i..end);
            }
        }
    }
    b
}

/// Files of every kind the readers take, made once: the properties pick one by index.
static SEEDS: std::sync::LazyLock<Vec<(&'static str, Vec<u8>)>> = std::sync::LazyLock::new(seeds);

fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let map = patchwork::example_map().unwrap();
    vec![
        ("map.json", patchwork::EXAMPLE_MAP_JSON.to_vec()),
        ("orgs.csv", patchwork::export::data::organisations_csv(&map)),
        ("links.csv", patchwork::export::data::links_csv(&map)),
        ("yed.graphml", std::fs::read(fixtures.join("yed.graphml")).unwrap()),
        ("own.graphml", patchwork::export::graphml::graphml(&map).into_bytes()),
        ("gephi.gexf", std::fs::read(fixtures.join("gephi.gexf")).unwrap()),
        ("kumu.json", patchwork::export::data::kumu_json(&map).into_bytes()),
    ]
}

/// Every reader, on damaged input: an error or a map, never a panic; a map that loads is valid.
fn read_any(name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    if name == "map.json" {
        if let Ok(map) = patchwork::io::load_map(&path) {
            let again = map_to_bytes(&map);
            assert!(patchwork::io::map_from_bytes(&path, &again).is_ok(), "a loaded map saves and loads");
        }
    } else if let Ok((map, _)) = patchwork::import::import_into(&patchwork::model::Map::new(), &path) {
        for o in map.organisations() {
            map.check_organisation(o).unwrap();
        }
    }
}

proptest! {
    // Bounded for `cargo test`; set PROPTEST_CASES for a long run (see the README).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn readers_survive_damaged_files(which in 0..SEEDS.len(), ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..6)) {
        let (name, seed) = &SEEDS[which];
        read_any(name, &mutate(seed, &ops));
    }

    #[test]
    fn readers_survive_random_bytes(which in 0..SEEDS.len(), bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_any(SEEDS[which].0, &bytes);
    }

    #[test]
    fn names_stay_text_in_xml_and_csv(name in "\\PC{0,40}") {
        let mut map = patchwork::example_map().unwrap();
        let mut o = map.org(&patchwork::model::OrgId::new("o1")).unwrap().clone();
        o.name.clone_from(&name);
        map.replace_organisation(o).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.graphml");
        let xml = patchwork::export::graphml::graphml(&map);
        let root = patchwork::import::xml_in::parse(&path, xml.as_bytes()).unwrap();
        prop_assert_eq!(&*root.name, "graphml");
        let csv = String::from_utf8(patchwork::export::data::organisations_csv(&map)).unwrap();
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        for rec in r.records() {
            let rec = rec.unwrap();
            for cell in &rec {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.parse::<f64>().is_ok(), "unsafe cell {:?}", cell);
            }
        }
    }
}
