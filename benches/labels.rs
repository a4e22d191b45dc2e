//! Label placement on generated maps of 2,000, 5,000 and 20,000 organisations (target: 20,000 in
//! at most 50 ms). Filter with e.g. `cargo bench --bench labels -- place/20000`. How many labels
//! were placed and left out is printed once per size.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use patchwork::generate::generate_map;
use patchwork::scene::{LabelRequest, SceneOptions, build, labels};
use std::hint::black_box;
use std::io::Write;

// The app's allocator (see main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn place(c: &mut Criterion) {
    let mut group = c.benchmark_group("labels");
    group.sample_size(20);
    for n in [2_000usize, 5_000, 20_000] {
        let scene = build(&generate_map(n, 1), &SceneOptions::default());
        let _ = writeln!(
            std::io::stderr(),
            "labels/place/{n}: {} placed, {} left out",
            scene.nodes.len() - scene.labels_left_out,
            scene.labels_left_out
        );
        group.bench_with_input(BenchmarkId::new("place", n), &scene, |b, scene| {
            b.iter(|| {
                let order = labels::priority_order(&scene.nodes, 0..scene.nodes.len(), |_| false);
                let layout = labels::place(
                    black_box(&scene.nodes),
                    &LabelRequest { order: &order, text_scale: 1.0, within: None, keep_out: &[] },
                );
                layout.placed.len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, place);
criterion_main!(benches);
