//! The canvas and the SVG figure draw the same scene alike (#18: "a test compares the canvas's
//! drawn shapes with the SVG's elements for the example").
//!
//! The bundled example's scene is painted by the canvas painter (`paint_scene_placed`) into an
//! egui frame and written by the figure writer (`figure_svg`). The canvas's view is set to the
//! figure's own transform (zoom 1, the map group's `translate`), so one map unit is one screen
//! point is one SVG unit and every shape can be compared with its element directly: each
//! organisation's marker (centre, size, outline points, fill, outline colour and width), each
//! link's segments (ends, width, colour) and arrowhead, and each label's text, size, colour and
//! place. A change of a radius, colour, width or position in only one of them fails here.

use egui::epaint::{CircleShape, ColorMode, Mesh, PathShape, TextShape};
use egui::{Color32, Pos2, Rect, Shape, pos2, vec2};
use patchwork::export::svg::{FigureOptions, figure_svg};
use patchwork::scene::{self, Scene, SceneOptions, SceneTheme};
use patchwork::ui::view::ViewState;

/// Positions in the SVG have two decimals; the canvas's are floats of the same numbers.
const TOLERANCE: f32 = 0.02;

/// Canvas dots are drawn 1.5 line widths across (a soft disc in the dotted texture); the SVG's
/// dots are round caps of zero-length dashes, one width across. A known difference of look,
/// held here so that any other change of either shows.
const CANVAS_DOT_WIDTHS: f32 = 1.5;

fn close(a: Pos2, b: Pos2) -> bool {
    (a - b).length() <= TOLERANCE
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() <= TOLERANCE
}

// ---- The SVG side -------------------------------------------------------------------------

/// A marker element: a circle (centre and radius) or a polygon (its points).
#[derive(Debug)]
struct SvgMarker {
    circle: Option<(Pos2, f32)>,
    points: Vec<Pos2>,
    fill: Color32,
    stroke: Color32,
    stroke_width: f32,
}

/// A link's polyline.
#[derive(Debug)]
struct SvgLink {
    points: Vec<Pos2>,
    colour: Color32,
    width: f32,
    dotted: bool,
}

/// An arrowhead.
#[derive(Debug)]
struct SvgArrow {
    points: Vec<Pos2>,
    colour: Color32,
}

/// A line of a label: its text, the top-left corner of its line box, size and colour.
#[derive(Debug)]
struct SvgText {
    text: String,
    baseline_left: Pos2,
    size: f32,
    colour: Color32,
}

/// What the figure draws of the map, in figure units (the map group's transform applied).
#[derive(Debug, Default)]
struct SvgMap {
    translate: [f32; 2],
    markers: Vec<SvgMarker>,
    links: Vec<SvgLink>,
    arrows: Vec<SvgArrow>,
    labels: Vec<SvgText>,
}

fn hex(s: &str) -> Color32 {
    let v = u32::from_str_radix(s.trim_start_matches('#'), 16).expect("a #rrggbb colour");
    let [_, r, g, b] = v.to_be_bytes();
    Color32::from_rgb(r, g, b)
}

fn number(node: roxmltree::Node<'_, '_>, name: &str) -> f32 {
    node.attribute(name).unwrap_or_else(|| panic!("{name} on {node:?}")).parse().expect("a number")
}

fn colour(node: roxmltree::Node<'_, '_>, name: &str) -> Color32 {
    hex(node.attribute(name).unwrap_or_else(|| panic!("{name} on {node:?}")))
}

fn points(node: roxmltree::Node<'_, '_>, [dx, dy]: [f32; 2]) -> Vec<Pos2> {
    node.attribute("points")
        .expect("points")
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            pos2(x.parse::<f32>().expect("x") + dx, y.parse::<f32>().expect("y") + dy)
        })
        .collect()
}

fn group<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap_or_else(|| panic!("group {id}"))
}

fn parse_svg(svg: &str) -> SvgMap {
    let doc = roxmltree::Document::parse(svg).expect("the figure is XML");
    let transform = group(&doc, "map").attribute("transform").expect("the map group is translated");
    let inner = transform.trim_start_matches("translate(").trim_end_matches(')');
    let (tx, ty) = inner.split_once(' ').expect("translate(x y)");
    let t = [tx.parse().expect("x"), ty.parse().expect("y")];
    let at = |n: roxmltree::Node<'_, '_>, x: &str, y: &str| pos2(number(n, x) + t[0], number(n, y) + t[1]);
    let mut map = SvgMap { translate: t, ..SvgMap::default() };
    for n in group(&doc, "links").children().filter(roxmltree::Node::is_element) {
        match n.tag_name().name() {
            "polyline" => map.links.push(SvgLink {
                points: points(n, t),
                colour: colour(n, "stroke"),
                width: number(n, "stroke-width"),
                dotted: n.attribute("stroke-linecap") == Some("round"),
            }),
            "polygon" => map.arrows.push(SvgArrow { points: points(n, t), colour: colour(n, "fill") }),
            other => panic!("unexpected <{other}> among the links"),
        }
    }
    for n in group(&doc, "organisations").descendants().filter(roxmltree::Node::is_element).skip(1) {
        let (circle, points) = match n.tag_name().name() {
            "circle" => (Some((at(n, "cx", "cy"), number(n, "r"))), Vec::new()),
            "polygon" => (None, points(n, t)),
            "g" => continue,
            other => panic!("unexpected <{other}> among the organisations"),
        };
        map.markers.push(SvgMarker {
            circle,
            points,
            fill: colour(n, "fill"),
            stroke: colour(n, "stroke"),
            stroke_width: number(n, "stroke-width"),
        });
    }
    for n in group(&doc, "labels").descendants().filter(|n| n.has_tag_name("text")) {
        map.labels.push(SvgText {
            text: n.text().unwrap_or_default().to_owned(),
            baseline_left: at(n, "x", "y"),
            size: number(n, "font-size"),
            colour: colour(n, "fill"),
        });
    }
    map
}

// ---- The canvas side ----------------------------------------------------------------------

/// A straight piece of a link line as the canvas draws it: its ends (on the line's centre),
/// the width of its full-colour core and that colour.
#[derive(Debug, Clone, Copy)]
struct Segment {
    a: Pos2,
    b: Pos2,
    core: f32,
    colour: Color32,
}

/// What the canvas painted, by kind.
#[derive(Debug, Default)]
struct Canvas {
    circles: Vec<CircleShape>,
    paths: Vec<PathShape>,
    segments: Vec<Segment>,
    texts: Vec<TextShape>,
}

/// The link strips of a mesh (see `ui::line_mesh`): each straight piece is two cross-sections
/// of the line, each a pair of full-colour vertices either side of the centre (the feather's
/// clear vertices beside them are left out).
fn mesh_segments(mesh: &Mesh, out: &mut Vec<Segment>) {
    let core: Vec<_> = mesh.vertices.iter().filter(|v| v.color.a() > 0).collect();
    assert_eq!(core.len() % 4, 0, "a link strip is two cross-sections of two vertices a piece");
    for q in core.chunks(4) {
        assert!(q.iter().all(|v| v.color == q[0].color), "one colour along a piece");
        out.push(Segment {
            a: q[0].pos.lerp(q[1].pos, 0.5),
            b: q[2].pos.lerp(q[3].pos, 0.5),
            core: (q[0].pos - q[1].pos).length(),
            colour: q[0].color,
        });
    }
}

fn collect(shape: Shape, out: &mut Canvas) {
    match shape {
        Shape::Vec(shapes) => shapes.into_iter().for_each(|s| collect(s, out)),
        Shape::Circle(c) => out.circles.push(c),
        Shape::Path(p) => out.paths.push(p),
        Shape::Mesh(m) => mesh_segments(&m, &mut out.segments),
        Shape::Text(t) => out.texts.push(t),
        // Label halos and leader lines.
        Shape::Rect(_) | Shape::LineSegment { .. } | Shape::Noop => {}
        other => panic!("the canvas painted an unexpected shape: {other:?}"),
    }
}

/// The scene painted by the canvas with the figure's transform: map point `p` on screen at
/// `p + translate`.
fn paint_canvas(scene: &Scene, translate: [f32; 2], size: [f32; 2]) -> Canvas {
    paint_canvas_at(scene, translate, size, 1.0)
}

/// The scene painted by the canvas at `zoom`, with map point (0, 0) at `translate` on screen.
fn paint_canvas_at(scene: &Scene, translate: [f32; 2], size: [f32; 2], zoom: f32) -> Canvas {
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(size[0], size[1]));
    let mut view = ViewState { canvas_rect: screen, zoom, ..ViewState::default() };
    let c = screen.center();
    view.center = [(c.x - translate[0]) / zoom, (c.y - translate[1]) / zoom];
    assert!(close(view.screen_from_map([0.0, 0.0]), pos2(translate[0], translate[1])));
    let ctx = egui::Context::default();
    patchwork::ui::theme::install_fonts(&ctx);
    let input = || egui::RawInput { screen_rect: Some(screen), ..egui::RawInput::default() };
    // Fonts are loaded in the first frame.
    ctx.run_ui(input(), |_| {}).textures_delta.clear();
    let mut output = ctx.run_ui(input(), |ui| {
        let painter = egui::Painter::new(ui.ctx().clone(), egui::LayerId::background(), screen);
        let _ = patchwork::ui::canvas::paint_scene_placed(&painter, scene, &view, &SceneTheme::LIGHT);
    });
    output.textures_delta.clear();
    assert!((output.pixels_per_point - 1.0).abs() < f32::EPSILON, "one pixel per point: a one-pixel feather");
    let mut canvas = Canvas::default();
    for clipped in output.shapes {
        collect(clipped.shape, &mut canvas);
    }
    canvas
}

fn stroke_colour(p: &PathShape) -> Color32 {
    match p.stroke.color {
        ColorMode::Solid(c) => c,
        ColorMode::UV(_) => panic!("a marker outline in one colour"),
    }
}

/// Takes the first item matching `pred` out of `items`.
fn take<T>(items: &mut Vec<T>, pred: impl Fn(&T) -> bool) -> Option<T> {
    items.iter().position(pred).map(|i| items.remove(i))
}

// ---- The comparison -------------------------------------------------------------------------

fn example() -> (Scene, patchwork::export::svg::Figure) {
    let map = patchwork::example_map().expect("the bundled example loads");
    let scene = scene::build(&map, &SceneOptions::default());
    let figure = figure_svg(&scene, &SceneTheme::LIGHT, &FigureOptions::default());
    (scene, figure)
}

#[test]
fn every_marker_is_where_the_figure_puts_it_at_its_size_and_colour() {
    let (scene, figure) = example();
    let svg = parse_svg(&figure.svg);
    assert_eq!(svg.markers.len(), scene.nodes.len(), "a marker element per organisation");
    let mut canvas = paint_canvas(&scene, svg.translate, [figure.width, figure.height]);
    for (m, node) in svg.markers.iter().zip(&scene.nodes) {
        let what = format!("{} ({:?})", node.label, node.shape);
        if let Some((centre, r)) = m.circle {
            let c = take(&mut canvas.circles, |c| close(c.center, centre) && c.fill == m.fill)
                .unwrap_or_else(|| panic!("{what}: no circle of {:?} at {centre:?} on the canvas", m.fill));
            assert!(near(c.radius, r), "{what}: radius {} on the canvas, {r} in the figure", c.radius);
            assert_eq!(c.stroke.color, m.stroke, "{what}: outline colour");
            assert!(near(c.stroke.width, m.stroke_width), "{what}: outline width");
            continue;
        }
        // A polygon: its outline (a closed line), and the filled parts within it.
        let outline = take(&mut canvas.paths, |p| {
            p.closed
                && p.fill == Color32::TRANSPARENT
                && p.points.len() == m.points.len()
                && p.points.iter().zip(&m.points).all(|(a, b)| close(*a, *b))
        })
        .unwrap_or_else(|| panic!("{what}: no outline on the canvas with the figure's points {:?}", m.points));
        assert_eq!(stroke_colour(&outline), m.stroke, "{what}: outline colour");
        assert!(near(outline.stroke.width, m.stroke_width), "{what}: outline width");
        let bounds = Rect::from_points(&m.points).expand(TOLERANCE);
        let mut parts = 0;
        while let Some(part) =
            take(&mut canvas.paths, |p| p.closed && p.fill == m.fill && p.points.iter().all(|q| bounds.contains(*q)))
        {
            assert!(part.stroke.is_empty(), "{what}: filled parts have no outline of their own");
            parts += 1;
        }
        assert!(parts > 0, "{what}: no fill of {:?} inside its outline on the canvas", m.fill);
    }
    // What is left are the pins of pinned organisations: an editing state, on the canvas only.
    let pinned: Vec<_> = scene.nodes.iter().filter(|n| n.pinned).collect();
    assert_eq!(canvas.circles.len(), pinned.len(), "circles on the canvas beside the markers: {:?}", canvas.circles);
    for (pin, node) in canvas.circles.iter().zip(pinned) {
        let centre = pos2(node.center[0] + svg.translate[0], node.center[1] + svg.translate[1]);
        assert!((pin.center - centre).length() < 1.3 * node.radius, "{}: a pin on its marker", node.label);
    }
}

#[test]
fn every_link_runs_between_the_same_points_in_the_same_width_and_colour() {
    let (scene, figure) = example();
    let svg = parse_svg(&figure.svg);
    assert_eq!(svg.links.len(), scene.edges.len(), "a line element per link");
    let canvas = paint_canvas(&scene, svg.translate, [figure.width, figure.height]);
    // Bent solid lines are egui paths; every other line is a strip in a line mesh.
    let mut drawn = canvas.segments.clone();
    for p in canvas.paths.iter().filter(|p| !p.closed) {
        for w in p.points.windows(2) {
            drawn.push(Segment { a: w[0], b: w[1], core: p.stroke.width - 1.0, colour: stroke_colour(p) });
        }
    }
    for link in &svg.links {
        let last = link.points.len() - 2;
        for (k, w) in link.points.windows(2).enumerate() {
            let (mut a, mut b) = (w[0], w[1]);
            // One pixel of feather either side of the core; dots are discs reaching half a dot
            // past the line's ends.
            let core = if link.dotted { CANVAS_DOT_WIDTHS * link.width } else { link.width - 1.0 };
            if link.dotted {
                let along = (b - a).normalized() * (core / 2.0);
                a -= if k == 0 { along } else { vec2(0.0, 0.0) };
                b += if k == last { along } else { vec2(0.0, 0.0) };
            }
            let seg = take(&mut drawn, |s| s.colour == link.colour && close(s.a, a) && close(s.b, b))
                .unwrap_or_else(|| panic!("no {:?} line on the canvas from {a:?} to {b:?} ({link:?})", link.colour));
            assert!(near(seg.core, core), "width {} + feather on the canvas, {} in the figure", seg.core, link.width);
        }
    }
    assert!(drawn.is_empty(), "lines on the canvas the figure does not draw: {drawn:?}");
    // Arrowheads: the same triangles in the same colours.
    let mut fills: Vec<&PathShape> = canvas.paths.iter().filter(|p| p.closed && p.points.len() == 3).collect();
    assert!(!svg.arrows.is_empty());
    for arrow in &svg.arrows {
        take(&mut fills, |p| p.fill == arrow.colour && p.points.iter().zip(&arrow.points).all(|(a, b)| close(*a, *b)))
            .unwrap_or_else(|| panic!("no arrowhead on the canvas for {arrow:?}"));
    }
}

#[test]
fn every_label_shows_the_same_text_at_the_same_size_colour_and_place() {
    let (scene, figure) = example();
    let svg = parse_svg(&figure.svg);
    let mut canvas = paint_canvas(&scene, svg.translate, [figure.width, figure.height]);
    // The figure's label lines, in the scene's order: each organisation's lines, top to bottom.
    let mut lines = svg.labels.iter();
    let mut placed = 0;
    for node in &scene.nodes {
        let Some(label) = &node.placed else { continue };
        placed += 1;
        for text in &node.label_lines {
            let line = lines.next().unwrap_or_else(|| panic!("{text:?} is not in the figure"));
            assert_eq!(&line.text, text, "the figure's lines in the scene's order");
            let top_left = line.baseline_left - vec2(0.0, patchwork::fonts::ascent(line.size));
            let t = take(&mut canvas.texts, |t| t.galley.text() == line.text && (t.pos.y - top_left.y).abs() < 0.5)
                .unwrap_or_else(|| panic!("the label line {text:?} is not on the canvas at y = {}", top_left.y));
            let format = &t.galley.job.sections[0].format;
            assert!(near(format.font_id.size, line.size), "{text:?}: size {} vs {}", format.font_id.size, line.size);
            assert_eq!(format.color, line.colour, "{text:?}: colour");
            // A centred or right-aligned line is placed by its width, which egui measures with
            // kerning and the figure without (`fonts::text_width`): compare the point the line
            // is aligned on.
            let anchor = |x: f32, width: f32| x + width * label.align;
            let on_canvas = anchor(t.pos.x, t.galley.size().x);
            let in_figure = anchor(line.baseline_left.x, patchwork::fonts::text_width(text, line.size, false));
            assert!(
                (on_canvas - in_figure).abs() < 0.5,
                "{text:?}: aligned at x = {on_canvas} on the canvas, {in_figure} in the figure"
            );
        }
    }
    assert_eq!(placed, scene.nodes.len(), "every organisation of the example is labelled");
    assert!(lines.next().is_none(), "every line of the figure is an organisation's");
    assert!(canvas.texts.is_empty(), "text on the canvas the figure does not show: {:?}", canvas.texts);
}

/// Zoomed far out (the whole example in an 800×500 window), markers keep the canvas's smallest
/// size, so their shapes, the second cue beside colour, can still be told apart; the figure,
/// drawn at its own scale, is not affected.
#[test]
fn zoomed_out_markers_keep_a_size_their_shapes_show_at() {
    let (scene, figure) = example();
    let svg = parse_svg(&figure.svg);
    let zoom = 0.1;
    let canvas = paint_canvas_at(&scene, [svg.translate[0] * zoom, svg.translate[1] * zoom], [800.0, 500.0], zoom);
    let floor = scene::style::MIN_MARKER_PX;
    let circles: Vec<_> = canvas.circles.iter().filter(|c| c.fill != Color32::TRANSPARENT && c.radius > 2.0).collect();
    assert!(!circles.is_empty(), "circle markers are drawn as circles, not squares");
    for c in circles {
        assert!(c.radius >= floor - TOLERANCE, "a circle marker of radius {} under {floor}", c.radius);
    }
    let outlines: Vec<_> = canvas.paths.iter().filter(|p| p.closed && p.fill == Color32::TRANSPARENT).collect();
    assert!(!outlines.is_empty(), "polygon markers are drawn with their outlines");
    for p in outlines {
        let size = Rect::from_points(&p.points).size();
        assert!(size.max_elem() >= 2.0 * floor * 0.8, "a marker outline only {size:?} across at zoom {zoom}");
    }
}
