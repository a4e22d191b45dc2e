//! Meshes of the canvas: the recycled mesh pool (buffers kept between frames), clipping lines
//! to the view, and lines in a link style.

use crate::model::LineStyle;
use crate::scene;
use crate::ui::line_mesh;
use egui::{Pos2, Rect, Shape as EShape, Stroke};

/// Paints a line in a link style (screen points).
pub fn paint_styled_line(painter: &egui::Painter, pts: &[Pos2], style: LineStyle, stroke: Stroke) {
    let mut meshes = line_mesh::LineMeshes::new(painter.ctx(), Default::default());
    let feather = 1.0 / painter.ctx().pixels_per_point();
    line_mesh::styled(&mut meshes, pts, style, stroke.width, stroke.color, 0.0, feather);
    painter.extend(meshes.into_meshes().into_iter().filter(|m| !m.is_empty()).map(EShape::mesh));
}

/// Clips a polyline to a rectangle: the pieces inside, each with its distance along the line.
pub(super) fn clip_polyline(pts: &[Pos2], rect: Rect) -> Vec<(Vec<Pos2>, f32)> {
    let mut pieces: Vec<(Vec<Pos2>, f32)> = Vec::new();
    let mut current: Option<(Vec<Pos2>, f32)> = None;
    let mut along = 0.0;
    for seg in pts.windows(2) {
        let (a, b) = (seg[0], seg[1]);
        let len = (b - a).length();
        match clip_segment(a, b, rect) {
            Some((t0, t1)) => {
                let (p0, p1) = (a + (b - a) * t0, a + (b - a) * t1);
                match &mut current {
                    Some((piece, _)) if t0 <= 0.0 => piece.push(p1),
                    _ => {
                        pieces.extend(current.take());
                        current = Some((vec![p0, p1], along + len * t0));
                    }
                }
                if t1 < 1.0 {
                    pieces.extend(current.take());
                }
            }
            None => pieces.extend(current.take()),
        }
        along += len;
    }
    pieces.extend(current);
    pieces
}

/// The parameter range of `a`–`b` inside `rect`, if any.
pub(super) fn clip_segment(a: Pos2, b: Pos2, rect: Rect) -> Option<(f32, f32)> {
    scene::clip_segment([a.x, a.y], [b.x, b.y], [rect.min.x, rect.min.y], [rect.max.x, rect.max.y])
}

thread_local! {
    /// Meshes handed to egui last frame, kept so their buffers can be refilled this frame.
    static MESH_POOL: std::cell::RefCell<Vec<std::sync::Arc<egui::Mesh>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An empty mesh, reusing the buffers of the one painted in `slot` last frame if egui is done with it.
pub(super) fn recycled_mesh(slot: usize) -> egui::Mesh {
    MESH_POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let mut mesh = pool.get_mut(slot).and_then(std::sync::Arc::get_mut).map(std::mem::take).unwrap_or_default();
        // Not `Mesh::clear`, which frees the vertex buffer.
        mesh.indices.clear();
        mesh.vertices.clear();
        mesh
    })
}

/// Adds a mesh (if not empty) to `out` and keeps it in `slot` for [`recycled_mesh`].
pub(super) fn add_recycled_mesh(out: &mut Vec<EShape>, slot: usize, mesh: egui::Mesh) {
    if mesh.is_empty() {
        return;
    }
    MESH_POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        while pool.len() <= slot {
            pool.push(std::sync::Arc::default());
        }
        if let Some(inner) = std::sync::Arc::get_mut(&mut pool[slot]) {
            *inner = mesh;
        } else {
            pool[slot] = std::sync::Arc::new(mesh);
        }
        out.push(EShape::Mesh(pool[slot].clone()));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn clipping_keeps_the_inside_and_its_distance_along_the_line() {
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 100.0));
        // Crosses the box left to right: one piece from x=0 to x=100, starting 50 along.
        let pieces = clip_polyline(&[pos2(-50.0, 50.0), pos2(150.0, 50.0)], rect);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].0, vec![pos2(0.0, 50.0), pos2(100.0, 50.0)]);
        assert!((pieces[0].1 - 50.0).abs() < 1e-4);
        // Entirely outside: nothing.
        assert!(clip_polyline(&[pos2(-50.0, -50.0), pos2(150.0, -10.0)], rect).is_empty());
        // Leaves and re-enters: two pieces, the second starting further along.
        let pieces = clip_polyline(&[pos2(10.0, 10.0), pos2(10.0, 200.0), pos2(90.0, 200.0), pos2(90.0, 10.0)], rect);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].0, vec![pos2(10.0, 10.0), pos2(10.0, 100.0)]);
        assert!((pieces[1].1 - (190.0 + 80.0 + 100.0)).abs() < 1e-3);
        // Inside throughout: the same polyline.
        let inside = [pos2(10.0, 10.0), pos2(20.0, 30.0), pos2(40.0, 30.0)];
        assert_eq!(clip_polyline(&inside, rect), vec![(inside.to_vec(), 0.0)]);
    }
}
