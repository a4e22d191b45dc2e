//! The Journeys window under kittest: create a journey, name it, add steps by clicking
//! organisations on the map, undo, and show two journeys side by side.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod ui_common;

use egui::accesskit::Role;
use egui::{Modifiers, Pos2};
use egui_kittest::kittest::Queryable;
use patchwork::model::{JourneyId, OrgId};
use ui_common::{Ui, app_sized};

fn org_screen(ui: &Ui, id: &str) -> Pos2 {
    let app = ui.h.state();
    let pos = app.doc().map().org(&OrgId::new(id)).unwrap().position;
    app.view().screen_from_map(pos)
}

fn click_at(ui: &mut Ui, p: Pos2) {
    ui.h.event(egui::Event::PointerMoved(p));
    for pressed in [true, false] {
        let button = egui::PointerButton::Primary;
        ui.h.event(egui::Event::PointerButton { pos: p, button, pressed, modifiers: Modifiers::NONE });
    }
    ui.h.run();
    ui.h.run_steps(25);
}

fn open_journeys(ui: &mut Ui) {
    ui.h.get_by_label("Workshop").click();
    ui.h.run();
    ui.h.get_by_label("Journeys…").click();
    ui.h.run();
}

fn steps(ui: &Ui, id: &str) -> Vec<String> {
    let map = ui.h.state().doc().map();
    map.journey(&JourneyId::new(id)).unwrap().steps.iter().map(|s| s.org.to_string()).collect()
}

#[test]
fn a_journey_is_made_named_and_built_by_clicking_the_map_with_undo() {
    let mut ui = app_sized(1800.0, 1000.0);
    open_journeys(&mut ui);
    ui.h.get_by_label_contains("Ana: a first crisis — first crisis, 5 steps");
    ui.h.get_by_label("New journey").click();
    ui.h.run();
    let map = ui.h.state().doc().map();
    assert_eq!(map.journeys().len(), 4);
    assert!(ui.h.state().view().journeys.contains(&JourneyId::new("j4")), "a new journey is shown at once");
    assert_eq!(ui.h.state().doc().history().undo_len(), 1);

    // The name is typed, and applied when focus moves on (one undo step).
    let name = ui.h.get_by_role_and_label(Role::TextInput, "Journey name");
    name.focus();
    ui.h.run();
    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    ui.h.get_by_role_and_label(Role::TextInput, "Journey name").type_text("Dee: first crisis");
    ui.h.run();
    ui.h.key_press(egui::Key::Tab);
    ui.h.run();
    ui.h.run();
    let map = ui.h.state().doc().map();
    assert_eq!(map.journey(&JourneyId::new("j4")).unwrap().name, "Dee: first crisis");
    assert_eq!(ui.h.state().doc().history().undo_len(), 2);

    // Pick on map: each organisation clicked is the next step.
    ui.h.get_by_label("Pick on map").click();
    ui.h.run();
    for id in ["o31", "o29"] {
        let p = org_screen(&ui, id);
        click_at(&mut ui, p);
    }
    assert_eq!(steps(&ui, "j4"), ["o31", "o29"]);
    assert_eq!(ui.h.state().doc().history().undo_len(), 4);
    let scene = ui.h.state().scene();
    let drawn = scene.journeys.iter().find(|j| j.id.as_str() == "j4").expect("the new journey is drawn");
    assert_eq!(drawn.badges.len(), 2);
    assert_eq!(drawn.legs.len(), 1);

    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    ui.h.run();
    assert_eq!(steps(&ui, "j4"), ["o31"]);
}

#[test]
fn two_journeys_are_compared_side_by_side() {
    let mut ui = app_sized(1800.0, 1000.0);
    open_journeys(&mut ui);
    // The comparison starts with the first first-crisis and the first repeat-crisis journey.
    ui.h.get_by_label("Show both on the map").click();
    ui.h.run();
    ui.h.run();
    let shown: Vec<&str> = ui.h.state().view().journeys.iter().map(JourneyId::as_str).collect();
    assert_eq!(shown, ["j1", "j2"]);
    let scene = ui.h.state().scene();
    let drawn: Vec<_> = scene.journeys.iter().map(|j| j.colour).collect();
    assert_eq!(drawn.len(), 2);
    assert_ne!(drawn[0], drawn[1], "each journey in a colour of its own");
    ui.h.get_by_label("Ben: a repeat crisis (repeat crisis)");
    ui.h.get_by_label_contains("On both: The Haven crisis café");
}

#[test]
fn a_note_typed_is_kept_when_the_window_closes() {
    let mut ui = app_sized(1800.0, 1000.0);
    open_journeys(&mut ui);
    let before = ui.h.state().doc().history().undo_len();
    let note =
        ui.h.get_all_by_role(Role::TextInput)
            .find(|n| {
                n.value().as_deref()
                    == Some("Someone at the knitting group notices she has stopped sleeping and asks how she is")
            })
            .unwrap();
    note.focus();
    ui.h.run();
    ui.h.key_press(egui::Key::End);
    ui.h.run();
    let note = ui.h.get_all_by_role(Role::TextInput).find(egui_kittest::Node::is_focused).unwrap();
    note.type_text(" (her words)");
    ui.h.run();
    assert_eq!(ui.h.state().doc().history().undo_len(), before, "not applied while typing");
    ui.h.get_by_label("Close window").click();
    ui.h.run();
    ui.h.run();
    let map = ui.h.state().doc().map();
    let step = &map.journey(&JourneyId::new("j1")).unwrap().steps[0];
    assert!(step.note.ends_with("asks how she is (her words)"), "{}", step.note);
    assert_eq!(ui.h.state().doc().history().undo_len(), before + 1);
}
