//! A uniform grid over points (marker centres): which items lie in each cell, stored flat, so a
//! neighbourhood or rectangle query looks only at the cells it overlaps. Used for label
//! placement, hit-testing and box select.

use crate::model::MapPos;

/// Items bucketed by cell. Cells outside the points' bounds are clamped to the border cells.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    origin: MapPos,
    cell: f32,
    cols: usize,
    rows: usize,
    /// `starts[c]..starts[c + 1]` indexes `items` for cell `c`.
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Grid {
    /// A grid of `cell`-sized cells over the points (item `i` is `points[i]`). The cell grows if
    /// the points are spread so thinly that the grid would have far more cells than points.
    #[must_use]
    pub fn new(points: &[MapPos], cell: f32) -> Self {
        let Some(&first) = points.first() else { return Self::default() };
        let (mut min, mut max) = (first, first);
        for p in points {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
        }
        let (w, h) = ((max[0] - min[0]).max(1.0), (max[1] - min[1]).max(1.0));
        // At most ~4 cells per point, and no more than that many along either side.
        let budget = (points.len() * 4 + 64) as f32;
        let cell = cell.max(1.0).max((w * h / budget).sqrt()).max(w / budget).max(h / budget);
        let cols = crate::convert::round_px(w / cell) as usize + 1;
        let rows = crate::convert::round_px(h / cell) as usize + 1;
        let mut grid = Self { origin: min, cell, cols, rows, starts: vec![0; cols * rows + 1], items: Vec::new() };
        let cells: Vec<usize> = points.iter().map(|&p| grid.cell_of(p)).collect();
        for &c in &cells {
            grid.starts[c + 1] += 1;
        }
        for c in 0..cols * rows {
            grid.starts[c + 1] += grid.starts[c];
        }
        let mut fill = grid.starts.clone();
        grid.items = vec![0; points.len()];
        for (i, &c) in cells.iter().enumerate() {
            grid.items[fill[c] as usize] = u32::try_from(i).unwrap_or(u32::MAX);
            fill[c] += 1;
        }
        grid
    }

    fn col_row(&self, p: MapPos) -> (usize, usize) {
        use crate::convert::cell_index;
        (cell_index(p[0], self.origin[0], self.cell, self.cols), cell_index(p[1], self.origin[1], self.cell, self.rows))
    }

    fn cell_of(&self, p: MapPos) -> usize {
        let (c, r) = self.col_row(p);
        r * self.cols + c
    }

    /// Calls `f` with every item in the cells overlapping the rectangle (a superset of the items
    /// inside it), stopping at the first that returns true; returns whether one did.
    pub fn any_in(&self, min: MapPos, max: MapPos, mut f: impl FnMut(usize) -> bool) -> bool {
        if self.items.is_empty() {
            return false;
        }
        let (c0, r0) = self.col_row(min);
        let (c1, r1) = self.col_row(max);
        for r in r0..=r1 {
            let (a, b) = (self.starts[r * self.cols + c0] as usize, self.starts[r * self.cols + c1 + 1] as usize);
            if self.items[a..b].iter().any(|&i| f(i as usize)) {
                return true;
            }
        }
        false
    }

    /// Calls `f` with every item in the cells overlapping the rectangle.
    pub fn for_each_in(&self, min: MapPos, max: MapPos, mut f: impl FnMut(usize)) {
        self.any_in(min, max, |i| {
            f(i);
            false
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_find_exactly_the_items_in_overlapping_cells() {
        let points: Vec<MapPos> = (0..100).map(|i| [(i % 10) as f32 * 50.0, (i / 10) as f32 * 50.0]).collect();
        let grid = Grid::new(&points, 50.0);
        let mut found = Vec::new();
        grid.for_each_in([60.0, 60.0], [140.0, 140.0], |i| found.push(i));
        let inside: Vec<usize> = (0..100)
            .filter(|&i| (60.0..=140.0).contains(&points[i][0]) && (60.0..=140.0).contains(&points[i][1]))
            .collect();
        assert!(inside.iter().all(|i| found.contains(i)), "{inside:?} in {found:?}");
        assert!(found.len() < 20, "only nearby cells: {}", found.len());
        // Far outside the points: clamped to border cells, never out of bounds.
        grid.for_each_in([-1e9, -1e9], [-1e8, -1e8], |_| {});
        grid.for_each_in([1e9, f32::NAN], [1e10, 1e10], |_| {});
        assert!(!Grid::default().any_in([0.0; 2], [1.0; 2], |_| true));
    }

    #[test]
    fn sparse_points_do_not_make_a_huge_grid() {
        let grid = Grid::new(&[[0.0, 0.0], [1e7, 1e7]], 10.0);
        assert!(grid.starts.len() < 100, "{}", grid.starts.len());
        let mut n = 0;
        grid.for_each_in([-1.0, -1.0], [2e7, 2e7], |_| n += 1);
        assert_eq!(n, 2);
    }
}
