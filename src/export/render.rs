//! SVG figures rendered to PNG (resvg) and PDF (svg2pdf) with the bundled font only, so the
//! output is the same on every machine.

mod pdf;

use super::svg::Figure;
use crate::fonts;
use std::sync::{Arc, OnceLock};

/// Why a figure could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The SVG could not be read back (a bug: we wrote it).
    #[error("the figure's SVG could not be read: {0}")]
    Svg(String),
    /// The requested size is zero or too large.
    #[error("a {0}×{1} pixel image is too large or empty (the limit is 16,384 pixels a side)")]
    Size(u32, u32),
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Png(String),
    /// PDF conversion failed.
    #[error("PDF conversion failed: {0}")]
    Pdf(String),
}

/// Paper sizes for PDF figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 297 × 420 mm.
    A3,
    /// 420 × 594 mm.
    A2,
}

impl Paper {
    /// Every paper size, smallest first, with its name.
    pub const ALL: [(Paper, &'static str); 3] = [(Paper::A4, "A4"), (Paper::A3, "A3"), (Paper::A2, "A2")];

    /// Portrait width and height in PDF points.
    #[must_use]
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::A3 => (841.89, 1190.55),
            Paper::A2 => (1190.55, 1683.78),
        }
    }

    /// A paper size by name (`a4`, `a3`, `a2`).
    #[must_use]
    pub fn named(name: &str) -> Option<Paper> {
        Self::ALL.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)).map(|(p, _)| *p)
    }

    /// Its name (`A4`).
    #[must_use]
    pub fn label(self) -> &'static str {
        Self::ALL.iter().find(|(p, _)| *p == self).map_or("", |(_, n)| n)
    }
}

/// How a PDF page is oriented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    /// Whichever sets the map larger (for tiles: needs fewer pages).
    #[default]
    Auto,
    /// Taller than wide.
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// Smallest text size for the organisations' labels on a PDF page, points: a figure that would
/// set them smaller leaves them out (and says so) or is tiled across pages.
pub const MIN_LABEL_PT: f32 = 6.0;
/// Margin around the map on a page, points (15 mm).
const PAGE_MARGIN: f32 = 42.5;
/// Largest page side PDF readers accept (Acrobat's limit), points.
pub const MAX_PAGE_PT: f32 = 14_400.0;

/// How a PDF figure is set on its page or pages.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPlan {
    /// Page size, points (width, height).
    pub page: (f32, f32),
    /// Whether the page is landscape.
    pub landscape: bool,
    /// Points per figure unit on the map pages.
    pub scale: f32,
    /// Size of the organisations' labels on the map pages, points (`None` without labels).
    pub label_pt: Option<f32>,
    /// Whether the labels are printed (not when they would be under [`MIN_LABEL_PT`]).
    pub labels_shown: bool,
    /// Tiles across and down (1 × 1: a single page, no overview).
    pub tiles: (usize, usize),
    /// What the user should know: labels left out and what would fit, tiling, a page scaled down.
    pub notes: Vec<String>,
}

impl PdfPlan {
    /// Pages in the file: the tiles, plus an overview page when there is more than one.
    #[must_use]
    pub fn pages(&self) -> usize {
        let n = self.tiles.0 * self.tiles.1;
        if n > 1 { n + 1 } else { 1 }
    }
}

/// Points per figure unit that fit `size` inside `page` less its margins.
fn fit_scale(size: (f32, f32), page: (f32, f32)) -> f32 {
    ((page.0 - 2.0 * PAGE_MARGIN) / size.0.max(1.0)).min((page.1 - 2.0 * PAGE_MARGIN) / size.1.max(1.0))
}

/// How a figure of `size` units, whose organisations' labels are `label_size` units, is set: on
/// its own page size (`paper` none; scaled down past [`MAX_PAGE_PT`]), fitted to a paper size,
/// or with `tile` across as many pages of it as keep the labels at [`MIN_LABEL_PT`] plus an
/// overview page. Labels are never set below [`MIN_LABEL_PT`]: where they would be, they are
/// left out and a note names the paper that would fit and the tiling that would.
#[must_use]
pub fn pdf_plan(size: (f32, f32), label_size: Option<f32>, paper: Option<(Paper, Orientation)>, tile: bool) -> PdfPlan {
    let (w, h) = (size.0.max(1.0), size.1.max(1.0));
    let mut notes = Vec::new();
    let Some((paper, orientation)) = paper else {
        let scale = (MAX_PAGE_PT / w.max(h)).min(1.0);
        if scale < 1.0 {
            notes.push(format!(
                "The figure is {:.0} × {:.0} points, past the {MAX_PAGE_PT:.0}-point page limit of PDF readers: scaled to {:.0} × {:.0}.",
                w,
                h,
                w * scale,
                h * scale
            ));
        }
        let label_pt = label_size.map(|s| s * scale);
        let labels_shown = label_pt.is_none_or(|pt| pt >= MIN_LABEL_PT - 1e-3);
        if !labels_shown {
            notes.push(format!(
                "The organisations' labels would be {:.1} pt, under the {MIN_LABEL_PT} pt minimum, so they are left out.",
                label_pt.unwrap_or(0.0)
            ));
        }
        return PdfPlan {
            page: (w * scale, h * scale),
            landscape: w > h,
            scale,
            label_pt,
            labels_shown,
            tiles: (1, 1),
            notes,
        };
    };
    let (pw, ph) = paper.size_pt();
    let oriented = |landscape: bool| if landscape { (ph, pw) } else { (pw, ph) };
    let tiles_at = |landscape: bool, scale: f32| {
        let (ow, oh) = oriented(landscape);
        let count = |v: f32| usize::try_from(crate::convert::round_px((v - 1e-3).ceil()).max(1)).unwrap_or(1);
        (count((w * scale) / (ow - 2.0 * PAGE_MARGIN)), count((h * scale) / (oh - 2.0 * PAGE_MARGIN)))
    };
    let needed = label_size.map_or(0.0, |s| MIN_LABEL_PT / s.max(1e-3));
    let landscape = match orientation {
        Orientation::Landscape => true,
        Orientation::Portrait => false,
        Orientation::Auto => {
            let (l, p) = (fit_scale((w, h), oriented(true)), fit_scale((w, h), oriented(false)));
            if tile && l.max(p) < needed {
                let (a, b) = (tiles_at(true, needed), tiles_at(false, needed));
                a.0 * a.1 <= b.0 * b.1
            } else {
                l >= p
            }
        }
    };
    let page = oriented(landscape);
    let fitted = fit_scale((w, h), page);
    let orientation_name = if landscape { "landscape" } else { "portrait" };
    let label = label_size.unwrap_or(0.0);
    if fitted >= needed {
        let label_pt = label_size.map(|s| s * fitted);
        return PdfPlan { page, landscape, scale: fitted, label_pt, labels_shown: true, tiles: (1, 1), notes };
    }
    let tiles = tiles_at(landscape, needed);
    if tile {
        // As large as the tiles allow, labels at least the minimum.
        let scale = (tiles.0 as f32 * (page.0 - 2.0 * PAGE_MARGIN) / w)
            .min(tiles.1 as f32 * (page.1 - 2.0 * PAGE_MARGIN) / h)
            .max(needed);
        notes.push(format!(
            "Printed across {} pages of {} {orientation_name} ({} across, {} down) with labels at {:.1} pt, after an overview page.",
            tiles.0 * tiles.1,
            paper.label(),
            tiles.0,
            tiles.1,
            label * scale
        ));
        return PdfPlan { page, landscape, scale, label_pt: Some(label * scale), labels_shown: true, tiles, notes };
    }
    notes.push(too_small_note(paper, orientation_name, (w, h), label, label * fitted, tiles.0 * tiles.1));
    PdfPlan {
        page,
        landscape,
        scale: fitted,
        label_pt: Some(label * fitted),
        labels_shown: false,
        tiles: (1, 1),
        notes,
    }
}

fn options() -> resvg::usvg::Options<'static> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    let db = FONTS.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(fonts::REGULAR.to_vec());
        db.load_font_data(fonts::BOLD.to_vec());
        // Characters DejaVu Sans lacks (emoji) fall back to the faces in the database that have them.
        db.load_font_data(fonts::EMOJI.to_vec());
        db.set_sans_serif_family(fonts::FAMILY);
        Arc::new(db)
    });
    resvg::usvg::Options {
        font_family: fonts::FAMILY.to_owned(),
        fontdb: db.clone(),
        ..resvg::usvg::Options::default()
    }
}

fn tree(svg: &str) -> Result<resvg::usvg::Tree, RenderError> {
    resvg::usvg::Tree::from_str(svg, &options()).map_err(|e| RenderError::Svg(e.to_string()))
}

/// Largest PNG side accepted.
pub const MAX_PNG_SIDE: u32 = 16_384;

/// Renders the figure `width_px` pixels wide (height in proportion) into a pixmap.
fn pixmap(figure: &Figure, width_px: u32) -> Result<resvg::tiny_skia::Pixmap, RenderError> {
    let scale = width_px as f32 / figure.width.max(1.0);
    let height_px = crate::convert::round_px(figure.height * scale).max(1);
    if width_px == 0 || width_px > MAX_PNG_SIDE || height_px > MAX_PNG_SIDE {
        return Err(RenderError::Size(width_px, height_px));
    }
    // Links under a pixel wide are drawn by `hairline` between what lies under and over them.
    let (under, hairlines, over) = match (figure.svgs_around_hairlines(scale), &figure.raster_links) {
        (Some((under, over)), Some(links)) => (Some(tree(&under)?), Some(&links.hairlines), tree(&over)?),
        _ => (None, None, tree(&figure.svg_at_scale(scale))?),
    };
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(width_px, height_px).ok_or(RenderError::Size(width_px, height_px))?;
    // Horizontal bands rendered in parallel, one per core: each band renders the whole figure
    // shifted up by a whole number of rows, so its pixels are those of a single render (but for
    // rounding in the anti-aliasing of a few edge pixels).
    let cores = crate::worker_threads();
    let band_rows = height_px.div_ceil(u32::try_from(cores).unwrap_or(1)).max(64) as usize;
    let stride = width_px as usize * 4;
    std::thread::scope(|scope| {
        for (i, band) in pixmap.data_mut().chunks_mut(band_rows * stride).enumerate() {
            let (under, over) = (under.as_ref(), &over);
            scope.spawn(move || {
                let rows = u32::try_from(band.len() / stride).unwrap_or(0);
                let top = (i * band_rows) as f32;
                let transform = resvg::tiny_skia::Transform::from_scale(scale, scale).post_translate(0.0, -top);
                if let Some(mut band) = resvg::tiny_skia::PixmapMut::from_bytes(band, width_px, rows) {
                    if let Some(under) = under {
                        resvg::render(under, transform, &mut band);
                    }
                    if let Some(hairlines) = hairlines {
                        hairlines.draw(band.data_mut(), width_px as usize, top, scale);
                    }
                    resvg::render(over, transform, &mut band);
                }
            });
        }
    });
    Ok(pixmap)
}

/// Renders the figure to PNG, `width_px` pixels wide (height in proportion).
pub fn png(figure: &Figure, width_px: u32) -> Result<Vec<u8>, RenderError> {
    let pixmap = pixmap(figure, width_px)?;
    // PNG stores straight (not premultiplied) alpha.
    let mut rgba = pixmap.take();
    for px in rgba.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = u8::try_from((u16::from(*c) * 255 + a / 2) / a).unwrap_or(255);
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder =
        png::Encoder::new(&mut out, width_px, u32::try_from(rgba.len() / 4 / width_px as usize).unwrap_or(0));
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder
        .add_text_chunk("Software".to_owned(), crate::CREATOR.to_owned())
        .map_err(|e| RenderError::Png(e.to_string()))?;
    encoder.write_header().and_then(|mut w| w.write_image_data(&rgba)).map_err(|e| RenderError::Png(e.to_string()))?;
    Ok(out)
}

/// Renders the figure to premultiplied RGBA pixels, `width_px` wide: for on-screen previews.
pub fn rgba(figure: &Figure, width_px: u32) -> Result<(u32, u32, Vec<u8>), RenderError> {
    let p = pixmap(figure, width_px)?;
    Ok((p.width(), p.height(), p.take()))
}

/// The note for labels too small on `paper`: what larger paper and tiling would give.
fn too_small_note(
    paper: Paper,
    orientation: &str,
    size: (f32, f32),
    label: f32,
    label_pt: f32,
    tiles: usize,
) -> String {
    let larger: Vec<String> = Paper::ALL
        .iter()
        .filter(|(p, _)| p.size_pt().0 > paper.size_pt().0)
        .map(|(p, name)| {
            let (a, b) = p.size_pt();
            let pt = label * fit_scale(size, (a, b)).max(fit_scale(size, (b, a)));
            format!("{name} would set them at {pt:.1} pt{}", if pt >= MIN_LABEL_PT { "" } else { " (still too small)" })
        })
        .collect();
    format!(
        "On {} {orientation} the organisations' labels would be {label_pt:.1} pt, under the {MIN_LABEL_PT} pt minimum, so they are left out. {}Or tile the map across {tiles} pages of {} with an overview page (--tile).",
        paper.label(),
        if larger.is_empty() { String::new() } else { format!("{} (--page). ", larger.join("; ")) },
        paper.label()
    )
}

/// Renders the figure to a vector PDF as [`pdf_plan`] sets it: one page, or an overview page
/// and the tiles. Returns the file and the plan it followed.
pub fn pdf(
    figure: &Figure,
    paper: Option<(Paper, Orientation)>,
    tile: bool,
) -> Result<(Vec<u8>, PdfPlan), RenderError> {
    let label_size = figure.labels.as_ref().map(|(_, size)| *size);
    let plan = pdf_plan((figure.width, figure.height), label_size, paper, tile);
    let bytes = pdf::write(figure, &plan)?;
    Ok((bytes, plan))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::svg::{FigureOptions, figure_svg};
    use crate::scene::{SceneOptions, SceneTheme, build};

    /// Pixels where some channel of `a` and `b` differs by more than `by`.
    fn pixels_differing(a: &resvg::tiny_skia::Pixmap, b: &resvg::tiny_skia::Pixmap, by: u8) -> usize {
        a.data()
            .chunks_exact(4)
            .zip(b.data().chunks_exact(4))
            .filter(|(p, q)| p.iter().zip(*q).any(|(x, y)| x.abs_diff(*y) > by))
            .count()
    }

    /// The glyphs resvg lays out for one line of text, left to right: (the characters each draws,
    /// its glyph id).
    fn laid_out_glyphs(text: &str) -> Vec<(String, u16)> {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"40\"><text x=\"4\" y=\"30\" \
             font-family=\"{}\" font-size=\"20\">{}</text></svg>",
            fonts::SVG_FONT_FAMILY,
            super::super::xml::escape(text)
        );
        let tree = tree(&svg).unwrap();
        let mut glyphs: Vec<(f32, String, u16)> = Vec::new();
        for node in tree.root().children() {
            if let resvg::usvg::Node::Text(t) = node {
                for span in t.layouted() {
                    for g in &span.positioned_glyphs {
                        glyphs.push((g.transform().tx, g.text.clone(), g.id.0));
                    }
                }
            }
        }
        glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
        glyphs.into_iter().map(|(_, t, id)| (t, id)).collect()
    }

    #[test]
    fn resvg_draws_mixed_scripts_in_the_order_the_screen_does() {
        // The figure carries the logical text; resvg's own bidi pass must put it in the order
        // `fonts::visual_order` gives the screen.
        for name in ["מרכז Carers مركز", "שלום NHS עולם", "א (ב) ג", "خط 123", "Carers"] {
            let drawn: String = laid_out_glyphs(name).into_iter().map(|(t, _)| t).collect();
            let drawn: String = drawn.chars().map(|c| if "()".contains(c) { '|' } else { c }).collect();
            let screen: String =
                fonts::visual_order(name).chars().map(|c| if "()".contains(c) { '|' } else { c }).collect();
            assert_eq!(drawn, screen, "{name}");
        }
    }

    #[test]
    fn emoji_are_drawn_with_the_emoji_font_not_as_missing_glyphs() {
        let glyphs = laid_out_glyphs("Café ☕ 😀 🏠");
        assert_eq!(glyphs.len(), 10, "{glyphs:?}");
        for (text, id) in &glyphs {
            assert_ne!(*id, 0, "{text} drawn as .notdef");
        }
    }

    /// Renders one line of `text` at 40 px with `options`; returns the pixmap.
    fn render_line(text: &str, options: &resvg::usvg::Options<'_>) -> resvg::tiny_skia::Pixmap {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"60\"><text x=\"10\" y=\"45\" \
             font-family=\"{}\" font-size=\"40\">{text}</text></svg>",
            fonts::SVG_FONT_FAMILY
        );
        let tree = resvg::usvg::Tree::from_str(&svg, options).unwrap();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(200, 60).unwrap();
        resvg::render(&tree, resvg::tiny_skia::Transform::identity(), &mut pixmap.as_mut());
        pixmap
    }

    #[test]
    fn emoji_pixels_are_the_emoji_not_an_empty_box() {
        // Without the emoji font resvg draws DejaVu's .notdef box; with it, the face.
        let mut without = resvg::usvg::fontdb::Database::new();
        without.load_font_data(fonts::REGULAR.to_vec());
        let without =
            resvg::usvg::Options { fontdb: Arc::new(without), font_family: fonts::FAMILY.to_owned(), ..options() };
        // A house: DejaVu Sans has the emoticons (😀) but not this.
        let dejavu = ttf_parser::Face::parse(fonts::REGULAR, 0).unwrap();
        assert!(dejavu.glyph_index('🏠').is_none());
        let drawn = render_line("🏠", &options());
        let boxed = render_line("🏠", &without);
        let ink = |p: &resvg::tiny_skia::Pixmap| p.data().chunks_exact(4).filter(|px| px[3] > 128).count();
        assert!(ink(&boxed) > 0, "the no-emoji rendering shows a box");
        assert!(ink(&drawn) > 100, "the emoji is drawn");
        let differing = pixels_differing(&drawn, &boxed, 64);
        assert!(differing > ink(&boxed) / 2, "{differing} pixels differ from the empty box");
        // And the box is what an unknown character gets: the emoji is not it.
        assert!(pixels_differing(&drawn, &render_line("\u{E000}", &options()), 64) > 100);
    }

    fn figure() -> Figure {
        let map = crate::example_map().unwrap();
        let scene = build(&map, &SceneOptions::default());
        figure_svg(&scene, &SceneTheme::LIGHT, &FigureOptions { legend: true, ..FigureOptions::default() })
    }

    #[test]
    fn png_has_the_asked_width_and_is_deterministic() {
        let fig = figure();
        let bytes = png(&fig, 800).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        assert_eq!(w, 800);
        assert_eq!(bytes, png(&fig, 800).unwrap());
        assert!(png(&fig, 0).is_err());
    }

    #[test]
    fn bands_render_the_same_pixels_as_one_pass() {
        let fig = figure();
        // Wide enough that labels are drawn.
        let scale = 1400.0 / fig.width;
        let tree = tree(&fig.svg_at_scale(scale)).unwrap();
        let h = crate::convert::round_px(fig.height * scale).max(1);
        let mut whole = resvg::tiny_skia::Pixmap::new(1400, h).unwrap();
        resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut whole.as_mut());
        let banded = pixmap(&fig, 1400).unwrap();
        let diffs: Vec<i32> = whole
            .data()
            .iter()
            .zip(banded.data())
            .map(|(a, b)| (i32::from(*a) - i32::from(*b)).abs())
            .filter(|d| *d > 0)
            .collect();
        // Only anti-aliasing rounding differs: a handful of pixels, nothing missing or moved.
        let pixels = (whole.width() * whole.height()) as usize;
        assert!(diffs.len() * 2000 < pixels, "{} of {pixels} bytes differ", diffs.len());
    }

    #[test]
    fn rasters_with_links_batched_by_look_show_the_same_picture() {
        let fig = figure();
        let links = fig.raster_links.clone().unwrap();
        let (range, batched) = (links.range, links.batched);
        let links = fig.svg[range].matches("<polyline").count();
        assert_eq!(links, 72, "one element per link in the SVG itself");
        assert!(batched.matches("<path").count() < 20, "a path per look in the raster's");
        let unbatched = Figure { raster_links: None, ..fig.clone() };
        let (a, b) = (pixmap(&fig, 1400).unwrap(), pixmap(&unbatched, 1400).unwrap());
        let differing = pixels_differing(&a, &b, 24);
        // Only where links of different looks cross (which is on top) may differ.
        let pixels = (a.width() * a.height()) as usize;
        assert!(differing * 200 < pixels, "{differing} of {pixels} pixels differ");
    }

    #[test]
    fn links_under_a_pixel_drawn_as_hairlines_match_resvg() {
        // A generated map at 1,000 pixels: links a third of a pixel wide, dashed, dotted and
        // dash-dot among them, with arrowheads.
        let map = crate::generate::generate_map(300, 3);
        let scene = build(&map, &SceneOptions::default());
        let fig = figure_svg(&scene, &SceneTheme::LIGHT, &FigureOptions { legend: true, ..FigureOptions::default() });
        let scale = 1000.0 / fig.width;
        assert!(fig.svgs_around_hairlines(scale).is_some(), "links under a pixel are drawn as hairlines");
        assert!(fig.svgs_around_hairlines(scale * 4.0).is_none(), "wider ones by resvg");
        let mut by_resvg = fig.clone();
        if let Some(links) = by_resvg.raster_links.as_mut() {
            links.hairlines = crate::export::hairline::Hairlines::default();
        }
        let (a, b) = (pixmap(&fig, 1000).unwrap(), pixmap(&by_resvg, 1000).unwrap());
        let pixels = (a.width() * a.height()) as usize;
        let total: u64 = a.data().iter().zip(b.data()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
        let differing = pixels_differing(&a, &b, 48);
        let mean = total as f64 / (pixels * 4) as f64;
        eprintln!("mean {mean}, differing {differing} of {pixels}");
        assert!(mean < 1.0, "mean difference {mean} of 255");
        assert!(differing * 200 < pixels, "{differing} of {pixels} pixels differ clearly");
        // And the links are there: far more ink than the figure without them.
        let mut bare = fig.clone();
        if let Some(links) = bare.raster_links.as_mut() {
            links.hairlines = crate::export::hairline::Hairlines::default();
            links.batched = links.arrows.clone();
        }
        let c = pixmap(&bare, 1000).unwrap();
        let without: u64 = a.data().iter().zip(c.data()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
        assert!(without > total * 5, "links drawn: {without} vs {total}");
    }

    #[test]
    fn a_far_away_organisation_does_not_stall_the_png() {
        // One organisation a billion units away: the figure is scaled so far down that every
        // link's dash pattern repeats in a tiny fraction of a pixel.
        let mut map = crate::generate::generate_map(200, 2);
        let far = map.organisations().next().map(|o| o.id.clone()).unwrap();
        map.set_position(&far, [1e9, 1e9]).unwrap();
        let scene = build(&map, &SceneOptions::default());
        let fig = figure_svg(&scene, &SceneTheme::LIGHT, &FigureOptions::default());
        // Before the fix this never returned (dots closer than a float step apart).
        let bytes = png(&fig, 2000).unwrap();
        assert_eq!(&bytes[..4], b"\x89PNG");
    }

    #[test]
    fn labels_are_left_out_of_rasters_too_small_to_read_them() {
        let fig = figure();
        let (range, size) = fig.labels.clone().unwrap();
        let label = &fig.svg[range];
        assert!(label.contains("Anytown Listening Line"));
        assert!(fig.svg_at_scale(1.0).contains("Anytown Listening Line"));
        let tiny = crate::scene::MIN_LABEL_PX / size * 0.9;
        let without = fig.svg_at_scale(tiny);
        assert!(!without.contains("Anytown Listening Line"));
        assert!(without.contains("Helpline or listening line"), "the legend stays");
    }

    /// Pages of a PDF: page objects, not the page tree.
    fn pages_of(bytes: &[u8]) -> usize {
        let text = String::from_utf8_lossy(bytes);
        text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
    }

    #[test]
    fn pdf_is_one_page_fitted_to_paper() {
        let fig = figure();
        let (bytes, plan) = pdf(&fig, Some((Paper::A3, Orientation::Auto)), false).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        assert_eq!(pages_of(&bytes), 1, "one page");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("1190.55") && text.contains("841.89"), "A3 landscape media box");
        assert!(plan.landscape && plan.labels_shown && plan.notes.is_empty(), "{plan:?}");
    }

    /// The example's labels are never set under 6 pt: on A4 they would be (the note says so and
    /// offers A3, A2 and tiles, and they are left out); on A3 and A2 they are not, in the
    /// orientation that sets them largest.
    #[test]
    fn pdf_labels_are_never_under_six_points() {
        let fig = figure();
        let size = (fig.width, fig.height);
        let label = fig.labels.as_ref().map(|l| l.1);
        for paper in [Paper::A4, Paper::A3, Paper::A2] {
            for orientation in [Orientation::Auto, Orientation::Portrait, Orientation::Landscape] {
                let plan = pdf_plan(size, label, Some((paper, orientation)), false);
                let pt = plan.label_pt.unwrap();
                // The label size is the scale times the figure's label size.
                assert!((pt - label.unwrap() * plan.scale).abs() < 1e-3);
                assert_eq!(plan.labels_shown, pt >= MIN_LABEL_PT, "{paper:?} {orientation:?}: {pt} pt");
                assert_eq!(plan.notes.is_empty(), plan.labels_shown, "{plan:?}");
            }
        }
        let a4 = pdf_plan(size, label, Some((Paper::A4, Orientation::Auto)), false);
        assert!(!a4.labels_shown, "the example does not fit A4 at 6 pt: {a4:?}");
        assert!(a4.notes[0].contains("A3 would set them at") && a4.notes[0].contains("--tile"), "{:?}", a4.notes);
        let portrait = pdf_plan(size, label, Some((Paper::A3, Orientation::Portrait)), false);
        let auto = pdf_plan(size, label, Some((Paper::A3, Orientation::Auto)), false);
        assert!(auto.landscape && auto.scale > portrait.scale, "the wide example goes landscape");
        // Left out means left out: the A4 file has no label pieces and is smaller.
        let (without, _) = pdf(&fig, Some((Paper::A4, Orientation::Auto)), false).unwrap();
        let (with, _) = pdf(&fig, Some((Paper::A3, Orientation::Auto)), false).unwrap();
        let xobjects = |b: &[u8]| String::from_utf8_lossy(b).matches("/Subtype /Form").count();
        assert!(xobjects(&without) < xobjects(&with), "labels' pieces left out on A4");
    }

    /// Tiled: an overview page and one page per tile, labels at least 6 pt.
    #[test]
    fn pdf_tiles_make_an_overview_and_a_page_per_tile() {
        let fig = figure();
        let (bytes, plan) = pdf(&fig, Some((Paper::A4, Orientation::Auto)), true).unwrap();
        let tiles = plan.tiles.0 * plan.tiles.1;
        assert!(tiles > 1, "{plan:?}");
        assert!(plan.label_pt.unwrap() >= MIN_LABEL_PT && plan.labels_shown);
        assert_eq!(pages_of(&bytes), tiles + 1);
        assert_eq!(plan.pages(), tiles + 1);
        // The tiles cover the whole figure.
        let (iw, ih) = (plan.page.0 - 2.0 * PAGE_MARGIN, plan.page.1 - 2.0 * PAGE_MARGIN);
        assert!(plan.tiles.0 as f32 * iw >= fig.width * plan.scale - 0.5);
        assert!(plan.tiles.1 as f32 * ih >= fig.height * plan.scale - 0.5);
        assert!(plan.notes[0].contains("overview"), "{:?}", plan.notes);
    }

    /// A figure whose elements refer to each other by id is converted whole (one XObject).
    #[test]
    fn pdf_of_a_figure_with_references_is_converted_whole() {
        let mut fig = figure();
        let end = fig.svg.rfind("</svg>").unwrap();
        fig.svg.insert_str(
            end,
            "<defs><linearGradient id=\"g1\"><stop offset=\"0\" stop-color=\"#f00\"/></linearGradient></defs>\n<rect width=\"10\" height=\"10\" fill=\"url(#g1)\"/>\n",
        );
        let (bytes, _) = pdf(&fig, Some((Paper::A3, Orientation::Auto)), false).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/P0") && !text.contains("/P1"), "one XObject");
        let (bytes, _) = pdf(&figure(), Some((Paper::A3, Orientation::Auto)), false).unwrap();
        assert!(String::from_utf8_lossy(&bytes).contains("/P1"), "pieces otherwise");
    }

    /// The pieces hold every element of the figure once, in order, and labels apart.
    #[test]
    fn pdf_pieces_hold_every_element_once() {
        let fig = figure();
        let (root, pieces) = pdf::pieces(&fig).unwrap();
        assert!(fig.svg[root].starts_with("<svg"));
        let joined: String =
            pieces.iter().flat_map(|p| p.elements.iter().map(|r| fig.svg[r.clone()].to_owned())).collect();
        for tag in ["<text", "<polyline", "<circle", "<rect", "<polygon"] {
            assert_eq!(joined.matches(tag).count(), fig.svg.matches(tag).count(), "{tag}");
        }
        let labels = fig.labels.clone().unwrap().0;
        for p in &pieces {
            assert!(p.elements.iter().all(|r| labels.contains(&r.start) == p.labels));
        }
        // A generated map's labels come in several pieces.
        let map = crate::generate::generate_map(3_000, 1);
        let scene = build(&map, &SceneOptions::default());
        let big = figure_svg(&scene, &SceneTheme::LIGHT, &FigureOptions::default());
        let (_, pieces) = pdf::pieces(&big).unwrap();
        assert!(pieces.iter().filter(|p| p.labels).count() >= 2);
    }
}
