//! The bundled font (DejaVu Sans) and text measurement with it. The screen, SVG, PNG and PDF all
//! use this font, so a label is the same width everywhere and figures look the same on every
//! machine.

use std::sync::OnceLock;

/// DejaVu Sans Book: wide Unicode coverage (arrows, accents, bullets), clear at projector sizes.
pub const REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// DejaVu Sans Bold: titles and headings in figures.
pub const BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name written in SVG `font-family` attributes.
pub const FAMILY: &str = "DejaVu Sans";

struct Metrics {
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    /// Advance widths of the first 0x2200 code points (Latin, Greek, punctuation, arrows).
    advances: Vec<u16>,
    fallback: u16,
}

fn metrics(bold: bool) -> &'static Metrics {
    static REG: OnceLock<Metrics> = OnceLock::new();
    static BLD: OnceLock<Metrics> = OnceLock::new();
    let cell = if bold { &BLD } else { &REG };
    cell.get_or_init(|| {
        let data = if bold { BOLD } else { REGULAR };
        let Ok(face) = ttf_parser::Face::parse(data, 0) else {
            return Metrics {
                units_per_em: 1000.0,
                ascender: 928.0,
                descender: 236.0,
                advances: Vec::new(),
                fallback: 600,
            };
        };
        let advance = |c: char| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
        let fallback = advance('n').unwrap_or(600);
        let advances = (0u32..0x2200).map(|cp| char::from_u32(cp).and_then(advance).unwrap_or(fallback)).collect();
        Metrics {
            units_per_em: f32::from(face.units_per_em()),
            ascender: f32::from(face.ascender()),
            descender: -f32::from(face.descender()),
            advances,
            fallback,
        }
    })
}

/// Width of `text` set in the bundled font at `size` (same units as `size`), without kerning.
#[must_use]
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let m = metrics(bold);
    let units: u32 = text.chars().map(|c| u32::from(m.advances.get(c as usize).copied().unwrap_or(m.fallback))).sum();
    units as f32 * size / m.units_per_em
}

/// Height above the baseline of a line of text at `size` (the font's ascender).
#[must_use]
pub fn ascent(size: f32) -> f32 {
    let m = metrics(false);
    m.ascender * size / m.units_per_em
}

/// Depth below the baseline of a line of text at `size` (the font's descender, positive).
#[must_use]
pub fn descent(size: f32) -> f32 {
    let m = metrics(false);
    m.descender * size / m.units_per_em
}

/// Height of one line of text at `size`.
#[must_use]
pub fn line_height(size: f32) -> f32 {
    ascent(size) + descent(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let w = text_width("Anytown Listening Line", 13.0, false);
        assert!(w > 100.0 && w < 200.0, "{w}");
        assert!(text_width("W", 10.0, false) > text_width("i", 10.0, false));
        assert!(text_width("Bold", 10.0, true) > text_width("Bold", 10.0, false));
        assert!(text_width("", 10.0, false).abs() < f32::EPSILON);
    }
}
