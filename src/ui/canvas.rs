//! The map canvas: paints the scene with egui and turns pointer and keyboard input into edits.

use super::bidi_text;
use super::line_mesh;
use super::theme::{self, color, color_alpha};
use super::view::{Gesture, PendingLink, ViewState};
use crate::edit::{Document, Edit};
use crate::model::{LineStyle, LinkRecord, MapPos, OrgId, Organisation, Shape};
use crate::scene::legend::{self, LegendEntry, LegendLayout};
use crate::scene::{self, Scene, SceneTheme};
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Shape as EShape, Stroke, Ui, pos2, vec2};

/// What the canvas asks of the app after a frame (things it cannot do itself).
#[derive(Debug, Default)]
pub struct CanvasOutput {
    /// Errors to show the user.
    pub errors: Vec<String>,
    /// The user closed the legend from its header.
    pub hide_legend: bool,
}

fn to_screen(view: &ViewState, pts: &[MapPos]) -> Vec<Pos2> {
    pts.iter().map(|&p| view.screen_from_map(p)).collect()
}

/// Paints a marker of `shape` at `center` (screen) with radius `r` (screen points).
pub fn paint_marker(painter: &egui::Painter, shape: Shape, center: Pos2, r: f32, fill: Color32, stroke: Stroke) {
    let mut shapes = Vec::new();
    marker_shapes(&mut shapes, shape, center, r, fill, stroke);
    painter.extend(shapes);
}

/// The shapes of a marker (see [`paint_marker`]).
fn marker_shapes(out: &mut Vec<EShape>, shape: Shape, center: Pos2, r: f32, fill: Color32, stroke: Stroke) {
    let c = [center.x, center.y];
    if shape == Shape::Circle {
        out.push(EShape::Circle(egui::epaint::CircleShape { center, radius: r, fill, stroke }));
        return;
    }
    for part in scene::convex_parts(shape, c, r) {
        out.push(EShape::convex_polygon(part.iter().map(|p| pos2(p[0], p[1])).collect(), fill, Stroke::NONE));
    }
    let outline: Vec<Pos2> = scene::shape_outline(shape, c, r).iter().map(|p| pos2(p[0], p[1])).collect();
    out.push(EShape::closed_line(outline, stroke));
}

/// Paints a line in a link style (screen points).
pub fn paint_styled_line(painter: &egui::Painter, pts: &[Pos2], style: LineStyle, stroke: Stroke) {
    let mut meshes = line_mesh::LineMeshes::new(painter.ctx(), Default::default());
    let feather = 1.0 / painter.ctx().pixels_per_point();
    line_mesh::styled(&mut meshes, pts, style, stroke.width, stroke.color, 0.0, feather);
    painter.extend(meshes.into_meshes().into_iter().filter(|m| !m.is_empty()).map(EShape::mesh));
}

/// Clips a polyline to a rectangle: the pieces inside, each with its distance along the line.
fn clip_polyline(pts: &[Pos2], rect: Rect) -> Vec<(Vec<Pos2>, f32)> {
    let mut pieces: Vec<(Vec<Pos2>, f32)> = Vec::new();
    let mut current: Option<(Vec<Pos2>, f32)> = None;
    let mut along = 0.0;
    for seg in pts.windows(2) {
        let (a, b) = (seg[0], seg[1]);
        let len = (b - a).length();
        match clip_segment(a, b, rect) {
            Some((t0, t1)) => {
                let (p0, p1) = (a + (b - a) * t0, a + (b - a) * t1);
                match &mut current {
                    Some((piece, _)) if t0 <= 0.0 => piece.push(p1),
                    _ => {
                        pieces.extend(current.take());
                        current = Some((vec![p0, p1], along + len * t0));
                    }
                }
                if t1 < 1.0 {
                    pieces.extend(current.take());
                }
            }
            None => pieces.extend(current.take()),
        }
        along += len;
    }
    pieces.extend(current);
    pieces
}

/// The parameter range of `a`–`b` inside `rect`, if any.
fn clip_segment(a: Pos2, b: Pos2, rect: Rect) -> Option<(f32, f32)> {
    scene::clip_segment([a.x, a.y], [b.x, b.y], [rect.min.x, rect.min.y], [rect.max.x, rect.max.y])
}

thread_local! {
    /// Meshes handed to egui last frame, kept so their buffers can be refilled this frame.
    static MESH_POOL: std::cell::RefCell<Vec<std::sync::Arc<egui::Mesh>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An empty mesh, reusing the buffers of the one painted in `slot` last frame if egui is done with it.
fn recycled_mesh(slot: usize) -> egui::Mesh {
    MESH_POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let mut mesh = pool.get_mut(slot).and_then(std::sync::Arc::get_mut).map(std::mem::take).unwrap_or_default();
        // Not `Mesh::clear`, which frees the vertex buffer.
        mesh.indices.clear();
        mesh.vertices.clear();
        mesh
    })
}

/// Adds a mesh (if not empty) to `out` and keeps it in `slot` for [`recycled_mesh`].
fn add_recycled_mesh(out: &mut Vec<EShape>, slot: usize, mesh: egui::Mesh) {
    if mesh.is_empty() {
        return;
    }
    MESH_POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        while pool.len() <= slot {
            pool.push(std::sync::Arc::default());
        }
        if let Some(inner) = std::sync::Arc::get_mut(&mut pool[slot]) {
            *inner = mesh;
        } else {
            pool[slot] = std::sync::Arc::new(mesh);
        }
        out.push(EShape::Mesh(pool[slot].clone()));
    });
}

/// Links and small markers of a far-zoomed big map, drawn on the CPU as one-pixel lines and
/// squares into one image. A software renderer (no GPU) draws one textured rectangle far faster
/// than the 100,000 tiny triangles the same picture takes as shapes. Lines and squares are
/// collected, then drawn in horizontal bands in parallel.
struct Raster {
    area: Rect,
    ppp: f32,
    w: usize,
    h: usize,
    lines: Vec<PxLine>,
    squares: Vec<PxRect>,
}

/// A line in image pixels, clipped to the image: ends, thickness and colour.
#[derive(Clone, Copy)]
struct PxLine {
    a: (i32, i32),
    b: (i32, i32),
    thick: i32,
    c: Color32,
}

/// A filled rectangle in image pixels (inclusive corners).
#[derive(Clone, Copy)]
struct PxRect {
    min: (i32, i32),
    max: (i32, i32),
    c: Color32,
}

/// The far-view image's pixel budget (see [`Raster::new`]).
const MAX_RASTER_PIXELS: f32 = 4_000_000.0;

/// Rows `top..top + h` of the image (drawing outside them does nothing).
struct Band<'a> {
    top: i32,
    w: usize,
    h: usize,
    px: &'a mut [Color32],
}

impl Raster {
    fn new(area: Rect, ppp: f32) -> Self {
        // At most about 4 million pixels (a 4K screen at 2x would be 33 million): beyond that the
        // image is drawn coarser and stretched, which at this zoom shows the same.
        let full = area.width() * area.height() * ppp * ppp;
        let ppp = if full > MAX_RASTER_PIXELS { ppp * (MAX_RASTER_PIXELS / full).sqrt() } else { ppp };
        let w = crate::convert::round_px(area.width() * ppp).max(1) as usize;
        let h = crate::convert::round_px(area.height() * ppp).max(1) as usize;
        Self { area, ppp, w, h, lines: Vec::new(), squares: Vec::new() }
    }

    /// Image pixel of a screen point (within a pixel of the image once clipped).
    fn pixel(&self, p: Pos2) -> (i32, i32) {
        let q = (p - self.area.min) * self.ppp;
        (crate::convert::floor_i32(q.x), crate::convert::floor_i32(q.y))
    }

    /// The pixel line from `a` to `b` (screen points), `width` points wide, clipped to the image.
    fn px_line(&self, a: Pos2, b: Pos2, width: f32, c: Color32) -> Option<PxLine> {
        let (t0, t1) = clip_segment(a, b, self.area)?;
        let thick = i32::try_from(crate::convert::round_px(width * self.ppp).max(1)).unwrap_or(1);
        let (a, b) = (self.pixel(a + (b - a) * t0), self.pixel(a + (b - a) * t1));
        Some(PxLine { a, b, thick, c })
    }

    /// A line `width` points wide from `a` to `b` (screen points): clipped to the image and
    /// turned into pixels now, so each band only compares rows.
    #[cfg(test)]
    fn line(&mut self, a: Pos2, b: Pos2, width: f32, c: Color32) {
        self.lines.extend(self.px_line(a, b, width, c));
    }

    /// The lines of `edges` (in order), split between the cores: `style` gives an edge's width
    /// (screen points) and colour, or `None` to leave it out; `to_screen` places map points.
    fn edges(
        &mut self,
        edges: &[scene::EdgeItem],
        style: impl Fn(&scene::EdgeItem) -> Option<(f32, Color32)> + Sync,
        to_screen: impl Fn(MapPos) -> Pos2 + Sync,
    ) {
        let cores = crate::worker_threads();
        let this = &*self;
        let collect = |part: &[scene::EdgeItem]| {
            let mut out = Vec::with_capacity(part.len());
            for e in part {
                let Some((width, c)) = style(e) else { continue };
                let mut prev: Option<Pos2> = None;
                for &p in &e.points {
                    let s = to_screen(p);
                    if let Some(a) = prev {
                        out.extend(this.px_line(a, s, width, c));
                    }
                    prev = Some(s);
                }
            }
            out
        };
        let parts: Vec<Vec<PxLine>> = if cores == 1 || edges.len() < 4096 {
            vec![collect(edges)]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> =
                    edges.chunks(edges.len().div_ceil(cores)).map(|part| scope.spawn(move || collect(part))).collect();
                handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
            })
        };
        for part in parts {
            self.lines.extend(part);
        }
    }

    /// A filled square of half-side `half` points around `center` (screen points), over the lines.
    fn square(&mut self, center: Pos2, half: f32, c: Color32) {
        if !self.area.expand(half).contains(center) {
            return;
        }
        let (min, max) = (self.pixel(center - vec2(half, half)), self.pixel(center + vec2(half, half)));
        self.squares.push(PxRect { min, max: (max.0.max(min.0), max.1.max(min.1)), c });
    }

    /// The pixels: lines in order, then squares; one band per core.
    fn render(&self) -> Vec<Color32> {
        let mut px = vec![Color32::TRANSPARENT; self.w * self.h];
        let cores = crate::worker_threads();
        let rows = self.h.div_ceil(cores).max(32);
        std::thread::scope(|scope| {
            for (i, chunk) in px.chunks_mut(rows * self.w).enumerate() {
                let top = i32::try_from(i * rows).unwrap_or(i32::MAX);
                let mut band = Band { top, w: self.w, h: chunk.len() / self.w, px: chunk };
                scope.spawn(move || {
                    for line in &self.lines {
                        band.line(line);
                    }
                    for square in &self.squares {
                        band.rect(square);
                    }
                });
            }
        });
        px
    }
}

impl Band<'_> {
    /// Paints `c` over image pixel (`x`, `y`) (premultiplied "over"); outside the band, nothing.
    fn put(&mut self, x: i32, y: i32, c: Color32) {
        let (Ok(x), Ok(y)) = (usize::try_from(x), usize::try_from(y - self.top)) else { return };
        if x >= self.w || y >= self.h {
            return;
        }
        let d = &mut self.px[y * self.w + x];
        if c.a() == 255 {
            *d = c;
            return;
        }
        let k = u16::from(255 - c.a());
        let mix = |s: u8, d: u8| s.saturating_add(u8::try_from((u16::from(d) * k + 127) / 255).unwrap_or(255));
        *d = Color32::from_rgba_premultiplied(
            mix(c.r(), d.r()),
            mix(c.g(), d.g()),
            mix(c.b(), d.b()),
            mix(c.a(), d.a()),
        );
    }

    /// Bresenham's line; lines wholly above or below the band are passed over.
    fn line(&mut self, l: &PxLine) {
        let bottom = self.top.saturating_add(i32::try_from(self.h).unwrap_or(i32::MAX));
        if l.a.1.max(l.b.1).saturating_add(l.thick) < self.top || l.a.1.min(l.b.1).saturating_sub(l.thick) >= bottom {
            return;
        }
        let ((mut x, mut y), (x1, y1)) = (l.a, l.b);
        let (dx, dy) = ((x1 - x).abs(), -(y1 - y).abs());
        let (sx, sy) = (if x < x1 { 1 } else { -1 }, if y < y1 { 1 } else { -1 });
        // Thickness across the line's minor axis.
        let across = if dx >= -dy { (0, 1) } else { (1, 0) };
        let mut err = dx + dy;
        loop {
            for k in 0..l.thick {
                let o = k - (l.thick - 1) / 2;
                self.put(x + across.0 * o, y + across.1 * o, l.c);
            }
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    fn rect(&mut self, r: &PxRect) {
        let bottom = self.top.saturating_add(i32::try_from(self.h).unwrap_or(i32::MAX)) - 1;
        let w = i32::try_from(self.w).unwrap_or(i32::MAX) - 1;
        for y in r.min.1.max(self.top)..=r.max.1.min(bottom) {
            for x in r.min.0.max(0)..=r.max.0.min(w) {
                self.put(x, y, r.c);
            }
        }
    }
}

impl Raster {
    /// The image as a shape covering its area; the texture is kept (per viewport) and refilled.
    fn into_shape(self, ctx: &egui::Context) -> EShape {
        let image = egui::ColorImage::new([self.w, self.h], self.render());
        let key = egui::Id::unique(("patchwork-far-map", ctx.viewport_id()));
        // Pixel for pixel normally; smoothed when the image was drawn coarser than the screen.
        let options = if self.ppp < ctx.pixels_per_point() {
            egui::TextureOptions::LINEAR
        } else {
            egui::TextureOptions::NEAREST
        };
        let texture = match ctx.data(|d| d.get_temp::<egui::TextureHandle>(key)) {
            Some(mut handle) => {
                handle.set(image, options);
                handle.id()
            }
            None => {
                let handle = ctx.load_texture("patchwork-far-map", image, options);
                let id = handle.id();
                ctx.data_mut(|d| d.insert_temp(key, handle));
                id
            }
        };
        EShape::image(texture, self.area, Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)), Color32::WHITE)
    }
}

/// Paints lanes and type hulls behind the map.
fn paint_decor(painter: &egui::Painter, scene: &Scene, view: &ViewState, theme: &SceneTheme) {
    use crate::scene::style;
    let z = view.zoom;
    for (i, lane) in scene.lanes.iter().enumerate() {
        let r = Rect::from_min_max(
            view.screen_from_map([lane.x[0], lane.y[0]]),
            view.screen_from_map([lane.x[1], lane.y[1]]),
        );
        if i % 2 == 0 {
            painter.rect_filled(r, 0.0, color_alpha(theme.label, style::LANE_SHADE_OPACITY));
        }
        let size = (style::LANE_TEXT * z).max(view.min_label_px);
        bidi_text::text(
            painter,
            pos2(r.center().x, r.top() + style::LANE_TEXT_TOP * z),
            Align2::CENTER_TOP,
            &lane.label,
            FontId::proportional(size),
            color(theme.label),
        );
    }
    for hull in &scene.hulls {
        let pts = to_screen(view, &hull.points);
        if pts.len() >= 3 {
            painter.add(EShape::convex_polygon(
                pts.clone(),
                color_alpha(hull.colour, style::HULL_FILL_OPACITY),
                Stroke::new(style::HULL_STROKE_WIDTH, color_alpha(hull.colour, style::HULL_STROKE_OPACITY)),
            ));
        }
        if let Some(top) = pts.iter().min_by(|a, b| a.y.total_cmp(&b.y)) {
            // The same readable floor as organisation labels (larger in presentation).
            let size = (hull.label_size * z).max(view.min_label_px);
            bidi_text::text(
                painter,
                *top - vec2(0.0, style::HULL_LABEL_GAP * z),
                Align2::CENTER_BOTTOM,
                &hull.label,
                FontId::proportional(size),
                color(theme.label),
            );
        }
    }
}

/// Paints the whole scene: lanes and hulls, links, markers, labels, selection and hover highlights.
pub fn paint_scene(painter: &egui::Painter, scene: &Scene, view: &ViewState, theme: &SceneTheme) {
    let _ = paint_scene_placed(painter, scene, view, theme);
}

/// [`paint_scene`], returning the labels it placed (map units, at the view's label scale).
// Links, then markers, then labels, each one pass with culling and level of detail; all
// shapes go to egui in one call at the end (each call takes egui's lock).
#[must_use]
pub fn paint_scene_placed(
    painter: &egui::Painter,
    scene: &Scene,
    view: &ViewState,
    theme: &SceneTheme,
) -> scene::LabelLayout {
    paint_decor(painter, scene, view, theme);
    let clip = painter.clip_rect().expand(40.0);
    let z = view.zoom;
    // Culling in map coordinates first, so off-screen items cost a comparison, not an allocation.
    let (vmin, vmax) = (view.map_from_screen(clip.min), view.map_from_screen(clip.max));
    let visible =
        |min: MapPos, max: MapPos| min[0] <= vmax[0] && max[0] >= vmin[0] && min[1] <= vmax[1] && max[1] >= vmin[1];
    // Level of detail: with thousands of links on screen, patterns and arrowheads are too small
    // to read; plain lines keep the frame fast and look the same.
    let detailed = scene.edges.len() < 4000 || z > 0.35;
    // Zoomed out on a big map, links and small markers are drawn into one image (see Raster).
    let mut raster = (!detailed).then(|| Raster::new(painter.clip_rect(), painter.ctx().pixels_per_point()));
    // Everything goes to egui in one call at the end (each call takes egui's lock).
    let mut shapes: Vec<EShape> = Vec::with_capacity(1024);
    link_shapes(&mut shapes, painter, scene, view, theme, raster.as_mut(), clip, &visible);
    super::journey_paint::leg_shapes(&mut shapes, scene, view, theme);
    let mut dots = recycled_mesh(1);
    marker_shapes_pass(&mut shapes, &mut dots, raster.as_mut(), scene, view, theme, &visible);
    // Labels over every marker (placement keeps them off the markers).
    let legend = view.legend_rect().map(|r| r.expand(4.0));
    let layout = screen_labels(scene, view, clip, Some(painter.clip_rect()), legend);
    label_shapes(&mut shapes, painter, scene, view, theme, &layout);
    add_recycled_mesh(&mut shapes, 1, dots);
    if let Some(raster) = raster {
        // Beneath the markers and labels drawn as shapes.
        shapes.insert(0, raster.into_shape(painter.ctx()));
    }
    painter.extend(shapes);
    super::journey_paint::paint_badges(painter, scene, view, theme);
    paint_notes(painter, scene, view);
    layout
}

/// The links in view: selection and hover rings, lines (solid bent lines as egui paths, the
/// rest in the pattern meshes), then arrowheads; with a raster, links not highlighted go into it.
#[allow(clippy::too_many_arguments)] // the frame's painter, scene, view and theme, and where to paint
fn link_shapes(
    shapes: &mut Vec<EShape>,
    painter: &egui::Painter,
    scene: &Scene,
    view: &ViewState,
    theme: &SceneTheme,
    mut raster: Option<&mut Raster>,
    clip: Rect,
    visible: &(impl Fn(MapPos, MapPos) -> bool + Sync),
) {
    let z = view.zoom;
    let any_selected = !view.selected_links.is_empty();
    // Lines are clipped to the view (plus one dash pattern, so dashes start off screen): a long
    // dashed link crossing a zoomed-in view costs only what is seen.
    let edge_px = scene.edges.first().map_or(1.0, |e| (e.width * z).max(1.0));
    let line_clip = clip.expand(40.0 + 14.0 * edge_px);
    let feather = 1.0 / painter.ctx().pixels_per_point();
    let mut lines = line_mesh::LineMeshes::new(painter.ctx(), [2, 3, 4, 5].map(recycled_mesh));
    let mut arrows: Vec<EShape> = Vec::new();
    let edge_colour =
        |e: &scene::EdgeItem| if e.faded { color_alpha(e.colour, theme.faded_alpha) } else { color(e.colour) };
    let highlighted = |e: &scene::EdgeItem| {
        (any_selected && view.selected_links.contains(&e.id)) || view.hover_link.as_ref() == Some(&e.id)
    };
    if let Some(raster) = raster.as_mut() {
        raster.edges(
            &scene.edges,
            |e| (visible(e.bounds.0, e.bounds.1) && !highlighted(e)).then(|| ((e.width * z).max(1.0), edge_colour(e))),
            |p| view.screen_from_map(p),
        );
    }
    for e in &scene.edges {
        if !visible(e.bounds.0, e.bounds.1) || (raster.is_some() && !highlighted(e)) {
            continue;
        }
        let selected = any_selected && view.selected_links.contains(&e.id);
        let hovered = view.hover_link.as_ref() == Some(&e.id);
        let width = (e.width * z).max(1.0);
        let c = edge_colour(e);
        let pts = to_screen(view, &e.points);
        for (piece, start) in clip_polyline(&pts, line_clip) {
            if selected || hovered {
                let ring = if selected { theme.selection } else { theme.hover };
                shapes.push(EShape::line(piece.clone(), Stroke::new(width + 5.0, color_alpha(ring, 0.45))));
            }
            if e.style == LineStyle::Solid && piece.len() > 2 {
                // A bent solid line: egui joins its corners.
                shapes.push(EShape::line(piece, Stroke::new(width, c)));
            } else {
                line_mesh::styled(&mut lines, &piece, e.style, width, c, start, feather);
            }
        }
        if let Some(arrow) = e.arrow {
            let tri = to_screen(view, &arrow);
            if (tri[0] - tri[1]).length() > 3.0 {
                arrows.push(EShape::convex_polygon(tri, c, Stroke::NONE));
            }
        }
    }
    // Lines above the selection rings, arrowheads above the lines.
    for (slot, mesh) in (2..).zip(lines.into_meshes()) {
        add_recycled_mesh(shapes, slot, mesh);
    }
    shapes.append(&mut arrows);
}

/// The markers in view: selection and hover halos, the marker, its pin; markers a few pixels
/// across as squares in `dots` (or the raster).
fn marker_shapes_pass(
    shapes: &mut Vec<EShape>,
    dots: &mut egui::epaint::Mesh,
    mut raster: Option<&mut Raster>,
    scene: &Scene,
    view: &ViewState,
    theme: &SceneTheme,
    visible: &(impl Fn(MapPos, MapPos) -> bool + Sync),
) {
    let z = view.zoom;
    let outline = Stroke::new((1.2 * z).clamp(0.5, 2.0), color(theme.outline));
    let any_selected = !view.selection.is_empty();
    let margin = 200.0 / z;
    for n in &scene.nodes {
        if !visible([n.center[0] - margin, n.center[1] - margin], [n.center[0] + margin, n.center[1] + margin]) {
            continue;
        }
        let center = view.screen_from_map(n.center);
        let r = n.radius * z;
        // Markers a few pixels across are squares in one mesh (shape cannot be seen at that size).
        let selected = any_selected && view.selection.contains(&n.id);
        if r < 3.0 && !selected {
            let fill = if n.faded { color_alpha(n.fill, theme.faded_alpha) } else { color(n.fill) };
            match raster.as_mut() {
                Some(raster) => raster.square(center, r.max(1.0), fill),
                None => dots
                    .add_colored_rect(Rect::from_center_size(center, vec2(2.0 * r.max(1.0), 2.0 * r.max(1.0))), fill),
            }
            continue;
        }
        let hovered = view.hover_org.as_ref() == Some(&n.id);
        if selected {
            shapes.push(EShape::circle_filled(center, r * 1.55 + 3.0, color_alpha(theme.selection, 0.35)));
            shapes.push(EShape::circle_stroke(center, r * 1.55 + 3.0, Stroke::new(2.0, color(theme.selection))));
        } else if hovered {
            shapes.push(EShape::circle_filled(center, r * 1.45 + 2.0, color_alpha(theme.hover, 0.25)));
        }
        let (fill, outline) = if n.faded {
            let a = theme.faded_alpha;
            (color_alpha(n.fill, a), Stroke::new(outline.width, color_alpha(theme.outline, a)))
        } else {
            (color(n.fill), outline)
        };
        marker_shapes(shapes, n.shape, center, r, fill, outline);
        if n.pinned && r > 4.0 {
            let pin = center + vec2(r * 0.9, -r * 0.9);
            shapes.push(EShape::Circle(egui::epaint::CircleShape {
                center: pin,
                radius: (r * 0.28).max(2.0),
                fill: color(theme.label),
                stroke: Stroke::new(1.0, color(theme.background)),
            }));
        }
    }
}

/// How much larger than the scene's size labels are drawn at this zoom: labels stop shrinking at
/// the view's readable size, so zoomed out they take more of the map.
#[must_use]
pub fn label_text_scale(scene: &Scene, view: &ViewState) -> f32 {
    let size = scene.nodes.first().map_or(scene::DEFAULT_LABEL_SIZE, |n| n.label_size);
    let px = size * view.zoom;
    if px <= 0.0 { 1.0 } else { px.max(view.min_label_px) / px }
}

/// The labels shown in `clip` (screen) at the view's zoom: only markers in view (with a margin)
/// are placed, selected ones first, then the focus, then by degree; with `within` a label must
/// lie inside that screen box and off `keep_out` (the legend). Labels too small to read, or with
/// thousands of markers on screen, are not placed at all.
#[must_use]
pub fn screen_labels(
    scene: &Scene,
    view: &ViewState,
    clip: Rect,
    within: Option<Rect>,
    keep_out: Option<Rect>,
) -> scene::LabelLayout {
    let z = view.zoom;
    let size = scene.nodes.first().map_or(0.0, |n| n.label_size);
    if size * z < MIN_NOMINAL_LABEL_PX {
        return scene::LabelLayout::default();
    }
    let (vmin, vmax) = (view.map_from_screen(clip.min), view.map_from_screen(clip.max));
    let margin = 200.0 / z;
    let visible: Vec<usize> = (0..scene.nodes.len())
        .filter(|&i| {
            let [x, y] = scene.nodes[i].center;
            x >= vmin[0] - margin && x <= vmax[0] + margin && y >= vmin[1] - margin && y <= vmax[1] + margin
        })
        .filter(|&i| view.renaming.as_ref().is_none_or(|(id, _)| id != &scene.nodes[i].id))
        .collect();
    if visible.len() > MAX_SCREEN_LABELS {
        return scene::LabelLayout::default();
    }
    let selected = |i: usize| view.selection.contains(&scene.nodes[i].id);
    let order = scene::labels::priority_order(&scene.nodes, visible, selected);
    let to_map = |r: Rect| (view.map_from_screen(r.min), view.map_from_screen(r.max));
    let keep_out: Vec<scene::MapBox> = keep_out.map(to_map).into_iter().collect();
    let request = scene::LabelRequest {
        order: &order,
        text_scale: label_text_scale(scene, view),
        within: within.map(to_map),
        keep_out: &keep_out,
    };
    scene::labels::place(&scene.nodes, &request)
}

/// Zoom to fit: the whole scene in the part of the canvas the legend leaves free. Labels drawn
/// larger than the scene's size (the readable floor) stay inside the canvas and off the legend
/// because placement keeps them there.
pub fn fit_view(view: &mut ViewState, scene: &Scene) {
    view.fit(scene.bounds);
}

/// Labels are placed while their size at this zoom would be at least this many points (they are
/// drawn at the readable floor, and placement leaves out those that find no room); further out
/// the map is an overview without names.
const MIN_NOMINAL_LABEL_PX: f32 = 3.0;

/// With more markers than this near the view, labels are not drawn (they could not be read).
const MAX_SCREEN_LABELS: usize = 1500;

/// The shapes of placed labels: halo, lines of text and any leader line.
fn label_shapes(
    out: &mut Vec<EShape>,
    painter: &egui::Painter,
    scene: &Scene,
    view: &ViewState,
    theme: &SceneTheme,
    layout: &scene::LabelLayout,
) {
    let k = label_text_scale(scene, view);
    for p in &layout.placed {
        let n = &scene.nodes[p.node];
        let text = if n.faded { color_alpha(theme.label, theme.faded_alpha) } else { color(theme.label) };
        let rect = Rect::from_min_max(view.screen_from_map(p.rect.0), view.screen_from_map(p.rect.1));
        if let Some([a, b]) = p.leader {
            out.push(EShape::line_segment(
                [view.screen_from_map(a), view.screen_from_map(b)],
                Stroke::new(1.0, color_alpha(theme.label, if n.faded { theme.faded_alpha } else { 0.7 })),
            ));
        }
        if !n.faded {
            out.push(EShape::rect_filled(rect.expand(1.0), 2.0, theme::label_halo(theme)));
        }
        let px = n.label_size * k * view.zoom;
        let line_h = scene::labels::line_height(n.label_size) * k * view.zoom;
        for (i, line) in n.label_lines.iter().enumerate() {
            let galley = bidi_text::galley(painter, line, FontId::proportional(px), text);
            let x = rect.left() + (rect.width() - galley.size().x) * p.align;
            out.push(EShape::galley(pos2(x, rect.top() + line_h * i as f32), galley, text));
        }
    }
}

/// Sticky notes, on top of everything.
fn paint_notes(painter: &egui::Painter, scene: &Scene, view: &ViewState) {
    for note in &scene.notes {
        let size = note.text_size * view.zoom;
        // The padding grows with the text, as the scene sized the note.
        let pad = 8.0 * note.text_size / scene::NOTE_TEXT * view.zoom;
        let r = Rect::from_min_max(view.screen_from_map(note.min), view.screen_from_map(note.max));
        painter.rect(
            r,
            3.0,
            color(scene::NOTE_PAPER),
            Stroke::new(1.0, color_alpha(scene::NOTE_INK, 0.4)),
            egui::StrokeKind::Inside,
        );
        if size < 4.0 {
            continue;
        }
        let line_h = crate::fonts::line_height(note.text_size) * view.zoom;
        let mut y = r.top() + pad;
        for line in &note.lines {
            bidi_text::text(
                painter,
                pos2(r.left() + pad, y),
                Align2::LEFT_TOP,
                line,
                FontId::proportional(size),
                color(scene::NOTE_INK),
            );
            y += line_h;
        }
    }
}

/// The shapes the legend can take in a canvas area (see [`legend::legend_shapes`]): within a
/// third of the width and the height less its margins.
#[must_use]
pub fn legend_shapes_for(scene: &Scene, area: Rect, collapsed: bool) -> Vec<LegendLayout> {
    let max = [area.width() * 0.34, area.height() - 2.0 * legend::LEGEND_MARGIN];
    legend::legend_shapes(scene, max, collapsed)
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
        let swatch = 28.0 * k;
        match entry {
            LegendEntry::OrgType(i) => {
                if let Some(t) = scene.legend_org_types.get(i) {
                    paint_marker(painter, t.shape, at + vec2(10.0 * k, 0.0), 6.5 * k, color(t.colour), outline);
                }
                bidi_text::text(painter, at + vec2(swatch, 0.0), Align2::LEFT_CENTER, &name, font.clone(), text_color);
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
                bidi_text::text(painter, at + vec2(swatch, 0.0), Align2::LEFT_CENTER, &name, font.clone(), text_color);
            }
            LegendEntry::Journey(i) => {
                if let Some(j) = scene.journeys.get(i) {
                    painter.line_segment([at, at + vec2(22.0 * k, 0.0)], Stroke::new(3.0 * k, color(j.colour)));
                }
                bidi_text::text(painter, at + vec2(swatch, 0.0), Align2::LEFT_CENTER, &name, font.clone(), text_color);
            }
            LegendEntry::Heading(_) | LegendEntry::Size | LegendEntry::Collapsed => {
                painter.text(at, Align2::LEFT_CENTER, name, font.clone(), text_color);
            }
        }
    }
}

/// What the user did to the legend this frame.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct LegendInput {
    hide: bool,
}

/// The legend's header controls: drag to move (double-click puts it back in a corner), a
/// button to collapse or expand it and one to hide it.
fn legend_controls(ui: &Ui, view: &mut ViewState, frame: Rect) -> LegendInput {
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
fn settle_legend(scene: &Scene, view: &mut ViewState) {
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

/// A new organisation of the view's current type at `pos`, with a fresh id.
fn new_organisation(doc: &Document, view: &ViewState, pos: MapPos) -> Organisation {
    let map = doc.map();
    let ty = if map.typology().org_type(&view.new_org_type).is_some() {
        view.new_org_type.clone()
    } else {
        map.typology().org_types.first().map(|t| t.id.clone()).unwrap_or_default()
    };
    Organisation::new(map.next_org_id(), "New organisation", ty, pos)
}

/// Adds an organisation at `pos`, selects it and starts typing its name. Returns an error text.
pub fn add_organisation_at(doc: &mut Document, view: &mut ViewState, pos: MapPos) -> Result<(), String> {
    if doc.map().typology().org_types.is_empty() {
        return Err("Add an organisation type in Map > Typology first.".to_owned());
    }
    let org = new_organisation(doc, view, pos);
    let id = org.id.clone();
    doc.apply("Add organisation", Edit::AddOrganisations(vec![org])).map_err(|e| e.to_string())?;
    view.select_only([id.clone()]);
    view.renaming = Some((id, String::new()));
    Ok(())
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

/// The full name of the hovered organisation beside the pointer, when its label is cut short or
/// was left out.
fn full_name_ui(
    painter: &egui::Painter,
    scene: &Scene,
    view: &ViewState,
    theme: &SceneTheme,
    placed: &scene::LabelLayout,
    pointer: Option<Pos2>,
) {
    let (Some(n), Some(p)) = (view.hover_org.as_ref().and_then(|id| scene.node(id)), pointer) else { return };
    let shown = placed.placed.iter().any(|l| scene.nodes[l.node].id == n.id);
    let cut = n.label_lines.last().is_some_and(|l| l.ends_with('…'));
    if (shown && !cut) || n.label.is_empty() {
        return;
    }
    let galley = painter.layout(n.label.clone(), FontId::proportional(13.0), color(theme.label), 320.0);
    let r = Rect::from_min_size(p + vec2(14.0, 14.0), galley.size()).expand(5.0);
    painter.rect(
        r,
        4.0,
        theme::overlay_fill(theme),
        Stroke::new(1.0, theme::overlay_stroke(theme)),
        egui::StrokeKind::Inside,
    );
    painter.galley(r.min + vec2(5.0, 5.0), galley, color(theme.label));
}

/// The L-mode hint beside the pointer at `p`, never over a marker or label near it.
fn paint_link_hint(
    painter: &egui::Painter,
    scene: &Scene,
    view: &ViewState,
    theme: &SceneTheme,
    p: Pos2,
    canvas: Rect,
) {
    let galley = painter.layout_no_wrap(
        "Click the organisation to link to (Esc cancels)".to_owned(),
        FontId::proportional(13.0),
        color(theme.label),
    );
    // Beside the pointer, but never over the marker or label of what it points at.
    let near = Rect::from_center_size(p, vec2(2.0, 2.0) * (galley.size().x + 40.0));
    let avoid: Vec<Rect> = scene
        .nodes
        .iter()
        .flat_map(|n| {
            let c = view.screen_from_map(n.center);
            let r = n.radius * view.zoom;
            let label = n
                .label_rect()
                .map(|(min, max)| Rect::from_min_max(view.screen_from_map(min), view.screen_from_map(max)));
            std::iter::once(Rect::from_center_size(c, vec2(2.0 * r, 2.0 * r))).chain(label)
        })
        .filter(|r| r.intersects(near))
        .collect();
    let at = hint_rect(p, galley.size(), &avoid, canvas);
    painter.rect_filled(at.expand(2.0), 3.0, theme::label_halo(theme));
    painter.galley(at.min, galley, color(theme.label));
}

/// Where a hint of `size` goes beside the pointer at `p`: the first of below-right, above-right,
/// below-left and above-left (12 points off) that covers none of `avoid` and stays inside
/// `canvas`, else the one covering the least of them.
fn hint_rect(p: Pos2, size: egui::Vec2, avoid: &[Rect], canvas: Rect) -> Rect {
    let gap = 12.0;
    let candidates = [
        pos2(p.x + gap, p.y + gap),
        pos2(p.x + gap, p.y - gap - size.y),
        pos2(p.x - gap - size.x, p.y + gap),
        pos2(p.x - gap - size.x, p.y - gap - size.y),
    ]
    .map(|min| Rect::from_min_size(min, size));
    let covered = |r: &Rect| -> f32 {
        let outside = if canvas.contains_rect(*r) { 0.0 } else { 1e6 };
        outside + avoid.iter().map(|a| a.intersect(*r)).filter(Rect::is_positive).map(|i| i.area()).sum::<f32>()
    };
    candidates.into_iter().min_by(|a, b| covered(a).total_cmp(&covered(b))).unwrap_or(candidates[0])
}

fn zoom_and_scroll(ui: &Ui, response: &egui::Response, view: &mut ViewState) {
    if !response.hovered() {
        return;
    }
    let (scroll, zoom, anchor) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
    let anchor = anchor.unwrap_or(response.rect.center());
    if (zoom - 1.0).abs() > f32::EPSILON {
        view.zoom_around(anchor, zoom);
    } else if scroll.y.abs() > 0.0 {
        view.zoom_around(anchor, (scroll.y / 300.0).exp());
    }
    if scroll.x.abs() > 0.0 {
        view.pan_by(vec2(scroll.x, 0.0));
    }
}

fn rim_grab(view: &ViewState, node: &scene::NodeItem, p: MapPos) -> bool {
    let d_px = ((node.center[0] - p[0]).powi(2) + (node.center[1] - p[1]).powi(2)).sqrt() * view.zoom;
    let r_px = node.radius * view.zoom;
    d_px >= (r_px - theme::RIM_GRAB_PX * 0.5).max(r_px * 0.6)
}

fn handle_drag(
    ui: &Ui,
    response: &egui::Response,
    doc: &mut Document,
    view: &mut ViewState,
    scene: &Scene,
    pointer_map: Option<MapPos>,
    out: &mut CanvasOutput,
) {
    let (mods, space) = ui.input(|i| (i.modifiers, i.key_down(egui::Key::Space)));
    if response.drag_started() {
        let origin = ui.input(|i| i.pointer.press_origin()).map(|p| view.map_from_screen(p)).or(pointer_map);
        let primary = response.dragged_by(egui::PointerButton::Primary);
        view.gesture = match origin {
            _ if !primary || space || view.pan_tool => Gesture::Panning,
            Some(p) => match scene.node_at(p, theme::RIM_GRAB_PX / view.zoom) {
                Some(node) if mods.alt || rim_grab(view, node, p) => Gesture::Linking { from: node.id.clone() },
                Some(node) => {
                    if !view.selection.contains(&node.id) {
                        if mods.shift || mods.command {
                            view.selection.insert(node.id.clone());
                        } else {
                            view.select_only([node.id.clone()]);
                        }
                    }
                    let start = view
                        .selection
                        .iter()
                        .filter_map(|id| doc.map().org(id).map(|o| (id.clone(), o.position)))
                        .collect();
                    Gesture::Moving { start, grab: p }
                }
                None => Gesture::BoxSelect { from: p, add: mods.shift || mods.command },
            },
            None => Gesture::Idle,
        };
    }
    if response.dragged() {
        match &view.gesture {
            Gesture::Panning => view.pan_by(response.drag_delta()),
            Gesture::Moving { start, grab } => {
                if let Some(p) = pointer_map {
                    let (dx, dy) = (p[0] - grab[0], p[1] - grab[1]);
                    let moves: Vec<(OrgId, MapPos)> =
                        start.iter().map(|(id, s)| (id.clone(), [s[0] + dx, s[1] + dy])).collect();
                    // Only real moves change the map (and ask for a repaint).
                    let unchanged = moves
                        .iter()
                        .all(|(id, p)| doc.map().org(id).is_some_and(|o| crate::convert::same_pos(o.position, *p)));
                    if !unchanged && let Err(e) = doc.apply_live(Edit::MoveOrganisations(moves)) {
                        out.errors.push(e.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    if response.drag_stopped() {
        match std::mem::take(&mut view.gesture) {
            Gesture::Moving { start, .. } => {
                let now: Vec<(OrgId, MapPos)> =
                    start.iter().filter_map(|(id, _)| doc.map().org(id).map(|o| (id.clone(), o.position))).collect();
                if now.iter().zip(&start).any(|(a, b)| a.1.iter().zip(&b.1).any(|(x, y)| (x - y).abs() > f32::EPSILON))
                {
                    let label = if now.len() == 1 {
                        "Move organisation".to_owned()
                    } else {
                        format!("Move {} organisations", now.len())
                    };
                    doc.record(label, Edit::MoveOrganisations(now), Edit::MoveOrganisations(start));
                }
            }
            Gesture::BoxSelect { from, add } => {
                if let Some(p) = pointer_map {
                    let ids = scene.nodes_in_rect(from, p);
                    if !add {
                        view.clear_selection();
                    }
                    view.selection.extend(ids);
                }
            }
            Gesture::Linking { from } => {
                let target = pointer_map.and_then(|p| scene.node_at(p, 4.0 / view.zoom)).map(|n| n.id.clone());
                if let (Some(to), Some(at)) = (target, ui.input(|i| i.pointer.interact_pos()))
                    && to != from
                {
                    view.pending_link = Some(PendingLink { from, to, at });
                }
            }
            Gesture::Panning | Gesture::Idle => {}
        }
    }
}

fn handle_clicks(
    ui: &Ui,
    response: &egui::Response,
    doc: &mut Document,
    view: &mut ViewState,
    scene: &Scene,
    pointer_map: Option<MapPos>,
    out: &mut CanvasOutput,
) {
    let Some(p) = pointer_map else { return };
    let mods = ui.input(|i| i.modifiers);
    let node = scene.node_at(p, 4.0 / view.zoom).map(|n| n.id.clone());
    if response.double_clicked() {
        match node {
            Some(id) => {
                let name = doc.map().org(&id).map(|o| o.name.clone()).unwrap_or_default();
                view.select_only([id.clone()]);
                view.renaming = Some((id, name));
            }
            None => {
                if let Err(e) = add_organisation_at(doc, view, p) {
                    out.errors.push(e);
                }
            }
        }
        return;
    }
    if !response.clicked() {
        return;
    }
    if let Some(from) = view.connect_from.take() {
        if let (Some(to), Some(at)) = (node, response.interact_pointer_pos())
            && to != from
        {
            view.pending_link = Some(PendingLink { from, to, at });
        }
        return;
    }
    let toggle = mods.shift || mods.command;
    if let Some(id) = node {
        if toggle {
            if !view.selection.remove(&id) {
                view.selection.insert(id);
            }
        } else {
            view.select_only([id]);
        }
    } else if let Some(e) = scene.edge_at(p, 5.0 / view.zoom) {
        if !toggle {
            view.clear_selection();
        }
        if !view.selected_links.remove(&e.id) {
            view.selected_links.insert(e.id.clone());
        }
    } else if !toggle {
        view.clear_selection();
    }
}

fn rename_ui(ui: &Ui, doc: &mut Document, view: &mut ViewState, scene: &Scene, out: &mut CanvasOutput) {
    let Some((id, mut text)) = view.renaming.clone() else { return };
    let Some(node) = scene.node(&id) else { return };
    let below = node.label_rect_below();
    let at = view.screen_from_map([f32::midpoint(below.0[0], below.1[0]), below.0[1]]);
    let mut done = None;
    egui::Area::new(egui::Id::unique("rename_area"))
        .fixed_pos(at - vec2(110.0, 0.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                let label = ui.label("New name");
                let mut layouter = bidi_text::edit_layouter;
                let edit = egui::TextEdit::singleline(&mut text)
                    .hint_text("Organisation name")
                    .desired_width(200.0)
                    .layouter(&mut layouter);
                let r = ui.add(edit).labelled_by(label.id);
                if !r.has_focus() && !r.lost_focus() {
                    r.request_focus();
                }
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    done = Some(false);
                } else if r.lost_focus() {
                    done = Some(true);
                }
            });
        });
    match done {
        None => view.renaming = Some((id, text)),
        Some(commit) => {
            view.renaming = None;
            let name = text.trim();
            if commit
                && !name.is_empty()
                && let Some(mut org) = doc.map().org(&id).cloned()
                && org.name != name
            {
                name.clone_into(&mut org.name);
                if let Err(e) = doc.apply("Rename organisation", Edit::UpdateOrganisations(vec![org])) {
                    out.errors.push(e.to_string());
                }
            }
        }
    }
}

fn pending_link_ui(ui: &Ui, doc: &mut Document, view: &mut ViewState, out: &mut CanvasOutput) {
    let Some(pending) = view.pending_link.clone() else { return };
    let mut chosen = None;
    let mut cancel = ui.input(|i| i.key_pressed(egui::Key::Escape));
    egui::Area::new(egui::Id::unique("link_type_chooser"))
        .fixed_pos(pending.at + vec2(8.0, 8.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label("Link type:");
                for lt in &doc.map().typology().link_types {
                    let arrow = if lt.directed { " →" } else { "" };
                    let row = ui.button(format!("{}{arrow}", lt.name));
                    if row.hovered() && !lt.definition.is_empty() {
                        // Beside the row, not over the next ones as a tooltip would be.
                        super::fields::definition_beside(ui, &row, &lt.definition, ui.ctx().content_rect());
                    }
                    if row.clicked() {
                        chosen = Some(lt.id.clone());
                    }
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
    if cancel {
        view.pending_link = None;
    } else if let Some(link_type) = chosen {
        view.pending_link = None;
        let id = doc.map().next_link_id();
        let link = LinkRecord::new(id.clone(), pending.from, pending.to, link_type);
        match doc.apply("Connect", Edit::AddLinks(vec![link])) {
            Ok(()) => {
                view.clear_selection();
                view.selected_links.insert(id);
            }
            Err(e) => out.errors.push(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_hint_moves_off_the_label_under_the_pointer() {
        let canvas = Rect::from_min_max(pos2(0.0, 0.0), pos2(800.0, 600.0));
        let size = vec2(300.0, 16.0);
        let p = pos2(400.0, 300.0);
        // Nothing in the way: below and to the right of the pointer.
        assert_eq!(hint_rect(p, size, &[], canvas).min, pos2(412.0, 312.0));
        // The target's label below the marker (as labels sit): the hint goes above.
        let label = Rect::from_min_max(pos2(350.0, 310.0), pos2(450.0, 326.0));
        let at = hint_rect(p, size, &[label], canvas);
        assert!(!at.intersects(label), "{at:?}");
        assert!(at.max.y <= p.y);
        // Near the right edge it stays on the canvas.
        let at = hint_rect(pos2(700.0, 300.0), size, &[], canvas);
        assert!(canvas.contains_rect(at), "{at:?}");
    }

    #[test]
    fn clipping_keeps_the_inside_and_its_distance_along_the_line() {
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 100.0));
        // Crosses the box left to right: one piece from x=0 to x=100, starting 50 along.
        let pieces = clip_polyline(&[pos2(-50.0, 50.0), pos2(150.0, 50.0)], rect);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].0, vec![pos2(0.0, 50.0), pos2(100.0, 50.0)]);
        assert!((pieces[0].1 - 50.0).abs() < 1e-4);
        // Entirely outside: nothing.
        assert!(clip_polyline(&[pos2(-50.0, -50.0), pos2(150.0, -10.0)], rect).is_empty());
        // Leaves and re-enters: two pieces, the second starting further along.
        let pieces = clip_polyline(&[pos2(10.0, 10.0), pos2(10.0, 200.0), pos2(90.0, 200.0), pos2(90.0, 10.0)], rect);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].0, vec![pos2(10.0, 10.0), pos2(10.0, 100.0)]);
        assert!((pieces[1].1 - (190.0 + 80.0 + 100.0)).abs() < 1e-3);
        // Inside throughout: the same polyline.
        let inside = [pos2(10.0, 10.0), pos2(20.0, 30.0), pos2(40.0, 30.0)];
        assert_eq!(clip_polyline(&inside, rect), vec![(inside.to_vec(), 0.0)]);
    }

    #[test]
    fn far_view_raster_collects_link_lines_in_order_on_every_core() {
        let map = crate::generate::generate_map(2_000, 1);
        let scene = scene::build(&map, &scene::SceneOptions::default());
        assert!(scene.edges.len() > 4096, "enough links to be split between threads");
        let area = Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0));
        let to_screen = |p: MapPos| pos2(p[0] * 0.1, p[1] * 0.1);
        let colour = |e: &scene::EdgeItem| color(e.colour);
        let mut r = Raster::new(area, 1.0);
        r.edges(&scene.edges, |e| (!e.faded).then(|| (1.0, colour(e))), to_screen);
        let mut one_by_one = Raster::new(area, 1.0);
        for e in &scene.edges {
            for pair in e.points.windows(2) {
                one_by_one.line(to_screen(pair[0]), to_screen(pair[1]), 1.0, colour(e));
            }
        }
        let key = |l: &PxLine| (l.a, l.b, l.thick, l.c);
        assert_eq!(r.lines.iter().map(key).collect::<Vec<_>>(), one_by_one.lines.iter().map(key).collect::<Vec<_>>());
        assert!(r.lines.len() > 1000);
    }

    #[test]
    fn far_view_raster_draws_lines_and_squares_inside_only() {
        let area = Rect::from_min_max(pos2(10.0, 10.0), pos2(30.0, 110.0));
        let mut r = Raster::new(area, 1.0);
        assert_eq!((r.w, r.h), (20, 100));
        let red = Color32::from_rgb(255, 0, 0);
        let blue = Color32::from_rgb(0, 0, 255);
        r.line(pos2(10.0, 15.0), pos2(29.9, 15.0), 1.0, red);
        // A vertical line through every band.
        r.line(pos2(20.5, 10.0), pos2(20.5, 109.9), 1.0, red);
        // Far outside, or crossing at absurd coordinates: nothing drawn, nothing out of bounds.
        r.line(pos2(-1e9, -1e9), pos2(-1e8, 5.0), 1.0, red);
        r.line(pos2(-1e30, 12.0), pos2(1e30, 12.0), 3.0, red);
        r.square(pos2(1e9, 1e9), 2.0, red);
        r.square(pos2(12.0, 12.0), 1.0, blue);
        let px = r.render();
        assert!((0..20).all(|x| px[5 * 20 + x] == red), "a full row");
        assert!((0..100).all(|y| px[y * 20 + 10] == red), "a full column across the bands");
        assert_eq!(px[2 * 20 + 2], blue, "squares over lines");
        // Translucent colours blend over what is there.
        let mut r = Raster::new(area, 1.0);
        r.square(pos2(10.5, 10.5), 0.2, red);
        r.square(pos2(10.5, 10.5), 0.2, Color32::from_black_alpha(128));
        let px = r.render();
        assert!(px[0].r() < 200 && px[0].a() == 255);
        // A huge high-DPI canvas is drawn within the pixel budget.
        let huge = Raster::new(Rect::from_min_size(pos2(0.0, 0.0), vec2(3840.0, 2160.0)), 2.0);
        assert!((huge.w * huge.h) as f32 <= MAX_RASTER_PIXELS * 1.01, "{}x{}", huge.w, huge.h);
        assert!(huge.w > 2000);
    }
}
