//! Network analysis for the research questions: who links to whom (degree), who holds the
//! patchwork together (betweenness, articulation points, bridges), who is isolated, how
//! referrals travel (shortest paths over chosen link types, reach within N steps), and which
//! voluntary organisations stay independent of statutory services (no information-sharing path
//! to one). Centralities follow networkx's definitions and normalisation on the simple
//! undirected graph of the map. No egui here.

pub mod journeys;

use crate::model::{LinkId, Map, OrgId, TypeId};
use serde::Serialize;
use std::collections::{HashMap, HashSet, VecDeque};

/// Whether an organisation passes information to statutory services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "steps")]
pub enum Independence {
    /// It is a statutory service.
    Statutory,
    /// No information-sharing path leads from it to a statutory service.
    Independent,
    /// Information reaches a statutory service in this many steps.
    SharesInformation(usize),
}

impl Independence {
    /// A short label for tables.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Independence::Statutory => "statutory".to_owned(),
            Independence::Independent => "independent".to_owned(),
            Independence::SharesInformation(n) => format!("shares ({n} step{})", if n == 1 { "" } else { "s" }),
        }
    }
}

/// Metrics of one organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgMetrics {
    /// The organisation.
    pub id: OrgId,
    /// Its name.
    pub name: String,
    /// Its type id.
    pub org_type: TypeId,
    /// Distinct organisations it is linked with (either way).
    pub degree: usize,
    /// Directed links arriving.
    pub in_degree: usize,
    /// Directed links leaving.
    pub out_degree: usize,
    /// Betweenness centrality, normalised as networkx does.
    pub betweenness: f64,
    /// Closeness centrality (networkx, Wasserman–Faust scaling for disconnected maps).
    pub closeness: f64,
    /// Index of its connected component (largest first).
    pub component: usize,
    /// Removing it would split its component.
    pub articulation_point: bool,
    /// Information sharing with statutory services.
    pub independence: Independence,
}

/// Whole-map results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Per organisation, in id order.
    pub orgs: Vec<OrgMetrics>,
    /// Connected components, largest first (organisation ids).
    pub components: Vec<Vec<OrgId>>,
    /// Organisations with no links.
    pub isolated: Vec<OrgId>,
    /// Single points of failure.
    pub articulation_points: Vec<OrgId>,
    /// Links whose removal splits a component.
    pub bridges: Vec<LinkId>,
    /// Voluntary (non-statutory) organisations with no information-sharing path to a statutory service.
    pub independent_vsos: Vec<OrgId>,
    /// Number of voluntary organisations.
    pub vsos: usize,
}

/// One node in one breadth-first search: paths from the source, dependency, distance
/// (`u32::MAX`: not reached).
#[derive(Clone, Copy)]
struct Visit {
    sigma: f64,
    delta: f64,
    dist: u32,
}

impl Visit {
    const UNSEEN: Visit = Visit { sigma: 0.0, delta: 0.0, dist: u32::MAX };
}

/// Adjacency lists packed into two arrays (compressed sparse rows) with 32-bit node numbers:
/// the breadth-first searches of the centralities walk them from one contiguous block.
struct Csr {
    /// Where node i's neighbours start in `targets`; one entry more than there are nodes.
    starts: Vec<usize>,
    targets: Vec<u32>,
}

impl Csr {
    fn of(adj: &[Vec<usize>]) -> Self {
        let mut starts = Vec::with_capacity(adj.len() + 1);
        let mut targets = Vec::with_capacity(adj.iter().map(Vec::len).sum());
        starts.push(0);
        for list in adj {
            targets.extend(list.iter().map(|&w| u32::try_from(w).unwrap_or(u32::MAX)));
            starts.push(targets.len());
        }
        Self { starts, targets }
    }

    fn neighbours(&self, v: usize) -> &[u32] {
        &self.targets[self.starts[v]..self.starts[v + 1]]
    }
}

/// The simple undirected graph of a map: node i is the i-th organisation in id order.
struct Simple {
    ids: Vec<OrgId>,
    adj: Vec<Vec<usize>>,
}

impl Simple {
    fn of(map: &Map) -> Self {
        let ids: Vec<OrgId> = map.organisations_sorted().into_iter().map(|o| o.id.clone()).collect();
        let index: HashMap<&OrgId, usize> = ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
        let mut adj: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        for l in map.link_records() {
            let (Some(&a), Some(&b)) = (index.get(&l.from), index.get(&l.to)) else { continue };
            if a != b {
                adj[a].push(b);
                adj[b].push(a);
            }
        }
        for list in &mut adj {
            list.sort_unstable();
            list.dedup();
        }
        Self { ids, adj }
    }

    /// Betweenness (Brandes' algorithm, normalised as networkx's `betweenness_centrality`) and
    /// closeness (networkx's `closeness_centrality`, `wf_improved=True`) from one breadth-first
    /// search per organisation, the searches shared out over `threads` threads. `progress` is
    /// told how many searches are done, now and then (from any thread).
    fn centralities(&self, threads: usize, progress: &(dyn Fn(usize) + Sync)) -> (Vec<f64>, Vec<f64>) {
        let n = self.adj.len();
        let threads = threads.clamp(1, n.max(1));
        let done = std::sync::atomic::AtomicUsize::new(0);
        let chunk = n.div_ceil(threads).max(1);
        let csr = &Csr::of(&self.adj);
        let parts: Vec<(Vec<f64>, Vec<f64>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|start| {
                    let done = &done;
                    scope.spawn(move || self.centralities_from(csr, start..(start + chunk).min(n), done, progress))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| (vec![0.0; n], vec![0.0; n]))).collect()
        });
        progress(n);
        let mut betweenness = vec![0.0f64; n];
        let mut closeness = vec![0.0f64; n];
        // Summed in chunk order, so the result does not depend on which thread finished first.
        for (cb, cc) in parts {
            for (total, part) in betweenness.iter_mut().zip(cb) {
                *total += part;
            }
            for (total, part) in closeness.iter_mut().zip(cc) {
                *total += part;
            }
        }
        // Each pair was counted from both ends; networkx's normalised value divides the doubled
        // count by (n-1)(n-2).
        if n > 2 {
            let scale = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
            for v in &mut betweenness {
                *v *= scale;
            }
        }
        (betweenness, closeness)
    }

    /// The searches from `sources`: their betweenness contributions and their closeness.
    fn centralities_from(
        &self,
        csr: &Csr,
        sources: std::ops::Range<usize>,
        done: &std::sync::atomic::AtomicUsize,
        progress: &(dyn Fn(usize) + Sync),
    ) -> (Vec<f64>, Vec<f64>) {
        let n = self.adj.len();
        let mut cb = vec![0.0f64; n];
        let mut closeness = vec![0.0f64; n];
        // Nodes in the order the search reaches them: the queue while searching (`head` is its
        // front), the stack of Brandes' back-propagation afterwards.
        let mut order: Vec<u32> = Vec::with_capacity(n);
        // What the search knows of each node, side by side so a visit touches one cache line.
        let mut state = vec![Visit::UNSEEN; n];
        for s in sources {
            // Only what the last search reached needs resetting.
            for &v in &order {
                state[v as usize] = Visit::UNSEEN;
            }
            order.clear();
            state[s] = Visit { sigma: 1.0, delta: 0.0, dist: 0 };
            order.push(u32::try_from(s).unwrap_or(u32::MAX));
            let mut head = 0;
            let mut total = 0u64;
            while let Some(&v) = order.get(head) {
                head += 1;
                let Visit { dist: dv, sigma: sv, .. } = state[v as usize];
                total += u64::from(dv);
                for &w in csr.neighbours(v as usize) {
                    let next = &mut state[w as usize];
                    if next.dist == u32::MAX {
                        next.dist = dv + 1;
                        order.push(w);
                    }
                    if next.dist == dv + 1 {
                        next.sigma += sv;
                    }
                }
            }
            let reached = order.len() - 1;
            if total > 0 && n > 1 {
                let r = reached as f64;
                closeness[s] = (r / total as f64) * (r / (n as f64 - 1.0));
            }
            // A node's predecessors are its neighbours one step nearer the source: found from
            // the distances, so no lists of them are kept.
            for &w in order.iter().rev() {
                let w = w as usize;
                let Visit { sigma, delta, dist } = state[w];
                let share = (1.0 + delta) / sigma;
                let before = dist.wrapping_sub(1);
                for &v in csr.neighbours(w) {
                    let prev = &mut state[v as usize];
                    if prev.dist == before {
                        prev.delta += prev.sigma * share;
                    }
                }
                if w != s {
                    cb[w] += delta;
                }
            }
            let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if finished.is_multiple_of(256) {
                progress(finished);
            }
        }
        (cb, closeness)
    }

    fn components(&self) -> Vec<Vec<usize>> {
        let n = self.adj.len();
        let mut seen = vec![false; n];
        let mut comps = Vec::new();
        for s in 0..n {
            if seen[s] {
                continue;
            }
            let mut comp = vec![s];
            seen[s] = true;
            let mut i = 0;
            while i < comp.len() {
                for &w in &self.adj[comp[i]] {
                    if !seen[w] {
                        seen[w] = true;
                        comp.push(w);
                    }
                }
                i += 1;
            }
            comp.sort_unstable();
            comps.push(comp);
        }
        comps.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        comps
    }

    /// Articulation points and bridges (Tarjan's low-link, iteratively so deep maps cannot
    /// overflow the stack). Bridges as node pairs (a < b).
    fn cut_points(&self) -> (Vec<bool>, Vec<(usize, usize)>) {
        let n = self.adj.len();
        let mut disc = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut art = vec![false; n];
        let mut bridges = Vec::new();
        let mut time = 0;
        for root in 0..n {
            if disc[root] != usize::MAX {
                continue;
            }
            // Stack of (node, parent, next neighbour index).
            let mut stack: Vec<(usize, usize, usize)> = vec![(root, usize::MAX, 0)];
            disc[root] = time;
            low[root] = time;
            time += 1;
            let mut root_children = 0;
            while let Some(&mut (v, parent, ref mut next)) = stack.last_mut() {
                if *next < self.adj[v].len() {
                    let w = self.adj[v][*next];
                    *next += 1;
                    if disc[w] == usize::MAX {
                        disc[w] = time;
                        low[w] = time;
                        time += 1;
                        if v == root {
                            root_children += 1;
                        }
                        stack.push((w, v, 0));
                    } else if w != parent {
                        low[v] = low[v].min(disc[w]);
                    }
                } else {
                    stack.pop();
                    if parent != usize::MAX {
                        low[parent] = low[parent].min(low[v]);
                        if low[v] > disc[parent] {
                            bridges.push((parent.min(v), parent.max(v)));
                        }
                        if parent != root && low[v] >= disc[parent] {
                            art[parent] = true;
                        }
                    }
                }
            }
            if root_children > 1 {
                art[root] = true;
            }
        }
        (art, bridges)
    }
}

/// Whether a type is a statutory service (the default typology's `statutory`, or any type
/// whose id or name says "statutory").
#[must_use]
pub fn is_statutory(map: &Map, t: &TypeId) -> bool {
    t.as_str().contains("statutory")
        || map.typology().org_type(t).is_some_and(|ty| ty.name.to_lowercase().contains("statutory"))
}

/// Whether a link type is information sharing.
#[must_use]
pub fn is_information_sharing(map: &Map, t: &TypeId) -> bool {
    t.as_str() == "information_sharing"
        || map.typology().link_type(t).is_some_and(|ty| ty.name.to_lowercase().contains("information"))
}

/// Adjacency following links of the given types (all types if empty), respecting direction
/// for directed types.
fn directed_adjacency(map: &Map, types: &[TypeId]) -> HashMap<OrgId, Vec<OrgId>> {
    let mut adj: HashMap<OrgId, Vec<OrgId>> = HashMap::new();
    for l in map.link_records() {
        if !types.is_empty() && !types.contains(&l.link_type) {
            continue;
        }
        let directed = map.typology().link_type(&l.link_type).is_none_or(|t| t.directed);
        adj.entry(l.from.clone()).or_default().push(l.to.clone());
        if !directed {
            adj.entry(l.to.clone()).or_default().push(l.from.clone());
        }
    }
    for v in adj.values_mut() {
        v.sort_by(|a, b| crate::model::ids::natural_cmp(a.as_str(), b.as_str()));
        v.dedup();
    }
    adj
}

/// The shortest path from `from` to `to` following only links of `types` (all if empty), in
/// their direction. Ties go to the path through lower ids (deterministic).
#[must_use]
pub fn shortest_path(map: &Map, from: &OrgId, to: &OrgId, types: &[TypeId]) -> Option<Vec<OrgId>> {
    let adj = directed_adjacency(map, types);
    let mut prev: HashMap<OrgId, OrgId> = HashMap::new();
    let mut seen: HashSet<OrgId> = HashSet::from([from.clone()]);
    let mut queue = VecDeque::from([from.clone()]);
    while let Some(v) = queue.pop_front() {
        if &v == to {
            let mut path = vec![v.clone()];
            let mut cur = v;
            while let Some(p) = prev.get(&cur) {
                path.push(p.clone());
                cur = p.clone();
            }
            path.reverse();
            return Some(path);
        }
        for w in adj.get(&v).into_iter().flatten() {
            if seen.insert(w.clone()) {
                prev.insert(w.clone(), v.clone());
                queue.push_back(w.clone());
            }
        }
    }
    None
}

/// Organisations reachable from `from` within `steps` links of `types` (all if empty), with
/// their distance, nearest first.
#[must_use]
pub fn reach(map: &Map, from: &OrgId, steps: usize, types: &[TypeId]) -> Vec<(OrgId, usize)> {
    let adj = directed_adjacency(map, types);
    let mut dist: HashMap<OrgId, usize> = HashMap::from([(from.clone(), 0)]);
    let mut queue = VecDeque::from([from.clone()]);
    let mut out = Vec::new();
    while let Some(v) = queue.pop_front() {
        let d = dist[&v];
        if d >= steps {
            continue;
        }
        for w in adj.get(&v).into_iter().flatten() {
            if !dist.contains_key(w) {
                dist.insert(w.clone(), d + 1);
                out.push((w.clone(), d + 1));
                queue.push_back(w.clone());
            }
        }
    }
    out
}

/// An organisation and its neighbours within `steps` links (either direction, any type): the
/// "focus" of a workshop discussion.
#[must_use]
pub fn neighbourhood(map: &Map, centre: &OrgId, steps: usize) -> HashSet<OrgId> {
    let mut seen: HashSet<OrgId> = HashSet::from([centre.clone()]);
    let mut frontier = vec![centre.clone()];
    for _ in 0..steps {
        let mut next = Vec::new();
        for id in &frontier {
            for l in map.links_of(id) {
                let other = if &l.from == id { l.to } else { l.from };
                if seen.insert(other.clone()) {
                    next.push(other);
                }
            }
        }
        frontier = next;
    }
    seen
}

/// Distance along information-sharing links (in their direction) from each organisation to the
/// nearest statutory service: one breadth-first search backwards from all statutory services.
fn information_distance(map: &Map) -> HashMap<OrgId, usize> {
    let mut reverse: HashMap<OrgId, Vec<OrgId>> = HashMap::new();
    for l in map.link_records() {
        if !is_information_sharing(map, &l.link_type) {
            continue;
        }
        let directed = map.typology().link_type(&l.link_type).is_none_or(|t| t.directed);
        reverse.entry(l.to.clone()).or_default().push(l.from.clone());
        if !directed {
            reverse.entry(l.from.clone()).or_default().push(l.to.clone());
        }
    }
    let mut dist: HashMap<OrgId, usize> = HashMap::new();
    let mut queue = VecDeque::new();
    for o in map.organisations_sorted() {
        if is_statutory(map, &o.org_type) {
            dist.insert(o.id.clone(), 0);
            queue.push_back(o.id.clone());
        }
    }
    while let Some(v) = queue.pop_front() {
        let d = dist[&v];
        for w in reverse.get(&v).into_iter().flatten() {
            if !dist.contains_key(w) {
                dist.insert(w.clone(), d + 1);
                queue.push_back(w.clone());
            }
        }
    }
    dist
}

/// Every metric for every organisation, and the summary.
#[must_use]
pub fn analyse(map: &Map) -> Analysis {
    analyse_with_progress(map, &|_, _| {})
}

/// [`analyse`], telling `progress` (done, total) as the centralities are computed — the part that
/// grows with the square of the map (half a minute at 20,000 organisations on one core).
#[must_use]
pub fn analyse_with_progress(map: &Map, progress: &(dyn Fn(usize, usize) + Sync)) -> Analysis {
    analyse_with(map, true, progress)
}

/// [`analyse_with_progress`], with betweenness and closeness left at 0 unless `centralities`
/// (everything else is close to linear in the map's size).
#[must_use]
pub fn analyse_with(map: &Map, centralities: bool, progress: &(dyn Fn(usize, usize) + Sync)) -> Analysis {
    let g = Simple::of(map);
    let n = g.ids.len();
    let (betweenness, closeness) = if centralities {
        g.centralities(crate::worker_threads(), &|done| progress(done, n))
    } else {
        (vec![0.0; n], vec![0.0; n])
    };
    let comps = g.components();
    let mut component_of = vec![0usize; g.ids.len()];
    for (c, members) in comps.iter().enumerate() {
        for &m in members {
            component_of[m] = c;
        }
    }
    let (art, bridge_pairs) = g.cut_points();
    let info = information_distance(map);
    let (mut indeg, mut outdeg): (HashMap<&OrgId, usize>, HashMap<&OrgId, usize>) = (HashMap::new(), HashMap::new());
    let records = map.link_records();
    for l in &records {
        if map.typology().link_type(&l.link_type).is_none_or(|t| t.directed) {
            *outdeg.entry(&l.from).or_default() += 1;
            *indeg.entry(&l.to).or_default() += 1;
        }
    }
    let orgs: Vec<OrgMetrics> = g
        .ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let o = map.org(id)?;
            let independence = if is_statutory(map, &o.org_type) {
                Independence::Statutory
            } else {
                info.get(id).map_or(Independence::Independent, |&d| Independence::SharesInformation(d))
            };
            Some(OrgMetrics {
                id: id.clone(),
                name: o.name.clone(),
                org_type: o.org_type.clone(),
                degree: g.adj[i].len(),
                in_degree: indeg.get(id).copied().unwrap_or(0),
                out_degree: outdeg.get(id).copied().unwrap_or(0),
                betweenness: betweenness[i],
                closeness: closeness[i],
                component: component_of[i],
                articulation_point: art[i],
                independence,
            })
        })
        .collect();
    let index: HashMap<&OrgId, usize> = g.ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let bridge_set: HashSet<(usize, usize)> = bridge_pairs.into_iter().collect();
    let pair = |l: &crate::model::LinkRecord| {
        let (a, b) = (index[&l.from], index[&l.to]);
        (a.min(b), a.max(b))
    };
    // Links per pair of organisations, counted once: a bridge between two organisations joined
    // by several links is not a bridge.
    let mut links_per_pair: HashMap<(usize, usize), usize> = HashMap::new();
    for l in &records {
        *links_per_pair.entry(pair(l)).or_default() += 1;
    }
    let mut bridges: Vec<LinkId> = records
        .iter()
        .filter(|l| bridge_set.contains(&pair(l)) && links_per_pair.get(&pair(l)) == Some(&1))
        .map(|l| l.id.clone())
        .collect();
    bridges.sort_by(|a, b| crate::model::ids::natural_cmp(a.as_str(), b.as_str()));
    let vsos = orgs.iter().filter(|m| m.independence != Independence::Statutory).count();
    Analysis {
        components: comps.iter().map(|c| c.iter().map(|&i| g.ids[i].clone()).collect()).collect(),
        isolated: orgs.iter().filter(|m| m.degree == 0).map(|m| m.id.clone()).collect(),
        articulation_points: orgs.iter().filter(|m| m.articulation_point).map(|m| m.id.clone()).collect(),
        bridges,
        independent_vsos: orgs
            .iter()
            .filter(|m| m.independence == Independence::Independent)
            .map(|m| m.id.clone())
            .collect(),
        vsos,
        orgs,
    }
}

/// The per-organisation table: a header row, then one row per organisation (names as typed;
/// the writer of a file makes them safe for it).
#[must_use]
pub fn metrics_rows(map: &Map, analysis: &Analysis) -> Vec<Vec<String>> {
    let header = [
        "ID",
        "Name",
        "Type",
        "Degree",
        "In degree",
        "Out degree",
        "Betweenness",
        "Closeness",
        "Component",
        "Articulation point",
        "Information sharing",
    ];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    rows.extend(analysis.orgs.iter().map(|m| {
        let ty = map.typology().org_type(&m.org_type).map_or(m.org_type.as_str(), |t| t.name.as_str());
        vec![
            m.id.as_str().to_owned(),
            m.name.clone(),
            ty.to_owned(),
            m.degree.to_string(),
            m.in_degree.to_string(),
            m.out_degree.to_string(),
            format!("{:.6}", m.betweenness),
            format!("{:.6}", m.closeness),
            (m.component + 1).to_string(),
            (if m.articulation_point { "yes" } else { "no" }).to_owned(),
            m.independence.label(),
        ]
    }));
    rows
}

pub mod open_at;

#[cfg(test)]
mod tests;
