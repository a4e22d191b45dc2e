//! The bundled fonts (DejaVu Sans, with Noto Emoji for emoji) and text measurement with them. The
//! screen, SVG, PNG and PDF all use these fonts, so a label is the same width everywhere and
//! figures look the same on every machine; [`visual_order`] puts mixed right-to-left and Latin
//! text in the order both the screen and the figures draw it.

use std::borrow::Cow;
use std::sync::OnceLock;

/// DejaVu Sans Book: wide Unicode coverage (arrows, accents, bullets), clear at projector sizes.
pub const REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// DejaVu Sans Bold: titles and headings in figures.
pub const BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name of [`REGULAR`] and [`BOLD`], the renderer's default family.
pub const FAMILY: &str = "DejaVu Sans";

/// Noto Emoji Regular (SIL OFL 1.1, licence beside it): a monochrome outline emoji font, the
/// fallback for characters DejaVu Sans lacks. Outlines, because egui cannot draw colour bitmap
/// fonts; 410 KB, the file egui's own default fonts carry.
pub const EMOJI: &[u8] = include_bytes!("../assets/fonts/NotoEmoji-Regular.ttf");

/// The family name of [`EMOJI`].
pub const EMOJI_FAMILY: &str = "Noto Emoji";

/// The `font-family` list written in SVG: the bundled font, then the emoji fallback (a browser
/// uses its own emoji font where Noto Emoji is not installed).
pub const SVG_FONT_FAMILY: &str = "DejaVu Sans, Noto Emoji";

struct Metrics {
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    /// Advance widths of the first 0x2200 code points (Latin, Greek, punctuation, arrows).
    advances: Vec<u16>,
    fallback: u16,
    /// The font itself, for characters past the table.
    face: Option<ttf_parser::Face<'static>>,
}

impl Metrics {
    /// Advance of `c` in this font's units: from the table, else the font, else the emoji font
    /// (scaled to this font's units), else the width of `n`.
    fn advance(&self, c: char) -> f32 {
        if let Some(&a) = self.advances.get(c as usize) {
            return f32::from(a);
        }
        let glyph_advance = |face: &ttf_parser::Face<'_>| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
        if let Some(a) = self.face.as_ref().and_then(glyph_advance) {
            return f32::from(a);
        }
        if let Some(emoji) = emoji_face()
            && let Some(a) = glyph_advance(emoji)
        {
            return f32::from(a) * self.units_per_em / f32::from(emoji.units_per_em());
        }
        f32::from(self.fallback)
    }
}

fn emoji_face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(EMOJI, 0).ok()).as_ref()
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
                face: None,
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
            face: Some(face),
        }
    })
}

/// Width of `text` set in the bundled font at `size` (same units as `size`), without kerning.
#[must_use]
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let m = metrics(bold);
    let units: f32 = text.chars().map(|c| m.advance(c)).sum();
    units * size / m.units_per_em
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

/// One run of a line of text in a single direction, as [`bidi_runs`] gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BidiRun<'a> {
    /// The run's characters in logical (typed) order.
    pub text: &'a str,
    /// Whether the run is drawn right to left (its characters reversed, brackets mirrored).
    pub rtl: bool,
    /// Whether the run has a strong right-to-left letter (Hebrew, Arabic, ...): a shaper that
    /// guesses direction from the script (egui's) then reverses it by itself.
    pub rtl_script: bool,
}

/// The directional runs of `text` in the order they are drawn left to right, by the Unicode
/// bidirectional algorithm with a left-to-right paragraph direction (each line on its own). That
/// is the order resvg (PNG, PDF) and browsers (SVG, whose `direction` defaults to `ltr`) give the
/// logical text the figures carry. `None` when `text` has no right-to-left character (one
/// left-to-right run).
#[must_use]
pub fn bidi_runs(text: &str) -> Option<Vec<BidiRun<'_>>> {
    use unicode_bidi::BidiClass::{AL, AN, R, RLE, RLI, RLO};
    let needs_bidi = |c: char| matches!(unicode_bidi::bidi_class(c), R | AL | AN | RLE | RLO | RLI);
    // Nothing before Hebrew (U+0590) is right to left: most labels are decided by a comparison.
    if !text.chars().any(|c| c >= '\u{0590}' && needs_bidi(c)) {
        return None;
    }
    let strong_rtl = |c: char| matches!(unicode_bidi::bidi_class(c), R | AL);
    let info = unicode_bidi::BidiInfo::new(text, Some(unicode_bidi::Level::ltr()));
    let mut out = Vec::new();
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let run_text = &text[run.clone()];
            let rtl = levels[run.start].is_rtl();
            out.push(BidiRun { text: run_text, rtl, rtl_script: rtl && run_text.chars().any(strong_rtl) });
        }
    }
    Some(out)
}

/// `text` in the order its characters are drawn left to right: each line's right-to-left runs
/// (Hebrew, Arabic) reversed, with brackets in them mirrored ([`bidi_runs`]). For renderers that
/// draw characters in the order given; text with no right-to-left character comes back borrowed.
/// Lines are reordered one by one, so wrap first.
#[must_use]
pub fn visual_order(text: &str) -> Cow<'_, str> {
    let Some(runs) = bidi_runs(text) else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len());
    for run in runs {
        if run.rtl {
            out.extend(run.text.chars().rev().map(|c| unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)));
        } else {
            out.push_str(run.text);
        }
    }
    Cow::Owned(out)
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

    #[test]
    fn latin_text_is_returned_as_it_is() {
        assert!(matches!(visual_order("Anytown Carers (drop-in) 24/7"), Cow::Borrowed(_)));
        assert!(matches!(visual_order(""), Cow::Borrowed(_)));
    }

    #[test]
    fn right_to_left_runs_are_reversed_and_latin_kept() {
        // Hebrew "מרכז", Latin, Arabic "مركز": each RTL run is drawn reversed, Latin stays.
        let logical = "מרכז Carers مركز";
        let visual = visual_order(logical);
        assert_eq!(visual, "זכרמ Carers زكرم");
        assert!(visual.contains("Carers") && !visual.contains("sreraC"));
        // Reordering keeps every character.
        let mut a: Vec<char> = logical.chars().collect();
        let mut b: Vec<char> = visual.chars().collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
    }

    #[test]
    fn latin_inside_right_to_left_text_keeps_its_order() {
        // A Hebrew name with a Latin word inside: the paragraph is left to right, so the Hebrew
        // runs are each reversed where they stand and "NHS" reads as NHS.
        assert_eq!(visual_order("שלום NHS עולם"), "םולש NHS םלוע");
        // A number after Arabic words stays in reading order, to their left.
        assert_eq!(visual_order("خط 123"), "123 طخ");
    }

    #[test]
    fn brackets_in_right_to_left_runs_are_mirrored_and_lines_kept_apart() {
        // "(ב)" inside Hebrew turns with it: its brackets are mirrored so they still enclose ב.
        assert_eq!(visual_order("א (ב) ג"), "ג (ב) א");
        // Brackets around a whole Hebrew name in a left-to-right paragraph stay where they are.
        assert_eq!(visual_order("(שלום)"), "(םולש)");
        assert_eq!(visual_order("א ב\nCarers ג"), "ב א\nCarers ג");
    }

    #[test]
    fn runs_come_left_to_right_with_their_direction() {
        assert_eq!(bidi_runs("Carers"), None);
        let runs = bidi_runs("מרכז Carers مركز").unwrap();
        let texts: Vec<(&str, bool)> = runs.iter().map(|r| (r.text, r.rtl)).collect();
        assert_eq!(texts, [("מרכז", true), (" Carers ", false), ("مركز", true)]);
        assert!(runs[0].rtl_script && !runs[1].rtl_script);
    }

    #[test]
    fn the_emoji_font_is_an_outline_font_with_emoji() {
        let face = ttf_parser::Face::parse(EMOJI, 0).unwrap();
        let family = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
            .find_map(|n| n.to_string())
            .unwrap();
        assert_eq!(family, EMOJI_FAMILY);
        for c in ['😀', '☕', '🏠', '❤'] {
            assert!(face.glyph_index(c).is_some(), "{c}");
        }
        assert!(face.tables().glyf.is_some() || face.tables().cff.is_some());
        // Emoji are measured with the emoji font, not as narrow as an "n".
        assert!(text_width("😀", 10.0, false) > text_width("n", 10.0, false) * 1.3);
    }
}
