//! The legend overlay's layout: its rows, in one or more columns, at a text size that lets it fit
//! the room it is given. It shrinks (more columns, then smaller text) rather than grow over the
//! map, and a fit keeps a strip of the canvas free for it ([`reserve_strip`]). Sizes are screen
//! points; text is measured with the label font, so the canvas, presentation and projector agree.

use super::Scene;

/// Text size of a legend at full size, points.
pub const LEGEND_TEXT: f32 = 13.0;
/// Smallest text the legend shrinks to, points.
const MIN_TEXT: f32 = 9.0;
/// Most columns the legend spreads its rows over.
const MAX_COLUMNS: usize = 3;
/// Space between the legend and the canvas's edge, points.
pub const LEGEND_MARGIN: f32 = 12.0;

/// One row of the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendEntry {
    /// "Organisations" or "Links".
    Heading(&'static str),
    /// An organisation type in use: its index in [`Scene::legend_org_types`].
    OrgType(usize),
    /// A link type in use: its index in [`Scene::legend_link_types`].
    LinkType(usize),
    /// A journey drawn over the map: its index in [`Scene::journeys`].
    Journey(usize),
    /// What marker size shows.
    Size,
    /// The collapsed legend's only row.
    Collapsed,
}

/// The legend laid out: its size, text size and each row's place.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendLayout {
    /// Width and height, points.
    pub size: [f32; 2],
    /// Text size, points.
    pub text: f32,
    /// Height of a row, points.
    pub row: f32,
    /// How many columns the rows are spread over.
    pub columns: usize,
    /// Each row and the left end of its vertical middle, relative to the legend's top-left.
    pub entries: Vec<(LegendEntry, [f32; 2])>,
}

/// Width of the swatch (marker or line) before a name, in multiples of the text size.
const SWATCH_EMS: f32 = 28.0 / 13.0;
/// Height of the header strip (where the legend is dragged, collapsed and closed), points.
pub const HEADER_H: f32 = 18.0;

fn entry_text(scene: &Scene, e: LegendEntry) -> String {
    match e {
        LegendEntry::Heading(h) => h.to_owned(),
        LegendEntry::OrgType(i) => scene.legend_org_types.get(i).map(|t| t.name.clone()).unwrap_or_default(),
        LegendEntry::LinkType(i) => scene.legend_link_types.get(i).map(|t| t.name.clone()).unwrap_or_default(),
        LegendEntry::Journey(i) => scene.journeys.get(i).map(super::JourneyItem::legend_label).unwrap_or_default(),
        LegendEntry::Size => format!("Size: {}", scene.size_legend.as_deref().unwrap_or_default()),
        LegendEntry::Collapsed => "Legend".to_owned(),
    }
}

/// The text an entry shows (a type's name, a heading).
#[must_use]
pub fn legend_text(scene: &Scene, e: LegendEntry) -> String {
    entry_text(scene, e)
}

fn entries(scene: &Scene) -> Vec<LegendEntry> {
    let mut out = vec![LegendEntry::Heading("Organisations")];
    out.extend((0..scene.legend_org_types.len()).map(LegendEntry::OrgType));
    if !scene.legend_link_types.is_empty() {
        out.push(LegendEntry::Heading("Links"));
        out.extend((0..scene.legend_link_types.len()).map(LegendEntry::LinkType));
    }
    if !scene.journeys.is_empty() {
        out.push(LegendEntry::Heading("Journeys"));
        out.extend((0..scene.journeys.len()).map(LegendEntry::Journey));
    }
    if scene.size_legend.is_some() {
        out.push(LegendEntry::Size);
    }
    out
}

fn layout_at(scene: &Scene, list: &[LegendEntry], text: f32, columns: usize) -> LegendLayout {
    let row = text * 20.0 / 13.0;
    let swatch = text * SWATCH_EMS;
    let pad = 10.0;
    let per_col = list.len().div_ceil(columns.max(1)).max(1);
    let mut entries = Vec::with_capacity(list.len());
    let mut x = pad;
    let mut width = 0.0_f32;
    for chunk in list.chunks(per_col) {
        let col_w = chunk
            .iter()
            .map(|&e| {
                let indent =
                    if matches!(e, LegendEntry::OrgType(_) | LegendEntry::LinkType(_) | LegendEntry::Journey(_)) {
                        swatch
                    } else {
                        0.0
                    };
                indent + super::labels::text_width(&entry_text(scene, e), text)
            })
            .fold(0.0, f32::max);
        for (k, &e) in chunk.iter().enumerate() {
            entries.push((e, [x, HEADER_H + row * (k as f32 + 0.5)]));
        }
        x += col_w + 2.0 * pad;
        width = x - pad;
    }
    let rows = per_col.min(list.len());
    LegendLayout {
        size: [width + pad, HEADER_H + rows as f32 * row + 6.0],
        text,
        row,
        columns: columns.min(list.len().max(1)),
        entries,
    }
}

/// The legend of `scene` laid out to fit `max` (width, height, points): at full size in one
/// column if it fits, else in more columns, else with smaller text; the smallest layout when
/// nothing fits. `None` when there is nothing to show. Collapsed, it is one row.
#[must_use]
pub fn legend_layout(scene: &Scene, max: [f32; 2], collapsed: bool) -> Option<LegendLayout> {
    if scene.legend_org_types.is_empty() && scene.legend_link_types.is_empty() {
        return None;
    }
    if collapsed {
        let mut l = layout_at(scene, &[], LEGEND_TEXT, 1);
        l.size = [l.size[0].max(90.0), HEADER_H + 4.0];
        l.entries.clear();
        return Some(l);
    }
    let list = entries(scene);
    let mut smallest = None;
    let mut text = LEGEND_TEXT;
    while text >= MIN_TEXT - 1e-3 {
        for columns in 1..=MAX_COLUMNS {
            let l = layout_at(scene, &list, text, columns);
            if l.size[0] <= max[0] && l.size[1] <= max[1] {
                return Some(l);
            }
            smallest = Some(l);
        }
        text -= 1.0;
    }
    smallest
}

/// The legend of `scene` in every shape that fits `max` (one to three columns, full and smaller
/// text), largest text and fewest columns first: a fit picks the one that leaves the map the
/// most room. The smallest shape when none fits; empty when there is nothing to show.
#[must_use]
pub fn legend_shapes(scene: &Scene, max: [f32; 2], collapsed: bool) -> Vec<LegendLayout> {
    let Some(fallback) = legend_layout(scene, max, collapsed) else { return Vec::new() };
    if collapsed {
        return vec![fallback];
    }
    let list = entries(scene);
    let mut out = Vec::new();
    for text in [LEGEND_TEXT, LEGEND_TEXT - 2.0] {
        for columns in 1..=MAX_COLUMNS.min(list.len()) {
            let l = layout_at(scene, &list, text, columns);
            if l.size[0] <= max[0]
                && l.size[1] <= max[1]
                && !out
                    .iter()
                    .any(|o: &LegendLayout| (o.size[0] - l.size[0]).abs() + (o.size[1] - l.size[1]).abs() < 0.5)
            {
                out.push(l);
            }
        }
    }
    if out.is_empty() {
        out.push(fallback);
    }
    out
}

/// The legend of `scene` in a given shape (text size, columns).
#[must_use]
pub fn legend_layout_with(scene: &Scene, text: f32, columns: usize) -> Option<LegendLayout> {
    if scene.legend_org_types.is_empty() && scene.legend_link_types.is_empty() {
        return None;
    }
    Some(layout_at(scene, &entries(scene), text, columns))
}

/// A corner of the canvas for the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Corner {
    /// Lower left (where the legend starts).
    #[default]
    BottomLeft,
    /// Lower right.
    BottomRight,
    /// Upper left.
    TopLeft,
    /// Upper right.
    TopRight,
}

impl Corner {
    /// Every corner, in order of preference.
    pub const ALL: [Corner; 4] = [Corner::BottomLeft, Corner::BottomRight, Corner::TopLeft, Corner::TopRight];

    /// The box (min, max) of a legend of `size` in this corner of `area` (min, max), `margin` in.
    #[must_use]
    pub fn place(self, area: ([f32; 2], [f32; 2]), size: [f32; 2], margin: f32) -> ([f32; 2], [f32; 2]) {
        let (min, max) = area;
        let x = match self {
            Corner::BottomLeft | Corner::TopLeft => min[0] + margin,
            Corner::BottomRight | Corner::TopRight => max[0] - margin - size[0],
        };
        let y = match self {
            Corner::TopLeft | Corner::TopRight => min[1] + margin,
            Corner::BottomLeft | Corner::BottomRight => max[1] - margin - size[1],
        };
        ([x, y], [x + size[0], y + size[1]])
    }
}

/// Which side of the canvas a fit keeps clear for an overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A strip along the left edge.
    Left,
    /// Along the right edge.
    Right,
    /// Along the top.
    Top,
    /// Along the bottom.
    Bottom,
}

/// The part of `area` (min, max) a map of `content` size (width, height) is fitted into when an
/// overlay occupying `overlay` (min, max) must stay clear: of the four strips reaching from an
/// edge of the area to the far side of the overlay, the one whose removal leaves the map the
/// largest scale once `margin` is kept clear inside it. Returns the free part and the side
/// given up.
#[must_use]
pub fn reserve_strip(
    area: ([f32; 2], [f32; 2]),
    overlay: ([f32; 2], [f32; 2]),
    content: [f32; 2],
    margin: f32,
) -> (([f32; 2], [f32; 2]), Side) {
    let (min, max) = area;
    let (omin, omax) = overlay;
    let options = [
        (Side::Left, ([omax[0].clamp(min[0], max[0]), min[1]], max)),
        (Side::Right, (min, [omin[0].clamp(min[0], max[0]), max[1]])),
        (Side::Top, ([min[0], omax[1].clamp(min[1], max[1])], max)),
        (Side::Bottom, (min, [max[0], omin[1].clamp(min[1], max[1])])),
    ];
    let scale = |(a, b): ([f32; 2], [f32; 2])| {
        ((b[0] - a[0] - 2.0 * margin).max(0.0) / content[0].max(1.0))
            .min((b[1] - a[1] - 2.0 * margin).max(0.0) / content[1].max(1.0))
    };
    let mut best = options[0];
    for o in options {
        if scale(o.1) > scale(best.1) + 1e-6 {
            best = o;
        }
    }
    (best.1, best.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legend_shrinks_to_fit_and_a_fit_keeps_clear_of_it() {
        let scene = super::super::build(&crate::example_map().unwrap(), &super::super::SceneOptions::default());
        let full = legend_layout(&scene, [1e4, 1e4], false).unwrap();
        assert_eq!((full.columns, full.text), (1, LEGEND_TEXT));
        // Half as tall: more columns first, same text.
        let half = legend_layout(&scene, [1e4, full.size[1] * 0.6], false).unwrap();
        assert!(half.columns > 1 && half.size[1] <= full.size[1] * 0.6, "{half:?}");
        assert!((half.text - LEGEND_TEXT).abs() < 1e-3);
        // Narrow and short: smaller text.
        let small = legend_layout(&scene, [full.size[0] * 1.2, full.size[1] * 0.5], false).unwrap();
        assert!(small.text < LEGEND_TEXT, "{small:?}");
        let collapsed = legend_layout(&scene, [1e4, 1e4], true).unwrap();
        assert!(collapsed.size[1] < 30.0 && collapsed.entries.is_empty());
        // A wide map beside a tall legend in the lower left gives up a strip along the bottom
        // or the left, whichever leaves it bigger.
        let area = ([0.0, 0.0], [1000.0, 800.0]);
        let legend = Corner::BottomLeft.place(area, [200.0, 300.0], 12.0);
        let (free, side) = reserve_strip(area, legend, [1000.0, 200.0], 0.0);
        assert_eq!(side, Side::Bottom);
        assert!(free.1[1] <= legend.0[1]);
        let (free, side) = reserve_strip(area, legend, [200.0, 800.0], 0.0);
        assert_eq!(side, Side::Left);
        assert!(free.0[0] >= legend.1[0]);
    }
}
