//! The map canvas: paints the scene with egui and turns pointer and keyboard input into edits.
//!
//! Split by job: [`paint`] paints the scene (and places its labels), [`raster`] draws a far-zoomed
//! big map on the CPU, [`meshes`] keeps the mesh pool, clips and draws styled lines, [`legend`]
//! paints and moves the legend, and [`input`] turns gestures into edits. This file holds
//! [`canvas_ui`], which runs them in order each frame.

mod input;
mod legend;
mod meshes;
mod paint;
mod raster;

pub use input::add_organisation_at;
pub use legend::{legend_shapes_for, paint_legend};
pub use meshes::paint_styled_line;
pub use paint::{fit_view, label_text_scale, paint_marker, paint_scene, paint_scene_placed, screen_labels};

use super::theme::{self, color, color_alpha};
use super::view::{Gesture, ViewState};
use crate::edit::Document;
use crate::scene::{Scene, SceneTheme};
use egui::{Align2, FontId, Rect, Sense, Shape as EShape, Stroke, Ui, vec2};
use input::{full_name_ui, handle_clicks, handle_drag, paint_link_hint, pending_link_ui, rename_ui, zoom_and_scroll};
use legend::{legend_controls, settle_legend};

/// What the canvas asks of the app after a frame (things it cannot do itself).
#[derive(Debug, Default)]
pub struct CanvasOutput {
    /// Errors to show the user.
    pub errors: Vec<String>,
    /// The user closed the legend from its header.
    pub hide_legend: bool,
}

/// The canvas: paints and handles input. Call inside the central panel.
pub fn canvas_ui(
    ui: &mut Ui,
    doc: &mut Document,
    view: &mut ViewState,
    scene: &Scene,
    theme: &SceneTheme,
    show_legend: bool,
) -> CanvasOutput {
    let mut out = CanvasOutput::default();
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Map canvas"));
    view.canvas_rect = response.rect;
    let shapes = if show_legend { legend_shapes_for(scene, response.rect, view.legend_collapsed) } else { Vec::new() };
    view.legend_options = shapes.iter().map(|l| vec2(l.size[0], l.size[1])).collect();
    view.legend_size =
        view.legend_options.get(view.legend_choice).or(view.legend_options.first()).copied().unwrap_or_default();
    if view.fit_pending {
        fit_view(view, scene);
        view.fit_pending = false;
    }
    let legend = shapes.get(view.legend_choice).or(shapes.first()).cloned();
    painter.rect_filled(response.rect, 0.0, color(theme.background));

    let pointer = response.hover_pos().or_else(|| ui.input(|i| i.pointer.interact_pos()));
    let pointer_map = pointer.map(|p| view.map_from_screen(p));
    let slack = 4.0 / view.zoom;
    view.hover_org = if view.gesture == Gesture::Idle || matches!(view.gesture, Gesture::Linking { .. }) {
        pointer_map.filter(|_| response.hovered()).and_then(|p| scene.node_at(p, slack)).map(|n| n.id.clone())
    } else {
        None
    };
    view.hover_link = match (&view.hover_org, pointer_map.filter(|_| response.hovered())) {
        (None, Some(p)) if view.gesture == Gesture::Idle => scene.edge_at(p, 5.0 / view.zoom).map(|e| e.id.clone()),
        _ => None,
    };

    zoom_and_scroll(ui, &response, view);
    handle_drag(ui, &response, doc, view, scene, pointer_map, &mut out);
    handle_clicks(ui, &response, doc, view, scene, pointer_map, &mut out);

    if legend.is_some() {
        settle_legend(scene, view);
    }
    let placed = paint_scene_placed(&painter, scene, view, theme);
    view.labels_drawn = placed
        .placed
        .iter()
        .map(|p| Rect::from_min_max(view.screen_from_map(p.rect.0), view.screen_from_map(p.rect.1)))
        .collect();
    match &view.gesture {
        Gesture::BoxSelect { from, .. } => {
            if let Some(p) = pointer {
                let r = Rect::from_two_pos(view.screen_from_map(*from), p);
                painter.rect(
                    r,
                    0.0,
                    theme::selection_fill(theme),
                    Stroke::new(1.0, color(theme.selection)),
                    egui::StrokeKind::Inside,
                );
            }
        }
        Gesture::Linking { from } => {
            if let (Some(n), Some(p)) = (scene.node(from), pointer) {
                let a = view.screen_from_map(n.center);
                painter.extend(EShape::dashed_line(&[a, p], Stroke::new(2.0, color(theme.selection)), 8.0, 5.0));
            }
        }
        _ => {}
    }
    if let (Some(from), Some(p)) = (&view.connect_from, pointer)
        && let Some(n) = scene.node(from)
    {
        painter.extend(EShape::dashed_line(
            &[view.screen_from_map(n.center), p],
            Stroke::new(2.0, color(theme.selection)),
            8.0,
            5.0,
        ));
        paint_link_hint(&painter, scene, view, theme, p, response.rect);
    }
    if let Some(layout) = &legend
        && let Some(frame) = view.legend_rect()
    {
        paint_legend(&painter, scene, layout, frame, theme);
        out.hide_legend = legend_controls(ui, view, frame).hide;
    }
    full_name_ui(&painter, scene, view, theme, &placed, pointer);
    if scene.nodes.is_empty() {
        painter.text(
            response.rect.center(),
            Align2::CENTER_CENTER,
            "Double-click to add an organisation",
            FontId::proportional(18.0),
            color_alpha(theme.label, 0.6),
        );
    }
    rename_ui(ui, doc, view, scene, &mut out);
    pending_link_ui(ui, doc, view, &mut out);
    out
}
