//! Link lines written straight into one mesh: anti-aliased like egui's own lines (a core at full
//! colour and a one-pixel feather fading out on each side), but without a shape per dash or dot
//! for egui to allocate, move and tessellate. A zoomed-in view of a big map shows thousands of
//! dashes; as shapes they were most of the frame.

use crate::model::LineStyle;
use egui::epaint::Mesh;
use egui::{Color32, Pos2, vec2};

/// The next vertex index of `mesh`.
fn next_index(mesh: &Mesh) -> u32 {
    u32::try_from(mesh.vertices.len()).unwrap_or(u32::MAX)
}

/// The unit normal of the segment from `a` to `b` and its length (none if it has no length).
fn normal(a: Pos2, b: Pos2) -> Option<(egui::Vec2, f32)> {
    let d = b - a;
    let len = d.length();
    (len > f32::EPSILON && len.is_finite()).then(|| (vec2(-d.y, d.x) / len, len))
}

/// A quad along `a`→`b` (normal `n`): a core `width − feather` wide at full colour, fading to
/// clear over `feather` on each side; texture coordinates `(u[0], v)` at `a`, `(u[1], v)` at `b`.
#[allow(clippy::too_many_arguments)]
fn feathered_quad(
    mesh: &mut Mesh,
    a: Pos2,
    b: Pos2,
    n: egui::Vec2,
    width: f32,
    c: Color32,
    feather: f32,
    u: [f32; 2],
    v: f32,
) {
    let (inner, outer) = (0.5 * (width - feather).max(0.0), 0.5 * (width + feather));
    let i = next_index(mesh);
    for (p, u) in [(a, u[0]), (b, u[1])] {
        for (off, color) in [(outer, Color32::TRANSPARENT), (inner, c), (-inner, c), (-outer, Color32::TRANSPARENT)] {
            mesh.vertices.push(egui::epaint::Vertex { pos: p + n * off, uv: egui::pos2(u, v), color });
        }
    }
    for k in 0..3 {
        mesh.add_triangle(i + k, i + k + 1, i + 4 + k);
        mesh.add_triangle(i + k + 1, i + 4 + k, i + 5 + k);
    }
}

/// A straight line from `a` to `b`, `width` points wide (`feather`: one physical pixel in
/// points). Lines thinner than the feather are drawn one pixel wide and fainter, as egui does.
pub fn line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32, feather: f32) {
    let Some((n, _)) = normal(a, b) else { return };
    if width > 0.9 * feather {
        let white = egui::epaint::WHITE_UV;
        feathered_quad(mesh, a, b, n, width, colour, feather, [white.x; 2], white.y);
        return;
    }
    let i = next_index(mesh);
    let faint = colour.gamma_multiply(width / feather);
    for p in [a, b] {
        mesh.colored_vertex(p + n * feather, Color32::TRANSPARENT);
        mesh.colored_vertex(p, faint);
        mesh.colored_vertex(p - n * feather, Color32::TRANSPARENT);
    }
    for k in 0..2 {
        mesh.add_triangle(i + k, i + k + 1, i + 3 + k);
        mesh.add_triangle(i + k + 1, i + 3 + k, i + 4 + k);
    }
}

/// Texels of a pattern texture per line width (`w`): enough for crisp dash ends once mipmapped.
const TEXELS_PER_W: usize = 8;

/// One period of a dash pattern as a one-row image; the pattern is a [`LineStyle::dashes`] list
/// (on, off, on, off… in line widths): opaque white where the dash is, clear in the gaps, each
/// texel as covered as its share of a dash.
fn dash_image(pattern: &[f32]) -> egui::ColorImage {
    let mut spans = Vec::new();
    let mut at = 0.0;
    for pair in pattern.chunks(2) {
        let (on, off) = (pair[0], pair.get(1).copied().unwrap_or(0.0));
        spans.push((at, at + on));
        at += on + off;
    }
    let texels = crate::convert::round_px(at) as usize * TEXELS_PER_W;
    let pixels = (0..texels)
        .map(|i| {
            let (a, b) = (i as f32 / TEXELS_PER_W as f32, (i + 1) as f32 / TEXELS_PER_W as f32);
            let covered: f32 = spans.iter().map(|&(s, e)| (b.min(e) - a.max(s)).max(0.0)).sum();
            Color32::from_white_alpha(crate::convert::round_u8(covered * TEXELS_PER_W as f32 * 255.0))
        })
        .collect();
    egui::ColorImage::new([texels, 1], pixels)
}

/// One period of a dotted line (3 widths long, a dot 1.5 widths across at its middle) as an
/// image twice as wide as high: a white disc with a soft edge on a clear ground.
fn dot_image() -> egui::ColorImage {
    const H: usize = 32;
    let half = H as f32 / 2.0;
    let pixels = (0..2 * H * H)
        .map(|i| {
            let (x, y) = ((i % (2 * H)) as f32 + 0.5 - 2.0 * half, (i / (2 * H)) as f32 + 0.5 - half);
            let coverage = (half - 0.5 - x.hypot(y)).clamp(0.0, 1.0);
            Color32::from_white_alpha(crate::convert::round_u8(coverage * 255.0))
        })
        .collect();
    egui::ColorImage::new([2 * H, H], pixels)
}

/// The dashed, dash-dot and dotted pattern textures of a context (loaded once, repeating,
/// mipmapped so dash ends stay smooth at any width).
#[derive(Clone)]
struct Patterns([egui::TextureHandle; 3]);

/// The texture ids of the dashed, dash-dot and dotted patterns.
fn pattern_textures(ctx: &egui::Context) -> [egui::TextureId; 3] {
    let key = egui::Id::unique("patchwork-line-patterns");
    if let Some(p) = ctx.data(|d| d.get_temp::<Patterns>(key)) {
        return p.0.each_ref().map(egui::TextureHandle::id);
    }
    let options = egui::TextureOptions {
        wrap_mode: egui::TextureWrapMode::Repeat,
        mipmap_mode: Some(egui::TextureFilter::Linear),
        ..egui::TextureOptions::LINEAR
    };
    let handles = [
        ctx.load_texture("patchwork-dashed", dash_image(LineStyle::Dashed.dashes()), options),
        ctx.load_texture("patchwork-dash-dot", dash_image(LineStyle::DashDot.dashes()), options),
        ctx.load_texture("patchwork-dotted", dot_image(), options),
    ];
    let ids = handles.each_ref().map(egui::TextureHandle::id);
    ctx.data_mut(|d| d.insert_temp(key, Patterns(handles)));
    ids
}

/// The meshes link lines are written into, one per texture: solid lines (egui's own texture)
/// and the three patterns, each link piece one textured strip however many dashes it shows.
pub struct LineMeshes {
    /// Solid lines.
    pub solid: Mesh,
    /// Dashed lines.
    pub dashed: Mesh,
    /// Dash-dot lines.
    pub dash_dot: Mesh,
    /// Dotted lines.
    pub dotted: Mesh,
}

impl LineMeshes {
    /// Empty meshes (reusing the given buffers) with the context's pattern textures.
    pub fn new(ctx: &egui::Context, [solid, mut dashed, mut dash_dot, mut dotted]: [Mesh; 4]) -> Self {
        let [a, b, c] = pattern_textures(ctx);
        (dashed.texture_id, dash_dot.texture_id, dotted.texture_id) = (a, b, c);
        Self { solid, dashed, dash_dot, dotted }
    }

    /// The meshes, in the order they are drawn.
    pub fn into_meshes(self) -> [Mesh; 4] {
        [self.solid, self.dashed, self.dash_dot, self.dotted]
    }
}

/// A strip along a polyline, `width` wide with a feathered rim, its texture's u coordinate
/// running one period per `period` points from `u0` at the start.
fn strip(mesh: &mut Mesh, pts: &[Pos2], width: f32, c: Color32, u0: f32, period: f32, feather: f32) {
    let mut u = u0;
    for seg in pts.windows(2) {
        let Some((n, len)) = normal(seg[0], seg[1]) else { continue };
        let u1 = u + len / period;
        feathered_quad(mesh, seg[0], seg[1], n, width, c, feather, [u, u1], 0.5);
        u = u1;
    }
}

/// A row of dots along a polyline: a strip of the dot texture as wide as a dot.
fn dot_strip(mesh: &mut Mesh, pts: &[Pos2], diameter: f32, c: Color32, u0: f32, period: f32) {
    let mut u = u0;
    let last = pts.len().saturating_sub(2);
    for (k, seg) in pts.windows(2).enumerate() {
        let (a, b) = (seg[0], seg[1]);
        let Some((n, len)) = normal(a, b) else { continue };
        // Half a dot beyond the line's two ends, so dots there are whole (at a bend the two
        // pieces meet: a dot there is not drawn twice).
        let reach = |at_end: bool| if at_end { 0.5 * diameter } else { 0.0 };
        let (before, after) = (reach(k == 0), reach(k == last));
        let along = vec2(n.y, -n.x);
        let n = n * (0.5 * diameter);
        let i = next_index(mesh);
        let u1 = u + len / period;
        for (p, u) in [(a - along * before, u - before / period), (b + along * after, u1 + after / period)] {
            mesh.vertices.push(egui::epaint::Vertex { pos: p + n, uv: egui::pos2(u, 0.0), color: c });
            mesh.vertices.push(egui::epaint::Vertex { pos: p - n, uv: egui::pos2(u, 1.0), color: c });
        }
        mesh.add_triangle(i, i + 1, i + 2);
        mesh.add_triangle(i + 1, i + 2, i + 3);
        u = u1;
    }
}

/// A piece of a link line in its style, the piece starting `start` points along the whole line
/// so dashes and dots keep their places when the line is clipped to the view. The patterns are
/// [`LineStyle::dashes`], as the SVG export's `stroke-dasharray` (in line widths).
pub fn styled(out: &mut LineMeshes, pts: &[Pos2], style: LineStyle, width: f32, c: Color32, start: f32, feather: f32) {
    let w = width.max(1.0);
    let period = |style: LineStyle| style.dashes().iter().sum::<f32>() * w;
    match style {
        LineStyle::Solid => {
            for seg in pts.windows(2) {
                line(&mut out.solid, seg[0], seg[1], width, c, feather);
            }
        }
        LineStyle::Dashed => {
            let p = period(LineStyle::Dashed);
            strip(&mut out.dashed, pts, width, c, start / p, p, feather);
        }
        LineStyle::DashDot => {
            let p = period(LineStyle::DashDot);
            strip(&mut out.dash_dot, pts, width, c, start / p, p, feather);
        }
        LineStyle::Dotted => {
            // The texture's dot is at the middle of its period; the line's first dot at its start.
            let p = period(LineStyle::Dotted);
            dot_strip(&mut out.dotted, pts, 1.5 * w, c, start / p + 0.5, p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn meshes() -> LineMeshes {
        LineMeshes::new(&egui::Context::default(), Default::default())
    }

    #[test]
    fn dash_textures_hold_one_period_of_the_svg_pattern() {
        let alpha = |img: &egui::ColorImage| img.pixels.iter().map(egui::Color32::a).collect::<Vec<u8>>();
        let dashed = alpha(&dash_image(LineStyle::Dashed.dashes()));
        assert_eq!(dashed.len(), 10 * TEXELS_PER_W, "6 on + 4 off");
        assert!(dashed[..48].iter().all(|&a| a == 255) && dashed[48..].iter().all(|&a| a == 0));
        let dash_dot = alpha(&dash_image(LineStyle::DashDot.dashes()));
        assert_eq!(dash_dot.len(), 13 * TEXELS_PER_W);
        assert!(dash_dot[48..72].iter().all(|&a| a == 0), "first gap");
        assert!(dash_dot[72..80].iter().all(|&a| a == 255), "the dot");
        assert!(dash_dot[80..].iter().all(|&a| a == 0), "second gap");
        let dot = dot_image();
        assert_eq!(dot.size, [64, 32]);
        assert_eq!(dot.pixels[16 * 64 + 32].a(), 255, "the dot is at the middle of its period");
        assert_eq!(dot.pixels[16 * 64].a(), 0);
    }

    #[test]
    fn dashed_pieces_are_one_strip_whose_pattern_keeps_its_phase_when_clipped() {
        let mut m = meshes();
        // A 100-point dashed line 2 wide (period 20), clipped so the piece starts 5 points in.
        styled(&mut m, &[pos2(5.0, 0.0), pos2(100.0, 0.0)], LineStyle::Dashed, 2.0, Color32::RED, 5.0, 1.0);
        assert!(m.solid.is_empty() && m.dotted.is_empty());
        assert_eq!(m.dashed.vertices.len(), 8, "one strip, however many dashes");
        let u: Vec<f32> = m.dashed.vertices.iter().map(|v| v.uv.x).collect();
        assert!((u[0] - 0.25).abs() < 1e-6 && (u[4] - 5.0).abs() < 1e-6, "{u:?}");
        let ys: Vec<f32> = m.dashed.vertices[..4].iter().map(|v| v.pos.y).collect();
        assert_eq!(ys, [1.5, 0.5, -0.5, -1.5], "core ±0.5, feathered to ±1.5");
        assert!(m.dashed.is_valid());
        assert_ne!(m.dashed.texture_id, m.solid.texture_id);
    }

    #[test]
    fn dots_fall_on_whole_periods_of_the_line() {
        let mut m = meshes();
        styled(&mut m, &[pos2(0.0, 0.0), pos2(60.0, 0.0)], LineStyle::Dotted, 2.0, Color32::RED, 0.0, 1.0);
        let v = &m.dotted.vertices;
        assert_eq!(v.len(), 4);
        // u = distance / 6 + 0.5: a dot (the texture's middle) at 0, 6, 12 ... points.
        let u_at = |x: f32| v[0].uv.x + (x - v[0].pos.x) * (v[2].uv.x - v[0].uv.x) / (v[2].pos.x - v[0].pos.x);
        assert!((u_at(0.0) - 0.5).abs() < 1e-5 && (u_at(6.0) - 1.5).abs() < 1e-5);
        assert!((v[0].pos.y - v[1].pos.y).abs() - 3.0 < 1e-5, "as wide as a dot");
    }

    #[test]
    fn dots_of_a_bent_line_reach_past_its_ends_only() {
        let mut m = meshes();
        let bent = [pos2(0.0, 0.0), pos2(30.0, 0.0), pos2(30.0, 30.0)];
        styled(&mut m, &bent, LineStyle::Dotted, 2.0, Color32::RED, 0.0, 1.0);
        let v = &m.dotted.vertices;
        assert_eq!(v.len(), 8, "a strip per segment");
        let xs: Vec<f32> = v[..4].iter().map(|p| p.pos.x).collect();
        assert_eq!(xs, [-1.5, -1.5, 30.0, 30.0], "the first piece reaches past the start, not the bend");
        let ys: Vec<f32> = v[4..].iter().map(|p| p.pos.y).collect();
        assert_eq!(ys, [0.0, 0.0, 31.5, 31.5], "the second reaches past the end");
        assert!((v[4].uv.x - v[2].uv.x).abs() < 1e-6, "the pattern runs on round the bend");
    }

    #[test]
    fn lines_are_feathered_and_thin_lines_fade() {
        let mut m = Mesh::default();
        line(&mut m, pos2(0.0, 0.0), pos2(10.0, 0.0), 3.0, Color32::RED, 1.0);
        let ys: Vec<f32> = m.vertices[..4].iter().map(|v| v.pos.y).collect();
        assert_eq!(ys, [2.0, 1.0, -1.0, -2.0], "core ±1, feather to ±2");
        assert_eq!(m.vertices[0].color, Color32::TRANSPARENT);
        let mut thin = Mesh::default();
        line(&mut thin, pos2(0.0, 0.0), pos2(10.0, 0.0), 0.5, Color32::RED, 1.0);
        assert_eq!(thin.vertices.len(), 6);
        assert!(thin.vertices[1].color.a() < 255, "fainter, not thinner");
        let mut none = Mesh::default();
        line(&mut none, pos2(1.0, 1.0), pos2(1.0, 1.0), 2.0, Color32::RED, 1.0);
        assert!(none.is_empty(), "a zero-length line draws nothing");
    }
}
