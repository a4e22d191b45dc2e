//! Label placement: where each organisation's name goes so that no two labels overlap and no
//! label covers a marker. One function serves the canvas, presentation, the projector window and
//! every figure, so a name sits in the same place on screen and on paper.
//!
//! Names are wrapped to a bounded width once, when the scene is built ([`wrap_label`]). Placement
//! is greedy in priority order (the caller's: selected, focused, then highest degree): each label
//! tries candidate boxes around its marker — below, above, right, left, the four diagonals, then
//! the same eight directions further out with a leader line back to the marker — and takes the
//! first that overlaps no marker and no label placed before it. A label with no free candidate
//! is left out (drawn over nothing). Markers and placed labels are kept in uniform grids, so each
//! test looks only at its neighbourhood and the whole placement is linear in the labels placed.

use super::grid::Grid;
use super::{MapBox, NodeItem};
use crate::model::MapPos;
use foldhash::HashMap as FastMap;

/// Longest line of a label, in multiples of its text size (about 28 characters).
pub const WRAP_EMS: f32 = 15.0;
/// Most lines a label takes; a longer name ends in an ellipsis on the last line.
pub const MAX_LINES: usize = 3;
/// Gap between a marker and its label, in map units at the default label size.
pub const GAP: f32 = 3.0;
/// Clear space kept around each label (its halo), map units at the default label size.
const PAD: f32 = 1.0;

/// Width of `text` at `size` in the font labels are drawn with. Every label measurement goes
/// through here (and [`line_height`]), so a change of font or shaping changes one place.
#[must_use]
pub fn text_width(text: &str, size: f32) -> f32 {
    crate::fonts::text_width(text, size, false)
}

/// Height of one line of label text at `size`.
#[must_use]
pub fn line_height(size: f32) -> f32 {
    crate::fonts::line_height(size)
}

/// A name broken into lines no wider than [`WRAP_EMS`] × `size` (words longer than that are
/// broken between characters), at most [`MAX_LINES`] of them, the last ending in "…" when the
/// name is longer. Returns the lines and the widest line's width.
#[must_use]
pub fn wrap_label(name: &str, size: f32) -> (Vec<String>, f32) {
    let name = name.trim();
    if name.is_empty() {
        return (Vec::new(), 0.0);
    }
    let max_w = WRAP_EMS * size;
    let whole = text_width(name, size);
    if whole <= max_w && !name.contains('\n') {
        return (vec![name.to_owned()], whole);
    }
    let mut lines: Vec<String> = Vec::new();
    for para in name.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if text_width(&candidate, size) <= max_w {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than a line is broken between characters.
            for c in word.chars() {
                line.push(c);
                if text_width(&line, size) > max_w && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        if lines.len() > MAX_LINES {
            break;
        }
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && text_width(&format!("{last}…"), size) > max_w {
                last.pop();
            }
            let trimmed = last.trim_end().to_owned();
            *last = format!("{trimmed}…");
        }
    }
    let width = lines.iter().map(|l| text_width(l, size)).fold(0.0, f32::max);
    (lines, width)
}

/// Where one label went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedLabel {
    /// Index of the organisation's marker in the scene's nodes.
    pub node: usize,
    /// The label's box (min, max), map units; its lines are stacked from the top.
    pub rect: MapBox,
    /// How lines sit across the box: 0 left, 0.5 centred, 1 right (towards the marker).
    pub align: f32,
    /// A line from the marker's rim to the label, when the label sits away from its marker.
    pub leader: Option<[MapPos; 2]>,
}

/// What to place: which markers' labels, in which order, at what text scale.
#[derive(Debug, Clone, Copy)]
pub struct LabelRequest<'a> {
    /// Markers whose labels to place, highest priority first. Only these count as obstacles.
    pub order: &'a [usize],
    /// Label boxes, gaps and pads are multiplied by this (the canvas draws labels larger than
    /// the scene's size when zoomed out, to keep them readable); 1 for figures.
    pub text_scale: f32,
    /// Labels must lie inside this box (the visible canvas), if given.
    pub within: Option<MapBox>,
    /// Boxes no label may cover besides markers and other labels (an overlay such as the legend).
    pub keep_out: &'a [MapBox],
}

/// Labels placed for some markers, with those left out for want of room.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelLayout {
    /// Labels placed, in priority order.
    pub placed: Vec<PlacedLabel>,
    /// Markers with a name whose label found no free spot, in priority order.
    pub left_out: Vec<usize>,
}

/// A placed label's box as seen from the marker's centre: its offset and alignment.
struct Candidate {
    min: MapPos,
    align: f32,
    leader: bool,
}

/// Candidate boxes (top-left corners) for a `w` × `h` label around a marker whose outline
/// spans `m`: the four sides and four diagonals next to the marker, then the same further out.
fn candidates(m: MapBox, gap: f32, w: f32, h: f32) -> impl Iterator<Item = Candidate> {
    let ([x0, y0], [x1, y1]) = m;
    let (cx, cy) = (f32::midpoint(x0, x1), f32::midpoint(y0, y1));
    [0.0_f32, 1.0, 2.2].into_iter().flat_map(move |ring| {
        let d = gap + ring * (h + gap);
        // Diagonals sit off the corners of the marker's box, a little closer in at the first ring.
        let k = if ring > 0.0 { d * std::f32::consts::FRAC_1_SQRT_2 } else { gap * 0.5 };
        let leader = ring > 0.0;
        [
            Candidate { min: [cx - w / 2.0, y1 + d], align: 0.5, leader },
            Candidate { min: [cx - w / 2.0, y0 - d - h], align: 0.5, leader },
            Candidate { min: [x1 + d, cy - h / 2.0], align: 0.0, leader },
            Candidate { min: [x0 - d - w, cy - h / 2.0], align: 1.0, leader },
            Candidate { min: [x1 + k, y1 + k], align: 0.0, leader },
            Candidate { min: [x0 - k - w, y1 + k], align: 1.0, leader },
            Candidate { min: [x1 + k, y0 - k - h], align: 0.0, leader },
            Candidate { min: [x0 - k - w, y0 - k - h], align: 1.0, leader },
        ]
    })
}

fn overlaps(a: MapBox, b: MapBox) -> bool {
    a.0[0] < b.1[0] && b.0[0] < a.1[0] && a.0[1] < b.1[1] && b.0[1] < a.1[1]
}

fn grow(b: MapBox, by: f32) -> MapBox {
    ([b.0[0] - by, b.0[1] - by], [b.1[0] + by, b.1[1] + by])
}

/// Placed label boxes bucketed by cell, for the overlap tests.
struct BoxGrid {
    cell: f32,
    cells: FastMap<(i32, i32), Vec<MapBox>>,
}

impl BoxGrid {
    fn range(&self, b: MapBox) -> (i32, i32, i32, i32) {
        let f = |v: f32| crate::convert::floor_i32(v / self.cell);
        (f(b.0[0]), f(b.0[1]), f(b.1[0]), f(b.1[1]))
    }

    fn any_overlap(&self, b: MapBox) -> bool {
        let (c0, r0, c1, r1) = self.range(b);
        (r0..=r1).any(|r| (c0..=c1).any(|c| self.cells.get(&(c, r)).is_some_and(|v| v.iter().any(|&o| overlaps(o, b)))))
    }

    fn insert(&mut self, b: MapBox) {
        let (c0, r0, c1, r1) = self.range(b);
        for r in r0..=r1 {
            for c in c0..=c1 {
                self.cells.entry((c, r)).or_default().push(b);
            }
        }
    }
}

/// Places the labels of `request.order` (see the module's description). Deterministic: the
/// same nodes and request give the same layout.
#[must_use]
pub fn place(nodes: &[NodeItem], request: &LabelRequest<'_>) -> LabelLayout {
    let k = request.text_scale.max(1e-6);
    let order = request.order;
    let mut layout = LabelLayout { placed: Vec::with_capacity(order.len()), left_out: Vec::new() };
    let Some(first) = order.first().map(|&i| &nodes[i]) else { return layout };
    let centres: Vec<MapPos> = order.iter().map(|&i| nodes[i].center).collect();
    // Marker outlines' boxes, with their outline's stroke.
    let boxes: Vec<MapBox> =
        order.iter().map(|&i| grow(super::marker_box(nodes[i].shape, nodes[i].center, nodes[i].radius), 0.6)).collect();
    let max_r = boxes
        .iter()
        .zip(&centres)
        .map(|(b, c)| (c[0] - b.0[0]).max(b.1[0] - c[0]).max(c[1] - b.0[1]).max(b.1[1] - c[1]))
        .fold(0.0, f32::max);
    let line_h = line_height(first.label_size) * k;
    let markers = Grid::new(&centres, (max_r * 6.0).max(line_h * 4.0).max(1.0));
    let covers_marker = |b: MapBox| {
        markers.any_in([b.0[0] - max_r, b.0[1] - max_r], [b.1[0] + max_r, b.1[1] + max_r], |j| overlaps(b, boxes[j]))
    };
    let mut labels = BoxGrid { cell: (line_h * 4.0).max(1.0), cells: FastMap::default() };
    let pad = PAD * first.label_size / super::DEFAULT_LABEL_SIZE * k;
    for (&i, &own) in order.iter().zip(&boxes) {
        let n = &nodes[i];
        if n.label_lines.is_empty() {
            continue;
        }
        let w = n.label_width * k;
        let h = line_height(n.label_size) * k * n.label_lines.len() as f32;
        let gap = GAP * n.label_size / super::DEFAULT_LABEL_SIZE * k;
        let found = candidates(own, gap, w, h).find(|c| {
            let b = grow((c.min, [c.min[0] + w, c.min[1] + h]), pad);
            request.within.is_none_or(|w| b.0[0] >= w.0[0] && b.0[1] >= w.0[1] && b.1[0] <= w.1[0] && b.1[1] <= w.1[1])
                && !request.keep_out.iter().any(|&o| overlaps(b, o))
                && !labels.any_overlap(b)
                && !covers_marker(b)
        });
        match found {
            Some(c) => {
                let rect = (c.min, [c.min[0] + w, c.min[1] + h]);
                labels.insert(grow(rect, pad));
                let leader = c.leader.then(|| leader_line(n.center, n.radius, rect));
                layout.placed.push(PlacedLabel { node: i, rect, align: c.align, leader });
            }
            None => layout.left_out.push(i),
        }
    }
    layout
}

/// A line from a marker's rim towards the nearest point of its label's box.
fn leader_line(c: MapPos, r: f32, (min, max): MapBox) -> [MapPos; 2] {
    let to = [c[0].clamp(min[0], max[0]), c[1].clamp(min[1], max[1])];
    let (dx, dy) = (to[0] - c[0], to[1] - c[1]);
    let len = dx.hypot(dy).max(1e-6);
    [[c[0] + dx / len * r, c[1] + dy / len * r], to]
}

/// The markers of `nodes` in label priority order: those in `first` (e.g. selected), then those
/// not faded (a focus or highlight), then by degree, most links first; ties in scene order.
#[must_use]
pub fn priority_order(
    nodes: &[NodeItem],
    which: impl IntoIterator<Item = usize>,
    first: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let mut order: Vec<usize> = which.into_iter().collect();
    order.sort_by_key(|&i| (!first(i), nodes[i].faded, std::cmp::Reverse(nodes[i].degree), i));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crowded() -> Vec<NodeItem> {
        let mut map = crate::model::Map::new();
        // A tight grid of long names: not every label can have room.
        for i in 0..64 {
            let (x, y) = ((i % 8) as f32 * 40.0, (i / 8) as f32 * 40.0);
            let org = crate::model::Organisation::new(
                crate::model::OrgId::new(format!("o{i:02}")),
                format!("Organisation number {i} with a long name"),
                crate::model::TypeId::new("helpline"),
                [x, y],
            );
            map.insert_organisation(org).unwrap();
        }
        super::super::build(&map, &super::super::SceneOptions::default()).nodes
    }

    fn all_clear(nodes: &[NodeItem], layout: &LabelLayout) {
        for (k, a) in layout.placed.iter().enumerate() {
            for b in &layout.placed[k + 1..] {
                assert!(!overlaps(a.rect, b.rect), "{a:?} overlaps {b:?}");
            }
            for n in nodes {
                assert!(!overlaps(a.rect, super::super::marker_box(n.shape, n.center, n.radius)), "{a:?} on {}", n.id);
            }
        }
    }

    #[test]
    fn placed_labels_never_overlap_and_the_rest_are_left_out_by_priority() {
        let nodes = crowded();
        let order: Vec<usize> = (0..nodes.len()).collect();
        let layout = place(&nodes, &LabelRequest { order: &order, text_scale: 1.0, within: None, keep_out: &[] });
        all_clear(&nodes, &layout);
        assert!(!layout.left_out.is_empty(), "a crowded grid leaves some out");
        assert_eq!(layout.placed.len() + layout.left_out.len(), nodes.len());
        assert!(layout.placed.iter().any(|p| p.leader.is_some()), "some labels sit further out with a leader");
        // The first in priority always gets its label.
        let last = nodes.len() - 1;
        let first = priority_order(&nodes, 0..nodes.len(), |i| i == last);
        assert_eq!(first[0], last);
        let layout = place(&nodes, &LabelRequest { order: &first, text_scale: 1.0, within: None, keep_out: &[] });
        assert_eq!(layout.placed[0].node, last);
        // Twice the text size (zoomed out on screen): still clear, fewer placed.
        let big = place(&nodes, &LabelRequest { order: &order, text_scale: 2.0, within: None, keep_out: &[] });
        all_clear(&nodes, &big);
        assert!(big.placed.len() < layout.placed.len());
    }

    #[test]
    fn labels_stay_inside_the_area_and_off_what_is_kept_clear() {
        let nodes = crowded();
        let order: Vec<usize> = (0..nodes.len()).collect();
        let within = ([-200.0, -200.0], [420.0, 420.0]);
        let keep_out = [([0.0, 0.0], [150.0, 150.0])];
        let layout =
            place(&nodes, &LabelRequest { order: &order, text_scale: 1.0, within: Some(within), keep_out: &keep_out });
        assert!(!layout.placed.is_empty());
        for p in &layout.placed {
            assert!(p.rect.0[0] >= within.0[0] && p.rect.1[0] <= within.1[0] && p.rect.1[1] <= within.1[1], "{p:?}");
            assert!(!overlaps(p.rect, keep_out[0]), "{p:?}");
        }
    }

    #[test]
    fn short_names_stay_on_one_line_and_long_ones_wrap_with_an_ellipsis() {
        let (lines, w) = wrap_label("Listening line", 13.0);
        assert_eq!(lines, vec!["Listening line"]);
        assert!((w - text_width("Listening line", 13.0)).abs() < 1e-3);
        let (lines, w) = wrap_label("Anytown General Hospital A&E (psychiatric liaison)", 13.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(w <= WRAP_EMS * 13.0);
        let long = "word ".repeat(60);
        let (lines, w) = wrap_label(&long, 13.0);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines[MAX_LINES - 1].ends_with('…'), "{lines:?}");
        assert!(w <= WRAP_EMS * 13.0);
        // One unbroken 200-character word: broken between characters, still bounded.
        let (lines, w) = wrap_label(&"x".repeat(200), 13.0);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(w <= WRAP_EMS * 13.0, "{w}");
        assert!(wrap_label("  ", 13.0).0.is_empty());
    }
}
