//! Who changed what, driven as a person would: set your name in Edit › Preferences, edit an
//! organisation in the inspector, see "Last changed by" there, and filter the map to what one
//! person changed.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use egui::{Modifiers, accesskit::Role};
use egui_kittest::kittest::Queryable;
use patchwork::model::OrgId;

mod ui_common;

impl ui_common::Ui {
    fn run_key(&mut self, modifiers: Modifiers, key: egui::Key) {
        self.h.key_press_modifiers(modifiers, key);
        self.h.run();
    }

    fn select(&mut self, id: &str) {
        self.h.state_mut().view_mut().select_only([OrgId::new(id)]);
        self.h.run();
        self.h.run();
    }

    fn type_into_text(&mut self, label: &str, text: &str) {
        self.h.get_by_role_and_label(Role::TextInput, label).focus();
        self.h.run();
        self.h.get_by_role_and_label(Role::TextInput, label).type_text(text);
        self.h.run();
    }
}

#[test]
fn your_name_is_recorded_shown_in_the_inspector_and_filterable() {
    let mut ui = ui_common::app_sized(1400.0, 900.0);
    assert!(ui.h.query_by_label("40 organisations · 72 links").is_some());

    // Edit › Preferences…: type a name.
    ui.h.get_by_label("Edit").click();
    ui.h.run();
    ui.h.get_by_label_contains("Preferences").click();
    ui.h.run();
    ui.type_into_text("Your name (recorded on your changes)", "Sam");
    ui.h.get_by_role_and_label(Role::Button, "Close window").click();
    ui.h.run();
    assert_eq!(ui.h.state().settings().author, "Sam");
    assert_eq!(ui.h.state().doc().author(), Some("Sam"));

    // Rename an organisation in the inspector: it is stamped, and the inspector says so.
    ui.select("o20");
    assert!(ui.h.query_by_label_contains("Last changed by").is_none(), "the example has no stamps");
    ui.type_into_text("Name", " (evenings)");
    ui.run_key(Modifiers::NONE, egui::Key::Tab);
    let org = ui.h.state().doc().map().org(&OrgId::new("o20")).unwrap().clone();
    assert!(org.name.ends_with(" (evenings)"), "{}", org.name);
    let stamp = org.changed.clone().expect("stamped");
    assert_eq!(stamp.by, "Sam");
    let age = chrono::Utc::now() - stamp.at;
    assert!(age.num_seconds().abs() < 120, "stamped now, not {}", stamp.at);
    ui.h.run();
    let line = format!("Last changed by Sam · {}", stamp.at_display());
    assert!(ui.h.query_by_label(&line).is_some(), "the inspector shows {line}");

    // Views and filters: Changed by Sam shows just the one organisation.
    ui.run_key(Modifiers::NONE, egui::Key::F6);
    ui.h.get_by_role_and_label(Role::RadioButton, "Sam").scroll_to_me();
    ui.h.run();
    ui.h.get_by_role_and_label(Role::RadioButton, "Sam").click();
    ui.h.run();
    ui.h.run();
    assert_eq!(ui.h.state().view().filter.changed_by, vec!["Sam".to_owned()]);
    assert_eq!(ui.h.state().scene().nodes.len(), 1);
    assert!(ui.h.query_by_label("1 of 40 organisations · 0 of 72 links shown").is_some(), "the status bar counts");
    let banner = "Filter on, changed by Sam: 39 organisations hidden";
    assert!(ui.h.query_by_label_contains(banner).is_some(), "the banner says {banner}");
    ui.h.get_by_role_and_label(Role::RadioButton, "Anyone").click();
    ui.h.run();
    ui.h.run();
    assert_eq!(ui.h.state().scene().nodes.len(), 40);

    // Undo takes the stamp away with the rename.
    ui.h.get_by_role_and_label(Role::Button, "Close window").click();
    ui.h.run();
    ui.run_key(Modifiers::COMMAND, egui::Key::Z);
    assert_eq!(ui.h.state().doc().map().org(&OrgId::new("o20")).unwrap().changed, None);
}
