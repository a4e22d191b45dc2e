//! Text a facilitator types shows as typed (right-to-left names, emoji), menus say what is on,
//! and the recovery prompt says which map it would bring back: the app under kittest.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use egui::accesskit::{Role, Toggled};
use egui::{Modifiers, Rect, Shape, epaint::TextShape};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use patchwork::model::{LinkId, LinkRecord, Map, OrgId, Organisation};
use patchwork::ui::PatchworkApp;
use patchwork::ui::files::ConfigDir;
use std::path::{Path, PathBuf};

mod ui_common;

/// A Hebrew, Latin and Arabic name.
const MIXED: &str = "מרכז Carers مركز";
const EMOJI_NAME: &str = "Café ☕ 😀";

struct Ui {
    h: Harness<'static, PatchworkApp>,
    dir: tempfile::TempDir,
}

/// Two organisations (the mixed-script one and one with emoji) and one link between them.
fn small_map() -> Map {
    let mut map = Map::new();
    map.meta.title = "Small town".into();
    let org_type = map.typology().org_types[0].id.clone();
    let link_type = map.typology().link_types[0].id.clone();
    for (id, name, x) in [("a", MIXED, 0.0), ("b", EMOJI_NAME, 260.0)] {
        map.insert_organisation(Organisation::new(OrgId::new(id), name, org_type.clone(), [x, 0.0])).unwrap();
    }
    map.insert_link(LinkRecord::new(LinkId::new("l1"), OrgId::new("a"), OrgId::new("b"), link_type)).unwrap();
    map
}

/// The app opened on `file`, with its settings (and any recovery file) in `dir`/config.
fn app_on(file: Option<PathBuf>, dir: tempfile::TempDir) -> Ui {
    let h = ui_common::harness([1200.0, 800.0], file, Box::new(ui_common::NoDialogs), dir.path());
    Ui { h, dir }
}

/// The app on [`small_map`] saved as small.json.
fn app_on_small_map() -> Ui {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.json");
    patchwork::io::save_map(&small_map(), &path).unwrap();
    app_on(Some(path), dir)
}

/// Every text shape painted in the last frame.
fn painted_text(ui: &Ui) -> Vec<TextShape> {
    fn walk(shape: &Shape, out: &mut Vec<TextShape>) {
        match shape {
            Shape::Text(t) => out.push(t.clone()),
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &ui.h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

fn painted_strings(ui: &Ui) -> Vec<String> {
    painted_text(ui).iter().map(|t| t.galley.text().to_owned()).collect()
}

impl Ui {
    fn menu(&mut self, menu: &str, item: &str) {
        self.h.get_by_label(menu).click();
        self.h.run();
        self.h.get_by_label_contains(item).click();
        self.h.run();
    }
    fn close_menu(&mut self) {
        self.h.key_press(egui::Key::Escape);
        self.h.run();
    }
}

#[test]
fn a_name_mixing_hebrew_latin_and_arabic_is_drawn_in_reading_order() {
    let ui = app_on_small_map();
    let texts = painted_text(&ui);
    let label = texts.iter().find(|t| t.galley.text() == MIXED).expect("the label is painted");
    // The glyphs left to right: מרכז reversed (its first letter rightmost), Carers forwards, then
    // مركز reversed; the order resvg draws it in figures (see export::render's tests).
    let glyphs = glyphs_left_to_right(label);
    let left_to_right: String = glyphs.iter().map(|g| g.1).collect();
    assert!(left_to_right.contains("Carers"), "{left_to_right}");
    assert_reads_in_order(&glyphs);
}

/// The glyphs of a galley left to right: (x, character).
fn glyphs_left_to_right(t: &TextShape) -> Vec<(f32, char)> {
    let mut glyphs: Vec<(f32, char)> =
        t.galley.rows.iter().flat_map(|r| r.glyphs.iter().map(|g| (g.pos.x, g.chr))).collect();
    glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
    glyphs
}

impl Ui {
    /// Clicks organisation `id` on the canvas.
    fn select(&mut self, id: &str) {
        let at = {
            let app = self.h.state();
            app.view().screen_from_map(app.doc().map().org(&OrgId::new(id)).unwrap().position)
        };
        self.h.event(egui::Event::PointerMoved(at));
        for pressed in [true, false] {
            self.h.event(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        self.h.run();
        assert_eq!(self.h.state().view().selection, [OrgId::new(id)].into());
    }

    /// The text painted in the side panel that contains `part`.
    fn side_panel_text(&self, part: &str) -> TextShape {
        let panel_left = self.h.state().view().canvas_rect.right();
        painted_text(self).into_iter().find(|t| t.galley.text().contains(part) && t.pos.x > panel_left).unwrap()
    }
}

/// Hebrew left of "Carers", Arabic right of it, each reversed where it stands.
fn assert_reads_in_order(glyphs: &[(f32, char)]) {
    let x_of = |c: char| glyphs.iter().find(|g| g.1 == c).map(|g| g.0).unwrap();
    assert!(x_of('ז') < x_of('מ') && x_of('מ') < x_of('C'), "{glyphs:?}");
    assert!(x_of('C') < x_of('s') && x_of('s') < x_of('ز') && x_of('ز') < x_of('م'), "{glyphs:?}");
}

#[test]
fn the_name_field_shows_a_mixed_name_in_reading_order() {
    let mut ui = app_on_small_map();
    ui.select("a");
    let field = ui.side_panel_text(MIXED);
    assert_eq!(field.galley.text(), MIXED, "the name field keeps the typed text");
    let glyphs = glyphs_left_to_right(&field);
    // Shaped as one right-to-left line, egui drew "sreraC" and piled the rest at one x.
    assert_reads_in_order(&glyphs);
}

#[test]
fn find_lists_a_mixed_name_in_reading_order() {
    let mut ui = app_on_small_map();
    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::F);
    ui.h.run();
    ui.h.get_by_role_and_label(Role::TextInput, "Name contains").type_text("Carers");
    ui.h.run();
    // A widget's text takes the widget's colour (the canvas label has the theme's).
    let texts = painted_text(&ui);
    let entry = texts
        .iter()
        .find(|t| {
            t.galley.text().contains('מ')
                && t.galley.job.sections.iter().all(|s| s.format.color == egui::Color32::PLACEHOLDER)
        })
        .expect("the found organisation is listed");
    assert_reads_in_order(&glyphs_left_to_right(entry));
}

#[test]
fn emoji_in_names_are_drawn_with_the_bundled_emoji_font() {
    let ui = app_on_small_map();
    assert!(painted_strings(&ui).iter().any(|t| t == EMOJI_NAME));
    let font = egui::FontId::proportional(13.0);
    for c in ['😀', '☕', '🏠', '❤'] {
        assert!(ui.h.ctx.fonts_mut(|f| f.has_glyph(&font, c)), "no glyph for {c}");
    }
}

#[test]
fn menu_toggles_show_whether_they_are_on() {
    let mut ui = app_on_small_map();
    assert!(ui.h.state().settings().show_legend);
    ui.h.get_by_label("View").click();
    ui.h.run();
    let legend = ui.h.get_by_label("☑ Legend");
    assert_eq!(legend.accesskit_node().role(), Role::CheckBox);
    assert_eq!(legend.accesskit_node().toggled(), Some(Toggled::True));
    assert!(ui.h.query_by_label("☑ Side Panel").is_some());
    assert!(ui.h.query_by_label("☑ Light Theme").is_some() && ui.h.query_by_label("☐ Dark Theme").is_some());
    legend.click();
    ui.h.run();
    assert!(!ui.h.state().settings().show_legend);
    ui.h.get_by_label("View").click();
    ui.h.run();
    assert_eq!(ui.h.get_by_label("☐ Legend").accesskit_node().toggled(), Some(Toggled::False));
    ui.close_menu();

    ui.h.get_by_label("Workshop").click();
    ui.h.run();
    assert!(ui.h.query_by_label("☐ Projector Window").is_some(), "off at start");
    ui.close_menu();
    // (Once open, the projector window covers the menu bar in the test harness.)
    ui.close_menu();

    ui.menu("View", "Dark Theme");
    ui.h.get_by_label("View").click();
    ui.h.run();
    assert!(ui.h.query_by_label("☑ Dark Theme").is_some() && ui.h.query_by_label("☐ Light Theme").is_some());
}

#[test]
fn counts_of_one_are_singular() {
    let ui = app_on_small_map();
    // Nothing selected: the side panel's overview of the map.
    assert!(ui.h.query_by_label("2 organisations, 1 link").is_some());
    assert!(ui.h.query_by_label_contains("1 links").is_none());
}

#[test]
fn the_link_hint_does_not_cover_the_label_of_the_organisation_pointed_at() {
    let mut ui = app_on_small_map();
    let (a, b) = {
        let app = ui.h.state();
        let map = app.doc().map();
        let at = |id: &str| app.view().screen_from_map(map.org(&OrgId::new(id)).unwrap().position);
        (at("a"), at("b"))
    };
    // Select a, press L, point at b.
    ui.h.event(egui::Event::PointerMoved(a));
    for pressed in [true, false] {
        ui.h.event(egui::Event::PointerButton {
            pos: a,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    ui.h.run();
    ui.h.run_steps(25);
    ui.h.key_press(egui::Key::L);
    ui.h.run();
    ui.h.event(egui::Event::PointerMoved(b));
    ui.h.run();
    let texts = painted_text(&ui);
    let hint = texts.iter().find(|t| t.galley.text().starts_with("Click the organisation to link to")).unwrap();
    let hint_rect = Rect::from_min_size(hint.pos, hint.galley.size());
    let label = texts.iter().find(|t| t.galley.text() == EMOJI_NAME).unwrap();
    let label_rect = Rect::from_min_size(label.pos, label.galley.size());
    assert!(!hint_rect.intersects(label_rect), "hint {hint_rect:?} over the label {label_rect:?}");
}

#[test]
fn a_failed_open_at_start_leaves_a_type_for_new_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not a map").unwrap();
    let mut ui = app_on(Some(bad), dir);
    let app = ui.h.state();
    let ty = app.view().new_org_type.clone();
    let name = app.doc().map().typology().org_type(&ty).map(|t| t.name.clone());
    assert!(name.is_some(), "the type box names a type, not —");
    assert!(ui.h.query_by_label("—").is_none());
    ui.h.get_by_label("Add").click();
    ui.h.run();
    let map = ui.h.state().doc().map();
    assert_eq!(map.org_count(), 1);
    assert_eq!(map.organisations().next().unwrap().org_type, ty);
}

/// Writes a recovery copy of a map titled "Unsaved plan" that belongs to `source`.
fn leave_recovery(dir: &Path, source: Option<&Path>) {
    let mut map = small_map();
    map.meta.title = "Unsaved plan".into();
    ConfigDir(Some(dir.join("config"))).write_recovery(&map, source).unwrap();
}

#[test]
fn recovery_of_another_map_says_which_and_opens_as_its_own_document() {
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened.json");
    let mut map = small_map();
    map.meta.title = "Opened map".into();
    patchwork::io::save_map(&map, &opened).unwrap();
    let opened_bytes = std::fs::read(&opened).unwrap();
    let other = dir.path().join("other.json");
    leave_recovery(dir.path(), Some(&other));

    let mut ui = app_on(Some(opened.clone()), dir);
    assert!(ui.h.query_by_label("Recover unsaved work?").is_some());
    for said in [
        "“Unsaved plan”, autosaved just now",
        &other.display().to_string(),
        "in place of “Opened map”",
        &opened.display().to_string(),
    ] {
        assert!(ui.h.query_by_label_contains(said).is_some(), "the prompt says {said}");
    }

    ui.h.get_by_label("Recover").click();
    ui.h.run();
    let doc = ui.h.state().doc();
    assert_eq!(doc.map().meta.title, "Unsaved plan");
    assert_eq!(doc.path.as_deref(), Some(other.as_path()), "its own file, not the one just opened");
    assert!(doc.is_dirty());
    assert_eq!(std::fs::read(&opened).unwrap(), opened_bytes, "the opened map is untouched");
    assert!(ui.dir.path().exists());
}

#[test]
fn recovery_of_a_never_saved_map_says_so() {
    let dir = tempfile::tempdir().unwrap();
    leave_recovery(dir.path(), None);
    let mut ui = app_on(None, dir);
    assert!(ui.h.query_by_label_contains("never saved").is_some());
    ui.h.get_by_label("Recover").click();
    ui.h.run();
    assert_eq!(ui.h.state().doc().map().meta.title, "Unsaved plan");
    assert_eq!(ui.h.state().doc().path, None, "Save will ask where: it cannot overwrite another map");
}
