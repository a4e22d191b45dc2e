//! Opening hours in the editor: the "Open at" control (T, then a number) fading the closed and
//! the banner saying how many are open; the inspector's hours text checked as typed and its
//! week grid.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod ui_common;

use egui::{Modifiers, Pos2, accesskit::Role};
use egui_kittest::kittest::Queryable;
use patchwork::model::{FieldId, FieldValue, OrgId};
use ui_common::{Ui, app_sized};

fn app() -> Ui {
    app_sized(1400.0, 900.0)
}

fn key(ui: &mut Ui, key: egui::Key) {
    ui.h.key_press_modifiers(Modifiers::NONE, key);
    ui.h.run();
}

fn click_at(ui: &mut Ui, p: Pos2) {
    ui.h.event(egui::Event::PointerMoved(p));
    for pressed in [true, false] {
        ui.h.event(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    ui.h.run();
    ui.h.run_steps(25);
}

fn select_org(ui: &mut Ui, id: &str) {
    let app = ui.h.state();
    let pos = app.doc().map().org(&OrgId::new(id)).unwrap().position;
    let p = app.view().screen_from_map(pos);
    click_at(ui, p);
}

fn hours_of(ui: &Ui, id: &str) -> Option<FieldValue> {
    ui.h.state().doc().map().org(&OrgId::new(id)).unwrap().fields.get(&FieldId::new("opening_hours")).cloned()
}

/// Two key presses: T shows the control (at now), 1 picks the first moment listed, the
/// "Sunday 2 am" view's. Closed organisations fade in the scene and the banner counts the open.
#[test]
fn t_then_1_shows_who_is_open_at_2am_on_sunday() {
    let mut ui = app();
    key(&mut ui, egui::Key::T);
    assert!(ui.h.state().view().open_at.is_some(), "T starts at now");
    key(&mut ui, egui::Key::Num1);
    ui.h.run();
    let sunday = patchwork::hours::Moment::parse("Sun 02:00").unwrap();
    assert_eq!(ui.h.state().view().open_at, Some(sunday));
    let map = ui.h.state().doc().map().clone();
    let open = patchwork::hours::open_at(&map, &sunday, patchwork::hours::now_local());
    let n_open = open.count(patchwork::hours::Openness::Open);
    ui.h.get_by_label_contains(&format!("Open at Sunday 02:00: {n_open} of 40"));
    let scene = ui.h.state().scene();
    let faded = scene.nodes.iter().filter(|n| n.faded).count();
    assert_eq!(faded, open.closed().len());
    assert!(scene.nodes.iter().filter(|n| !n.faded).any(|n| n.id.as_str() == "o37"), "NHS 111 stays bright");
    // "Show all" clears the moment and the fade.
    ui.h.get_by_label("Show all").click();
    ui.h.run();
    ui.h.run();
    assert_eq!(ui.h.state().view().open_at, None);
    assert!(ui.h.state().scene().nodes.iter().all(|n| !n.faded));
}

#[test]
fn hours_text_is_checked_as_typed_and_saved_only_when_valid() {
    let mut ui = app();
    select_org(&mut ui, "o20");
    let before = hours_of(&ui, "o20");
    assert_eq!(before, Some(FieldValue::Text("Tu[2] 19:00-21:00".into())));
    let field = ui.h.get_by_role_and_label(Role::TextInput, "Opening hours");
    field.focus();
    ui.h.run();
    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    ui.h.run();
    ui.h.get_by_role_and_label(Role::TextInput, "Opening hours").type_text("Mo-Fr 09:00-");
    ui.h.run();
    ui.h.get_by_label_contains("Not valid opening hours (not saved): at character");
    key(&mut ui, egui::Key::Tab);
    ui.h.run_steps(40);
    assert_eq!(hours_of(&ui, "o20"), before, "invalid hours are not saved");
    // Finished, it is saved.
    ui.h.get_by_role_and_label(Role::TextInput, "Opening hours").focus();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::TextInput, "Opening hours").type_text("17:00");
    ui.h.run();
    assert!(ui.h.query_by_label_contains("Not valid opening hours").is_none());
    key(&mut ui, egui::Key::Tab);
    ui.h.run_steps(40);
    assert_eq!(hours_of(&ui, "o20"), Some(FieldValue::Text("Mo-Fr 09:00-17:00".into())));
}

#[test]
fn the_week_grid_sets_hours_by_buttons_and_dragging() {
    let mut ui = app();
    select_org(&mut ui, "o26");
    ui.h.get_by_label("24/7").click();
    ui.h.run();
    ui.h.run_steps(40);
    assert_eq!(hours_of(&ui, "o26"), Some(FieldValue::Text("24/7".into())));
    ui.h.get_by_label("Closed").click();
    ui.h.run();
    ui.h.run_steps(40);
    assert_eq!(hours_of(&ui, "o26"), Some(FieldValue::Text("off".into())));
    // Drag over Monday 09:00 to 11:00 (three hours).
    let grid = ui.h.get_by_label("Week grid").rect();
    let cell_w = (grid.width() - 34.0) / 24.0;
    let at = |day: f32, hour: f32| {
        egui::pos2(grid.min.x + 34.0 + (hour + 0.5) * cell_w, grid.min.y + 12.0 + (day + 0.5) * 12.0)
    };
    let (from, to) = (at(0.0, 9.0), at(0.0, 11.0));
    ui.h.hover_at(from);
    ui.h.run();
    ui.h.drag_at(from);
    ui.h.run();
    for i in 1..=4 {
        ui.h.hover_at(from + (to - from) * (i as f32 / 4.0));
        ui.h.run();
    }
    ui.h.drop_at(to);
    ui.h.run();
    ui.h.run_steps(40);
    assert_eq!(hours_of(&ui, "o26"), Some(FieldValue::Text("Mo 09:00-12:00".into())));
    // Copy Monday to the weekdays.
    ui.h.get_by_label("to weekdays").click();
    ui.h.run();
    ui.h.run_steps(40);
    assert_eq!(hours_of(&ui, "o26"), Some(FieldValue::Text("Mo-Fr 09:00-12:00".into())));
}

/// Presenting: F5, then 6 jumps to the sixth view, "Sunday 2 am", whose slide fades the
/// closed (its caption, painted, starts "Open at Sunday 02:00: N of 40").
#[test]
fn presentation_jumps_to_the_sunday_2am_slide_by_number() {
    let mut ui = app();
    key(&mut ui, egui::Key::F5);
    ui.h.run();
    assert!(ui.h.state().presenting());
    key(&mut ui, egui::Key::Num6);
    ui.h.run();
    ui.h.run();
    assert_eq!(ui.h.state().slide(), Some(5));
    let map = ui.h.state().doc().map().clone();
    assert_eq!(map.views[5].name, "Sunday 2 am");
    let scene = ui.h.state().presentation().last_scene();
    let faded = scene.nodes.iter().filter(|n| n.faded).count();
    assert!(faded > 20 && faded < 40, "{faded}");
    assert!(ui.h.state().presentation().caption_rect().is_some());
}

#[test]
fn the_analysis_window_shows_the_week_chart_and_its_gaps() {
    let mut ui = app();
    ui.h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::A);
    ui.h.run();
    ui.h.run();
    ui.h.get_by_label("Week chart");
    ui.h.get_by_label_contains("Open around the clock (6): Anytown Crisis Text Service");
    ui.h.get_by_label_contains("Gaps (").click();
    ui.h.run();
    ui.h.get_by_label_contains("Sunday 02:00–08:00: only the 6 open around the clock");
    ui.h.get_by_label("Show reach").click();
    ui.h.run();
    ui.h.get_by_label("Choose where to start.");
}

/// The week chart view presents as the chart, not the map. (No image snapshot: the chart is of
/// the current week, whose term dates and holidays change what it shows.)
#[test]
fn the_week_chart_view_presents_as_a_chart() {
    let mut ui = app();
    key(&mut ui, egui::Key::F5);
    key(&mut ui, egui::Key::Num7);
    ui.h.run();
    assert_eq!(ui.h.state().slide(), Some(6));
    assert_eq!(ui.h.state().doc().map().views[6].chart, Some(patchwork::model::ViewChart::Week));
    assert!(ui.h.state().presentation().caption_rect().is_some());
}
