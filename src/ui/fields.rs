//! Widgets for typology fields, one per field kind, shared by the inspector's single and bulk
//! editors.

use crate::model::{FieldDef, FieldKind, FieldValue, typology::is_iso_date};
use egui::Ui;

/// Edits one field's value. `buffer` holds the text of number and date fields while typed (so a
/// half-typed value is not lost); returns true if `value` changed.
pub fn field_value_ui(
    ui: &mut Ui,
    def: &FieldDef,
    value: &mut Option<FieldValue>,
    buffer: &mut String,
    label_id: egui::Id,
) -> bool {
    let before = value.clone();
    match def.kind {
        FieldKind::OpeningHours => {
            super::hours_editor::hours_value_ui(ui, &def.name, value, buffer, label_id);
        }
        FieldKind::Text | FieldKind::LongText => text_ui(ui, def, value, label_id),
        FieldKind::Choice => choice_ui(ui, def, value),
        FieldKind::MultiChoice => multi_choice_ui(ui, def, value),
        FieldKind::YesNo => yes_no_ui(ui, def, value),
        FieldKind::Number | FieldKind::Date => number_or_date_ui(ui, def, value, buffer, label_id),
    }
    *value != before
}

/// One or several lines of text; empty text is no value.
fn text_ui(ui: &mut Ui, def: &FieldDef, value: &mut Option<FieldValue>, label_id: egui::Id) {
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

/// One of the options, or none (—).
fn choice_ui(ui: &mut Ui, def: &FieldDef, value: &mut Option<FieldValue>) {
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

/// Any number of the options, ticked, kept in the typology's order.
fn multi_choice_ui(ui: &mut Ui, def: &FieldDef, value: &mut Option<FieldValue>) {
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

/// Yes, no, or not known (—).
fn yes_no_ui(ui: &mut Ui, def: &FieldDef, value: &mut Option<FieldValue>) {
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

/// A number or a date typed into `buffer`: stored when valid, otherwise marked as not valid.
fn number_or_date_ui(
    ui: &mut Ui,
    def: &FieldDef,
    value: &mut Option<FieldValue>,
    buffer: &mut String,
    label_id: egui::Id,
) {
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

/// One entry of a [`filtered_combo`]: the value it sets, its name, and a definition shown beside
/// the row while the pointer is on it.
pub struct Choice<'a, T> {
    /// What choosing this entry sets.
    pub value: T,
    /// Shown in the list and matched by the filter.
    pub name: &'a str,
    /// Shown beside the hovered row (never over the rows below it); also matched by the filter.
    pub definition: &'a str,
}

/// The entries of `choices` that match `filter` (case-insensitive): those whose name contains it
/// first, then those where only the definition does; all of them, in order, for an empty filter.
#[must_use]
pub fn matching<'c, 'a, T>(choices: &'c [Choice<'a, T>], filter: &str) -> Vec<&'c Choice<'a, T>> {
    let needle = filter.trim().to_lowercase();
    if needle.is_empty() {
        return choices.iter().collect();
    }
    let by_name = choices.iter().filter(|c| c.name.to_lowercase().contains(&needle));
    let by_definition = choices
        .iter()
        .filter(|c| !c.name.to_lowercase().contains(&needle) && c.definition.to_lowercase().contains(&needle));
    by_name.chain(by_definition).collect()
}

/// A drop-down for a long list (organisation and link types): a text box at the top filters the
/// list as you type (Enter picks the first match), the list scrolls within the window, and the
/// hovered entry's definition shows to its side. `name` is the accessible name of the button.
/// Returns the button's response; `current` changes when an entry is picked.
pub fn filtered_combo<T: PartialEq + Clone>(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt + Copy,
    name: &str,
    current: &mut T,
    shown: &str,
    choices: &[Choice<'_, T>],
) -> egui::Response {
    let filter_id = ui.make_persistent_id(salt).with("filter");
    let screen = ui.ctx().content_rect();
    let button_top = ui.cursor().top();
    // Room for the list below (or above) the button: the whole window less the filter box.
    let room = (screen.bottom() - button_top).max(button_top - screen.top()) - 90.0;
    let list_height = room.max(120.0);
    let mut picked = None;
    let r = egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .height(f32::INFINITY)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            let mut filter: String = ui.data(|d| d.get_temp(filter_id)).unwrap_or_default();
            let edit = ui.add(
                egui::TextEdit::singleline(&mut filter)
                    .hint_text("Type to filter")
                    .desired_width(ui.available_width().max(160.0)),
            );
            edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Filter {name}")));
            // Enter in the filter picks the first match (read before focus is asked back below).
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            // Typing goes to the filter as soon as the list opens.
            if !enter && ui.memory(|m| m.focused().is_none()) {
                edit.request_focus();
            }
            let shown_choices = matching(choices, &filter);
            if enter {
                picked = shown_choices.first().map(|c| c.value.clone());
            }
            egui::ScrollArea::vertical().max_height(list_height).show(ui, |ui| {
                if shown_choices.is_empty() {
                    ui.weak("Nothing matches");
                }
                for c in &shown_choices {
                    let row = ui.selectable_label(*current == c.value, c.name);
                    if row.clicked() {
                        picked = Some(c.value.clone());
                    }
                    if row.hovered() && !c.definition.is_empty() {
                        definition_beside(ui, &row, c.definition, screen);
                    }
                }
            });
            ui.data_mut(|d| d.insert_temp(filter_id, filter));
        });
    if let Some(value) = picked {
        *current = value;
        ui.data_mut(|d| d.remove::<String>(filter_id));
        egui::Popup::close_all(ui.ctx());
    } else if r.inner.is_none() {
        // Closed: the next opening starts with the whole list.
        ui.data_mut(|d| d.remove::<String>(filter_id));
    }
    r.response.on_hover_text(name)
}

/// A definition beside a hovered row, to its right (or left, near the window's right edge), so it
/// never covers the rows below as a tooltip would.
pub fn definition_beside(ui: &Ui, row: &egui::Response, text: &str, screen: egui::Rect) {
    const WIDTH: f32 = 260.0;
    let (pos, pivot) = if row.rect.right() + WIDTH + 16.0 <= screen.right() {
        (row.rect.right_top() + egui::vec2(12.0, 0.0), egui::Align2::LEFT_TOP)
    } else {
        (row.rect.left_top() - egui::vec2(12.0, 0.0), egui::Align2::RIGHT_TOP)
    };
    egui::Area::new(row.id.with("definition"))
        .order(egui::Order::Tooltip)
        .fixed_pos(pos)
        .pivot(pivot)
        .interactable(false)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(WIDTH);
                ui.label(text);
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_matches_names_first_then_definitions() {
        let c = |value, name, definition| Choice { value, name, definition };
        let choices = [c(1, "Helpline", "Phone support"), c(2, "Crisis café", "A safe haven"), c(3, "Safe house", "")];
        let names = |f: &str| matching(&choices, f).iter().map(|c| c.value).collect::<Vec<_>>();
        assert_eq!(names(""), [1, 2, 3]);
        assert_eq!(names("SAFE"), [3, 2], "name matches before definition matches");
        assert_eq!(names("  café "), [2]);
        assert!(names("zzz").is_empty());
    }
}
