//! Label placement as a reader sees it: the text boxes in exported SVG figures are measured with
//! the same font metrics the scene uses, and no two labels may overlap, nor a label cover a
//! marker — for the example in every layout and every saved view, and for big generated maps.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use patchwork::edit::apply;
use patchwork::export::{ExportOptions, figure};
use patchwork::layout::{Algorithm, ForceParams, run};
use patchwork::model::Map;
use patchwork::scene::labels;

type Box2 = ([f32; 2], [f32; 2]);

/// The value of attribute `name` in one SVG element's text.
fn attr(element: &str, name: &str) -> Option<f32> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let end = start + element[start..].find('"')?;
    element[start..end].parse().ok()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The part of `svg` inside `<g id="ID">` (groups there are not nested in another group of it).
fn group<'a>(svg: &'a str, id: &str) -> &'a str {
    let open = format!("<g id=\"{id}\">");
    let Some(start) = svg.find(&open) else { return "" };
    let body = &svg[start + open.len()..];
    // Labels may sit in <g opacity> wrappers: the group ends at the first close at depth 0.
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(i) = body[at..].find('<') {
        let tag = &body[at + i..];
        if tag.starts_with("</g>") {
            if depth == 0 {
                return &body[..at + i];
            }
            depth -= 1;
        } else if tag.starts_with("<g") {
            depth += 1;
        }
        at += i + 1;
    }
    body
}

/// The text boxes of the organisations' labels: one per `<text>` line.
fn label_boxes(svg: &str) -> Vec<Box2> {
    let labels = group(svg, "labels");
    labels
        .split("<text ")
        .skip(1)
        .map(|t| {
            let t = &format!(" {t}");
            let (x, y, size) = (attr(t, "x").unwrap(), attr(t, "y").unwrap(), attr(t, "font-size").unwrap());
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            let w = labels::text_width(&unescape(body), size);
            let top = y - patchwork::fonts::ascent(size);
            ([x, top], [x + w, top + labels::line_height(size)])
        })
        .collect()
}

/// The boxes of the organisations' markers (circles and polygons).
fn marker_boxes(svg: &str) -> Vec<Box2> {
    let orgs = group(svg, "organisations");
    let mut out = Vec::new();
    for el in orgs.split('<').skip(1) {
        let el = &format!(" {el}");
        if el.starts_with(" circle ") {
            let (cx, cy, r) = (attr(el, "cx").unwrap(), attr(el, "cy").unwrap(), attr(el, "r").unwrap());
            out.push(([cx - r, cy - r], [cx + r, cy + r]));
        } else if el.starts_with(" polygon ") {
            let start = el.find("points=\"").unwrap() + 8;
            let pts: Vec<f32> = el[start..start + el[start..].find('"').unwrap()]
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            let (xs, ys): (Vec<f32>, Vec<f32>) = pts.chunks(2).map(|p| (p[0], p[1])).unzip();
            let min = [xs.iter().copied().fold(f32::MAX, f32::min), ys.iter().copied().fold(f32::MAX, f32::min)];
            let max = [xs.iter().copied().fold(f32::MIN, f32::max), ys.iter().copied().fold(f32::MIN, f32::max)];
            out.push((min, max));
        }
    }
    out
}

/// Overlap by more than rounding (SVG numbers are written to two decimals).
fn overlap(a: Box2, b: Box2) -> bool {
    const EPS: f32 = 0.02;
    a.0[0] + EPS < b.1[0] && b.0[0] + EPS < a.1[0] && a.0[1] + EPS < b.1[1] && b.0[1] + EPS < a.1[1]
}

/// Pairs of overlapping label lines, and labels lying over a marker, in an SVG figure.
fn count_overlaps(svg: &str) -> (usize, usize) {
    let labels = label_boxes(svg);
    let markers = marker_boxes(svg);
    let mut pairs = 0;
    for (i, a) in labels.iter().enumerate() {
        pairs += labels[i + 1..].iter().filter(|b| overlap(*a, **b)).count();
    }
    let on_markers = labels.iter().filter(|l| markers.iter().any(|m| overlap(**l, *m))).count();
    (pairs, on_markers)
}

fn laid_out(map: &Map, algorithm: Algorithm) -> Map {
    let params = ForceParams { seed: 7, ..ForceParams::default() };
    let edit = run(map, algorithm, &params).edit(map);
    let mut laid = map.clone();
    apply(&mut laid, edit).unwrap();
    laid
}

#[test]
fn the_svg_parser_sees_an_overlap_when_there_is_one() {
    let svg = "<g id=\"organisations\">\n<circle cx=\"0\" cy=\"0\" r=\"10\"/>\n</g>\n<g id=\"labels\">\n\
        <text x=\"-5\" y=\"5\" font-size=\"13\">Over the marker</text>\n\
        <text x=\"20\" y=\"40\" font-size=\"13\">One</text>\n<g opacity=\"0.2\">\n\
        <text x=\"25\" y=\"42\" font-size=\"13\">Two</text>\n</g>\n</g>\n";
    assert_eq!(label_boxes(svg).len(), 3);
    assert_eq!(count_overlaps(svg), (1, 1));
}

/// The example and each of its views, in each layout: no overlapping labels, none on a marker,
/// and every label of the example placed as it is (the map has room for them all).
#[test]
fn the_example_in_every_layout_and_view_has_no_overlapping_labels() {
    let example = patchwork::example_map().unwrap();
    let mut maps = vec![("as shipped".to_owned(), example.clone())];
    for (alg, name, _) in Algorithm::ALL {
        maps.push((name.to_owned(), laid_out(&example, alg)));
    }
    let mut views: Vec<Option<String>> = vec![None];
    views.extend(example.views.iter().map(|v| Some(v.name.clone())));
    for (layout, map) in &maps {
        for view in &views {
            let options = ExportOptions { view: view.clone(), ..ExportOptions::default() };
            let (fig, scene) = figure(map, &options).unwrap();
            let (pairs, on_markers) = count_overlaps(&fig.svg);
            assert_eq!((pairs, on_markers), (0, 0), "{layout}, view {view:?}: overlapping pairs, labels on markers");
            assert!(!label_boxes(&fig.svg).is_empty());
            if layout == "as shipped" && view.is_none() {
                assert_eq!(scene.labels_left_out, 0, "the example as shipped has room for every label");
            }
        }
    }
}

/// Thousands of organisations: still no overlaps, with the labels that found no room left out
/// and counted.
#[test]
fn big_generated_maps_have_no_overlapping_labels() {
    for n in [5_000, 20_000] {
        let map = patchwork::generate::generate_map(n, 1);
        let (fig, scene) = figure(&map, &ExportOptions::default()).unwrap();
        let boxes = label_boxes(&fig.svg);
        assert!(boxes.len() > n / 10, "{n}: a fair share of labels placed ({})", boxes.len());
        let drawn = scene.nodes.iter().filter(|n| n.placed.is_some()).count();
        assert_eq!(drawn + scene.labels_left_out, scene.nodes.len(), "{n}: every label placed or counted");
        assert_eq!(count_overlaps_fast(&fig.svg), (0, 0), "{n}");
    }
}

/// [`count_overlaps`] with a grid, for tens of thousands of boxes.
fn count_overlaps_fast(svg: &str) -> (usize, usize) {
    use std::collections::HashMap;
    let labels = label_boxes(svg);
    let markers = marker_boxes(svg);
    let cell = 100.0;
    let key = |x: f32, y: f32| (patchwork::convert::floor_i32(x / cell), patchwork::convert::floor_i32(y / cell));
    let mut grid: HashMap<(i32, i32), Vec<(bool, usize)>> = HashMap::new();
    for (is_label, boxes) in [(true, &labels), (false, &markers)] {
        for (i, b) in boxes.iter().enumerate() {
            let (c0, r0) = key(b.0[0], b.0[1]);
            let (c1, r1) = key(b.1[0], b.1[1]);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    grid.entry((c, r)).or_default().push((is_label, i));
                }
            }
        }
    }
    let mut pairs = std::collections::HashSet::new();
    let mut on_markers = std::collections::HashSet::new();
    for items in grid.values() {
        for (a, &(la, ia)) in items.iter().enumerate() {
            for &(lb, ib) in &items[a + 1..] {
                match (la, lb) {
                    (true, true) if overlap(labels[ia], labels[ib]) => {
                        pairs.insert((ia.min(ib), ia.max(ib)));
                    }
                    (true, false) if overlap(labels[ia], markers[ib]) => {
                        on_markers.insert(ia);
                    }
                    (false, true) if overlap(labels[ib], markers[ia]) => {
                        on_markers.insert(ib);
                    }
                    _ => {}
                }
            }
        }
    }
    (pairs.len(), on_markers.len())
}

/// `patchwork export` says how many labels a figure left out, and the SVG has that many fewer.
#[test]
fn the_export_says_how_many_labels_were_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("big.json");
    let svg = dir.path().join("big.svg");
    common::patchwork().args(["generate", "--orgs", "2000", "-o"]).arg(&map).assert().success();
    let out = common::patchwork().arg("export").arg(&map).arg("-o").arg(&svg).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let line = stdout.lines().find(|l| l.contains("labels were left out")).unwrap_or_else(|| panic!("{stdout}"));
    let left_out: usize = line.split_whitespace().next().unwrap().parse().unwrap();
    assert!(left_out > 0 && left_out < 2000, "{line}");
    assert!(line.contains("of 2000"), "{line}");
    // Each label placed is one group of lines in the SVG: count label halos.
    let text = std::fs::read_to_string(&svg).unwrap();
    let halos = group(&text, "labels").matches("<rect ").count();
    assert_eq!(halos + left_out, 2000);
    assert_eq!(count_overlaps_fast(&text), (0, 0));
}
