//! Marker outlines and link paths, in map coordinates.

use crate::model::{MapPos, Shape};
use std::f32::consts::{FRAC_PI_2, TAU};

fn regular(center: MapPos, r: f32, n: usize, start_angle: f32) -> Vec<MapPos> {
    (0..n)
        .map(|i| {
            let a = start_angle + TAU * i as f32 / n as f32;
            [center[0] + r * a.cos(), center[1] + r * a.sin()]
        })
        .collect()
}

/// Liang–Barsky: the range of the parameter of the segment `a`–`b` (0 at `a`, 1 at `b`) that
/// lies inside the box `min`–`max`, if any. For clipping lines to a view or an image.
#[must_use]
pub fn clip_segment(a: MapPos, b: MapPos, min: MapPos, max: MapPos) -> Option<(f32, f32)> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [(-dx, a[0] - min[0]), (dx, max[0] - a[0]), (-dy, a[1] - min[1]), (dy, max[1] - a[1])] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// The outline of a marker as a closed polygon (a circle as 32 points). Sizes are chosen so
/// every shape has about the same visual weight as a circle of radius `r`.
#[must_use]
pub fn shape_outline(shape: Shape, center: MapPos, r: f32) -> Vec<MapPos> {
    let up = -FRAC_PI_2;
    match shape {
        Shape::Circle => regular(center, r, 32, 0.0),
        Shape::Square => regular(center, r * 1.25, 4, TAU / 8.0),
        Shape::Diamond => regular(center, r * 1.3, 4, 0.0),
        Shape::Triangle => regular(center, r * 1.4, 3, up),
        Shape::TriangleDown => regular(center, r * 1.4, 3, -up),
        Shape::Pentagon => regular(center, r * 1.15, 5, up),
        Shape::Hexagon => regular(center, r * 1.1, 6, 0.0),
        Shape::Octagon => regular(center, r * 1.08, 8, TAU / 16.0),
        Shape::Star => {
            let outer = regular(center, r * 1.35, 5, up);
            let inner = regular(center, r * 0.6, 5, up + TAU / 10.0);
            outer.into_iter().zip(inner).flat_map(|(o, i)| [o, i]).collect()
        }
        Shape::Cross => {
            let (a, b) = (r * 0.42, r * 1.1);
            let (x, y) = (center[0], center[1]);
            vec![
                [x - a, y - b],
                [x + a, y - b],
                [x + a, y - a],
                [x + b, y - a],
                [x + b, y + a],
                [x + a, y + a],
                [x + a, y + b],
                [x - a, y + b],
                [x - a, y + a],
                [x - b, y + a],
                [x - b, y - a],
                [x - a, y - a],
            ]
        }
    }
}

/// The bounding box (min, max) of a marker's outline.
#[must_use]
pub fn marker_box(shape: Shape, center: MapPos, r: f32) -> (MapPos, MapPos) {
    if shape == Shape::Circle {
        return ([center[0] - r, center[1] - r], [center[0] + r, center[1] + r]);
    }
    shape_outline(shape, center, r).iter().fold((center, center), |(min, max), p| {
        ([min[0].min(p[0]), min[1].min(p[1])], [max[0].max(p[0]), max[1].max(p[1])])
    })
}

/// The marker split into convex polygons, for renderers that fill only convex shapes (egui).
#[must_use]
pub fn convex_parts(shape: Shape, center: MapPos, r: f32) -> Vec<Vec<MapPos>> {
    let outline = shape_outline(shape, center, r);
    match shape {
        Shape::Star => {
            // The inner pentagon plus one triangle per point.
            let inner: Vec<MapPos> = outline.iter().skip(1).step_by(2).copied().collect();
            let mut parts = vec![inner.clone()];
            for i in 0..5 {
                parts.push(vec![inner[(i + 4) % 5], outline[2 * i], inner[i]]);
            }
            parts
        }
        Shape::Cross => {
            let (a, b) = (r * 0.42, r * 1.1);
            let (x, y) = (center[0], center[1]);
            vec![
                vec![[x - a, y - b], [x + a, y - b], [x + a, y + b], [x - a, y + b]],
                vec![[x - b, y - a], [x + b, y - a], [x + b, y + a], [x - b, y + a]],
            ]
        }
        _ => vec![outline],
    }
}

fn quad(p0: MapPos, c: MapPos, p1: MapPos, t: f32) -> MapPos {
    let u = 1.0 - t;
    [u * u * p0[0] + 2.0 * u * t * c[0] + t * t * p1[0], u * u * p0[1] + 2.0 * u * t * c[1] + t * t * p1[1]]
}

fn dist(a: MapPos, b: MapPos) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// The parameter where the curve is `r` away from `anchor`, searching from `inside` (within r)
/// towards `outside`.
fn leave_circle(p0: MapPos, c: MapPos, p1: MapPos, anchor: MapPos, r: f32, inside: f32, outside: f32) -> f32 {
    let (mut lo, mut hi) = (inside, outside);
    if dist(quad(p0, c, p1, hi), anchor) < r {
        return hi;
    }
    // 12 halvings of half the curve: within 1/8000 of its length, well under a pixel.
    for _ in 0..12 {
        let mid = f32::midpoint(lo, hi);
        if dist(quad(p0, c, p1, mid), anchor) < r {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// The straight case of [`link_path`], computed directly (most links are straight).
fn straight_path(
    a: MapPos,
    b: MapPos,
    rim: [f32; 2],
    arrow: Option<f32>,
    u: [f32; 2],
    len: f32,
) -> (Vec<MapPos>, Option<[MapPos; 3]>) {
    if rim[0] + rim[1] >= len {
        // Overlapping markers: a zero-length line between the centres' midpoint.
        let m = [f32::midpoint(a[0], b[0]), f32::midpoint(a[1], b[1])];
        return (vec![m, m], None);
    }
    let start = [a[0] + u[0] * rim[0], a[1] + u[1] * rim[0]];
    let tip = [b[0] - u[0] * rim[1], b[1] - u[1] * rim[1]];
    let Some(alen) = arrow else { return (vec![start, tip], None) };
    let base = [tip[0] - u[0] * alen, tip[1] - u[1] * alen];
    let half = alen * 0.45;
    let end = [tip[0] - u[0] * alen * 0.6, tip[1] - u[1] * alen * 0.6];
    (
        vec![start, end],
        Some([tip, [base[0] - u[1] * half, base[1] + u[0] * half], [base[0] + u[1] * half, base[1] - u[0] * half]]),
    )
}

/// A link from `a` to `b` (marker centres) as a polyline from rim to rim, bent sideways by
/// `bend` map units at its middle, with an arrowhead of length `arrow` at `b` if given.
#[must_use]
pub fn link_path(
    a: MapPos,
    b: MapPos,
    rim: [f32; 2],
    bend: f32,
    arrow: Option<f32>,
) -> (Vec<MapPos>, Option<[MapPos; 3]>) {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = (dx * dx + dy * dy).sqrt().max(1e-3);
    if bend.abs() < 0.01 {
        return straight_path(a, b, rim, arrow, [dx / len, dy / len], len);
    }
    let (nx, ny) = (-dy / len, dx / len);
    let mid = [f32::midpoint(a[0], b[0]) + nx * bend * 2.0, f32::midpoint(a[1], b[1]) + ny * bend * 2.0];
    let t0 = leave_circle(a, mid, b, a, rim[0], 0.0, 0.5);
    let t1 = leave_circle(a, mid, b, b, rim[1], 1.0, 0.5);
    let segments = if bend.abs() < 0.01 { 1 } else { 16 };
    let mut points: Vec<MapPos> =
        (0..=segments).map(|i| quad(a, mid, b, t0 + (t1 - t0) * i as f32 / segments as f32)).collect();
    let arrow = arrow.and_then(|len| {
        let tip = *points.last()?;
        let before = points.get(points.len().checked_sub(2)?)?;
        let (ux, uy) = (tip[0] - before[0], tip[1] - before[1]);
        let l = (ux * ux + uy * uy).sqrt().max(1e-3);
        let (ux, uy) = (ux / l, uy / l);
        let base = [tip[0] - ux * len, tip[1] - uy * len];
        let half = len * 0.45;
        // Stop the line inside the arrowhead so a thick or dashed line does not poke out of the tip.
        if let Some(last) = points.last_mut() {
            *last = [tip[0] - ux * len * 0.6, tip[1] - uy * len * 0.6];
        }
        Some([tip, [base[0] - uy * half, base[1] + ux * half], [base[0] + uy * half, base[1] - ux * half]])
    });
    (points, arrow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_the_part_inside() {
        assert_eq!(clip_segment([-10.0, 0.0], [10.0, 0.0], [0.0, -1.0], [5.0, 1.0]), Some((0.5, 0.75)));
        assert_eq!(clip_segment([0.0, 5.0], [10.0, 5.0], [0.0, -1.0], [5.0, 1.0]), None);
        assert_eq!(clip_segment([1.0, 0.0], [2.0, 0.0], [0.0, -1.0], [5.0, 1.0]), Some((0.0, 1.0)));
    }

    #[test]
    fn every_shape_has_an_outline_and_convex_parts() {
        for shape in Shape::ALL {
            let outline = shape_outline(shape, [0.0, 0.0], 10.0);
            assert!(outline.len() >= 3, "{shape:?}");
            assert!(outline.iter().all(|p| p[0].abs() < 20.0 && p[1].abs() < 20.0));
            assert!(!convex_parts(shape, [0.0, 0.0], 10.0).is_empty());
        }
    }

    #[test]
    fn straight_link_runs_rim_to_rim() {
        let (points, arrow) = link_path([0.0, 0.0], [100.0, 0.0], [10.0, 10.0], 0.0, Some(8.0));
        assert!((points[0][0] - 10.0).abs() < 0.01);
        let tip = arrow.unwrap()[0];
        assert!((tip[0] - 90.0).abs() < 0.01);
        assert!(points.last().unwrap()[0] < tip[0]);
    }
}
