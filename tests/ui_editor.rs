//! The editor driven as a person would: clicks by label, typing, drags on the canvas.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use egui::{Modifiers, Pos2, accesskit::Role, pos2};
use egui_kittest::{Harness, kittest::Queryable};
use patchwork::model::{FieldId, FieldValue, OrgId, TypeId};
use patchwork::ui::PatchworkApp;
use patchwork::ui::files::{ConfigDir, FileDialogs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

mod ui_common;

/// File dialogs that answer with prepared paths. `unavailable` makes them report that no system
/// dialog exists (the app then uses its own); `fail_on_pick` makes the next pick fail at once,
/// as rfd does when neither a portal nor zenity starts.
#[derive(Clone, Default)]
struct FakeDialogs {
    open: Arc<Mutex<Vec<PathBuf>>>,
    save: Arc<Mutex<Vec<PathBuf>>>,
    unavailable: Arc<AtomicBool>,
    fail_on_pick: Arc<AtomicBool>,
}

impl FakeDialogs {
    fn picked(&self, from: &Mutex<Vec<PathBuf>>) -> Option<PathBuf> {
        if self.fail_on_pick.swap(false, Ordering::SeqCst) {
            self.unavailable.store(true, Ordering::SeqCst);
            return None;
        }
        from.lock().unwrap().pop()
    }
}

impl FileDialogs for FakeDialogs {
    fn available(&mut self) -> bool {
        !self.unavailable.load(Ordering::SeqCst)
    }
    fn pick_open(&mut self) -> Option<PathBuf> {
        self.picked(&self.open)
    }
    fn pick_save(&mut self, _suggested: &str) -> Option<PathBuf> {
        self.picked(&self.save)
    }
}

struct Ui {
    h: Harness<'static, PatchworkApp>,
    dialogs: FakeDialogs,
    _dir: tempfile::TempDir,
}

fn app_with(file: Option<PathBuf>, dir: tempfile::TempDir) -> Ui {
    let dialogs = FakeDialogs::default();
    let h = ui_common::harness([1400.0, 900.0], file, Box::new(dialogs.clone()), dir.path());
    Ui { h, dialogs, _dir: dir }
}

fn app() -> Ui {
    app_with(None, tempfile::tempdir().unwrap())
}

impl Ui {
    fn state(&self) -> &PatchworkApp {
        self.h.state()
    }
    fn org_screen(&self, id: &str) -> Pos2 {
        let app = self.h.state();
        let pos = app.doc().map().org(&OrgId::new(id)).unwrap().position;
        app.view().screen_from_map(pos)
    }
    fn click_at(&mut self, p: Pos2, modifiers: Modifiers) {
        // egui reads held modifiers from the input state, not from the click event.
        self.h.event(egui::Event::ModifiersChanged(modifiers));
        self.h.event(egui::Event::PointerMoved(p));
        for pressed in [true, false] {
            let button = egui::PointerButton::Primary;
            self.h.event(egui::Event::PointerButton { pos: p, button, pressed, modifiers });
        }
        self.h.run();
        self.h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
        // Let the double-click window pass so the next click is a single click.
        self.h.run_steps(25);
    }
    fn double_click_at(&mut self, p: Pos2) {
        self.h.event(egui::Event::PointerMoved(p));
        for pressed in [true, false, true, false] {
            self.h.event(egui::Event::PointerButton {
                pos: p,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        self.h.run();
    }
    fn drag(&mut self, from: Pos2, to: Pos2) {
        self.h.hover_at(from);
        self.h.run();
        self.h.drag_at(from);
        self.h.run();
        for i in 1..=6 {
            let t = i as f32 / 6.0;
            self.h.hover_at(from + (to - from) * t);
            self.h.run();
        }
        self.h.drop_at(to);
        self.h.run();
    }
    fn menu(&mut self, menu: &str, item: &str) {
        self.h.get_by_label(menu).click();
        self.h.run();
        self.h.get_by_label_contains(item).click();
        self.h.run();
    }
    fn key(&mut self, modifiers: Modifiers, key: egui::Key) {
        self.h.key_press_modifiers(modifiers, key);
        self.h.run();
    }
    fn org_count(&self) -> usize {
        self.state().doc().map().org_count()
    }
}

#[test]
fn help_about_shows_the_version_licence_and_where_settings_live() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("config").join("settings.json");
    let mut ui = app_with(None, dir);
    ui.menu("Help", "About Patchwork");
    ui.h.get_by_label(&format!("Version {}", env!("CARGO_PKG_VERSION")));
    ui.h.get_by_label("Licence: MIT OR Apache-2.0");
    ui.h.get_by_label(&format!("Settings: {}", settings.display()));
    ui.h.get_by_label_contains("recovery.json");
}

#[test]
fn opens_the_bundled_example_with_a_title() {
    let ui = app();
    assert_eq!(ui.org_count(), 40);
    assert!(ui.state().title().contains("Crisis support in Anytown"), "{}", ui.state().title());
    assert!(!ui.state().doc().is_dirty());
}

#[test]
fn double_click_adds_an_organisation_and_names_it() {
    let mut ui = app();
    let empty = ui.state().view().screen_from_map([1300.0, 980.0]);
    ui.double_click_at(empty);
    assert_eq!(ui.org_count(), 41);
    let id = ui.state().view().selection.first().unwrap().clone();
    ui.h.get_by_role_and_label(Role::TextInput, "New name").type_text("Knit and Natter");
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Enter);
    assert_eq!(ui.state().doc().map().org(&id).unwrap().name, "Knit and Natter");
    assert!(ui.state().title().starts_with("• "), "unsaved marker: {}", ui.state().title());
    // Adding and naming are two undo steps.
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(ui.state().doc().map().org(&id).unwrap().name, "New organisation");
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(ui.org_count(), 40);
}

#[test]
fn dragging_from_a_rim_connects_two_organisations() {
    let mut ui = app();
    let links = ui.state().doc().map().link_count();
    // o3 (the nightline) and o28 (the choir) have no links.
    let from = ui.org_screen("o3");
    let to = ui.org_screen("o20");
    let r = 14.0 * ui.state().view().zoom;
    ui.drag(from + egui::vec2(r - 1.0, 0.0), to);
    ui.h.get_by_label("Signposting →").click();
    ui.h.run();
    let map = ui.state().doc().map();
    assert_eq!(map.link_count(), links + 1);
    let new = map.links_of(&OrgId::new("o3"));
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].to.as_str(), "o20");
    assert_eq!(new[0].link_type.as_str(), "signposting");
}

#[test]
fn l_key_connects_the_selection_to_the_next_click() {
    let mut ui = app();
    let links = ui.state().doc().map().link_count();
    let a = ui.org_screen("o3");
    ui.click_at(a, Modifiers::NONE);
    ui.key(Modifiers::NONE, egui::Key::L);
    let b = ui.org_screen("o28");
    ui.click_at(b, Modifiers::NONE);
    ui.h.get_by_label("Partnership").click();
    ui.h.run();
    assert_eq!(ui.state().doc().map().link_count(), links + 1);
}

#[test]
fn moving_a_selection_is_one_undo_step() {
    let mut ui = app();
    let a = ui.org_screen("o1");
    ui.click_at(a, Modifiers::NONE);
    let b = ui.org_screen("o2");
    ui.click_at(b, Modifiers::SHIFT);
    assert_eq!(ui.state().view().selection.len(), 2);
    let before: Vec<[f32; 2]> =
        ["o1", "o2"].iter().map(|id| ui.state().doc().map().org(&OrgId::new(*id)).unwrap().position).collect();
    ui.drag(b, b + egui::vec2(0.0, 60.0));
    let after: Vec<[f32; 2]> =
        ["o1", "o2"].iter().map(|id| ui.state().doc().map().org(&OrgId::new(*id)).unwrap().position).collect();
    assert!(after[0][1] > before[0][1] + 20.0 && after[1][1] > before[1][1] + 20.0, "{before:?} {after:?}");
    assert_eq!(ui.state().doc().history().undo_label(), Some("Move 2 organisations"));
    ui.menu("Edit", "Undo Move 2 organisations");
    let undone: Vec<[f32; 2]> =
        ["o1", "o2"].iter().map(|id| ui.state().doc().map().org(&OrgId::new(*id)).unwrap().position).collect();
    assert_eq!(undone, before);
}

#[test]
fn box_select_selects_what_it_covers() {
    let mut ui = app();
    // The left-hand column of statutory services sits at x = 100..300 in map units.
    let a = ui.state().view().screen_from_map([60.0, 40.0]);
    let b = ui.state().view().screen_from_map([140.0, 960.0]);
    ui.drag(a, b);
    let sel = &ui.state().view().selection;
    assert!(sel.len() >= 3, "{sel:?}");
    let map = ui.state().doc().map();
    assert!(sel.iter().all(|id| map.org(id).unwrap().position[0] <= 140.0));
}

#[test]
fn delete_removes_links_too_and_undo_restores() {
    let mut ui = app();
    let before = ui.state().doc().map().clone();
    let links_of_o4 = before.links_of(&OrgId::new("o4")).len();
    assert!(links_of_o4 > 0);
    let p = ui.org_screen("o4");
    ui.click_at(p, Modifiers::NONE);
    ui.key(Modifiers::NONE, egui::Key::Delete);
    assert_eq!(ui.org_count(), 39);
    assert_eq!(ui.state().doc().map().link_count(), before.link_count() - links_of_o4);
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(*ui.state().doc().map(), before);
}

#[test]
fn editing_a_field_in_the_inspector_is_one_step() {
    let mut ui = app();
    let p = ui.org_screen("o20");
    ui.click_at(p, Modifiers::NONE);
    let name = ui.h.get_by_role_and_label(Role::TextInput, "Area");
    name.focus();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::TextInput, "Area").type_text("Tue 7pm");
    ui.h.run();
    // Still typing: not committed yet.
    ui.key(Modifiers::NONE, egui::Key::Tab);
    ui.h.run();
    let org = ui.state().doc().map().org(&OrgId::new("o20")).unwrap().clone();
    assert!(org.fields.get(&FieldId::new("area")).unwrap().display().ends_with("Tue 7pm"));
    assert_eq!(ui.state().doc().history().undo_len(), 1);
    // A choice field commits at once.
    ui.h.get_by_label("Crisis stages").hover();
    let prevention = ui.h.get_all_by_label("prevention").next().unwrap();
    let was = org.fields.get(&FieldId::new("crisis_stages")).cloned();
    prevention.click();
    ui.h.run();
    let now =
        ui.state().doc().map().org(&OrgId::new("o20")).unwrap().fields.get(&FieldId::new("crisis_stages")).cloned();
    assert_ne!(was, now);
    assert_eq!(ui.state().doc().history().undo_len(), 2);
}

#[test]
fn bulk_edit_sets_a_type_for_every_selected_organisation() {
    let mut ui = app();
    for id in ["o33", "o34", "o35"] {
        let p = ui.org_screen(id);
        ui.click_at(p, Modifiers::SHIFT);
    }
    assert_eq!(ui.state().view().selection.len(), 3);
    ui.h.get_by_label("Type to set").click();
    ui.h.run();
    ui.h.get_by_label("Peer support group").click();
    ui.h.run();
    ui.h.get_by_label("Apply type").click();
    ui.h.run();
    let map = ui.state().doc().map();
    for id in ["o33", "o34", "o35"] {
        assert_eq!(map.org(&OrgId::new(id)).unwrap().org_type.as_str(), "peer_support");
    }
    assert_eq!(ui.state().doc().history().undo_len(), 1);
}

#[test]
fn typology_editor_changes_a_colour() {
    let mut ui = app();
    ui.menu("Map", "Typology");
    // The first organisation type (helpline) is Blue; pick Vermillion.
    ui.h.get_by_label("Colour of Helpline or listening line").click();
    ui.h.run();
    ui.h.get_by_label("Vermillion").click();
    ui.h.run();
    ui.h.run();
    let t = ui.state().doc().map().typology().org_type(&TypeId::new("helpline")).unwrap().colour;
    assert_eq!(t.to_hex(), "#D55E00");
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    let t = ui.state().doc().map().typology().org_type(&TypeId::new("helpline")).unwrap().colour;
    assert_eq!(t.to_hex(), "#0072B2");
}

#[test]
fn deleting_a_type_in_use_asks_where_members_go() {
    let mut ui = app();
    ui.menu("Map", "Typology");
    // Community or hobby group is the ninth organisation type.
    ui.h.get_all_by_label("Delete").nth(8).unwrap().scroll_to_me();
    ui.h.run();
    ui.h.get_all_by_label("Delete").nth(8).unwrap().click();
    ui.h.run();
    assert!(ui.h.query_by_label("Move and delete").is_some(), "asks where the 6 members go");
    ui.h.get_by_label("Type to move them to").click();
    ui.h.run();
    ui.h.get_all_by_label("Peer support group").last().unwrap().click();
    ui.h.run();
    ui.h.get_by_label("Move and delete").click();
    ui.h.run();
    let map = ui.state().doc().map();
    assert!(map.typology().org_type(&TypeId::new("community_group")).is_none());
    assert_eq!(map.members_of(&TypeId::new("peer_support")).count(), 10);
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert!(ui.state().doc().map().typology().org_type(&TypeId::new("community_group")).is_some());
}

#[test]
fn find_selects_and_centres_a_match() {
    let mut ui = app();
    ui.key(Modifiers::COMMAND, egui::Key::F);
    ui.h.get_by_role(Role::TextInput).type_text("men's sh");
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Enter);
    let sel = &ui.state().view().selection;
    assert_eq!(sel.len(), 1);
    let org = ui.state().doc().map().org(sel.first().unwrap()).unwrap();
    assert_eq!(org.name, "Anytown Men's Shed");
    let c = ui.state().view().center;
    assert!((c[0] - org.position[0]).abs() < 0.01 && (c[1] - org.position[1]).abs() < 0.01);
}

#[test]
fn save_and_reopen_through_the_file_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("town.json");
    let mut ui = app_with(None, tempfile::tempdir().unwrap());
    let p = ui.org_screen("o4");
    ui.click_at(p, Modifiers::NONE);
    ui.key(Modifiers::NONE, egui::Key::Delete);
    ui.dialogs.save.lock().unwrap().push(path.clone());
    ui.key(Modifiers::COMMAND, egui::Key::S);
    assert!(path.is_file());
    assert!(!ui.state().doc().is_dirty());
    assert!(ui.state().title().contains("town.json"));
    // Reopen it with File > Open.
    ui.dialogs.open.lock().unwrap().push(path.clone());
    ui.menu("File", "Open…");
    assert_eq!(ui.org_count(), 39);
    assert_eq!(ui.state().doc().path.as_deref(), Some(path.as_path()));
    assert_eq!(ui.state().settings().recent.first().map(|p| p.file_name()), Some(path.file_name()));
}

#[test]
fn unsaved_changes_prompt_on_new() {
    let mut ui = app();
    let p = ui.org_screen("o4");
    ui.click_at(p, Modifiers::NONE);
    ui.key(Modifiers::NONE, egui::Key::Delete);
    ui.key(Modifiers::COMMAND, egui::Key::N);
    assert!(ui.h.query_by_label_contains("Save changes to").is_some());
    ui.h.get_by_label("Cancel").click();
    ui.h.run();
    assert_eq!(ui.org_count(), 39);
    ui.key(Modifiers::COMMAND, egui::Key::N);
    ui.h.get_by_label("Don't Save").click();
    ui.h.run();
    assert_eq!(ui.org_count(), 0);
    assert!(!ui.state().doc().is_dirty());
}

#[test]
fn load_error_is_shown_and_nothing_half_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{\"format\": \"patchwork-map\", \"version\": 1, \"typology\": 3}").unwrap();
    let ui = app_with(Some(bad), dir);
    let notices = ui.state().notices();
    assert!(notices.iter().any(|n| n.contains("bad.json")), "{notices:?}");
    assert_eq!(ui.org_count(), 0, "an empty map, nothing half-loaded");
}

#[test]
fn autosave_is_offered_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let config = ConfigDir(Some(dir.path().join("config")));
    let mut map = patchwork::example_map().unwrap();
    map.meta.title = "Unsaved work".into();
    config.write_recovery(&map, None).unwrap();
    let mut ui = app_with(None, dir);
    assert!(ui.h.query_by_label("Recover unsaved work?").is_some());
    ui.h.get_by_label("Recover").click();
    ui.h.run();
    assert_eq!(ui.state().doc().map().meta.title, "Unsaved work");
    assert!(ui.state().doc().is_dirty());
}

#[test]
fn copy_paste_keeps_links_among_pasted_organisations() {
    let mut ui = app();
    let (orgs, links) = (ui.org_count(), ui.state().doc().map().link_count());
    let first = ui.state().doc().map().link_records()[0].clone();
    let pair = [first.from.as_str().to_owned(), first.to.as_str().to_owned()];
    for id in &pair {
        let p = ui.org_screen(id);
        ui.click_at(p, Modifiers::SHIFT);
    }
    assert_eq!(ui.state().view().selection.len(), 2);
    let among = ui
        .state()
        .doc()
        .map()
        .link_records()
        .iter()
        .filter(|l| pair.contains(&l.from.as_str().to_owned()) && pair.contains(&l.to.as_str().to_owned()))
        .count();
    assert!(among > 0);
    ui.key(Modifiers::COMMAND, egui::Key::C);
    ui.key(Modifiers::COMMAND, egui::Key::V);
    assert_eq!(ui.org_count(), orgs + 2);
    assert_eq!(ui.state().doc().map().link_count(), links + among);
    ui.key(Modifiers::COMMAND, egui::Key::D);
    assert_eq!(ui.org_count(), orgs + 4);
}

#[test]
fn field_values_keep_their_kind() {
    let mut ui = app();
    let p = ui.org_screen("o1");
    ui.click_at(p, Modifiers::NONE);
    let map = ui.state().doc().map();
    assert!(matches!(
        map.org(&OrgId::new("o1")).unwrap().fields.get(&FieldId::new("access")),
        Some(FieldValue::List(_))
    ));
}

#[test]
fn snapshot_main_window_light_and_dark() {
    let mut ui = app();
    ui.h.snapshot("main_window_light");
    ui.menu("View", "Dark Theme");
    ui.h.run();
    ui.h.snapshot("main_window_dark");
}

#[test]
fn clicking_empty_canvas_clears_the_selection() {
    let mut ui = app();
    let p = ui.org_screen("o1");
    ui.click_at(p, Modifiers::NONE);
    assert_eq!(ui.state().view().selection.len(), 1);
    ui.click_at(pos2(5.0, 800.0), Modifiers::NONE);
    assert!(ui.state().view().selection.is_empty());
}

#[test]
fn export_window_writes_the_chosen_format() {
    let mut ui = app();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("figure.png");
    ui.key(Modifiers::COMMAND, egui::Key::E);
    assert!(ui.h.query_by_label("Preview").is_some(), "the export window shows a preview");
    ui.dialogs.save.lock().unwrap().push(out.clone());
    ui.h.get_by_role_and_label(Role::Button, "Export…").click();
    ui.h.run();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..4], b"\x89PNG");
    assert!(ui.state().notices().iter().any(|n| n.contains("figure.png")));
    // Switch to GraphML and export again.
    ui.h.get_by_label("Export format").click();
    ui.h.run();
    ui.h.get_by_label("GraphML (yEd, Gephi, networkx)").click();
    ui.h.run();
    let out = dir.path().join("data.graphml");
    ui.dialogs.save.lock().unwrap().push(out.clone());
    ui.h.get_by_role_and_label(Role::Button, "Export…").click();
    ui.h.run();
    assert!(std::fs::read_to_string(&out).unwrap().contains("<graphml"));
}

#[test]
fn import_merges_as_one_undo_step_and_reports() {
    let mut ui = app();
    let before = ui.state().doc().map().clone();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gephi.gexf");
    ui.dialogs.open.lock().unwrap().push(fixture);
    ui.key(Modifiers::COMMAND, egui::Key::I);
    assert_eq!(ui.org_count(), 40, "the preview comes first");
    ui.h.get_by_role_and_label(Role::Button, "Import").click();
    ui.h.run();
    assert_eq!(ui.org_count(), 43);
    let report = "Organisations: 3 in the file = 3 created + 0 updated";
    assert!(ui.h.query_by_label_contains(report).is_some(), "the report is shown");
    ui.h.get_by_role_and_label(Role::Button, "Close").click();
    ui.h.run();
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(*ui.state().doc().map(), before);
}

#[test]
fn a_layout_run_is_one_undo_step() {
    let mut ui = app();
    let before = ui.state().doc().map().clone();
    ui.menu("Layout", "Circle");
    assert_ne!(*ui.state().doc().map(), before, "the layout moved organisations");
    let pinned: Vec<_> = before.organisations().filter(|o| o.pinned).collect();
    for o in &pinned {
        assert!(patchwork::convert::same_pos(ui.state().doc().map().org(&o.id).unwrap().position, o.position));
    }
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(*ui.state().doc().map(), before);

    // The force layout animates on a worker thread, then lands as one step.
    ui.h.get_by_label("Layout").click();
    ui.h.run();
    ui.h.get_by_label_contains("Force-directed").click();
    ui.h.step();
    assert!(ui.state().layout_running(), "the force layout runs in the background");
    for _ in 0..600 {
        if !ui.state().layout_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        ui.h.step();
    }
    assert!(!ui.state().layout_running(), "layout finished");
    ui.h.run();
    assert_eq!(ui.state().doc().history().undo_label(), Some("Force-directed layout"));
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(*ui.state().doc().map(), before);
}

#[test]
fn analysis_window_selects_rows_and_shows_paths() {
    let mut ui = app();
    ui.key(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::A);
    assert!(ui.h.query_by_label_contains("voluntary organisations have no information-sharing path").is_some());
    ui.h.get_by_label("The Haven crisis café").click();
    ui.h.run();
    assert_eq!(ui.state().view().selection.first().map(OrgId::as_str), Some("o4"));
    // Size by betweenness: the most central organisation gets the largest marker.
    ui.h.get_by_label("Marker size shows").click();
    ui.h.run();
    ui.h.get_by_label("Betweenness").click();
    ui.h.run();
    let haven = ui.state().scene().node(&OrgId::new("o4")).unwrap().radius;
    let choir = ui.state().scene().nodes.iter().find(|n| n.label == "Riverside Community Choir").unwrap().radius;
    assert!(haven > choir * 1.5, "{haven} vs {choir}");
    ui.h.get_by_label("Single points of failure").click();
    ui.h.run();
    assert!(ui.state().scene().nodes.iter().any(|n| n.faded));
    assert!(ui.state().scene().nodes.iter().any(|n| !n.faded));
}

#[test]
fn views_are_saved_applied_and_stepped_through_in_presentation() {
    let mut ui = app();
    let views_before = ui.state().doc().map().views.len();
    ui.key(Modifiers::NONE, egui::Key::F6);
    // Filter to one organisation type, then save the view.
    ui.h.get_by_label("Organisation types").click();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::CheckBox, "Statutory service").scroll_to_me();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::CheckBox, "Statutory service").click();
    ui.h.run();
    assert!(
        ui.state().scene().nodes.iter().all(|n| n.shape != patchwork::model::Shape::Cross),
        "statutory services hidden: {:?}",
        ui.state().view().filter
    );
    ui.h.get_by_role(Role::TextInput).scroll_to_me();
    ui.h.run();
    ui.h.get_by_role(Role::TextInput).click();
    ui.h.run();
    ui.h.get_by_role(Role::TextInput).type_text("Without statutory services");
    ui.h.run();
    ui.h.get_by_label("Save current view").scroll_to_me();
    ui.h.run();
    ui.h.get_by_label("Save current view").click();
    ui.h.run();
    let map = ui.state().doc().map();
    assert_eq!(map.views.len(), views_before + 1);
    assert!(!map.views.last().unwrap().filter.org_types.is_empty());
    assert_eq!(ui.state().doc().history().undo_label(), Some("Save view Without statutory services"));

    // Present: F5 starts at the first view; Space steps on; Backspace goes back; Esc leaves.
    ui.key(Modifiers::NONE, egui::Key::F5);
    assert!(ui.state().presenting());
    assert_eq!(ui.state().slide(), Some(0));
    ui.key(Modifiers::NONE, egui::Key::Space);
    assert_eq!(ui.state().slide(), Some(1));
    ui.key(Modifiers::NONE, egui::Key::ArrowRight);
    assert_eq!(ui.state().slide(), Some(2));
    ui.key(Modifiers::NONE, egui::Key::Backspace);
    assert_eq!(ui.state().slide(), Some(1));
    ui.h.run_steps(60);
    ui.key(Modifiers::NONE, egui::Key::Escape);
    assert!(!ui.state().presenting());
}

#[test]
fn a_revealing_view_adds_one_type_per_step() {
    let mut ui = app();
    ui.key(Modifiers::NONE, egui::Key::F5);
    // The bundled example's fourth view reveals types one at a time.
    for _ in 0..3 {
        ui.key(Modifiers::NONE, egui::Key::Space);
    }
    ui.h.run_steps(60);
    assert_eq!(ui.state().slide(), Some(3));
    let shown = ui.state().presentation_types_shown();
    ui.key(Modifiers::NONE, egui::Key::Space);
    ui.h.run_steps(60);
    assert_eq!(ui.state().slide(), Some(3), "still on the same view");
    assert_eq!(ui.state().presentation_types_shown(), shown + 1);
}

#[test]
fn focus_fades_everything_outside_the_neighbourhood() {
    let mut ui = app();
    let p = ui.org_screen("o4");
    ui.click_at(p, Modifiers::NONE);
    ui.key(Modifiers::NONE, egui::Key::F);
    let map = ui.state().doc().map();
    let neighbours: std::collections::HashSet<OrgId> = map
        .links_of(&OrgId::new("o4"))
        .into_iter()
        .map(|l| if l.from.as_str() == "o4" { l.to } else { l.from })
        .collect();
    for n in &ui.state().scene().nodes {
        let bright = n.id.as_str() == "o4" || neighbours.contains(&n.id);
        assert_eq!(n.faded, !bright, "{}", n.label);
    }
    ui.key(Modifiers::NONE, egui::Key::Escape);
    assert!(ui.state().scene().nodes.iter().all(|n| !n.faded));
}

#[test]
fn projector_window_mirrors_an_edit() {
    let mut ui = app();
    ui.menu("Workshop", "Projector Window");
    ui.h.run_steps(60);
    assert!(ui.h.query_by_label("Patchwork — projector").is_some(), "the projector window is open");
    let before = ui.state().projector_scene_nodes();
    // Select an organisation with Find (the projector window covers the canvas here) and delete it.
    ui.key(Modifiers::COMMAND, egui::Key::F);
    ui.h.get_by_role_and_label(Role::TextInput, "Name contains").type_text("Knit");
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Enter);
    assert_eq!(ui.state().view().selection.len(), 1);
    ui.key(Modifiers::NONE, egui::Key::Delete);
    ui.h.run_steps(10);
    assert_eq!(ui.org_count(), 39);
    assert_eq!(ui.state().projector_scene_nodes(), before - 1, "the projector shows the deletion");
}

#[test]
fn snapshot_presentation_mode() {
    let mut ui = app();
    ui.key(Modifiers::NONE, egui::Key::F5);
    ui.h.run_steps(60);
    ui.h.snapshot("presentation_projector");
}

#[test]
fn quick_add_names_cycles_types_and_adds() {
    let mut ui = app();
    ui.key(Modifiers::NONE, egui::Key::N);
    ui.h.get_by_role_and_label(Role::TextInput, "New organisation").type_text("Tuesday walking group");
    ui.h.run();
    // Tab moves from the first type (helpline) to the next.
    ui.key(Modifiers::NONE, egui::Key::Tab);
    ui.key(Modifiers::NONE, egui::Key::Enter);
    assert_eq!(ui.org_count(), 41);
    let added = ui.state().doc().map().organisations().find(|o| o.name == "Tuesday walking group").unwrap().clone();
    assert_eq!(added.org_type.as_str(), "crisis_cafe");
    ui.h.get_by_role_and_label(Role::TextInput, "New organisation").type_text("Men's shed two");
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Enter);
    assert_eq!(ui.org_count(), 42);
    ui.key(Modifiers::NONE, egui::Key::Escape);
    assert!(ui.h.query_by_label("Quick add").is_none());
}

#[test]
fn a_failed_save_keeps_the_map_open_and_unsaved() {
    let mut ui = app();
    let p = ui.org_screen("o4");
    ui.click_at(p, Modifiers::NONE);
    ui.key(Modifiers::NONE, egui::Key::Delete);
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"x").unwrap();
    ui.dialogs.save.lock().unwrap().push(blocker.join("map.json"));
    ui.key(Modifiers::COMMAND, egui::Key::S);
    assert!(ui.state().doc().is_dirty(), "still unsaved");
    assert_eq!(ui.org_count(), 39, "the map is as it was");
    let notices = ui.state().notices();
    assert!(
        notices.iter().any(|n| n.contains("could not save") && n.contains("map.json") && n.contains("still open")),
        "{notices:?}"
    );
}

#[test]
fn sticky_notes_and_regions_are_drawn_saved_and_reloaded() {
    let mut ui = app();
    ui.menu("Workshop", "Add Sticky Note");
    assert_eq!(ui.state().doc().map().notes.len(), 1);
    assert_eq!(ui.state().scene().notes.len(), 1);
    // The note's window opens over the canvas; close it to click the organisations under it.
    if ui.h.query_by_role_and_label(Role::Button, "Close window").is_some() {
        ui.close_window();
    }
    for id in ["o33", "o34"] {
        let p = ui.org_screen(id);
        ui.click_at(p, Modifiers::SHIFT);
    }
    ui.menu("Workshop", "Region Around Selection");
    let map = ui.state().doc().map().clone();
    assert_eq!(map.regions.len(), 1);
    assert!(ui.state().scene().hulls.iter().any(|h| h.label == "Region 1"));
    // Saved in the file and read back.
    let bytes = patchwork::io::map_to_bytes(&map);
    let back = patchwork::io::map_from_bytes(std::path::Path::new("notes.json"), &bytes).unwrap();
    assert_eq!(back.notes, map.notes);
    assert_eq!(back.regions, map.regions);
    // Each is an undo step.
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert!(ui.state().doc().map().regions.is_empty());
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert!(ui.state().doc().map().notes.is_empty());
}

#[test]
fn parked_suggestions_wait_below_the_map_until_placed() {
    let mut ui = app();
    ui.key(Modifiers::NONE, egui::Key::N);
    ui.h.get_by_label("Park them (suggested, not placed yet)").click();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::TextInput, "New organisation").type_text("Mosque youth circle");
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Enter);
    ui.key(Modifiers::NONE, egui::Key::Escape);
    let map = ui.state().doc().map();
    let parked = map.organisations().find(|o| o.name == "Mosque youth circle").unwrap().clone();
    assert!(parked.tags.contains(&"parked".to_owned()));
    let lowest = map.organisations().filter(|o| o.id != parked.id).map(|o| o.position[1]).fold(f32::MIN, f32::max);
    assert!(parked.position[1] > lowest, "parked below the map");
    ui.menu("Workshop", "Notes and Regions");
    ui.h.get_by_label("Place on map").click();
    ui.h.run();
    let placed = ui.state().doc().map().org(&parked.id).unwrap().clone();
    assert!(placed.tags.is_empty());
    assert!(placed.position[1] < lowest);
}

/// File › Import shows what each type in the file becomes before the map changes; a near miss
/// can be kept apart; the import is one undo step.
#[test]
fn import_preview_maps_types_before_the_map_changes() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("groups.csv");
    std::fs::write(&sheet, "Name,Type\nPeer pals,Peer Suport\nSt Mary's,Faith group\nChat line,helplines\n").unwrap();
    let mut ui = app_with(None, dir);
    ui.dialogs.open.lock().unwrap().push(sheet);
    ui.menu("File", "Import…");
    assert_eq!(ui.org_count(), 40, "nothing changes before Import is pressed");
    ui.h.get_by_label("near miss in spelling: check");
    // Keep "Peer Suport" as a type of its own.
    ui.h.get_by_role_and_label(Role::ComboBox, "Peer Suport").click();
    ui.h.run();
    ui.h.get_by_label("New type 'Peer Suport'").click();
    ui.h.run();
    ui.h.get_by_label("Import").click();
    ui.h.run();
    let map = ui.state().doc().map();
    assert_eq!(map.org_count(), 43);
    let type_of = |name: &str| map.organisations().find(|o| o.name == name).unwrap().org_type.as_str().to_owned();
    assert_eq!(type_of("Chat line"), "helpline");
    assert_eq!(type_of("Peer pals"), "peer_suport");
    assert_eq!(type_of("St Mary's"), "faith_group");
    ui.h.get_by_label_contains("Organisations: 3 in the file = 3 created");
    ui.key(Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(ui.org_count(), 40, "the whole import is one undo step");
    assert!(ui.state().doc().map().typology().org_types.iter().all(|t| t.name != "Faith group"));
}

/// A filter never hides organisations silently: the status bar counts what is shown, a banner
/// over the canvas says a filter is on, and its Show all brings everything back.
#[test]
fn a_filter_is_visible_and_show_all_clears_it() {
    let mut ui = app();
    assert!(ui.h.query_by_label("40 organisations · 72 links").is_some());
    ui.key(Modifiers::NONE, egui::Key::F6);
    ui.h.get_by_label("Organisation types").click();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::CheckBox, "Statutory service").scroll_to_me();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::CheckBox, "Statutory service").click();
    ui.h.run();
    let shown = ui.state().scene().nodes.len();
    assert!(shown < 40);
    let links = ui.state().scene().edges.len();
    let status = format!("{shown} of 40 organisations · {links} of 72 links shown");
    assert!(ui.h.query_by_label(&status).is_some(), "status bar says {status}");
    let banner = format!("Filter on: {} organisations hidden", 40 - shown);
    assert!(ui.h.query_by_label_contains(&banner).is_some(), "a banner says {banner}");
    // Closed, the window leaves the filter on, and the banner still says so.
    ui.h.get_by_role_and_label(Role::Button, "Close window").click();
    ui.h.run();
    assert!(ui.h.query_by_label_contains(&banner).is_some());
    ui.h.get_by_role_and_label(Role::Button, "Show all").click();
    ui.h.run();
    assert_eq!(ui.state().view().filter, patchwork::model::Filter::default());
    assert_eq!(ui.state().scene().nodes.len(), 40);
    assert!(ui.h.query_by_label("40 organisations · 72 links").is_some());
    assert!(ui.h.query_by_label_contains("Filter on").is_none());
}

#[test]
fn export_window_writes_an_excel_workbook() {
    let mut ui = app();
    let dir = tempfile::tempdir().unwrap();
    ui.key(Modifiers::COMMAND, egui::Key::E);
    ui.h.get_by_label("Export format").click();
    ui.h.run();
    ui.h.get_by_label("Excel workbook: Organisations and Links sheets").click();
    ui.h.run();
    // The preview shows the Organisations sheet's columns.
    assert!(ui.h.query_by_label_contains("Label,Type,Description,Tags").is_some(), "the sheet is previewed");
    let out = dir.path().join("data.xlsx");
    ui.dialogs.save.lock().unwrap().push(out.clone());
    ui.h.get_by_role_and_label(Role::Button, "Export…").click();
    ui.h.run();
    let back = patchwork::import::read_file(&out).unwrap();
    assert_eq!((back.orgs.len(), back.links.len()), (40, 72));
}

impl Ui {
    /// Points Patchwork's own file dialog at `dir` through its path bar.
    fn dialog_folder(&mut self, dir: &std::path::Path) {
        self.h.get_by_role_and_label(Role::TextInput, "Folder").set_text_value_accesskit(dir.to_str().unwrap());
        self.h.run();
        self.h.get_by_role_and_label(Role::Button, "Go").click();
        self.h.run();
    }
    fn errors_shown(&self) -> Vec<String> {
        self.state().notices().into_iter().filter(|n| !n.starts_with("Saved") && !n.starts_with("Exported")).collect()
    }
}

/// With no system file dialog, Save on a new map opens Patchwork's own: type a name, press Save,
/// and the file is written and named in the title. Saving over it asks first.
#[test]
fn without_a_system_dialog_a_new_map_saves_through_patchworks_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = app();
    ui.dialogs.unavailable.store(true, Ordering::SeqCst);
    ui.key(Modifiers::COMMAND, egui::Key::N);
    let p = ui.state().view().screen_from_map([0.0, 0.0]);
    ui.double_click_at(p);
    ui.key(Modifiers::NONE, egui::Key::Escape);
    assert_eq!(ui.org_count(), 1);
    ui.key(Modifiers::COMMAND, egui::Key::S);
    assert!(ui.h.query_by_label("Save map as").is_some(), "the dialog's window is open");
    ui.dialog_folder(dir.path());
    // No name: the window says so and nothing is written.
    ui.h.get_by_role_and_label(Role::TextInput, "File name").set_text_value_accesskit("");
    ui.h.run();
    ui.h.get_by_role_and_label(Role::Button, "Save").click();
    ui.h.run();
    assert!(ui.h.query_by_label("Type a name for the file.").is_some());
    ui.h.get_by_role_and_label(Role::TextInput, "File name").set_text_value_accesskit("town");
    ui.h.run();
    ui.h.get_by_role_and_label(Role::Button, "Save").click();
    ui.h.run();
    let path = dir.path().join("town.json");
    assert!(path.is_file(), "saved with the extension added");
    assert!(ui.state().title().contains("(town.json)"), "{}", ui.state().title());
    assert!(!ui.state().doc().is_dirty());
    assert!(ui.h.query_by_label("Save map as").is_none(), "the dialog closed");
    // Save As over the same file asks before replacing it; Enter confirms.
    std::fs::write(&path, b"old").unwrap();
    ui.menu("File", "Save As");
    assert_eq!(ui.state().file_dialog_folder(), Some(dir.path().to_path_buf()), "starts in the map's folder");
    ui.h.get_by_role_and_label(Role::TextInput, "File name").set_text_value_accesskit("town");
    ui.h.run();
    ui.h.get_by_role_and_label(Role::Button, "Save").click();
    ui.h.run();
    assert!(ui.h.query_by_label("“town.json” already exists. Replace it?").is_some());
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    ui.h.get_by_role_and_label(Role::Button, "Replace").click();
    ui.h.run();
    assert_eq!(patchwork::io::load_map(&path).unwrap().org_count(), 1);
    assert!(ui.errors_shown().is_empty(), "{:?}", ui.errors_shown());
}

/// Open through Patchwork's own dialog: folders and maps are listed, a click chooses, Enter opens.
#[test]
fn without_a_system_dialog_a_map_opens_through_patchworks_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut map = patchwork::example_map().unwrap();
    map.meta.title = "Riverside".into();
    patchwork::io::save_map(&map, &dir.path().join("riverside.json")).unwrap();
    std::fs::write(dir.path().join("people.csv"), "Name\nA\n").unwrap();
    std::fs::create_dir(dir.path().join("older maps")).unwrap();
    let mut ui = app();
    ui.dialogs.unavailable.store(true, Ordering::SeqCst);
    ui.menu("File", "Open…");
    ui.dialog_folder(dir.path());
    assert!(ui.h.query_by_label("older maps/").is_some(), "folders are listed");
    assert!(ui.h.query_by_label("people.csv").is_none(), "only maps are listed");
    ui.h.get_by_label("riverside.json").click();
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Enter);
    assert_eq!(ui.state().doc().map().meta.title, "Riverside");
    assert_eq!(ui.state().doc().path.as_deref(), Some(dir.path().join("riverside.json").as_path()));
    assert!(ui.state().title().contains("(riverside.json)"));
    assert!(ui.errors_shown().is_empty(), "{:?}", ui.errors_shown());
}

/// Cancel, Esc and × close Patchwork's own dialog and change nothing, with no message.
#[test]
fn cancelling_patchworks_own_dialog_does_nothing() {
    let mut ui = app();
    ui.dialogs.unavailable.store(true, Ordering::SeqCst);
    let before = ui.state().doc().map().clone();
    ui.menu("File", "Open…");
    eprintln!(
        "RECT {:?} {:?}",
        ui.h.get_by_role_and_label(Role::Button, "Cancel").rect(),
        ui.h.get_by_label("Open map").rect()
    );
    ui.h.get_by_role_and_label(Role::Button, "Cancel").click();
    ui.h.run();
    assert!(ui.h.query_by_label("Open map").is_none());
    ui.menu("File", "Save As");
    ui.key(Modifiers::NONE, egui::Key::Escape);
    assert!(ui.h.query_by_label("Save map as").is_none());
    ui.menu("File", "Import");
    ui.h.get_by_role_and_label(Role::Button, "Close window").click();
    ui.h.run();
    assert!(ui.h.query_by_label("Import").is_none());
    assert_eq!(ui.state().doc().map(), &before);
    assert!(ui.state().doc().path.is_none());
    assert!(ui.state().notices().is_empty(), "{:?}", ui.state().notices());
}

/// A system dialog that returns at once without showing (no portal, no zenity) hands over to
/// Patchwork's own dialog instead of silently doing nothing.
#[test]
fn a_system_dialog_that_fails_hands_over_to_patchworks_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut ui = app();
    ui.dialogs.fail_on_pick.store(true, Ordering::SeqCst);
    ui.key(Modifiers::COMMAND, egui::Key::S);
    assert!(ui.h.query_by_label("Save map as").is_some());
    assert!(ui.h.query_by_label_contains("Patchwork's own is used").is_some());
    ui.dialog_folder(dir.path());
    ui.h.get_by_role_and_label(Role::TextInput, "File name").focus();
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Enter);
    assert!(dir.path().join("Crisis support in Anytown.json").is_file(), "saved under the suggested name");
}

impl Ui {
    /// Focuses `node`'s text field and types at its cursor, as a person would; the field keeps focus.
    fn type_into(
        &mut self,
        pick: impl for<'a> Fn(&'a Harness<'static, PatchworkApp>) -> egui_kittest::Node<'a>,
        text: &str,
    ) {
        pick(&self.h).scroll_to_me();
        self.h.run();
        pick(&self.h).focus();
        self.h.run();
        pick(&self.h).type_text(text);
        self.h.run();
    }
    fn close_window(&mut self) {
        self.h.get_by_role_and_label(Role::Button, "Close window").click();
        self.h.run();
    }
    fn undo(&mut self) {
        self.key(Modifiers::COMMAND, egui::Key::Z);
    }
}

/// Text typed in the Typology window (a definition, an option not yet added) is kept when the
/// window is closed with ×, as one undo step; Esc keeps it too.
#[test]
fn typology_text_is_kept_when_the_window_closes() {
    let mut ui = app();
    let helpline = || TypeId::new("helpline");
    let definition = |ui: &Ui| ui.state().doc().map().typology().org_type(&helpline()).unwrap().definition.clone();
    let before = definition(&ui);
    let steps = ui.state().doc().history().undo_len();
    ui.menu("Map", "Typology");
    ui.type_into(|h| h.get_all_by_role(Role::MultilineTextInput).next().unwrap(), "Open all night. ");
    assert_eq!(definition(&ui), before, "not applied while still typing");
    ui.close_window();
    assert!(definition(&ui).contains("Open all night."), "{}", definition(&ui));
    assert_eq!(ui.state().doc().history().undo_len(), steps + 1);
    ui.undo();
    assert_eq!(definition(&ui), before);

    // An option typed but not added with Enter or the button.
    ui.menu("Map", "Typology");
    ui.h.get_by_label("Fields").click();
    ui.h.run();
    ui.type_into(|h| h.get_all_by_role(Role::TextInput).find(|n| n.value().as_deref() == Some("")).unwrap(), "unknown");
    ui.close_window();
    let focus = FieldId::new("mh_focus");
    let options = |ui: &Ui| ui.state().doc().map().typology().field(&focus).unwrap().options.clone();
    assert_eq!(options(&ui), ["explicit", "partial", "none", "unknown"]);
    ui.undo();
    assert_eq!(options(&ui), ["explicit", "partial", "none"]);

    // Esc leaves the field and keeps the text.
    ui.menu("Map", "Typology");
    ui.h.get_by_label("Organisation types").click();
    ui.h.run();
    ui.type_into(|h| h.get_all_by_role(Role::MultilineTextInput).next().unwrap(), "Esc. ");
    ui.key(Modifiers::NONE, egui::Key::Escape);
    assert!(definition(&ui).contains("Esc."), "{}", definition(&ui));
}

/// A sticky note's text and a region's label typed in Notes and regions survive closing by ×.
#[test]
fn note_text_is_kept_when_the_window_closes() {
    let mut ui = app();
    ui.menu("Workshop", "Add Sticky Note");
    ui.type_into(|h| h.get_by_role(Role::MultilineTextInput), "Ask the café about Sundays. ");
    ui.close_window();
    let text = ui.state().doc().map().notes[0].text.clone();
    assert!(text.contains("Ask the café about Sundays."), "{text}");
    ui.undo();
    assert_eq!(ui.state().doc().map().notes[0].text, "New note");

    let p = ui.org_screen("o33");
    ui.click_at(p, Modifiers::NONE);
    ui.menu("Workshop", "Region Around Selection");
    ui.type_into(
        |h| h.get_all_by_role(Role::TextInput).find(|n| n.value().as_deref() == Some("Region 1")).unwrap(),
        "East ",
    );
    ui.close_window();
    let label = ui.state().doc().map().regions[0].label.clone();
    assert!(label.contains("East"), "{label}");
    ui.undo();
    assert_eq!(ui.state().doc().map().regions[0].label, "Region 1");
}

/// A view's caption typed in Views and filters is applied when the window closes by ×.
#[test]
fn view_caption_is_kept_when_the_window_closes() {
    let mut ui = app();
    let caption = |ui: &Ui| ui.state().doc().map().views[1].caption.clone();
    let before = caption(&ui);
    ui.key(Modifiers::NONE, egui::Key::F6);
    ui.h.get_by_label("Referral pathways").click();
    ui.h.run();
    ui.type_into(|h| h.get_by_role_and_label(Role::MultilineTextInput, "Caption"), "Ask who refers whom. ");
    assert_eq!(caption(&ui), before, "not applied while still typing");
    ui.close_window();
    assert!(caption(&ui).contains("Ask who refers whom."), "{}", caption(&ui));
    ui.undo();
    assert_eq!(caption(&ui), before);
    // A name typed and left by Tab is applied too.
    ui.key(Modifiers::NONE, egui::Key::F6);
    ui.type_into(|h| h.get_by_role_and_label(Role::TextInput, "Name"), "Who refers: ");
    ui.key(Modifiers::NONE, egui::Key::Tab);
    assert_eq!(ui.state().doc().map().views[1].name, "Referral pathwaysWho refers:", "trimmed");
}

/// Map properties typed and closed with × are kept, as one undo step.
#[test]
fn map_properties_are_kept_when_the_window_closes() {
    let mut ui = app();
    let before = ui.state().doc().map().meta.clone();
    ui.menu("Map", "Map Properties");
    ui.type_into(
        |h| h.get_by_role_and_label(Role::MultilineTextInput, "Description"),
        "Draft for the March workshop. ",
    );
    ui.close_window();
    let description = ui.state().doc().map().meta.description.clone();
    assert!(description.contains("Draft for the March workshop."), "{description}");
    ui.undo();
    assert_eq!(ui.state().doc().map().meta, before);
}

/// Ctrl+S while still typing in a window saves the text being typed.
#[test]
fn saving_while_typing_saves_the_typed_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.json");
    let mut ui = app();
    ui.menu("Workshop", "Add Sticky Note");
    ui.type_into(|h| h.get_by_role(Role::MultilineTextInput), "Saved while typing. ");
    ui.dialogs.save.lock().unwrap().push(path.clone());
    ui.key(Modifiers::COMMAND, egui::Key::S);
    let saved = patchwork::io::load_map(&path).unwrap();
    assert!(saved.notes[0].text.contains("Saved while typing."), "{}", saved.notes[0].text);
    assert!(!ui.state().doc().is_dirty());
}

/// Import and Export go through Patchwork's own dialog too: import lists only files it can read
/// and still shows its preview; export lists and names files by the chosen format's extension.
#[test]
fn import_and_export_work_through_patchworks_own_dialog() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("groups.csv"), "Name,Type\nChat line,helplines\n").unwrap();
    std::fs::write(dir.path().join("minutes.txt"), "not data").unwrap();
    let mut ui = app();
    ui.dialogs.unavailable.store(true, Ordering::SeqCst);
    ui.menu("File", "Import…");
    ui.dialog_folder(dir.path());
    assert!(ui.h.query_by_label("minutes.txt").is_none());
    ui.h.get_by_label("groups.csv").click();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::Button, "Import").click();
    ui.h.run();
    assert_eq!(ui.org_count(), 40, "the preview comes first");
    ui.h.get_by_role_and_label(Role::Button, "Import").click();
    ui.h.run();
    assert_eq!(ui.org_count(), 41);
    ui.h.get_by_role_and_label(Role::Button, "Close").click();
    ui.h.run();

    ui.key(Modifiers::COMMAND, egui::Key::E);
    ui.h.get_by_role_and_label(Role::Button, "Export…").click();
    ui.h.run();
    assert_eq!(
        ui.h.get_by_role_and_label(Role::TextInput, "File name").value().as_deref(),
        Some("Crisis support in Anytown.png")
    );
    ui.dialog_folder(dir.path());
    assert!(ui.h.query_by_label("groups.csv").is_none(), "only .png files are listed");
    ui.h.get_by_role_and_label(Role::TextInput, "File name").set_text_value_accesskit("figure");
    ui.h.run();
    ui.h.get_by_role_and_label(Role::Button, "Export").click();
    ui.h.run();
    assert!(dir.path().join("figure.png").is_file());
    assert!(ui.errors_shown().is_empty(), "{:?}", ui.errors_shown());
}
