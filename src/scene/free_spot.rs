//! Where to put something new so it covers nothing: a search outward from a wished-for point,
//! ring by ring, for the first spot where a box of the new item's size overlaps no marker, label,
//! sticky note or other obstacle and stays inside the visible area.

use crate::model::MapPos;

/// An axis-aligned box in map units: (min, max).
pub type MapBox = (MapPos, MapPos);

/// What to place and where it may go.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement<'a> {
    /// The wished-for centre (the view's centre, or beside the selection).
    pub near: MapPos,
    /// The new item's box relative to its centre (min offset, max offset), e.g. a marker with its
    /// label below.
    pub extent: MapBox,
    /// Boxes the new item must not overlap.
    pub obstacles: &'a [MapBox],
    /// The area the whole box must stay inside (the visible part of the canvas).
    pub area: MapBox,
    /// Clear space kept around the new item, map units.
    pub gap: f32,
}

/// How far apart candidate spots are, as a fraction of the new item's larger side.
const STEP_FRACTION: f32 = 0.5;
/// Give up after this many rings (the area is then too full for any free spot).
const MAX_RINGS: usize = 200;

fn overlaps(a: MapBox, b: MapBox) -> bool {
    a.0[0] < b.1[0] && b.0[0] < a.1[0] && a.0[1] < b.1[1] && b.0[1] < a.1[1]
}

fn inside(a: MapBox, area: MapBox) -> bool {
    a.0[0] >= area.0[0] && a.0[1] >= area.0[1] && a.1[0] <= area.1[0] && a.1[1] <= area.1[1]
}

/// The box of an item centred at `c`, grown by `gap` on every side.
fn box_at(c: MapPos, extent: MapBox, gap: f32) -> MapBox {
    ([c[0] + extent.0[0] - gap, c[1] + extent.0[1] - gap], [c[0] + extent.1[0] + gap, c[1] + extent.1[1] + gap])
}

/// The free spot nearest to `near` (searched ring by ring, each ring clockwise from the right),
/// or `None` when every spot inside the area is taken. The spot is deterministic: the same
/// placement gives the same answer.
#[must_use]
pub fn free_spot(p: &Placement<'_>) -> Option<MapPos> {
    let (min, max) = p.extent;
    let size = (max[0] - min[0]).max(max[1] - min[1]).max(1.0) + 2.0 * p.gap.max(0.0);
    let step = size * STEP_FRACTION;
    let free = |c: MapPos| {
        let b = box_at(c, p.extent, p.gap);
        inside(box_at(c, p.extent, 0.0), p.area) && !p.obstacles.iter().any(|&o| overlaps(b, o))
    };
    // The centre of the area is kept in view: search no further than the area reaches.
    let reach = {
        let dx = (p.near[0] - p.area.0[0]).abs().max((p.near[0] - p.area.1[0]).abs());
        let dy = (p.near[1] - p.area.0[1]).abs().max((p.near[1] - p.area.1[1]).abs());
        dx.hypot(dy)
    };
    let near = p.near;
    if free(near) {
        return Some(near);
    }
    for ring in 1..=MAX_RINGS {
        let r = ring as f32 * step;
        if r > reach + step {
            break;
        }
        // About one candidate per step of circumference (2π·ring steps, rounded up).
        let count = 7 * ring;
        for k in 0..count {
            let a = std::f32::consts::TAU * k as f32 / count as f32;
            let c = [near[0] + r * a.cos(), near[1] + r * a.sin()];
            if free(c) {
                return Some(c);
            }
        }
    }
    None
}

/// Where the `n`th of a run of repeated placements goes when there is no free spot: stepped
/// diagonally from the area's centre and wrapped within the area, so it always stays in view.
#[must_use]
pub fn wrapped_offset(area: MapBox, extent: MapBox, n: u32, step: f32) -> MapPos {
    let (min, max) = area;
    // The range the item's centre may take and still be inside the area (at least one point).
    let lo = [min[0] - extent.0[0], min[1] - extent.0[1]];
    let hi = [(max[0] - extent.1[0]).max(lo[0]), (max[1] - extent.1[1]).max(lo[1])];
    let wrap = |axis: usize| {
        let span = hi[axis] - lo[axis];
        let start = (span / 2.0) + step;
        if span <= 0.0 { lo[axis] } else { lo[axis] + (start + step * n as f32).rem_euclid(span) }
    };
    [wrap(0), wrap(1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKER: MapBox = ([-10.0, -10.0], [10.0, 10.0]);
    const AREA: MapBox = ([-500.0, -500.0], [500.0, 500.0]);

    fn place(near: MapPos, obstacles: &[MapBox]) -> Option<MapPos> {
        free_spot(&Placement { near, extent: MARKER, obstacles, area: AREA, gap: 2.0 })
    }

    #[test]
    fn an_empty_spot_is_used_as_it_is() {
        assert_eq!(place([5.0, 5.0], &[]), Some([5.0, 5.0]));
        assert_eq!(place([5.0, 5.0], &[([100.0, 100.0], [120.0, 120.0])]), Some([5.0, 5.0]));
    }

    #[test]
    fn a_taken_spot_moves_to_the_nearest_free_one() {
        let marker = ([-10.0, -10.0], [10.0, 10.0]);
        let spot = place([0.0, 0.0], &[marker]).unwrap();
        let placed = box_at(spot, MARKER, 2.0);
        assert!(!overlaps(placed, marker), "{spot:?}");
        assert!(spot[0].hypot(spot[1]) < 40.0, "stays close: {spot:?}");
    }

    #[test]
    fn repeated_placements_never_overlap_and_stay_in_the_area() {
        let mut taken: Vec<MapBox> = vec![([-60.0, -20.0], [60.0, 40.0])]; // a sticky note
        for n in 0..60 {
            let spot = place([0.0, 0.0], &taken).unwrap_or_else(|| panic!("placement {n} found room"));
            let b = box_at(spot, MARKER, 0.0);
            assert!(inside(b, AREA), "{n}: {spot:?}");
            assert!(!taken.iter().any(|&o| overlaps(b, o)), "{n} overlaps: {spot:?}");
            taken.push(b);
        }
    }

    #[test]
    fn a_full_area_has_no_free_spot_and_wrapping_stays_inside() {
        let small: MapBox = ([0.0, 0.0], [60.0, 60.0]);
        let full = [small];
        assert_eq!(
            free_spot(&Placement { near: [30.0, 30.0], extent: MARKER, obstacles: &full, area: small, gap: 0.0 }),
            None
        );
        for n in 0..200 {
            let c = wrapped_offset(small, MARKER, n, 30.0);
            assert!(inside(box_at(c, MARKER, 0.0), small), "{n}: {c:?}");
        }
        // Consecutive wrapped spots differ.
        let (a, b) = (wrapped_offset(small, MARKER, 1, 30.0), wrapped_offset(small, MARKER, 2, 30.0));
        assert!((a[0] - b[0]).abs() + (a[1] - b[1]).abs() > 1.0, "{a:?} {b:?}");
    }

    #[test]
    fn an_item_larger_than_the_area_is_not_placed() {
        let tiny: MapBox = ([0.0, 0.0], [5.0, 5.0]);
        assert_eq!(
            free_spot(&Placement { near: [2.0, 2.0], extent: MARKER, obstacles: &[], area: tiny, gap: 0.0 }),
            None
        );
    }
}
