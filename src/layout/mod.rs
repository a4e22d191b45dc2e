//! Automatic layouts that respect hand placement: force-directed (Barnes–Hut), lanes (crisis as
//! a process), grouped by type, circle and tidy (remove overlaps, moving as little as possible).
//! Pinned organisations never move. Functions of the map and parameters only: deterministic.
//! The result is a list of moves, applied as one undo step. No egui here.

mod force;
mod lanes;
mod quadtree;

pub use force::{ForceLayout, ForceParams, auto_iterations};

use crate::edit::Edit;
use crate::fonts;
use crate::model::{Decor, FieldId, FieldValue, Map, MapPos, OrgId};
use std::collections::{HashMap, HashSet};

/// The layouts on offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Force-directed.
    Force,
    /// Columns for crisis stages, ordered to untangle links.
    Lanes,
    /// A cluster per organisation type.
    Types,
    /// One circle, ordered by type.
    Circle,
    /// Only remove overlaps.
    Tidy,
}

impl Algorithm {
    /// Every algorithm, in menu order, with its name and what it does.
    pub const ALL: [(Algorithm, &'static str, &'static str); 5] = [
        (Algorithm::Force, "Force-directed", "Linked organisations close, others apart; keeps pinned ones put"),
        (
            Algorithm::Lanes,
            "Crisis lanes",
            "Columns for crisis stages (prevention → aftercare), ordered to untangle links",
        ),
        (Algorithm::Types, "Group by type", "A cluster per organisation type, with a shaded hull"),
        (Algorithm::Circle, "Circle", "Everything on one circle, ordered by type"),
        (Algorithm::Tidy, "Tidy", "Remove overlaps of markers and labels, moving as little as possible"),
    ];

    /// The algorithm named on the command line.
    #[must_use]
    pub fn named(name: &str) -> Option<Algorithm> {
        match name.to_ascii_lowercase().as_str() {
            "force" => Some(Algorithm::Force),
            "lanes" => Some(Algorithm::Lanes),
            "types" | "type" => Some(Algorithm::Types),
            "circle" => Some(Algorithm::Circle),
            "tidy" => Some(Algorithm::Tidy),
            _ => None,
        }
    }

    /// Its menu name.
    #[must_use]
    pub fn label(self) -> &'static str {
        Self::ALL.iter().find(|a| a.0 == self).map_or("", |a| a.1)
    }
}

/// The result of a layout: moves, and the decoration it brings (lane headers, type hulls).
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutResult {
    /// New positions of the organisations that move.
    pub moves: Vec<(OrgId, MapPos)>,
    /// Lane headers or type hulls drawn behind the map.
    pub decor: Option<Decor>,
    /// What the user should know about the result (a pinned organisation left outside its lane,
    /// no stages recorded): one sentence each.
    pub notes: Vec<String>,
}

impl LayoutResult {
    /// The edit applying it: one undo step.
    #[must_use]
    pub fn edit(self, map: &Map) -> Edit {
        let moves = self
            .moves
            .into_iter()
            .filter(|(id, p)| map.org(id).is_some_and(|o| !crate::convert::same_pos(o.position, *p)))
            .collect();
        let mut steps = vec![Edit::MoveOrganisations(moves)];
        if map.decor != self.decor {
            steps.push(Edit::SetDecor(self.decor));
        }
        Edit::Batch(steps)
    }
}

/// Which organisations may move: not pinned, and in `only` if given.
fn movable(map: &Map, only: Option<&HashSet<OrgId>>) -> HashSet<OrgId> {
    map.organisations().filter(|o| !o.pinned && only.is_none_or(|s| s.contains(&o.id))).map(|o| o.id.clone()).collect()
}

/// Runs a layout to completion.
#[must_use]
pub fn run(map: &Map, algorithm: Algorithm, params: &ForceParams) -> LayoutResult {
    let only = params.only.as_ref();
    match algorithm {
        Algorithm::Force => {
            let mut f = ForceLayout::new(map, params);
            f.run();
            LayoutResult { moves: f.positions(), decor: None, notes: Vec::new() }
        }
        Algorithm::Lanes => lanes::lanes(map, only),
        Algorithm::Types => {
            LayoutResult { moves: by_type(map, only), decor: Some(Decor::TypeHulls), notes: Vec::new() }
        }
        Algorithm::Circle => LayoutResult { moves: circle(map, only), decor: None, notes: Vec::new() },
        Algorithm::Tidy => LayoutResult { moves: tidy(map, only), decor: map.decor.clone(), notes: Vec::new() },
    }
}

/// Organisations in typology order of their type, then by name: a stable, meaningful order.
fn ordered(map: &Map) -> Vec<&crate::model::Organisation> {
    let rank: HashMap<&str, usize> =
        map.typology().org_types.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    let mut orgs = map.organisations_sorted();
    orgs.sort_by(|a, b| {
        rank.get(a.org_type.as_str()).cmp(&rank.get(b.org_type.as_str())).then_with(|| a.name.cmp(&b.name))
    });
    orgs
}

fn circle(map: &Map, only: Option<&HashSet<OrgId>>) -> Vec<(OrgId, MapPos)> {
    let free = movable(map, only);
    let orgs: Vec<_> = ordered(map).into_iter().filter(|o| free.contains(&o.id)).collect();
    let n = orgs.len().max(1) as f32;
    let radius = (n * 70.0 / std::f32::consts::TAU).max(150.0);
    let (cx, cy) = centre(map, &free);
    orgs.iter()
        .enumerate()
        .map(|(i, o)| {
            let a = std::f32::consts::TAU * i as f32 / n - std::f32::consts::FRAC_PI_2;
            (o.id.clone(), [round1(cx + radius * a.cos()), round1(cy + radius * a.sin())])
        })
        .collect()
}

fn centre(map: &Map, of: &HashSet<OrgId>) -> (f32, f32) {
    let (mut x, mut y, mut n) = (0.0, 0.0, 0.0);
    for o in map.organisations().filter(|o| of.contains(&o.id)) {
        x += o.position[0];
        y += o.position[1];
        n += 1.0;
    }
    if n > 0.0 { (x / n, y / n) } else { (0.0, 0.0) }
}

fn round1(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

fn by_type(map: &Map, only: Option<&HashSet<OrgId>>) -> Vec<(OrgId, MapPos)> {
    let free = movable(map, only);
    let mut groups: Vec<Vec<&crate::model::Organisation>> = Vec::new();
    for t in &map.typology().org_types {
        let members: Vec<_> = ordered(map).into_iter().filter(|o| o.org_type == t.id && free.contains(&o.id)).collect();
        if !members.is_empty() {
            groups.push(members);
        }
    }
    let spacing = 80.0;
    let radius_of = |n: usize| spacing * (n as f32).sqrt() * 0.6 + spacing;
    let cell = groups.iter().map(|g| radius_of(g.len())).fold(0.0, f32::max) * 2.0 + 120.0;
    let cols = (groups.len() as f32).sqrt().ceil().max(1.0);
    let (cx0, cy0) = centre(map, &free);
    let mut out = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let gx = (gi as f32 % cols) * cell;
        let gy = (gi as f32 / cols).floor() * cell;
        // A sunflower spiral packs a cluster evenly whatever its size.
        for (i, o) in g.iter().enumerate() {
            let r = spacing * 0.6 * (i as f32).sqrt();
            let a = i as f32 * 2.399_963;
            out.push((o.id.clone(), [round1(cx0 + gx + r * a.cos()), round1(cy0 + gy + r * a.sin())]));
        }
    }
    out
}

/// The multi-choice field that records crisis stages.
fn stage_field(map: &Map) -> Option<&crate::model::FieldDef> {
    let t = map.typology();
    t.field(&FieldId::new("crisis_stages"))
        .or_else(|| t.fields.iter().find(|f| f.kind.has_options() && f.name.to_lowercase().contains("stage")))
}

fn stages_of(org: &crate::model::Organisation, field: &FieldId) -> Vec<String> {
    match org.fields.get(field) {
        Some(FieldValue::List(items)) => items.clone(),
        Some(FieldValue::Text(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The box an organisation takes on the canvas: marker plus label below it.
fn footprint(o: &crate::model::Organisation) -> (f32, f32, f32) {
    let r = 14.0;
    let w = fonts::text_width(&o.name, 13.0, false).max(2.0 * r) / 2.0 + 4.0;
    let below = r + 3.0 + fonts::line_height(13.0) + 4.0;
    (w, r + 4.0, below)
}

/// Pushes overlapping organisations apart until no two footprints overlap (or 200 rounds),
/// each move the smallest that separates the pair.
fn tidy(map: &Map, only: Option<&HashSet<OrgId>>) -> Vec<(OrgId, MapPos)> {
    let free = movable(map, only);
    let orgs = map.organisations_sorted();
    let mut pos: Vec<[f32; 2]> = orgs.iter().map(|o| o.position).collect();
    let boxes: Vec<(f32, f32, f32)> = orgs.iter().map(|o| footprint(o)).collect();
    let can_move: Vec<bool> = orgs.iter().map(|o| free.contains(&o.id)).collect();
    let cell = boxes.iter().map(|b| b.0.max(b.2) * 2.0).fold(40.0, f32::max);
    for _ in 0..200 {
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (i, p) in pos.iter().enumerate() {
            grid.entry((crate::convert::cell(p[0], cell), crate::convert::cell(p[1], cell))).or_default().push(i);
        }
        let mut moved = false;
        for i in 0..pos.len() {
            let (gx, gy) = (crate::convert::cell(pos[i][0], cell), crate::convert::cell(pos[i][1], cell));
            for dx in -1..=1 {
                for dy in -1..=1 {
                    let Some(cands) = grid.get(&(gx + dx, gy + dy)) else { continue };
                    for &j in cands {
                        if j <= i || !(can_move[i] || can_move[j]) {
                            continue;
                        }
                        let (a, b) = (boxes[i], boxes[j]);
                        let (pi, pj) = (pos[i], pos[j]);
                        let ox = (a.0 + b.0) - (pi[0] - pj[0]).abs();
                        // Vertical extent: above is .1, below is .2.
                        let (top_i, bot_i) = (pi[1] - a.1, pi[1] + a.2);
                        let (top_j, bot_j) = (pj[1] - b.1, pj[1] + b.2);
                        let oy = bot_i.min(bot_j) - top_i.max(top_j);
                        if ox <= 0.0 || oy <= 0.0 {
                            continue;
                        }
                        // Separate along the axis that needs the smaller move.
                        let (mx, my) = if ox < oy {
                            (
                                if pi[0] < pj[0] || ((pi[0] - pj[0]).abs() < f32::EPSILON && i < j) { -ox } else { ox },
                                0.0,
                            )
                        } else {
                            (
                                0.0,
                                if pi[1] < pj[1] || ((pi[1] - pj[1]).abs() < f32::EPSILON && i < j) { -oy } else { oy },
                            )
                        };
                        let (si, sj) = match (can_move[i], can_move[j]) {
                            (true, true) => (0.5, 0.5),
                            (true, false) => (1.0, 0.0),
                            _ => (0.0, 1.0),
                        };
                        pos[i][0] += mx * si;
                        pos[i][1] += my * si;
                        pos[j][0] -= mx * sj;
                        pos[j][1] -= my * sj;
                        moved = true;
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }
    orgs.iter()
        .zip(pos)
        .filter(|(o, _)| free.contains(&o.id))
        .map(|(o, p)| (o.id.clone(), [round1(p[0]), round1(p[1])]))
        .collect()
}

/// Number of pairs of links whose straight lines cross (links sharing an end excluded): the
/// usual measure of a layout's legibility. A uniform grid keeps it near-linear in practice.
#[must_use]
pub fn edge_crossings(map: &Map) -> usize {
    let index: HashMap<&OrgId, usize> = map.organisations().enumerate().map(|(i, o)| (&o.id, i)).collect();
    let pos: Vec<[f32; 2]> = map.organisations().map(|o| o.position).collect();
    let segs: Vec<(usize, usize)> =
        map.link_records().iter().filter_map(|l| Some((*index.get(&l.from)?, *index.get(&l.to)?))).collect();
    crossings(&pos, &segs)
}

/// Crossings among segments between `pos` points (see [`edge_crossings`]).
#[must_use]
pub fn crossings(pos: &[[f32; 2]], segs: &[(usize, usize)]) -> usize {
    if segs.len() < 2 {
        return 0;
    }
    let mean_len = segs
        .iter()
        .map(|&(a, b)| ((pos[a][0] - pos[b][0]).powi(2) + (pos[a][1] - pos[b][1]).powi(2)).sqrt())
        .sum::<f32>()
        / segs.len() as f32;
    let cell = mean_len.max(1.0);
    let key = |x: f32, y: f32| (crate::convert::cell(x, cell), crate::convert::cell(y, cell));
    let mut grid: HashMap<(i64, i64), Vec<u32>> = HashMap::new();
    for (s, &(a, b)) in segs.iter().enumerate() {
        let (x0, y0) = key(pos[a][0].min(pos[b][0]), pos[a][1].min(pos[b][1]));
        let (x1, y1) = key(pos[a][0].max(pos[b][0]), pos[a][1].max(pos[b][1]));
        // Very long links would cover many cells; clamp (they are rare in a good layout).
        for gx in x0..=x1.min(x0 + 64) {
            for gy in y0..=y1.min(y0 + 64) {
                grid.entry((gx, gy)).or_default().push(u32::try_from(s).unwrap_or(u32::MAX));
            }
        }
    }
    let mut count = 0usize;
    for (&(gx, gy), list) in &grid {
        for (i, &s) in list.iter().enumerate() {
            for &t in &list[i + 1..] {
                let (a, b) = segs[s as usize];
                let (c, d) = segs[t as usize];
                if a == c || a == d || b == c || b == d {
                    continue;
                }
                if let Some(p) = intersection(pos[a], pos[b], pos[c], pos[d])
                    && key(p[0], p[1]) == (gx, gy)
                {
                    count += 1;
                }
            }
        }
    }
    count
}

fn intersection(p: [f32; 2], p2: [f32; 2], q: [f32; 2], q2: [f32; 2]) -> Option<[f32; 2]> {
    let r = [p2[0] - p[0], p2[1] - p[1]];
    let s = [q2[0] - q[0], q2[1] - q[1]];
    let denom = r[0] * s[1] - r[1] * s[0];
    if denom.abs() < 1e-9 {
        return None;
    }
    let qp = [q[0] - p[0], q[1] - p[1]];
    let t = (qp[0] * s[1] - qp[1] * s[0]) / denom;
    let u = (qp[0] * r[1] - qp[1] * r[0]) / denom;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then(|| [p[0] + t * r[0], p[1] + t * r[1]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Map {
        crate::example_map().unwrap()
    }

    #[test]
    fn pinned_organisations_never_move() {
        let map = example();
        let pinned: Vec<OrgId> = map.organisations().filter(|o| o.pinned).map(|o| o.id.clone()).collect();
        assert!(!pinned.is_empty());
        for (alg, _, _) in Algorithm::ALL {
            let result = run(&map, alg, &ForceParams { iterations: 50, ..ForceParams::default() });
            assert!(result.moves.iter().all(|(id, _)| !pinned.contains(id)), "{alg:?} moved a pinned organisation");
        }
    }

    #[test]
    fn same_seed_same_layout() {
        let map = example();
        let p = ForceParams { iterations: 60, seed: 9, scramble: true, ..ForceParams::default() };
        assert_eq!(run(&map, Algorithm::Force, &p), run(&map, Algorithm::Force, &p));
        let q = ForceParams { seed: 10, ..p.clone() };
        assert_ne!(run(&map, Algorithm::Force, &p), run(&map, Algorithm::Force, &q));
    }

    #[test]
    fn only_selected_moves_only_those() {
        let map = example();
        let only: HashSet<OrgId> = ["o20", "o21"].into_iter().map(OrgId::new).collect();
        let r = run(
            &map,
            Algorithm::Force,
            &ForceParams { iterations: 30, only: Some(only.clone()), ..ForceParams::default() },
        );
        assert!(r.moves.iter().all(|(id, _)| only.contains(id)));
        assert_eq!(r.moves.len(), 2);
    }

    /// The lane whose x range holds `x`.
    fn lane_at(lanes: &[crate::model::Lane], x: f32) -> Option<usize> {
        lanes.iter().position(|l| x >= l.x && x < l.x + l.width)
    }

    #[test]
    fn lanes_put_stages_in_columns_with_headers() {
        let map = example();
        let r = run(&map, Algorithm::Lanes, &ForceParams::default());
        let Some(Decor::Lanes { lanes }) = &r.decor else { panic!("lanes decor") };
        assert_eq!(lanes[0].label, "prevention");
        assert_eq!(lanes.len(), 5);
        let moved: HashMap<_, _> = r.moves.iter().cloned().collect();
        for (id, p) in &moved {
            let org = map.org(id).unwrap();
            let col = lane_at(lanes, p[0]).unwrap();
            let stages = stages_of(org, &FieldId::new("crisis_stages"));
            if stages.is_empty() {
                assert_eq!(col, 4);
            } else {
                assert!(stages.contains(&lanes[col].label), "{} in {}", org.name, lanes[col].label);
            }
        }
    }

    /// Lanes as wide as their labels: every label (centred under its marker) stays inside the
    /// lane of its organisation, and lanes do not overlap.
    #[test]
    fn lane_labels_stay_in_their_lane() {
        let map = example();
        let r = run(&map, Algorithm::Lanes, &ForceParams::default());
        let Some(Decor::Lanes { lanes }) = &r.decor else { panic!("lanes decor") };
        for pair in lanes.windows(2) {
            assert!(pair[0].x + pair[0].width <= pair[1].x + 0.01, "lanes overlap");
        }
        for (id, p) in &r.moves {
            let name = &map.org(id).unwrap().name;
            let half = fonts::text_width(name, crate::scene::DEFAULT_LABEL_SIZE, false) / 2.0;
            let lane = &lanes[lane_at(lanes, p[0]).unwrap()];
            assert!(p[0] - half >= lane.x && p[0] + half <= lane.x + lane.width, "{name} leaves its lane");
        }
    }

    /// Fewer crossings than 20 rounds of plain barycentre sweeps reach from the same lanes
    /// (straight lines counted, as `patchwork layout` reports them).
    #[test]
    fn lanes_cross_less_than_plain_barycentre_sweeps() {
        let map = example();
        let plan = lanes::plan(&map, None).unwrap();
        let mut plain = plan.state.clone();
        for round in 0..20 {
            plain.sweep(round % 2 == 0, false);
        }
        let baseline = plain.crossings();
        let mut laid = map.clone();
        crate::edit::apply(&mut laid, run(&map, Algorithm::Lanes, &ForceParams::default()).edit(&map)).unwrap();
        let ours = edge_crossings(&laid);
        eprintln!("lanes: {ours} crossings; plain barycentre {baseline}; start {}", plan.state.crossings());
        assert!(ours < baseline, "{ours} crossings against {baseline} from plain barycentre sweeps");
        // And fewer than the count for plain barycentre sweeps (236, adjacent lanes).
        assert!(ours < 236, "{ours} crossings");
    }

    /// A pinned organisation sits in a lane of its stage (the lanes move to it), or a note says why
    /// not.
    #[test]
    fn pinned_organisations_sit_in_their_lane_or_are_named() {
        let mut map = example();
        let field = FieldId::new("crisis_stages");
        let staged: Vec<OrgId> = map
            .organisations_sorted()
            .iter()
            .filter(|o| !stages_of(o, &field).is_empty())
            .map(|o| o.id.clone())
            .collect();
        for o in map.organisations().map(|o| o.id.clone()).collect::<Vec<_>>() {
            update(&mut map, &o, |o| o.pinned = false);
        }
        // One pinned far to the left: the lanes are placed around it.
        map.set_position(&staged[0], [-5_000.0, 300.0]).unwrap();
        update(&mut map, &staged[0], |o| o.pinned = true);
        let r = run(&map, Algorithm::Lanes, &ForceParams::default());
        let Some(Decor::Lanes { lanes }) = &r.decor else { panic!("lanes decor") };
        let col = lane_at(lanes, -5_000.0).expect("the pinned organisation is inside a lane");
        assert!(stages_of(map.org(&staged[0]).unwrap(), &field).contains(&lanes[col].label));
        assert!(r.notes.is_empty(), "{:?}", r.notes);
        assert!(
            r.moves.iter().all(|(_, p)| (p[0] - -5_000.0).abs() > 1.0 || (p[1] - 300.0).abs() >= ROW_GAP),
            "nothing lands on it"
        );
        // A second one pinned far to the right: both cannot be in their lanes, and a note names
        // the one that is not.
        map.set_position(&staged[1], [90_000.0, 300.0]).unwrap();
        update(&mut map, &staged[1], |o| o.pinned = true);
        let r = run(&map, Algorithm::Lanes, &ForceParams::default());
        let Some(Decor::Lanes { lanes }) = &r.decor else { panic!("lanes decor") };
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
        let outside = if lane_at(lanes, -5_000.0).is_some() { &staged[1] } else { &staged[0] };
        assert!(r.notes[0].contains(map.org(outside).unwrap().name.as_str()), "{:?}", r.notes);
    }

    const ROW_GAP: f32 = 40.0;

    fn update(map: &mut Map, id: &OrgId, change: impl FnOnce(&mut crate::model::Organisation)) {
        let mut org = map.org(id).unwrap().clone();
        change(&mut org);
        crate::edit::apply(map, Edit::UpdateOrganisations(vec![org])).unwrap();
    }

    /// No stages recorded: a grid about four wide to three high, labels not touching.
    #[test]
    fn lanes_without_stages_make_a_readable_grid() {
        let mut map = example();
        let field = FieldId::new("crisis_stages");
        for o in map.organisations_sorted().iter().map(|o| o.id.clone()).collect::<Vec<_>>() {
            update(&mut map, &o, |o| {
                o.pinned = false;
                o.fields.remove(&field);
            });
        }
        let r = run(&map, Algorithm::Lanes, &ForceParams::default());
        assert!(r.decor.is_none());
        assert_eq!(r.moves.len(), map.org_count());
        assert!(r.notes[0].contains("grid"), "{:?}", r.notes);
        let (w, h) = extent_after(&map, Algorithm::Lanes, &ForceParams::default());
        assert!(w > h * 0.8 && w < h * 3.0, "{w}x{h}");
        let mut laid = map.clone();
        crate::edit::apply(&mut laid, r.edit(&map)).unwrap();
        let orgs = laid.organisations_sorted();
        for (i, a) in orgs.iter().enumerate() {
            for b in &orgs[i + 1..] {
                let (fa, fb) = (footprint(a), footprint(b));
                let apart_x = (a.position[0] - b.position[0]).abs() >= fa.0 + fb.0 - 8.0;
                let apart_y = (a.position[1] - b.position[1]).abs() >= ROW_GAP;
                assert!(apart_x || apart_y, "{} touches {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn tidy_removes_overlaps() {
        let mut map = example();
        // Pile five organisations on one spot.
        for id in ["o20", "o21", "o22", "o23", "o24"] {
            map.set_position(&OrgId::new(id), [500.0, 500.0]).unwrap();
        }
        let r = run(&map, Algorithm::Tidy, &ForceParams::default());
        let edit = r.edit(&map);
        crate::edit::apply(&mut map, edit).unwrap();
        let orgs = map.organisations_sorted();
        for (i, a) in orgs.iter().enumerate() {
            for b in &orgs[i + 1..] {
                let (fa, fb) = (footprint(a), footprint(b));
                let ox = fa.0 + fb.0 - (a.position[0] - b.position[0]).abs();
                let oy =
                    (a.position[1] + fa.2).min(b.position[1] + fb.2) - (a.position[1] - fa.1).max(b.position[1] - fb.1);
                assert!(ox <= 0.5 || oy <= 0.5, "{} overlaps {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn force_layout_untangles_a_generated_graph() {
        let mut map = crate::generate::generate_map(400, 3);
        let params = ForceParams { iterations: 300, scramble: true, seed: 5, ..ForceParams::default() };
        let scrambled = {
            let mut f = ForceLayout::new(&map, &ForceParams { iterations: 1, ..params.clone() });
            let mut m = map.clone();
            let moves = f.positions();
            f.step();
            crate::edit::apply(&mut m, Edit::MoveOrganisations(moves)).unwrap();
            edge_crossings(&m)
        };
        let r = run(&map, Algorithm::Force, &params);
        let edit = r.edit(&map);
        crate::edit::apply(&mut map, edit).unwrap();
        let after = edge_crossings(&map);
        let per_edge = after as f32 / map.link_count() as f32;
        assert!(after * 5 < scrambled, "crossings {after} vs scrambled {scrambled}");
        assert!(per_edge < 12.0, "{per_edge} crossings per link");
    }

    /// The box the map's organisations span after a layout: (width, height).
    fn extent_after(map: &Map, algorithm: Algorithm, params: &ForceParams) -> (f32, f32) {
        let mut m = map.clone();
        let edit = run(map, algorithm, params).edit(map);
        crate::edit::apply(&mut m, edit).unwrap();
        let xs = m.organisations().map(|o| o.position[0]);
        let ys = m.organisations().map(|o| o.position[1]);
        let span =
            |v: Vec<f32>| v.iter().copied().fold(f32::MIN, f32::max) - v.iter().copied().fold(f32::MAX, f32::min);
        (span(xs.collect()), span(ys.collect()))
    }

    /// Unlinked organisations and small groups are packed beside the main part, not flung away:
    /// the example after a force layout (scrambled or not) spans at most twice its tidy layout.
    #[test]
    fn force_layout_packs_unlinked_parts_close() {
        let map = crate::example_map().unwrap();
        let tidy = extent_after(&map, Algorithm::Tidy, &ForceParams::default());
        for scramble in [false, true] {
            let params = ForceParams { scramble, ..ForceParams::default() };
            let (w, h) = extent_after(&map, Algorithm::Force, &params);
            assert!(w <= 2.0 * tidy.0 && h <= 2.0 * tidy.1, "force {w}x{h} against tidy {}x{}", tidy.0, tidy.1);
        }
        // A map of only unlinked organisations becomes a compact block, not a ring far out.
        let mut loose = Map::new();
        let t = loose.typology().org_types[0].id.clone();
        for i in 0..30 {
            let o = crate::model::Organisation::new(OrgId::new(format!("o{i}")), format!("O{i}"), t.clone(), [0.0; 2]);
            loose.insert_organisation(o).unwrap();
        }
        let (w, h) = extent_after(&loose, Algorithm::Force, &ForceParams::default());
        assert!(w < 2_000.0 && h < 2_000.0, "{w}x{h}");
    }

    #[test]
    fn crossings_are_counted_once() {
        let pos = [[0.0, 0.0], [10.0, 10.0], [0.0, 10.0], [10.0, 0.0], [20.0, 20.0]];
        assert_eq!(crossings(&pos, &[(0, 1), (2, 3)]), 1);
        assert_eq!(crossings(&pos, &[(0, 1), (1, 4)]), 0, "shared end");
    }
}
