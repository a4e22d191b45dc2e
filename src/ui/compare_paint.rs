//! Painting File › Compare with…'s overlay on the canvas, over the normal scene: a ring around
//! added organisations, a small diamond badge on changed ones, a dashed ghost (with its name) where
//! a removed one was, and a thin arrow from where a moved one was to where it is now. Colours are
//! the comparison figure's ([`crate::versions::compare`]), each kind with its own shape too.

use super::theme::{color, color_alpha};
use super::view::ViewState;
use crate::model::{MapPos, OrgId};
use crate::scene::{Scene, SceneTheme, shape_outline};
use crate::versions::compare::{ADDED, CHANGED, CompareOverlay, MOVED, REMOVED};
use egui::{Align2, Color32, FontId, Pos2, Rect, Shape as EShape, Stroke, pos2, vec2};
use std::collections::HashMap;

/// Paints `overlay` over the scene as the canvas shows it.
pub fn paint_overlay(
    painter: &egui::Painter,
    overlay: &CompareOverlay,
    scene: &Scene,
    view: &ViewState,
    theme: &SceneTheme,
) {
    let z = view.zoom;
    let mut shapes = Vec::new();
    let ghost_r = scene.nodes.first().map_or(8.0, |n| n.radius) * z;
    let ghost_r = ghost_r.max(4.0);
    // Removed: a dashed outline of the old marker, and the old name beneath it.
    let removed_ink = color_alpha(REMOVED, 0.8);
    for g in &overlay.removed {
        let c = view.screen_from_map(g.position);
        if !painter.clip_rect().expand(200.0).contains(c) {
            continue;
        }
        let mut outline: Vec<Pos2> =
            shape_outline(g.shape, [c.x, c.y], ghost_r).iter().map(|p| pos2(p[0], p[1])).collect();
        if let Some(&first) = outline.first() {
            outline.push(first);
        }
        shapes.extend(EShape::dashed_line(&outline, Stroke::new(1.5, removed_ink), 4.0, 3.0));
        let galley = painter.layout_no_wrap(
            format!("{} (removed)", g.name),
            FontId::proportional(12.0),
            color_alpha(theme.label, 0.7),
        );
        let at = Align2::CENTER_TOP.anchor_size(c + vec2(0.0, ghost_r + 2.0), galley.size()).min;
        shapes.push(EShape::galley(at, galley, color(theme.label)));
    }
    // Moves: a thin arrow from the old place to where the scene draws it now; added: a ring;
    // changed: a diamond badge at the marker's upper left. One pass over the scene's markers.
    let moves: HashMap<&OrgId, MapPos> = overlay.moved.iter().map(|m| (&m.id, m.from)).collect();
    let moved_ink = color_alpha(MOVED, 0.85);
    let halo = color_alpha(theme.background, 0.7);
    let view_rect = painter.clip_rect();
    for n in &scene.nodes {
        if let Some(&from) = moves.get(&n.id) {
            let (a, b) = (view.screen_from_map(from), view.screen_from_map(n.center));
            if Rect::from_two_pos(a, b).intersects(view_rect) {
                arrow(&mut shapes, a, b, ghost_r, moved_ink, halo);
            }
        }
        let added = overlay.added.contains(&n.id);
        let changed = overlay.changed.contains(&n.id);
        if !added && !changed {
            continue;
        }
        let c = view.screen_from_map(n.center);
        if !painter.clip_rect().expand(50.0).contains(c) {
            continue;
        }
        let r = (n.radius * z).max(3.0);
        if added {
            shapes.push(EShape::circle_stroke(c, r * 1.5 + 4.0, Stroke::new(3.0, color(ADDED))));
        }
        if changed {
            let b = c + vec2(-r, -r) * 0.9;
            let s = (r * 0.6).clamp(5.0, 10.0);
            let diamond = vec![b + vec2(0.0, -s), b + vec2(s, 0.0), b + vec2(0.0, s), b + vec2(-s, 0.0)];
            shapes.push(EShape::convex_polygon(diamond, color(CHANGED), Stroke::new(1.2, color(theme.outline))));
        }
    }
    painter.extend(shapes);
}

/// An arrow from `a` to `b` (screen), stopping `gap` short of `b`, with a hollow circle at `a`;
/// solid on a halo of `halo` (the map's links may be dashed in the same blue).
fn arrow(shapes: &mut Vec<EShape>, a: Pos2, b: Pos2, gap: f32, ink: Color32, halo: Color32) {
    let along = b - a;
    if along.length() < gap + 6.0 {
        return;
    }
    let dir = along.normalized();
    let end = b - dir * (gap + 2.0);
    let side = vec2(-dir.y, dir.x) * 5.0;
    let head = vec![end, end - dir * 11.0 + side, end - dir * 11.0 - side];
    shapes.push(EShape::line_segment([a, end - dir * 6.0], Stroke::new(5.0, halo)));
    shapes.push(EShape::circle_stroke(a, 4.0, Stroke::new(4.0, halo)));
    shapes.push(EShape::line_segment([a + dir * 4.0, end - dir * 6.0], Stroke::new(2.0, ink)));
    shapes.push(EShape::circle_stroke(a, 4.0, Stroke::new(1.5, ink)));
    shapes.push(EShape::convex_polygon(head, ink, Stroke::new(1.0, halo)));
}
