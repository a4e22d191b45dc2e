//! Presentation for workshops: the saved views as slides, in a high-contrast projector theme
//! with large text and markers, legend always on and the caption shown. It runs full screen in
//! the main window (F5) or in a separate projector window while the facilitator keeps editing;
//! both draw from the same document, so every edit shows at once.

use super::canvas::paint_legend;
use super::scene_cache::SceneCache;
use super::theme::{color, color_alpha};
use super::view::ViewState;
use crate::edit::Document;
use crate::model::{Filter, Map, MapPos, OrgId, TypeId, View};
use crate::scene::{Scene, SceneOptions, SceneTheme, build, org_passes};
use egui::{Align2, FontId, Key, Rect, Sense, pos2, vec2};
use std::time::Duration;

/// How long a slide transition takes.
const TRANSITION: Duration = Duration::from_millis(600);
/// Height of the title strip above the map, points.
const TITLE_H: f32 = 70.0;
/// Caption text size, points.
const CAPTION_PX: f32 = 26.0;
/// Space left and right of the caption, points.
const CAPTION_SIDE: f32 = 40.0;
/// Smallest label on a slide at the default scale (1.6), points: readable from the back of a room.
const MIN_LABEL_PX_PER_SCALE: f32 = 15.0 / 1.6;

/// What the camera's fit of a slide depends on: the map's revision, the slide and the scale.
#[derive(Debug, Clone, Copy, PartialEq)]
struct SlideKey {
    revision: u64,
    slide: Option<usize>,
    scale_bits: u32,
}

/// What a slide's scene is built from: the slide as fitted, and how far it has revealed its
/// types and stepped its journey.
#[derive(Debug, Clone, Copy, PartialEq)]
struct SlideSceneKey {
    slide: SlideKey,
    reveal: usize,
    journey_step: usize,
}

/// What the editor showed before presenting: the filter, the caption and the focus. Presenting
/// never leaves its slide's filter behind in the editor.
#[derive(Debug, Clone)]
struct EditorState {
    filter: Filter,
    caption: String,
    focus: Option<(OrgId, usize)>,
}

/// State of the presentation (shared by full-screen mode and the projector window).
pub struct Presentation {
    /// Full screen in the main window.
    pub active: bool,
    /// The separate projector window is open.
    pub projector_open: bool,
    /// Index of the current view (slide); `None` shows the whole map.
    pub current: Option<usize>,
    /// For a view that reveals types one at a time: how many of its types are shown (from 1);
    /// 0 on a slide that does not reveal.
    pub reveal: usize,
    /// For a view that shows one journey (and reveals no types): how many of its steps are
    /// drawn (from 1); 0 on other slides.
    pub journey_step: usize,
    /// Size of markers and text relative to the editor.
    pub scale: f32,
    /// Size of the editor's canvas, points: a slide with a saved viewport shows the map area that
    /// viewport framed in the editor, fitted to the presentation's own size.
    pub editor_canvas: egui::Vec2,
    camera: ViewState,
    transition: Option<([f32; 2], f32, f64)>,
    scene: SceneCache<SlideSceneKey>,
    /// The whole slide (every type of a revealing view): the camera fits this, so markers stay
    /// put while types are revealed.
    fit_scene: SceneCache<SlideKey>,
    /// What the camera was last fitted to: the map area, the slide and its scene.
    fitted_for: Option<(Rect, SlideKey)>,
    fit_next: bool,
    editor_before: Option<EditorState>,
    caption_rect: Option<Rect>,
    legend_rect: Option<Rect>,
    labels_drawn: Vec<Rect>,
    /// The week chart for chart slides, by the map revision it was made for.
    week: Option<(u64, crate::hours::WeekChart)>,
}

impl Default for Presentation {
    fn default() -> Self {
        Self {
            active: false,
            projector_open: false,
            current: None,
            reveal: 0,
            journey_step: 0,
            scale: 1.6,
            editor_canvas: egui::Vec2::ZERO,
            camera: ViewState { min_label_px: MIN_LABEL_PX_PER_SCALE * 1.6, ..ViewState::default() },
            transition: None,
            scene: SceneCache::default(),
            fit_scene: SceneCache::default(),
            fitted_for: None,
            fit_next: true,
            editor_before: None,
            caption_rect: None,
            legend_rect: None,
            labels_drawn: Vec::new(),
            week: None,
        }
    }
}

/// The organisation types a revealing view steps through, in the order the facilitator listed
/// them in the view's filter (typology order when it lists none), keeping only types with at
/// least one organisation the view shows: every step adds something to the slide.
#[must_use]
pub fn reveal_types(map: &Map, view: &View) -> Vec<TypeId> {
    let order: Vec<TypeId> = if view.filter.org_types.is_empty() {
        map.typology().org_types.iter().map(|t| t.id.clone()).collect()
    } else {
        view.filter.org_types.clone()
    };
    let mut seen = std::collections::HashSet::new();
    order
        .into_iter()
        .filter(|t| seen.insert(t.clone()))
        .filter(|t| map.members_of(t).any(|o| org_passes(&view.filter, o)))
        .collect()
}

/// Keys that jump to views 1–9.
const DIGITS: [Key; 9] =
    [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];

impl Presentation {
    /// Starts presenting from view `index` (or the whole map).
    pub fn start(&mut self, index: Option<usize>, map: &Map) {
        self.go_to(index, map);
    }

    /// Remembers the editor's filter, caption and focus (once per presentation).
    pub fn remember_editor(&mut self, editor: &ViewState) {
        if self.editor_before.is_none() {
            self.editor_before = Some(EditorState {
                filter: editor.filter.clone(),
                caption: editor.caption.clone(),
                focus: editor.focus.clone(),
            });
        }
    }

    /// Puts back the editor's filter, caption and focus as they were when presenting started.
    pub fn restore_editor(&mut self, editor: &mut ViewState) {
        if let Some(before) = self.editor_before.take() {
            editor.filter = before.filter;
            editor.caption = before.caption;
            editor.focus = before.focus;
        }
    }

    fn view<'m>(&self, map: &'m Map) -> Option<&'m View> {
        self.current.and_then(|i| map.views.get(i))
    }

    fn go_to(&mut self, index: Option<usize>, map: &Map) {
        self.current = index.filter(|&i| i < map.views.len());
        self.reveal = usize::from(self.view(map).is_some_and(|v| v.reveal && !reveal_types(map, v).is_empty()));
        self.journey_step = usize::from(self.reveal == 0 && self.stepped_journey_len(map) > 0);
        self.fit_next = true;
    }

    /// The number of steps of the journey a slide steps through: a view showing exactly one
    /// journey (with steps) and revealing no types. 0 on other slides.
    fn stepped_journey_len(&self, map: &Map) -> usize {
        match self.view(map).map(|v| (v.reveal, v.journeys.as_slice())) {
            Some((false, [id])) => map.journey(id).map_or(0, |j| j.steps.len()),
            _ => 0,
        }
    }

    /// "Step 2 of 5: The Haven crisis café, week 1" on a slide stepping through a journey.
    fn journey_step_text(&self, map: &Map) -> Option<String> {
        let i = self.journey_step.checked_sub(1)?;
        let id = self.view(map)?.journeys.first()?;
        let journey = map.journey(id)?;
        let step = journey.steps.get(i)?;
        let org = map.org(&step.org).map_or_else(|| step.org.to_string(), |o| o.name.clone());
        let when = [step.when.clone(), step.at.map(|t| t.to_string()).unwrap_or_default()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let when = if when.is_empty() { String::new() } else { format!(" ({when})") };
        Some(format!("Step {} of {}: {org}{when}", i + 1, journey.steps.len()))
    }

    /// The types a revealing slide steps through (empty on other slides).
    fn reveal_order(&self, map: &Map) -> Vec<TypeId> {
        self.view(map).filter(|v| v.reveal).map(|v| reveal_types(map, v)).unwrap_or_default()
    }

    /// Next: the next type of a revealing view, else the next view.
    pub fn next(&mut self, map: &Map) {
        if self.reveal > 0 && self.reveal < self.reveal_order(map).len() {
            self.reveal += 1;
            return;
        }
        if self.journey_step > 0 && self.journey_step < self.stepped_journey_len(map) {
            self.journey_step += 1;
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

    /// Previous: one type fewer on a revealing view, else the previous view as it ended (a
    /// revealing view with all its types shown).
    pub fn previous(&mut self, map: &Map) {
        if self.reveal > 1 {
            self.reveal -= 1;
            return;
        }
        if self.journey_step > 1 {
            self.journey_step -= 1;
            return;
        }
        if let Some(i) = self.current {
            self.go_to(i.checked_sub(1), map);
            if self.reveal > 0 {
                self.reveal = self.reveal_order(map).len();
            }
            if self.journey_step > 0 {
                self.journey_step = self.stepped_journey_len(map);
            }
        }
    }

    /// The filter in force: the view's, limited to the revealed types.
    fn filter(&self, map: &Map) -> Filter {
        let mut filter = self.view(map).map(|v| v.filter.clone()).unwrap_or_default();
        let order = self.reveal_order(map);
        if self.reveal > 0 && !order.is_empty() {
            filter.org_types = order.into_iter().take(self.reveal).collect();
        }
        filter
    }

    /// The name of the type revealed last and its place among the slide's types, e.g.
    /// "Drop-in (2 of 4)".
    fn reveal_step(&self, map: &Map) -> Option<String> {
        let order = self.reveal_order(map);
        let ty = order.get(self.reveal.checked_sub(1)?)?;
        let name = map.typology().org_types.iter().find(|t| &t.id == ty).map_or(ty.as_str(), |t| t.name.as_str());
        Some(format!("{name} ({} of {})", self.reveal, order.len()))
    }

    /// Organisations in the slide last drawn.
    #[must_use]
    pub fn scene_nodes(&self) -> usize {
        self.scene.scene().nodes.len()
    }

    /// The slide's scene as last drawn.
    #[must_use]
    pub fn last_scene(&self) -> &Scene {
        self.scene.scene()
    }

    /// Where the map was drawn last (the screen area below the title and above the caption).
    #[must_use]
    pub fn map_rect(&self) -> Rect {
        self.camera.canvas_rect
    }

    /// Where the caption's text was drawn last (`None` without a caption).
    #[must_use]
    pub fn caption_rect(&self) -> Option<Rect> {
        self.caption_rect
    }

    /// Where the legend was drawn last (`None` without one).
    #[must_use]
    pub fn legend_rect(&self) -> Option<Rect> {
        self.legend_rect
    }

    /// Screen boxes of the organisation labels drawn last frame.
    #[must_use]
    pub fn labels_drawn(&self) -> &[Rect] {
        &self.labels_drawn
    }

    /// Where each organisation's marker of the slide sits on screen once the camera has settled.
    #[must_use]
    pub fn marker_rects_on_screen(&self) -> Vec<(OrgId, Rect)> {
        self.scene
            .scene()
            .nodes
            .iter()
            .map(|n| {
                (
                    n.id.clone(),
                    Rect::from_center_size(
                        self.camera.screen_from_map(n.center),
                        egui::Vec2::splat(2.0 * n.radius * self.camera.zoom),
                    ),
                )
            })
            .collect()
    }

    fn options(&self, filter: Filter, map: &Map) -> SceneOptions {
        SceneOptions {
            theme: SceneTheme::PROJECTOR,
            node_radius: 14.0 * self.scale,
            label_size: crate::scene::DEFAULT_LABEL_SIZE * self.scale,
            filter,
            show_notes: !self.view(map).is_some_and(|v| v.hide_notes),
            closed: self.open_at(map).map(|m| crate::hours::open_at(map, &m, crate::hours::now_local()).closed()),
            journeys: crate::scene::JourneyChoice {
                ids: self.view(map).map(|v| v.journeys.clone()).unwrap_or_default(),
                steps: (self.journey_step > 0).then_some(self.journey_step),
            },
            ..SceneOptions::default()
        }
    }

    /// A map slide: the scene through the camera `cam`, clipped to `area`, then the legend of
    /// what it shows in the corner the fit kept clear (`shapes` are the legend's candidate
    /// shapes). Remembers where labels and the legend were drawn.
    fn paint_map(
        &mut self,
        painter: &egui::Painter,
        area: Rect,
        scene: &crate::scene::Scene,
        cam: &super::view::ViewState,
        theme: &SceneTheme,
        shapes: &[crate::scene::legend::LegendLayout],
    ) {
        let map_painter = painter.with_clip_rect(area);
        let placed = super::canvas::paint_scene_placed(&map_painter, scene, cam, theme);
        self.labels_drawn = placed
            .placed
            .iter()
            .map(|p| Rect::from_min_max(cam.screen_from_map(p.rect.0), cam.screen_from_map(p.rect.1)))
            .collect();
        let shape = shapes.get(self.camera.legend_choice).or(shapes.first());
        if let Some(layout) = shape.and_then(|l| crate::scene::legend::legend_layout_with(scene, l.text, l.columns))
            && let Some(frame) = self.camera.legend_rect()
        {
            let frame = Rect::from_min_size(frame.min, vec2(layout.size[0], layout.size[1]));
            paint_legend(painter, scene, &layout, frame, theme);
            self.legend_rect = Some(frame);
        }
    }

    /// A chart slide: the week chart filling the map's area.
    fn paint_week(&mut self, painter: &egui::Painter, area: Rect, doc: &Document, theme: &SceneTheme) {
        if self.week.as_ref().is_none_or(|(r, _)| *r != doc.revision()) {
            let map = doc.map();
            let chart =
                crate::hours::week_chart(map, &crate::hours::HoursIndex::new(map), crate::hours::now_local(), None);
            self.week = Some((doc.revision(), chart));
        }
        let Some((_, chart)) = &self.week else { return };
        let rect = area.shrink2(vec2(48.0, 24.0));
        super::week_paint::paint_week_chart(painter, rect, chart, color(theme.label), 20.0);
    }

    /// The slide's "open at" moment, if its view keeps one.
    fn open_at(&self, map: &Map) -> Option<crate::hours::Moment> {
        self.view(map).and_then(|v| v.open_at)
    }

    /// What the slide's fit depends on now.
    fn slide_key(&self, doc: &Document) -> SlideKey {
        SlideKey { revision: doc.revision(), slide: self.current, scale_bits: self.scale.to_bits() }
    }

    /// The scene for the slide (rebuilt when the map, slide, reveal, journey step or scale
    /// changes).
    pub fn scene(&mut self, doc: &Document) -> &Scene {
        let key = SlideSceneKey { slide: self.slide_key(doc), reveal: self.reveal, journey_step: self.journey_step };
        // Out of `self` while building, which reads the slide's options from `self`.
        let mut cache = std::mem::take(&mut self.scene);
        cache.scene_for(key, || build(doc.map(), &self.options(self.filter(doc.map()), doc.map())));
        self.scene = cache;
        self.scene.scene()
    }

    /// The scene the camera fits: the slide with every type it reveals.
    fn fit_scene(&mut self, doc: &Document) -> SlideKey {
        let key = self.slide_key(doc);
        let mut cache = std::mem::take(&mut self.fit_scene);
        cache.scene_for(key, || {
            let filter = self.view(doc.map()).map(|v| v.filter.clone()).unwrap_or_default();
            if self.reveal > 0 { build(doc.map(), &self.options(filter, doc.map())) } else { Scene::default() }
        });
        self.fit_scene = cache;
        key
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
        // 1–9 jump to that view: a facilitator gets to "Sunday 2 am" in two presses (F5, 6).
        let jump = ctx.input(|i| DIGITS.iter().position(|k| i.key_pressed(*k)));
        if let Some(i) = jump.filter(|&i| i < map.views.len()) {
            self.go_to(Some(i), map);
        }
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

    /// Fits the camera to the slide in `map_rect`: the map area a saved viewport framed in the
    /// editor, else every marker with its label as painted (labels keep a readable size however
    /// small the map is drawn, so the zoom steps down until they fit too).
    /// The legend keeps a strip of its own along one edge (in the corner that leaves the map the
    /// most room), so it never covers the map.
    fn fit_camera(&mut self, viewport: Option<crate::model::Viewport>, legend: &[egui::Vec2]) {
        let scene = if self.reveal > 0 { self.fit_scene.scene() } else { self.scene.scene() };
        let map_rect = self.camera.canvas_rect;
        self.camera.legend_options = legend.to_vec();
        self.camera.legend_size = legend.get(self.camera.legend_choice).or(legend.first()).copied().unwrap_or_default();
        self.camera.legend_offset = None;
        let content = scene.bounds.map_or([1.0, 1.0], |(min, max)| [max[0] - min[0], max[1] - min[1]]);
        let area = self.camera.free_rect(content, 8.0);
        let legend_size = self.camera.legend_size;
        self.camera.canvas_rect = area;
        self.camera.legend_size = egui::Vec2::ZERO;
        let framed = viewport.filter(|_| self.editor_canvas.x > 1.0 && self.editor_canvas.y > 1.0).map(|v| {
            let half = [self.editor_canvas.x / 2.0 / v.zoom, self.editor_canvas.y / 2.0 / v.zoom];
            ([v.center[0] - half[0], v.center[1] - half[1]], [v.center[0] + half[0], v.center[1] + half[1]])
        });
        match (viewport, framed) {
            (_, Some(b)) => self.camera.fit(Some(b)),
            (Some(v), None) => {
                self.camera.center = v.center;
                self.camera.zoom = v.zoom;
            }
            (None, None) => self.camera.fit(scene.bounds),
        }
        let inside = |p: MapPos| {
            framed.is_none_or(|(min, max)| p[0] >= min[0] && p[0] <= max[0] && p[1] >= min[1] && p[1] <= max[1])
        };
        let room = area.shrink(8.0);
        // Labels do not shrink below a readable size, so what is painted is not a scaled copy of
        // the map: centre what is painted, then zoom out by the part that does not fit, until it does.
        for _ in 0..40 {
            if viewport.is_some() && framed.is_none() {
                break;
            }
            let painted = painted_rects(scene, &self.camera, &inside).into_iter().reduce(Rect::union);
            let Some(painted) = painted else { break };
            let shift = (room.center() - painted.center()) / self.camera.zoom;
            self.camera.center = [self.camera.center[0] - shift.x, self.camera.center[1] - shift.y];
            if painted.width() <= room.width() && painted.height() <= room.height() {
                break;
            }
            let k = (room.width() / painted.width()).min(room.height() / painted.height());
            self.camera.zoom *= k.clamp(0.5, 0.98);
        }
        // Back to the whole map area, keeping what was fitted where it is on screen.
        let shift = (area.center() - map_rect.center()) / self.camera.zoom;
        self.camera.center = [self.camera.center[0] - shift.x, self.camera.center[1] - shift.y];
        self.camera.canvas_rect = map_rect;
        self.camera.legend_size = legend_size;
    }

    /// Paints the slide into `ui`: map, legend, title and caption.
    pub fn show(&mut self, ui: &mut egui::Ui, doc: &Document) {
        let theme = SceneTheme::PROJECTOR;
        let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::hover());
        let rect = response.rect;
        painter.rect_filled(rect, 0.0, color(theme.background));
        let mut caption = self.view(doc.map()).map(|v| v.caption.clone()).unwrap_or_default();
        if let Some(moment) = self.open_at(doc.map()) {
            let (_, line) = crate::export::open_at_summary(doc.map(), &moment, crate::hours::now_local());
            caption = if caption.is_empty() { line } else { format!("{line}. {caption}") };
        }
        let title = self.view(doc.map()).map_or_else(|| doc.map().meta.title.clone(), |v| v.name.clone());
        let count = doc.map().views.len();
        let mut slide = self.current.map_or_else(String::new, |i| format!("{} / {count}", i + 1));
        if let Some(step) = self.reveal_step(doc.map()).or_else(|| self.journey_step_text(doc.map())) {
            slide = format!("{step} · {slide}");
        }
        let viewport = self.view(doc.map()).and_then(|v| v.viewport);
        self.camera.min_label_px = MIN_LABEL_PX_PER_SCALE * self.scale;
        let scene = self.scene(doc).clone();
        let fit_key = self.fit_scene(doc);
        // The caption wraps to the window's width; the map takes the room left between it and the title.
        let caption_galley = (!caption.is_empty()).then(|| {
            // Reordered before egui wraps it: the same as after, but where a line break falls
            // inside a right-to-left run.
            painter.layout_job(super::bidi_text::job(
                &caption,
                FontId::proportional(CAPTION_PX),
                color(theme.label),
                rect.width() - 2.0 * CAPTION_SIDE,
            ))
        });
        let caption_h = caption_galley.as_ref().map_or(0.0, |g| (g.size().y + 24.0).min(rect.height() / 3.0));
        let map_rect = Rect::from_min_max(rect.min + vec2(0.0, TITLE_H), rect.max - vec2(0.0, caption_h));
        self.camera.canvas_rect = map_rect;
        // A revealing slide keeps room for its last step's legend, so the map does not move as it grows.
        let legend_of = if self.reveal > 0 { self.fit_scene.scene() } else { &scene };
        let shapes = super::canvas::legend_shapes_for(legend_of, map_rect, false);
        let legend: Vec<egui::Vec2> = shapes.iter().map(|l| vec2(l.size[0], l.size[1])).collect();
        let now = ui.input(|i| i.time);
        if self.fit_next {
            let before = (self.camera.center, self.camera.zoom);
            self.fit_camera(viewport, &legend);
            // No animation into the first slide: the camera has nothing to come from.
            if self.fitted_for.is_some() {
                self.transition = Some((before.0, before.1, now));
            }
            self.fit_next = false;
            self.fitted_for = Some((map_rect, fit_key));
        } else if self.fitted_for != Some((map_rect, fit_key)) {
            // The window was resized, the map edited or the text size changed: fit again at once.
            self.fit_camera(viewport, &legend);
            self.fitted_for = Some((map_rect, fit_key));
        }
        // Animate from the previous camera to the new one.
        let mut cam = self.camera.clone();
        if let Some((from, zoom, t0)) = self.transition {
            // egui's clock, so the animation also runs in step with simulated time in tests.
            let elapsed = now - t0;
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
        self.legend_rect = None;
        self.labels_drawn.clear();
        if self.view(doc.map()).is_some_and(|v| v.chart.is_some()) {
            self.paint_week(&painter, map_rect, doc, &theme);
        } else {
            self.paint_map(&painter, map_rect, &scene, &cam, &theme, &shapes);
        }
        super::bidi_text::text(
            &painter,
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
        self.caption_rect = None;
        if let Some(galley) = caption_galley {
            let pos = pos2(rect.center().x - galley.size().x / 2.0, map_rect.bottom() + 12.0);
            self.caption_rect = Some(Rect::from_min_size(pos, galley.size()));
            painter.with_clip_rect(Rect::from_min_max(pos2(rect.left(), map_rect.bottom()), rect.max)).galley(
                pos,
                galley,
                color(theme.label),
            );
        }
    }
}

/// The markers (those `inside`) and the labels of `scene` on screen as the canvas paints them
/// with `camera`.
fn painted_rects(scene: &Scene, camera: &ViewState, inside: &dyn Fn(MapPos) -> bool) -> Vec<Rect> {
    let z = camera.zoom;
    let mut rects: Vec<Rect> = scene
        .nodes
        .iter()
        .filter(|n| inside(n.center))
        .map(|n| Rect::from_center_size(camera.screen_from_map(n.center), egui::Vec2::splat(2.0 * n.radius * z)))
        .collect();
    let layout = super::canvas::screen_labels(scene, camera, Rect::EVERYTHING, None, None);
    rects.extend(
        layout
            .placed
            .iter()
            .filter(|p| inside(scene.nodes[p.node].center))
            .map(|p| Rect::from_min_max(camera.screen_from_map(p.rect.0), camera.screen_from_map(p.rect.1))),
    );
    rects
}
