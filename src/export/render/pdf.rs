//! The PDF file: the figure converted in pieces of a bounded number of elements (each a form
//! XObject, so the whole figure is never one SVG tree in memory), drawn on each page with the
//! page's transform and clip. Tiles share the pieces: each page only places them.

use super::{PAGE_MARGIN, PdfPlan, RenderError, fit_scale, tree};
use crate::export::svg::Figure;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use quick_xml::events::Event;
use std::collections::HashMap;
use std::ops::Range;

/// Elements in a piece (a label counts as [`TEXT_WEIGHT`]): bounds the SVG tree converted at a
/// time (text holds its laid-out glyphs).
const PIECE_WEIGHT: usize = 12_000;
const TEXT_WEIGHT: usize = 12;

/// A run of sibling elements of the figure inside the same layer groups.
#[derive(Debug, PartialEq)]
pub(super) struct Piece {
    /// Start tags of the layer groups around them (byte ranges).
    pub(super) groups: Vec<Range<usize>>,
    /// The elements (byte ranges).
    pub(super) elements: Vec<Range<usize>>,
    /// Whether they are organisations' labels.
    pub(super) labels: bool,
}

/// The figure's root start tag and its pieces in drawing order. Layer groups are the `<g>`
/// elements with an `id` (the SVG writer's layers); every other element is kept whole.
pub(super) fn pieces(figure: &Figure) -> Result<(Range<usize>, Vec<Piece>), RenderError> {
    let svg = figure.svg.as_str();
    let labels = figure.labels.as_ref().map_or(0..0, |(r, _)| r.clone());
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut root = None;
    let mut groups: Vec<Range<usize>> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut out: Vec<Piece> = Vec::new();
    let mut weight = 0;
    let mut emit = |groups: &Vec<Range<usize>>, element: Range<usize>| {
        let is_label = labels.contains(&element.start);
        let w = if svg[element.clone()].starts_with("<text") { TEXT_WEIGHT } else { 1 };
        let fits =
            out.last().is_some_and(|p| p.groups == *groups && p.labels == is_label && weight + w <= PIECE_WEIGHT);
        if !fits {
            out.push(Piece { groups: groups.clone(), elements: Vec::new(), labels: is_label });
            weight = 0;
        }
        weight += w;
        if let Some(p) = out.last_mut() {
            p.elements.push(element);
        }
    };
    let pos = |r: &quick_xml::Reader<&[u8]>| usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
    loop {
        let before = pos(&reader);
        let event = reader.read_event().map_err(|e| RenderError::Svg(e.to_string()))?;
        let after = pos(&reader);
        match event {
            Event::Start(e) => {
                if let Some((_, depth)) = open.as_mut() {
                    *depth += 1;
                } else if root.is_none() {
                    root = Some(before..after);
                } else if e.name().as_ref() == b"g" && e.try_get_attribute("id").ok().flatten().is_some() {
                    groups.push(before..after);
                } else {
                    open = Some((before, 1));
                }
            }
            Event::End(_) => match open {
                Some((start, 1)) => {
                    emit(&groups, start..after);
                    open = None;
                }
                Some((start, depth)) => open = Some((start, depth - 1)),
                None => {
                    groups.pop();
                }
            },
            Event::Empty(_) if open.is_none() => emit(&groups, before..after),
            Event::Eof => break,
            _ => {}
        }
    }
    let root = root.ok_or_else(|| RenderError::Svg("no <svg> element".to_owned()))?;
    Ok((root, out))
}

/// The SVG document of one piece: the figure's root, the piece's groups, its elements.
pub(super) fn piece_svg(svg: &str, root: &Range<usize>, piece: &Piece) -> String {
    let len = piece.elements.iter().map(|r| r.len() + 1).sum::<usize>() + 200;
    let mut out = String::with_capacity(len);
    out.push_str(&svg[root.clone()]);
    out.push('\n');
    for g in &piece.groups {
        out.push_str(&svg[g.clone()]);
        out.push('\n');
    }
    for e in &piece.elements {
        out.push_str(&svg[e.clone()]);
        out.push('\n');
    }
    for _ in &piece.groups {
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// Writes the file.
pub(super) fn write(figure: &Figure, plan: &PdfPlan) -> Result<Vec<u8>, RenderError> {
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let page_tree = alloc.bump();
    let font = alloc.bump();
    let info = alloc.bump();
    let mut pdf = Pdf::new();
    // Each piece converted and written, then dropped, before the next is read.
    let mut xobjects: Vec<(Ref, bool)> = Vec::new();
    // Elements that refer to others by id (gradients, clip paths, uses) cannot be taken apart:
    // such a figure is converted whole.
    let svg = figure.svg.as_str();
    let whole = (svg.contains("url(#") || svg.contains("href=\"#")).then(|| match &figure.labels {
        Some((labels, _)) if !plan.labels_shown => format!("{}{}", &svg[..labels.start], &svg[labels.end..]),
        _ => svg.to_owned(),
    });
    let (root, pieces) = if whole.is_some() { (0..0, Vec::new()) } else { pieces(figure)? };
    let texts = whole
        .into_iter()
        .chain(pieces.iter().filter(|p| plan.labels_shown || !p.labels).map(|piece| piece_svg(svg, &root, piece)));
    let mut is_label = pieces.iter().filter(|p| plan.labels_shown || !p.labels).map(|p| p.labels);
    for text in texts {
        let tree = tree(&text)?;
        drop(text);
        let (chunk, id) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| RenderError::Pdf(e.to_string()))?;
        drop(tree);
        let mut renumbered = HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| alloc.bump()));
        let id = renumbered.get(&id).copied().ok_or_else(|| RenderError::Pdf("lost the figure's object".to_owned()))?;
        pdf.extend(&chunk);
        xobjects.push((id, is_label.next().unwrap_or(false)));
    }
    let (pw, ph) = plan.page;
    let (w, h) = (figure.width.max(1.0), figure.height.max(1.0));
    let tiled = plan.tiles.0 * plan.tiles.1 > 1;
    let (iw, ih) = (pw - 2.0 * PAGE_MARGIN, ph - 2.0 * PAGE_MARGIN);
    let mut pages = Vec::new();
    if tiled {
        pages.push(overview(&xobjects, plan, (w, h)));
    }
    for row in 0..plan.tiles.1 {
        for col in 0..plan.tiles.0 {
            let (x0, y0) = if tiled {
                // This tile's part of the figure inside the margins (PDF's y runs up the page).
                (PAGE_MARGIN - col as f32 * iw, PAGE_MARGIN + ih - h * plan.scale + row as f32 * ih)
            } else {
                ((pw - w * plan.scale) / 2.0, (ph - h * plan.scale) / 2.0)
            };
            let mut c = Content::new();
            let clip = tiled.then_some([PAGE_MARGIN, PAGE_MARGIN, iw, ih]);
            draw(&mut c, &xobjects, true, [w * plan.scale, 0.0, 0.0, h * plan.scale, x0, y0], clip);
            if tiled {
                let number = format!("{} of {}", row * plan.tiles.0 + col + 1, plan.tiles.0 * plan.tiles.1);
                c.set_fill_rgb(0.4, 0.4, 0.4)
                    .begin_text()
                    .set_font(Name(b"F1"), 8.0)
                    .next_line(PAGE_MARGIN, PAGE_MARGIN / 2.0)
                    .show(Str(number.as_bytes()))
                    .end_text();
            }
            pages.push(c.finish());
        }
    }
    let page_ids: Vec<Ref> = pages.iter().map(|_| alloc.bump()).collect();
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree).kids(page_ids.iter().copied()).count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    let names: Vec<String> = (0..xobjects.len()).map(|i| format!("P{i}")).collect();
    for (id, content) in page_ids.iter().zip(pages) {
        let content_id = alloc.bump();
        let mut page = pdf.page(*id);
        page.media_box(Rect::new(0.0, 0.0, pw, ph));
        page.parent(page_tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut x = resources.x_objects();
        for (name, (xobject, _)) in names.iter().zip(&xobjects) {
            x.pair(Name(name.as_bytes()), *xobject);
        }
        x.finish();
        resources.fonts().pair(Name(b"F1"), font);
        resources.finish();
        page.finish();
        pdf.stream(content_id, &content);
    }
    pdf.document_info(info).creator(TextStr(crate::CREATOR)).producer(TextStr("svg2pdf"));
    Ok(pdf.finish())
}

/// The overview page of a tiled figure: the whole figure fitted, without labels, the tiles
/// outlined and numbered.
fn overview(xobjects: &[(Ref, bool)], plan: &PdfPlan, (w, h): (f32, f32)) -> Vec<u8> {
    let (pw, ph) = plan.page;
    let scale = fit_scale((w, h), plan.page);
    let (x0, y0) = ((pw - w * scale) / 2.0, (ph - h * scale) / 2.0);
    let mut c = Content::new();
    draw(&mut c, xobjects, false, [w * scale, 0.0, 0.0, h * scale, x0, y0], None);
    let ratio = scale / plan.scale;
    let (tw, th) = ((pw - 2.0 * PAGE_MARGIN) * ratio, (ph - 2.0 * PAGE_MARGIN) * ratio);
    let top = y0 + h * scale;
    c.set_stroke_rgb(0.8, 0.1, 0.1).set_line_width(0.75).set_fill_rgb(0.8, 0.1, 0.1);
    for row in 0..plan.tiles.1 {
        for col in 0..plan.tiles.0 {
            let (x, y) = (x0 + col as f32 * tw, top - (row + 1) as f32 * th);
            c.rect(x, y, tw, th).stroke();
            let number = (row * plan.tiles.0 + col + 1).to_string();
            c.begin_text()
                .set_font(Name(b"F1"), 9.0)
                .next_line(x + 3.0, y + th - 11.0)
                .show(Str(number.as_bytes()))
                .end_text();
        }
    }
    c.finish()
}

/// Draws the pieces (`labels`: with the label pieces) through `matrix`, inside `clip`.
fn draw(c: &mut Content, xobjects: &[(Ref, bool)], labels: bool, matrix: [f32; 6], clip: Option<[f32; 4]>) {
    c.save_state();
    if let Some([x, y, w, h]) = clip {
        c.rect(x, y, w, h).clip_nonzero().end_path();
    }
    c.transform(matrix);
    for (i, (_, is_label)) in xobjects.iter().enumerate() {
        if labels || !is_label {
            let name = format!("P{i}");
            c.x_object(Name(name.as_bytes()));
        }
    }
    c.restore_state();
}
