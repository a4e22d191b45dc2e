//! Load and save of generated maps (200, 2,000 and 20,000 organisations, three links each).
//! Targets at 20,000: load ≤ 60 ms, save ≤ 25 ms.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use patchwork::generate::generate_map;
use patchwork::io::{map_from_bytes, map_to_bytes};
use std::hint::black_box;

// The app's allocator (see main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::Path;

fn io(c: &mut Criterion) {
    let mut group = c.benchmark_group("json");
    group.sample_size(20);
    for n in [200usize, 2_000, 20_000] {
        let map = generate_map(n, 1);
        let bytes = map_to_bytes(&map);
        group.bench_with_input(BenchmarkId::new("load", n), &bytes, |b, bytes| {
            // The loaded map is freed outside the timing: loading is what is measured.
            b.iter_with_large_drop(|| map_from_bytes(Path::new("bench.json"), black_box(bytes)));
        });
        group.bench_with_input(BenchmarkId::new("save", n), &map, |b, map| {
            b.iter(|| map_to_bytes(black_box(map)).len());
        });
    }
    group.finish();
}

/// Figure exports and GraphML import of the 20,000-organisation map (targets: SVG ≤ 0.3 s,
/// PNG at 4,000 px ≤ 1 s, GraphML import ≤ 100 ms).
fn exports(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    let map = generate_map(20_000, 1);
    let options = patchwork::export::ExportOptions::default();
    group.bench_function("svg/20000", |b| {
        b.iter(|| patchwork::export::figure(black_box(&map), &options).map(|f| f.0.svg.len()));
    });
    let (fig, _) = patchwork::export::figure(&map, &options).unwrap_or_else(|_| unreachable!());
    group.bench_function("png_4000px/20000", |b| {
        b.iter(|| patchwork::export::render::png(black_box(&fig), 4000).map(|p| p.len()));
    });
    let graphml = patchwork::export::graphml::graphml(&map);
    let dir = std::env::temp_dir().join("patchwork-bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("g.graphml");
    let _ = std::fs::write(&path, graphml);
    group.bench_function("graphml_import/20000", |b| {
        b.iter(|| {
            patchwork::import::import_into(&patchwork::model::Map::new(), black_box(&path)).map(|m| m.0.org_count())
        });
    });
    group.finish();
}

criterion_group!(benches, io, exports);
criterion_main!(benches);
