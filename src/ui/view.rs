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
    /// Size of the legend overlay this frame, screen points (zero when hidden or empty): zoom to
    /// fit keeps a strip of the canvas clear for it, and new organisations are not placed under it.
    pub legend_size: Vec2,
    /// The corner the legend sits in (the emptiest; a fit picks the one leaving the map most room).
    pub legend_corner: crate::scene::legend::Corner,
    /// Where the user dragged the legend: its top-left corner relative to the canvas's (`None`:
    /// in [`ViewState::legend_corner`]).
    pub legend_offset: Option<Vec2>,
    /// The legend shows only its header.
    pub legend_collapsed: bool,
    /// Sizes the legend can take this frame (columns, text size); a fit picks one.
    pub legend_options: Vec<Vec2>,
    /// Which of [`ViewState::legend_options`] is shown.
    pub legend_choice: usize,
    /// The edge whose strip the last fit gave up to the legend.
    pub legend_side: Option<crate::scene::legend::Side>,
    /// Screen boxes of the organisation labels drawn last frame (for tests and placement).
    pub labels_drawn: Vec<Rect>,
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
    /// "Open at": organisations closed at this moment are faded.
    pub open_at: Option<crate::hours::Moment>,
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
            legend_size: Vec2::ZERO,
            legend_corner: crate::scene::legend::Corner::default(),
            legend_offset: None,
            legend_collapsed: false,
            legend_options: Vec::new(),
            legend_choice: 0,
            legend_side: None,
            labels_drawn: Vec::new(),
            side_panel_hidden: false,
            filter: crate::model::Filter::default(),
            caption: String::new(),
            focus: None,
            min_label_px: super::theme::MIN_READABLE_LABEL_PX,
            open_at: None,
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

    /// Where the legend is on screen (`None` when hidden or empty).
    #[must_use]
    pub fn legend_rect(&self) -> Option<Rect> {
        if self.legend_size.x <= 0.0 || self.legend_size.y <= 0.0 {
            return None;
        }
        let c = self.canvas_rect;
        if let Some(offset) = self.legend_offset {
            // Kept inside the canvas however it was resized.
            let max = (c.size() - self.legend_size).max(Vec2::ZERO);
            let at = c.min + offset.clamp(Vec2::ZERO, max);
            return Some(Rect::from_min_size(at, self.legend_size));
        }
        let (min, max) = self.legend_corner.place(
            ([c.min.x, c.min.y], [c.max.x, c.max.y]),
            [self.legend_size.x, self.legend_size.y],
            crate::scene::legend::LEGEND_MARGIN,
        );
        Some(Rect::from_min_max(pos2(min[0], min[1]), pos2(max[0], max[1])))
    }

    /// The larger part of the canvas beside the legend, where it is now (the whole canvas
    /// without a legend).
    #[must_use]
    pub fn free_part(&self) -> Rect {
        use crate::scene::legend::Side;
        let c = self.canvas_rect;
        let Some(l) = self.legend_rect() else { return c };
        // The strip the last fit kept for the legend, while the legend is still along that edge.
        if let Some(side) = self.legend_side {
            let r = match side {
                Side::Left => Rect::from_min_max(pos2(l.max.x, c.min.y), c.max),
                Side::Right => Rect::from_min_max(c.min, pos2(l.min.x, c.max.y)),
                Side::Top => Rect::from_min_max(pos2(c.min.x, l.max.y), c.max),
                Side::Bottom => Rect::from_min_max(c.min, pos2(c.max.x, l.min.y)),
            };
            if r.width() > c.width() * 0.4 && r.height() > c.height() * 0.4 {
                return r;
            }
        }
        let (free, _) = crate::scene::legend::reserve_strip(
            ([c.min.x, c.min.y], [c.max.x, c.max.y]),
            ([l.min.x, l.min.y], [l.max.x, l.max.y]),
            [c.width(), c.height()],
            0.0,
        );
        Rect::from_min_max(pos2(free.0[0], free.0[1]), pos2(free.1[0], free.1[1]))
    }

    /// The part of the canvas a map of `content` size (map units) is fitted into, clear of the
    /// legend: a strip along one edge is given up to it. A legend in a corner moves to the corner
    /// whose strip leaves the map the most room (the current one when it ties).
    pub fn free_rect(&mut self, content: [f32; 2], margin: f32) -> Rect {
        use crate::scene::legend::{Corner, reserve_strip};
        let c = self.canvas_rect;
        let area = ([c.min.x, c.min.y], [c.max.x, c.max.y]);
        let as_rect = |(min, max): ([f32; 2], [f32; 2])| Rect::from_min_max(pos2(min[0], min[1]), pos2(max[0], max[1]));
        let Some(legend) = self.legend_rect() else { return c };
        let to_box = |r: Rect| ([r.min.x, r.min.y], [r.max.x, r.max.y]);
        if self.legend_offset.is_some() {
            let (free, side) = reserve_strip(area, to_box(legend), content, margin);
            self.legend_side = Some(side);
            return as_rect(free);
        }
        let room = |free: ([f32; 2], [f32; 2])| {
            ((free.1[0] - free.0[0] - 2.0 * margin) / content[0].max(1.0))
                .min((free.1[1] - free.0[1] - 2.0 * margin) / content[1].max(1.0))
        };
        let (free, side) = reserve_strip(area, to_box(legend), content, margin);
        let mut best = (self.legend_choice, self.legend_corner, free, side);
        let options = if self.legend_options.is_empty() { vec![self.legend_size] } else { self.legend_options.clone() };
        for (i, size) in options.iter().enumerate() {
            for corner in Corner::ALL {
                let placed = corner.place(area, [size.x, size.y], crate::scene::legend::LEGEND_MARGIN);
                let (free, side) = reserve_strip(area, placed, content, margin);
                if room(free) > room(best.2) + 1e-6 {
                    best = (i, corner, free, side);
                }
            }
        }
        (self.legend_choice, self.legend_corner, self.legend_side) = (best.0, best.1, Some(best.3));
        if let Some(&size) = self.legend_options.get(best.0) {
            self.legend_size = size;
        }
        as_rect(best.2)
    }

    /// Fits the map-space box in the part of the canvas the legend leaves free, with a margin.
    pub fn fit(&mut self, bounds: Option<(MapPos, MapPos)>) {
        let Some((min, max)) = bounds else {
            self.center = [0.0, 0.0];
            self.zoom = 1.0;
            return;
        };
        let margin = 40.0;
        let w = (max[0] - min[0]).max(1.0);
        let h = (max[1] - min[1]).max(1.0);
        let free = self.free_rect([w, h], margin);
        let avail = (free.size() - vec2(2.0 * margin, 2.0 * margin)).max(vec2(1.0, 1.0));
        let zoom = (avail.x / w).min(avail.y / h).min(2.0);
        self.zoom = zoom.clamp(*super::theme::ZOOM_RANGE.start(), *super::theme::ZOOM_RANGE.end());
        // The box's middle at the free part's middle.
        let shift = (free.center() - self.canvas_rect.center()) / self.zoom;
        self.center = [f32::midpoint(min[0], max[0]) - shift.x, f32::midpoint(min[1], max[1]) - shift.y];
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
