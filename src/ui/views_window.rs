//! Saved views and the filter: capture what is shown (filter, viewport, caption) as a named
//! view; apply, rename, reorder, update and delete views (each an undo step); filter the editor
//! by type, link type, sensitivity and provenance; focus on an organisation's neighbourhood.

use super::draft::{CommitTiming, Draft};
use super::notices::Notices;
use super::view::ViewState;
use crate::edit::{Document, Edit};
use crate::model::{FieldId, Filter, Map, TypeId, View, Viewport};

/// What the user asked for beyond editing views.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewsAction {
    /// Start presenting at this view.
    Present(Option<usize>),
    /// Open or close the projector window.
    ToggleProjector,
    /// A view of this name was deleted (without asking: the app offers Undo).
    Deleted(String),
}

/// State of the Views window.
#[derive(Debug, Default)]
pub struct ViewsWindow {
    /// Whether it is shown.
    pub open: bool,
    new_name: String,
    selected: Option<usize>,
    /// The chosen view's name, caption and presenting options as edited.
    edit: Option<Draft<ViewEdit>>,
    timing: CommitTiming,
    focus_steps: usize,
    /// The people the map's stamps name ([`Map::authors`], a walk over the whole map), and the
    /// document revision they were read at.
    authors: Option<(u64, Vec<String>)>,
}

/// What the window edits of a saved view.
#[derive(Debug, Clone, PartialEq, Default)]
struct ViewEdit {
    name: String,
    caption: String,
    reveal: bool,
    hide_notes: bool,
}

impl ViewEdit {
    fn of(v: &View) -> Self {
        Self { name: v.name.clone(), caption: v.caption.clone(), reveal: v.reveal, hide_notes: v.hide_notes }
    }
}

/// Checkboxes for a list filter where an empty list means "all".
fn all_or_some(ui: &mut egui::Ui, list: &mut Vec<TypeId>, all: &[(TypeId, String)]) -> bool {
    let mut changed = false;
    for (id, name) in all {
        let mut on = list.is_empty() || list.contains(id);
        if ui.checkbox(&mut on, name).changed() {
            changed = true;
            if list.is_empty() {
                *list = all.iter().map(|(i, _)| i.clone()).collect();
            }
            if on {
                list.push(id.clone());
            } else {
                list.retain(|x| x != id);
            }
            if all.iter().all(|(i, _)| list.contains(i)) {
                list.clear();
            }
        }
    }
    changed
}

/// "Changed by: Anyone / Ana / Sam": only what one person last changed (see
/// [`Filter::changed_by`]), choosing among `authors`, the people whose stamps the map holds.
/// Shown only when there are some (or the filter names someone).
fn changed_by_ui(ui: &mut egui::Ui, authors: &[String], f: &mut Filter) {
    let mut authors = authors.to_vec();
    for name in &f.changed_by {
        if !authors.contains(name) {
            authors.push(name.clone());
        }
    }
    if authors.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Changed by:").on_hover_text(
            "Only the organisations and links this person changed last (their name is set in Edit › Preferences)",
        );
        if ui.radio(f.changed_by.is_empty(), "Anyone").clicked() {
            f.changed_by.clear();
        }
        for name in authors {
            let on = f.changed_by.len() == 1 && f.changed_by[0] == name;
            if ui.radio(on, &name).clicked() {
                f.changed_by = vec![name];
            }
        }
    });
}

impl ViewsWindow {
    /// Applies view `i` to the editor: filter, caption, viewport.
    pub fn apply(map: &Map, i: usize, view: &mut ViewState) {
        let Some(v) = map.views.get(i) else { return };
        view.filter = v.filter.clone();
        view.caption.clone_from(&v.caption);
        view.open_at = v.open_at;
        view.journeys.clone_from(&v.journeys);
        match v.viewport {
            Some(vp) => {
                view.center = vp.center;
                view.zoom = vp.zoom;
            }
            None => view.fit_pending = true,
        }
    }

    fn capture(view: &ViewState, name: String, caption: String, reveal: bool) -> View {
        View {
            name,
            caption,
            filter: view.filter.clone(),
            viewport: Some(Viewport { center: view.center, zoom: view.zoom }),
            reveal,
            hide_notes: false,
            open_at: view.open_at,
            chart: None,
            journeys: view.journeys.clone(),
        }
    }

    /// Shows the window; edits refused are reported into `notices`. Returns a requested action. The list, the editor for the
    /// chosen view, saving and presenting, the filter and focus read top to bottom as the
    /// window does; what the user did is gathered in [`Gestures`] and carried out after.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        doc: &mut Document,
        view: &mut ViewState,
        notices: &mut Notices,
    ) -> Option<ViewsAction> {
        if !self.open {
            self.commit(doc, notices);
            return None;
        }
        if self.timing.due(ctx) {
            self.commit(doc, notices);
        }
        self.follow_map(doc);
        if self.authors.as_ref().is_none_or(|(r, _)| *r != doc.revision()) {
            self.authors = Some((doc.revision(), doc.map().authors()));
        }
        // Taken out for the frame (the window's closure borrows the rest of `self`), put back after.
        let cached = self.authors.take();
        let authors = cached.as_ref().map_or(&[][..], |(_, a)| a.as_slice());
        let mut open = true;
        let mut did = Gestures::default();
        crate::ui::window(ctx, "Views and filters").open(&mut open).default_width(420.0).vscroll(true).show(
            ctx,
            |ui| {
                let map = doc.map();
                ui.heading("Saved views");
                if map.views.is_empty() {
                    ui.label("No saved views yet: set a filter and zoom, then save the view below.");
                }
                for (i, v) in map.views.iter().enumerate() {
                    self.view_row(ui, map, i, v, view, &mut did);
                }
                let chosen = self.selected.and_then(|i| map.views.get(i));
                if let (Some(edit), Some(v)) = (self.edit.as_mut().map(|d| &mut d.value), chosen) {
                    // Applied when focus leaves a field and when the window closes: nothing typed is lost.
                    ui.group(|ui| view_editor(ui, edit, v, map));
                }
                self.save_and_present(ui, map, view, &mut did);
                ui.separator();
                Self::filter_ui(ui, map, authors, view);
                ui.separator();
                self.focus_ui(ui, view);
            },
        );
        self.authors = cached;
        if let Some((label, views)) = did.new_views
            && let Err(e) = doc.apply(label, Edit::SetViews(views))
        {
            notices.error(e.to_string());
        }
        if let Some(i) = did.choose {
            // What was typed for the view chosen before is kept, as its own undo step.
            self.commit(doc, notices);
            self.selected = Some(i);
            self.edit = doc.map().views.get(i).map(|v| Draft::new(&ViewEdit::of(v)));
            Self::apply(doc.map(), i, view);
        }
        self.open = open;
        if !open {
            self.commit(doc, notices);
        }
        did.action
    }

    /// The draft of the chosen view follows the map (an undo, a load), keeping what is typed.
    fn follow_map(&mut self, doc: &Document) {
        match (self.selected.and_then(|i| doc.map().views.get(i)), self.edit.as_mut()) {
            (Some(v), Some(d)) => {
                d.follow(&ViewEdit::of(v));
            }
            (Some(v), None) => self.edit = Some(Draft::new(&ViewEdit::of(v))),
            (None, _) => self.edit = None,
        }
    }

    /// One saved view's row: choose it, move it, update it from the view in force, delete it,
    /// present from it.
    fn view_row(&mut self, ui: &mut egui::Ui, map: &Map, i: usize, v: &View, view: &ViewState, did: &mut Gestures) {
        ui.horizontal(|ui| {
            if ui.selectable_label(self.selected == Some(i), &v.name).on_hover_text(&v.caption).clicked() {
                did.choose = Some(i);
            }
            let mut views = map.views.clone();
            if ui
                .add_enabled(i > 0, egui::Button::new("Up"))
                .on_hover_text(format!("Move “{}” earlier", v.name))
                .clicked()
            {
                views.swap(i, i - 1);
                did.new_views = Some(("Reorder views".into(), views));
            } else if ui
                .add_enabled(i + 1 < map.views.len(), egui::Button::new("Down"))
                .on_hover_text(format!("Move “{}” later", v.name))
                .clicked()
            {
                views.swap(i, i + 1);
                did.new_views = Some(("Reorder views".into(), views));
            } else if ui
                .button("Update")
                .on_hover_text(format!("Store the current filter and zoom in “{}”", v.name))
                .clicked()
            {
                views[i] = Self::capture(view, v.name.clone(), v.caption.clone(), v.reveal);
                views[i].chart = v.chart;
                did.new_views = Some((format!("Update view {}", v.name), views));
            } else if ui.button("Delete").on_hover_text(format!("Delete the view “{}”", v.name)).clicked() {
                views.remove(i);
                self.selected = None;
                self.edit = None;
                did.new_views = Some((format!("Delete view {}", v.name), views));
                did.action = Some(ViewsAction::Deleted(v.name.clone()));
            } else if ui.button("Present").on_hover_text(format!("Present from “{}”", v.name)).clicked() {
                did.action = Some(ViewsAction::Present(Some(i)));
            }
        });
    }

    /// Saving the view in force under a new name; presenting; the projector window.
    fn save_and_present(&mut self, ui: &mut egui::Ui, map: &Map, view: &ViewState, did: &mut Gestures) {
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.new_name).hint_text("New view name").desired_width(200.0));
            let name = self.new_name.trim().to_owned();
            if ui.add_enabled(!name.is_empty(), egui::Button::new("Save current view")).clicked() {
                let mut views = map.views.clone();
                views.push(Self::capture(view, name.clone(), view.caption.clone(), false));
                self.selected = Some(views.len() - 1);
                self.edit = None;
                did.new_views = Some((format!("Save view {name}"), views));
                self.new_name.clear();
            }
        });
        ui.horizontal(|ui| {
            if ui.button("Present (F5)").clicked() {
                did.action = Some(ViewsAction::Present(self.selected));
            }
            if ui
                .button("Projector window")
                .on_hover_text("A second window showing the presentation while you keep editing here")
                .clicked()
            {
                did.action = Some(ViewsAction::ToggleProjector);
            }
        });
    }

    /// Applies what is being typed now (before the map is saved, replaced or closed).
    pub fn commit_now(&mut self, doc: &mut Document, notices: &mut Notices) {
        self.commit(doc, notices);
    }

    /// Applies the edited name, caption and options of the chosen view as one undo step.
    fn commit(&mut self, doc: &mut Document, notices: &mut Notices) {
        let Some(i) = self.selected.filter(|&i| i < doc.map().views.len()) else { return };
        let Some(edit) = self.edit.as_mut().and_then(Draft::take_edit) else { return };
        let mut views = doc.map().views.clone();
        let v = &mut views[i];
        let name = edit.name.trim();
        if !name.is_empty() {
            name.clone_into(&mut v.name);
        }
        v.caption = edit.caption;
        v.reveal = edit.reveal;
        v.hide_notes = edit.hide_notes;
        let label = format!("Edit view {}", v.name);
        if let Err(e) = doc.apply(label, Edit::SetViews(views)) {
            notices.error(e.to_string());
        }
    }

    fn filter_ui(ui: &mut egui::Ui, map: &Map, authors: &[String], view: &mut ViewState) {
        ui.heading("Filter");
        let f: &mut Filter = &mut view.filter;
        let org_types: Vec<(TypeId, String)> =
            map.typology().org_types.iter().map(|t| (t.id.clone(), t.name.clone())).collect();
        let link_types: Vec<(TypeId, String)> =
            map.typology().link_types.iter().map(|t| (t.id.clone(), t.name.clone())).collect();
        egui::CollapsingHeader::new("Organisation types").default_open(false).show(ui, |ui| {
            all_or_some(ui, &mut f.org_types, &org_types);
        });
        egui::CollapsingHeader::new("Link types").default_open(false).show(ui, |ui| {
            all_or_some(ui, &mut f.link_types, &link_types);
        });
        ui.checkbox(&mut f.hide_sensitive, "Hide sensitive organisations");
        changed_by_ui(ui, authors, f);
        for field_id in ["agreement", "source"] {
            let Some(def) = map.typology().field(&FieldId::new(field_id)) else { continue };
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{}:", def.name));
                let accepted = f.fields.entry(def.id.clone()).or_default();
                for option in &def.options {
                    let mut on = accepted.is_empty() || accepted.contains(option);
                    if ui.checkbox(&mut on, option).changed() {
                        if accepted.is_empty() {
                            accepted.clone_from(&def.options);
                        }
                        if on {
                            accepted.push(option.clone());
                        } else {
                            accepted.retain(|o| o != option);
                        }
                        if def.options.iter().all(|o| accepted.contains(o)) {
                            accepted.clear();
                        }
                    }
                }
            });
            if f.fields.get(&def.id).is_some_and(Vec::is_empty) {
                f.fields.remove(&def.id);
            }
        }
        if *f != Filter::default() && ui.button("Show everything").clicked() {
            *f = Filter::default();
        }
    }

    fn focus_ui(&mut self, ui: &mut egui::Ui, view: &mut ViewState) {
        ui.heading("Focus");
        if self.focus_steps == 0 {
            self.focus_steps = 1;
        }
        ui.horizontal(|ui| {
            let l = ui.label("Neighbours within");
            ui.add(egui::Slider::new(&mut self.focus_steps, 1..=4).suffix(" steps")).labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let one = (view.selection.len() == 1).then(|| view.selection.first().cloned()).flatten();
            if ui.add_enabled(one.is_some(), egui::Button::new("Focus on selected (F)")).clicked()
                && let Some(id) = one
            {
                view.focus = Some((id, self.focus_steps));
            }
            if view.focus.is_some() && ui.button("Clear focus").clicked() {
                view.focus = None;
            }
        });
        if let Some((_, steps)) = &mut view.focus {
            *steps = self.focus_steps;
        }
    }
}

/// What the user did in the window this frame, carried out after it is drawn.
#[derive(Default)]
struct Gestures {
    /// A view chosen in the list.
    choose: Option<usize>,
    /// The views replaced (reordered, updated, deleted, added), with the undo label.
    new_views: Option<(String, Vec<View>)>,
    /// An action for the app.
    action: Option<ViewsAction>,
}

/// The editor of the chosen view: name, caption, presenting options, and what else the view
/// keeps (a moment, a chart, journeys).
fn view_editor(ui: &mut egui::Ui, edit: &mut ViewEdit, v: &View, map: &Map) {
    let (mut name_layouter, mut caption_layouter) = (super::bidi_text::edit_layouter, super::bidi_text::edit_layouter);
    let l = ui.label("Name");
    let name = egui::TextEdit::singleline(&mut edit.name).layouter(&mut name_layouter);
    ui.add(name.desired_width(f32::INFINITY)).labelled_by(l.id);
    let l = ui.label("Caption");
    let caption = egui::TextEdit::multiline(&mut edit.caption).layouter(&mut caption_layouter);
    ui.add(caption.desired_rows(2).desired_width(f32::INFINITY)).labelled_by(l.id);
    ui.checkbox(&mut edit.reveal, "Reveal one organisation type at a time when presenting");
    ui.checkbox(&mut edit.hide_notes, "Hide sticky notes in this view");
    if let Some(m) = v.open_at {
        ui.label(format!("Open at {}: closed organisations fade (Update stores the moment in force)", m.label()));
    }
    if v.chart.is_some() {
        ui.label("Presents as the week chart");
    }
    if !v.journeys.is_empty() {
        let names: Vec<&str> = v.journeys.iter().filter_map(|id| map.journey(id)).map(|j| j.name.as_str()).collect();
        ui.label(format!("Journeys drawn: {}", names.join(", "))).on_hover_text(
            "Tick journeys in Workshop › Journeys, then Update the view; a view with one journey steps through it \
             when presenting",
        );
    }
}
