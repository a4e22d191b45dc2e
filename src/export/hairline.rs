//! Links thinner than a pixel, drawn straight into a raster figure's pixels.
//!
//! A figure of a big map at a few thousand pixels has its links under a pixel wide. resvg
//! (tiny-skia) draws such a stroke as an anti-aliased hairline whose coverage is the width in
//! pixels, blending every pixel through its general pipeline; for 60,000 links that was most of
//! a PNG's time. This draws the same hairlines — one pixel column (or row) per step, shared
//! between the two pixels the line passes between, times its width in pixels — with the same
//! dash patterns as the SVG, directly on the premultiplied pixels. A test holds the result to
//! resvg's rendering of the same links.

use crate::model::{Colour, LineStyle, MapPos};
use crate::scene::clip_segment;

/// The links of a figure, in the figure's user units, for drawing as hairlines.
#[derive(Debug, Clone, Default)]
pub struct Hairlines {
    /// Added to every point (the map group's translation in the figure).
    pub offset: MapPos,
    /// Every link's points, one after another.
    points: Vec<MapPos>,
    /// The links, in drawing order.
    links: Vec<Hairline>,
}

#[derive(Debug, Clone)]
struct Hairline {
    /// End of its points in `points` (its start is the previous link's end).
    end: usize,
    colour: Colour,
    /// Opacity, 0–1 (faded links).
    opacity: f32,
    /// Stroke width in figure units.
    width: f32,
    style: LineStyle,
}

/// Sub-pixel lengths Skia gives a zero-length dot with a round cap, each side of its centre.
const DOT_HALF: f32 = std::f32::consts::FRAC_PI_8;

impl Hairlines {
    /// Adds a link drawn after those already added.
    pub fn push(&mut self, points: &[MapPos], colour: Colour, opacity: f32, width: f32, style: LineStyle) {
        self.points.extend_from_slice(points);
        self.links.push(Hairline { end: self.points.len(), colour, opacity, width, style });
    }

    /// The widest link's stroke width, in figure units (0 without links).
    #[must_use]
    pub fn max_width(&self) -> f32 {
        self.links.iter().map(|l| l.width).fold(0.0, f32::max)
    }

    /// Whether there are no links.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// Draws every link into `band`: premultiplied RGBA rows `width` pixels wide, the rows from
    /// `top` down of a figure rendered at `scale` pixels per unit.
    pub fn draw(&self, band: &mut [u8], width: usize, top: f32, scale: f32) {
        let [ox, oy] = self.offset;
        let px: Vec<[f32; 2]> = self.points.iter().map(|p| [(p[0] + ox) * scale, (p[1] + oy) * scale - top]).collect();
        let mut start = 0;
        let links: Vec<(std::ops::Range<usize>, [f32; 2], Ink, Pattern)> = self
            .links
            .iter()
            .map(|link| {
                let range = start..link.end;
                start = link.end;
                let (lo, hi) =
                    px[range.clone()].iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| (lo.min(p[1]), hi.max(p[1])));
                let w = link.width * scale;
                // tiny-skia's coverage for a stroke under a pixel wide is its width in pixels.
                let (pattern, ink_share) = Pattern::of(link.style, w);
                let ink = Ink::new(link.colour, w.min(1.0) * link.opacity * ink_share);
                (range, [lo, hi], ink, pattern)
            })
            .collect();
        // A strip of rows at a time: a steep line steps a whole row of the image per pixel,
        // and over the whole image those steps miss the processor's caches; a strip's rows fit.
        for (i, strip) in band.chunks_mut(STRIP_ROWS * width.max(1) * 4).enumerate() {
            let rows = strip.len() / 4 / width.max(1);
            let strip_top = (i * STRIP_ROWS) as f32;
            let mut canvas = Canvas { px: strip, width, rows, top: strip_top };
            for (range, [lo, hi], ink, pattern) in &links {
                if *hi >= strip_top - 2.0 && *lo <= strip_top + rows as f32 + 2.0 {
                    canvas.polyline(&px[range.clone()], pattern, *ink);
                }
            }
        }
    }
}

/// Rows drawn at a time (a strip of a 4,000-pixel-wide image is 2 MB).
const STRIP_ROWS: usize = 128;

/// A colour and how much of it one full pixel of line lays down.
#[derive(Clone, Copy)]
struct Ink {
    /// Red and blue, 16 bits apart.
    rb: u32,
    /// Green and (opaque) alpha, 16 bits apart.
    ga: u32,
    alpha: f32,
}

impl Ink {
    fn new(c: Colour, alpha: f32) -> Ink {
        Ink { rb: u32::from(c.r) | (u32::from(c.b) << 16), ga: u32::from(c.g) | (255 << 16), alpha }
    }
}

/// The SVG's dash patterns ([`LineStyle::dashes`]) in pixels.
enum Pattern {
    Solid,
    /// On, off, on, off… lengths (the first so many); the pattern restarts at the start of
    /// each link.
    Dashes([f32; 4], usize),
    /// Round dots every so many pixels.
    Dots(f32),
}

/// Patterns repeating in less than this many pixels are drawn as a solid line with their share
/// of ink: their dashes could not be seen, and a figure scaled far down (a map with one far-away
/// organisation) would otherwise mean millions of dashes, or steps too small to move a float.
/// At a period of a pixel or more the loops are bounded: a figure is at most 16,384 pixels a
/// side, so distances along a link stay where an f32 step is a few thousandths of a pixel, far
/// below the shortest dash (a dash-dot's dot, a thirteenth of the period).
const MIN_PERIOD_PX: f32 = 1.0;

impl Pattern {
    /// The pattern for a line `w` pixels wide, and the share of ink to draw it with.
    fn of(style: LineStyle, w: f32) -> (Pattern, f32) {
        let widths = style.dashes();
        let pattern = match style {
            LineStyle::Solid => Pattern::Solid,
            LineStyle::Dotted => Pattern::Dots(widths.iter().sum::<f32>() * w),
            LineStyle::Dashed | LineStyle::DashDot => {
                let mut lengths = [0.0; 4];
                for (l, d) in lengths.iter_mut().zip(widths) {
                    *l = d * w;
                }
                Pattern::Dashes(lengths, widths.len().min(4))
            }
        };
        let (period, on) = match &pattern {
            Pattern::Solid => return (pattern, 1.0),
            Pattern::Dashes(lengths, n) => {
                let lengths = &lengths[..*n];
                (lengths.iter().sum::<f32>(), lengths.iter().step_by(2).sum::<f32>())
            }
            Pattern::Dots(gap) => (*gap, 2.0 * DOT_HALF),
        };
        // Also catches a NaN width.
        if period >= MIN_PERIOD_PX { (pattern, 1.0) } else { (Pattern::Solid, (on / period).min(1.0)) }
    }
}

struct Canvas<'a> {
    px: &'a mut [u8],
    width: usize,
    rows: usize,
    /// The row the canvas starts at, in the coordinates of the points it is given.
    top: f32,
}

impl Canvas<'_> {
    /// Blends `ink` at `cover` (0–1) into pixel (x, y), if it is on the canvas.
    fn put(&mut self, x: i32, y: i32, ink: Ink, cover: f32) {
        let (Ok(x), Ok(y)) = (usize::try_from(x), usize::try_from(y)) else { return };
        if x >= self.width || y >= self.rows {
            return;
        }
        // Alpha in 256ths (rounded: floor of a non-negative value plus a half).
        let a = crate::convert::floor_i32(ink.alpha * cover * 256.0 + 0.5).clamp(0, 256).unsigned_abs();
        if a == 0 {
            return;
        }
        let i = (y * self.width + x) * 4;
        let Some(p) = self.px.get_mut(i..i + 4) else { return };
        let dst = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
        // Two channels at a time, 16 bits apart (red and blue, green and alpha):
        // out = (ink × a + dst × (256 − a) + ½) / 256, premultiplied.
        let (rb, ga) = (dst & 0x00FF_00FF, (dst >> 8) & 0x00FF_00FF);
        let rb = ((ink.rb * a + rb * (256 - a) + 0x0080_0080) >> 8) & 0x00FF_00FF;
        let ga = ((ink.ga * a + ga * (256 - a) + 0x0080_0080) >> 8) & 0x00FF_00FF;
        p.copy_from_slice(&(rb | (ga << 8)).to_le_bytes());
    }

    /// An anti-aliased hairline from `a` to `b`: each pixel column (or row, for steep lines) it
    /// covers gets the covered part of a pixel of ink, shared between the two pixels nearest the
    /// line.
    fn segment(&mut self, a: [f32; 2], b: [f32; 2], ink: Ink) {
        let steep = (b[1] - a[1]).abs() > (b[0] - a[0]).abs();
        // (u, v): u along the major axis.
        let (mut a, mut b) = if steep { ([a[1], a[0]], [b[1], b[0]]) } else { (a, b) };
        if a[0] > b[0] {
            std::mem::swap(&mut a, &mut b);
        }
        let du = b[0] - a[0];
        if du <= 1e-6 {
            return;
        }
        let slope = (b[1] - a[1]) / du;
        let top = crate::convert::floor_i32(self.top);
        let first = crate::convert::floor_i32(a[0]);
        let last = crate::convert::floor_i32(b[0]);
        for i in first..=last {
            let lo = a[0].max(i as f32);
            let hi = b[0].min(i as f32 + 1.0);
            let cover = hi - lo;
            if cover <= 0.0 {
                continue;
            }
            let v = a[1] + ((lo + hi) * 0.5 - a[0]) * slope - 0.5;
            let j = crate::convert::floor_i32(v);
            let f = v - j as f32;
            if steep {
                self.put(j, i - top, ink, cover * (1.0 - f));
                self.put(j + 1, i - top, ink, cover * f);
            } else {
                self.put(i, j - top, ink, cover * (1.0 - f));
                self.put(i, j + 1 - top, ink, cover * f);
            }
        }
    }

    /// A polyline in pixels with a dash pattern that runs on across its corners.
    fn polyline(&mut self, pts: &[[f32; 2]], pattern: &Pattern, ink: Ink) {
        // Pieces outside the canvas (plus a pixel of anti-aliasing) are skipped, keeping the
        // pattern's phase.
        let (min, max) = ([-2.0, self.top - 2.0], [self.width as f32 + 2.0, self.top + self.rows as f32 + 2.0]);
        let mut dist = 0.0f32;
        for pair in pts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let len = (b[0] - a[0]).hypot(b[1] - a[1]);
            if len <= 0.0 {
                continue;
            }
            if let Some((t0, t1)) = clip_segment(a, b, min, max) {
                let at = |d: f32| {
                    let t = (d - dist) / len;
                    [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
                };
                let (d0, d1) = (dist + t0 * len, dist + t1 * len);
                match pattern {
                    Pattern::Solid => self.segment(at(d0), at(d1), ink),
                    Pattern::Dots(gap) => {
                        let dir = [(b[0] - a[0]) / len * DOT_HALF, (b[1] - a[1]) / len * DOT_HALF];
                        let mut d = (d0 / gap).ceil() * gap;
                        while d < d1 {
                            let c = at(d);
                            self.segment([c[0] - dir[0], c[1] - dir[1]], [c[0] + dir[0], c[1] + dir[1]], ink);
                            d += gap;
                        }
                    }
                    Pattern::Dashes(lengths, n) => self.dashes(&lengths[..*n], d0, d1, &at, ink),
                }
            }
            dist += len;
        }
    }

    /// The "on" parts of a dash pattern between distances `d0` and `d1` along a line.
    fn dashes(&mut self, lengths: &[f32], d0: f32, d1: f32, at: &dyn Fn(f32) -> [f32; 2], ink: Ink) {
        let period: f32 = lengths.iter().sum();
        if period <= 0.0 {
            return;
        }
        // Where in the pattern d0 falls.
        let mut phase = d0.rem_euclid(period);
        let mut k = 0;
        while phase >= lengths[k] && k + 1 < lengths.len() {
            phase -= lengths[k];
            k += 1;
        }
        let mut d = d0;
        let mut left = lengths[k] - phase;
        while d < d1 {
            let next = (d + left).min(d1);
            if k % 2 == 0 && next > d {
                self.segment(at(d), at(next), ink);
            }
            d += left;
            k = (k + 1) % lengths.len();
            left = lengths[k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas_sum(h: &Hairlines, w: usize, rows: usize, scale: f32) -> (Vec<u8>, f32) {
        let mut px = vec![0u8; w * rows * 4];
        h.draw(&mut px, w, 0.0, scale);
        let ink: f32 = px.chunks_exact(4).map(|p| f32::from(p[3]) / 255.0).sum();
        (px, ink)
    }

    #[test]
    fn a_solid_hairline_lays_down_its_length_times_its_width() {
        let mut h = Hairlines::default();
        h.push(&[[10.3, 10.0], [90.3, 50.0]], Colour::rgb(0, 0, 0), 1.0, 0.5, LineStyle::Solid);
        let (px, ink) = canvas_sum(&h, 100, 60, 1.0);
        // 80 columns at half a pixel of ink each (alpha rounds per pixel).
        assert!((ink - 40.0).abs() < 1.0, "{ink}");
        // Nothing far from the line.
        assert_eq!(px[(5 * 100 + 50) * 4 + 3], 0);
    }

    #[test]
    fn patterns_lay_down_their_on_fraction() {
        let line = [[0.0, 20.5], [300.0, 20.5]];
        let ink = |style| {
            let mut h = Hairlines::default();
            h.push(&line, Colour::rgb(0, 0, 0), 1.0, 1.0, style);
            canvas_sum(&h, 320, 40, 1.0).1
        };
        let solid = ink(LineStyle::Solid);
        assert!((solid - 300.0).abs() < 2.0, "{solid}");
        // Dashed: 6 on, 4 off.
        assert!((ink(LineStyle::Dashed) / solid - 0.6).abs() < 0.03);
        // Dash-dot: 7 on in 13.
        assert!((ink(LineStyle::DashDot) / solid - 7.0 / 13.0).abs() < 0.03);
        // Dots every 3 pixels, each ~0.79 of a pixel long.
        assert!((ink(LineStyle::Dotted) / solid - 2.0 * DOT_HALF / 3.0).abs() < 0.03);
    }

    #[test]
    fn the_pattern_runs_on_across_corners_and_clipping() {
        // A dashed line bent at 7 pixels and one crossing the band's top edge: the same ink as
        // the straight, unclipped line.
        let mut straight = Hairlines::default();
        straight.push(&[[2.0, 10.5], [102.0, 10.5]], Colour::rgb(0, 0, 0), 1.0, 1.0, LineStyle::Dashed);
        let mut bent = Hairlines::default();
        bent.push(&[[2.0, 10.5], [9.0, 10.5], [102.0, 10.5]], Colour::rgb(0, 0, 0), 1.0, 1.0, LineStyle::Dashed);
        let (a, _) = canvas_sum(&straight, 110, 20, 1.0);
        let (b, _) = canvas_sum(&bent, 110, 20, 1.0);
        assert_eq!(a, b);
        let mut off = Hairlines::default();
        off.push(&[[-498.0, 10.5], [102.0, 10.5]], Colour::rgb(0, 0, 0), 1.0, 1.0, LineStyle::Dashed);
        let (c, ink) = canvas_sum(&off, 110, 20, 1.0);
        // 500 px before 2: the pattern (period 10) is in the same phase there.
        assert_eq!(&a[..], &c[..], "{ink}");
    }

    #[test]
    fn bands_and_strips_draw_the_same_pixels_as_one_canvas() {
        // Steep, shallow and bent lines, dashed and dotted, across strip and band edges.
        let mut h = Hairlines::default();
        let black = Colour::rgb(0, 0, 0);
        h.push(&[[3.3, -20.0], [40.7, 400.0]], black, 1.0, 0.7, LineStyle::Dashed);
        h.push(&[[0.0, 120.2], [90.0, 140.9], [10.0, 260.0]], Colour::rgb(0, 114, 178), 0.5, 0.9, LineStyle::Dotted);
        h.push(&[[95.0, 5.0], [1.0, 299.0]], black, 1.0, 0.4, LineStyle::DashDot);
        h.push(&[[-10.0, 127.6], [120.0, 128.4]], black, 1.0, 1.0, LineStyle::Solid);
        let (whole, _) = canvas_sum(&h, 100, 300, 1.0);
        let mut banded = vec![0u8; 100 * 300 * 4];
        let (upper, lower) = banded.split_at_mut(100 * 4 * 170);
        h.draw(upper, 100, 0.0, 1.0);
        h.draw(lower, 100, 170.0, 1.0);
        assert!(whole.iter().any(|&v| v > 0));
        assert_eq!(whole, banded);
    }

    #[test]
    fn patterns_too_fine_to_see_are_drawn_solid_with_their_share_of_ink() {
        // A figure scaled far down: dots every 0.27 px would be 1,100 dots over 300 px (or,
        // finer still, steps too small to move along the line at all).
        let line = [[0.0, 20.5], [300.0, 20.5]];
        let ink = |style, width| {
            let mut h = Hairlines::default();
            h.push(&line, Colour::rgb(0, 0, 0), 1.0, width, style);
            canvas_sum(&h, 320, 40, 1.0).1
        };
        let solid = ink(LineStyle::Solid, 0.09);
        assert!((ink(LineStyle::Dashed, 0.09) / solid - 0.6).abs() < 0.05);
        assert!((ink(LineStyle::Dotted, 0.09) / solid - 1.0).abs() < 0.05, "dots overlap: full ink");
        assert!(ink(LineStyle::Dotted, 1e-30) >= 0.0, "returns at all");
        // Just above the limit the pattern is still drawn dash by dash.
        assert!(matches!(Pattern::of(LineStyle::Dashed, 0.1).0, Pattern::Dashes(..)));
        assert!(matches!(Pattern::of(LineStyle::Dashed, 0.09).0, Pattern::Solid));
        assert!(matches!(Pattern::of(LineStyle::Dotted, f32::NAN).0, Pattern::Solid));
    }

    #[test]
    fn colour_blends_over_what_is_there() {
        let mut h = Hairlines::default();
        h.push(&[[0.0, 0.5], [4.0, 0.5]], Colour::rgb(200, 100, 0), 0.5, 1.0, LineStyle::Solid);
        let mut px = vec![255u8; 4 * 4];
        h.draw(&mut px, 4, 0.0, 1.0);
        // Half of (200,100,0) over white, opaque.
        assert_eq!(&px[4..8], &[228, 178, 128, 255]);
    }
}
