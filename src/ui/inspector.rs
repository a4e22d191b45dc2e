//! The inspector side panel: edit one organisation, one link, or many organisations at once.
//! Widgets edit a draft; the draft is committed as one undo step when no text field has focus,
//! so typing a name is one step, not one per keystroke.

use super::draft::{CommitTiming, Draft};
use super::fields::{Choice, field_value_ui};
use super::notices::Notices;
use super::view::ViewState;
use crate::edit::{Document, Edit};
use crate::model::{AppliesTo, FieldId, FieldValue, LinkId, LinkRecord, OrgId, Organisation, TypeId};
use egui::Ui;
use std::collections::HashMap;

/// What the inspector is showing.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Nothing,
    Org(OrgId),
    Link(LinkId),
    Many,
}

/// Inspector state: drafts and the text of fields being typed.
#[derive(Debug, Default)]
pub struct Inspector {
    target: Option<Target>,
    org: Option<Draft<Organisation>>,
    link: Option<Draft<LinkRecord>>,
    tags_text: String,
    buffers: HashMap<FieldId, String>,
    timing: CommitTiming,
    bulk_type: Option<TypeId>,
    bulk_field: Option<FieldId>,
    bulk_value: Option<FieldValue>,
    bulk_buffer: String,
    bulk_tag: String,
}

/// Requests from the inspector to the app.
#[derive(Debug, Default)]
pub struct InspectorOutput {
    /// Edits refused while the panel was drawn; [`Inspector::ui`] reports them into the notices.
    errors: Vec<String>,
    /// Centre the view on this organisation.
    pub focus: Option<OrgId>,
}

fn tags_from_text(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|x| x == t) {
            tags.push(t.to_owned());
        }
    }
    tags
}

/// Below this width (points) the inspector cuts long field names short.
const NARROW_PANEL: f32 = 400.0;

fn labelled_row(ui: &mut Ui, name: &str, hover: &str, add: impl FnOnce(&mut Ui, egui::Id)) {
    // In a narrow panel long names are cut short (the full name shows on hover), so the values
    // keep their room and nothing spills out of the panel.
    // Grid cells know little of their width; the panel's visible width is the clip rectangle's.
    let width = ui.clip_rect().width();
    let label = if width < NARROW_PANEL {
        let r = ui.add_sized([width * 0.35, 18.0], egui::Label::new(name).truncate());
        if r.hovered() && hover.is_empty() { r.on_hover_text(name) } else { r }
    } else {
        ui.label(name)
    };
    if !hover.is_empty() {
        label.clone().on_hover_text(hover);
    }
    add(ui, label.id);
    ui.end_row();
}

/// "Last changed by Sam · 30 Nov 2026 14:05" under an item's heading, if it has a stamp.
fn last_changed_ui(ui: &mut Ui, changed: Option<&crate::model::Provenance>) {
    if let Some(p) = changed {
        ui.weak(last_changed_text(p)).on_hover_text(format!(
            "Recorded when {} changed it ({} UTC). Set your own name in Edit › Preferences.",
            p.by,
            p.at_rfc3339()
        ));
    }
}

/// The inspector's line for a stamp.
#[must_use]
pub fn last_changed_text(p: &crate::model::Provenance) -> String {
    format!("Last changed by {} · {}", p.by, p.at_display())
}

impl Inspector {
    fn current_target(view: &ViewState) -> Target {
        match (view.selection.len(), view.selected_links.len()) {
            (0, 0) => Target::Nothing,
            (1, 0) => view.selection.first().map_or(Target::Nothing, |id| Target::Org(id.clone())),
            (0, 1) => view.selected_links.first().map_or(Target::Nothing, |id| Target::Link(id.clone())),
            (n, _) if n > 1 => Target::Many,
            _ => Target::Nothing,
        }
    }

    /// Applies the user's edits of the draft, if any, as one undo step.
    fn commit(&mut self, doc: &mut Document, out: &mut InspectorOutput) {
        if let Some(draft) = self.org.as_mut()
            && let Some(edited) = draft.take_edit()
            && let Some(current) = doc.map().org(&edited.id)
        {
            let label = if current.name != edited.name {
                "Rename organisation"
            } else if current.org_type != edited.org_type {
                "Change organisation type"
            } else {
                "Edit organisation"
            };
            if let Err(e) = doc.apply(label, Edit::UpdateOrganisations(vec![edited])) {
                out.errors.push(e.to_string());
            }
        }
        if let Some(draft) = self.link.as_mut()
            && let Some(edited) = draft.take_edit()
            && doc.map().link_record(&edited.id).is_some()
            && let Err(e) = doc.apply("Edit link", Edit::UpdateLinks(vec![edited]))
        {
            out.errors.push(e.to_string());
        }
    }

    /// Starts editing `target` afresh, or follows a map change the user has not overridden.
    fn sync(&mut self, doc: &Document, target: &Target, fresh: bool) {
        match target {
            Target::Org(id) => {
                let Some(current) = doc.map().org(id) else { return };
                let followed = match self.org.as_mut() {
                    Some(d) if !fresh => d.follow(current),
                    _ => {
                        self.org = Some(Draft::new(current));
                        true
                    }
                };
                if followed {
                    self.tags_text = current.tags.join(", ");
                    self.buffers.clear();
                }
            }
            Target::Link(id) => {
                let Some(current) = doc.map().link_record(id) else { return };
                match self.link.as_mut() {
                    Some(d) if !fresh => {
                        if d.follow(&current) {
                            self.buffers.clear();
                        }
                    }
                    _ => {
                        self.link = Some(Draft::new(&current));
                        self.buffers.clear();
                    }
                }
            }
            Target::Nothing | Target::Many => {}
        }
    }

    /// The panel's contents; edits refused are reported into `notices`.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &mut Document,
        view: &mut ViewState,
        notices: &mut Notices,
    ) -> InspectorOutput {
        let mut out = InspectorOutput::default();
        let target = Self::current_target(view);
        let due = self.timing.due(ui.ctx());
        if self.target.as_ref() == Some(&target) {
            if due {
                self.commit(doc, &mut out);
            }
            self.sync(doc, &target, false);
        } else {
            self.commit(doc, &mut out);
            self.org = None;
            self.link = None;
            self.sync(doc, &target, true);
            self.target = Some(target.clone());
        }
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match &target {
            Target::Nothing => summary_ui(ui, doc),
            Target::Org(_) => self.org_ui(ui, doc, view, &mut out),
            Target::Link(_) => self.link_ui(ui, doc, view, &mut out),
            Target::Many => self.bulk_ui(ui, doc, view, &mut out),
        });
        if let Some(draft) = self.org.as_mut() {
            let tags = tags_from_text(&self.tags_text);
            if tags != draft.value.tags {
                draft.value.tags = tags;
            }
        }
        for e in out.errors.drain(..) {
            notices.error(e);
        }
        out
    }

    fn org_ui(&mut self, ui: &mut Ui, doc: &mut Document, view: &mut ViewState, out: &mut InspectorOutput) {
        let Some(org) = self.org.as_mut().map(|d| &mut d.value) else { return };
        let typology = doc.map().typology().clone();
        ui.heading("Organisation");
        last_changed_ui(ui, doc.map().org(&org.id).and_then(|o| o.changed.as_ref()));
        egui::Grid::new("org_grid").num_columns(2).spacing([8.0, 6.0]).striped(false).show(ui, |ui| {
            labelled_row(ui, "Name", "", |ui, id| {
                let mut layouter = super::bidi_text::edit_layouter;
                let name = egui::TextEdit::singleline(&mut org.name).layouter(&mut layouter);
                ui.add(name.desired_width(ui.available_width())).labelled_by(id);
            });
            labelled_row(ui, "Type", "", |ui, id| {
                let shown = typology.org_type(&org.org_type).map_or("—", |t| t.name.as_str());
                let choices = org_type_choices(&typology);
                super::fields::filtered_combo(ui, "org_type", "Type", &mut org.org_type, shown, &choices)
                    .labelled_by(id);
            });
            for def in typology.fields_for(AppliesTo::Organisations) {
                labelled_row(ui, &def.name, &def.description, |ui, id| {
                    let mut value = org.fields.get(&def.id).cloned();
                    let buffer = self.buffers.entry(def.id.clone()).or_default();
                    if field_value_ui(ui, def, &mut value, buffer, id) {
                        match value {
                            Some(v) => org.fields.insert(def.id.clone(), v),
                            None => org.fields.remove(&def.id),
                        };
                    }
                });
            }
            labelled_row(ui, "Tags", "Comma-separated", |ui, id| {
                ui.add(
                    egui::TextEdit::singleline(&mut self.tags_text)
                        .hint_text("tag, tag")
                        .desired_width(ui.available_width()),
                )
                .labelled_by(id);
            });
            labelled_row(ui, "Notes", "", |ui, id| {
                ui.add(egui::TextEdit::multiline(&mut org.notes).desired_rows(3).desired_width(ui.available_width()))
                    .labelled_by(id);
            });
            labelled_row(ui, "", "", |ui, _| {
                ui.checkbox(&mut org.sensitive, "Sensitive").on_hover_text("Named by a pseudonym in redacted exports");
            });
            labelled_row(ui, "", "", |ui, _| {
                ui.checkbox(&mut org.pinned, "Pinned").on_hover_text("Automatic layouts leave it where it is");
            });
        });
        ui.separator();
        let links = doc.map().links_of(&org.id);
        ui.label(format!("Links ({})", links.len()));
        for l in links {
            let directed = typology.link_type(&l.link_type).is_some_and(|t| t.directed);
            let (other, arrow) = if l.from == org.id {
                (&l.to, if directed { "→" } else { "—" })
            } else {
                (&l.from, if directed { "←" } else { "—" })
            };
            let name = doc.map().org(other).map_or("?", |o| o.name.as_str());
            let ty = typology.link_type(&l.link_type).map_or("?", |t| t.name.as_str());
            let text = super::bidi_text::widget_text(ui, &format!("{arrow} {name} ({ty})"), &egui::TextStyle::Button);
            if ui.button(text).on_hover_text("Go to this organisation").clicked() {
                out.focus = Some(other.clone());
                view.select_only([other.clone()]);
            }
        }
    }

    fn link_ui(&mut self, ui: &mut Ui, doc: &mut Document, view: &mut ViewState, out: &mut InspectorOutput) {
        let Some(link) = self.link.as_mut().map(|d| &mut d.value) else { return };
        let typology = doc.map().typology().clone();
        let name_of = |id: &OrgId| doc.map().org(id).map_or_else(|| id.to_string(), |o| o.name.clone());
        ui.heading("Link");
        last_changed_ui(ui, doc.map().link_record(&link.id).and_then(|l| l.changed).as_ref());
        egui::Grid::new("link_grid").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
            labelled_row(ui, "Type", "", |ui, id| {
                let shown = typology.link_type(&link.link_type).map_or("—", |t| t.name.as_str());
                let choices: Vec<_> = typology
                    .link_types
                    .iter()
                    .map(|t| Choice { value: t.id.clone(), name: &t.name, definition: &t.definition })
                    .collect();
                super::fields::filtered_combo(ui, "link_type", "Link type", &mut link.link_type, shown, &choices)
                    .labelled_by(id);
            });
            labelled_row(ui, "From", "", |ui, _| {
                if ui.link(name_of(&link.from)).clicked() {
                    out.focus = Some(link.from.clone());
                }
            });
            labelled_row(ui, "To", "", |ui, _| {
                if ui.link(name_of(&link.to)).clicked() {
                    out.focus = Some(link.to.clone());
                }
            });
            labelled_row(ui, "", "", |ui, _| {
                if ui.button("Reverse direction").clicked() {
                    std::mem::swap(&mut link.from, &mut link.to);
                }
            });
            for def in typology.fields_for(AppliesTo::Links) {
                labelled_row(ui, &def.name, &def.description, |ui, id| {
                    let mut value = link.fields.get(&def.id).cloned();
                    let buffer = self.buffers.entry(def.id.clone()).or_default();
                    if field_value_ui(ui, def, &mut value, buffer, id) {
                        match value {
                            Some(v) => link.fields.insert(def.id.clone(), v),
                            None => link.fields.remove(&def.id),
                        };
                    }
                });
            }
            labelled_row(ui, "Notes", "", |ui, id| {
                ui.add(egui::TextEdit::multiline(&mut link.notes).desired_rows(3).desired_width(ui.available_width()))
                    .labelled_by(id);
            });
        });
        if let Some(focus) = &out.focus {
            view.select_only([focus.clone()]);
        }
    }

    fn bulk_ui(&mut self, ui: &mut Ui, doc: &mut Document, view: &mut ViewState, out: &mut InspectorOutput) {
        let typology = doc.map().typology().clone();
        let n = view.selection.len();
        ui.heading(format!("{n} organisations selected"));
        let selected: Vec<Organisation> = view.selection.iter().filter_map(|id| doc.map().org(id).cloned()).collect();
        let mut apply = |doc: &mut Document, label: String, change: &dyn Fn(&mut Organisation)| {
            let updated: Vec<Organisation> = selected
                .iter()
                .map(|o| {
                    let mut o = o.clone();
                    change(&mut o);
                    o
                })
                .collect();
            if let Err(e) = doc.apply(label, Edit::UpdateOrganisations(updated)) {
                out.errors.push(e.to_string());
            }
        };
        ui.add_space(6.0);
        ui.label("Set type");
        ui.horizontal(|ui| {
            let shown =
                self.bulk_type.as_ref().and_then(|t| typology.org_type(t)).map_or("Choose…", |t| t.name.as_str());
            let choices: Vec<_> = org_type_choices(&typology)
                .into_iter()
                .map(|c| Choice { value: Some(c.value), name: c.name, definition: c.definition })
                .collect();
            super::fields::filtered_combo(ui, "bulk_type", "Type to set", &mut self.bulk_type, shown, &choices);
            if ui.add_enabled(self.bulk_type.is_some(), egui::Button::new("Apply type")).clicked()
                && let Some(t) = self.bulk_type.clone()
            {
                apply(doc, format!("Set type of {n} organisations"), &|o| o.org_type = t.clone());
            }
        });
        ui.add_space(6.0);
        ui.label("Set field");
        let shown = self.bulk_field.as_ref().and_then(|f| typology.field(f)).map_or("Choose…", |f| f.name.as_str());
        super::fields::named_combo(ui, "bulk_field", "Field to set", shown, |ui| {
            for f in typology.fields_for(AppliesTo::Organisations) {
                if ui.selectable_value(&mut self.bulk_field, Some(f.id.clone()), &f.name).clicked() {
                    self.bulk_value = None;
                    self.bulk_buffer.clear();
                }
            }
        });
        if let Some(def) = self.bulk_field.as_ref().and_then(|f| typology.field(f)) {
            let label = ui.label("Value");
            field_value_ui(ui, def, &mut self.bulk_value, &mut self.bulk_buffer, label.id);
            if ui.button("Apply field").clicked() {
                let (id, value) = (def.id.clone(), self.bulk_value.clone());
                apply(doc, format!("Set {} of {n} organisations", def.name), &|o| match &value {
                    Some(v) => {
                        o.fields.insert(id.clone(), v.clone());
                    }
                    None => {
                        o.fields.remove(&id);
                    }
                });
            }
        }
        ui.add_space(6.0);
        ui.label("Add tag");
        ui.horizontal(|ui| {
            let r = ui.add(egui::TextEdit::singleline(&mut self.bulk_tag).hint_text("tag").desired_width(140.0));
            let tag = self.bulk_tag.trim().to_owned();
            let go = ui.add_enabled(!tag.is_empty(), egui::Button::new("Add tag")).clicked()
                || (r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !tag.is_empty());
            if go {
                apply(doc, format!("Tag {n} organisations"), &|o| {
                    if !o.tags.contains(&tag) {
                        o.tags.push(tag.clone());
                    }
                });
                self.bulk_tag.clear();
            }
        });
    }
}

fn summary_ui(ui: &mut Ui, doc: &Document) {
    let map = doc.map();
    ui.heading(&map.meta.title);
    if !map.meta.description.is_empty() {
        ui.label(&map.meta.description);
    }
    ui.add_space(8.0);
    ui.label(format!(
        "{}, {}",
        super::plural(map.org_count(), "organisation"),
        super::plural(map.link_count(), "link")
    ));
    ui.add_space(12.0);
    ui.label("How to:");
    for tip in [
        "Double-click the canvas to add an organisation.",
        "Drag from an organisation's edge to another to link them (or select one and press L).",
        "Drag on the background to select several; Shift-click adds to the selection.",
        "Scroll to zoom; drag with the middle button or hold Space to pan.",
        "Ctrl+Z undoes any step.",
    ] {
        ui.label(format!("• {tip}"));
    }
}

/// The organisation types as entries of a filtered drop-down.
pub(super) fn org_type_choices(typology: &crate::model::Typology) -> Vec<Choice<'_, TypeId>> {
    typology
        .org_types
        .iter()
        .map(|t| Choice { value: t.id.clone(), name: &t.name, definition: &t.definition })
        .collect()
}
