//! Presentation for workshops: the saved views as slides, in a high-contrast projector theme
//! with large text and markers, legend always on and the caption shown. It runs full screen in
//! the main window (F5) or in a separate projector window while the facilitator keeps editing;
//! both draw from the same document, so every edit shows at once.

use super::canvas::{paint_legend, paint_scene};
use super::theme::{color, color_alpha};
use super::view::ViewState;
use crate::edit::Document;
use crate::model::{Filter, Map, TypeId, View};
use crate::scene::{Scene, SceneOptions, SceneTheme, build};
use egui::{Align2, FontId, Key, Rect, Sense, pos2, vec2};
use std::time::Duration;

/// How long a slide transition takes.
const TRANSITION: Duration = Duration::from_millis(600);

/// State of the presentation (shared by full-screen mode and the projector window).
pub struct Presentation {
    /// Full screen in the main window.
    pub active: bool,
    /// The separate projector window is open.
    pub projector_open: bool,
    /// Index of the current view (slide); `None` shows the whole map.
    pub current: Option<usize>,
    /// For a view that reveals types one at a time: how many types are shown.
    pub reveal: usize,
    /// Size of markers and text relative to the editor.
    pub scale: f32,
    camera: ViewState,
    transition: Option<([f32; 2], f32, f64)>,
    scene: Scene,
    scene_key: Option<(u64, Option<usize>, usize, u32)>,
    fit_next: bool,
}

impl Default for Presentation {
    fn default() -> Self {
        Self {
            active: false,
            projector_open: false,
            current: None,
            reveal: 0,
            scale: 1.6,
            // Readable from the back of a room.
            camera: ViewState { min_label_px: 15.0, ..ViewState::default() },
            transition: None,
            scene: Scene::default(),
            scene_key: None,
            fit_next: true,
        }
    }
}

/// Organisation types used by the map, in typology order (the reveal order).
fn types_in_use(map: &Map) -> Vec<TypeId> {
    map.typology().org_types.iter().filter(|t| map.members_of(&t.id).next().is_some()).map(|t| t.id.clone()).collect()
}

impl Presentation {
    /// Starts presenting from view `index` (or the whole map).
    pub fn start(&mut self, index: Option<usize>, map: &Map) {
        self.go_to(index, map);
    }

    fn view<'m>(&self, map: &'m Map) -> Option<&'m View> {
        self.current.and_then(|i| map.views.get(i))
    }

    fn go_to(&mut self, index: Option<usize>, map: &Map) {
        self.current = index.filter(|&i| i < map.views.len());
        self.reveal = usize::from(self.view(map).is_some_and(|v| v.reveal));
        self.fit_next = true;
    }

    /// Next: the next type of a revealing view, else the next view.
    pub fn next(&mut self, map: &Map) {
        if let Some(v) = self.view(map)
            && v.reveal
            && self.reveal < types_in_use(map).len()
        {
            self.reveal += 1;
            return;
        }
        let next = match self.current {
            None if !map.views.is_empty() => Some(0),
            Some(i) if i + 1 < map.views.len() => Some(i + 1),
            other => other,
        };
        if next != self.current {
            self.go_to(next, map);
        }
    }

    /// Previous view.
    pub fn previous(&mut self, map: &Map) {
        if let Some(i) = self.current {
            self.go_to(i.checked_sub(1), map);
        }
    }

    /// The filter in force: the view's, limited to the revealed types.
    fn filter(&self, map: &Map) -> Filter {
        let mut filter = self.view(map).map(|v| v.filter.clone()).unwrap_or_default();
        if self.view(map).is_some_and(|v| v.reveal) {
            let shown: Vec<TypeId> = types_in_use(map).into_iter().take(self.reveal.max(1)).collect();
            filter.org_types = if filter.org_types.is_empty() {
                shown
            } else {
                filter.org_types.into_iter().filter(|t| shown.contains(t)).collect()
            };
        }
        filter
    }

    /// Organisations in the slide last drawn.
    #[must_use]
    pub fn scene_nodes(&self) -> usize {
        self.scene.nodes.len()
    }

    /// The scene for the slide (rebuilt when the map, slide or scale changes).
    pub fn scene(&mut self, doc: &Document) -> &Scene {
        let key = (doc.revision(), self.current, self.reveal, self.scale.to_bits());
        if self.scene_key != Some(key) {
            let options = SceneOptions {
                theme: SceneTheme::PROJECTOR,
                node_radius: 14.0 * self.scale,
                label_size: 13.0 * self.scale,
                filter: self.filter(doc.map()),
                show_notes: !self.view(doc.map()).is_some_and(|v| v.hide_notes),
                ..SceneOptions::default()
            };
            self.scene = build(doc.map(), &options);
            self.scene_key = Some(key);
        }
        &self.scene
    }

    /// Handles the presentation keys; returns true if the user asked to leave (Esc).
    pub fn keys(&mut self, ctx: &egui::Context, map: &Map) -> bool {
        let (next, prev, esc, bigger, smaller) = ctx.input(|i| {
            (
                i.key_pressed(Key::Space) || i.key_pressed(Key::ArrowRight) || i.key_pressed(Key::PageDown),
                i.key_pressed(Key::ArrowLeft) || i.key_pressed(Key::Backspace) || i.key_pressed(Key::PageUp),
                i.key_pressed(Key::Escape),
                i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
                i.key_pressed(Key::Minus),
            )
        });
        if next {
            self.next(map);
        }
        if prev {
            self.previous(map);
        }
        if bigger {
            self.scale = (self.scale + 0.2).min(4.0);
        }
        if smaller {
            self.scale = (self.scale - 0.2).max(0.8);
        }
        esc
    }

    /// Paints the slide into `ui`: map, legend, title and caption.
    pub fn show(&mut self, ui: &mut egui::Ui, doc: &Document) {
        let theme = SceneTheme::PROJECTOR;
        let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::hover());
        let rect = response.rect;
        painter.rect_filled(rect, 0.0, color(theme.background));
        let caption = self.view(doc.map()).map(|v| v.caption.clone()).unwrap_or_default();
        let title = self.view(doc.map()).map_or_else(|| doc.map().meta.title.clone(), |v| v.name.clone());
        let count = doc.map().views.len();
        let slide = self.current.map_or_else(String::new, |i| format!("{} / {count}", i + 1));
        let viewport = self.view(doc.map()).and_then(|v| v.viewport);
        let scale = self.scale;
        let scene = self.scene(doc).clone();
        // The map area leaves room for the title above and the caption below.
        let caption_h = if caption.is_empty() { 0.0 } else { 90.0 };
        let map_rect = Rect::from_min_max(rect.min + vec2(0.0, 70.0), rect.max - vec2(0.0, caption_h));
        self.camera.canvas_rect = map_rect;
        self.camera.legend_inset = super::canvas::legend_size(&painter, &scene).x + 24.0;
        if self.fit_next {
            let before = (self.camera.center, self.camera.zoom);
            match viewport {
                Some(v) => {
                    self.camera.center = v.center;
                    self.camera.zoom = v.zoom * scale.max(1.0);
                }
                None => self.camera.fit(scene.bounds),
            }
            self.transition = Some((before.0, before.1, ui.input(|i| i.time)));
            self.fit_next = false;
        }
        // Animate from the previous camera to the new one.
        let mut cam = self.camera.clone();
        if let Some((from, zoom, t0)) = self.transition {
            // egui's clock, so the animation also runs in step with simulated time in tests.
            let elapsed = ui.input(|i| i.time) - t0;
            let t = crate::convert::ratio(elapsed / TRANSITION.as_secs_f64());
            let e = t * t * (3.0 - 2.0 * t);
            cam.center = [from[0] + (cam.center[0] - from[0]) * e, from[1] + (cam.center[1] - from[1]) * e];
            cam.zoom = zoom + (cam.zoom - zoom) * e;
            if t >= 1.0 {
                self.transition = None;
            } else {
                ui.ctx().request_repaint();
            }
        }
        let map_painter = painter.with_clip_rect(map_rect);
        paint_scene(&map_painter, &scene, &cam, &theme);
        paint_legend(&painter, &scene, map_rect, &theme);
        painter.text(
            rect.min + vec2(24.0, 18.0),
            Align2::LEFT_TOP,
            &title,
            FontId::proportional(34.0),
            color(theme.label),
        );
        painter.text(
            pos2(rect.right() - 24.0, rect.top() + 22.0),
            Align2::RIGHT_TOP,
            &slide,
            FontId::proportional(24.0),
            color_alpha(theme.label, 0.7),
        );
        if !caption.is_empty() {
            let galley = painter.layout(caption, FontId::proportional(26.0), color(theme.label), rect.width() - 80.0);
            let pos = pos2(rect.center().x - galley.size().x / 2.0, rect.bottom() - caption_h + 12.0);
            painter.galley(pos, galley, color(theme.label));
        }
    }
}
