//! The canvas's legend: the shapes it can take, painting it, its header controls, and moving it
//! off what it covers.

use super::meshes::paint_styled_line;
use super::paint::paint_marker;
use crate::scene::legend::{self, LegendEntry, LegendLayout};
use crate::scene::{Scene, SceneTheme};
use crate::ui::bidi_text;
use crate::ui::theme::{self, color, color_alpha};
use crate::ui::view::ViewState;
use egui::{Align2, FontId, Pos2, Rect, Sense, Shape as EShape, Stroke, Ui, pos2, vec2};

/// The shapes the legend can take in a canvas area (see [`legend::legend_shapes`]): within a
/// third of the width and the height less its margins.
#[must_use]
pub fn legend_shapes_for(scene: &Scene, area: Rect, collapsed: bool) -> Vec<LegendLayout> {
    let max = [area.width() * 0.34, area.height() - 2.0 * legend::LEGEND_MARGIN];
    legend::legend_shapes(scene, max, collapsed)
}

/// The legend to draw this frame (none when it is hidden), after noting in `view` the sizes it
/// can take in the canvas `area` and the one chosen (where it goes, and the fit, depend on it).
pub(super) fn legend_for_frame(scene: &Scene, view: &mut ViewState, area: Rect, show: bool) -> Option<LegendLayout> {
    let shapes = if show { legend_shapes_for(scene, area, view.legend_collapsed) } else { Vec::new() };
    view.legend_options = shapes.iter().map(|l| vec2(l.size[0], l.size[1])).collect();
    view.legend_size =
        view.legend_options.get(view.legend_choice).or(view.legend_options.first()).copied().unwrap_or_default();
    let chosen = if view.legend_choice < shapes.len() { view.legend_choice } else { 0 };
    shapes.into_iter().nth(chosen)
}

/// Paints the legend of types in use into `frame` (where [`ViewState::legend_rect`] puts it).
pub fn paint_legend(painter: &egui::Painter, scene: &Scene, layout: &LegendLayout, frame: Rect, theme: &SceneTheme) {
    let text_color = color(theme.label);
    painter.rect(
        frame,
        6.0,
        theme::overlay_fill(theme),
        Stroke::new(1.0, theme::overlay_stroke(theme)),
        egui::StrokeKind::Inside,
    );
    // The header: a grip to drag by (its title when collapsed).
    let grip = frame.left_top() + vec2(10.0, legend::HEADER_H / 2.0 + 1.0);
    let title = if layout.entries.is_empty() { "Legend" } else { "Legend ⠿" };
    painter.text(grip, Align2::LEFT_CENTER, title, FontId::proportional(11.0), color_alpha(theme.label, 0.6));
    let k = layout.text / legend::LEGEND_TEXT;
    let font = FontId::proportional(layout.text);
    let outline = Stroke::new(1.0, color(theme.outline));
    for &(entry, [dx, dy]) in &layout.entries {
        let at = frame.min + vec2(dx, dy);
        let name = legend::legend_text(scene, entry);
        if paint_swatch(painter, scene, entry, at, k, outline) {
            bidi_text::text(painter, at + vec2(28.0 * k, 0.0), Align2::LEFT_CENTER, &name, font.clone(), text_color);
        } else {
            painter.text(at, Align2::LEFT_CENTER, name, font.clone(), text_color);
        }
    }
}

/// Paints the swatch of a legend row whose left middle is `at` (`k`: the legend's text scale):
/// a type's marker, a link type's line (and arrowhead), a journey's line. False for rows
/// without one (headings, the size note, the collapsed legend).
fn paint_swatch(painter: &egui::Painter, scene: &Scene, entry: LegendEntry, at: Pos2, k: f32, outline: Stroke) -> bool {
    match entry {
        LegendEntry::OrgType(i) => {
            if let Some(t) = scene.legend_org_types.get(i) {
                paint_marker(painter, t.shape, at + vec2(10.0 * k, 0.0), 6.5 * k, color(t.colour), outline);
            }
        }
        LegendEntry::LinkType(i) => {
            if let Some(t) = scene.legend_link_types.get(i) {
                let c = color(t.colour);
                let (a, b) = (at, at + vec2(22.0 * k, 0.0));
                paint_styled_line(painter, &[a, b], t.style, Stroke::new(2.0, c));
                if t.directed {
                    painter.add(EShape::convex_polygon(
                        vec![b + vec2(2.0, 0.0) * k, b + vec2(-5.0, -4.0) * k, b + vec2(-5.0, 4.0) * k],
                        c,
                        Stroke::NONE,
                    ));
                }
            }
        }
        LegendEntry::Journey(i) => {
            if let Some(j) = scene.journeys.get(i) {
                painter.line_segment([at, at + vec2(22.0 * k, 0.0)], Stroke::new(3.0 * k, color(j.colour)));
            }
        }
        LegendEntry::Heading(_) | LegendEntry::Size | LegendEntry::Collapsed => return false,
    }
    true
}

/// What the user did to the legend this frame.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct LegendInput {
    pub(super) hide: bool,
}

/// The legend's header controls: drag to move (double-click puts it back in a corner), a
/// button to collapse or expand it and one to hide it.
pub(super) fn legend_controls(ui: &Ui, view: &mut ViewState, frame: Rect) -> LegendInput {
    let mut input = LegendInput::default();
    let header = Rect::from_min_size(frame.min, vec2(frame.width(), legend::HEADER_H + 2.0));
    let button = |k: f32| Rect::from_min_size(pos2(header.right() - 20.0 * k, header.top() + 1.0), vec2(18.0, 17.0));
    let grip = ui.interact(
        Rect::from_min_max(header.min, pos2(header.right() - 42.0, header.bottom())),
        egui::Id::unique("legend_grip"),
        Sense::click_and_drag(),
    );
    grip.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Group, true, "Legend (drag to move)"));
    if grip.dragged() {
        let at = view.legend_rect().map_or(frame.min, |r| r.min) + grip.drag_delta();
        view.legend_offset = Some(at - view.canvas_rect.min);
    }
    if grip.double_clicked() {
        view.legend_offset = None;
    }
    let collapse = ui.interact(button(2.0), egui::Id::unique("legend_collapse"), Sense::click());
    let what = if view.legend_collapsed { "Expand legend" } else { "Collapse legend" };
    collapse.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, what));
    let close = ui.interact(button(1.0), egui::Id::unique("legend_hide"), Sense::click());
    close.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Hide legend"));
    let painter = ui.painter();
    let glyph = if view.legend_collapsed { "▸" } else { "▾" };
    let ink = ui.visuals().text_color();
    for (r, g) in [(&collapse, glyph), (&close, "×")] {
        if r.hovered() {
            painter.rect_filled(r.rect, 3.0, ui.visuals().widgets.hovered.bg_fill);
        }
        painter.text(r.rect.center(), Align2::CENTER_CENTER, g, FontId::proportional(14.0), ink);
    }
    if collapse.clicked() {
        view.legend_collapsed = !view.legend_collapsed;
    }
    input.hide = close.clicked();
    input
}

/// How many markers and drawn labels lie under a legend at `rect` (screen).
fn covered(scene: &Scene, view: &ViewState, labels: &[Rect], rect: Rect) -> usize {
    let reach = scene.nodes.iter().map(|n| n.radius).fold(0.0, f32::max) * view.zoom;
    let r = rect.expand(reach);
    let markers = scene.nodes_in_rect(view.map_from_screen(r.min), view.map_from_screen(r.max)).len();
    markers + labels.iter().filter(|l| l.intersects(rect)).count()
}

/// Moves a legend sitting in a corner to the emptiest corner when it covers something where it is.
pub(super) fn settle_legend(scene: &Scene, view: &mut ViewState) {
    if view.legend_offset.is_some() {
        return;
    }
    let Some(here) = view.legend_rect() else { return };
    let mut best = (covered(scene, view, &view.labels_drawn, here), view.legend_corner);
    if best.0 == 0 {
        return;
    }
    let current = view.legend_corner;
    for corner in legend::Corner::ALL {
        view.legend_corner = corner;
        if let Some(r) = view.legend_rect() {
            let n = covered(scene, view, &view.labels_drawn, r);
            if n < best.0 {
                best = (n, corner);
            }
        }
    }
    view.legend_corner = if best.1 == current { current } else { best.1 };
}
