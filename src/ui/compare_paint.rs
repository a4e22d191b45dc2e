//! Painting File › Compare with…'s overlay on the canvas, over the normal scene: a ring around
//! added organisations, a small diamond badge on changed ones, a dashed ghost (with its name) where
//! a removed one was, and a thin arrow from where a moved one was to where it is now. Links: an
//! added one drawn over in the "added" colour, a changed one badged at its middle, a removed one
//! as a dotted ghost between its ends. Colours and the removed link's dots are the comparison
//! figure's ([`crate::versions::compare`]), each kind with its own shape too.

use super::line_mesh;
use super::theme::{color, color_alpha};
use super::view::ViewState;
use crate::model::{MapPos, OrgId};
use crate::scene::{Scene, SceneTheme, shape_outline};
use crate::versions::compare::{ADDED, CHANGED, CompareOverlay, MOVED, REMOVED, REMOVED_LINK_STYLE};
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
    paint_links(painter, overlay, scene, view, theme);
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
            badge(&mut shapes, c + vec2(-r, -r) * 0.9, (r * 0.6).clamp(5.0, 10.0), theme);
        }
    }
    painter.extend(shapes);
}

/// The "changed" mark: a diamond of half-size `s` centred on `at`, outlined in the theme's ink.
fn badge(shapes: &mut Vec<EShape>, at: Pos2, s: f32, theme: &SceneTheme) {
    let diamond = vec![at + vec2(0.0, -s), at + vec2(s, 0.0), at + vec2(0.0, s), at + vec2(-s, 0.0)];
    shapes.push(EShape::convex_polygon(diamond, color(CHANGED), Stroke::new(1.2, color(theme.outline))));
}

/// The links' part of the overlay, beneath the organisations' marks: removed links as dotted
/// ghosts (the figure's [`REMOVED_LINK_STYLE`]) between their ends as drawn now, or as they were
/// where an end is gone or hidden; added links drawn over in the "added" colour; changed ones
/// badged at their middle.
fn paint_links(painter: &egui::Painter, overlay: &CompareOverlay, scene: &Scene, view: &ViewState, theme: &SceneTheme) {
    let z = view.zoom;
    let width = scene.edges.first().map_or(1.5, |e| e.width * z).max(1.0);
    let view_rect = painter.clip_rect().expand(50.0);
    let mut ghosts = line_mesh::LineMeshes::new(painter.ctx(), Default::default());
    let removed_ink = color_alpha(REMOVED, 0.8);
    // On a halo, as the move arrows: the map's own links may be dotted in a similar colour.
    let halo = Stroke::new(width.max(2.0) + 4.0, color_alpha(theme.background, 0.7));
    let mut halos = Vec::new();
    for g in &overlay.removed_links {
        let end = |i: usize| scene.node(&g.ends[i]).map_or(g.old_positions[i], |n| n.center);
        let (a, b) = (view.screen_from_map(end(0)), view.screen_from_map(end(1)));
        // From rim to rim, so neither the halo nor the dots cover the markers.
        let gap = scene.nodes.first().map_or(8.0, |n| n.radius) * z;
        let along = b - a;
        if along.length() <= 2.0 * gap {
            continue;
        }
        let (a, b) = (a + along.normalized() * gap, b - along.normalized() * gap);
        if Rect::from_two_pos(a, b).intersects(view_rect) {
            halos.push(EShape::line_segment([a, b], halo));
            line_mesh::styled(&mut ghosts, &[a, b], REMOVED_LINK_STYLE, width.max(2.0), removed_ink, 0.0, 1.0);
        }
    }
    painter.extend(halos);
    painter.extend(ghosts.into_meshes().into_iter().filter(|m| !m.is_empty()).map(EShape::mesh));
    let mut shapes = Vec::new();
    for e in &scene.edges {
        let added = overlay.added_links.contains(&e.id);
        if !added && !overlay.changed_links.contains(&e.id) {
            continue;
        }
        let pts: Vec<Pos2> = e.points.iter().map(|&p| view.screen_from_map(p)).collect();
        if !pts.iter().any(|p| view_rect.contains(*p)) && !Rect::from_points(&pts).intersects(view_rect) {
            continue;
        }
        if added {
            shapes.push(EShape::line(pts, Stroke::new(width + 2.5, color(ADDED))));
        } else if let Some(mid) = midpoint(&pts) {
            badge(&mut shapes, mid, 6.0, theme);
        }
    }
    painter.extend(shapes);
}

/// The point halfway along a polyline.
fn midpoint(pts: &[Pos2]) -> Option<Pos2> {
    let total: f32 = pts.windows(2).map(|w| w[0].distance(w[1])).sum();
    let mut left = total / 2.0;
    for w in pts.windows(2) {
        let d = w[0].distance(w[1]);
        if d >= left && d > 0.0 {
            return Some(w[0] + (w[1] - w[0]) * (left / d));
        }
        left -= d;
    }
    pts.first().copied()
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
