//! Presenting to a room: revealing types step by step, fitting the slide to the window, and
//! handing the editor back as it was. Driven through the real app with kittest on the bundled
//! example (five views; the fourth reveals peer support, drop-ins, carers and community groups).

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use egui::{Modifiers, accesskit::Role};
use egui_kittest::kittest::Queryable;
use patchwork::model::{OrgId, TypeId};
use std::collections::BTreeSet;

mod ui_common;

use ui_common::{Ui, app_sized};

impl Ui {
    fn key(&mut self, key: egui::Key) {
        self.h.key_press_modifiers(Modifiers::NONE, key);
        self.h.run();
        // Let the slide transition settle.
        self.h.run_steps(45);
    }
    fn menu(&mut self, menu: &str, item: &str) {
        self.h.get_by_label(menu).click();
        self.h.run();
        self.h.get_by_label_contains(item).click();
        self.h.run();
    }
    /// The organisations the slide shows.
    fn shown(&self) -> BTreeSet<OrgId> {
        self.h.state().presentation().last_scene().nodes.iter().map(|n| n.id.clone()).collect()
    }
    /// The organisation types the slide shows.
    fn types_shown(&self) -> BTreeSet<TypeId> {
        let map = self.h.state().doc().map();
        self.shown().iter().map(|id| map.org(id).unwrap().org_type.clone()).collect()
    }
}

#[test]
fn revealing_starts_from_the_views_first_type_and_every_press_adds_one() {
    let mut ui = app_sized(1400.0, 900.0);
    ui.key(egui::Key::F5);
    for _ in 0..3 {
        ui.key(egui::Key::Space);
    }
    assert_eq!(ui.h.state().slide(), Some(3));
    let view = ui.h.state().doc().map().views[3].clone();
    assert!(view.reveal);
    // The first slide shows only the view's first type, as the facilitator listed it.
    let first: BTreeSet<TypeId> = [view.filter.org_types[0].clone()].into();
    assert_eq!(ui.types_shown(), first, "the first step shows only {first:?}");
    // Each press shows one more of the view's types: never the same frame twice, never a type
    // the view leaves out.
    let mut seen = vec![ui.shown()];
    while ui.h.state().slide() == Some(3) {
        ui.key(egui::Key::Space);
        if ui.h.state().slide() != Some(3) {
            break;
        }
        let now = ui.shown();
        assert!(!seen.contains(&now), "a press that changed nothing (step {})", seen.len() + 1);
        assert!(ui.types_shown().iter().all(|t| view.filter.org_types.contains(t)), "{:?}", ui.types_shown());
        assert_eq!(ui.types_shown().len(), seen.len() + 1);
        seen.push(now);
    }
    assert_eq!(seen.len(), view.filter.org_types.len(), "one step per type of the view");
    assert_eq!(ui.h.state().slide(), Some(4), "after the last type, the next view");
    // Back returns to the revealing view as it ended, then takes its types away one at a time.
    for expected in seen.iter().rev() {
        ui.key(egui::Key::Backspace);
        assert_eq!(ui.h.state().slide(), Some(3));
        assert_eq!(&ui.shown(), expected);
    }
    ui.key(egui::Key::Backspace);
    assert_eq!(ui.h.state().slide(), Some(2));
}

/// Steps through every slide at this window size, checking that every marker of the slide is
/// inside the area the presentation draws the map in, which is inside the window, and that the
/// caption is whole. The window is resized after presenting starts, as when a projector window
/// is moved and maximised or full screen takes effect.
fn every_marker_fits(width: f32, height: f32) {
    let mut ui = app_sized(width * 1.3, height * 1.25);
    ui.key(egui::Key::F5);
    ui.h.set_size(egui::vec2(width, height));
    ui.h.run_steps(5);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(width, height));
    let mut slides = 0;
    loop {
        let p = ui.h.state().presentation();
        let area = p.map_rect();
        assert!(window.contains_rect(area), "map area {area:?} outside the window {window:?}");
        let markers = p.marker_rects_on_screen();
        assert!(!markers.is_empty());
        for (id, r) in markers {
            assert!(area.contains_rect(r), "slide {:?}: {id} at {r:?} is outside {area:?}", ui.h.state().slide());
        }
        if let Some(caption) = p.caption_rect() {
            assert!(window.contains_rect(caption), "caption {caption:?} cut by the window {window:?}");
            assert!(caption.top() >= area.bottom(), "caption {caption:?} over the map {area:?}");
        }
        slides += 1;
        let before = (ui.h.state().slide(), ui.shown());
        ui.key(egui::Key::Space);
        if (ui.h.state().slide(), ui.shown()) == before {
            break;
        }
    }
    assert!(slides >= 5, "{slides} slides checked");
}

#[test]
fn every_marker_of_every_slide_fits_a_1280_by_800_window() {
    every_marker_fits(1280.0, 800.0);
}

#[test]
fn every_marker_of_every_slide_fits_a_1920_by_1080_window() {
    every_marker_fits(1920.0, 1080.0);
}

#[test]
fn notes_and_region_labels_grow_with_the_presentations_text_size() {
    let mut ui = app_sized(1400.0, 900.0);
    ui.menu("Workshop", "Add Sticky Note");
    // A region around the knitting group, chosen with Find.
    ui.h.key_press_modifiers(Modifiers::COMMAND, egui::Key::F);
    ui.h.run();
    ui.h.get_by_role_and_label(Role::TextInput, "Name contains").type_text("Knit");
    ui.h.run();
    ui.key(egui::Key::Enter);
    ui.menu("Workshop", "Region Around Selection");
    assert_eq!(ui.h.state().doc().map().regions.len(), 1);
    // In the editor: notes and region labels at their default size.
    let editor_label = ui.h.state().scene().nodes[0].label_size;
    let editor_note = ui.h.state().scene().notes[0].text_size;
    let editor_region = ui.h.state().scene().hulls.iter().find(|h| h.label == "Region 1").unwrap().label_size;
    ui.key(egui::Key::F5);
    let sizes = |ui: &Ui| {
        let scene = ui.h.state().presentation().last_scene();
        let region = scene.hulls.iter().find(|h| h.label == "Region 1").unwrap();
        (scene.nodes[0].label_size, scene.notes[0].text_size, region.label_size)
    };
    let (label, note, region) = sizes(&ui);
    // Grown in step with labels.
    assert!(label > editor_label);
    assert!((note / label - editor_note / editor_label).abs() < 1e-4, "note {note} vs label {label}");
    assert!((region / label - editor_region / editor_label).abs() < 1e-4, "region {region} vs label {label}");
    // + makes all three bigger, − smaller, in step.
    ui.key(egui::Key::Plus);
    ui.key(egui::Key::Plus);
    let (label2, note2, region2) = sizes(&ui);
    assert!(label2 > label && note2 > note && region2 > region, "{label2} {note2} {region2}");
    assert!((note2 / label2 - note / label).abs() < 1e-4);
    ui.key(egui::Key::Minus);
    ui.key(egui::Key::Minus);
    ui.key(egui::Key::Minus);
    let (label3, note3, region3) = sizes(&ui);
    assert!(label3 < label && note3 < note && region3 < region, "{label3} {note3} {region3}");
    // The note's box grows with its text, so the text still fits on the paper.
    let n = &ui.h.state().presentation().last_scene().notes[0];
    assert!((n.max[0] - n.min[0]) / n.text_size > 14.0);
}

#[test]
fn leaving_the_presentation_gives_the_editor_back_its_filter_caption_and_focus() {
    let mut ui = app_sized(1400.0, 900.0);
    // Focus on an organisation (the Views window's focus picker is not needed: select, then F).
    ui.h.key_press_modifiers(Modifiers::NONE, egui::Key::F6);
    ui.h.run();
    ui.h.get_by_label("Organisation types").click();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::CheckBox, "Statutory service").scroll_to_me();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::CheckBox, "Statutory service").click();
    ui.h.run();
    let before = ui.h.state().view().clone();
    assert!(!before.filter.org_types.is_empty(), "a filter is on");
    ui.key(egui::Key::F5);
    assert!(ui.h.state().presenting());
    for _ in 0..4 {
        ui.key(egui::Key::Space);
    }
    ui.key(egui::Key::Escape);
    assert!(!ui.h.state().presenting());
    let after = ui.h.state().view();
    assert_eq!(after.filter, before.filter);
    assert_eq!(after.caption, before.caption);
    assert_eq!(after.focus, before.focus);
}

#[test]
fn snapshot_presentation_1280x800() {
    let mut ui = app_sized(1280.0, 800.0);
    ui.key(egui::Key::F5);
    ui.h.snapshot("presentation_1280x800");
}

#[test]
fn snapshot_presentation_1920x1080() {
    let mut ui = app_sized(1920.0, 1080.0);
    ui.key(egui::Key::F5);
    ui.h.snapshot("presentation_1920x1080");
}

#[test]
fn a_view_saved_with_a_zoom_shows_the_area_framed_in_the_editor() {
    let mut ui = app_sized(1400.0, 900.0);
    // Zoom in on the editor's canvas, then save the view.
    let canvas = ui.h.state().view().canvas_rect;
    for _ in 0..3 {
        ui.h.event(egui::Event::PointerMoved(canvas.center()));
        ui.h.event(egui::Event::Zoom(1.25));
        ui.h.run();
    }
    let view = ui.h.state().view().clone();
    let framed: BTreeSet<OrgId> =
        ui.h.state()
            .doc()
            .map()
            .organisations()
            .filter(|o| view.canvas_rect.shrink(30.0).contains(view.screen_from_map(o.position)))
            .map(|o| o.id.clone())
            .collect();
    let total = ui.h.state().doc().map().org_count();
    assert!(!framed.is_empty() && framed.len() < total, "{} of {total} framed", framed.len());
    ui.h.key_press_modifiers(Modifiers::NONE, egui::Key::F6);
    ui.h.run();
    // The only text field while no view is chosen: the new view's name.
    ui.h.get_by_role(Role::TextInput).scroll_to_me();
    ui.h.run();
    ui.h.get_by_role(Role::TextInput).click();
    ui.h.run();
    ui.h.get_by_role(Role::TextInput).type_text("Zoomed in");
    ui.h.run();
    ui.h.get_by_label("Save current view").scroll_to_me();
    ui.h.run();
    ui.h.get_by_label("Save current view").click();
    ui.h.run();
    let last = ui.h.state().doc().map().views.len() - 1;
    assert!(ui.h.state().doc().map().views[last].viewport.is_some());
    ui.key(egui::Key::F5);
    while ui.h.state().slide() != Some(last) {
        ui.key(egui::Key::Space);
    }
    let p = ui.h.state().presentation();
    let area = p.map_rect();
    let on_screen: BTreeSet<OrgId> =
        p.marker_rects_on_screen().into_iter().filter(|(_, r)| area.contains_rect(*r)).map(|(id, _)| id).collect();
    let missing: Vec<&OrgId> = framed.difference(&on_screen).collect();
    assert!(missing.is_empty(), "framed in the editor but not on the slide: {missing:?}");
    assert!(on_screen.len() < total, "the slide keeps the zoom: {} of {total} shown", on_screen.len());
}
