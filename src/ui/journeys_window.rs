//! The Journeys window: create and edit journeys (steps picked from a filtering list or by
//! clicking organisations on the map), choose which are drawn, and compare two side by side.
//! Adding, deleting and moving journeys and steps are undo steps of their own; typed text (names,
//! notes, times) is applied when the field loses focus and when the window closes, as in the
//! other windows.

use super::draft::{CommitTiming, Draft};
use super::fields::{Choice, filtered_combo};
use super::notices::Notices;
use super::theme::color;
use super::view::ViewState;
use crate::edit::{Document, Edit, journeys as journey_edits};
use crate::model::{CrisisEpisode, Journey, JourneyId, Map, OrgId, StepId, StepTime};
use std::collections::{BTreeSet, HashMap};

/// State of the Journeys window.
#[derive(Debug, Default)]
pub struct JourneysWindow {
    /// Whether it is shown.
    pub open: bool,
    /// The journey being edited.
    pub current: Option<JourneyId>,
    /// Clicking an organisation on the map adds it as the next step of the current journey.
    pub pick_on_map: bool,
    /// The two journeys compared side by side.
    pub compare: [Option<JourneyId>; 2],
    draft: Option<Draft<Vec<Journey>>>,
    timing: CommitTiming,
    /// Weekday-and-time text of steps as typed ("Sun 02:00"): kept while invalid.
    at_text: HashMap<(JourneyId, StepId), String>,
    /// The selection when last looked at, so a click on the map is seen once.
    last_selection: BTreeSet<OrgId>,
}

/// A structural change asked for in this frame (applied after the draft's text).
enum Action {
    New,
    Delete(JourneyId),
    AddStep(JourneyId, OrgId),
    RemoveStep(JourneyId, StepId),
    MoveStep(JourneyId, StepId, usize),
}

impl JourneysWindow {
    /// Opens the window.
    pub fn show(&mut self) {
        self.open = true;
    }

    /// Applies what is being typed now (before the map is saved, replaced or closed).
    pub fn commit_now(&mut self, doc: &mut Document, notices: &mut Notices) {
        self.commit(doc, notices);
    }

    fn commit(&mut self, doc: &mut Document, notices: &mut Notices) {
        if let Some(edited) = self.draft.as_mut().and_then(Draft::take_edit)
            && let Err(e) = doc.apply("Edit journeys", Edit::SetJourneys(edited))
        {
            notices.error(e.to_string());
        }
    }

    /// Shows the window; edits refused are reported into `notices`.
    pub fn ui(&mut self, ctx: &egui::Context, doc: &mut Document, view: &mut ViewState, notices: &mut Notices) {
        if !self.open {
            self.commit(doc, notices);
            self.draft = None;
            self.pick_on_map = false;
            return;
        }
        if self.timing.due(ctx) {
            self.commit(doc, notices);
        }
        let refreshed = match self.draft.as_mut() {
            Some(d) => d.follow(&doc.map().journeys().to_vec()),
            None => {
                self.draft = Some(Draft::new(&doc.map().journeys().to_vec()));
                true
            }
        };
        if refreshed {
            // Times as typed belong to the draft just replaced.
            self.at_text.clear();
        }
        if self.current.as_ref().is_none_or(|id| doc.map().journey(id).is_none()) {
            self.current = doc.map().journeys().first().map(|j| j.id.clone());
        }
        let mut actions = Vec::new();
        // A click on an organisation while picking on the map: the next step.
        if self.pick_on_map
            && view.selection != self.last_selection
            && view.selection.len() == 1
            && let (Some(j), Some(org)) = (&self.current, view.selection.first())
        {
            actions.push(Action::AddStep(j.clone(), org.clone()));
        }
        self.last_selection.clone_from(&view.selection);
        let mut open = true;
        crate::ui::window(ctx, "Journeys")
            .open(&mut open)
            .default_width(600.0)
            .default_height(620.0)
            .vscroll(true)
            .show(ctx, |ui| {
                self.list_ui(ui, doc.map(), view, &mut actions);
                ui.separator();
                self.editor_ui(ui, doc.map(), &mut actions);
                ui.separator();
                self.compare_ui(ui, doc.map(), view);
            });
        if !actions.is_empty() {
            // Typed text first, so a structural change never loses it.
            self.commit(doc, notices);
            for action in actions {
                if let Err(e) = self.act(doc, view, action) {
                    notices.error(e);
                }
            }
            self.draft = Some(Draft::new(&doc.map().journeys().to_vec()));
            self.at_text.clear();
        }
        self.open = open;
        if !open {
            self.commit(doc, notices);
            self.pick_on_map = false;
        }
    }

    fn act(&mut self, doc: &mut Document, view: &mut ViewState, action: Action) -> Result<(), String> {
        let map = doc.map();
        let (label, edit) = match action {
            Action::New => {
                let id = map.next_journey_id();
                let n = map.journeys().len() + 1;
                let journey = Journey::new(
                    id.clone(),
                    format!("Journey {n}"),
                    CrisisEpisode::First,
                    crate::scene::journeys::next_colour(map),
                );
                self.current = Some(id.clone());
                if !view.journeys.contains(&id) {
                    view.journeys.push(id);
                }
                ("Add journey".to_owned(), journey_edits::add_journey(map, journey))
            }
            Action::Delete(id) => {
                let name = map.journey(&id).map(|j| j.name.clone()).unwrap_or_default();
                view.journeys.retain(|j| j != &id);
                (format!("Delete journey {name}"), journey_edits::remove_journey(map, &id))
            }
            Action::AddStep(id, org) => {
                let name = map.org(&org).map(|o| o.name.clone()).unwrap_or_default();
                (format!("Add step at {name}"), journey_edits::add_step(map, &id, org, None).map(|(e, _)| e))
            }
            Action::RemoveStep(id, step) => ("Remove step".to_owned(), journey_edits::remove_step(map, &id, &step)),
            Action::MoveStep(id, step, to) => ("Move step".to_owned(), journey_edits::move_step(map, &id, &step, to)),
        };
        let edit = edit.map_err(|e| e.to_string())?;
        doc.apply(label, edit).map_err(|e| e.to_string())
    }

    /// The journeys, each with a "show on map" box; New and Delete.
    fn list_ui(&mut self, ui: &mut egui::Ui, map: &Map, view: &mut ViewState, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if ui.button("New journey").on_hover_text("Add a journey and show it on the map").clicked() {
                actions.push(Action::New);
            }
            if let Some(id) = &self.current
                && ui
                    .button("Delete journey")
                    .on_hover_text("Delete the journey being edited (undo brings it back)")
                    .clicked()
            {
                actions.push(Action::Delete(id.clone()));
            }
        });
        if map.journeys().is_empty() {
            ui.label(
                "No journeys yet. A journey is the path someone took through the patchwork in a crisis, step by step.",
            );
        }
        for j in map.journeys() {
            ui.horizontal(|ui| {
                let mut shown = view.journeys.contains(&j.id);
                if ui.checkbox(&mut shown, "").on_hover_text(format!("Show {} on the map", j.name)).changed() {
                    if shown {
                        view.journeys.push(j.id.clone());
                    } else {
                        view.journeys.retain(|x| x != &j.id);
                    }
                }
                let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 10.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, color(j.colour));
                let text = format!("{} — {}, {} steps", j.name, j.episode.label(), j.steps.len());
                if ui.selectable_label(self.current.as_ref() == Some(&j.id), text).clicked() {
                    self.current = Some(j.id.clone());
                }
            });
        }
    }

    /// The current journey's name, kind, colour and steps.
    fn editor_ui(&mut self, ui: &mut egui::Ui, map: &Map, actions: &mut Vec<Action>) {
        let Some(id) = self.current.clone() else { return };
        let stages: Vec<String> = map
            .typology()
            .fields
            .iter()
            .find(|f| f.id.as_str() == "crisis_stages")
            .map(|f| f.options.clone())
            .unwrap_or_default();
        let orgs = map.organisations_sorted();
        let at_text = &mut self.at_text;
        let pick_on_map = &mut self.pick_on_map;
        let Some(journey) = self.draft.as_mut().and_then(|d| d.value.iter_mut().find(|j| j.id == id)) else { return };
        journey_header_ui(ui, journey);
        ui.add_space(4.0);
        let steps = journey.steps.len();
        // Built once a frame for every step's picker (a big map has thousands of organisations).
        let choices: Vec<Choice<'_, OrgId>> =
            orgs.iter().map(|o| Choice { value: o.id.clone(), name: &o.name, definition: "" }).collect();
        egui::Grid::new("journey_steps").striped(true).num_columns(7).show(ui, |ui| {
            for h in ["#", "Organisation", "Stage", "When", "Day and time", "Note", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for (i, step) in journey.steps.iter_mut().enumerate() {
                {
                    ui.label((i + 1).to_string());
                    let shown =
                        orgs.iter().find(|o| o.id == step.org).map_or_else(|| step.org.to_string(), |o| o.name.clone());
                    filtered_combo(
                        ui,
                        ("step_org", step.id.as_str()),
                        "Step organisation",
                        &mut step.org,
                        &shown,
                        &choices,
                    );
                    egui::ComboBox::from_id_salt(("stage", step.id.as_str()))
                        .selected_text(if step.stage.is_empty() { "—" } else { step.stage.as_str() })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut step.stage, String::new(), "—");
                            for s in &stages {
                                ui.selectable_value(&mut step.stage, s.clone(), s);
                            }
                        })
                        .response
                        .on_hover_text("Crisis stage");
                    ui.add(
                        egui::TextEdit::singleline(&mut step.when)
                            .id_salt(("when", step.id.as_str()))
                            .desired_width(70.0)
                            .hint_text("week 1"),
                    );
                    step_time_ui(ui, at_text.entry((id.clone(), step.id.clone())), step);
                    ui.add(
                        egui::TextEdit::singleline(&mut step.note)
                            .id_salt(("note", step.id.as_str()))
                            .desired_width(140.0)
                            .hint_text("note"),
                    );
                    step_buttons_ui(ui, &id, &step.id, i, steps, actions);
                }
                ui.end_row();
            }
        });
        ui.horizontal(|ui| {
            let mut picked: Option<OrgId> = None;
            let add_choices: Vec<Choice<'_, Option<OrgId>>> =
                choices.iter().map(|c| Choice { value: Some(c.value.clone()), name: c.name, definition: "" }).collect();
            ui.label("Add step at");
            filtered_combo(ui, "add_step", "Add step at", &mut picked, "choose an organisation…", &add_choices);
            if let Some(org) = picked {
                actions.push(Action::AddStep(id.clone(), org));
            }
            ui.toggle_value(pick_on_map, "Pick on map")
                .on_hover_text("While on, each organisation you click on the map is added as the next step");
        });
    }

    /// Two journeys side by side: both drawn, and their steps in a table.
    fn compare_ui(&mut self, ui: &mut egui::Ui, map: &Map, view: &mut ViewState) {
        ui.heading("Compare");
        if self.compare.iter().all(Option::is_none) {
            let first = map.journeys().iter().find(|j| j.episode == CrisisEpisode::First);
            let repeat = map.journeys().iter().find(|j| j.episode == CrisisEpisode::Repeat);
            self.compare = [first.map(|j| j.id.clone()), repeat.map(|j| j.id.clone())];
        }
        ui.horizontal(|ui| {
            for (k, slot) in self.compare.iter_mut().enumerate() {
                let shown = slot.as_ref().and_then(|id| map.journey(id)).map_or("—", |j| j.name.as_str());
                egui::ComboBox::from_id_salt(("compare", k))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for j in map.journeys() {
                            ui.selectable_value(slot, Some(j.id.clone()), &j.name);
                        }
                    })
                    .response
                    .on_hover_text(if k == 0 { "First journey compared" } else { "Second journey compared" });
            }
            if ui.button("Show both on the map").clicked() {
                view.journeys = self.compare.iter().flatten().cloned().collect();
            }
        });
        let [Some(a), Some(b)] = &self.compare else { return };
        let (Some(a), Some(b)) = (map.journey(a), map.journey(b)) else { return };
        let name = |org: &OrgId| map.org(org).map_or_else(|| org.to_string(), |o| o.name.clone());
        let cell = |j: &Journey, i: usize| {
            j.steps.get(i).map_or_else(String::new, |s| {
                let mut text = name(&s.org);
                for extra in [s.stage.as_str(), s.when.as_str()] {
                    if !extra.is_empty() {
                        text = format!("{text} · {extra}");
                    }
                }
                text
            })
        };
        egui::Grid::new("journey_compare").striped(true).num_columns(3).show(ui, |ui| {
            ui.strong("Step");
            ui.colored_label(color(a.colour), format!("{} ({})", a.name, a.episode.label()));
            ui.colored_label(color(b.colour), format!("{} ({})", b.name, b.episode.label()));
            ui.end_row();
            for i in 0..a.steps.len().max(b.steps.len()) {
                ui.label((i + 1).to_string());
                ui.label(cell(a, i));
                ui.label(cell(b, i));
                ui.end_row();
            }
            ui.strong("Steps");
            ui.label(a.steps.len().to_string());
            ui.label(b.steps.len().to_string());
            ui.end_row();
            ui.strong("Ends at");
            ui.label(a.steps.last().map(|s| name(&s.org)).unwrap_or_default());
            ui.label(b.steps.last().map(|s| name(&s.org)).unwrap_or_default());
            ui.end_row();
        });
        let shared: Vec<String> = a
            .steps
            .iter()
            .map(|s| &s.org)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|o| b.visits(o))
            .map(name)
            .collect();
        ui.label(if shared.is_empty() {
            "No organisation is on both journeys.".to_owned()
        } else {
            format!("On both: {}", shared.join(", "))
        });
    }
}

/// A journey's name, first or repeat crisis, sensitive flag, colour and description.
fn journey_header_ui(ui: &mut egui::Ui, journey: &mut crate::model::Journey) {
    ui.horizontal(|ui| {
        ui.label("Name");
        let r = ui.add(egui::TextEdit::singleline(&mut journey.name).desired_width(260.0));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Journey name"));
    });
    if let Some(p) = &journey.changed {
        ui.weak(super::inspector::last_changed_text(p));
    }
    ui.horizontal(|ui| {
        ui.radio_value(&mut journey.episode, CrisisEpisode::First, "First crisis");
        ui.radio_value(&mut journey.episode, CrisisEpisode::Repeat, "Repeat crisis");
        ui.checkbox(&mut journey.sensitive, "Sensitive")
            .on_hover_text("Left out of redacted exports altogether (others are renamed and lose their notes)");
    });
    ui.horizontal(|ui| {
        ui.label("Colour");
        for c in crate::scene::journeys::JOURNEY_PALETTE {
            let (rect, r) = ui.allocate_exact_size(egui::vec2(20.0, 16.0), egui::Sense::click());
            ui.painter().rect_filled(rect, 3.0, color(c));
            if journey.colour == c {
                ui.painter().rect_stroke(
                    rect.expand(2.0),
                    3.0,
                    egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Outside,
                );
            }
            if r.on_hover_text(c.to_hex()).clicked() {
                journey.colour = c;
            }
        }
    });
    ui.add(
        egui::TextEdit::multiline(&mut journey.description)
            .desired_rows(2)
            .desired_width(f32::INFINITY)
            .hint_text("Where this account comes from (interview, composite); dropped when redacted"),
    );
}

/// A step's day and time as typed (kept in `entry` while invalid): red with the reason on
/// hover until it reads as a day and time, stored in the step once it does.
fn step_time_ui(
    ui: &mut egui::Ui,
    entry: std::collections::hash_map::Entry<'_, (JourneyId, StepId), String>,
    step: &mut crate::model::JourneyStep,
) {
    let text = entry.or_insert_with(|| step.at.map(|t| t.to_string()).unwrap_or_default());
    let parsed = if text.trim().is_empty() { Ok(None) } else { StepTime::parse(text).map(Some) };
    let mut edit =
        egui::TextEdit::singleline(text).id_salt(("at", step.id.as_str())).desired_width(75.0).hint_text("Sun 02:00");
    if parsed.is_err() {
        edit = edit.text_color(ui.visuals().error_fg_color);
    }
    let r = ui.add(edit);
    match parsed {
        Ok(at) => step.at = at,
        Err(reason) => {
            r.on_hover_text(reason);
        }
    }
}

/// A step's buttons: move up, move down, remove (`i` of `steps`).
fn step_buttons_ui(
    ui: &mut egui::Ui,
    journey: &JourneyId,
    step: &StepId,
    i: usize,
    steps: usize,
    actions: &mut Vec<Action>,
) {
    ui.push_id(("step_buttons", step.as_str()), |ui| {
        ui.horizontal(|ui| {
            if ui.add_enabled(i > 0, egui::Button::new("↑")).on_hover_text("Move up").clicked() {
                actions.push(Action::MoveStep(journey.clone(), step.clone(), i - 1));
            }
            if ui.add_enabled(i + 1 < steps, egui::Button::new("↓")).on_hover_text("Move down").clicked() {
                actions.push(Action::MoveStep(journey.clone(), step.clone(), i + 1));
            }
            if ui.button("✕").on_hover_text("Remove this step").clicked() {
                actions.push(Action::RemoveStep(journey.clone(), step.clone()));
            }
        })
    });
}
