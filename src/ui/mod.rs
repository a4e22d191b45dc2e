//! The egui layer: a thin shell over the model, edits and io. Nothing below `ui` knows egui.
//!
//! How the app is put together: `app.rs` holds [`PatchworkApp`] (its state and construction)
//! and `frame_ui`, a list of named steps; `app/` has one file per job (menus, command dispatch,
//! panels, document life, transfers, presenting, windows, prompts). Every window or dialog is a
//! struct with a `ui(...)` that reports into the one `notices::Notices` queue and returns what
//! it asks of the app as a typed value. The editor and the presentation keep their scenes in a
//! `scene_cache::SceneCache`, rebuilt when its typed key (the scene's inputs) changes.

mod about_window;
mod analysis_window;
mod app;
mod bidi_text;
pub mod canvas;
pub mod commands;
mod compare_paint;
pub mod compare_window;
pub mod draft;
mod export_window;
mod fields;
pub mod file_dialog;
pub mod files;
mod hours_editor;
mod import_window;
mod inspector;
mod journey_paint;
mod journeys_window;
mod layout_runner;
mod line_mesh;
pub mod merge_window;
mod notes_window;
mod notices;
pub mod open_at;
mod placement;
pub mod presentation;
mod scene_cache;
pub mod theme;
mod typology_window;
pub mod view;
mod views_window;
mod week_paint;

pub use app::{AUTOSAVE_INTERVAL, AppConfig, PatchworkApp};

use std::path::Path;

/// The application icon at 256 px (rendered from `assets/icons/patchwork.svg`).
const APP_ICON_PNG: &[u8] = include_bytes!("../../assets/icons/hicolor/256x256/apps/patchwork.png");

/// Opens the app window on `file`, or on the bundled example when none is given.
///
/// Drawn with OpenGL (glow) by default: on machines without a GPU, Mesa's software OpenGL
/// draws a big map two to three times faster than the Vulkan path. If OpenGL cannot start,
/// or `PATCHWORK_RENDERER=wgpu` is set, wgpu is used instead.
pub fn run(file: Option<&Path>) -> anyhow::Result<()> {
    let wgpu_first = std::env::var("PATCHWORK_RENDERER").is_ok_and(|r| r.eq_ignore_ascii_case("wgpu"));
    let order = if wgpu_first {
        [eframe::Renderer::Wgpu, eframe::Renderer::Glow]
    } else {
        [eframe::Renderer::Glow, eframe::Renderer::Wgpu]
    };
    // The window's own icon (title bar, Windows taskbar, X11 window managers that do not look up
    // the desktop entry); a PNG that fails to decode just leaves the default.
    let icon = eframe::icon_data::from_png_bytes(APP_ICON_PNG).ok();
    let mut first_error = None;
    for renderer in order {
        let mut viewport = egui::ViewportBuilder::default()
            .with_title("Patchwork")
            .with_app_id("patchwork")
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([720.0, 480.0]);
        if let Some(icon) = &icon {
            viewport = viewport.with_icon(icon.clone());
        }
        let options = eframe::NativeOptions { viewport, renderer, ..Default::default() };
        let file = file.map(Path::to_path_buf);
        match eframe::run_native(
            "Patchwork",
            options,
            Box::new(move |cc| Ok(Box::new(PatchworkApp::new(&cc.egui_ctx, AppConfig::system(file))))),
        ) {
            Ok(()) => return Ok(()),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let e = first_error.map_or_else(String::new, |e| e.to_string());
    Err(anyhow::anyhow!(
        "could not open the window: {e}. On Linux, install Mesa's EGL/OpenGL/Vulkan libraries (scripts/setup-system.sh does this)."
    ))
}

/// Where the app keeps the part of the window that windows may use (see [`window`]).
fn windows_area_id() -> egui::Id {
    egui::Id::unique("patchwork_windows_area")
}

/// Records the part of the window below the menu bar and toolbar, where [`window`]s stay.
pub(crate) fn set_windows_area(ctx: &egui::Context, area: egui::Rect) {
    ctx.data_mut(|d| d.insert_temp(windows_area_id(), area));
}

/// A window of the app: kept inside the area below the menu bar and toolbar, so no window ever
/// covers the menus (egui would otherwise place a new window at the very top). Before the first
/// frame has recorded the area, the whole window.
pub(crate) fn window<'open>(ctx: &egui::Context, title: impl Into<egui::WidgetText>) -> egui::Window<'open> {
    let area = ctx.data(|d| d.get_temp::<egui::Rect>(windows_area_id())).unwrap_or_else(|| ctx.content_rect());
    egui::Window::new(title).constrain_to(area)
}

/// A small fixed-size dialog of the app (Preferences, About): a [`window`] that opens centred,
/// cannot be folded or resized.
pub(crate) fn small_dialog<'open>(ctx: &egui::Context, title: impl Into<egui::WidgetText>) -> egui::Window<'open> {
    window(ctx, title)
        .collapsible(false)
        .resizable(false)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
}

/// "1 organisation", "2 organisations": a count with its noun in the right number (`noun` is the
/// singular, made plural with an s).
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_take_the_right_number() {
        assert_eq!(super::plural(1, "link"), "1 link");
        assert_eq!(super::plural(0, "link"), "0 links");
        assert_eq!(super::plural(2, "organisation"), "2 organisations");
    }
}
