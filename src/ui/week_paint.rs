//! Paints the week chart (7 days × 24 hours shaded by how many are open, gaps outlined) into a
//! rectangle: the Analysis window's small chart and a presentation slide's full one.

use crate::hours::WeekChart;
use crate::hours::moment::DAY_NAMES;
use egui::{Align2, Color32, FontId, Painter, Rect, Stroke, StrokeKind, Vec2, pos2};

/// The scale's full colour and the gaps' outline (Okabe–Ito blue and vermilion).
const FULL: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);
const GAP: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);

/// Where the hours start inside `rect` for day names of `font_px`, and each hour's cell size.
#[must_use]
pub fn layout(rect: Rect, font_px: f32) -> (egui::Pos2, Vec2) {
    let label_w = font_px * 6.0;
    let top = font_px * 1.4;
    let cell = Vec2::new((rect.width() - label_w) / 24.0, (rect.height() - top) / 7.0);
    (rect.min + Vec2::new(label_w, top), cell)
}

/// Paints `chart` into `rect`: hour marks every three hours, day names, a cell per hour shaded
/// by its count (with the count when it fits), gaps outlined.
pub fn paint_week_chart(painter: &Painter, rect: Rect, chart: &WeekChart, ink: Color32, font_px: f32) {
    let (origin, cell) = layout(rect, font_px);
    let max = chart.max().max(1);
    let font = FontId::proportional(font_px);
    let small = FontId::proportional((cell.y * 0.45).min(font_px));
    for h in (0..24).step_by(3) {
        painter.text(
            origin + Vec2::new(h as f32 * cell.x, -2.0),
            Align2::LEFT_BOTTOM,
            format!("{h:02}:00"),
            font.clone(),
            ink,
        );
    }
    for (d, day) in chart.open.iter().enumerate() {
        let y = origin.y + d as f32 * cell.y;
        let name = if cell.x * 24.0 > 600.0 { DAY_NAMES[d] } else { &DAY_NAMES[d][..3] };
        painter.text(pos2(rect.min.x, y + cell.y / 2.0), Align2::LEFT_CENTER, name, font.clone(), ink);
        for (h, &n) in day.iter().enumerate() {
            let t = n as f32 / max as f32;
            let r = Rect::from_min_size(pos2(origin.x + h as f32 * cell.x, y), cell).shrink(0.5);
            painter.rect_filled(r, 1.0, FULL.gamma_multiply(0.12 + 0.88 * t));
            if cell.x >= 16.0 && cell.y >= 14.0 {
                let text_ink = if t > 0.55 { Color32::WHITE } else { ink };
                painter.text(r.center(), Align2::CENTER_CENTER, n.to_string(), small.clone(), text_ink);
            }
        }
    }
    for g in &chart.gaps {
        let r = Rect::from_min_size(
            pos2(origin.x + g.from_hour as f32 * cell.x, origin.y + g.day as f32 * cell.y),
            Vec2::new((g.to_hour - g.from_hour) as f32 * cell.x, cell.y),
        )
        .shrink(1.0);
        painter.rect_stroke(r, 1.0, Stroke::new((cell.y * 0.08).clamp(1.5, 3.0), GAP), StrokeKind::Inside);
    }
}
