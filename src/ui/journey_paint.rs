//! Painting the scene's journeys with egui: legs under the markers, numbered badges over the
//! labels, and a small "Journeys" key above the legend. The scene decides where everything goes.

use super::theme::{color, color_alpha};
use super::view::ViewState;
use crate::scene::{Scene, SceneTheme};
use egui::{Align2, FontId, Shape as EShape, Stroke};

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
