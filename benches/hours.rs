//! Opening hours on a generated map of 20,000 organisations (about 90% with hours, a few in free
//! text): parsing every organisation's hours, who is open at one moment (target ≤ 5 ms), and the
//! week chart (168 moments).

use criterion::{Criterion, criterion_group, criterion_main};
use patchwork::generate::generate_map;
use patchwork::hours::{HoursIndex, Moment, week_chart};
use std::hint::black_box;

// The app's allocator (see main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn hours(c: &mut Criterion) {
    let mut group = c.benchmark_group("hours");
    group.sample_size(20);
    let map = generate_map(20_000, 1);
    let at = Moment::parse("2026-12-06T02:00").map(|m| m.resolve(chrono::NaiveDateTime::default())).unwrap_or_default();
    group.bench_function("parse/20000", |b| b.iter(|| HoursIndex::new(black_box(&map)).parsed_count()));
    let index = HoursIndex::new(&map);
    group.bench_function("open_at/20000", |b| b.iter(|| index.at(black_box(at)).openness.len()));
    group.bench_function("open_at_with_parse/20000", |b| {
        b.iter(|| HoursIndex::new(black_box(&map)).at(at).openness.len());
    });
    group.bench_function("week_chart/20000", |b| b.iter(|| week_chart(&map, &index, at, None).gaps.len()));
    group.finish();
}

criterion_group!(benches, hours);
criterion_main!(benches);
