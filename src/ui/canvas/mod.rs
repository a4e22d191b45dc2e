//! The map canvas: paints the scene with egui and turns pointer and keyboard input into edits.
//!
//! Split by job: `paint` paints the scene (and places its labels on screen), `raster` draws a
//! far-zoomed big map's links and small markers on the CPU, `meshes` keeps the mesh pool and
//! clips and draws styled lines, `legend` paints, moves and settles the legend, and `input` turns
//! pointer gestures into edits. This file holds [`canvas_ui`], which runs them in order each
//! frame, and re-exports what the rest of the app paints with.

mod input;
mod legend;
mod meshes;
mod paint;
mod raster;

pub use input::add_organisation_at;
pub use legend::{legend_shapes_for, paint_legend};
pub use meshes::paint_styled_line;
pub use paint::{
    NamesHidden, fit_view, label_text_scale, names_hidden, paint_marker, paint_scene, paint_scene_placed, screen_labels,
};

use super::theme::{color, color_alpha};
use super::view::ViewState;
use crate::edit::Document;
use crate::scene::{Scene, SceneTheme};
use egui::{Align2, FontId, Rect, Sense, Ui};
use input::{full_name_ui, paint_gesture, pending_link_ui, pointer_ui, rename_ui};
use legend::{legend_controls, legend_for_frame, settle_legend};

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
    // The legend's size first: the fit keeps clear of it.
    let legend = legend_for_frame(scene, view, response.rect, show_legend);
    if view.fit_pending {
        fit_view(view, scene);
        view.fit_pending = false;
    }
    painter.rect_filled(response.rect, 0.0, color(theme.background));

    let pointer = response.hover_pos().or_else(|| ui.input(|i| i.pointer.interact_pos()));
    let pointer_map = pointer.map(|p| view.map_from_screen(p));
    pointer_ui(ui, &response, doc, view, scene, pointer_map, &mut out);

    if legend.is_some() {
        settle_legend(scene, view);
    }
    let placed = paint_scene_placed(&painter, scene, view, theme);
    view.labels_drawn = placed
        .placed
        .iter()
        .map(|p| Rect::from_min_max(view.screen_from_map(p.rect.0), view.screen_from_map(p.rect.1)))
        .collect();
    paint_gesture(&painter, scene, view, theme, pointer, response.rect);
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
