//! The editor's pickers, placement of new things and the collapsible side panel, driven as a
//! person would (kittest). Kept apart from `ui_editor.rs` so the two can change independently.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use egui::{Modifiers, accesskit::Role};
use egui_kittest::kittest::Queryable;
use patchwork::model::{OrgId, TypeId};
use patchwork::ui::PatchworkApp;

mod ui_common;

use ui_common::{Ui, app_sized};

fn app() -> Ui {
    app_sized(1400.0, 900.0)
}

impl Ui {
    fn state(&self) -> &PatchworkApp {
        self.h.state()
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
    fn select(&mut self, id: &str) {
        let p = self.state().view().screen_from_map(self.state().doc().map().org(&OrgId::new(id)).unwrap().position);
        self.h.event(egui::Event::PointerMoved(p));
        for pressed in [true, false] {
            let button = egui::PointerButton::Primary;
            self.h.event(egui::Event::PointerButton { pos: p, button, pressed, modifiers: Modifiers::NONE });
        }
        self.h.run();
        self.h.run_steps(25);
    }
    fn org_type(&self, id: &str) -> String {
        self.state().doc().map().org(&OrgId::new(id)).unwrap().org_type.as_str().to_owned()
    }
}

/// A type added in Map › Typology gets a colour and shape pair that no other type has.
#[test]
fn a_new_type_gets_a_colour_and_shape_no_other_type_has() {
    let mut ui = app();
    ui.menu("Map", "Typology");
    // Eight new types: more than the palette has colours left over.
    for _ in 0..8 {
        ui.h.get_by_label("Add organisation type").scroll_to_me();
        ui.h.run();
        ui.h.get_by_label("Add organisation type").click();
        ui.h.run();
    }
    ui.h.get_by_role_and_label(Role::Button, "Close window").click();
    ui.h.run();
    let types = &ui.state().doc().map().typology().org_types;
    let looks: Vec<_> = types.iter().map(|t| (t.colour, t.shape)).collect();
    assert_eq!(types.len(), 18, "eight types added");
    for (i, look) in looks.iter().enumerate() {
        assert!(!looks[..i].contains(look), "{} shares its colour and shape with another type", types[i].name);
    }
}

/// Deleting a saved view asks nothing, so its notice offers Undo, which brings the view back.
#[test]
fn deleting_a_view_offers_undo_in_its_notice() {
    let mut ui = app();
    let views = ui.state().doc().map().views.clone();
    ui.key(Modifiers::NONE, egui::Key::F6);
    ui.h.get_all_by_role_and_label(Role::Button, "Delete").next().unwrap().click();
    ui.h.run();
    assert_eq!(ui.state().doc().map().views.len(), views.len() - 1);
    assert!(ui.h.query_by_label_contains(&format!("Deleted the view “{}”", views[0].name)).is_some());
    ui.h.get_by_role_and_label(Role::Button, "Undo").click();
    ui.h.run();
    assert_eq!(ui.state().doc().map().views, views, "the view is back where it was");
    assert!(ui.h.query_by_role_and_label(Role::Button, "Undo").is_none(), "the Undo button goes once used");
}

/// The inspector's type drop-down filters as you type; Enter picks the first match.
#[test]
fn the_type_chooser_filters_as_you_type() {
    let mut ui = app();
    ui.select("o1");
    assert_eq!(ui.org_type("o1"), "helpline");
    ui.h.get_by_role_and_label(Role::ComboBox, "Type").click();
    ui.h.run();
    assert!(ui.h.query_by_role_and_label(Role::Button, "Crisis house or sanctuary").is_some(), "whole list at first");
    ui.h.get_by_role_and_label(Role::TextInput, "Filter Type").type_text("peer");
    ui.h.run();
    assert!(ui.h.query_by_role_and_label(Role::Button, "Crisis house or sanctuary").is_none(), "filtered out");
    assert!(ui.h.query_by_label("Peer support group").is_some());
    ui.key(Modifiers::NONE, egui::Key::Enter);
    ui.h.run();
    assert_eq!(ui.org_type("o1"), "peer_support");
    // Picking a row by click works too, and the list starts whole again.
    ui.h.get_by_role_and_label(Role::ComboBox, "Type").click();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::Button, "Crisis house or sanctuary").click();
    ui.h.run();
    ui.h.run();
    assert_eq!(ui.org_type("o1"), "crisis_house");
}

/// The toolbar's type box lists every type within a small window: the list scrolls rather than
/// running off the bottom, and the last type can be reached and picked.
#[test]
fn the_toolbar_type_box_fits_a_small_window() {
    let mut ui = app_sized(800.0, 500.0);
    ui.h.get_by_role_and_label(Role::ComboBox, "New organisations:").click();
    ui.h.run();
    let last = "Statutory service";
    ui.h.get_by_role_and_label(Role::TextInput, "Filter Type of new organisations").type_text("statut");
    ui.h.run();
    let row = ui.h.get_by_role_and_label(Role::Button, last);
    let bounds = row.rect();
    assert!(bounds.bottom() <= 500.0, "row inside the window: {bounds:?}");
    row.click();
    ui.h.run();
    ui.h.run();
    assert_eq!(ui.state().view().new_org_type, TypeId::new("statutory"));
}

/// The box of an organisation's marker and label as the scene last drew it.
fn drawn_box(ui: &Ui, id: &OrgId) -> ((f32, f32), (f32, f32)) {
    let node = ui.state().scene().node(id).unwrap_or_else(|| panic!("{id} is drawn"));
    let [x, y] = node.center;
    let r = node.radius;
    let (lmin, lmax) = node.label_rect().unwrap_or((node.center, node.center));
    ((lmin[0].min(x - r), lmin[1].min(y - r)), (lmax[0].max(x + r), lmax[1].max(y + r)))
}

fn boxes_overlap(a: ((f32, f32), (f32, f32)), b: ((f32, f32), (f32, f32))) -> bool {
    a.0.0 < b.1.0 && b.0.0 < a.1.0 && a.0.1 < b.1.1 && b.0.1 < a.1.1
}

fn marker_box(ui: &Ui, id: &OrgId) -> ((f32, f32), (f32, f32)) {
    let node = ui.state().scene().node(id).unwrap();
    let [x, y] = node.center;
    let r = node.radius;
    ((x - r, y - r), (x + r, y + r))
}

/// Whether the organisation's marker is inside the canvas on screen.
fn on_screen(ui: &Ui, id: &OrgId) -> bool {
    let view = ui.state().view();
    let p = view.screen_from_map(ui.state().doc().map().org(id).unwrap().position);
    view.canvas_rect.contains(p)
}

/// Quick add (N) twice: the two new organisations land in view on free space: neither their
/// markers nor their labels cover each other, another marker, another label or a sticky note.
#[test]
fn quick_add_twice_lands_in_free_space() {
    let mut ui = app();
    let before: Vec<OrgId> = ui.state().doc().map().organisations().map(|o| o.id.clone()).collect();
    // Centre the view on an organisation, so the middle of the view is taken.
    let centre = ui.state().doc().map().org(&OrgId::new("o1")).unwrap().position;
    ui.h.state_mut().view_mut().center = centre;
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::N);
    for name in ["Knit and Natter", "Walk and Talk"] {
        ui.h.get_by_role_and_label(Role::TextInput, "New organisation").type_text(name);
        ui.h.run();
        ui.key(Modifiers::NONE, egui::Key::Enter);
    }
    ui.key(Modifiers::NONE, egui::Key::Escape);
    ui.h.run();
    let map = ui.state().doc().map();
    let new: Vec<OrgId> = map.organisations().map(|o| o.id.clone()).filter(|id| !before.contains(id)).collect();
    assert_eq!(new.len(), 2);
    let notes: Vec<_> = ui.state().scene().notes.iter().map(|n| ((n.min[0], n.min[1]), (n.max[0], n.max[1]))).collect();
    for (i, id) in new.iter().enumerate() {
        let mine = drawn_box(&ui, id);
        assert!(on_screen(&ui, id), "{id} in view");
        for other in ui.state().doc().map().organisations().map(|o| o.id.clone()).filter(|o| o != id) {
            assert!(!boxes_overlap(mine, marker_box(&ui, &other)), "{id} covers the marker of {other}");
            assert!(!boxes_overlap(marker_box(&ui, id), drawn_box(&ui, &other)), "{id} is on {other} or its label");
        }
        assert!(!notes.iter().any(|&n| boxes_overlap(mine, n)), "{id} is on a sticky note");
        if i == 1 {
            assert!(!boxes_overlap(mine, drawn_box(&ui, &new[0])), "the two new ones overlap");
        }
    }
}

/// Add puts the new organisation in free space too, and pasting the same organisation 50 times
/// keeps every copy on screen.
#[test]
fn add_and_repeated_paste_stay_on_screen_in_free_space() {
    let mut ui = app();
    let ids = |ui: &Ui| ui.state().doc().map().organisations().map(|o| o.id.clone()).collect::<Vec<_>>();
    let before = ids(&ui);
    let centre = ui.state().doc().map().org(&OrgId::new("o1")).unwrap().position;
    ui.h.state_mut().view_mut().center = centre;
    ui.h.run();
    ui.h.get_by_role_and_label(Role::Button, "Add").click();
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Escape);
    let added: Vec<OrgId> = ids(&ui).into_iter().filter(|id| !before.contains(id)).collect();
    assert_eq!(added.len(), 1);
    for other in &before {
        assert!(!boxes_overlap(drawn_box(&ui, &added[0]), marker_box(&ui, other)), "added on {other}");
    }
    ui.select("o1");
    ui.key(Modifiers::COMMAND, egui::Key::C);
    let before = ids(&ui);
    for _ in 0..50 {
        ui.key(Modifiers::COMMAND, egui::Key::V);
    }
    let pasted: Vec<OrgId> = ids(&ui).into_iter().filter(|id| !before.contains(id)).collect();
    assert_eq!(pasted.len(), 50);
    for id in &pasted {
        assert!(on_screen(&ui, id), "{id} pasted off screen");
    }
    // The first pastes, while there is room, cover nothing.
    for id in &pasted[..5] {
        for other in ids(&ui).iter().filter(|o| *o != id) {
            assert!(!boxes_overlap(marker_box(&ui, id), drawn_box(&ui, other)), "{id} pasted on {other}");
        }
    }
}

/// At 800×500 the canvas has at least half the width; the side panel collapses with its button,
/// with F9 and from View › Side Panel (a ticked toggle), giving the canvas the width; and it can
/// be dragged narrower, down to about 180 points.
#[test]
fn the_side_panel_collapses_and_resizes_in_a_small_window() {
    let mut ui = app_sized(800.0, 500.0);
    ui.select("o1");
    let canvas = |ui: &Ui| ui.state().view().canvas_rect.width();
    let open_width = canvas(&ui);
    assert!(open_width >= 400.0, "the canvas has at least half of 800: {open_width}");

    ui.h.get_by_role_and_label(Role::Button, "Hide side panel").click();
    ui.h.run();
    ui.h.run();
    assert!(ui.state().view().side_panel_hidden);
    assert!(canvas(&ui) >= 760.0, "collapsed, the canvas gets the width: {}", canvas(&ui));
    ui.h.get_by_label("View").click();
    ui.h.run();
    assert!(ui.h.query_by_label_contains("☐ Side Panel").is_some(), "the View menu shows it off");
    ui.key(Modifiers::NONE, egui::Key::Escape);

    ui.key(Modifiers::NONE, egui::Key::F9);
    ui.h.run();
    assert!(!ui.state().view().side_panel_hidden, "F9 brings it back");
    ui.h.run();
    assert!(canvas(&ui) >= 400.0, "{} vs {open_width}", canvas(&ui));
    ui.menu("View", "Side Panel");
    ui.h.run();
    assert!(ui.state().view().side_panel_hidden, "the menu item hides it");
    ui.h.get_by_role_and_label(Role::Button, "Show side panel").click();
    ui.h.run();
    ui.h.run();
    assert!(!ui.state().view().side_panel_hidden);

    // Drag the panel's left edge to the right: it narrows to its minimum of 180 points.
    let edge = egui::pos2(ui.state().view().canvas_rect.right() + 1.0, 300.0);
    ui.h.hover_at(edge);
    ui.h.run();
    ui.h.drag_at(edge);
    ui.h.run();
    for x in [edge.x + 100.0, edge.x + 200.0, 790.0] {
        ui.h.hover_at(egui::pos2(x, 300.0));
        ui.h.run();
    }
    ui.h.drop_at(egui::pos2(790.0, 300.0));
    ui.h.run();
    ui.h.run();
    let panel = 800.0 - canvas(&ui);
    assert!((175.0..=200.0).contains(&panel), "narrowed to about 180: {panel}");
}

#[test]
#[ignore = "writes a picture for a person to look at"]
fn look_at_800_by_500() {
    let mut ui = app_sized(800.0, 500.0);
    ui.select("o1");
    let image = ui.h.render().unwrap();
    image.save("/tmp/editor_800x500.png").unwrap();
    ui.h.get_by_role_and_label(Role::ComboBox, "Type").click();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::Button, "Crisis house or sanctuary").hover();
    ui.h.run();
    ui.h.render().unwrap().save("/tmp/editor_800x500_types.png").unwrap();
}

/// "Place on map" for a parked organisation puts it in free space in view, not on whatever sits
/// at the view's centre.
#[test]
fn place_on_map_lands_in_free_space() {
    let mut ui = app();
    let centre = ui.state().doc().map().org(&OrgId::new("o1")).unwrap().position;
    ui.h.state_mut().view_mut().center = centre;
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::N);
    ui.h.get_by_role_and_label(Role::CheckBox, "Park them (suggested, not placed yet)").click();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::TextInput, "New organisation").type_text("Men's breakfast");
    ui.h.run();
    ui.key(Modifiers::NONE, egui::Key::Enter);
    ui.key(Modifiers::NONE, egui::Key::Escape);
    let parked = ui.state().doc().map().organisations().find(|o| o.name == "Men's breakfast").unwrap().id.clone();
    ui.menu("Workshop", "Notes and Regions");
    ui.h.get_by_label("Place on map").scroll_to_me();
    ui.h.run();
    ui.h.get_by_label("Place on map").click();
    ui.h.run();
    ui.h.run();
    assert!(on_screen(&ui, &parked));
    for other in ui.state().doc().map().organisations().map(|o| o.id.clone()).filter(|o| *o != parked) {
        assert!(!boxes_overlap(drawn_box(&ui, &parked), marker_box(&ui, &other)), "placed on {other}");
        assert!(!boxes_overlap(marker_box(&ui, &parked), drawn_box(&ui, &other)), "placed on {other}'s label");
    }
}

/// At 800×500 the whole example is too small for names: the status bar says so and how far to
/// zoom in, and the note goes once + has zoomed in far enough for the names to be drawn.
#[test]
fn a_small_window_says_names_are_hidden_until_zoomed_in() {
    let mut ui = app_sized(800.0, 500.0);
    ui.h.run();
    let note = |ui: &Ui| ui.h.query_by_label_contains("names hidden at this zoom: zoom in to").is_some();
    assert!(note(&ui), "zoom {}: the status bar should say names are hidden", ui.state().view().zoom);
    for _ in 0..8 {
        if !note(&ui) {
            break;
        }
        ui.key(Modifiers::NONE, egui::Key::Plus);
        ui.h.run();
    }
    assert!(!note(&ui), "zoomed in to {}, the note is still shown", ui.state().view().zoom);
    assert!(ui.state().view().zoom < 0.5, "the note went only at {}", ui.state().view().zoom);
}

/// Windows open below the menu bar and toolbar, never over them: egui alone placed a new
/// window at the very top, hiding File, Edit and View under its title bar.
#[test]
fn windows_never_cover_the_menus() {
    let mut ui = app_sized(1280.0, 800.0);
    let toolbar_bottom = ui.h.get_by_role_and_label(Role::Button, "Zoom to fit").rect().bottom();
    for (menu, item, title) in [
        ("Map", "Typology", "Typology"),
        ("Edit", "Preferences", "Preferences"),
        ("Map", "Map Properties", "Map properties"),
    ] {
        ui.menu(menu, item);
        ui.h.run();
        let top = ui.h.get_by_label(title).rect().top();
        assert!(top >= toolbar_bottom, "{title}'s title at {top}, over the toolbar (bottom {toolbar_bottom})");
        assert!(ui.h.query_by_label("File").is_some());
    }
    ui.h.get_by_label("File").click();
    ui.h.run();
    assert!(ui.h.query_by_label_contains("Save As").is_some(), "the File menu opens with windows open");
}
