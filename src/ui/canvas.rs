//! The map canvas: paints the scene with egui and turns pointer and keyboard input into edits.

use super::line_mesh;
use super::theme::{self, color, color_alpha};
use super::view::{Gesture, PendingLink, ViewState};
use crate::edit::{Document, Edit};
use crate::model::{LineStyle, LinkRecord, MapPos, OrgId, Organisation, Shape};
use crate::scene::{self, Scene, SceneTheme};
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Shape as EShape, Stroke, Ui, pos2, vec2};

/// What the canvas asks of the app after a frame (things it cannot do itself).
#[derive(Debug, Default)]
pub struct CanvasOutput {
    /// Errors to show the user.
    pub errors: Vec<String>,
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
    let z = view.zoom;
    for (i, lane) in scene.lanes.iter().enumerate() {
        let r = Rect::from_min_max(
            view.screen_from_map([lane.x[0], lane.y[0]]),
            view.screen_from_map([lane.x[1], lane.y[1]]),
        );
        if i % 2 == 0 {
            painter.rect_filled(r, 0.0, color_alpha(theme.label, 0.05));
        }
        let size = (16.0 * z).max(view.min_label_px);
        painter.text(
            pos2(r.center().x, r.top() + 8.0 * z),
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
                color_alpha(hull.colour, 0.14),
                Stroke::new(1.5, color_alpha(hull.colour, 0.6)),
            ));
        }
        if let Some(top) = pts.iter().min_by(|a, b| a.y.total_cmp(&b.y)) {
            // The same readable floor as organisation labels (larger in presentation).
            let size = (hull.label_size * z).max(view.min_label_px);
            painter.text(
                *top - vec2(0.0, 4.0),
                Align2::CENTER_BOTTOM,
                &hull.label,
                FontId::proportional(size),
                color(theme.label),
            );
        }
    }
}

/// Paints the whole scene: lanes and hulls, links, markers, labels, selection and hover highlights.
// Links then markers then labels, with culling and level of detail in each: one pass each.
#[allow(clippy::too_many_lines)]
pub fn paint_scene(painter: &egui::Painter, scene: &Scene, view: &ViewState, theme: &SceneTheme) {
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
        add_recycled_mesh(&mut shapes, slot, mesh);
    }
    shapes.append(&mut arrows);
    super::journey_paint::leg_shapes(&mut shapes, scene, view, theme);
    let outline = Stroke::new((1.2 * z).clamp(0.5, 2.0), color(theme.outline));
    let mut dots = recycled_mesh(1);
    let any_selected = !view.selection.is_empty();
    let margin = 200.0 / z;
    // Labels only when they can be read without piling up: not with thousands on screen.
    let on_screen = scene
        .nodes
        .iter()
        .filter(|n| visible([n.center[0] - margin, n.center[1] - margin], [n.center[0] + margin, n.center[1] + margin]))
        .count();
    let labels = on_screen <= 1500;
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
        let (fill, outline, text) = if n.faded {
            let a = theme.faded_alpha;
            (
                color_alpha(n.fill, a),
                Stroke::new(outline.width, color_alpha(theme.outline, a)),
                color_alpha(theme.label, a),
            )
        } else {
            (color(n.fill), outline, color(theme.label))
        };
        marker_shapes(&mut shapes, n.shape, center, r, fill, outline);
        if n.pinned && r > 4.0 {
            let pin = center + vec2(r * 0.9, -r * 0.9);
            shapes.push(EShape::Circle(egui::epaint::CircleShape {
                center: pin,
                radius: (r * 0.28).max(2.0),
                fill: color(theme.label),
                stroke: Stroke::new(1.0, color(theme.background)),
            }));
        }
        let editing = view.renaming.as_ref().is_some_and(|(id, _)| id == &n.id);
        // The scene's label size (the presentation's is larger than the editor's).
        let label_px = n.label_size * z;
        if labels && label_px >= theme::MIN_LABEL_PX && !editing && !n.label.is_empty() {
            // Below a readable size labels stop shrinking (until they are dropped altogether).
            let label_px = label_px.max(view.min_label_px);
            // Placed by the scene (the side that covers no marker); kept readable when zoomed out.
            let (min, max) = n.label_rect();
            let (min, max) = (view.screen_from_map(min), view.screen_from_map(max));
            let galley = painter.layout_no_wrap(n.label.clone(), FontId::proportional(label_px), text);
            let align = match n.label_side {
                scene::LabelSide::Below => Align2::CENTER_TOP,
                scene::LabelSide::Above => Align2::CENTER_BOTTOM,
                scene::LabelSide::Right => Align2::LEFT_CENTER,
                scene::LabelSide::Left => Align2::RIGHT_CENTER,
            };
            let anchor = align.pos_in_rect(&Rect::from_min_max(min, max));
            let rect = align.anchor_size(anchor, galley.size());
            if !n.faded {
                shapes.push(EShape::rect_filled(rect.expand(1.0), 2.0, theme::label_halo(theme)));
            }
            shapes.push(EShape::galley(rect.min, galley, text));
        }
    }
    add_recycled_mesh(&mut shapes, 1, dots);
    if let Some(raster) = raster {
        // Beneath the markers and labels drawn as shapes.
        shapes.insert(0, raster.into_shape(painter.ctx()));
    }
    painter.extend(shapes);
    super::journey_paint::paint_badges(painter, scene, view, theme);
    paint_notes(painter, scene, view);
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
            painter.text(
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

/// Size of the legend overlay (zero when there is nothing to show).
pub fn legend_size(painter: &egui::Painter, scene: &Scene) -> egui::Vec2 {
    if scene.legend_org_types.is_empty() && scene.legend_link_types.is_empty() {
        return egui::Vec2::ZERO;
    }
    let font = FontId::proportional(13.0);
    let widest = scene
        .legend_org_types
        .iter()
        .map(|t| &t.name)
        .chain(scene.legend_link_types.iter().map(|t| &t.name))
        .map(|name| painter.layout_no_wrap(name.clone(), font.clone(), Color32::WHITE).size().x)
        .fold(0.0, f32::max);
    let rows =
        scene.legend_org_types.len() + scene.legend_link_types.len() + 2 + usize::from(scene.size_legend.is_some());
    let size_w = scene
        .size_legend
        .as_ref()
        .map_or(0.0, |s| painter.layout_no_wrap(format!("Size: {s}"), font, Color32::WHITE).size().x);
    vec2(widest.max(size_w - 28.0) + 60.0, rows as f32 * LEGEND_ROW + 12.0)
}

const LEGEND_ROW: f32 = 20.0;

/// Paints the legend of types in use in the canvas's lower-left corner.
pub fn paint_legend(painter: &egui::Painter, scene: &Scene, rect: Rect, theme: &SceneTheme) {
    let size = legend_size(painter, scene);
    if size == egui::Vec2::ZERO {
        return;
    }
    let row = LEGEND_ROW;
    let font = FontId::proportional(13.0);
    let text_color = color(theme.label);
    let frame = Rect::from_min_size(pos2(rect.left() + 12.0, rect.bottom() - size.y - 12.0), size);
    painter.rect(
        frame,
        6.0,
        theme::overlay_fill(theme),
        Stroke::new(1.0, theme::overlay_stroke(theme)),
        egui::StrokeKind::Inside,
    );
    let mut y = frame.top() + 6.0 + row / 2.0;
    let x = frame.left() + 10.0;
    let heading = FontId::proportional(13.0);
    painter.text(pos2(x, y), Align2::LEFT_CENTER, "Organisations", heading.clone(), text_color);
    y += row;
    let outline = Stroke::new(1.0, color(theme.outline));
    for t in &scene.legend_org_types {
        paint_marker(painter, t.shape, pos2(x + 10.0, y), 6.5, color(t.colour), outline);
        painter.text(pos2(x + 28.0, y), Align2::LEFT_CENTER, &t.name, font.clone(), text_color);
        y += row;
    }
    painter.text(pos2(x, y), Align2::LEFT_CENTER, "Links", heading, text_color);
    y += row;
    for t in &scene.legend_link_types {
        let c = color(t.colour);
        let (a, b) = (pos2(x, y), pos2(x + 22.0, y));
        paint_styled_line(painter, &[a, b], t.style, Stroke::new(2.0, c));
        if t.directed {
            painter.add(EShape::convex_polygon(
                vec![b + vec2(2.0, 0.0), b + vec2(-5.0, -4.0), b + vec2(-5.0, 4.0)],
                c,
                Stroke::NONE,
            ));
        }
        painter.text(pos2(x + 28.0, y), Align2::LEFT_CENTER, &t.name, font.clone(), text_color);
        y += row;
    }
    if let Some(metric) = &scene.size_legend {
        painter.text(pos2(x, y), Align2::LEFT_CENTER, format!("Size: {metric}"), font.clone(), text_color);
    }
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
    let legend = if show_legend { legend_size(&painter, scene) } else { egui::Vec2::ZERO };
    view.legend_inset = if show_legend { legend.x + 24.0 } else { 0.0 };
    view.legend_height = if show_legend { legend.y + 24.0 } else { 0.0 };
    if view.fit_pending {
        view.fit(scene.bounds);
        view.fit_pending = false;
    }
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

    paint_scene(&painter, scene, view, theme);
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
        painter.text(
            p + vec2(12.0, 12.0),
            Align2::LEFT_TOP,
            "Click the organisation to link to (Esc cancels)",
            FontId::proportional(13.0),
            color(theme.label),
        );
    }
    if show_legend {
        paint_legend(&painter, scene, response.rect, theme);
        super::journey_paint::paint_key(&painter, scene, response.rect, legend.y + 12.0, theme);
    }
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
    let below = node.label_rect_at(scene::LabelSide::Below);
    let at = view.screen_from_map([f32::midpoint(below.0[0], below.1[0]), below.0[1]]);
    let mut done = None;
    egui::Area::new(egui::Id::unique("rename_area"))
        .fixed_pos(at - vec2(110.0, 0.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                let label = ui.label("New name");
                let edit = egui::TextEdit::singleline(&mut text).hint_text("Organisation name").desired_width(200.0);
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
