//! Merging in the app: File › Merge… with a conflict chosen, and a file changed on disk by
//! someone else while open (never saved over without asking).

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use egui::Modifiers;
use egui_kittest::{Harness, kittest::Queryable};
use patchwork::model::OrgId;
use patchwork::ui::PatchworkApp;
use patchwork::ui::files::FileDialogs;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

mod ui_common;

/// Open dialogs answer with prepared paths, last pushed first.
#[derive(Clone, Default)]
struct FakeDialogs {
    open: Arc<Mutex<Vec<PathBuf>>>,
}

impl FileDialogs for FakeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        self.open.lock().unwrap().pop()
    }
    fn pick_save(&mut self, _suggested: &str) -> Option<PathBuf> {
        None
    }
}

struct Ui {
    h: Harness<'static, PatchworkApp>,
    dialogs: FakeDialogs,
    _dir: tempfile::TempDir,
}

fn app_on(file: PathBuf) -> Ui {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let h = ui_common::harness([1400.0, 900.0], Some(file), Box::new(dialogs.clone()), dir.path());
    Ui { h, dialogs, _dir: dir }
}

/// The example with the crisis café (o4) given another type.
fn cafe_as(ty: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(patchwork::EXAMPLE_MAP_JSON).unwrap();
    let cafe = v["organisations"].as_array_mut().unwrap().iter_mut().find(|o| o["id"] == "o4").unwrap();
    cafe["type"] = ty.into();
    serde_json::to_vec_pretty(&v).unwrap()
}

fn cafe_type(ui: &Ui) -> String {
    ui.h.state().doc().map().org(&OrgId::new("o4")).unwrap().org_type.to_string()
}

fn type_on_disk(path: &Path) -> String {
    let map = patchwork::io::load_map(path).unwrap();
    map.org(&OrgId::new("o4")).unwrap().org_type.to_string()
}

#[test]
fn file_merge_shows_a_conflict_with_both_sides_and_applies_the_choice_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.json");
    std::fs::write(&ours, cafe_as("drop_in")).unwrap();
    let theirs = dir.path().join("theirs.json");
    std::fs::write(&theirs, cafe_as("helpline")).unwrap();
    let base = dir.path().join("base.json");
    std::fs::write(&base, patchwork::EXAMPLE_MAP_JSON).unwrap();
    let mut ui = app_on(ours);
    // Their copy is asked first, then the common original.
    ui.dialogs.open.lock().unwrap().extend([base, theirs]);
    ui.h.get_by_label("File").click();
    ui.h.run();
    ui.h.get_by_label("Merge…").click();
    ui.h.run();
    assert!(ui.h.query_by_label_contains("1 conflict(s)").is_some());
    ui.h.get_by_label_contains("Keep theirs: \"helpline\"").click();
    ui.h.run();
    ui.h.get_by_label("Merge").click();
    ui.h.run();
    assert_eq!(cafe_type(&ui), "helpline");
    assert!(ui.h.query_by_label_contains("1 conflict(s)").is_none(), "the window closed");
    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    ui.h.run();
    assert_eq!(cafe_type(&ui), "drop_in", "one undo step takes the whole merge back");
}

#[test]
fn a_file_changed_on_disk_is_noticed_and_never_saved_over_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    std::fs::write(&path, patchwork::io::map_to_bytes(&patchwork::example_map().unwrap())).unwrap();
    let mut ui = app_on(path.clone());
    assert!(ui.h.query_by_label("File changed on disk").is_none());
    // A colleague retypes the café in the same file.
    std::fs::write(&path, cafe_as("drop_in")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ui.h.run();
    assert!(ui.h.query_by_label("File changed on disk").is_some(), "noticed within a second");
    ui.h.get_by_label("Not Now").click();
    ui.h.run();
    // Saving now does not write over their change: it asks again.
    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    ui.h.run();
    assert_eq!(type_on_disk(&path), "drop_in");
    assert!(ui.h.query_by_label("File changed on disk").is_some());
    // Merge: their change comes in (the version opened is the base), one undo step.
    ui.h.get_by_label("Merge…").click();
    ui.h.run();
    ui.h.get_by_label("Merge").click();
    ui.h.run();
    assert_eq!(cafe_type(&ui), "drop_in");
    // The merged map saves without asking: it includes what is on disk.
    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    ui.h.run();
    assert!(ui.h.query_by_label("File changed on disk").is_none());
    assert!(!ui.h.state().doc().is_dirty());
    // Changed again; Overwrite replaces their version with ours, when asked to.
    std::fs::write(&path, cafe_as("helpline")).unwrap();
    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    ui.h.run();
    assert_eq!(type_on_disk(&path), "helpline");
    ui.h.get_by_label("Overwrite").click();
    ui.h.run();
    assert_eq!(type_on_disk(&path), "drop_in");
    // Reload takes theirs.
    std::fs::write(&path, cafe_as("statutory")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ui.h.run();
    ui.h.get_by_label("Reload").click();
    ui.h.run();
    assert_eq!(cafe_type(&ui), "statutory");
}

#[test]
fn autosave_writes_the_recovery_file_never_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    std::fs::write(&path, cafe_as("drop_in")).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut ui = app_on(path.clone());
    ui.h.key_press(egui::Key::Insert);
    ui.h.run();
    ui.h.state_mut().write_recovery();
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn compare_with_lists_the_changes_and_centres_the_one_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let wave2 = dir.path().join("wave2.json");
    std::fs::write(&wave2, cafe_as("drop_in")).unwrap();
    let wave1 = dir.path().join("wave1.json");
    std::fs::write(&wave1, patchwork::EXAMPLE_MAP_JSON).unwrap();
    let mut ui = app_on(wave2);
    ui.dialogs.open.lock().unwrap().push(wave1);
    ui.h.get_by_label("File").click();
    ui.h.run();
    ui.h.get_by_label("Compare With…").click();
    ui.h.run();
    assert!(ui.h.query_by_label_contains("organisations: 0 added, 0 removed, 1 changed").is_some());
    ui.h.get_by_label_contains("type: \"crisis_cafe\" → \"drop_in\"").click();
    ui.h.run();
    let view = ui.h.state().view();
    assert!(view.selection.contains(&OrgId::new("o4")));
    let cafe = ui.h.state().doc().map().org(&OrgId::new("o4")).unwrap().position;
    let off = (view.center[0] - cafe[0]).hypot(view.center[1] - cafe[1]);
    assert!(off < 0.01, "centred on the café ({off} away)");
}

#[test]
fn compare_with_overlays_the_changes_on_the_canvas_until_closed() {
    let dir = tempfile::tempdir().unwrap();
    // Wave 2: the café retyped, one organisation added, the first one removed, the second moved.
    let old = patchwork::example_map().unwrap();
    let mut new = old.clone();
    let ids: Vec<OrgId> = old.organisations_sorted().iter().map(|o| o.id.clone()).collect();
    let gone = ids.iter().find(|id| id.as_str() != "o4").unwrap().clone();
    let mover = ids.iter().find(|id| id.as_str() != "o4" && **id != gone).unwrap().clone();
    new.remove_organisation(&gone).unwrap();
    let mut cafe = new.org(&OrgId::new("o4")).unwrap().clone();
    cafe.org_type = patchwork::model::TypeId::new("drop_in");
    new.replace_organisation(cafe).unwrap();
    let p = new.org(&mover).unwrap().position;
    new.set_position(&mover, [p[0] + 80.0, p[1] + 40.0]).unwrap();
    let mut added = new.org(&mover).unwrap().clone();
    added.id = OrgId::new("o900");
    added.name = "Knitting group".into();
    new.insert_organisation(added).unwrap();
    let wave2 = dir.path().join("wave2.json");
    patchwork::io::save_map(&new, &wave2).unwrap();
    let wave1 = dir.path().join("wave1.json");
    std::fs::write(&wave1, patchwork::EXAMPLE_MAP_JSON).unwrap();

    let mut ui = app_on(wave2);
    assert_eq!(ui.h.state().compare_overlay_counts(), None, "no overlay before comparing");
    assert_eq!(overlay_marks(&ui), [0, 0], "nothing of the overlay painted before comparing");
    ui.dialogs.open.lock().unwrap().push(wave1);
    ui.h.get_by_label("File").click();
    ui.h.run();
    ui.h.get_by_label("Compare With…").click();
    ui.h.run();
    assert_eq!(ui.h.state().compare_overlay_counts(), Some([1, 1, 1, 1]), "added, changed, removed, moved");
    assert!(ui.h.query_by_label_contains("ring: added").is_some(), "the window holds the key");
    assert_eq!(overlay_marks(&ui), [1, 1], "one ring and one badge painted");
    ui.h.get_by_label("Close window").click();
    ui.h.run();
    assert_eq!(ui.h.state().compare_overlay_counts(), None, "closing the window removes the overlay");
    assert_eq!(overlay_marks(&ui), [0, 0], "nothing of the overlay painted after closing");
}

/// The painted rings in the "added" colour and diamond badges in the "changed" colour.
fn overlay_marks(ui: &Ui) -> [usize; 2] {
    use patchwork::versions::compare::{ADDED, CHANGED};
    let rgb = |c: patchwork::model::Colour| egui::Color32::from_rgb(c.r, c.g, c.b);
    let (mut rings, mut badges) = (0, 0);
    for clipped in &ui.h.output().shapes {
        match &clipped.shape {
            egui::Shape::Circle(c) if c.stroke.color == rgb(ADDED) && c.fill == egui::Color32::TRANSPARENT => {
                rings += 1;
            }
            // Markers of a type in that colour have no stroke of their own (their outline is a line).
            egui::Shape::Path(p) if p.points.len() == 4 && p.fill == rgb(CHANGED) && p.stroke.width > 0.0 => {
                badges += 1;
            }
            _ => {}
        }
    }
    [rings, badges]
}

/// Compare With… marks links too: an added link drawn over in the "added" colour, a changed one
/// badged at its middle, a removed one as a dotted ghost in the "removed" colour.
#[test]
fn compare_with_marks_added_changed_and_removed_links() {
    use patchwork::model::{LinkRecord, TypeId};
    use patchwork::versions::compare::{ADDED, CHANGED, REMOVED};
    let dir = tempfile::tempdir().unwrap();
    let old = patchwork::example_map().unwrap();
    let mut new = old.clone();
    let links = old.link_records();
    new.remove_link(&links[0].id).unwrap();
    let mut retyped = links[1].clone();
    retyped.link_type = old.typology().link_types.iter().find(|t| t.id != retyped.link_type).unwrap().id.clone();
    new.replace_link(retyped).unwrap();
    let (a, b) = (links[2].from.clone(), links[3].to.clone());
    new.insert_link(LinkRecord::new(new.next_link_id(), a, b, TypeId::new("partnership"))).unwrap();
    let wave2 = dir.path().join("wave2.json");
    patchwork::io::save_map(&new, &wave2).unwrap();
    let wave1 = dir.path().join("wave1.json");
    std::fs::write(&wave1, patchwork::EXAMPLE_MAP_JSON).unwrap();

    let mut ui = app_on(wave2);
    let rgb = |c: patchwork::model::Colour| egui::Color32::from_rgb(c.r, c.g, c.b);
    let marks = |ui: &Ui| {
        let ghost = rgb(REMOVED).gamma_multiply(0.8);
        let (mut added, mut badges, mut ghosts) = (0, 0, 0);
        for clipped in &ui.h.output().shapes {
            match &clipped.shape {
                egui::Shape::Path(p) if !p.closed && p.stroke.color == egui::epaint::ColorMode::Solid(rgb(ADDED)) => {
                    added += 1;
                }
                egui::Shape::Path(p) if p.points.len() == 4 && p.fill == rgb(CHANGED) && p.stroke.width > 0.0 => {
                    badges += 1;
                }
                egui::Shape::Mesh(m) if !m.vertices.is_empty() && m.vertices.iter().all(|v| v.color == ghost) => {
                    ghosts += 1;
                }
                _ => {}
            }
        }
        [added, badges, ghosts]
    };
    // Markers of a type in the "added" colour draw paths in it too: count what comparing adds.
    let before = marks(&ui);
    assert_eq!(before[1..], [0, 0], "no badge or ghost before comparing");
    ui.dialogs.open.lock().unwrap().push(wave1);
    ui.h.get_by_label("File").click();
    ui.h.run();
    ui.h.get_by_label("Compare With…").click();
    ui.h.run();
    assert_eq!(ui.h.state().compare_overlay_counts(), Some([0, 0, 0, 0]), "no organisation changed");
    let during = marks(&ui);
    let added = [during[0] - before[0], during[1], during[2]];
    assert_eq!(added, [1, 1, 1], "one added line, one badge on the changed link, one dotted ghost");
    assert!(ui.h.query_by_label_contains("dotted line: removed link").is_some(), "the key says so");
    ui.h.get_by_label("Close window").click();
    ui.h.run();
    assert_eq!(marks(&ui), before);
}
