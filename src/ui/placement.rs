//! Where new organisations go: a free spot in the visible part of the canvas, near the selection
//! or the view's centre, never on a marker, a label, a sticky note or the legend. The search
//! itself is [`crate::scene::free_spot`]; this module gathers what it needs from the view.

use super::view::ViewState;
use crate::model::{Map, MapPos, OrgId};
use crate::scene::{MapBox, Placement, Scene};

/// Screen points kept clear along the canvas's edges.
const EDGE_MARGIN_PX: f32 = 16.0;
/// Screen points of clear space kept around a new organisation.
const GAP_PX: f32 = 6.0;
/// Screen points between successive spots when the view is full and placements wrap.
const WRAP_STEP_PX: f32 = 37.0;

/// The visible part of the canvas in map units, less a margin along its edges.
#[must_use]
pub fn visible_area(view: &ViewState) -> MapBox {
    let r = view.canvas_rect.shrink(EDGE_MARGIN_PX);
    (view.map_from_screen(r.min), view.map_from_screen(r.max))
}

/// Everything a new organisation must not cover: the scene's markers, labels and notes, every
/// organisation of the map the scene does not show (filtered out, or added since it was built)
/// and the legend; all but those of `moving` (an organisation about to be moved).
#[must_use]
pub fn obstacles(map: &Map, scene: &Scene, view: &ViewState, moving: Option<&OrgId>) -> Vec<MapBox> {
    let mut boxes = scene.occupied();
    if let Some(node) = moving.and_then(|id| scene.node(id)) {
        let [x, y] = node.center;
        let r = node.radius;
        let own = [Some(([x - r, y - r], [x + r, y + r])), node.label_rect()];
        boxes.retain(|b| !own.contains(&Some(*b)));
    }
    let extent = scene.new_node_extent("New organisation");
    for org in map.organisations() {
        if scene.node(&org.id).is_none() && Some(&org.id) != moving {
            let [x, y] = org.position;
            boxes.push(([x + extent.0[0], y + extent.0[1]], [x + extent.1[0], y + extent.1[1]]));
        }
    }
    if let Some(legend) = view.legend_rect() {
        let r = legend.expand(crate::scene::legend::LEGEND_MARGIN);
        boxes.push((view.map_from_screen(r.min), view.map_from_screen(r.max)));
    }
    boxes
}

/// The point new things start their search from: the centre of the selected organisations when
/// that is in view, else the centre of the part of the view the legend leaves free.
#[must_use]
pub fn wished_point(map: &Map, view: &ViewState) -> MapPos {
    let selected: Vec<MapPos> = view.selection.iter().filter_map(|id| map.org(id)).map(|o| o.position).collect();
    let free_centre = view.map_from_screen(view.free_part().center());
    if selected.is_empty() {
        return free_centre;
    }
    let n = selected.len() as f32;
    let c = [selected.iter().map(|p| p[0]).sum::<f32>() / n, selected.iter().map(|p| p[1]).sum::<f32>() / n];
    let (min, max) = visible_area(view);
    let in_view = (min[0]..=max[0]).contains(&c[0]) && (min[1]..=max[1]).contains(&c[1]);
    if in_view { c } else { free_centre }
}

/// A free spot for an item of box `extent` (relative to its centre) near `near`, avoiding
/// `taken` and staying in view. When the view has no free spot, the `n`th placement of a run
/// steps through the view and wraps, so repeated placements stay on screen.
#[must_use]
pub fn spot(view: &ViewState, near: MapPos, extent: MapBox, taken: &[MapBox], n: u32) -> MapPos {
    let area = visible_area(view);
    let zoom = view.zoom.max(1e-3);
    let placement = Placement { near, extent, obstacles: taken, area, gap: GAP_PX / zoom };
    crate::scene::free_spot(&placement)
        .unwrap_or_else(|| crate::scene::wrapped_offset(area, extent, n, WRAP_STEP_PX / zoom))
}

/// A free spot for one new organisation named `name`, near the selection or the view's centre.
#[must_use]
pub fn spot_for_new(map: &Map, scene: &Scene, view: &ViewState, name: &str, n: u32) -> MapPos {
    let taken = obstacles(map, scene, view, None);
    spot(view, wished_point(map, view), scene.new_node_extent(name), &taken, n)
}
