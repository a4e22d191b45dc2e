//! Force layout on generated maps of 2,000 and 20,000 organisations (three links each), from
//! scrambled positions. Reports time; crossings per link are printed once per size (the
//! peers on the same 20,000/60,000 graph: sfdp ~4.5 s and ~750 crossings per edge, igraph
//! Fruchterman–Reingold ~1.15 s and ~950).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use patchwork::edit::{Edit, apply};
use patchwork::generate::generate_map;
use patchwork::layout::{Algorithm, ForceLayout, ForceParams, edge_crossings, run};
use std::hint::black_box;

// The app's allocator (see main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::io::Write;

fn params(n: usize) -> ForceParams {
    ForceParams { iterations: patchwork::layout::auto_iterations(n), seed: 7, scramble: true, ..ForceParams::default() }
}

fn force(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for n in [2_000usize, 20_000] {
        let map = generate_map(n, 1);
        // Quality, measured once: crossings per link after the layout.
        let result = run(&map, Algorithm::Force, &params(n));
        let mut laid = map.clone();
        let _ = apply(&mut laid, Edit::MoveOrganisations(result.moves));
        let crossings = edge_crossings(&laid);
        let _ = writeln!(
            std::io::stderr(),
            "layout/force/{n}: {crossings} crossings, {:.1} per link",
            crossings as f64 / laid.link_count() as f64
        );
        group.bench_with_input(BenchmarkId::new("force", n), &map, |b, map| {
            b.iter(|| {
                let mut f = ForceLayout::new(black_box(map), &params(n));
                f.run();
                f.positions().len()
            });
        });
        group.bench_with_input(BenchmarkId::new("force_step", n), &map, |b, map| {
            let mut f = ForceLayout::new(map, &ForceParams { iterations: 1_000_000, ..params(n) });
            b.iter(|| f.step());
        });
    }
    group.finish();
}

/// Crisis lanes: crossings on the example (printed once: the target is fewer than 20
/// plain barycentre sweeps reach, 236 there) and the time at 2,000 and 20,000 organisations.
fn lanes(c: &mut Criterion) {
    let Ok(example) = patchwork::example_map() else { return };
    let result = run(&example, Algorithm::Lanes, &ForceParams::default());
    let mut laid = example.clone();
    let _ = apply(&mut laid, result.edit(&example));
    let _ = writeln!(std::io::stderr(), "layout/lanes/example: {} crossings", edge_crossings(&laid));
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for n in [2_000usize, 20_000] {
        let map = generate_map(n, 1);
        group.bench_with_input(BenchmarkId::new("lanes", n), &map, |b, map| {
            b.iter(|| run(black_box(map), Algorithm::Lanes, &ForceParams::default()).moves.len());
        });
    }
    group.finish();
}

criterion_group!(benches, force, lanes);
criterion_main!(benches);
