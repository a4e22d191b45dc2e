//! The map as one self-contained web page: open it from disk in any browser, with no network.
//!
//! The page holds the same SVG figure the SVG/PNG/PDF exports write (drawn from the scene), the
//! bundled font as a `data:` URL, the map's data as JSON, and a small script of our own
//! (`assets/web/`) for pan and zoom, details, search, legend toggles, saved views as steps and
//! focus. A Content-Security-Policy forbids every request: the page can fetch, load and connect to
//! nothing, and only our script (named by its SHA-256 hash) runs.
//!
//! Contract: the map given is written as it is, so a redacted map (`--redact`) writes nothing
//! that redaction drops; the same map and options give the same bytes; the page names
//! [`crate::CREATOR`]. The SVG's organisation group has one element per scene node, in scene
//! order; its labels group holds, node by node in scene order, the elements of each placed
//! label ([`label_elements`] of them: a leader line if any, a `rect`, and a `text` per line or
//! one faded group); its links group a `path` per
//! scene edge (the figure's polyline), each followed by its arrowhead polygon if it has one. The
//! script relies on this (checked by this module's tests).

use super::svg::{FigureOptions, figure_svg};
use super::{ExportError, ExportOptions};
use crate::model::{FieldValue, Filter, Map, TypeId};
use crate::scene::{self, Scene, SceneOptions};
use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt::Write;

/// The page's script (pan, zoom, details, search, legend, steps, focus).
const SCRIPT: &str = include_str!("../../assets/web/patchwork.js");
/// The page's style sheet.
const STYLE: &str = include_str!("../../assets/web/patchwork.css");

/// How many elements the SVG's labels group holds for a node's label, in the order the figure
/// writes them: a leader line when the label sits away from its marker, the backing `rect`,
/// then a `text` per line (or one group around them when the node is faded); none when the
/// label was left out.
fn label_elements(n: &scene::NodeItem) -> usize {
    n.placed
        .map_or(0, |placed| usize::from(placed.leader.is_some()) + 1 + if n.faded { 1 } else { n.label_lines.len() })
}

/// The map as one HTML page (see the module doc). Fails only when `options.view` names no view.
pub fn web_page(map: &Map, options: &ExportOptions) -> Result<String, ExportError> {
    let start = match options.view.as_deref() {
        None => 0,
        Some(name) => {
            let found = map
                .views
                .iter()
                .position(|v| v.name == name)
                .or_else(|| map.views.iter().position(|v| v.name.eq_ignore_ascii_case(name)));
            match found {
                Some(i) => i + 1,
                None => {
                    let names = map.views.iter().map(|v| format!("'{}'", v.name)).collect::<Vec<_>>().join(", ");
                    return Err(ExportError::NoSuchView(name.to_owned(), names));
                }
            }
        }
    };
    // The whole map: views are applied in the browser, so every step can show what it needs.
    let scene = scene::build(map, &SceneOptions { theme: options.theme, ..SceneOptions::default() });
    let figure = figure_svg(
        &scene,
        &options.theme,
        &FigureOptions { title: None, caption: None, legend: false, transparent: false },
    );
    // Links and labels are drawn to whole map units on big maps (half a unit off at most: under
    // a pixel until zoomed in twofold): their coordinates are most of a big page.
    let big = scene.edges.len() > BIG_LINKS;
    let (svg, looks) = looks_as_classes(&figure.svg, usize::from(!big));
    let data = page_data(map, &scene, options, start);
    // `<` never appears raw in the JSON, so no `</script>` can end the data block early.
    let data = serde_json::to_string(&data).unwrap_or_default().replace('<', "\\u003c");
    let font = format!(
        "@font-face{{font-family:\"{}\";src:url(data:font/ttf;base64,{}) format(\"truetype\");}}",
        crate::fonts::FAMILY,
        base64::engine::general_purpose::STANDARD.encode(crate::fonts::REGULAR)
    );
    let csp = format!(
        "default-src 'none'; script-src '{}'; style-src '{}' '{}' '{}'; img-src data:; font-src data:; \
         connect-src 'none'; base-uri 'none'; form-action 'none'",
        hash(SCRIPT),
        hash(&font),
        hash(&looks),
        hash(STYLE)
    );
    let title = if map.meta.title.trim().is_empty() { "Patchwork map" } else { map.meta.title.as_str() };
    let mut out = String::with_capacity(svg.len() + data.len() + font.len() + 64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{creator}\">\n<title>{title}</title>\n\
         <style>{font}</style>\n<style>{looks}</style>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        creator = crate::CREATOR,
        title = escape(title),
    );
    let _ = write!(out, "{}", body_top(title));
    out.push_str("<div id=\"pw-stage\" tabindex=\"0\" role=\"application\" aria-label=\"Map. Drag or use the arrow keys to move, + and − to zoom, Tab to go through the organisations.\">\n");
    out.push_str(&svg);
    out.push_str("</div>\n");
    out.push_str(BODY_BOTTOM);
    let _ =
        write!(out, "<script type=\"application/json\" id=\"pw-data\">{data}</script>\n<script>{SCRIPT}</script>\n");
    let _ = writeln!(out, "<!-- Written by {} -->\n</body>\n</html>", crate::CREATOR);
    Ok(out)
}

/// Presentation attributes that [`looks_as_classes`] moves into classes, and whether a bare
/// number needs `px` in CSS.
const LOOKS: [(&str, bool); 12] = [
    ("fill", false),
    ("stroke", false),
    ("stroke-width", true),
    ("stroke-linejoin", false),
    ("stroke-linecap", false),
    ("stroke-dasharray", false),
    ("fill-opacity", false),
    ("stroke-opacity", false),
    ("opacity", false),
    ("font-family", false),
    ("font-size", true),
    ("font-weight", false),
];

/// The figure's SVG with each element's look (fill, stroke, font, …) moved from its attributes
/// into a class, and the style sheet of those classes. A big map's tens of thousands of links
/// share a handful of looks, so this more than halves the page; the picture is the same.
/// Coordinates are written with one decimal (a tenth of a map unit: under a pixel until zoomed in
/// tenfold), and those of links and labels with `link_decimals`.
fn looks_as_classes(svg: &str, link_decimals: usize) -> (String, String) {
    let mut out = String::with_capacity(svg.len());
    let mut classes: HashMap<String, usize> = HashMap::new();
    let mut css = String::new();
    let mut decimals = 1;
    for line in svg.split_inclusive('\n') {
        if line.starts_with("<g id=\"links\">") || line.starts_with("<g id=\"labels\">") {
            decimals = link_decimals;
        } else if line.starts_with("<g id=\"organisations\">") || line.starts_with("<g id=\"notes\">") {
            decimals = 1;
        }
        let Some((tag, rest)) = split_start_tag(line) else {
            out.push_str(line);
            continue;
        };
        let Some(attrs) = parse_attributes(tag) else {
            out.push_str(line);
            continue;
        };
        let element = tag.split_once(' ').map_or(tag.trim_end_matches('/'), |(e, _)| e);
        // A polyline is written as the path it is (`M` then its points: the same line), shorter.
        let as_path = element == "polyline";
        let mut kept = String::new();
        let mut look = String::new();
        for (name, value) in attrs {
            let moved = LOOKS.iter().find(|(n, _)| *n == name);
            match moved {
                Some(&(_, px)) if value.chars().all(|c| c.is_ascii_alphanumeric() || " #.,%-".contains(c)) => {
                    let unit = if px && value.parse::<f32>().is_ok() { "px" } else { "" };
                    let value = if name == "font-family" { format!("\"{value}\"") } else { format!("{value}{unit}") };
                    let _ = write!(look, "{name}:{value};");
                }
                _ if as_path && name == "points" => {
                    let _ = write!(kept, " d=\"M{}\"", round_numbers(value, decimals));
                }
                _ if GEOMETRY.contains(&name) => {
                    let _ = write!(kept, " {name}=\"{}\"", round_numbers(value, decimals));
                }
                _ => {
                    let _ = write!(kept, " {name}=\"{value}\"");
                }
            }
        }
        let self_closing = tag.ends_with('/');
        out.push('<');
        out.push_str(if as_path { "path" } else { element });
        out.push_str(&kept);
        if !look.is_empty() {
            let next = classes.len();
            let n = *classes.entry(look.clone()).or_insert_with(|| {
                let _ = writeln!(css, ".c{next}{{{}}}", look.trim_end_matches(';'));
                next
            });
            let _ = write!(out, " class=\"c{n}\"");
        }
        out.push_str(if self_closing { "/>" } else { ">" });
        out.push_str(rest);
    }
    (out, css)
}

/// Links in a scene past which their coordinates are written as whole map units.
const BIG_LINKS: usize = 10_000;

/// Attributes holding coordinates, which [`looks_as_classes`] rounds.
const GEOMETRY: [&str; 12] = ["points", "cx", "cy", "r", "x", "y", "width", "height", "x1", "y1", "x2", "y2"];

/// Numbers in `x,y x,y` (or one number) with at most `decimals` decimals, trailing zeros trimmed.
fn round_numbers(value: &str, decimals: usize) -> String {
    let mut out = String::with_capacity(value.len());
    let mut number = String::new();
    let flush = |number: &mut String, out: &mut String| {
        if number.is_empty() {
            return;
        }
        match number.parse::<f64>() {
            Ok(v) => {
                let s = format!("{v:.decimals$}");
                let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { s.as_str() };
                out.push_str(if s == "-0" { "0" } else { s });
            }
            Err(_) => out.push_str(number),
        }
        number.clear();
    };
    for c in value.chars() {
        if c == ',' || c == ' ' {
            flush(&mut number, &mut out);
            out.push(c);
        } else {
            number.push(c);
        }
    }
    flush(&mut number, &mut out);
    out
}

/// A line that starts with a start tag: the tag's text (without `<` and `>`) and what follows.
fn split_start_tag(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_prefix('<')?;
    if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // Attribute values are escaped, so the first `>` ends the tag.
    let end = body.find('>')?;
    Some((&body[..end], &body[end + 1..]))
}

/// `name="value"` pairs of a start tag's text (after its element name); `None` if it has any
/// other form, so the caller leaves it as it is.
fn parse_attributes(tag: &str) -> Option<Vec<(&str, &str)>> {
    let tag = tag.strip_suffix('/').unwrap_or(tag);
    let mut rest = tag.split_once(' ').map_or("", |(_, r)| r).trim_start();
    let mut attrs = Vec::new();
    while !rest.is_empty() {
        let (name, after) = rest.split_once("=\"")?;
        let (value, after) = after.split_once('"')?;
        if name.contains(char::is_whitespace) {
            return None;
        }
        attrs.push((name, value));
        rest = after.trim_start();
    }
    Some(attrs)
}

/// `'sha256-…'` of a script or style element's text, as CSP wants it.
fn hash(text: &str) -> String {
    format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// Escapes text for HTML content and attributes.
fn escape(s: &str) -> String {
    super::xml::escape(s)
}

/// The header: title, search, and the buttons that open the panels.
fn body_top(title: &str) -> String {
    format!(
        "<header id=\"pw-header\">\n<h1 id=\"pw-title\">{}</h1>\n\
         <div id=\"pw-tools\">\n<label class=\"pw-hide\" for=\"pw-search\">Find an organisation</label>\n\
         <input id=\"pw-search\" type=\"search\" placeholder=\"Find an organisation\" autocomplete=\"off\" \
         aria-controls=\"pw-results\">\n\
         <button id=\"pw-zoom-in\" type=\"button\" aria-label=\"Zoom in\">+</button>\
         <button id=\"pw-zoom-out\" type=\"button\" aria-label=\"Zoom out\">−</button>\
         <button id=\"pw-fit\" type=\"button\">Fit</button>\
         <button id=\"pw-panel-btn\" type=\"button\" aria-controls=\"pw-side\" aria-expanded=\"true\">Legend</button>\
         <button id=\"pw-about-btn\" type=\"button\" aria-controls=\"pw-about\">About this map</button>\n</div>\n\
         <ul id=\"pw-results\" role=\"listbox\" aria-label=\"Search results\" hidden></ul>\n</header>\n<main id=\"pw-main\">\n",
        escape(title)
    )
}

/// Everything after the map: side panel, steps bar, about dialog (filled by the script).
const BODY_BOTTOM: &str = "<aside id=\"pw-side\" aria-label=\"Details and legend\">\n\
<section id=\"pw-details\" aria-live=\"polite\"><p class=\"pw-hint\">Point at, tap or Tab to an organisation to see its details.</p></section>\n\
<section id=\"pw-legend\" aria-label=\"Legend\"></section>\n</aside>\n</main>\n\
<footer id=\"pw-footer\">\n<div id=\"pw-steps\" aria-label=\"Saved views\">\
<button id=\"pw-prev\" type=\"button\" aria-label=\"Previous view\">◀</button>\
<div id=\"pw-step\" aria-live=\"polite\"><strong id=\"pw-step-name\"></strong> <span id=\"pw-step-caption\"></span></div>\
<button id=\"pw-next\" type=\"button\" aria-label=\"Next view\">▶</button></div>\n\
<div id=\"pw-status\"><span id=\"pw-count\"></span> <span id=\"pw-focus-note\"></span></div>\n</footer>\n\
<div id=\"pw-about\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"pw-about-title\" hidden>\
<div id=\"pw-about-box\"><button id=\"pw-about-close\" type=\"button\" aria-label=\"Close\">×</button>\
<div id=\"pw-about-body\"></div></div></div>\n";

/// A colour as `#rrggbb`.
fn colour(c: crate::model::Colour) -> String {
    c.to_hex()
}

/// Indices of `ids` in `list` (by id), or null for "no restriction".
fn type_indices(ids: &[TypeId], index: &HashMap<&TypeId, usize>) -> Value {
    if ids.is_empty() {
        return Value::Null;
    }
    Value::from(ids.iter().filter_map(|id| index.get(id).copied()).collect::<Vec<_>>())
}

/// A bitmap of the scene's nodes a filter lets through, base64 (bit i of byte i/8: node i).
fn shown_bitmap(map: &Map, scene: &Scene, filter: &Filter) -> String {
    let mut bits = vec![0u8; scene.nodes.len().div_ceil(8)];
    for (i, n) in scene.nodes.iter().enumerate() {
        if map.org(&n.id).is_some_and(|o| scene::org_passes(filter, o)) {
            bits[i / 8] |= 1 << (i % 8);
        }
    }
    base64::engine::general_purpose::STANDARD.encode(bits)
}

/// Field values as `(field index, text)` pairs, each written once: organisations and links
/// refer to them by index (a big map repeats a few hundred values tens of thousands of times).
#[derive(Default)]
struct Values {
    index: HashMap<(usize, String), usize>,
    list: Vec<Value>,
}

impl Values {
    /// Indices of an item's values, in field order.
    fn refs(
        &mut self,
        values: &crate::model::FieldValues,
        fields: &HashMap<&crate::model::FieldId, usize>,
    ) -> Vec<usize> {
        let mut pairs: Vec<(usize, String)> = values
            .iter()
            .filter_map(|(id, v)| {
                let text = match v {
                    FieldValue::List(items) => items.join(", "),
                    other => other.display(),
                };
                (!text.is_empty()).then(|| fields.get(id).map(|&i| (i, text))).flatten()
            })
            .collect();
        pairs.sort();
        pairs
            .into_iter()
            .map(|pair| {
                let next = self.list.len();
                *self.index.entry(pair.clone()).or_insert_with(|| {
                    self.list.push(json!([pair.0, pair.1]));
                    next
                })
            })
            .collect()
    }
}

/// The data the script reads: organisations and links in scene order, typology, views.
fn page_data(map: &Map, scene: &Scene, options: &ExportOptions, start: usize) -> Value {
    let t = map.typology();
    let org_index: HashMap<&TypeId, usize> = t.org_types.iter().enumerate().map(|(i, ty)| (&ty.id, i)).collect();
    let link_index: HashMap<&TypeId, usize> = t.link_types.iter().enumerate().map(|(i, ty)| (&ty.id, i)).collect();
    let field_index: HashMap<_, usize> = t.fields.iter().enumerate().map(|(i, f)| (&f.id, i)).collect();
    let node_index: HashMap<_, usize> = scene.nodes.iter().enumerate().map(|(i, n)| (&n.id, i)).collect();
    let mut values = Values::default();
    let orgs: Vec<Value> = scene
        .nodes
        .iter()
        .map(|n| {
            let centre = [Value::from(round(n.center[0])), Value::from(round(n.center[1]))];
            let Some(o) = map.org(&n.id) else { return json!([n.label, -1, centre[0], centre[1]]) };
            let ty = org_index.get(&o.org_type).map_or(-1, |&i| i64::try_from(i).unwrap_or(-1));
            let [x, y] = centre;
            let mut row = vec![Value::from(o.name.as_str()), Value::from(ty), x, y];
            let fields = values.refs(&o.fields, &field_index);
            // Trailing empty columns are left out.
            if !fields.is_empty() || !o.tags.is_empty() || !o.notes.is_empty() {
                row.push(Value::from(fields));
            }
            if !o.tags.is_empty() || !o.notes.is_empty() {
                row.push(Value::from(o.tags.clone()));
            }
            if !o.notes.is_empty() {
                row.push(Value::from(o.notes.as_str()));
            }
            Value::from(row)
        })
        .collect();
    let label_parts: Vec<usize> = scene.nodes.iter().map(label_elements).collect();
    let graph = map.graph();
    let links: Vec<Value> = scene
        .edges
        .iter()
        .map(|e| {
            let from = node_index.get(&e.from).copied().unwrap_or(0);
            let to = node_index.get(&e.to).copied().unwrap_or(0);
            let Some(link) = map.edge_index(&e.id).and_then(|ix| graph.edge_weight(ix)) else {
                return json!([from, to, -1]);
            };
            let ty = link_index.get(&link.link_type).map_or(-1, |&i| i64::try_from(i).unwrap_or(-1));
            let fields = values.refs(&link.fields, &field_index);
            if link.notes.is_empty() && fields.is_empty() {
                json!([from, to, ty])
            } else {
                json!([from, to, ty, fields, link.notes])
            }
        })
        .collect();
    let views: Vec<Value> = map
        .views
        .iter()
        .map(|v| {
            let f = &v.filter;
            let extra = !f.tags.is_empty() || !f.fields.is_empty() || f.hide_sensitive || !f.changed_by.is_empty();
            json!({
                "name": v.name,
                "caption": v.caption,
                "orgTypes": type_indices(&f.org_types, &org_index),
                "linkTypes": type_indices(&f.link_types, &link_index),
                "shown": if extra { Value::from(shown_bitmap(map, scene, f)) } else { Value::Null },
                "viewport": v.viewport.map_or(Value::Null, |vp| json!([round(vp.center[0]), round(vp.center[1]), vp.zoom])),
            })
        })
        .collect();
    let counts = |id: &TypeId| scene.legend_org_types.iter().find(|l| &l.id == id).map_or(0, |l| l.count);
    let link_counts = |id: &TypeId| scene.legend_link_types.iter().find(|l| &l.id == id).map_or(0, |l| l.count);
    json!({
        "creator": crate::CREATOR,
        "title": map.meta.title,
        "description": map.meta.description,
        "caption": options.caption.clone().unwrap_or_default(),
        "redacted": options.redact,
        "labelSize": scene.nodes.first().map_or(scene::DEFAULT_LABEL_SIZE, |n| n.label_size),
        "minLabelPx": scene::MIN_LABEL_PX,
        "start": start,
        "orgTypes": t.org_types.iter().map(|ty| json!({
            "name": ty.name, "definition": ty.definition, "colour": colour(ty.colour),
            "swatch": swatch(ty.shape), "count": counts(&ty.id),
        })).collect::<Vec<_>>(),
        "linkTypes": t.link_types.iter().map(|ty| json!({
            "name": ty.name, "definition": ty.definition, "colour": colour(ty.colour),
            "dash": ty.style.dashes().iter().map(|d| super::xml::num(d * 2.0)).collect::<Vec<_>>().join(" "),
            "directed": ty.directed, "count": link_counts(&ty.id),
        })).collect::<Vec<_>>(),
        "fields": t.fields.iter().map(|f| json!({
            "name": f.name, "description": f.description,
            "appliesTo": format!("{:?}", f.applies_to).to_lowercase(), "options": f.options,
        })).collect::<Vec<_>>(),
        "values": values.list,
        "orgs": orgs,
        "labelParts": label_parts,
        "links": links,
        "views": views,
    })
}

/// The outline of a legend marker in a 16 × 16 box: `x,y x,y …`, or null for a circle.
fn swatch(shape: crate::model::Shape) -> Value {
    if shape == crate::model::Shape::Circle {
        return Value::Null;
    }
    let points = scene::shape_outline(shape, [8.0, 8.0], 6.5);
    Value::from(
        points
            .iter()
            .map(|p| format!("{},{}", super::xml::num(p[0]), super::xml::num(p[1])))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// A coordinate to one decimal, as in the page's SVG.
fn round(v: f32) -> f64 {
    (f64::from(v) * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group<'a>(svg: &'a str, id: &str) -> &'a str {
        let open = format!("<g id=\"{id}\">\n");
        let start = svg.find(&open).map(|i| i + open.len()).unwrap();
        let end = svg[start..].find("</g>\n").unwrap() + start;
        &svg[start..end]
    }

    #[test]
    fn the_svg_has_the_shape_the_script_relies_on() {
        let map = crate::example_map().unwrap();
        let page = web_page(&map, &ExportOptions::default()).unwrap();
        let scene = scene::build(&map, &SceneOptions::default());
        assert_eq!(group(&page, "organisations").lines().count(), scene.nodes.len());
        let placed = scene.nodes.iter().filter(|n| n.placed.is_some()).count();
        let lines: usize = scene.nodes.iter().filter(|n| n.placed.is_some()).map(|n| n.label_lines.len()).sum();
        let labels = group(&page, "labels");
        assert_eq!(labels.lines().filter(|l| l.starts_with("<rect")).count(), placed);
        assert_eq!(labels.lines().filter(|l| l.starts_with("<text")).count(), lines);
        let elements: usize = scene.nodes.iter().map(label_elements).sum();
        assert_eq!(labels.lines().filter(|l| l.starts_with('<') && !l.starts_with("</")).count(), elements);
        let links = group(&page, "links");
        assert_eq!(links.lines().filter(|l| l.starts_with("<path d=\"M")).count(), scene.edges.len());
    }

    #[test]
    fn the_policy_names_the_script_and_styles_by_hash_and_allows_no_requests() {
        let map = crate::example_map().unwrap();
        let page = web_page(&map, &ExportOptions::default()).unwrap();
        assert!(page.contains(&hash(SCRIPT)) && page.contains(&hash(STYLE)));
        assert!(page.contains("default-src 'none'"));
        assert!(!page.contains("unsafe-inline"));
        assert!(page.contains(crate::CREATOR));
        let urls = page.matches("http://").count() + page.matches("https://").count();
        assert_eq!(urls, page.matches("http://www.w3.org/2000/svg").count(), "no URL but the SVG namespace");
        assert_eq!(page, web_page(&map, &ExportOptions::default()).unwrap(), "same map, same bytes");
    }

    #[test]
    fn names_cannot_end_the_data_block_or_the_title() {
        let mut map = crate::example_map().unwrap();
        map.meta.title = "</title><script>alert(1)</script>".into();
        let mut org = map.org(&crate::model::OrgId::new("o1")).unwrap().clone();
        org.name = "</script><script>alert(2)</script>".into();
        map.replace_organisation(org).unwrap();
        let page = web_page(&map, &ExportOptions::default()).unwrap();
        assert_eq!(page.matches("<script").count(), 2, "the data block and our script only");
        assert!(!page.contains("alert(1)</script>") && !page.contains("alert(2)</script>"));
    }

    #[test]
    fn a_chosen_view_is_the_first_step() {
        let map = crate::example_map().unwrap();
        let name = map.views[2].name.to_uppercase();
        let page = web_page(&map, &ExportOptions { view: Some(name), ..ExportOptions::default() }).unwrap();
        assert!(page.contains("\"start\":3,"), "step 0 is the whole map, then the views");
    }

    #[test]
    fn an_unknown_view_is_an_error() {
        let map = crate::example_map().unwrap();
        let options = ExportOptions { view: Some("No such view".into()), ..ExportOptions::default() };
        assert!(matches!(web_page(&map, &options), Err(ExportError::NoSuchView(..))));
    }
}
