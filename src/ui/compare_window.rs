//! File › Compare with…: what changed between another version of the map and the open one, as
//! a list to step through (↑/↓, Enter or a click centres the organisation a change concerns),
//! with a key to the overlay the canvas draws while the window is open.

use super::theme::color;
use crate::model::{Map, OrgId};
use crate::versions::compare::{ADDED, CHANGED, CompareOverlay, MOVED, REMOVED};
use crate::versions::{Change, ChangeKind, Diff, DiffOptions, diff_maps};

/// What the window asks the app to do.
pub enum CompareAction {
    /// Nothing.
    Waiting,
    /// Select and centre this organisation.
    Centre(OrgId),
    /// Close the window.
    Close,
}

/// One change: its lines of text and the organisation to centre on, if it still exists.
struct Row {
    text: String,
    org: Option<OrgId>,
}

/// The changes from another version (`old`) to the open map.
pub struct CompareWindow {
    /// The other version's name.
    pub name: String,
    summary: Vec<String>,
    rows: Vec<Row>,
    selected: Option<usize>,
    /// What the canvas draws over the map while the window is open (computed here, once).
    pub overlay: CompareOverlay,
}

impl CompareWindow {
    /// The changes from `old` to `current`, moves under 5 map units left out.
    #[must_use]
    pub fn new(old: &Map, current: &Map, name: String) -> Self {
        let diff = diff_maps(old, current, DiffOptions::DEFAULT);
        let summary = diff
            .counts()
            .into_iter()
            .map(|(what, added, removed, changed)| {
                format!("{what}s: {added} added, {removed} removed, {changed} changed")
            })
            .collect();
        let rows = diff
            .changes
            .iter()
            .map(|c| Row { text: Diff { changes: vec![c.clone()] }.lines().join("\n"), org: target(c, current) })
            .collect();
        let overlay = CompareOverlay::new(old, current, DiffOptions::DEFAULT.min_move);
        Self { name, summary, rows, selected: None, overlay }
    }

    /// How many changes are listed (for tests).
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the versions are the same.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The window.
    pub fn ui(&mut self, ctx: &egui::Context) -> CompareAction {
        let mut open = true;
        let mut action = CompareAction::Waiting;
        let step = ctx.input(|i| {
            if i.key_pressed(egui::Key::ArrowDown) {
                1
            } else if i.key_pressed(egui::Key::ArrowUp) {
                -1
            } else {
                0
            }
        });
        if step != 0 && !self.rows.is_empty() && !ctx.text_edit_focused() {
            let last = self.rows.len() - 1;
            self.selected = Some(match (self.selected, step) {
                (None, _) => 0,
                (Some(i), 1) => (i + 1).min(last),
                (Some(i), _) => i.saturating_sub(1),
            });
        }
        let enter = ctx.input(|i| i.key_pressed(egui::Key::Enter)) && !ctx.text_edit_focused();
        if enter && let Some(org) = self.selected.and_then(|i| self.rows[i].org.clone()) {
            action = CompareAction::Centre(org);
        }
        crate::ui::window(ctx, format!("Changes since {}", self.name))
            .id(egui::Id::unique("compare window"))
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                if self.rows.is_empty() {
                    ui.label("No changes: the two versions are the same.");
                }
                for line in &self.summary {
                    ui.label(line);
                }
                ui.label("↑/↓ step through the changes; Enter or a click centres one.");
                key_ui(ui);
                ui.separator();
                egui::ScrollArea::vertical().max_height(ui.ctx().content_rect().height() * 0.6).show(ui, |ui| {
                    for (i, row) in self.rows.iter().enumerate() {
                        let r = ui.selectable_label(self.selected == Some(i), &row.text);
                        if self.selected == Some(i) && step != 0 {
                            r.scroll_to_me(None);
                        }
                        if r.clicked() {
                            self.selected = Some(i);
                            if let Some(org) = row.org.clone() {
                                action = CompareAction::Centre(org);
                            }
                        }
                    }
                });
            });
        if open { action } else { CompareAction::Close }
    }
}

/// The key to the overlay on the canvas: each kind's mark, in its colour, and what it means.
fn key_ui(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.label("On the map:");
        for (mark, colour, meaning) in [
            ("◯", ADDED, "ring: added"),
            ("◆", CHANGED, "badge: changed"),
            ("⬚", REMOVED, "dashed ghost: removed"),
            ("→", MOVED, "arrow from the old place: moved"),
            ("━", ADDED, "line: added link"),
            ("┈", REMOVED, "dotted line: removed link"),
        ] {
            ui.label(egui::RichText::new(mark).strong().color(color(colour)));
            ui.label(meaning);
        }
    });
}

/// The organisation a change concerns, if it is in the open map: the organisation itself, or a
/// link's first end.
fn target(c: &Change, current: &Map) -> Option<OrgId> {
    let id = match c.collection.as_str() {
        "organisations" => OrgId::new(c.key.clone()),
        "links" => {
            let record = match &c.kind {
                ChangeKind::Added { record, .. } | ChangeKind::Removed { record } => Some(record),
                _ => None,
            };
            current
                .link_record(&crate::model::LinkId::new(c.key.clone()))
                .map(|l| l.from)
                .or_else(|| record.and_then(|r| r.get("from")?.as_str().map(OrgId::new)))?
        }
        _ => return None,
    };
    current.org(&id).map(|o| o.id.clone())
}
