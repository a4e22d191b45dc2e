//! The week chart as a figure: 7 days × 24 hours, each hour shaded by how many organisations are
//! open and labelled with the count, gaps outlined and named below, with the figure's usual
//! title, legend (the colour scale) and caption. Goes to PNG and PDF like any figure.

use super::svg::{Figure, MARGIN, TEXT_SIZE, TITLE_SIZE, figure_start, hex, text};
use super::xml::num;
use crate::fonts;
use crate::hours::WeekChart;
use crate::model::Colour;
use crate::scene::SceneTheme;
use std::fmt::Write;

const CELL_W: f32 = 30.0;
const CELL_H: f32 = 26.0;
const DAY_LABEL_W: f32 = 86.0;
const HOUR_LABEL_H: f32 = 18.0;
const SMALL: f32 = 10.0;
/// The scale's full colour (Okabe–Ito blue, readable by people with colour blindness).
const FULL: Colour = Colour::rgb(0x00, 0x72, 0xB2);

fn mix(a: Colour, b: Colour, t: f32) -> Colour {
    let ch = |x: u8, y: u8| {
        let v = f32::from(x) + (f32::from(y) - f32::from(x)) * t.clamp(0.0, 1.0);
        // Clamped to 0–255 above, so the cast cannot wrap.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let v = v.round() as u8;
        v
    };
    Colour::rgb(ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b))
}

/// The shade for `count` of `max` open, and a text colour readable on it.
fn shade(theme: &SceneTheme, count: u32, max: u32) -> (Colour, Colour) {
    let t = if max == 0 { 0.0 } else { count as f32 / max as f32 };
    let fill = mix(theme.background, FULL, 0.08 + 0.92 * t);
    let ink = if t > 0.55 { Colour::rgb(0xFF, 0xFF, 0xFF) } else { theme.label };
    (fill, ink)
}

/// What goes around the chart.
#[derive(Debug, Clone, Default)]
pub struct ChartOptions {
    /// Title above.
    pub title: Option<String>,
    /// Caption below (wrapped).
    pub caption: Option<String>,
    /// Draw the colour scale and the gap key.
    pub legend: bool,
    /// Leave the background transparent (PNG).
    pub transparent: bool,
}

/// The week chart as an SVG figure.
#[must_use]
pub fn week_chart_svg(chart: &WeekChart, theme: &SceneTheme, options: &ChartOptions) -> Figure {
    let max = chart.max();
    let grid_w = DAY_LABEL_W + 24.0 * CELL_W;
    let grid_h = HOUR_LABEL_H + 7.0 * CELL_H;
    let legend_w = if options.legend { 190.0 } else { 0.0 };
    let width = MARGIN * 2.0 + grid_w + if legend_w > 0.0 { 24.0 + legend_w } else { 0.0 };
    let title_h = options.title.as_ref().map_or(0.0, |_| fonts::line_height(TITLE_SIZE) + 12.0);
    let line = fonts::line_height(TEXT_SIZE) * 1.15;
    let inner = width - 2.0 * MARGIN;
    let mut gap_lines: Vec<String> = Vec::new();
    if !chart.always.is_empty() {
        gap_lines.extend(crate::scene::wrap_text(
            &format!("Open around the clock ({}): {}", chart.always.len(), chart.always.join(", ")),
            TEXT_SIZE,
            inner,
        ));
    }
    for g in &chart.gaps {
        gap_lines.extend(crate::scene::wrap_text(&g.describe(), TEXT_SIZE, inner));
    }
    let caption_lines = options
        .caption
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map_or_else(Vec::new, |c| crate::scene::wrap_text(c, TEXT_SIZE, inner));
    let gaps_h = if gap_lines.is_empty() { 0.0 } else { 12.0 + line * (gap_lines.len() as f32 + 1.0) };
    let caption_h = if caption_lines.is_empty() { 0.0 } else { 12.0 + line * caption_lines.len() as f32 };
    let height = MARGIN * 2.0 + title_h + grid_h + gaps_h + caption_h;

    let mut out = String::with_capacity(64 * 1024);
    figure_start(&mut out, [width, height], options.title.as_deref(), theme, options.transparent);
    let top = MARGIN + title_h;
    let y0 = top + HOUR_LABEL_H;
    grid(&mut out, chart, theme, top, max);
    if options.legend {
        legend(&mut out, chart, theme, MARGIN + grid_w + 24.0, top, legend_w);
    }
    let mut y = y0 + 7.0 * CELL_H + 12.0;
    if !gap_lines.is_empty() {
        text(&mut out, MARGIN, y, TEXT_SIZE, true, theme.label, "Gaps in the week");
        y += line;
        for l in &gap_lines {
            text(&mut out, MARGIN, y, TEXT_SIZE, false, theme.label, l);
            y += line;
        }
        y += 12.0;
    }
    for l in &caption_lines {
        text(&mut out, MARGIN, y, TEXT_SIZE, false, theme.label, l);
        y += line;
    }
    out.push_str("</svg>\n");
    Figure { svg: out, width, height, labels: None, raster_links: None }
}

/// The colour scale, the gap key and how many have hours.
fn legend(out: &mut String, chart: &WeekChart, theme: &SceneTheme, lx: f32, top: f32, legend_w: f32) {
    let max = chart.max();
    out.push_str("<g id=\"legend\">\n");
    text(out, lx, top, TEXT_SIZE, true, theme.label, "Organisations open");
    let steps = 5u32;
    for i in 0..=steps {
        let count = max * i / steps;
        let (fill, _) = shade(theme, count, max);
        let y = top + 22.0 + i as f32 * 20.0;
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"24\" height=\"16\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.5\"/>",
            num(lx),
            num(y),
            hex(fill),
            hex(theme.label)
        );
        text(out, lx + 32.0, y, TEXT_SIZE, false, theme.label, &count.to_string());
    }
    let y = top + 22.0 + (steps as f32 + 1.0) * 20.0 + 6.0;
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"24\" height=\"16\" fill=\"none\" stroke=\"#D55E00\" stroke-width=\"2\"/>",
        num(lx),
        num(y)
    );
    text(out, lx + 32.0, y, TEXT_SIZE, false, theme.label, "Gap: few open");
    let mut y = y + 26.0;
    let note =
        format!("{} with hours; {} unknown (no hours: never counted as closed)", chart.with_hours, chart.unknown);
    for l in crate::scene::wrap_text(&note, SMALL, legend_w) {
        text(out, lx, y, SMALL, false, theme.label, &l);
        y += fonts::line_height(SMALL);
    }
    out.push_str("</g>\n");
}

/// The hours: hour marks, day names, a shaded cell with its count per hour, gaps outlined.
fn grid(out: &mut String, chart: &WeekChart, theme: &SceneTheme, top: f32, max: u32) {
    let x0 = MARGIN + DAY_LABEL_W;
    let y0 = top + HOUR_LABEL_H;
    out.push_str("<g id=\"week\">\n");
    for h in (0..24).step_by(3) {
        text(out, x0 + h as f32 * CELL_W + 2.0, top, SMALL, false, theme.label, &format!("{h:02}:00"));
    }
    for (d, day) in chart.open.iter().enumerate() {
        let y = y0 + d as f32 * CELL_H;
        text(
            out,
            MARGIN,
            y + (CELL_H - fonts::line_height(TEXT_SIZE)) / 2.0,
            TEXT_SIZE,
            false,
            theme.label,
            crate::hours::moment::DAY_NAMES[d],
        );
        for (h, &count) in day.iter().enumerate() {
            let (fill, ink) = shade(theme, count, max);
            let x = x0 + h as f32 * CELL_W;
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.5\"/>",
                num(x),
                num(y),
                num(CELL_W),
                num(CELL_H),
                hex(fill),
                hex(theme.background)
            );
            let label = count.to_string();
            let tw = fonts::text_width(&label, SMALL, false);
            text(
                out,
                x + (CELL_W - tw) / 2.0,
                y + (CELL_H - fonts::line_height(SMALL)) / 2.0,
                SMALL,
                false,
                ink,
                &label,
            );
        }
    }
    // Gaps: outlined runs.
    for g in &chart.gaps {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#D55E00\" stroke-width=\"2\"/>",
            num(x0 + g.from_hour as f32 * CELL_W + 1.0),
            num(y0 + g.day as f32 * CELL_H + 1.0),
            num((g.to_hour - g.from_hour) as f32 * CELL_W - 2.0),
            num(CELL_H - 2.0)
        );
    }
    out.push_str("</g>\n");
}
