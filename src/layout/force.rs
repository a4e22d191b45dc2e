//! Force-directed layout (Fruchterman–Reingold forces, Barnes–Hut repulsion), stepwise so the
//! canvas can animate it and stop it. Pinned organisations (and, in "only selected" mode, the
//! unselected ones) stay put. Deterministic: same map, same parameters, same seed, same result.

use super::quadtree::QuadTree;
use crate::model::{Map, MapPos, OrgId};
use crate::random::Rng;
use std::collections::{HashMap, HashSet};

/// Parameters of a force layout run.
#[derive(Debug, Clone)]
pub struct ForceParams {
    /// Number of iterations.
    pub iterations: usize,
    /// Seed for the small jitter that separates coincident organisations.
    pub seed: u64,
    /// Preferred link length, map units.
    pub link_length: f32,
    /// Only these organisations move (none: all that are not pinned).
    pub only: Option<HashSet<OrgId>>,
    /// Start from random positions instead of the current ones.
    pub scramble: bool,
}

impl Default for ForceParams {
    fn default() -> Self {
        Self { iterations: 300, seed: 1, link_length: 120.0, only: None, scramble: false }
    }
}

/// Iterations that give a settled layout in good time for a map of `n` organisations: large
/// maps need fewer passes per organisation, because Barnes–Hut moves whole regions at once.
#[must_use]
pub fn auto_iterations(n: usize) -> usize {
    match n {
        0..=2_000 => 300,
        2_001..=10_000 => 200,
        _ => 100,
    }
}

/// A layout in progress.
#[derive(Debug)]
pub struct ForceLayout {
    ids: Vec<OrgId>,
    pos: Vec<[f32; 2]>,
    movable: Vec<bool>,
    edges: Vec<(u32, u32)>,
    k: f32,
    temperature: f32,
    cooling: f32,
    iteration: usize,
    iterations: usize,
    tree: QuadTree,
    disp: Vec<[f32; 2]>,
}

impl ForceLayout {
    /// Prepares a layout of `map`.
    #[must_use]
    pub fn new(map: &Map, params: &ForceParams) -> Self {
        let orgs = map.organisations_sorted();
        let index: HashMap<&OrgId, u32> =
            orgs.iter().enumerate().map(|(i, o)| (&o.id, u32::try_from(i).unwrap_or(u32::MAX))).collect();
        let mut rng = Rng::new(params.seed);
        let n = orgs.len();
        let spread = params.link_length * (n as f32).sqrt().max(1.0);
        let mut pos: Vec<[f32; 2]> = orgs
            .iter()
            .map(|o| if params.scramble && !o.pinned { [rng.unit() * spread, rng.unit() * spread] } else { o.position })
            .collect();
        // Separate organisations that sit on exactly the same spot (e.g. imported without positions).
        let mut seen: HashSet<(u32, u32)> = HashSet::with_capacity(n);
        for p in &mut pos {
            while !seen.insert((p[0].to_bits(), p[1].to_bits())) {
                p[0] += (rng.unit() - 0.5) * params.link_length;
                p[1] += (rng.unit() - 0.5) * params.link_length;
            }
        }
        let movable =
            orgs.iter().map(|o| !o.pinned && params.only.as_ref().is_none_or(|only| only.contains(&o.id))).collect();
        let mut edge_set: HashSet<(u32, u32)> = HashSet::new();
        for l in map.link_records() {
            let (Some(&a), Some(&b)) = (index.get(&l.from), index.get(&l.to)) else { continue };
            edge_set.insert((a.min(b), a.max(b)));
        }
        let mut edges: Vec<(u32, u32)> = edge_set.into_iter().collect();
        edges.sort_unstable();
        let temperature = spread / 10.0;
        let iterations = params.iterations.max(1);
        Self {
            ids: orgs.iter().map(|o| o.id.clone()).collect(),
            pos,
            movable,
            edges,
            k: params.link_length,
            temperature,
            // Cool to 1% of the start over the run.
            cooling: 0.01f32.powf(1.0 / iterations as f32),
            iteration: 0,
            iterations,
            tree: QuadTree::default(),
            disp: vec![[0.0; 2]; n],
        }
    }

    /// Whether the run is over.
    #[must_use]
    pub fn done(&self) -> bool {
        self.iteration >= self.iterations
    }

    /// Fraction done, 0–1.
    #[must_use]
    pub fn progress(&self) -> f32 {
        self.iteration as f32 / self.iterations as f32
    }

    /// One iteration. Returns whether the run is over.
    pub fn step(&mut self) -> bool {
        if self.done() {
            return true;
        }
        let n = self.pos.len();
        self.tree.build(&self.pos);
        let strength = self.k * self.k;
        let theta = 1.0;
        // Repulsion, in parallel over groups of nearby organisations: each result depends only
        // on the tree, so the outcome is the same whatever the thread count.
        self.tree.repulsion_all(&self.pos, &self.movable, strength, theta, crate::worker_threads(), &mut self.disp);
        for &(a, b) in &self.edges {
            let (a, b) = (a as usize, b as usize);
            let (dx, dy) = (self.pos[a][0] - self.pos[b][0], self.pos[a][1] - self.pos[b][1]);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d / self.k;
            let (fx, fy) = (dx * f, dy * f);
            self.disp[a][0] -= fx;
            self.disp[a][1] -= fy;
            self.disp[b][0] += fx;
            self.disp[b][1] += fy;
        }
        let t = self.temperature;
        for i in 0..n {
            if !self.movable[i] {
                continue;
            }
            let [dx, dy] = self.disp[i];
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 && len.is_finite() {
                let step = len.min(t) / len;
                self.pos[i][0] += dx * step;
                self.pos[i][1] += dy * step;
            }
        }
        self.temperature *= self.cooling;
        self.iteration += 1;
        if self.done() {
            self.pack_components();
        }
        self.done()
    }

    /// Brings parts of the map that no link joins to the main part: forces alone push an
    /// isolated organisation ever further out (thousands of units on a map of hundreds). Parts
    /// holding an organisation that may not move, or else the largest part, stay where they
    /// are; the others (largest first, then in map order) are laid in rows under them, a link
    /// length apart, as Graphviz's pack and igraph's component layout do.
    fn pack_components(&mut self) {
        let parts = self.components();
        if parts.len() < 2 {
            return;
        }
        let fixed = |part: &[usize]| part.iter().any(|&i| !self.movable[i]);
        let anchored: Vec<usize> = match (0..parts.len()).filter(|&p| fixed(&parts[p])).collect::<Vec<_>>() {
            found if !found.is_empty() => found,
            _ => vec![0],
        };
        let Some(main) = bounds(anchored.iter().flat_map(|&p| parts[p].iter().map(|&i| self.pos[i]))) else { return };
        let gap = self.k;
        let loose: Vec<usize> = (0..parts.len()).filter(|p| !anchored.contains(p)).collect();
        let area: f32 = loose
            .iter()
            .filter_map(|&p| bounds(parts[p].iter().map(|&i| self.pos[i])))
            .map(|b| (b.1[0] - b.0[0] + 2.5 * gap) * (b.1[1] - b.0[1] + gap))
            .sum();
        let row_width = (main.1[0] - main.0[0]).max(area.sqrt());
        let (mut x, mut y, mut row_height) = (main.0[0], main.1[1] + gap, 0.0f32);
        for p in loose {
            let Some((lo, hi)) = bounds(parts[p].iter().map(|&i| self.pos[i])) else { continue };
            let (w, h) = (hi[0] - lo[0], hi[1] - lo[1]);
            if x > main.0[0] && x + w > main.0[0] + row_width {
                (x, y, row_height) = (main.0[0], y + row_height + gap, 0.0);
            }
            for &i in &parts[p] {
                self.pos[i] = [self.pos[i][0] - lo[0] + x, self.pos[i][1] - lo[1] + y];
            }
            // Room for a label of about thirty characters beside each part.
            x += w + 2.5 * gap;
            row_height = row_height.max(h);
        }
    }

    /// The connected parts of the map, largest first (ties in map order), each in map order.
    fn components(&self) -> Vec<Vec<usize>> {
        let n = self.pos.len();
        let mut parent: Vec<usize> = (0..n).collect();
        for &(a, b) in &self.edges {
            let (ra, rb) = (root(&mut parent, a as usize), root(&mut parent, b as usize));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut by_root: HashMap<usize, usize> = HashMap::new();
        let mut parts: Vec<Vec<usize>> = Vec::new();
        for i in 0..n {
            let r = root(&mut parent, i);
            let at = *by_root.entry(r).or_insert_with(|| {
                parts.push(Vec::new());
                parts.len() - 1
            });
            parts[at].push(i);
        }
        // Stable: equal sizes keep map order.
        parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
        parts
    }

    /// Runs to the end.
    pub fn run(&mut self) {
        while !self.step() {}
    }

    /// Current positions of the organisations that move.
    #[must_use]
    pub fn positions(&self) -> Vec<(OrgId, MapPos)> {
        self.ids
            .iter()
            .zip(&self.pos)
            .zip(&self.movable)
            .filter(|(_, m)| **m)
            .map(|((id, p), _)| (id.clone(), [round1(p[0]), round1(p[1])]))
            .collect()
    }
}

/// The representative of `i`'s set in a union-find forest (paths halved on the way).
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The smallest box holding `points`: (min, max), or `None` for no points.
fn bounds(points: impl Iterator<Item = [f32; 2]>) -> Option<([f32; 2], [f32; 2])> {
    points.fold(None, |acc, p| {
        Some(acc.map_or((p, p), |(lo, hi): ([f32; 2], [f32; 2])| {
            ([lo[0].min(p[0]), lo[1].min(p[1])], [hi[0].max(p[0]), hi[1].max(p[1])])
        }))
    })
}

/// Positions are kept to a tenth of a unit: files stay short and diffs readable.
fn round1(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}
