//! Exports read by the tools researchers use, through the real binary: GraphML and GEXF loaded by
//! networkx and igraph (in the Python venv that scripts/setup-python.sh makes on first use, from
//! PyPI), DOT rendered by Graphviz with no warning, CSV with Excel's byte-order mark, Kumu JSON
//! round trips that keep sensitive organisations protected, and redaction of tags and hours.
//!
//! Set `PATCHWORK_SKIP_PYTHON_INTEROP=1` to skip the Python tests on a machine without PyPI.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::{example_path, example_value, patchwork, write};
use patchwork::import::import_into;
use patchwork::model::{FieldValue, Map, OrgId};
use predicates::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The venv's python, made once per test run by the project's own setup script; `None` when
/// the Python interop tests are switched off.
/// Graphviz (and the other system packages) installed by the project's own script, once per
/// test process, so `cargo test` alone sets up a fresh machine; it installs only what is missing.
fn graphviz_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/setup-system.sh");
        if let Err(e) = std::process::Command::new("bash").arg(&script).status() {
            eprintln!("cannot run {}: {e}", script.display());
        }
    });
}

fn python() -> Option<&'static Path> {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    if std::env::var_os("PATCHWORK_SKIP_PYTHON_INTEROP").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    let made = PYTHON.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = std::process::Command::new("bash")
            .arg(root.join("scripts/setup-python.sh"))
            .current_dir(root)
            .output()
            .map_err(|e| format!("cannot run scripts/setup-python.sh: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "scripts/setup-python.sh failed (it needs python3 and PyPI once; set \
                 PATCHWORK_SKIP_PYTHON_INTEROP=1 to skip these tests):\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let last = stdout.lines().last().unwrap_or_default().trim();
        Ok(PathBuf::from(last))
    });
    match made {
        Ok(p) => Some(p.as_path()),
        Err(e) => panic!("{e}"),
    }
}

/// What one tool saw in a file (see tests/interop/read_graph.py).
fn read_with(python: &Path, reader: &str, file: &Path, node_field: &str, edge_field: &str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/read_graph.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .args([reader, file.to_str().unwrap(), node_field, edge_field])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{reader} could not read {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What a tool should see: the map's organisations, links (id, ends, type name, direction, one
/// link field), labels, type names and one organisation field, in read_graph.py's shape.
fn expected(map: &Map, node_field: &str, edge_field: &str) -> Value {
    let t = map.typology();
    let field_id = |name: &str| t.fields.iter().find(|f| f.name == name).map(|f| f.id.clone());
    let (nf, ef) = (field_id(node_field), field_id(edge_field));
    let text = |v: Option<&FieldValue>| v.map(patchwork::export::xml::value_text);
    let mut labels = BTreeMap::new();
    let mut types = BTreeMap::new();
    let mut node_values = BTreeMap::new();
    for o in map.organisations() {
        labels.insert(o.id.to_string(), o.name.clone());
        types.insert(o.id.to_string(), t.org_type(&o.org_type).unwrap().name.clone());
        node_values.insert(o.id.to_string(), text(nf.as_ref().and_then(|f| o.fields.get(f))));
    }
    let mut links: Vec<Value> = map
        .link_records()
        .into_iter()
        .map(|l| {
            let lt = t.link_type(&l.link_type).unwrap();
            let value = match ef.as_ref().and_then(|f| l.fields.get(f)) {
                Some(FieldValue::Bool(b)) => json!(b),
                Some(other) => json!(patchwork::export::xml::value_text(other)),
                None => Value::Null,
            };
            json!([l.id.as_str(), l.from.as_str(), l.to.as_str(), lt.name, lt.directed, value])
        })
        .collect();
    links.sort_by(|a, b| a[0].as_str().cmp(&b[0].as_str()));
    json!({
        "directed_graph": true,
        "nodes": map.org_count(),
        "edges": map.link_count(),
        "labels": labels,
        "types": types,
        "node_field": node_values,
        "links": links,
    })
}

/// Exports `map_file` to GraphML and GEXF with the binary and checks that networkx (both) and
/// igraph (GraphML) see exactly the map.
fn assert_tools_see_the_map(map_file: &Path, node_field: &str, edge_field: &str) {
    let Some(python) = python() else { return };
    let map = patchwork::io::load_map(map_file).unwrap();
    let want = expected(&map, node_field, edge_field);
    let dir = tempfile::tempdir().unwrap();
    let (graphml, gexf) = (dir.path().join("map.graphml"), dir.path().join("map.gexf"));
    for out in [&graphml, &gexf] {
        patchwork().arg("export").arg(map_file).arg("-o").arg(out).assert().success();
    }
    for (reader, file) in [("networkx-graphml", &graphml), ("networkx-gexf", &gexf), ("igraph-graphml", &graphml)] {
        let mut seen = read_with(python, reader, file, node_field, edge_field);
        if reader.starts_with("igraph") {
            // igraph has no "missing" for a boolean attribute: an absent one reads as false.
            let links = seen["links"].as_array_mut().unwrap();
            for (got, wanted) in links.iter_mut().zip(want["links"].as_array().unwrap()) {
                if wanted[5].is_null() && got[5] == json!(false) {
                    got[5] = Value::Null;
                }
            }
        }
        for key in ["directed_graph", "nodes", "edges", "labels", "types", "node_field", "links"] {
            assert_eq!(seen[key], want[key], "{reader} reading {}: {key} differ", file.display());
        }
    }
}

#[test]
fn networkx_and_igraph_read_the_example_exactly() {
    assert_tools_see_the_map(&example_path(), "Area", "Formal agreement");
}

#[test]
fn networkx_and_igraph_read_a_generated_map_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("generated.json");
    patchwork().args(["generate", "--orgs", "300", "-o"]).arg(&map).assert().success();
    assert_tools_see_the_map(&map, "Area", "Formal agreement");
}

/// The written form other helpers and tools rely on: one boolean `directed` edge attribute, no
/// per-edge direction of the format's own.
#[test]
fn graphml_and_gexf_give_direction_as_an_edge_attribute() {
    let map = patchwork::example_map().unwrap();
    let graphml = patchwork::export::graphml::graphml(&map);
    assert!(graphml.contains("<graph id=\"G\" edgedefault=\"directed\">"));
    assert!(graphml.contains("<key id=\"e_directed\" for=\"edge\" attr.name=\"directed\" attr.type=\"boolean\"/>"));
    let edges = graphml.matches("<edge ").count();
    assert_eq!(edges, map.link_count());
    assert!(graphml.lines().filter(|l| l.contains("<edge ")).all(|l| !l.contains("directed=")));
    let flags = graphml.matches("<data key=\"e_directed\">true</data>").count()
        + graphml.matches("<data key=\"e_directed\">false</data>").count();
    assert_eq!(flags, edges);
    assert_eq!(graphml.matches("<data key=\"e_directed\">false</data>").count(), 17, "11 partnerships, 6 co-locations");

    let gexf = patchwork::export::gexf::gexf(&map);
    assert!(gexf.contains("defaultedgetype=\"directed\""));
    assert!(gexf.contains("<attribute id=\"directed\" title=\"directed\" type=\"boolean\"/>"));
    assert!(gexf.lines().filter(|l| l.contains("<edge ")).all(|l| !l.contains(" type=")));
    assert_eq!(gexf.matches("<attvalue for=\"directed\" value=\"false\"/>").count(), 17);
    assert_eq!(gexf.matches("<attvalue for=\"directed\" value=\"true\"/>").count(), map.link_count() - 17);
}

/// Renders a DOT file with Graphviz and fails on any warning.
fn assert_dot_renders_cleanly(dot_file: &Path) {
    graphviz_ready();
    let out = std::process::Command::new("dot").arg("-Tsvg").arg(dot_file).output().unwrap_or_else(|e| {
        panic!("cannot run Graphviz's dot ({e}): scripts/setup-system.sh installs it (package graphviz)")
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed on {}:\n{stderr}", dot_file.display());
    assert!(
        !stderr.contains("Warning") && !stderr.contains("Error"),
        "dot warned on {}:\n{stderr}",
        dot_file.display()
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

#[test]
fn graphviz_renders_the_dot_export_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let dot = dir.path().join("anytown.dot");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&dot).assert().success();
    assert_dot_renders_cleanly(&dot);

    // Every marker shape and line style, and a link whose colour is its type's.
    let mut v = example_value();
    let shapes =
        ["circle", "square", "diamond", "triangle", "triangle_down", "pentagon", "hexagon", "octagon", "star", "cross"];
    let styles = ["solid", "dashed", "dotted", "dash_dot"];
    for (i, ty) in v["typology"]["org_types"].as_array_mut().unwrap().iter_mut().enumerate() {
        ty["shape"] = shapes[i % shapes.len()].into();
    }
    for (i, ty) in v["typology"]["link_types"].as_array_mut().unwrap().iter_mut().enumerate() {
        ty["style"] = styles[i % styles.len()].into();
    }
    assert!(v["typology"]["org_types"].as_array().unwrap().len() >= shapes.len(), "every shape is used");
    let map = write(dir.path(), "shapes.json", serde_json::to_string(&v).unwrap().as_bytes());
    let dot = dir.path().join("shapes.dot");
    patchwork().arg("export").arg(&map).arg("-o").arg(&dot).assert().success();
    assert_dot_renders_cleanly(&dot);
}

#[test]
fn csv_starts_with_a_byte_order_mark_unless_asked_not_to() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("orgs.csv");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&csv).assert().success();
    for file in [&csv, &dir.path().join("orgs-links.csv")] {
        let bytes = std::fs::read(file).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{}", file.display());
        assert!(!bytes[3..].starts_with(b"\xEF\xBB\xBF"), "one mark only");
    }
    // A round trip reads the marked file back: the first column is still Label, café intact.
    let (back, report) = import_into(&Map::new(), &csv).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(back.org_count(), 40);
    assert_eq!(back.link_count(), 72);
    assert!(back.organisations().any(|o| o.name == "The Haven crisis café"));

    let plain = dir.path().join("plain.csv");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&plain).arg("--no-bom").assert().success();
    assert!(std::fs::read(&plain).unwrap().starts_with(b"Label,"));
    assert!(std::fs::read(dir.path().join("plain-links.csv")).unwrap().starts_with(b"From,"));

    let table = dir.path().join("t.typology.csv");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&table).assert().success();
    assert!(std::fs::read(&table).unwrap().starts_with(b"\xEF\xBB\xBFType,"));
}

#[test]
fn kumu_round_trip_keeps_positions_pinned_and_sensitive() {
    let original = patchwork::example_map().unwrap();
    assert!(original.organisations().any(|o| o.pinned) && original.organisations().any(|o| !o.pinned));
    let dir = tempfile::tempdir().unwrap();
    let kumu = dir.path().join("anytown.kumu.json");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&kumu).assert().success();
    let doc: Value = serde_json::from_slice(&std::fs::read(&kumu).unwrap()).unwrap();
    // Kumu's own project export keeps positions in "maps", elements pointing at "_id"s.
    assert_eq!(doc["maps"][0]["elements"].as_array().unwrap().len(), 40);
    assert_eq!(doc["maps"][0]["connections"].as_array().unwrap().len(), 72);

    let (back, report) = import_into(&Map::new(), &kumu).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(back.org_count(), original.org_count());
    for o in original.organisations() {
        let b = back.org(&o.id).unwrap();
        assert_eq!(b.sensitive, o.sensitive, "{}", o.id);
        assert_eq!(b.pinned, o.pinned, "{}", o.id);
        assert!((b.position[0] - o.position[0]).abs() < 0.01 && (b.position[1] - o.position[1]).abs() < 0.01);
    }

    // Redaction still protects them after the trip.
    let back_file = dir.path().join("back.json");
    patchwork::io::save_map(&back, &back_file).unwrap();
    let shared = dir.path().join("shared.kumu.json");
    patchwork().arg("export").arg(&back_file).arg("-o").arg(&shared).arg("--redact").assert().success();
    let text = std::fs::read_to_string(&shared).unwrap();
    for o in original.organisations().filter(|o| o.sensitive) {
        assert!(!text.contains(&o.name), "{} leaked after a Kumu round trip", o.name);
    }
}

#[test]
fn kumu_sensitive_flag_fails_closed() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "k.json",
        br#"{"elements": [
            {"_id": "a", "label": "A", "sensitive": "yes"},
            {"_id": "b", "label": "B", "attributes": {"Sensitive": "perhaps"}},
            {"_id": "c", "label": "C", "sensitive": false},
            {"_id": "d", "label": "D"}],
          "maps": [{"_id": "m", "elements": [{"element": "a", "position": {"x": 5, "y": -7.5}, "pinned": true}]}]}"#,
    );
    let (map, _) = import_into(&Map::new(), &file).unwrap();
    let by = |id: &str| map.org(&OrgId::new(id)).unwrap();
    assert!(by("a").sensitive && by("b").sensitive, "an unreadable flag protects the organisation");
    assert!(!by("c").sensitive && !by("d").sensitive);
    let [x, y] = by("a").position;
    assert!((x - 5.0).abs() < 1e-6 && (y + 7.5).abs() < 1e-6, "{x}, {y}");
    assert!(by("a").pinned && !by("c").pinned);
}

#[test]
fn redaction_drops_tags_and_hours_of_sensitive_organisations_unless_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.json");
    patchwork().arg("export").arg(example_path()).arg("-o").arg(&out).arg("--redact").assert().success().stdout(
        predicate::str::contains("Dropped tags from 3 sensitive organisations")
            .and(predicate::str::contains("Dropped 'Opening hours' from 3 sensitive organisations")),
    );
    let original = patchwork::example_map().unwrap();
    let shared = patchwork::io::load_map(&out).unwrap();
    let hours = patchwork::model::FieldId::new("opening_hours");
    for o in original.organisations() {
        let s = shared.org(&o.id).unwrap();
        if o.sensitive {
            assert!(s.tags.is_empty() && !s.fields.contains_key(&hours), "{}", o.id);
        } else {
            assert_eq!((&s.tags, s.fields.get(&hours)), (&o.tags, o.fields.get(&hours)), "{}", o.id);
        }
    }
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("Fr 19:00-21:00"), "Rainbow Anytown's hours");
    assert!(!text.contains("\"LGBTQ+\""), "Rainbow Anytown's tag (the typology's definitions mention LGBTQ+ too)");

    let kept = dir.path().join("kept.json");
    patchwork()
        .arg("export")
        .arg(example_path())
        .arg("-o")
        .arg(&kept)
        .args(["--redact", "--keep-tags-and-hours"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Kept tags and opening hours"));
    assert!(std::fs::read_to_string(&kept).unwrap().contains("Fr 19:00-21:00"));

    // Keeping needs redaction to keep from.
    patchwork()
        .arg("export")
        .arg(example_path())
        .arg("-o")
        .arg(dir.path().join("x.json"))
        .arg("--keep-tags-and-hours")
        .assert()
        .failure()
        .stderr(predicate::str::contains("--redact"));
}
