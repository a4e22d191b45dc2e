//! Journeys in SVG figures: legs under the markers, numbered badges over the labels, and a
//! "Journeys" block at the foot of the legend.

use super::{LEGEND_ROW, TEXT_SIZE, hex, points, text};
use crate::export::xml::num;
use crate::fonts;
use crate::scene::{Scene, SceneTheme};
use std::fmt::Write;

/// The journeys' legs (lines and arrowheads), drawn under the organisations.
pub(super) fn legs(out: &mut String, scene: &Scene, theme: &SceneTheme) {
    if scene.journeys.is_empty() {
        return;
    }
    out.push_str("<g id=\"journeys\">\n");
    for j in &scene.journeys {
        let _ = writeln!(
            out,
            "<g class=\"journey\" data-journey=\"{}\" stroke=\"{}\" fill=\"{}\">",
            crate::export::xml::escape(j.id.as_str()),
            hex(j.colour),
            hex(j.colour)
        );
        for leg in &j.legs {
            // A halo in the background colour lifts the path off the links it crosses.
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-opacity=\"0.8\"/>",
                points(&leg.points),
                hex(theme.background),
                num(j.width * 2.2)
            );
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke-width=\"{}\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-opacity=\"0.9\"/>",
                points(&leg.points),
                num(j.width)
            );
            if let Some(arrow) = leg.arrow {
                let _ = writeln!(out, "<polygon points=\"{}\" stroke=\"none\"/>", points(&arrow));
            }
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

/// The numbered badges, drawn over the organisations and their labels.
pub(super) fn badges(out: &mut String, scene: &Scene, theme: &SceneTheme) {
    if scene.journeys.is_empty() {
        return;
    }
    out.push_str("<g id=\"journey-steps\">\n");
    for j in &scene.journeys {
        for b in &j.badges {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.2\"/>",
                num(b.center[0]),
                num(b.center[1]),
                num(b.radius),
                hex(j.colour),
                hex(theme.background)
            );
            let label = b.number.to_string();
            let w = fonts::text_width(&label, b.text_size, true);
            let h = fonts::line_height(b.text_size);
            text(out, b.center[0] - w / 2.0, b.center[1] - h / 2.0, b.text_size, true, badge_ink(j.colour), &label);
        }
    }
    out.push_str("</g>\n");
}

/// Black or white, whichever reads better on the badge's colour.
#[must_use]
pub(crate) fn badge_ink(c: crate::model::Colour) -> crate::model::Colour {
    let luma = 0.299 * f32::from(c.r) + 0.587 * f32::from(c.g) + 0.114 * f32::from(c.b);
    if luma > 150.0 { crate::model::Colour::rgb(0, 0, 0) } else { crate::model::Colour::rgb(0xFF, 0xFF, 0xFF) }
}

/// Width and rows the journeys add to the legend.
pub(super) fn legend_extent(scene: &Scene) -> (f32, usize) {
    if scene.journeys.is_empty() {
        return (0.0, 0);
    }
    let widest = scene
        .journeys
        .iter()
        .map(|j| fonts::text_width(&j.legend_label(), TEXT_SIZE, false) + 28.0)
        .fold(fonts::text_width("Journeys", TEXT_SIZE, true), f32::max);
    (widest, scene.journeys.len() + 1)
}

/// The "Journeys" block of the legend, from `y` down.
pub(super) fn legend(out: &mut String, scene: &Scene, theme: &SceneTheme, x: f32, y: f32) {
    if scene.journeys.is_empty() {
        return;
    }
    let row = |y: f32| y + (LEGEND_ROW - fonts::line_height(TEXT_SIZE)) / 2.0;
    text(out, x, row(y), TEXT_SIZE, true, theme.label, "Journeys");
    let mut y = y + LEGEND_ROW;
    for j in &scene.journeys {
        let cy = y + LEGEND_ROW / 2.0;
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"3\" stroke-linecap=\"round\"/>",
            num(x),
            num(cy),
            num(x + 22.0),
            num(cy),
            hex(j.colour)
        );
        text(out, x + 28.0, row(y), TEXT_SIZE, false, theme.label, &j.legend_label());
        y += LEGEND_ROW;
    }
}
