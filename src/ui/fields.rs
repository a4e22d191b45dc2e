//! Widgets for typology fields, one per field kind, shared by the inspector's single and bulk
//! editors.

use crate::model::{FieldDef, FieldKind, FieldValue, typology::is_iso_date};
use egui::Ui;

/// Edits one field's value. `buffer` holds the text of number and date fields while typed (so a
/// half-typed value is not lost); returns true if `value` changed.
// One arm per field kind; splitting them apart would hide the shared before/after check.
#[allow(clippy::too_many_lines)]
pub fn field_value_ui(
    ui: &mut Ui,
    def: &FieldDef,
    value: &mut Option<FieldValue>,
    buffer: &mut String,
    label_id: egui::Id,
) -> bool {
    let before = value.clone();
    match def.kind {
        FieldKind::Text | FieldKind::LongText => {
            let mut text = match value {
                Some(FieldValue::Text(s)) => s.clone(),
                Some(other) => other.display(),
                None => String::new(),
            };
            let edit = if def.kind == FieldKind::LongText {
                egui::TextEdit::multiline(&mut text).desired_rows(3)
            } else {
                egui::TextEdit::singleline(&mut text)
            };
            if ui.add(edit.desired_width(ui.available_width())).labelled_by(label_id).changed() {
                *value = (!text.is_empty()).then_some(FieldValue::Text(text));
            }
        }
        FieldKind::Choice => {
            let current = match value {
                Some(FieldValue::Text(s)) => s.clone(),
                _ => String::new(),
            };
            let shown = if current.is_empty() { "—".to_owned() } else { current.clone() };
            named_combo(ui, ("field", def.id.as_str()), &def.name, shown, |ui| {
                if ui.selectable_label(current.is_empty(), "—").clicked() {
                    *value = None;
                }
                for option in &def.options {
                    if ui.selectable_label(&current == option, option).clicked() {
                        *value = Some(FieldValue::Text(option.clone()));
                    }
                }
            });
        }
        FieldKind::MultiChoice => {
            let mut chosen: Vec<String> = match value {
                Some(FieldValue::List(items)) => items.clone(),
                _ => Vec::new(),
            };
            ui.vertical(|ui| {
                for option in &def.options {
                    let mut on = chosen.contains(option);
                    if ui.checkbox(&mut on, option).changed() {
                        if on {
                            chosen.push(option.clone());
                            // Keep the typology's order of options.
                            chosen.sort_by_key(|c| def.options.iter().position(|o| o == c));
                        } else {
                            chosen.retain(|c| c != option);
                        }
                        *value = (!chosen.is_empty()).then(|| FieldValue::List(chosen.clone()));
                    }
                }
            });
        }
        FieldKind::YesNo => {
            let current = match value {
                Some(FieldValue::Bool(b)) => Some(*b),
                _ => None,
            };
            let shown = match current {
                Some(true) => "yes",
                Some(false) => "no",
                None => "—",
            };
            named_combo(ui, ("field", def.id.as_str()), &def.name, shown, |ui| {
                for (label, v) in [("—", None), ("yes", Some(true)), ("no", Some(false))] {
                    if ui.selectable_label(current == v, label).clicked() {
                        *value = v.map(FieldValue::Bool);
                    }
                }
            });
        }
        FieldKind::Number | FieldKind::Date => {
            let shown = match value {
                Some(FieldValue::Number(n)) => format!("{n}"),
                Some(FieldValue::Text(s)) => s.clone(),
                _ => String::new(),
            };
            if buffer.is_empty() && !shown.is_empty() {
                buffer.clone_from(&shown);
            }
            let hint = if def.kind == FieldKind::Date { "YYYY-MM-DD" } else { "number" };
            let r = ui
                .add(egui::TextEdit::singleline(buffer).hint_text(hint).desired_width(ui.available_width()))
                .labelled_by(label_id);
            let text = buffer.trim();
            let parsed = if text.is_empty() {
                Some(None)
            } else if def.kind == FieldKind::Date {
                is_iso_date(text).then(|| Some(FieldValue::Text(text.to_owned())))
            } else {
                text.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| Some(FieldValue::Number(n)))
            };
            match parsed {
                Some(v) => {
                    if r.changed() {
                        *value = v;
                    }
                }
                None => {
                    ui.colored_label(super::theme::ERROR, format!("not a valid {hint}"));
                }
            }
        }
    }
    *value != before
}

/// A combo box with an accessible name (screen readers and UI tests find it by `name`).
pub fn named_combo(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    name: &str,
    selected: impl Into<String>,
    add_contents: impl FnOnce(&mut Ui),
) -> egui::Response {
    let selected: String = selected.into();
    egui::ComboBox::from_id_salt(salt).selected_text(selected).show_ui(ui, add_contents).response.on_hover_text(name)
}
