//! Crisis lanes: a column per crisis stage, organisations ordered within each column to untangle
//! the links (layered sweeps as Graphviz's dot does: alternating median and barycentre sweeps,
//! the best order kept, then adjacent transpositions), each column as wide as its widest label.
//! Pinned organisations stay put: the lanes are shifted so that as many as possible fall in the
//! lane of one of their stages, and the notes name those that do not. A map with no crisis-stage
//! data gets a grid by type instead.

use super::{LayoutResult, movable, ordered, round1, stage_field, stages_of};
use crate::fonts;
use crate::model::{Decor, Lane, Map, MapPos, OrgId, Organisation};
use std::collections::{HashMap, HashSet};

/// Vertical distance between organisations in a lane, map units.
pub const ROW: f32 = 64.0;
/// Where the first row of a lane sits.
const TOP: f32 = 60.0;
/// Room beside the widest label in a lane (both sides together).
const LANE_PADDING: f32 = 48.0;
/// Narrowest lane.
const MIN_LANE: f32 = 160.0;
/// Size of lane header text (as the scene draws it).
const HEADER_SIZE: f32 = 16.0;
/// Sweeps of each kind; as dot's `mclimit` default allows.
const ROUNDS: usize = 20;
/// Above this many links the sweeps are fewer, unchecked, and transposition is skipped.
const BIG: usize = 3_000;

/// Width a label takes below its marker, map units.
fn label_width(o: &Organisation) -> f32 {
    fonts::text_width(&o.name, crate::scene::DEFAULT_LABEL_SIZE, false)
}

/// The working state: every organisation's position, the links as index pairs, and for each
/// lane the movable organisations in order (top to bottom).
#[derive(Clone)]
pub(super) struct Lanes {
    pos: Vec<MapPos>,
    segs: Vec<(usize, usize)>,
    neighbours: Vec<Vec<usize>>,
    /// Movable organisations of each lane, top to bottom.
    pub(super) order: Vec<Vec<usize>>,
    /// Centre x of each lane.
    centre: Vec<f32>,
    /// y of fixed organisations inside each lane (their rows are skipped).
    taken: Vec<Vec<f32>>,
}

impl Lanes {
    /// Places each lane's organisations on its rows in the current order, skipping rows where a
    /// fixed organisation sits.
    fn place(&mut self) {
        for lane in 0..self.order.len() {
            self.place_lane(lane);
        }
    }

    fn place_lane(&mut self, lane: usize) {
        let mut y = TOP;
        for &i in &self.order[lane] {
            while self.taken[lane].iter().any(|t| (t - y).abs() < ROW * 0.75) {
                y += ROW;
            }
            self.pos[i] = [self.centre[lane], y];
            y += ROW;
        }
    }

    /// Crossings of straight links, as [`super::crossings`] counts them.
    pub(super) fn crossings(&self) -> usize {
        super::crossings(&self.pos, &self.segs)
    }

    /// One sweep over the lanes (left to right, or back), sorting each lane by the median (or
    /// mean) height of each organisation's neighbours in other lanes; one without such
    /// neighbours keeps its place.
    pub(super) fn sweep(&mut self, forward: bool, median: bool) {
        let lanes: Vec<usize> =
            if forward { (0..self.order.len()).collect() } else { (0..self.order.len()).rev().collect() };
        for lane in lanes {
            let members = std::mem::take(&mut self.order[lane]);
            let mut keyed: Vec<(f32, usize)> = members
                .iter()
                .map(|&i| {
                    let mut ys: Vec<f32> = self.neighbours[i]
                        .iter()
                        .filter(|&&j| (self.pos[j][0] - self.pos[i][0]).abs() > 1.0)
                        .map(|&j| self.pos[j][1])
                        .collect();
                    let key = if ys.is_empty() {
                        self.pos[i][1]
                    } else if median {
                        ys.sort_by(f32::total_cmp);
                        let m = ys.len() / 2;
                        if ys.len() % 2 == 1 { ys[m] } else { f32::midpoint(ys[m - 1], ys[m]) }
                    } else {
                        ys.iter().sum::<f32>() / ys.len() as f32
                    };
                    (key, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            self.order[lane] = keyed.into_iter().map(|(_, i)| i).collect();
            self.place_lane(lane);
        }
    }

    /// Crossings that involve a link of `a` or `b` (each crossing once).
    fn local_crossings(&self, incident: &[usize]) -> usize {
        let mut count = 0;
        for &e in incident {
            let (a, b) = self.segs[e];
            for (f, &(c, d)) in self.segs.iter().enumerate() {
                // A pair of incident links is counted from the lower-numbered one only.
                if f == e || (f < e && incident.contains(&f)) || a == c || a == d || b == c || b == d {
                    continue;
                }
                if super::intersection(self.pos[a], self.pos[b], self.pos[c], self.pos[d]).is_some() {
                    count += 1;
                }
            }
        }
        count
    }

    /// Swaps neighbours in a lane wherever that removes crossings, until no swap does (or ten
    /// passes). Returns whether anything changed.
    pub(super) fn transpose(&mut self) -> bool {
        let mut links_of: Vec<Vec<usize>> = vec![Vec::new(); self.pos.len()];
        for (e, &(a, b)) in self.segs.iter().enumerate() {
            links_of[a].push(e);
            links_of[b].push(e);
        }
        let mut any = false;
        for _ in 0..10 {
            let mut improved = false;
            for lane in 0..self.order.len() {
                for k in 1..self.order[lane].len() {
                    let (u, v) = (self.order[lane][k - 1], self.order[lane][k]);
                    let mut incident: Vec<usize> = links_of[u].iter().chain(&links_of[v]).copied().collect();
                    incident.sort_unstable();
                    incident.dedup();
                    if incident.is_empty() {
                        continue;
                    }
                    let before = self.local_crossings(&incident);
                    let (pu, pv) = (self.pos[u], self.pos[v]);
                    self.pos[u] = pv;
                    self.pos[v] = pu;
                    let after = self.local_crossings(&incident);
                    if after < before {
                        self.order[lane].swap(k - 1, k);
                        improved = true;
                    } else {
                        self.pos[u] = pu;
                        self.pos[v] = pv;
                    }
                }
            }
            any |= improved;
            if !improved {
                break;
            }
        }
        any
    }
}

/// The lane each organisation belongs in (by its stages), the lanes' labels, and the state to
/// order from, or `None` when no organisation records a stage.
pub(super) struct Plan {
    pub(super) state: Lanes,
    pub(super) labels: Vec<String>,
    pub(super) lane_x: Vec<f32>,
    pub(super) widths: Vec<f32>,
    pub(super) ids: Vec<OrgId>,
    pub(super) movable: Vec<bool>,
    pub(super) notes: Vec<String>,
}

pub(super) fn plan(map: &Map, only: Option<&HashSet<OrgId>>) -> Option<Plan> {
    let field = stage_field(map)?;
    let free = movable(map, only);
    let orgs = ordered(map);
    let stage_sets: HashMap<&OrgId, Vec<String>> = orgs.iter().map(|o| (&o.id, stages_of(o, &field.id))).collect();
    if stage_sets.values().all(Vec::is_empty) {
        return None;
    }
    let mut labels: Vec<String> = field.options.clone();
    labels.push("No stage recorded".to_owned());
    let unstaged = labels.len() - 1;
    let index: HashMap<&OrgId, usize> = orgs.iter().enumerate().map(|(i, o)| (&o.id, i)).collect();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); orgs.len()];
    let mut segs = Vec::new();
    for l in map.link_records() {
        if let (Some(&a), Some(&b)) = (index.get(&l.from), index.get(&l.to)) {
            segs.push((a, b));
            if a != b {
                neighbours[a].push(b);
                neighbours[b].push(a);
            }
        }
    }
    // The stages an organisation may sit in (by lane), and the one it goes to if it moves:
    // where most of its neighbours' stages are, ties to the earliest.
    let lanes_of: Vec<Vec<usize>> = orgs
        .iter()
        .map(|o| {
            let own: Vec<usize> = stage_sets[&o.id].iter().filter_map(|s| labels.iter().position(|c| c == s)).collect();
            if own.is_empty() { vec![unstaged] } else { own }
        })
        .collect();
    let lane_of: Vec<usize> = (0..orgs.len())
        .map(|i| {
            let score = |lane: usize| {
                neighbours[i].iter().filter(|&&j| stage_sets[&orgs[j].id].contains(&labels[lane])).count()
            };
            lanes_of[i].iter().copied().max_by_key(|&l| (score(l), usize::MAX - l)).unwrap_or(unstaged)
        })
        .collect();
    let is_movable: Vec<bool> = orgs.iter().map(|o| free.contains(&o.id)).collect();
    // Each lane as wide as its widest label (or header).
    let mut widths: Vec<f32> =
        labels.iter().map(|l| (fonts::text_width(l, HEADER_SIZE, false) + LANE_PADDING).max(MIN_LANE)).collect();
    for (i, o) in orgs.iter().enumerate() {
        let lane = lane_of[i];
        widths[lane] = widths[lane].max(label_width(o) + LANE_PADDING);
    }
    let mut rel = Vec::with_capacity(widths.len());
    let mut x = 0.0;
    for w in &widths {
        rel.push(x);
        x += w;
    }
    // Shift the lanes so that as many pinned organisations as possible sit in a lane of theirs.
    let pinned: Vec<usize> = (0..orgs.len()).filter(|&i| orgs[i].pinned).collect();
    let lane_at =
        |origin: f32, px: f32| (0..widths.len()).find(|&c| px >= origin + rel[c] && px < origin + rel[c] + widths[c]);
    let fits = |origin: f32, i: usize| lane_at(origin, orgs[i].position[0]).is_some_and(|c| lanes_of[i].contains(&c));
    let mut origin = 0.0f32;
    let mut best = pinned.iter().filter(|&&i| fits(0.0, i)).count();
    for &p in &pinned {
        for &c in &lanes_of[p] {
            let candidate = round1(orgs[p].position[0] - rel[c] - widths[c] / 2.0);
            let score = pinned.iter().filter(|&&i| fits(candidate, i)).count();
            if score > best {
                best = score;
                origin = candidate;
            }
        }
    }
    let lane_x: Vec<f32> = rel.iter().map(|r| origin + r).collect();
    let centre: Vec<f32> = lane_x.iter().zip(&widths).map(|(x, w)| x + w / 2.0).collect();
    let mut notes = Vec::new();
    let mut taken: Vec<Vec<f32>> = vec![Vec::new(); labels.len()];
    for i in (0..orgs.len()).filter(|&i| !is_movable[i]) {
        let o = orgs[i];
        let here = lane_at(origin, o.position[0]);
        if let Some(c) = here {
            taken[c].push(o.position[1]);
        }
        if o.pinned && !here.is_some_and(|c| lanes_of[i].contains(&c)) {
            let stages: Vec<&str> = lanes_of[i].iter().map(|&c| labels[c].as_str()).collect();
            notes.push(format!(
                "{} is pinned outside the lane of its stage ({}): pinned organisations never move, and the lanes could not be placed around every one of them; unpin it or drag it into its lane",
                o.name,
                stages.join(", ")
            ));
        }
    }
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); labels.len()];
    for i in (0..orgs.len()).filter(|&i| is_movable[i]) {
        order[lane_of[i]].push(i);
    }
    let mut state = Lanes { pos: orgs.iter().map(|o| o.position).collect(), segs, neighbours, order, centre, taken };
    state.place();
    Some(Plan {
        state,
        labels,
        lane_x,
        widths,
        ids: orgs.iter().map(|o| o.id.clone()).collect(),
        movable: is_movable,
        notes,
    })
}

/// Orders the lanes: median and barycentre sweeps (each kind from the same start, the order with
/// fewest crossings kept), then transpositions of neighbours. A big map (over [`BIG`] links) gets
/// a few median sweeps only: counting every crossing after each would cost more than it saves.
pub(super) fn untangle(start: &Lanes) -> Lanes {
    if start.segs.len() > BIG {
        let mut state = start.clone();
        for round in 0..4 {
            state.sweep(round % 2 == 0, true);
        }
        return state;
    }
    let mut best = start.clone();
    let mut fewest = best.crossings();
    for median in [true, false] {
        let mut state = start.clone();
        for round in 0..ROUNDS {
            state.sweep(round % 2 == 0, median);
            state.transpose();
            let now = state.crossings();
            if now < fewest {
                fewest = now;
                best = state.clone();
            }
        }
    }
    best.transpose();
    best
}

/// The lanes layout (see the module's documentation).
pub(super) fn lanes(map: &Map, only: Option<&HashSet<OrgId>>) -> LayoutResult {
    let Some(plan) = plan(map, only) else { return grid(map, only) };
    let state = untangle(&plan.state);
    let moves = plan
        .ids
        .iter()
        .zip(&state.pos)
        .zip(&plan.movable)
        .filter(|(_, m)| **m)
        .map(|((id, p), _)| (id.clone(), [round1(p[0]), round1(p[1])]))
        .collect();
    let lanes = plan
        .labels
        .into_iter()
        .zip(plan.lane_x.iter().zip(&plan.widths))
        .map(|(label, (&x, &width))| Lane { label, x, width })
        .collect();
    LayoutResult { moves, decor: Some(Decor::Lanes { lanes }), notes: plan.notes }
}

/// No crisis stages recorded: organisations in rows, by type then name, each column as wide as
/// its widest label, about four wide to three high, to the right of anything that stays put.
fn grid(map: &Map, only: Option<&HashSet<OrgId>>) -> LayoutResult {
    let free = movable(map, only);
    let orgs: Vec<&Organisation> = ordered(map).into_iter().filter(|o| free.contains(&o.id)).collect();
    let notes = vec![
        "No crisis stages are recorded, so the organisations are set out in a grid by type instead of in lanes."
            .to_owned(),
    ];
    if orgs.is_empty() {
        return LayoutResult { moves: Vec::new(), decor: None, notes };
    }
    let mean_width = orgs.iter().map(|o| label_width(o)).sum::<f32>() / orgs.len() as f32 + LANE_PADDING;
    let n = orgs.len() as f32;
    let cols = usize::try_from(crate::convert::round_px((4.0 / 3.0 * n * ROW / mean_width).sqrt()))
        .unwrap_or(1)
        .clamp(1, orgs.len());
    let mut widths = vec![MIN_LANE * 0.5; cols];
    for (i, o) in orgs.iter().enumerate() {
        widths[i % cols] = widths[i % cols].max(label_width(o) + LANE_PADDING * 0.5);
    }
    let left = map
        .organisations()
        .filter(|o| !free.contains(&o.id))
        .map(|o| o.position[0] + label_width(o) / 2.0 + LANE_PADDING)
        .fold(0.0f32, f32::max);
    let mut xs = Vec::with_capacity(cols);
    let mut x = left;
    for w in &widths {
        xs.push(x + w / 2.0);
        x += w;
    }
    let moves = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.clone(), [round1(xs[i % cols]), round1(TOP + (i / cols) as f32 * ROW)]))
        .collect();
    LayoutResult { moves, decor: None, notes }
}
