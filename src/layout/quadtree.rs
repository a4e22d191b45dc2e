//! A Barnes–Hut quadtree over points with unit mass: far-away groups of organisations push as
//! one, which makes a repulsion pass O(n log n).

/// One cell of the tree.
#[derive(Debug, Clone, Copy)]
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
    /// For a leaf holding one point: its index, else u32::MAX.
    point: u32,
}

/// The tree, rebuilt every iteration in a reused arena.
#[derive(Debug, Default)]
pub struct QuadTree {
    cells: Vec<Cell>,
}

const MAX_DEPTH: u32 = 24;

impl QuadTree {
    /// Builds the tree over `points`, inserting them in `order` (every index once).
    pub fn build_in_order(&mut self, points: &[[f32; 2]], order: &[u32]) {
        self.cells.clear();
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
        self.cells.push(Cell {
            cx: 0.0,
            cy: 0.0,
            mass: 0.0,
            x: f32::midpoint(minx, maxx),
            y: f32::midpoint(miny, maxy),
            half,
            children: 0,
            point: u32::MAX,
        });
        for &i in order {
            self.insert(0, i, points[i as usize], points, 0);
        }
    }

    fn child_of(&self, cell: usize, p: [f32; 2]) -> usize {
        let c = &self.cells[cell];
        let q = usize::from(p[0] >= c.x) + 2 * usize::from(p[1] >= c.y);
        c.children as usize + q
    }

    fn split(&mut self, cell: usize) {
        let c = self.cells[cell];
        let h = c.half / 2.0;
        let first = u32::try_from(self.cells.len()).unwrap_or(u32::MAX);
        for q in 0..4 {
            let x = if q % 2 == 1 { c.x + h } else { c.x - h };
            let y = if q >= 2 { c.y + h } else { c.y - h };
            self.cells.push(Cell { cx: 0.0, cy: 0.0, mass: 0.0, x, y, half: h, children: 0, point: u32::MAX });
        }
        self.cells[cell].children = first;
    }

    fn insert(&mut self, mut cell: usize, idx: u32, p: [f32; 2], points: &[[f32; 2]], mut depth: u32) {
        loop {
            {
                let c = &mut self.cells[cell];
                let m = c.mass + 1.0;
                c.cx = (c.cx * c.mass + p[0]) / m;
                c.cy = (c.cy * c.mass + p[1]) / m;
                c.mass = m;
            }
            let c = self.cells[cell];
            if c.children == 0 {
                if c.point == u32::MAX && c.mass <= 1.0 {
                    self.cells[cell].point = idx;
                    return;
                }
                if depth >= MAX_DEPTH {
                    // Coincident points: keep them together in this leaf.
                    return;
                }
                // Push the resident point down, then continue with the new one.
                let resident = c.point;
                self.cells[cell].point = u32::MAX;
                self.split(cell);
                if resident != u32::MAX {
                    let rp = points[resident as usize];
                    let child = self.child_of(cell, rp);
                    let rc = &mut self.cells[child];
                    rc.cx = rp[0];
                    rc.cy = rp[1];
                    rc.mass = 1.0;
                    rc.point = resident;
                }
            }
            cell = self.child_of(cell, p);
            depth += 1;
        }
    }

    /// The repulsive force on point `p` (index `me`) from all others: `strength / distance`
    /// along the line between them, cells far enough away (size/distance < theta) taken whole.
    /// `stack` is scratch space reused between calls (no allocation per organisation).
    #[must_use]
    pub fn repulsion(&self, me: u32, p: [f32; 2], strength: f32, theta: f32, stack: &mut Vec<usize>) -> [f32; 2] {
        let mut f = [0.0f32; 2];
        if self.cells.is_empty() {
            return f;
        }
        stack.clear();
        stack.push(0);
        while let Some(i) = stack.pop() {
            let c = &self.cells[i];
            if c.mass == 0.0 {
                continue;
            }
            let (dx, dy) = (p[0] - c.cx, p[1] - c.cy);
            let d2 = dx * dx + dy * dy;
            let is_leaf = c.children == 0;
            if is_leaf && c.point == me && c.mass <= 1.0 {
                continue;
            }
            let size = c.half * 2.0;
            if is_leaf || size * size < theta * theta * d2 {
                let mass = if is_leaf && c.point == me { c.mass - 1.0 } else { c.mass };
                let d2 = d2.max(1.0);
                let k = strength * mass / d2;
                f[0] += dx * k;
                f[1] += dy * k;
            } else {
                let first = c.children as usize;
                stack.extend(first..first + 4);
            }
        }
        f
    }
}
