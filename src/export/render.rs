//! SVG figures rendered to PNG (resvg) and PDF (svg2pdf) with the bundled font only, so the
//! output is the same on every machine.

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
}

impl Paper {
    /// Portrait width and height in PDF points.
    #[must_use]
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::A3 => (841.89, 1190.55),
        }
    }

    /// A paper size by name (`a4`, `a3`).
    #[must_use]
    pub fn named(name: &str) -> Option<Paper> {
        match name.to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "a3" => Some(Paper::A3),
            _ => None,
        }
    }
}

/// How a PDF page is oriented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    /// Landscape for wide figures, portrait for tall ones.
    #[default]
    Auto,
    /// Taller than wide.
    Portrait,
    /// Wider than tall.
    Landscape,
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

/// Renders the figure to a one-page vector PDF: the figure's own size, or fitted (with a margin)
/// to a paper size.
pub fn pdf(figure: &Figure, paper: Option<(Paper, Orientation)>) -> Result<Vec<u8>, RenderError> {
    let svg = match paper {
        None => figure.svg.clone(),
        Some((paper, orientation)) => on_page(figure, paper, orientation),
    };
    let tree = tree(&svg)?;
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions::default())
        .map_err(|e| RenderError::Pdf(e.to_string()))
}

/// The figure centred on a page, scaled to fit inside a 15 mm margin.
fn on_page(figure: &Figure, paper: Paper, orientation: Orientation) -> String {
    let (w, h) = paper.size_pt();
    let landscape = match orientation {
        Orientation::Auto => figure.width > figure.height,
        Orientation::Landscape => true,
        Orientation::Portrait => false,
    };
    let (pw, ph) = if landscape { (h, w) } else { (w, h) };
    let margin = 42.5;
    let inner = figure.svg.replacen(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"",
        &format!(
            "<svg x=\"{m}\" y=\"{m}\" preserveAspectRatio=\"xMidYMid meet\" data-fitted=\"1\"",
            m = super::xml::num(margin)
        ),
        1,
    );
    // The inner root's width/height become the fitted box.
    let inner = inner.replacen(
        &format!("width=\"{}\" height=\"{}\"", super::xml::num(figure.width), super::xml::num(figure.height)),
        &format!("width=\"{}\" height=\"{}\"", super::xml::num(pw - 2.0 * margin), super::xml::num(ph - 2.0 * margin)),
        1,
    );
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n{inner}</svg>\n",
        w = super::xml::num(pw),
        h = super::xml::num(ph)
    )
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

    #[test]
    fn pdf_is_one_page_fitted_to_paper() {
        let fig = figure();
        let bytes = pdf(&fig, Some((Paper::A4, Orientation::Auto))).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        let text = String::from_utf8_lossy(&bytes);
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        assert_eq!(pages, 1, "one page");
        assert!(text.contains("841.89") && text.contains("595.28"), "A4 landscape media box");
    }
}
