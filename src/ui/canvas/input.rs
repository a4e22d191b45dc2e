//! Input on the canvas: zoom and scroll, drags (pan, move, box select, link), clicks and
//! double-clicks, renaming in place, choosing a new link's type, the hover and link hints, and
//! adding an organisation.

use super::CanvasOutput;
use crate::edit::{Document, Edit};
use crate::model::{LinkRecord, MapPos, OrgId, Organisation};
use crate::scene::{self, Scene, SceneTheme};
use crate::ui::bidi_text;
use crate::ui::theme::{self, color};
use crate::ui::view::{Gesture, PendingLink, ViewState};
use egui::{FontId, Pos2, Rect, Shape as EShape, Stroke, Ui, pos2, vec2};

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

/// The full name of the hovered organisation beside the pointer, when its label is cut short or
/// was left out.
pub(super) fn full_name_ui(
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

/// The pointer on the canvas this frame: input state, the canvas's response and where the
/// pointer is on the map.
struct Pointer<'a> {
    ui: &'a Ui,
    response: &'a egui::Response,
    map: Option<MapPos>,
}

/// What the pointer does this frame: hovering, zooming and scrolling, dragging and clicking.
pub(super) fn pointer_ui(
    ui: &Ui,
    response: &egui::Response,
    doc: &mut Document,
    view: &mut ViewState,
    scene: &Scene,
    pointer_map: Option<MapPos>,
    out: &mut CanvasOutput,
) {
    update_hover(view, scene, pointer_map.filter(|_| response.hovered()));
    zoom_and_scroll(ui, response, view);
    let pointer = Pointer { ui, response, map: pointer_map };
    handle_drag(&pointer, doc, view, scene, out);
    handle_clicks(&pointer, doc, view, scene, out);
}

/// The organisation and link under the pointer (`pointer_map`, when over the canvas):
/// organisations while idle or drawing a link, links only while idle with no organisation there.
fn update_hover(view: &mut ViewState, scene: &Scene, pointer_map: Option<MapPos>) {
    let slack = 4.0 / view.zoom;
    view.hover_org = if view.gesture == Gesture::Idle || matches!(view.gesture, Gesture::Linking { .. }) {
        pointer_map.and_then(|p| scene.node_at(p, slack)).map(|n| n.id.clone())
    } else {
        None
    };
    view.hover_link = match (&view.hover_org, pointer_map) {
        (None, Some(p)) if view.gesture == Gesture::Idle => scene.edge_at(p, 5.0 / view.zoom).map(|e| e.id.clone()),
        _ => None,
    };
}

/// What a gesture in progress shows at the pointer: the selection box, or a dashed line from
/// the organisation a new link starts at (dragged from its rim, or after pressing L, with the
/// hint of what to do next).
pub(super) fn paint_gesture(
    painter: &egui::Painter,
    scene: &Scene,
    view: &ViewState,
    theme: &SceneTheme,
    pointer: Option<Pos2>,
    canvas: Rect,
) {
    let Some(p) = pointer else { return };
    let link_line = |from: &OrgId| {
        let n = scene.node(from)?;
        let a = view.screen_from_map(n.center);
        painter.extend(EShape::dashed_line(&[a, p], Stroke::new(2.0, color(theme.selection)), 8.0, 5.0));
        Some(())
    };
    match &view.gesture {
        Gesture::BoxSelect { from, .. } => {
            let r = Rect::from_two_pos(view.screen_from_map(*from), p);
            painter.rect(
                r,
                0.0,
                theme::selection_fill(theme),
                Stroke::new(1.0, color(theme.selection)),
                egui::StrokeKind::Inside,
            );
        }
        Gesture::Linking { from } => {
            let _ = link_line(from);
        }
        _ => {}
    }
    if view.connect_from.as_ref().and_then(link_line).is_some() {
        paint_link_hint(painter, scene, view, theme, p, canvas);
    }
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

/// A drag on the canvas: it starts a gesture (pan, move, box select or link, by what is under
/// the press and the modifiers), carries it on while the pointer moves and ends it on release.
fn handle_drag(pointer: &Pointer<'_>, doc: &mut Document, view: &mut ViewState, scene: &Scene, out: &mut CanvasOutput) {
    if pointer.response.drag_started() {
        view.gesture = drag_gesture(pointer, doc, view, scene);
    }
    if pointer.response.dragged() {
        drag_on(pointer, doc, view, out);
    }
    if pointer.response.drag_stopped() {
        drag_end(pointer, doc, view, scene);
    }
}

/// The gesture a drag starts: panning with a secondary button, Space or the pan tool; linking
/// from an organisation's rim (or with Alt); moving the selection from a marker (selecting it
/// first); a box selection from empty canvas.
fn drag_gesture(pointer: &Pointer<'_>, doc: &Document, view: &mut ViewState, scene: &Scene) -> Gesture {
    let (mods, space) = pointer.ui.input(|i| (i.modifiers, i.key_down(egui::Key::Space)));
    let origin = pointer.ui.input(|i| i.pointer.press_origin()).map(|p| view.map_from_screen(p)).or(pointer.map);
    let primary = pointer.response.dragged_by(egui::PointerButton::Primary);
    match origin {
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
    }
}

/// A drag carrying on: the view pans, or the organisations being moved follow the pointer (a
/// live edit, recorded as one undo step when the drag ends).
fn drag_on(pointer: &Pointer<'_>, doc: &mut Document, view: &mut ViewState, out: &mut CanvasOutput) {
    match &view.gesture {
        Gesture::Panning => view.pan_by(pointer.response.drag_delta()),
        Gesture::Moving { start, grab } => {
            if let Some(p) = pointer.map {
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

/// A drag ending: a move becomes one undo step, a box selects what it holds, a link drawn onto
/// another organisation asks for its type.
fn drag_end(pointer: &Pointer<'_>, doc: &mut Document, view: &mut ViewState, scene: &Scene) {
    match std::mem::take(&mut view.gesture) {
        Gesture::Moving { start, .. } => {
            let now: Vec<(OrgId, MapPos)> =
                start.iter().filter_map(|(id, _)| doc.map().org(id).map(|o| (id.clone(), o.position))).collect();
            if now.iter().zip(&start).any(|(a, b)| a.1.iter().zip(&b.1).any(|(x, y)| (x - y).abs() > f32::EPSILON)) {
                let label = if now.len() == 1 {
                    "Move organisation".to_owned()
                } else {
                    format!("Move {} organisations", now.len())
                };
                doc.record(label, Edit::MoveOrganisations(now), Edit::MoveOrganisations(start));
            }
        }
        Gesture::BoxSelect { from, add } => {
            if let Some(p) = pointer.map {
                let ids = scene.nodes_in_rect(from, p);
                if !add {
                    view.clear_selection();
                }
                view.selection.extend(ids);
            }
        }
        Gesture::Linking { from } => {
            let target = pointer.map.and_then(|p| scene.node_at(p, 4.0 / view.zoom)).map(|n| n.id.clone());
            if let (Some(to), Some(at)) = (target, pointer.ui.input(|i| i.pointer.interact_pos()))
                && to != from
            {
                view.pending_link = Some(PendingLink { from, to, at });
            }
        }
        Gesture::Panning | Gesture::Idle => {}
    }
}

/// A click or double-click: select (Shift or Ctrl to toggle) an organisation or link, finish an
/// L-mode link, rename an organisation, or add one on empty canvas.
fn handle_clicks(
    pointer: &Pointer<'_>,
    doc: &mut Document,
    view: &mut ViewState,
    scene: &Scene,
    out: &mut CanvasOutput,
) {
    let Some(p) = pointer.map else { return };
    let mods = pointer.ui.input(|i| i.modifiers);
    let node = scene.node_at(p, 4.0 / view.zoom).map(|n| n.id.clone());
    if pointer.response.double_clicked() {
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
    if !pointer.response.clicked() {
        return;
    }
    if let Some(from) = view.connect_from.take() {
        if let (Some(to), Some(at)) = (node, pointer.response.interact_pointer_pos())
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

pub(super) fn rename_ui(ui: &Ui, doc: &mut Document, view: &mut ViewState, scene: &Scene, out: &mut CanvasOutput) {
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

pub(super) fn pending_link_ui(ui: &Ui, doc: &mut Document, view: &mut ViewState, out: &mut CanvasOutput) {
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
                        crate::ui::fields::definition_beside(ui, &row, &lt.definition, ui.ctx().content_rect());
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
}
