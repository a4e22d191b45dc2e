//! Painting the scene: lanes and hulls, links, markers, labels, journeys and sticky notes, each
//! a pass with culling and level of detail; also which labels fit on screen and zoom to fit.

use super::meshes::{add_recycled_mesh, clip_polyline, recycled_mesh};
use super::raster::Raster;
use crate::model::{LineStyle, MapPos, Shape};
use crate::scene::{self, Scene, SceneTheme};
use crate::ui::bidi_text;
use crate::ui::line_mesh;
use crate::ui::theme::{self, color, color_alpha};
use crate::ui::view::ViewState;
use egui::{Align2, Color32, FontId, Pos2, Rect, Shape as EShape, Stroke, pos2, vec2};

fn to_screen(view: &ViewState, pts: &[MapPos]) -> Vec<Pos2> {
    pts.iter().map(|&p| view.screen_from_map(p)).collect()
}

/// What the passes of [`paint_scene_placed`] read: where to paint, the scene, view and theme,
/// and the part of the map in view.
struct Frame<'a> {
    painter: &'a egui::Painter,
    scene: &'a Scene,
    view: &'a ViewState,
    theme: &'a SceneTheme,
    /// The painter's clip with a margin: what is drawn at all (screen).
    clip: Rect,
    /// `clip` in map units (min, max): culling is done in map units first, so an item off
    /// screen costs a comparison, not an allocation.
    in_view: (MapPos, MapPos),
}

impl Frame<'_> {
    /// Whether a box (map units) reaches into the view.
    fn visible(&self, min: MapPos, max: MapPos) -> bool {
        let (vmin, vmax) = self.in_view;
        min[0] <= vmax[0] && max[0] >= vmin[0] && min[1] <= vmax[1] && max[1] >= vmin[1]
    }

    /// `c` as drawn: at the theme's faded opacity when `faded` (outside a highlight).
    fn ink(&self, c: crate::model::Colour, faded: bool) -> Color32 {
        if faded { color_alpha(c, self.theme.faded_alpha) } else { color(c) }
    }
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
    let in_view = (view.map_from_screen(clip.min), view.map_from_screen(clip.max));
    let frame = Frame { painter, scene, view, theme, clip, in_view };
    // Level of detail: with thousands of links on screen, patterns and arrowheads are too small
    // to read; plain lines keep the frame fast and look the same.
    let detailed = scene.edges.len() < 4000 || view.zoom > 0.35;
    // Zoomed out on a big map, links and small markers are drawn into one image (see Raster).
    let mut raster = (!detailed).then(|| Raster::new(painter.clip_rect(), painter.ctx().pixels_per_point()));
    // Everything goes to egui in one call at the end (each call takes egui's lock).
    let mut shapes: Vec<EShape> = Vec::with_capacity(1024);
    link_shapes(&mut shapes, &frame, raster.as_mut());
    crate::ui::journey_paint::leg_shapes(&mut shapes, scene, view, theme);
    marker_shapes_pass(&mut shapes, raster.as_mut(), &frame);
    // Labels over every marker (placement keeps them off the markers).
    let legend = view.legend_rect().map(|r| r.expand(4.0));
    let layout = screen_labels(scene, view, clip, Some(painter.clip_rect()), legend);
    label_shapes(&mut shapes, &frame, &layout);
    if let Some(raster) = raster {
        // Beneath the markers and labels drawn as shapes.
        shapes.insert(0, raster.into_shape(painter.ctx()));
    }
    painter.extend(shapes);
    crate::ui::journey_paint::paint_badges(painter, scene, view, theme);
    paint_notes(painter, scene, view);
    layout
}

/// The links in view: selection and hover rings, lines (solid bent lines as egui paths, the
/// rest in the pattern meshes), then arrowheads; with a raster, links not highlighted go into it.
fn link_shapes(shapes: &mut Vec<EShape>, f: &Frame<'_>, mut raster: Option<&mut Raster>) {
    let (scene, view, theme) = (f.scene, f.view, f.theme);
    let z = view.zoom;
    let any_selected = !view.selected_links.is_empty();
    // Lines are clipped to the view (plus one dash pattern, so dashes start off screen): a long
    // dashed link crossing a zoomed-in view costs only what is seen.
    let edge_px = scene.edges.first().map_or(1.0, |e| (e.width * z).max(1.0));
    let line_clip = f.clip.expand(40.0 + 14.0 * edge_px);
    let feather = 1.0 / f.painter.ctx().pixels_per_point();
    let mut lines = line_mesh::LineMeshes::new(f.painter.ctx(), [0, 1, 2, 3].map(recycled_mesh));
    let mut arrows: Vec<EShape> = Vec::new();
    let edge_colour = |e: &scene::EdgeItem| f.ink(e.colour, e.faded);
    let highlighted = |e: &scene::EdgeItem| {
        (any_selected && view.selected_links.contains(&e.id)) || view.hover_link.as_ref() == Some(&e.id)
    };
    if let Some(raster) = raster.as_mut() {
        raster.edges(
            &scene.edges,
            |e| {
                (f.visible(e.bounds.0, e.bounds.1) && !highlighted(e)).then(|| ((e.width * z).max(1.0), edge_colour(e)))
            },
            |p| view.screen_from_map(p),
        );
    }
    for e in &scene.edges {
        if !f.visible(e.bounds.0, e.bounds.1) || (raster.is_some() && !highlighted(e)) {
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
    for (slot, mesh) in (0..).zip(lines.into_meshes()) {
        add_recycled_mesh(shapes, slot, mesh);
    }
    shapes.append(&mut arrows);
}

/// The markers in view: selection and hover halos, the marker, its pin. Drawn in detail (no
/// `raster`), a marker is never under [`MIN_MARKER_PX`](crate::scene::style::MIN_MARKER_PX);
/// with the raster (a big map zoomed out), markers a few pixels across are squares in it.
fn marker_shapes_pass(shapes: &mut Vec<EShape>, mut raster: Option<&mut Raster>, f: &Frame<'_>) {
    let (view, theme) = (f.view, f.theme);
    let z = view.zoom;
    let outline = Stroke::new((1.2 * z).clamp(0.5, 2.0), color(theme.outline));
    let any_selected = !view.selection.is_empty();
    let margin = 200.0 / z;
    for n in &f.scene.nodes {
        if !f.visible([n.center[0] - margin, n.center[1] - margin], [n.center[0] + margin, n.center[1] + margin]) {
            continue;
        }
        let center = view.screen_from_map(n.center);
        // Drawn in detail, a marker keeps a size its shape can be seen at; on a big map zoomed
        // out, markers a few pixels across are squares in the raster (no shape shows then).
        let r = if raster.is_none() { (n.radius * z).max(crate::scene::style::MIN_MARKER_PX) } else { n.radius * z };
        let selected = any_selected && view.selection.contains(&n.id);
        if let Some(raster) = raster.as_mut().filter(|_| r < 3.0 && !selected) {
            raster.square(center, r.max(1.0), f.ink(n.fill, n.faded));
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
    let Ok(visible) = markers_to_name(scene, view, clip) else {
        return scene::LabelLayout::default();
    };
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

/// Why the canvas shows no organisations' names at a view, so the app can say so.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NamesHidden {
    /// Names would be too small to read: from `zoom` (a view zoom factor) they are shown.
    TooSmall {
        /// The lowest zoom at which names are drawn.
        zoom: f32,
    },
    /// More than [`MAX_SCREEN_LABELS`] organisations are in or near the view.
    TooMany,
}

/// `Some` when [`screen_labels`] places no name at this view and zoom because of the zoom or
/// the number of organisations in view (not when names merely find no room).
#[must_use]
pub fn names_hidden(scene: &Scene, view: &ViewState, clip: Rect) -> Option<NamesHidden> {
    // Counting stops at the first one past the limit: no list is made just to say why.
    too_small_to_name(scene, view)
        .or_else(|| markers_near(scene, view, clip).nth(MAX_SCREEN_LABELS).map(|_| NamesHidden::TooMany))
}

/// `Some` when names at this zoom would be under the size placement starts at.
fn too_small_to_name(scene: &Scene, view: &ViewState) -> Option<NamesHidden> {
    let size = scene.nodes.first()?.label_size;
    (size * view.zoom < MIN_NOMINAL_LABEL_PX)
        .then(|| NamesHidden::TooSmall { zoom: MIN_NOMINAL_LABEL_PX / size.max(f32::EPSILON) })
}

/// The organisations [`screen_labels`] would name (those near the view), or why it names none.
fn markers_to_name(scene: &Scene, view: &ViewState, clip: Rect) -> Result<Vec<usize>, NamesHidden> {
    if let Some(why) = too_small_to_name(scene, view) {
        return Err(why);
    }
    let near: Vec<usize> = markers_near(scene, view, clip).collect();
    if near.len() > MAX_SCREEN_LABELS {
        return Err(NamesHidden::TooMany);
    }
    Ok(near)
}

/// The organisations whose markers are in `clip` (screen) or within a 200-point margin of it,
/// except one being renamed (its name is in the rename box).
fn markers_near<'a>(scene: &'a Scene, view: &'a ViewState, clip: Rect) -> impl Iterator<Item = usize> + 'a {
    let (vmin, vmax) = (view.map_from_screen(clip.min), view.map_from_screen(clip.max));
    let margin = 200.0 / view.zoom;
    (0..scene.nodes.len())
        .filter(move |&i| {
            let [x, y] = scene.nodes[i].center;
            x >= vmin[0] - margin && x <= vmax[0] + margin && y >= vmin[1] - margin && y <= vmax[1] + margin
        })
        .filter(move |&i| view.renaming.as_ref().is_none_or(|(id, _)| id != &scene.nodes[i].id))
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
fn label_shapes(out: &mut Vec<EShape>, f: &Frame<'_>, layout: &scene::LabelLayout) {
    let (painter, scene, view, theme) = (f.painter, f.scene, f.view, f.theme);
    let k = label_text_scale(scene, view);
    for p in &layout.placed {
        let n = &scene.nodes[p.node];
        let text = f.ink(theme.label, n.faded);
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
