//! Figures as SVG, written from the same scene the canvas paints: markers, links, labels where
//! the scene placed them, plus a title, a legend beside the map (never over it) and a caption.
//! Text is real text in the bundled font; output is deterministic.

use super::hairline::Hairlines;
use super::xml::{escape, num, push_num};
use crate::fonts;
use crate::model::{Colour, LineStyle, MapPos, Shape};
use crate::scene::{Scene, SceneTheme, shape_outline};
use std::fmt::Write;

mod journeys;
pub(crate) use journeys::badge_ink;

/// What goes around the map in a figure.
#[derive(Debug, Clone, Default)]
pub struct FigureOptions {
    /// Title above the map.
    pub title: Option<String>,
    /// Caption below the map (wrapped to the figure's width).
    pub caption: Option<String>,
    /// Whether to draw the legend of types shown.
    pub legend: bool,
    /// Leave the background transparent (PNG).
    pub transparent: bool,
}

/// A figure: SVG text and its size in SVG user units (CSS pixels).
#[derive(Debug, Clone)]
pub struct Figure {
    /// The SVG document.
    pub svg: String,
    /// Width, px.
    pub width: f32,
    /// Height, px.
    pub height: f32,
    /// Where the organisations' labels are in `svg` (a byte range), and their text size in
    /// figure units: a raster rendering drops them when they would be too small to read.
    pub labels: Option<(std::ops::Range<usize>, f32)>,
    /// The link elements, and what a raster rendering draws instead.
    pub raster_links: Option<RasterLinks>,
}

impl Figure {
    /// The SVG for a raster rendering at `scale` pixels per figure unit: links batched by look,
    /// and without the organisations' labels if they would be smaller than
    /// [`crate::scene::MIN_LABEL_PX`].
    #[must_use]
    pub fn svg_at_scale(&self, scale: f32) -> std::borrow::Cow<'_, str> {
        let links = self.raster_links.as_ref().map(|l| (l.range.clone(), l.batched.as_str()));
        self.spliced(links, scale)
    }

    /// For a raster rendering at `scale` whose links are all under a pixel wide: the SVG of what
    /// lies under the links (background, title, lanes and hulls) and the SVG of what lies over
    /// them (arrowheads, organisations, labels as in [`Figure::svg_at_scale`], legend, caption);
    /// the links themselves are drawn as `raster_links.hairlines`. `None` for wider links.
    #[must_use]
    pub fn svgs_around_hairlines(&self, scale: f32) -> Option<(String, String)> {
        let links = self.raster_links.as_ref()?;
        if links.hairlines.is_empty() || links.hairlines.max_width() * scale > 1.0 {
            return None;
        }
        let under = format!("{}</g>\n</g>\n</svg>\n", &self.svg[..links.range.start]);
        let over = format!("{}{}", links.open_tags, links.arrows);
        let over = self.spliced(Some((0..links.range.end, &over)), scale).into_owned();
        Some((under, over))
    }

    /// The SVG with `links` replaced, and labels too small at `scale` left out.
    fn spliced(&self, links: Option<(std::ops::Range<usize>, &str)>, scale: f32) -> std::borrow::Cow<'_, str> {
        let mut edits: Vec<(std::ops::Range<usize>, &str)> = links.into_iter().collect();
        if let Some((range, size)) = &self.labels
            && size * scale < crate::scene::MIN_LABEL_PX
        {
            edits.push((range.clone(), ""));
        }
        if edits.is_empty() {
            return std::borrow::Cow::Borrowed(&self.svg);
        }
        edits.sort_by_key(|(range, _)| range.start);
        let mut out = String::with_capacity(self.svg.len());
        let mut at = 0;
        for (range, with) in edits {
            out.push_str(&self.svg[at..range.start]);
            out.push_str(with);
            at = range.end;
        }
        out.push_str(&self.svg[at..]);
        std::borrow::Cow::Owned(out)
    }
}

pub(super) const MARGIN: f32 = 24.0;
pub(super) const TITLE_SIZE: f32 = 20.0;
pub(super) const TEXT_SIZE: f32 = 13.0;
const LEGEND_ROW: f32 = 20.0;
const LEGEND_GAP: f32 = 24.0;

pub(super) fn hex(c: Colour) -> String {
    c.to_hex()
}

/// Stroke attributes for a line style at width `w`.
fn dash(style: LineStyle, w: f32) -> String {
    let lengths: Vec<String> = style.dashes().iter().map(|l| num(l * w)).collect();
    match style {
        LineStyle::Solid => String::new(),
        LineStyle::Dotted => format!(" stroke-dasharray=\"{}\" stroke-linecap=\"round\"", lengths.join(" ")),
        LineStyle::Dashed | LineStyle::DashDot => format!(" stroke-dasharray=\"{}\"", lengths.join(" ")),
    }
}

/// Writes points as `x,y x,y …`.
fn write_points(out: &mut String, pts: &[MapPos]) {
    for (i, p) in pts.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_num(out, p[0]);
        out.push(',');
        push_num(out, p[1]);
    }
}

fn points(pts: &[MapPos]) -> String {
    let mut s = String::with_capacity(16 * pts.len());
    write_points(&mut s, pts);
    s
}

/// Links gathered by look for raster renderings: one `<path>` of many pieces per look
/// (colour, width, pattern) instead of an element per link, which parses three times faster.
/// The picture is the same but where links of different looks cross (which is on top).
/// Patterns restart at each piece, as on each link. Faded links keep an element each (their
/// opacity is the element's: batched, overlapping ones would not darken as they do on screen),
/// under the others. A patterned batch is cut before it reaches [`MAX_DASHES`].
#[derive(Default)]
struct Batches {
    /// Look, path data, dashes in it so far.
    paths: Vec<(String, String, f64)>,
    /// The open batch of each look.
    index: std::collections::HashMap<String, usize>,
    /// Faded links, an element each.
    singles: String,
}

/// Dashes (or dots) in one batched path at most: tiny-skia gives up dashing a path of more
/// than a million and draws nothing.
const MAX_DASHES: f64 = 400_000.0;

impl Batches {
    /// Adds a polyline (or, `closed`, a polygon) given as `x,y x,y …` text, drawn with `attrs`,
    /// with about `dashes` dashes or dots.
    fn add(&mut self, attrs: &str, points_text: &str, closed: bool, dashes: f64) {
        let open = self.index.get(attrs).copied().filter(|&i| self.paths[i].2 + dashes <= MAX_DASHES);
        let i = open.unwrap_or_else(|| {
            self.index.insert(attrs.to_owned(), self.paths.len());
            self.paths.push((attrs.to_owned(), String::new(), 0.0));
            self.paths.len() - 1
        });
        let (_, d, count) = &mut self.paths[i];
        *count += dashes;
        for (k, point) in points_text.split(' ').enumerate() {
            d.push(if k == 0 { 'M' } else { 'L' });
            d.push_str(point);
        }
        if closed {
            d.push('Z');
        }
    }

    fn into_svg(self) -> String {
        let mut out = self.singles;
        out.reserve(self.paths.iter().map(|(a, d, _)| a.len() + d.len() + 16).sum());
        for (attrs, d, _) in self.paths {
            let _ = writeln!(out, "<path d=\"{d}\"{attrs}/>");
        }
        out
    }
}

/// What a raster rendering changes of a figure's links.
#[derive(Debug, Clone)]
pub struct RasterLinks {
    /// Where the link elements are in the SVG (a byte range).
    pub range: std::ops::Range<usize>,
    /// The same links (and arrowheads) batched by look (see [`Batches`]).
    pub batched: String,
    /// The arrowheads alone, batched: for when the links themselves are drawn as hairlines.
    pub arrows: String,
    /// The links, for drawing as hairlines when they are under a pixel wide.
    pub hairlines: Hairlines,
    /// The tags open where the links are (`<svg>`, the map group, the links group), to start
    /// an SVG of what is drawn over the links.
    pub open_tags: String,
}

/// Where the parts of the map a raster rendering changes are in the SVG.
struct MapParts {
    links: RasterLinks,
    /// The organisations' labels.
    labels: std::ops::Range<usize>,
}

fn marker(out: &mut String, shape: Shape, c: MapPos, r: f32, fill: Colour, outline: Colour, stroke_w: f32) {
    let common = format!("fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"", hex(fill), hex(outline), num(stroke_w));
    if shape == Shape::Circle {
        let _ = writeln!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {common}/>", num(c[0]), num(c[1]), num(r));
    } else {
        let _ = writeln!(out, "<polygon points=\"{}\" {common}/>", points(&shape_outline(shape, c, r)));
    }
}

/// The start of a figure's SVG: the root element `size` points across, its title, who made it,
/// the theme's background (unless transparent) and the title drawn at the top left.
pub(super) fn figure_start(
    out: &mut String,
    [width, height]: [f32; 2],
    title: Option<&str>,
    theme: &SceneTheme,
    transparent: bool,
) {
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        w = num(width),
        h = num(height)
    );
    if let Some(title) = title {
        let _ = writeln!(out, "<title>{}</title>", escape(title));
    }
    let _ = writeln!(out, "<metadata>Created by {}</metadata>", crate::CREATOR);
    if !transparent {
        let _ = writeln!(out, "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>", hex(theme.background));
    }
    if let Some(title) = title {
        text(out, MARGIN, MARGIN, TITLE_SIZE, true, theme.label, title);
    }
}

/// Text with its top-left corner at `(x, y)`.
pub(super) fn text(out: &mut String, x: f32, y: f32, size: f32, bold: bool, fill: Colour, s: &str) {
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-family=\"{}\" font-size=\"{}\"{weight} fill=\"{}\">{}</text>",
        num(x),
        num(y + fonts::ascent(size)),
        fonts::SVG_FONT_FAMILY,
        num(size),
        hex(fill),
        escape(s)
    );
}

/// Size of the legend block.
fn legend_size(scene: &Scene) -> (f32, f32) {
    if scene.legend_org_types.is_empty() && scene.legend_link_types.is_empty() {
        return (0.0, 0.0);
    }
    let widest = scene
        .legend_org_types
        .iter()
        .map(|t| t.name.as_str())
        .chain(scene.legend_link_types.iter().map(|t| t.name.as_str()))
        .map(|n| fonts::text_width(n, TEXT_SIZE, false))
        .chain(["Organisations", "Links"].iter().map(|h| fonts::text_width(h, TEXT_SIZE, true)))
        .fold(0.0, f32::max);
    let rows =
        scene.legend_org_types.len() + scene.legend_link_types.len() + 2 + usize::from(scene.size_legend.is_some());
    let size_w = scene.size_legend.as_ref().map_or(0.0, |s| fonts::text_width(&format!("Size: {s}"), TEXT_SIZE, false));
    let (journeys_w, journey_rows) = journeys::legend_extent(scene);
    (widest.max(size_w - 28.0).max(journeys_w - 28.0) + 36.0, (rows + journey_rows) as f32 * LEGEND_ROW)
}

fn legend(out: &mut String, scene: &Scene, theme: &SceneTheme, x: f32, y: f32) {
    let mut y = y;
    let row = |y: f32| y + (LEGEND_ROW - fonts::line_height(TEXT_SIZE)) / 2.0;
    text(out, x, row(y), TEXT_SIZE, true, theme.label, "Organisations");
    y += LEGEND_ROW;
    for t in &scene.legend_org_types {
        marker(out, t.shape, [x + 9.0, y + LEGEND_ROW / 2.0], 6.5, t.colour, theme.outline, 1.0);
        text(out, x + 28.0, row(y), TEXT_SIZE, false, theme.label, &t.name);
        y += LEGEND_ROW;
    }
    text(out, x, row(y), TEXT_SIZE, true, theme.label, "Links");
    y += LEGEND_ROW;
    for t in &scene.legend_link_types {
        let cy = y + LEGEND_ROW / 2.0;
        let end = if t.directed { x + 16.0 } else { x + 22.0 };
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>",
            num(x),
            num(cy),
            num(end),
            num(cy),
            hex(t.colour),
            dash(t.style, 2.0)
        );
        if t.directed {
            let tri = [[x + 23.0, cy], [x + 15.0, cy - 4.5], [x + 15.0, cy + 4.5]];
            let _ = writeln!(out, "<polygon points=\"{}\" fill=\"{}\"/>", points(&tri), hex(t.colour));
        }
        text(out, x + 28.0, row(y), TEXT_SIZE, false, theme.label, &t.name);
        y += LEGEND_ROW;
    }
    if let Some(metric) = &scene.size_legend {
        text(out, x, row(y), TEXT_SIZE, false, theme.label, &format!("Size: {metric}"));
        y += LEGEND_ROW;
    }
    journeys::legend(out, scene, theme, x, y);
}

/// Lanes and type hulls, behind everything else.
fn decor_items(out: &mut String, scene: &Scene, theme: &SceneTheme) {
    use crate::scene::style;
    if !scene.lanes.is_empty() {
        out.push_str("<g id=\"lanes\">\n");
        for (i, lane) in scene.lanes.iter().enumerate() {
            if i % 2 == 0 {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"{}\"/>",
                    num(lane.x[0]),
                    num(lane.y[0]),
                    num(lane.x[1] - lane.x[0]),
                    num(lane.y[1] - lane.y[0]),
                    hex(theme.label),
                    num(style::LANE_SHADE_OPACITY)
                );
            }
            let w = fonts::text_width(&lane.label, style::LANE_TEXT, false);
            text(
                out,
                f32::midpoint(lane.x[0], lane.x[1]) - w / 2.0,
                lane.y[0] + style::LANE_TEXT_TOP,
                style::LANE_TEXT,
                false,
                theme.label,
                &lane.label,
            );
        }
        out.push_str("</g>\n");
    }
    if !scene.hulls.is_empty() {
        out.push_str("<g id=\"hulls\">\n");
        for hull in &scene.hulls {
            let _ = writeln!(
                out,
                "<polygon points=\"{}\" fill=\"{c}\" fill-opacity=\"{}\" stroke=\"{c}\" stroke-opacity=\"{}\" stroke-width=\"{}\"/>",
                points(&hull.points),
                num(style::HULL_FILL_OPACITY),
                num(style::HULL_STROKE_OPACITY),
                num(style::HULL_STROKE_WIDTH),
                c = hex(hull.colour)
            );
            if let Some(top) = hull.points.iter().min_by(|a, b| a[1].total_cmp(&b[1])) {
                let size = hull.label_size;
                let w = fonts::text_width(&hull.label, size, false);
                text(
                    out,
                    top[0] - w / 2.0,
                    top[1] - style::HULL_LABEL_GAP - fonts::line_height(size),
                    size,
                    false,
                    theme.label,
                    &hull.label,
                );
            }
        }
        out.push_str("</g>\n");
    }
}

/// The links, an element each, and the same links batched for rasters (see [`Batches`]).
/// The link elements of a figure, with what raster renderings use instead.
fn link_items(out: &mut String, scene: &Scene, faded_alpha: f32) -> RasterLinks {
    let fade = |faded: bool| if faded { format!(" opacity=\"{}\"", num(faded_alpha)) } else { String::new() };
    let links_start = out.len();
    let mut batches = Batches::default();
    let mut arrows = Batches::default();
    let mut hairlines = Hairlines::default();
    for e in &scene.edges {
        let width = e.width.max(1.0);
        let attrs = format!(
            " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"{}{}",
            hex(e.colour),
            num(width),
            dash(e.style, width),
            fade(e.faded)
        );
        hairlines.push(&e.points, e.colour, if e.faded { faded_alpha } else { 1.0 }, width, e.style);
        let start = out.len();
        out.push_str("<polyline points=\"");
        let at = out.len();
        write_points(out, &e.points);
        let points_end = out.len();
        let _ = writeln!(out, "\"{attrs}/>");
        if let Some(tri) = e.arrow {
            let attrs = format!(" fill=\"{}\"{}", hex(e.colour), fade(e.faded));
            let arrow_start = out.len();
            out.push_str("<polygon points=\"");
            let at = out.len();
            write_points(out, &tri);
            if e.faded {
                let _ = writeln!(out, "\"{attrs}/>");
                arrows.singles.push_str(&out[arrow_start..]);
            } else {
                batches.add(&attrs, &out[at..], true, 0.0);
                arrows.add(&attrs, &out[at..], true, 0.0);
                let _ = writeln!(out, "\"{attrs}/>");
            }
        }
        if e.faded {
            batches.singles.push_str(&out[start..]);
        } else {
            // The smallest pattern spacing is three widths (dots).
            let dashes = if e.style == LineStyle::Solid {
                0.0
            } else {
                let length: f32 = e.points.windows(2).map(|p| (p[1][0] - p[0][0]).hypot(p[1][1] - p[0][1])).sum();
                f64::from(length / (3.0 * width))
            };
            batches.add(&attrs, &out[at..points_end], false, dashes);
        }
    }
    RasterLinks {
        range: links_start..out.len(),
        batched: batches.into_svg(),
        arrows: arrows.into_svg(),
        hairlines,
        open_tags: String::new(),
    }
}

/// The map part of a figure, in map coordinates.
fn map_items(out: &mut String, scene: &Scene, theme: &SceneTheme) -> MapParts {
    decor_items(out, scene, theme);
    out.push_str("<g id=\"links\">\n");
    let fade = |faded: bool| if faded { format!(" opacity=\"{}\"", num(theme.faded_alpha)) } else { String::new() };
    let links = link_items(out, scene, theme.faded_alpha);

    out.push_str("</g>\n");
    journeys::legs(out, scene, theme);
    out.push_str("<g id=\"organisations\">\n");
    for n in &scene.nodes {
        if n.faded {
            let _ = writeln!(out, "<g{}>", fade(true));
        }
        marker(out, n.shape, n.center, n.radius, n.fill, theme.outline, 1.2);
        if n.faded {
            out.push_str("</g>\n");
        }
    }
    out.push_str("</g>\n");
    let labels_start = out.len();
    out.push_str("<g id=\"labels\">\n");
    for n in &scene.nodes {
        let Some(placed) = n.placed else { continue };
        let (min, max) = placed.rect;
        if let Some([a, b]) = placed.leader {
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"0.8\"{}/>",
                num(a[0]),
                num(a[1]),
                num(b[0]),
                num(b[1]),
                hex(theme.label),
                fade(n.faded)
            );
        }
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" fill=\"{}\" fill-opacity=\"0.8\"/>",
            num(min[0] - 1.0),
            num(min[1] - 1.0),
            num(max[0] - min[0] + 2.0),
            num(max[1] - min[1] + 2.0),
            hex(theme.background)
        );
        if n.faded {
            let _ = writeln!(out, "<g{}>", fade(true));
        }
        let line_h = crate::scene::labels::line_height(n.label_size);
        for (k, line) in n.label_lines.iter().enumerate() {
            let w = crate::scene::labels::text_width(line, n.label_size);
            let x = min[0] + (max[0] - min[0] - w) * placed.align;
            text(out, x, min[1] + line_h * k as f32, n.label_size, false, theme.label, line);
        }
        if n.faded {
            out.push_str("</g>\n");
        }
    }
    out.push_str("</g>\n");
    let labels = labels_start..out.len();
    journeys::badges(out, scene, theme);
    let parts = MapParts { links, labels };
    if !scene.notes.is_empty() {
        out.push_str("<g id=\"notes\">\n");
        for note in &scene.notes {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-opacity=\"0.4\"/>",
                num(note.min[0]),
                num(note.min[1]),
                num(note.max[0] - note.min[0]),
                num(note.max[1] - note.min[1]),
                hex(crate::scene::NOTE_PAPER),
                hex(crate::scene::NOTE_INK)
            );
            let pad = 8.0 * note.text_size / crate::scene::NOTE_TEXT;
            let mut y = note.min[1] + pad;
            for line in &note.lines {
                text(out, note.min[0] + pad, y, note.text_size, false, crate::scene::NOTE_INK, line);
                y += fonts::line_height(note.text_size);
            }
        }
        out.push_str("</g>\n");
    }
    parts
}

/// Writes the scene as an SVG figure.
#[must_use]
pub fn figure_svg(scene: &Scene, theme: &SceneTheme, options: &FigureOptions) -> Figure {
    let (min, max) = scene.bounds.unwrap_or(([0.0, 0.0], [400.0, 300.0]));
    let (map_w, map_h) = (max[0] - min[0], max[1] - min[1]);
    let (legend_w, legend_h) = if options.legend { legend_size(scene) } else { (0.0, 0.0) };
    let title_h = options.title.as_ref().map_or(0.0, |_| fonts::line_height(TITLE_SIZE) + 12.0);
    let body_w = map_w + if legend_w > 0.0 { LEGEND_GAP + legend_w } else { 0.0 };
    let width = (body_w + 2.0 * MARGIN).max(200.0);
    let caption_lines = options
        .caption
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map_or_else(Vec::new, |c| crate::scene::wrap_text(c, TEXT_SIZE, width - 2.0 * MARGIN));
    let caption_h = if caption_lines.is_empty() {
        0.0
    } else {
        12.0 + caption_lines.len() as f32 * fonts::line_height(TEXT_SIZE) * 1.15
    };
    let body_h = map_h.max(legend_h);
    let height = MARGIN * 2.0 + title_h + body_h + caption_h;

    let mut out = String::with_capacity(256 * (scene.nodes.len() + scene.edges.len()) + 4096);
    figure_start(&mut out, [width, height], options.title.as_deref(), theme, options.transparent);
    let top = MARGIN + title_h;
    let svg_open = out[..out.find('\n').map_or(0, |i| i + 1)].to_owned();
    let map_open = format!("<g id=\"map\" transform=\"translate({} {})\">\n", num(MARGIN - min[0]), num(top - min[1]));
    out.push_str(&map_open);
    let mut parts = map_items(&mut out, scene, theme);
    parts.links.open_tags = format!("{svg_open}{map_open}<g id=\"links\">\n");
    parts.links.hairlines.offset = [MARGIN - min[0], top - min[1]];
    let label_size = scene.nodes.iter().map(|n| n.label_size).fold(0.0, f32::max);
    out.push_str("</g>\n");
    if legend_w > 0.0 {
        out.push_str("<g id=\"legend\">\n");
        legend(&mut out, scene, theme, MARGIN + map_w + LEGEND_GAP, top);
        out.push_str("</g>\n");
    }
    let mut y = top + body_h + 12.0;
    for line in &caption_lines {
        text(&mut out, MARGIN, y, TEXT_SIZE, false, theme.label, line);
        y += fonts::line_height(TEXT_SIZE) * 1.15;
    }
    out.push_str("</svg>\n");
    Figure { svg: out, width, height, labels: Some((parts.labels, label_size)), raster_links: Some(parts.links) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{SceneOptions, build};

    #[test]
    fn batches_stay_under_the_dash_limit_and_keep_faded_links_apart() {
        let mut b = Batches::default();
        let look = " stroke=\"#000000\" stroke-dasharray=\"0 3\"";
        for _ in 0..5 {
            b.add(look, "0,0 300000,0", false, 100_000.0);
        }
        b.add(" fill=\"#000000\"", "0,0 1,1 2,0", true, 0.0);
        b.singles.push_str("<polyline points=\"0,0 1,1\" opacity=\"0.2\"/>\n");
        let svg = b.into_svg();
        assert_eq!(svg.matches(look).count(), 2, "five pieces of 100,000 dots: two paths under {MAX_DASHES}");
        assert!(svg.starts_with("<polyline"), "faded links first, each its own element");
        assert!(svg.contains("<path d=\"M0,0L1,1L2,0Z\" fill="), "{svg}");
    }

    #[test]
    fn faded_links_keep_an_element_each_in_the_raster_links() {
        let map = crate::example_map().unwrap();
        let mut scene = build(&map, &SceneOptions::default());
        scene.edges[0].faded = true;
        let mut out = String::new();
        let links = link_items(&mut out, &scene, 0.2);
        let (range, batched) = (links.range, links.batched);
        assert_eq!(out[range].matches("<polyline").count(), scene.edges.len());
        assert_eq!(batched.matches("<polyline").count(), 1, "the faded link alone");
        assert!(batched.starts_with("<polyline") && batched.contains("opacity=\"0.2\""));
        assert!(!batched[batched.find("<path").unwrap_or(0)..].contains("opacity"), "no faded batch");
    }

    #[test]
    fn figure_is_well_formed_and_escapes_names() {
        let mut map = crate::example_map().unwrap();
        let mut org = map.org(&crate::model::OrgId::new("o1")).unwrap().clone();
        org.name = "</text><script>alert(1)</script>".into();
        map.replace_organisation(org).unwrap();
        let scene = build(&map, &SceneOptions::default());
        let opts = FigureOptions {
            title: Some("Crisis support & <friends>".into()),
            caption: Some("A caption long enough to wrap over more than one line when the figure is narrow.".into()),
            legend: true,
            transparent: false,
        };
        let fig = figure_svg(&scene, &SceneTheme::LIGHT, &opts);
        assert!(!fig.svg.contains("<script>"));
        assert!(fig.svg.contains("&lt;/text&gt;&lt;script&gt;"));
        assert!(fig.svg.contains("Crisis support &amp; &lt;friends&gt;"));
        assert!(fig.svg.contains("Helpline or listening line"), "legend names types");
        // Same input, same bytes.
        assert_eq!(fig.svg, figure_svg(&scene, &SceneTheme::LIGHT, &opts).svg);
        assert!(fig.width > 1000.0 && fig.height > 500.0);
    }
}
