//! Text for egui in the order figures draw it. egui has no bidirectional algorithm: its shaper
//! guesses each piece of text's direction from its first letter's script, so a name starting
//! with Hebrew was drawn wholly right to left ("Carers" as "sreraC"). Here each line is split into
//! [`crate::fonts::bidi_runs`], in the order they go left to right, one layout section each.

use egui::text::{LayoutJob, TextFormat};
use egui::{Align2, Color32, FontId, Galley, Painter, Pos2, Rect};
use std::sync::Arc;

/// A layout job for `text` (wrapped at `wrap_width`; `f32::INFINITY` for none) with its
/// directional runs in drawing order. A run with Hebrew or Arabic letters is given in typed order
/// (egui's shaper reverses it, mirrors its brackets and joins Arabic letters); a right-to-left
/// run without such letters (punctuation between them) is reversed here.
#[must_use]
pub fn job(text: &str, font: FontId, color: Color32, wrap_width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let format = TextFormat::simple(font, color);
    match crate::fonts::bidi_runs(text) {
        None => job.append(text, 0.0, format),
        Some(runs) => {
            for run in runs.into_iter().filter(|r| !r.text.is_empty()) {
                if run.rtl && !run.rtl_script {
                    let reversed: String =
                        run.text.chars().rev().map(|c| unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)).collect();
                    push_section(&mut job, &reversed, &format);
                } else {
                    push_section(&mut job, run.text, &format);
                }
            }
        }
    }
    job
}

/// Appends `text` as a section of its own (`LayoutJob::append` merges it into the previous
/// section of the same format, and the shaper would then guess one direction for both).
fn push_section(job: &mut LayoutJob, text: &str, format: &TextFormat) {
    let start = egui::epaint::text::ByteIndex(job.text.len());
    job.text.push_str(text);
    let end = egui::epaint::text::ByteIndex(job.text.len());
    job.sections.push(egui::text::LayoutSection { leading_space: 0.0, byte_range: start..end, format: format.clone() });
}

/// A [`egui::TextEdit`] layouter for names and notes: the text stays in typed order (the cursor
/// indexes it), split into one section per directional run, so egui's shaper takes each run in
/// its own direction; given the whole line it shapes all of it in the direction of the first
/// letter, piling the glyphs of a mixed Hebrew and Latin name on top of each other.
pub fn edit_layouter(ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap_width: f32) -> Arc<Galley> {
    let text = buf.as_str();
    let font = ui.style().override_font_id.clone().unwrap_or_else(|| egui::TextStyle::Body.resolve(ui.style()));
    let color = ui.visuals().override_text_color.unwrap_or_else(|| ui.visuals().widgets.inactive.text_color());
    ui.fonts_mut(|f| f.layout_job(typed_order_job(text, font, color, wrap_width)))
}

/// [`job`] with the runs in typed order (see [`edit_layouter`]).
fn typed_order_job(text: &str, font: FontId, color: Color32, wrap_width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let format = TextFormat::simple(font, color);
    match crate::fonts::bidi_runs(text) {
        None => job.append(text, 0.0, format),
        Some(mut runs) => {
            // The runs are slices of `text`: their addresses give their typed order.
            runs.sort_by_key(|r| r.text.as_ptr() as usize);
            for run in runs {
                push_section(&mut job, run.text, &format);
            }
        }
    }
    job
}

/// `text` for a widget (a button, a list entry) in drawing order, in `style`'s font and the
/// widget's own text colour; plain text when nothing in it is right to left.
#[must_use]
pub fn widget_text(ui: &egui::Ui, text: &str, style: &egui::TextStyle) -> egui::WidgetText {
    if crate::fonts::bidi_runs(text).is_none() {
        return text.into();
    }
    // The placeholder colour is replaced by the widget's (hovered, selected) when painted.
    job(text, style.resolve(ui.style()), Color32::PLACEHOLDER, f32::INFINITY).into()
}

/// `text` laid out on one line in drawing order (see [`job`]), a line break drawn as a space
/// (as `Painter::layout_no_wrap` does).
#[must_use]
pub fn galley(painter: &Painter, text: &str, font: FontId, color: Color32) -> Arc<Galley> {
    let mut job = job(text, font, color, f32::INFINITY);
    job.break_on_newline = false;
    painter.layout_job(job)
}

/// Paints `text` like [`Painter::text`], in drawing order; returns where it went.
pub fn text(painter: &Painter, pos: Pos2, align: Align2, text: &str, font: FontId, color: Color32) -> Rect {
    let galley = galley(painter, text, font, color);
    let rect = align.anchor_size(pos, galley.size());
    painter.galley(rect.min, galley, color);
    rect
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(text: &str) -> Vec<String> {
        let job = job(text, FontId::proportional(13.0), Color32::BLACK, f32::INFINITY);
        job.sections.iter().map(|s| job.text[s.byte_range.start.0..s.byte_range.end.0].to_owned()).collect()
    }

    #[test]
    fn text_being_edited_keeps_its_order_in_sections_by_direction() {
        let text = "خط 123 Carers";
        let job = typed_order_job(text, FontId::proportional(13.0), Color32::BLACK, f32::INFINITY);
        assert_eq!(job.text, text);
        let parts: Vec<&str> =
            job.sections.iter().map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0]).collect();
        assert_eq!(parts, ["خط ", "123", " Carers"]);
    }

    #[test]
    fn runs_become_sections_in_drawing_order() {
        assert_eq!(sections("Carers"), ["Carers"]);
        assert_eq!(sections("מרכז Carers مركز"), ["מרכז", " Carers ", "مركز"]);
        // A number after Arabic goes to its left.
        assert_eq!(sections("خط 123"), ["123", "خط "]);
    }
}
