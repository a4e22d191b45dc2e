//! Transient view state: camera, selection, hover and gestures in progress. Never saved in the map.

use crate::model::{LinkId, MapPos, OrgId, TypeId};
use egui::{Pos2, Rect, Vec2, pos2, vec2};
use std::collections::BTreeSet;

/// A gesture on the canvas that spans several frames.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Gesture {
    /// Nothing in progress.
    #[default]
    Idle,
    /// Moving the selection: where each organisation started (for the one undo step).
    Moving {
        /// Positions before the drag.
        start: Vec<(OrgId, MapPos)>,
        /// Map position where the drag started.
        grab: MapPos,
    },
    /// Drawing a selection box from this map position.
    BoxSelect {
        /// Where the box started.
        from: MapPos,
        /// Whether to add to the existing selection.
        add: bool,
    },
    /// Panning.
    Panning,
    /// Dragging a new link out of an organisation's rim.
    Linking {
        /// Where the link starts.
        from: OrgId,
    },
}

/// A link waiting for its type: shown as a small menu where the user dropped it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingLink {
    /// Source.
    pub from: OrgId,
    /// Target.
    pub to: OrgId,
    /// Where to show the chooser (screen).
    pub at: Pos2,
}

/// Camera, selection and in-progress interactions.
#[derive(Debug, Clone)]
pub struct ViewState {
    /// Map point at the centre of the canvas.
    pub center: MapPos,
    /// Screen points per map unit.
    pub zoom: f32,
    /// The canvas rectangle on screen (last frame).
    pub canvas_rect: Rect,
    /// Selected organisations.
    pub selection: BTreeSet<OrgId>,
    /// Selected links.
    pub selected_links: BTreeSet<LinkId>,
    /// Organisation under the pointer.
    pub hover_org: Option<OrgId>,
    /// Link under the pointer.
    pub hover_link: Option<LinkId>,
    /// Gesture in progress.
    pub gesture: Gesture,
    /// After pressing L: the organisation the next clicked one is linked from.
    pub connect_from: Option<OrgId>,
    /// A link awaiting its type.
    pub pending_link: Option<PendingLink>,
    /// Organisation whose name is being typed on the canvas, with the text so far.
    pub renaming: Option<(OrgId, String)>,
    /// Type given to new organisations.
    pub new_org_type: TypeId,
    /// Zoom to fit on the next frame (after opening a map).
    pub fit_pending: bool,
    /// Left-drag on the background pans instead of box-selecting.
    pub pan_tool: bool,
    /// Screen width on the left kept clear by "zoom to fit" (the legend sits there).
    pub legend_inset: f32,
    /// Height of the legend in the canvas's lower-left corner, screen points (0 when hidden):
    /// new organisations are not placed under it.
    pub legend_height: f32,
    /// The side panel (inspector) is collapsed to a thin strip, giving the canvas the width.
    pub side_panel_hidden: bool,
    /// What the editor shows (set by applying a saved view or the filter controls).
    pub filter: crate::model::Filter,
    /// Caption of the saved view last applied.
    pub caption: String,
    /// Focus: an organisation and how many steps of neighbours stay bright.
    pub focus: Option<(OrgId, usize)>,
    /// Labels never get smaller than this on screen (larger in presentation).
    pub min_label_px: f32,
    /// Journeys drawn over the map (set by a saved view or the Journeys window).
    pub journeys: Vec<crate::model::JourneyId>,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            center: [0.0, 0.0],
            zoom: 1.0,
            canvas_rect: Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            selection: BTreeSet::new(),
            selected_links: BTreeSet::new(),
            hover_org: None,
            hover_link: None,
            gesture: Gesture::Idle,
            connect_from: None,
            pending_link: None,
            renaming: None,
            new_org_type: TypeId::default(),
            fit_pending: true,
            pan_tool: false,
            legend_inset: 0.0,
            legend_height: 0.0,
            side_panel_hidden: false,
            filter: crate::model::Filter::default(),
            caption: String::new(),
            focus: None,
            min_label_px: super::theme::MIN_READABLE_LABEL_PX,
            journeys: Vec::new(),
        }
    }
}

impl ViewState {
    /// Screen position of a map position.
    #[must_use]
    pub fn screen_from_map(&self, p: MapPos) -> Pos2 {
        let c = self.canvas_rect.center();
        pos2(c.x + (p[0] - self.center[0]) * self.zoom, c.y + (p[1] - self.center[1]) * self.zoom)
    }

    /// Map position of a screen position.
    #[must_use]
    pub fn map_from_screen(&self, p: Pos2) -> MapPos {
        let c = self.canvas_rect.center();
        [self.center[0] + (p.x - c.x) / self.zoom, self.center[1] + (p.y - c.y) / self.zoom]
    }

    /// Moves the camera by a screen-space delta (content follows the pointer).
    pub fn pan_by(&mut self, delta: Vec2) {
        self.center[0] -= delta.x / self.zoom;
        self.center[1] -= delta.y / self.zoom;
    }

    /// Zooms by `factor`, keeping the map point under `anchor` (screen) where it is.
    pub fn zoom_around(&mut self, anchor: Pos2, factor: f32) {
        let before = self.map_from_screen(anchor);
        self.zoom = (self.zoom * factor).clamp(*super::theme::ZOOM_RANGE.start(), *super::theme::ZOOM_RANGE.end());
        let after = self.map_from_screen(anchor);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
    }

    /// Fits the map-space box in the canvas with a margin.
    pub fn fit(&mut self, bounds: Option<(MapPos, MapPos)>) {
        let Some((min, max)) = bounds else {
            self.center = [0.0, 0.0];
            self.zoom = 1.0;
            return;
        };
        let margin = 40.0;
        let w = (max[0] - min[0]).max(1.0);
        let h = (max[1] - min[1]).max(1.0);
        let zoom_with = |inset: f32| {
            let avail = self.canvas_rect.size() - vec2(2.0 * margin + inset, 2.0 * margin);
            (avail.x / w).min(avail.y / h).min(2.0)
        };
        // Keep the legend's strip clear when that costs little; a much smaller map is worse.
        let inset = if zoom_with(self.legend_inset) >= 0.85 * zoom_with(0.0) { self.legend_inset } else { 0.0 };
        let zoom = zoom_with(inset);
        self.zoom = zoom.clamp(*super::theme::ZOOM_RANGE.start(), *super::theme::ZOOM_RANGE.end());
        self.center = [f32::midpoint(min[0], max[0]) - inset / 2.0 / self.zoom, f32::midpoint(min[1], max[1])];
    }

    /// Selects exactly these organisations (and no links).
    pub fn select_only(&mut self, ids: impl IntoIterator<Item = OrgId>) {
        self.selection = ids.into_iter().collect();
        self.selected_links.clear();
    }

    /// Clears the selection and any half-done gesture.
    pub fn clear_selection(&mut self) {
        self.selection.clear();
        self.selected_links.clear();
    }

    /// Drops ids that no longer exist (after undo, delete, open).
    pub fn prune(&mut self, map: &crate::model::Map) {
        self.selection.retain(|id| map.org(id).is_some());
        self.selected_links.retain(|id| map.edge_index(id).is_some());
        if self.renaming.as_ref().is_some_and(|(id, _)| map.org(id).is_none()) {
            self.renaming = None;
        }
        if self.connect_from.as_ref().is_some_and(|id| map.org(id).is_none()) {
            self.connect_from = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let mut v = ViewState::default();
        let anchor = pos2(123.0, 456.0);
        let before = v.map_from_screen(anchor);
        v.zoom_around(anchor, 2.0);
        let after = v.map_from_screen(anchor);
        assert!((before[0] - after[0]).abs() < 1e-3 && (before[1] - after[1]).abs() < 1e-3);
        let p = [10.0, 20.0];
        let back = v.map_from_screen(v.screen_from_map(p));
        assert!((back[0] - p[0]).abs() < 1e-3);
    }
}
