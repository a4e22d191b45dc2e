//! The typology editor: organisation types, link types and fields. Changes apply live, each an
//! undo step; deleting a type still in use asks where its members go.

use super::draft::{CommitTiming, Draft};
use super::notices::Notices;
use crate::edit::{Document, TypologyChange, typology_change};
use crate::model::{
    AppliesTo, Colour, FieldDef, FieldId, FieldKind, LineStyle, LinkType, OrgType, Shape, TypeId, Typology,
    typology::{OKABE_ITO, PALETTE, palette_name},
};
use egui::Ui;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tab {
    #[default]
    OrgTypes,
    LinkTypes,
    Fields,
}

/// A type deletion waiting for the user to say where its members go.
#[derive(Debug, Clone)]
struct PendingDelete {
    links: bool,
    id: TypeId,
    name: String,
    count: usize,
    to: Option<TypeId>,
}

/// State of the typology window.
#[derive(Debug, Default)]
pub struct TypologyWindow {
    /// Whether the window is shown.
    pub open: bool,
    tab: Tab,
    draft: Option<Draft<Typology>>,
    timing: CommitTiming,
    pending_delete: Option<PendingDelete>,
    new_option: std::collections::HashMap<FieldId, String>,
}

/// A colour chooser: the colour-blind-safe palette by name, plus a picker for any colour.
fn colour_button(ui: &mut Ui, colour: &mut Colour, name: &str) {
    let shown = palette_name(*colour).map_or_else(|| colour.to_hex(), str::to_owned);
    let swatch = |ui: &mut Ui, c: Colour| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 2.0, super::theme::color(c));
    };
    ui.horizontal(|ui| {
        swatch(ui, *colour);
        egui::ComboBox::from_id_salt("colour")
            .selected_text(shown)
            .width(120.0)
            .show_ui(ui, |ui| {
                for (label, c) in PALETTE {
                    ui.horizontal(|ui| {
                        swatch(ui, c);
                        ui.selectable_value(colour, c, label);
                    });
                }
                ui.separator();
                let mut rgb = [colour.r, colour.g, colour.b];
                ui.horizontal(|ui| {
                    if ui.color_edit_button_srgb(&mut rgb).on_hover_text("Any colour").changed() {
                        *colour = Colour::rgb(rgb[0], rgb[1], rgb[2]);
                    }
                    ui.label("Custom colour");
                });
            })
            .response
            .on_hover_text(format!("Colour of {name}"));
    });
}

/// Moves item `i` up (`delta` -1) or down (+1).
fn reorder<T>(items: &mut [T], i: usize, delta: isize) {
    if let Some(j) = i.checked_add_signed(delta).filter(|&j| j < items.len()) {
        items.swap(i, j);
    }
}

impl TypologyWindow {
    /// Shows the window (if open); edits refused are reported into `notices`.
    ///
    /// Edits are applied as one undo step when focus leaves a text field, and whatever is still
    /// being typed (an option not yet added included) when the window closes.
    pub fn ui(&mut self, ctx: &egui::Context, doc: &mut Document, notices: &mut Notices) {
        if !self.open {
            self.commit(doc, notices);
            self.draft = None;
            return;
        }
        if self.timing.due(ctx) && self.pending_delete.is_none() {
            self.commit(doc, notices);
        }
        match self.draft.as_mut() {
            Some(d) => {
                d.follow(doc.map().typology());
            }
            None => self.draft = Some(Draft::new(doc.map().typology())),
        }
        let mut open = self.open;
        crate::ui::window(ctx, "Typology").open(&mut open).default_size([560.0, 520.0]).vscroll(true).show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.tab, Tab::OrgTypes, "Organisation types");
                ui.selectable_value(&mut self.tab, Tab::LinkTypes, "Link types");
                ui.selectable_value(&mut self.tab, Tab::Fields, "Fields");
            });
            ui.separator();
            match self.tab {
                Tab::OrgTypes => self.org_types_ui(ui, doc),
                Tab::LinkTypes => self.link_types_ui(ui, doc),
                Tab::Fields => self.fields_ui(ui, doc),
            }
        });
        self.open = open;
        if !open {
            self.commit(doc, notices);
        }
        self.delete_dialog(ctx, doc, notices);
    }

    /// Applies what is being typed now (before the map is saved, replaced or closed); an edit
    /// refused is reported into `notices`.
    pub fn commit_now(&mut self, doc: &mut Document, notices: &mut Notices) {
        if self.pending_delete.is_none() {
            self.commit(doc, notices);
        }
    }

    /// Applies the draft, with options typed but not yet added, as one undo step.
    fn commit(&mut self, doc: &mut Document, notices: &mut Notices) {
        if let Some(draft) = self.draft.as_mut() {
            for (id, text) in &mut self.new_option {
                let option = text.trim().to_owned();
                if let Some(f) = draft.value.fields.iter_mut().find(|f| &f.id == id)
                    && f.kind.has_options()
                    && !option.is_empty()
                    && !f.options.contains(&option)
                {
                    f.options.push(option);
                }
                text.clear();
            }
        }
        let Some(edited) = self.draft.as_mut().and_then(Draft::take_edit) else { return };
        let change = TypologyChange { typology: edited, ..TypologyChange::default() };
        let edit = typology_change(doc.map(), change);
        if let Err(e) = doc.apply("Edit typology", edit) {
            notices.error(e.to_string());
            self.draft = None;
        }
    }

    fn org_types_ui(&mut self, ui: &mut Ui, doc: &Document) {
        let Some(draft) = self.draft.as_mut().map(|d| &mut d.value) else { return };
        let mut delete = None;
        let mut moves = None;
        let n = draft.org_types.len();
        for (i, t) in draft.org_types.iter_mut().enumerate() {
            let count = doc.map().members_of(&t.id).count();
            ui.push_id(("org_type", i), |ui| {
                ui.horizontal(|ui| {
                    colour_button(ui, &mut t.colour, &t.name);
                    super::fields::named_combo(ui, "shape", &format!("Shape of {}", t.name), t.shape.label(), |ui| {
                        for s in Shape::ALL {
                            ui.selectable_value(&mut t.shape, s, s.label());
                        }
                    });
                    let mut layouter = super::bidi_text::edit_layouter;
                    let name = egui::TextEdit::singleline(&mut t.name).layouter(&mut layouter);
                    ui.add(name.desired_width(200.0).hint_text("Type name"));
                    ui.label(format!("{count}")).on_hover_text("Organisations of this type");
                    if ui.add_enabled(i > 0, egui::Button::new("Up")).on_hover_text("Move up in the legend").clicked() {
                        moves = Some((i, -1));
                    }
                    if ui
                        .add_enabled(i + 1 < n, egui::Button::new("Down"))
                        .on_hover_text("Move down in the legend")
                        .clicked()
                    {
                        moves = Some((i, 1));
                    }
                    if ui.button("Delete").on_hover_text(format!("Delete the type {}", t.name)).clicked() {
                        delete = Some((t.id.clone(), t.name.clone(), count));
                    }
                });
                ui.add(
                    egui::TextEdit::multiline(&mut t.definition)
                        .hint_text("Definition and inclusion criteria")
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                );
            });
            ui.add_space(6.0);
        }
        if let Some((i, d)) = moves {
            reorder(&mut draft.org_types, i, d);
        }
        if ui.button("Add organisation type").clicked() {
            let id = TypeId::new(draft.fresh_id("New type"));
            // A colour and shape pair no other type has, so the new type is told apart on the
            // map at once; when all pairs are taken, fall back to cycling the palette.
            let (colour, shape) = draft
                .unused_look(None)
                .unwrap_or_else(|| (OKABE_ITO[draft.org_types.len() % OKABE_ITO.len()], Shape::default()));
            draft.org_types.push(OrgType { id, name: "New type".into(), definition: String::new(), colour, shape });
        }
        if let Some((id, name, count)) = delete {
            self.request_delete(false, id, name, count);
        }
    }

    fn link_types_ui(&mut self, ui: &mut Ui, doc: &Document) {
        let Some(draft) = self.draft.as_mut().map(|d| &mut d.value) else { return };
        let mut delete = None;
        let mut moves = None;
        let n = draft.link_types.len();
        for (i, t) in draft.link_types.iter_mut().enumerate() {
            let count = doc.map().graph().edge_weights().filter(|l| l.link_type == t.id).count();
            ui.push_id(("link_type", i), |ui| {
                ui.horizontal(|ui| {
                    colour_button(ui, &mut t.colour, &t.name);
                    super::fields::named_combo(
                        ui,
                        "style",
                        &format!("Line style of {}", t.name),
                        t.style.label(),
                        |ui| {
                            for s in LineStyle::ALL {
                                ui.selectable_value(&mut t.style, s, s.label());
                            }
                        },
                    );
                    ui.checkbox(&mut t.directed, "Directed");
                    ui.add(egui::TextEdit::singleline(&mut t.name).desired_width(170.0).hint_text("Link type name"));
                    ui.label(format!("{count}")).on_hover_text("Links of this type");
                    if ui.add_enabled(i > 0, egui::Button::new("Up")).clicked() {
                        moves = Some((i, -1));
                    }
                    if ui.add_enabled(i + 1 < n, egui::Button::new("Down")).clicked() {
                        moves = Some((i, 1));
                    }
                    if ui.button("Delete").on_hover_text(format!("Delete the link type {}", t.name)).clicked() {
                        delete = Some((t.id.clone(), t.name.clone(), count));
                    }
                });
                ui.add(
                    egui::TextEdit::multiline(&mut t.definition)
                        .hint_text("What counts as this kind of link")
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                );
            });
            ui.add_space(6.0);
        }
        if let Some((i, d)) = moves {
            reorder(&mut draft.link_types, i, d);
        }
        if ui.button("Add link type").clicked() {
            let id = TypeId::new(draft.fresh_id("New link type"));
            let colour = OKABE_ITO[draft.link_types.len() % OKABE_ITO.len()];
            draft.link_types.push(LinkType {
                id,
                name: "New link type".into(),
                definition: String::new(),
                directed: true,
                style: LineStyle::Solid,
                colour,
            });
        }
        if let Some((id, name, count)) = delete {
            self.request_delete(true, id, name, count);
        }
    }

    fn fields_ui(&mut self, ui: &mut Ui, _doc: &Document) {
        let Some(draft) = self.draft.as_mut().map(|d| &mut d.value) else { return };
        let mut delete = None;
        let mut moves = None;
        let n = draft.fields.len();
        for (i, f) in draft.fields.iter_mut().enumerate() {
            ui.push_id(("field", i), |ui| {
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut f.name).desired_width(180.0).hint_text("Field name"));
                    super::fields::named_combo(
                        ui,
                        "kind",
                        &format!("Kind of field {}", f.name),
                        f.kind.label(),
                        |ui| {
                            for k in FieldKind::ALL {
                                ui.selectable_value(&mut f.kind, k, k.label());
                            }
                        },
                    );
                    super::fields::named_combo(
                        ui,
                        "applies",
                        &format!("What carries field {}", f.name),
                        if f.applies_to == AppliesTo::Links { "Links" } else { "Organisations" },
                        |ui| {
                            ui.selectable_value(&mut f.applies_to, AppliesTo::Organisations, "Organisations");
                            ui.selectable_value(&mut f.applies_to, AppliesTo::Links, "Links");
                        },
                    );
                    ui.checkbox(&mut f.private, "Private").on_hover_text("Left out of redacted exports");
                    if ui.add_enabled(i > 0, egui::Button::new("Up")).clicked() {
                        moves = Some((i, -1));
                    }
                    if ui.add_enabled(i + 1 < n, egui::Button::new("Down")).clicked() {
                        moves = Some((i, 1));
                    }
                    if ui
                        .button("Delete")
                        .on_hover_text(format!("Delete the field {} and its values", f.name))
                        .clicked()
                    {
                        delete = Some(i);
                    }
                });
                ui.add(
                    egui::TextEdit::singleline(&mut f.description)
                        .hint_text("What the field means")
                        .desired_width(f32::INFINITY),
                );
                if f.kind.has_options() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label("Options:");
                        let mut remove = None;
                        for (j, o) in f.options.iter().enumerate() {
                            if ui.button(format!("{o}  ×")).on_hover_text(format!("Remove the option {o}")).clicked() {
                                remove = Some(j);
                            }
                        }
                        if let Some(j) = remove {
                            f.options.remove(j);
                        }
                        let text = self.new_option.entry(f.id.clone()).or_default();
                        let r = ui.add(egui::TextEdit::singleline(text).hint_text("new option").desired_width(120.0));
                        // Enter, Tab or a click elsewhere adds it: a typed option is never dropped.
                        if (ui.button("Add option").clicked() || r.lost_focus()) && !text.trim().is_empty() {
                            let o = text.trim().to_owned();
                            if !f.options.contains(&o) {
                                f.options.push(o);
                            }
                            text.clear();
                        }
                    });
                }
            });
            ui.add_space(6.0);
        }
        if let Some((i, d)) = moves {
            reorder(&mut draft.fields, i, d);
        }
        if let Some(i) = delete {
            draft.fields.remove(i);
        }
        if ui.button("Add field").clicked() {
            let id = FieldId::new(draft.fresh_id("New field"));
            draft.fields.push(FieldDef {
                id,
                name: "New field".into(),
                kind: FieldKind::Text,
                applies_to: AppliesTo::Organisations,
                options: Vec::new(),
                description: String::new(),
                private: false,
            });
        }
    }

    fn request_delete(&mut self, links: bool, id: TypeId, name: String, count: usize) {
        let Some(draft) = self.draft.as_mut().map(|d| &mut d.value) else { return };
        if count == 0 {
            if links {
                draft.link_types.retain(|t| t.id != id);
            } else {
                draft.org_types.retain(|t| t.id != id);
            }
        } else {
            self.pending_delete = Some(PendingDelete { links, id, name, count, to: None });
        }
    }

    fn delete_dialog(&mut self, ctx: &egui::Context, doc: &mut Document, notices: &mut Notices) {
        let Some(mut pending) = self.pending_delete.clone() else { return };
        let Some(draft) = self.draft.as_ref().map(|d| d.value.clone()) else { return };
        let choices: Vec<(TypeId, String)> = if pending.links {
            draft.link_types.iter().filter(|t| t.id != pending.id).map(|t| (t.id.clone(), t.name.clone())).collect()
        } else {
            draft.org_types.iter().filter(|t| t.id != pending.id).map(|t| (t.id.clone(), t.name.clone())).collect()
        };
        let mut close = false;
        let mut confirm = false;
        let what = if pending.links { "links" } else { "organisations" };
        let modal = egui::Modal::new(egui::Id::unique("delete_type_modal")).show(ctx, |ui| {
            ui.heading(format!("Delete “{}”?", pending.name));
            ui.label(format!("{} {what} have this type. Move them to:", pending.count));
            let shown = pending
                .to
                .as_ref()
                .and_then(|t| choices.iter().find(|c| &c.0 == t))
                .map_or("Choose a type…", |c| c.1.as_str());
            super::fields::named_combo(ui, "reassign_to", "Type to move them to", shown, |ui| {
                for (id, name) in &choices {
                    ui.selectable_value(&mut pending.to, Some(id.clone()), name);
                }
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.add_enabled(pending.to.is_some(), egui::Button::new("Move and delete")).clicked() {
                    confirm = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
        if modal.should_close() {
            close = true;
        }
        if confirm && let Some(to) = pending.to.clone() {
            let mut typology = draft;
            let mut change = TypologyChange::default();
            if pending.links {
                typology.link_types.retain(|t| t.id != pending.id);
                change.reassign_link_types.insert(pending.id.clone(), to);
            } else {
                typology.org_types.retain(|t| t.id != pending.id);
                change.reassign_org_types.insert(pending.id.clone(), to);
            }
            change.typology = typology;
            let edit = typology_change(doc.map(), change);
            if let Err(e) = doc.apply(format!("Delete type {}", pending.name), edit) {
                notices.error(e.to_string());
            }
            self.draft = None;
            close = true;
        }
        self.pending_delete = if close { None } else { Some(pending) };
    }
}
