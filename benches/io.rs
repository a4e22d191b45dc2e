//! Load and save of generated maps (200, 2,000 and 20,000 organisations, three links each).
//! Targets at 20,000: load ≤ 60 ms, save ≤ 25 ms.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use patchwork::generate::generate_map;
use patchwork::io::{map_from_bytes, map_to_bytes};
use std::hint::black_box;
use std::path::Path;

fn io(c: &mut Criterion) {
    let mut group = c.benchmark_group("json");
    group.sample_size(20);
    for n in [200usize, 2_000, 20_000] {
        let map = generate_map(n, 1);
        let bytes = map_to_bytes(&map);
        group.bench_with_input(BenchmarkId::new("load", n), &bytes, |b, bytes| {
            b.iter(|| map_from_bytes(Path::new("bench.json"), black_box(bytes)).map(|m| m.org_count()));
        });
        group.bench_with_input(BenchmarkId::new("save", n), &map, |b, map| {
            b.iter(|| map_to_bytes(black_box(map)).len());
        });
    }
    group.finish();
}

criterion_group!(benches, io);
criterion_main!(benches);
