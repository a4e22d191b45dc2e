//! Painting the scene's journeys with egui: legs under the markers, numbered badges over the
//! labels, and a small "Journeys" key above the legend. The scene decides where everything goes.

use super::theme::{self, color, color_alpha};
use super::view::ViewState;
use crate::scene::{Scene, SceneTheme};
use egui::{Align2, FontId, Rect, Shape as EShape, Stroke, pos2, vec2};

/// Adds the legs (lines and arrowheads) of the scene's journeys to `shapes`.
pub fn leg_shapes(shapes: &mut Vec<EShape>, scene: &Scene, view: &ViewState, theme: &SceneTheme) {
    for j in &scene.journeys {
        let c = color_alpha(j.colour, 0.9);
        let width = (j.width * view.zoom).max(1.5);
        for leg in &j.legs {
            let pts: Vec<egui::Pos2> = leg.points.iter().map(|&p| view.screen_from_map(p)).collect();
            // A halo in the background colour lifts the path off the links it crosses.
            shapes.push(EShape::line(pts.clone(), Stroke::new(width * 2.2, color_alpha(theme.background, 0.8))));
            shapes.push(EShape::line(pts, Stroke::new(width, c)));
            if let Some(arrow) = leg.arrow {
                let tri: Vec<egui::Pos2> = arrow.iter().map(|&p| view.screen_from_map(p)).collect();
                shapes.push(EShape::convex_polygon(tri, c, Stroke::NONE));
            }
        }
    }
}

/// Paints the numbered badges of the scene's journeys.
pub fn paint_badges(painter: &egui::Painter, scene: &Scene, view: &ViewState, theme: &SceneTheme) {
    for j in &scene.journeys {
        let ink = color(crate::export::svg::badge_ink(j.colour));
        for b in &j.badges {
            let center = view.screen_from_map(b.center);
            let r = (b.radius * view.zoom).max(5.0);
            painter.circle(center, r, color(j.colour), Stroke::new(1.2, color(theme.background)));
            if r >= 5.0 {
                painter.text(
                    center,
                    Align2::CENTER_CENTER,
                    b.number.to_string(),
                    FontId::proportional((r * 1.2).max(8.0)),
                    ink,
                );
            }
        }
    }
}

const ROW: f32 = 20.0;

/// Paints the key of the journeys shown, in the canvas's lower-left corner above the legend
/// (`above` screen points up from the bottom).
pub fn paint_key(painter: &egui::Painter, scene: &Scene, rect: Rect, above: f32, theme: &SceneTheme) {
    if scene.journeys.is_empty() {
        return;
    }
    let font = FontId::proportional(13.0);
    let labels: Vec<String> = scene.journeys.iter().map(crate::scene::JourneyItem::legend_label).collect();
    let widest = labels
        .iter()
        .map(|l| painter.layout_no_wrap(l.clone(), font.clone(), egui::Color32::WHITE).size().x)
        .fold(0.0, f32::max);
    let size = vec2(widest + 48.0, (labels.len() + 1) as f32 * ROW + 12.0);
    let frame = Rect::from_min_size(pos2(rect.left() + 12.0, rect.bottom() - above - size.y - 12.0), size);
    painter.rect(
        frame,
        6.0,
        theme::overlay_fill(theme),
        Stroke::new(1.0, theme::overlay_stroke(theme)),
        egui::StrokeKind::Inside,
    );
    let x = frame.left() + 10.0;
    let mut y = frame.top() + 6.0 + ROW / 2.0;
    painter.text(pos2(x, y), Align2::LEFT_CENTER, "Journeys", font.clone(), color(theme.label));
    for (j, label) in scene.journeys.iter().zip(labels) {
        y += ROW;
        painter.line_segment([pos2(x, y), pos2(x + 22.0, y)], Stroke::new(3.0, color(j.colour)));
        painter.text(pos2(x + 28.0, y), Align2::LEFT_CENTER, label, font.clone(), color(theme.label));
    }
}
