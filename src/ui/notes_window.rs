//! Sticky notes and regions for workshops: add a note at the centre of the view or a region
//! around the selection, then edit or delete them here. Text edits are one undo step each.

use super::draft::{CommitTiming, Draft};
use super::notices::Notices;
use super::view::ViewState;
use crate::edit::{Document, Edit};
use crate::model::typology::PALETTE;
use crate::model::{Region, StickyNote};

/// The tag that puts an organisation in the parking area: suggested in a workshop, not yet
/// placed on the map.
pub const PARKED_TAG: &str = "parked";

/// Where the next parked organisation goes: a row below everything else on the map.
#[must_use]
pub fn parking_spot(map: &crate::model::Map) -> crate::model::MapPos {
    let placed: Vec<_> = map.organisations().filter(|o| !o.tags.iter().any(|t| t == PARKED_TAG)).collect();
    let bottom = placed.iter().map(|o| o.position[1]).fold(f32::MIN, f32::max);
    let left = placed.iter().map(|o| o.position[0]).fold(f32::MAX, f32::min);
    let (bottom, left) = if placed.is_empty() { (0.0, 0.0) } else { (bottom, left) };
    let parked = map.organisations().filter(|o| o.tags.iter().any(|t| t == PARKED_TAG)).count();
    [left + (parked % 8) as f32 * 200.0, bottom + 220.0 + (parked / 8) as f32 * 90.0]
}

/// State of the Notes and regions window.
#[derive(Debug, Default)]
pub struct NotesWindow {
    /// Whether it is shown.
    pub open: bool,
    notes: Option<Draft<Vec<StickyNote>>>,
    regions: Option<Draft<Vec<Region>>>,
    timing: CommitTiming,
}

impl NotesWindow {
    /// Adds a note at the centre of the view and opens the window to write it.
    pub fn add_note(&mut self, doc: &mut Document, view: &ViewState) -> Result<(), String> {
        let mut notes = doc.map().notes.clone();
        let n = (1..=notes.len() + 1)
            .map(|i| format!("n{i}"))
            .find(|id| !notes.iter().any(|x| &x.id == id))
            .unwrap_or_default();
        notes.push(StickyNote {
            id: n,
            text: "New note".into(),
            position: [view.center[0] - 90.0, view.center[1] - 30.0],
            changed: None,
        });
        doc.apply("Add sticky note", Edit::SetNotes(notes)).map_err(|e| e.to_string())?;
        self.open = true;
        self.notes = None;
        Ok(())
    }

    /// Adds a region around the selected organisations.
    pub fn add_region(&mut self, doc: &mut Document, view: &ViewState) -> Result<(), String> {
        if view.selection.is_empty() {
            return Err("Select the organisations the region should surround.".into());
        }
        let mut regions = doc.map().regions.clone();
        let colour = PALETTE[(regions.len() + 5) % PALETTE.len()].1;
        regions.push(Region {
            label: format!("Region {}", regions.len() + 1),
            colour,
            members: view.selection.iter().cloned().collect(),
            changed: None,
        });
        doc.apply("Add region", Edit::SetRegions(regions)).map_err(|e| e.to_string())?;
        self.open = true;
        self.regions = None;
        Ok(())
    }

    /// Shows the window; edits refused are reported into `notices`. Three sections read top to bottom like the window:
    /// sticky notes, regions, then the parking area.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        doc: &mut Document,
        view: &mut ViewState,
        scene: &crate::scene::Scene,
        notices: &mut Notices,
    ) {
        if !self.open {
            self.commit(doc, notices);
            self.notes = None;
            self.regions = None;
            return;
        }
        if self.timing.due(ctx) {
            self.commit(doc, notices);
        }
        self.follow_map(doc);
        let mut open = true;
        let mut place = None;
        crate::ui::window(ctx, "Notes and regions").open(&mut open).default_width(360.0).vscroll(true).show(
            ctx,
            |ui| {
                if let Some(notes) = self.notes.as_mut().map(|d| &mut d.value) {
                    notes_section(ui, notes);
                }
                ui.separator();
                if let Some(regions) = self.regions.as_mut().map(|d| &mut d.value) {
                    regions_section(ui, regions);
                }
                ui.separator();
                place = parking_section(ui, doc.map());
            },
        );
        if let Some(o) = place {
            place_parked(doc, view, scene, o, notices);
        }
        self.open = open;
        if !open {
            self.commit(doc, notices);
        }
    }

    /// The drafts follow the map's notes and regions (an undo, a load), keeping what is typed.
    fn follow_map(&mut self, doc: &Document) {
        match self.notes.as_mut() {
            Some(d) => {
                d.follow(&doc.map().notes);
            }
            None => self.notes = Some(Draft::new(&doc.map().notes)),
        }
        match self.regions.as_mut() {
            Some(d) => {
                d.follow(&doc.map().regions);
            }
            None => self.regions = Some(Draft::new(&doc.map().regions)),
        }
    }

    /// Applies what is being typed now (before the map is saved, replaced or closed).
    pub fn commit_now(&mut self, doc: &mut Document, notices: &mut Notices) {
        self.commit(doc, notices);
    }

    /// Applies edited notes and regions (each one undo step): when focus leaves a field, and
    /// when the window closes, so text being typed is kept.
    fn commit(&mut self, doc: &mut Document, notices: &mut Notices) {
        if let Some(edited) = self.notes.as_mut().and_then(Draft::take_edit)
            && let Err(e) = doc.apply("Edit sticky notes", Edit::SetNotes(edited))
        {
            notices.error(e.to_string());
        }
        if let Some(edited) = self.regions.as_mut().and_then(Draft::take_edit)
            && let Err(e) = doc.apply("Edit regions", Edit::SetRegions(edited))
        {
            notices.error(e.to_string());
        }
    }
}

/// The sticky notes, each a text box with a Delete button.
fn notes_section(ui: &mut egui::Ui, notes: &mut Vec<StickyNote>) {
    ui.heading("Sticky notes");
    let mut remove = None;
    for (i, note) in notes.iter_mut().enumerate() {
        ui.push_id(("note", i), |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut note.text)
                    .layouter(&mut super::bidi_text::edit_layouter)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text("Note text"),
            );
            if let Some(p) = &note.changed {
                ui.weak(super::inspector::last_changed_text(p));
            }
            if ui.button("Delete note").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        notes.remove(i);
    }
    if notes.is_empty() {
        ui.label("No notes yet: add one from the Workshop menu.");
    }
}

/// The regions, each a label box, its member count and a Delete button.
fn regions_section(ui: &mut egui::Ui, regions: &mut Vec<Region>) {
    ui.heading("Regions");
    let mut remove = None;
    for (i, r) in regions.iter_mut().enumerate() {
        ui.push_id(("region", i), |ui| {
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut r.label)
                        .layouter(&mut super::bidi_text::edit_layouter)
                        .desired_width(200.0)
                        .hint_text("Region label"),
                );
                ui.label(super::plural(r.members.len(), "organisation"));
                if let Some(p) = &r.changed {
                    ui.weak(super::inspector::last_changed_text(p)).on_hover_text("Who last changed this region");
                }
                if ui.button("Delete region").clicked() {
                    remove = Some(i);
                }
            });
        });
    }
    if let Some(i) = remove {
        regions.remove(i);
    }
    if regions.is_empty() {
        ui.label("No regions yet: select organisations, then use the Workshop menu.");
    }
}

/// The parked organisations, each with Place on map; returns the one to place, if any.
fn parking_section(ui: &mut egui::Ui, map: &crate::model::Map) -> Option<crate::model::Organisation> {
    ui.heading("Parking area");
    let parked: Vec<_> =
        map.organisations_sorted().into_iter().filter(|o| o.tags.iter().any(|t| t == PARKED_TAG)).cloned().collect();
    if parked.is_empty() {
        ui.label(
            "Nothing parked. Quick add (N) can park suggestions below the map until the room agrees where they go.",
        );
    }
    let mut place = None;
    for o in parked {
        ui.horizontal(|ui| {
            ui.label(&o.name);
            if ui.button("Place on map").on_hover_text(format!("Move {} to a free spot in the view", o.name)).clicked()
            {
                place = Some(o);
            }
        });
    }
    place
}

/// Moves a parked organisation to free space in the view (its parked spot is not an
/// obstacle), untags it and selects it: one undo step.
fn place_parked(
    doc: &mut Document,
    view: &mut ViewState,
    scene: &crate::scene::Scene,
    mut o: crate::model::Organisation,
    notices: &mut Notices,
) {
    o.tags.retain(|t| t != PARKED_TAG);
    let taken = super::placement::obstacles(doc.map(), scene, view, Some(&o.id));
    let near = super::placement::wished_point(doc.map(), view);
    o.position = super::placement::spot(view, near, scene.new_node_extent(&o.name), &taken, 0);
    let (id, name) = (o.id.clone(), o.name.clone());
    match doc.apply(format!("Place {name}"), Edit::UpdateOrganisations(vec![o])) {
        Ok(()) => view.select_only([id]),
        Err(e) => notices.error(e.to_string()),
    }
}
