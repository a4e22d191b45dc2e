//! All colours, sizes and fonts of the UI: the only place that constructs a `Color32`.

use crate::model::Colour;
use crate::scene::SceneTheme;
use egui::Color32;

/// Converts a model colour to egui's.
#[must_use]
pub fn color(c: Colour) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

/// A model colour at an opacity (0–1).
#[must_use]
pub fn color_alpha(c: Colour, alpha: f32) -> Color32 {
    color(c).gamma_multiply(alpha.clamp(0.0, 1.0))
}

/// The scene theme matching the UI's light or dark mode.
#[must_use]
pub fn scene_theme(dark: bool) -> SceneTheme {
    if dark { SceneTheme::DARK } else { SceneTheme::LIGHT }
}

/// The colour of the box-selection rectangle's fill.
#[must_use]
pub fn selection_fill(theme: &SceneTheme) -> Color32 {
    color_alpha(theme.selection, 0.12)
}

/// Background behind labels, so text stays readable over lines.
#[must_use]
pub fn label_halo(theme: &SceneTheme) -> Color32 {
    color_alpha(theme.background, 0.8)
}

/// Background of overlays drawn on the canvas (legend).
#[must_use]
pub fn overlay_fill(theme: &SceneTheme) -> Color32 {
    color_alpha(theme.background, 0.93)
}

/// Border of overlays drawn on the canvas.
#[must_use]
pub fn overlay_stroke(theme: &SceneTheme) -> Color32 {
    color_alpha(theme.label, 0.35)
}

/// Colour for error messages.
pub const ERROR: Color32 = Color32::from_rgb(0xC0, 0x1C, 0x28);

/// Labels smaller than this on screen are not drawn (level of detail; PNG figures follow the
/// same rule).
pub const MIN_LABEL_PX: f32 = crate::scene::MIN_LABEL_PX;

/// Labels shown never get smaller than this on screen.
pub const MIN_READABLE_LABEL_PX: f32 = 10.0;

/// Screen pixels around a marker's rim that start a new link when dragged.
pub const RIM_GRAB_PX: f32 = 7.0;

/// Zoom limits (screen px per map unit).
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.02..=8.0;

/// UI scale limits.
pub const UI_SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.75..=2.5;

/// Makes the bundled font (`crate::fonts`) the first choice for proportional text, so the screen
/// measures text exactly as figure exports do, and the bundled emoji font the last (for what no
/// other font has), as in figures.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.add_font(egui::epaint::text::FontInsert::new(
        "DejaVuSans",
        egui::FontData::from_static(crate::fonts::REGULAR),
        vec![egui::epaint::text::InsertFontFamily {
            family: egui::FontFamily::Proportional,
            priority: egui::epaint::text::FontPriority::Highest,
        }],
    ));
    ctx.add_font(egui::epaint::text::FontInsert::new(
        "NotoEmoji",
        egui::FontData::from_static(crate::fonts::EMOJI),
        [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
            .into_iter()
            .map(|family| egui::epaint::text::InsertFontFamily {
                family,
                priority: egui::epaint::text::FontPriority::Lowest,
            })
            .collect(),
    ));
}
