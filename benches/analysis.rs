//! `patchwork stats`' betweenness and closeness (Brandes, one breadth-first search per
//! organisation over every core) on generated maps of 2,000 and 5,000 organisations with three
//! links each. They grow with the square of the map: 20,000 organisations / 60,000 links take
//! about 100 times the 2,000 figure (the target there is 14 s, a quarter of igraph's 56 s on the
//! same machine; measure with `/usr/bin/time patchwork stats big.json`).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use patchwork::analysis::analyse_with;
use patchwork::generate::generate_map;
use std::hint::black_box;

// The app's allocator (see main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn centralities(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for n in [2_000usize, 5_000] {
        let map = generate_map(n, 1);
        group.bench_with_input(BenchmarkId::new("centralities", n), &map, |b, map| {
            b.iter(|| analyse_with(black_box(map), true, &|_, _| {}).orgs.len());
        });
    }
    group.finish();
}

criterion_group!(benches, centralities);
criterion_main!(benches);
