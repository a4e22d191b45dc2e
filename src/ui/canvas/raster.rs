//! The far-view rasteriser: a big map's links and small markers drawn on the CPU into one
//! image (lines and squares, in parallel bands), shown as one textured rectangle.

use super::meshes::clip_segment;
use crate::model::MapPos;
use crate::scene;
use egui::{Color32, Pos2, Rect, Shape as EShape, pos2, vec2};

/// Links and small markers of a far-zoomed big map, drawn on the CPU as one-pixel lines and
/// squares into one image. A software renderer (no GPU) draws one textured rectangle far faster
/// than the 100,000 tiny triangles the same picture takes as shapes. Lines and squares are
/// collected, then drawn in horizontal bands in parallel.
pub(super) struct Raster {
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
    pub(super) fn new(area: Rect, ppp: f32) -> Self {
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
    pub(super) fn edges(
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
    pub(super) fn square(&mut self, center: Pos2, half: f32, c: Color32) {
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
    pub(super) fn into_shape(self, ctx: &egui::Context) -> EShape {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::color;

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
