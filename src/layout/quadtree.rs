//! A Barnes–Hut quadtree over points with unit mass: far-away groups of organisations push as
//! one, which makes a repulsion pass O(n log n).
//!
//! The tree is built from the points sorted along a Z-order (Morton) curve of its own square:
//! every cell is then one run of that order, cells are laid out depth first (a walk reads
//! memory forwards), and building is a partition of the sorted run rather than a million
//! pointer-chasing inserts.

/// One cell of the tree.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    /// Centre of mass.
    cx: f32,
    cy: f32,
    mass: f32,
    /// Square bounds: centre and half size.
    x: f32,
    y: f32,
    half: f32,
    /// First child index (four consecutive), or 0 for a leaf.
    children: u32,
    /// Its points: `QuadTree::sorted[first..first + count]`.
    first: u32,
    count: u32,
}

/// The tree, rebuilt every iteration in reused buffers.
#[derive(Debug, Default)]
pub struct QuadTree {
    cells: Vec<Cell>,
    /// Point indices in Z-order.
    sorted: Vec<u32>,
    /// Z-order keys (with their point) for sorting.
    keys: Vec<(u64, u32)>,
}

/// Levels below the root: cells at the last level are leaves whatever they hold (points closer
/// than 1/16,777,216 of the map's width, in practice coincident ones).
const LEVELS: u32 = 24;

/// Points per group in [`QuadTree::repulsion_all`]: a group shares one walk of the tree.
const GROUP: u32 = 48;

/// Spreads the low 24 bits of `v` to the even bits of a u64.
fn spread(v: u32) -> u64 {
    let mut v = u64::from(v & 0x00FF_FFFF);
    v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
    v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
    v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
    v = (v | (v << 2)) & 0x3333_3333_3333_3333;
    (v | (v << 1)) & 0x5555_5555_5555_5555
}

impl QuadTree {
    /// Builds the tree over `points`.
    pub fn build(&mut self, points: &[[f32; 2]]) {
        self.cells.clear();
        self.sorted.clear();
        self.keys.clear();
        if points.is_empty() {
            return;
        }
        let (mut minx, mut miny, mut maxx, mut maxy) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in points {
            minx = minx.min(p[0]);
            miny = miny.min(p[1]);
            maxx = maxx.max(p[0]);
            maxy = maxy.max(p[1]);
        }
        let half = ((maxx - minx).max(maxy - miny) / 2.0).max(1.0) * 1.01;
        let (x, y) = (f32::midpoint(minx, maxx), f32::midpoint(miny, maxy));
        // Key digits: at each level, 1 for the right half plus 2 for the lower half, as
        // `child_of` numbers the children.
        let cells_per_side = 1u32 << LEVELS;
        let size = 2.0 * half / cells_per_side as f32;
        let quantise = |v: f32, lo: f32| {
            u32::try_from(crate::convert::cell_index(v, lo, size, cells_per_side as usize)).unwrap_or(0)
        };
        self.keys.extend(points.iter().enumerate().map(|(i, p)| {
            let key = spread(quantise(p[0], x - half)) | (spread(quantise(p[1], y - half)) << 1);
            (key, u32::try_from(i).unwrap_or(u32::MAX))
        }));
        // Positions change little between iterations, so the keys are nearly in order already.
        self.keys.sort_unstable();
        self.sorted.extend(self.keys.iter().map(|k| k.1));
        self.cells.push(Cell { x, y, half, ..Cell::default() });
        let n = u32::try_from(points.len()).unwrap_or(u32::MAX);
        self.fill(0, 0, n, 0, points);
    }

    /// Makes cell `at` (bounds already set) hold the sorted points `lo..hi`, at `level`.
    fn fill(&mut self, at: usize, lo: u32, hi: u32, level: u32, points: &[[f32; 2]]) {
        let c = self.cells[at];
        self.cells[at].first = lo;
        self.cells[at].count = hi - lo;
        if hi - lo <= 1 || level >= LEVELS {
            let (mut sx, mut sy) = (0.0f32, 0.0f32);
            for &i in &self.sorted[lo as usize..hi as usize] {
                sx += points[i as usize][0];
                sy += points[i as usize][1];
            }
            let m = (hi - lo) as f32;
            let cell = &mut self.cells[at];
            cell.mass = m;
            (cell.cx, cell.cy) = if m > 0.0 { (sx / m, sy / m) } else { (c.x, c.y) };
            return;
        }
        let first = self.cells.len();
        let h = c.half / 2.0;
        for q in 0..4 {
            let x = if q % 2 == 1 { c.x + h } else { c.x - h };
            let y = if q >= 2 { c.y + h } else { c.y - h };
            self.cells.push(Cell { x, y, half: h, ..Cell::default() });
        }
        self.cells[at].children = u32::try_from(first).unwrap_or(u32::MAX);
        // The run splits by this level's key digit.
        let shift = 2 * (LEVELS - 1 - level);
        let mut start = lo;
        let (mut mass, mut sx, mut sy) = (0.0f32, 0.0f32, 0.0f32);
        for q in 0..4usize {
            let keys = &self.keys[lo as usize..hi as usize];
            let split = keys.partition_point(|k| (k.0 >> shift) & 3 <= q as u64);
            let end = lo + u32::try_from(split).unwrap_or(0);
            self.fill(first + q, start, end, level + 1, points);
            let child = &self.cells[first + q];
            mass += child.mass;
            sx += child.cx * child.mass;
            sy += child.cy * child.mass;
            start = end;
        }
        let cell = &mut self.cells[at];
        cell.mass = mass;
        (cell.cx, cell.cy) = (sx / mass, sy / mass);
    }

    /// The repulsive force on point `p` (index `me`) from all others: `strength / distance`
    /// along the line between them, cells far enough away (size/distance < theta) taken whole.
    /// The point-by-point form of [`QuadTree::repulsion_all`], kept as its reference in tests.
    #[cfg(test)]
    #[must_use]
    pub fn repulsion(&self, me: u32, points: &[[f32; 2]], strength: f32, theta: f32) -> [f32; 2] {
        let p = points[me as usize];
        let mut f = [0.0f32; 2];
        let mut stack = vec![0usize];
        let mut add = |q: [f32; 2], mass: f32| {
            let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
            let k = strength * mass / (dx * dx + dy * dy).max(1.0);
            f[0] += dx * k;
            f[1] += dy * k;
        };
        while let Some(i) = stack.pop() {
            let c = &self.cells[i];
            if c.mass == 0.0 {
                continue;
            }
            let (dx, dy) = (p[0] - c.cx, p[1] - c.cy);
            let size = c.half * 2.0;
            if c.children == 0 {
                for &j in &self.sorted[c.first as usize..(c.first + c.count) as usize] {
                    if j != me {
                        add(points[j as usize], 1.0);
                    }
                }
            } else if size * size < theta * theta * (dx * dx + dy * dy) {
                add([c.cx, c.cy], c.mass);
            } else {
                let first = c.children as usize;
                stack.extend(first..first + 4);
            }
        }
        f
    }

    /// The cells points are grouped by: the highest cells holding at most [`GROUP`] points
    /// (or leaves), in depth-first order, so their runs of points follow one another.
    fn groups(&self) -> Vec<usize> {
        let mut groups = Vec::new();
        let mut stack = vec![0usize];
        while let Some(i) = stack.pop() {
            let c = &self.cells[i];
            if c.count == 0 {
                continue;
            }
            if c.children == 0 || c.count <= GROUP {
                groups.push(i);
            } else {
                let first = c.children as usize;
                stack.extend((first..first + 4).rev());
            }
        }
        groups
    }

    /// The bodies pushing on the points of group cell `g`: cells far enough from the group's
    /// whole square (size < theta × distance from the square) taken whole, nearer ones opened
    /// down to their leaves' points. Every point of the group is at least that far from each
    /// whole cell, so this is never coarser than asking point by point.
    fn bodies_for(&self, g: usize, points: &[[f32; 2]], theta: f32, stack: &mut Vec<usize>, out: &mut Bodies) {
        out.clear();
        let b = &self.cells[g];
        let theta2 = theta * theta;
        stack.clear();
        stack.push(0);
        while let Some(i) = stack.pop() {
            let c = &self.cells[i];
            if c.count == 0 {
                continue;
            }
            if c.children == 0 && c.count <= GROUP {
                for &j in &self.sorted[c.first as usize..(c.first + c.count) as usize] {
                    out.push(points[j as usize], 1.0);
                }
                continue;
            }
            if c.children == 0 {
                // Many points on one spot (the deepest level): one body, not a body per point
                // for each of them.
                out.push([c.cx, c.cy], c.mass);
                continue;
            }
            let dx = ((c.cx - b.x).abs() - b.half).max(0.0);
            let dy = ((c.cy - b.y).abs() - b.half).max(0.0);
            let size = c.half * 2.0;
            if size * size < theta2 * (dx * dx + dy * dy) {
                out.push([c.cx, c.cy], c.mass);
            } else {
                let first = c.children as usize;
                stack.extend(first..first + 4);
            }
        }
        out.pad();
    }

    /// The repulsive force on every point (`strength / distance` from each other point, far
    /// groups taken whole) into `out`, zero where `wanted` is false. Points are grouped by
    /// tree cell and each group walks the tree once; groups are shared between `threads`
    /// threads, and the result does not depend on how many.
    pub fn repulsion_all(
        &self,
        points: &[[f32; 2]],
        wanted: &[bool],
        strength: f32,
        theta: f32,
        threads: usize,
        out: &mut [[f32; 2]],
    ) {
        out.fill([0.0, 0.0]);
        if self.cells.is_empty() {
            return;
        }
        let groups = self.groups();
        // Forces in sorted order: each group's run is one slice.
        let mut forces = vec![[0.0f32; 2]; self.sorted.len()];
        // Threads take runs of whole groups of about equal numbers of points.
        let per = u32::try_from(points.len().div_ceil(threads.max(1)).max(1)).unwrap_or(u32::MAX);
        let mut cuts = vec![0usize];
        let mut taken = 0u32;
        for (k, &g) in groups.iter().enumerate() {
            if taken >= per * u32::try_from(cuts.len()).unwrap_or(u32::MAX) {
                cuts.push(k);
            }
            taken += self.cells[g].count;
        }
        cuts.push(groups.len());
        std::thread::scope(|scope| {
            let mut rest = forces.as_mut_slice();
            for run in cuts.windows(2) {
                let points_in = |k: usize| self.cells[groups[k]].count as usize;
                let (mine, others) = rest.split_at_mut((run[0]..run[1]).map(points_in).sum());
                rest = others;
                let groups = &groups;
                scope.spawn(move || {
                    let (mut stack, mut bodies) = (Vec::with_capacity(256), Bodies::default());
                    let base = self.cells[groups[run[0]]].first as usize;
                    for &g in &groups[run[0]..run[1]] {
                        let c = &self.cells[g];
                        let who = &self.sorted[c.first as usize..(c.first + c.count) as usize];
                        if !who.iter().any(|&i| wanted[i as usize]) {
                            continue;
                        }
                        self.bodies_for(g, points, theta, &mut stack, &mut bodies);
                        for (j, &i) in who.iter().enumerate() {
                            if wanted[i as usize] {
                                let f = bodies.push_on(points[i as usize]);
                                mine[c.first as usize - base + j] = [f[0] * strength, f[1] * strength];
                            }
                        }
                    }
                });
            }
        });
        for (&i, f) in self.sorted.iter().zip(&forces) {
            out[i as usize] = *f;
        }
    }
}

/// What pushes on one group of points: bodies (a cell's centre of mass and mass, or one
/// point), as three arrays so the per-point sum runs eight bodies at a time.
#[derive(Default)]
struct Bodies {
    x: Vec<f32>,
    y: Vec<f32>,
    m: Vec<f32>,
}

impl Bodies {
    fn clear(&mut self) {
        self.x.clear();
        self.y.clear();
        self.m.clear();
    }

    fn push(&mut self, at: [f32; 2], mass: f32) {
        self.x.push(at[0]);
        self.y.push(at[1]);
        self.m.push(mass);
    }

    /// Pads to a whole number of eights with massless bodies.
    fn pad(&mut self) {
        while !self.m.len().is_multiple_of(8) {
            self.push([0.0, 0.0], 0.0);
        }
    }

    /// The push on `p`: the sum of `mass / max(distance², 1)` along each line from a body.
    /// A body at `p` itself (the point itself) pushes nothing: its line has no length.
    fn push_on(&self, p: [f32; 2]) -> [f32; 2] {
        let (mut fx, mut fy) = ([0.0f32; 8], [0.0f32; 8]);
        for ((x, y), m) in self.x.chunks_exact(8).zip(self.y.chunks_exact(8)).zip(self.m.chunks_exact(8)) {
            for l in 0..8 {
                let (dx, dy) = (p[0] - x[l], p[1] - y[l]);
                let k = m[l] / (dx * dx + dy * dy).max(1.0);
                fx[l] += dx * k;
                fy[l] += dy * k;
            }
        }
        [fx.iter().sum(), fy.iter().sum()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree_of(points: &[[f32; 2]]) -> QuadTree {
        let mut tree = QuadTree::default();
        tree.build(points);
        tree
    }

    #[test]
    fn every_cell_holds_its_run_of_points_and_their_centre_of_mass() {
        let map = crate::generate::generate_map(2_000, 5);
        let mut points: Vec<[f32; 2]> = map.organisations_sorted().iter().map(|o| o.position).collect();
        // Coincident points end in one deepest leaf.
        points.push(points[0]);
        let tree = tree_of(&points);
        assert_eq!(tree.cells[0].count as usize, points.len());
        let mut seen = vec![0; points.len()];
        for c in &tree.cells {
            let run = &tree.sorted[c.first as usize..(c.first + c.count) as usize];
            for &i in run {
                let p = points[i as usize];
                assert!((p[0] - c.x).abs() <= c.half * 1.001 && (p[1] - c.y).abs() <= c.half * 1.001, "inside");
            }
            if c.children == 0 {
                for &i in run {
                    seen[i as usize] += 1;
                }
            }
            if c.count > 0 {
                let n = run.len() as f32;
                let cx = run.iter().map(|&i| points[i as usize][0]).sum::<f32>() / n;
                assert!((cx - c.cx).abs() < 0.05 * c.half.max(1.0), "{cx} vs {}", c.cx);
            }
        }
        assert!(seen.iter().all(|&s| s == 1), "every point in exactly one leaf");
    }

    #[test]
    fn many_points_on_one_spot_push_as_one_body() {
        let mut points = vec![[500.0, 500.0]; 300];
        points.extend((0..50).map(|i| [f32::from(u8::try_from(i).unwrap_or(0)) * 20.0, 0.0]));
        let tree = tree_of(&points);
        let group = tree.groups().into_iter().find(|&g| tree.cells[g].count >= 300).unwrap();
        let (mut stack, mut bodies) = (Vec::new(), Bodies::default());
        tree.bodies_for(group, &points, 1.0, &mut stack, &mut bodies);
        assert!(bodies.m.len() < 100, "{} bodies, not one per point on the spot", bodies.m.len());
        let mut out = vec![[0.0; 2]; points.len()];
        tree.repulsion_all(&points, &vec![true; points.len()], 1.0, 1.0, 2, &mut out);
        assert!(out[0][0].abs() < 1.0 && out[0][1] > 0.0, "pushed away from the row at y = 0: {:?}", out[0]);
    }

    #[test]
    fn grouped_forces_match_point_by_point_ones_on_any_thread_count() {
        let map = crate::generate::generate_map(3_000, 3);
        let points: Vec<[f32; 2]> = map.organisations_sorted().iter().map(|o| o.position).collect();
        let tree = tree_of(&points);
        let wanted: Vec<bool> = (0..points.len()).map(|i| i % 7 != 0).collect();
        let (strength, theta) = (120.0 * 120.0, 1.0);
        let mut one = vec![[0.0; 2]; points.len()];
        tree.repulsion_all(&points, &wanted, strength, theta, 1, &mut one);
        let mut three = vec![[9.0; 2]; points.len()];
        tree.repulsion_all(&points, &wanted, strength, theta, 3, &mut three);
        assert!(one == three, "the same whatever the thread count");
        // Exact forces (every pair) for a sample: the grouped ones are at least as close as
        // the point-by-point approximation.
        let (mut grouped_err, mut point_err) = (0.0f64, 0.0f64);
        for i in (0..points.len()).step_by(37) {
            if !wanted[i] {
                assert!(one[i] == [0.0, 0.0], "unwanted points get no force");
                continue;
            }
            let p = points[i];
            let mut exact = [0.0f64; 2];
            for (j, q) in points.iter().enumerate() {
                if j != i {
                    let (dx, dy) = (f64::from(p[0] - q[0]), f64::from(p[1] - q[1]));
                    let k = f64::from(strength) / (dx * dx + dy * dy).max(1.0);
                    exact = [exact[0] + dx * k, exact[1] + dy * k];
                }
            }
            let reference = tree.repulsion(u32::try_from(i).unwrap_or(0), &points, strength, theta);
            let err = |f: [f32; 2]| (f64::from(f[0]) - exact[0]).hypot(f64::from(f[1]) - exact[1]);
            let scale = exact[0].hypot(exact[1]).max(1.0);
            grouped_err += err(one[i]) / scale;
            point_err += err(reference) / scale;
        }
        assert!(grouped_err <= point_err * 1.05, "grouped {grouped_err} vs point by point {point_err}");
        assert!(grouped_err / 80.0 < 0.05, "within a few per cent of the exact forces: {grouped_err}");
    }
}
