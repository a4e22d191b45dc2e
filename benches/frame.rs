//! One canvas frame on the CPU: building the scene, painting it with egui and tessellating the
//! shapes, at 200, 2,000 and 20,000 organisations (whole map visible), and zoomed in so about
//! 200 are visible; one frame of dragging an organisation (scene updated, not rebuilt); the
//! scene update of one animated-layout frame (everything moved); plus hit-testing a click. Targets: ≤ 16 ms at 20,000, ≤ 4 ms at 2,000,
//! ≤ 2 ms zoomed in, hit-test ≤ 0.1 ms.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use patchwork::generate::generate_map;
use patchwork::scene::{SceneOptions, SceneTheme, build};
use patchwork::ui::canvas::paint_scene;
use patchwork::ui::view::ViewState;
use std::hint::black_box;

// The app's allocator (see main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group.sample_size(20);
    let ctx = egui::Context::default();
    patchwork::ui::theme::install_fonts(&ctx);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0));
    let input = || egui::RawInput { screen_rect: Some(screen), ..egui::RawInput::default() };
    // Warm up fonts and layout caches.
    let _ = ctx.run_ui(input(), |_| {});
    for n in [200usize, 2_000, 20_000] {
        let map = generate_map(n, 1);
        let options = SceneOptions::default();
        group.bench_with_input(BenchmarkId::new("scene_build", n), &map, |b, map| {
            b.iter(|| build(black_box(map), &options).nodes.len());
        });
        let scene = build(&map, &options);
        let mut view = ViewState { canvas_rect: screen, ..ViewState::default() };
        view.fit(scene.bounds);
        let paint = |view: &ViewState| {
            let out = ctx.run_ui(input(), |ui| paint_scene(ui.painter(), &scene, view, &SceneTheme::LIGHT));
            ctx.tessellate(out.shapes, out.pixels_per_point).len()
        };
        group.bench_function(BenchmarkId::new("paint_whole_map", n), |b| b.iter(|| paint(&view)));
        // One frame of dragging an organisation with the whole map in view: the move applied
        // to the map, the scene updated for it (not rebuilt), and painted.
        let mut dragged_map = map.clone();
        let mut dragged_scene = scene.clone();
        let id = map.organisations_sorted()[n / 2].id.clone();
        let start = map.org(&id).map_or([0.0; 2], |o| o.position);
        group.bench_function(BenchmarkId::new("drag_frame", n), |b| {
            let mut step = 0.0f32;
            b.iter(|| {
                step = (step + 1.0) % 50.0;
                dragged_map.set_position(&id, [start[0] + step, start[1] + step]).expect("a generated organisation");
                dragged_scene.move_nodes(&dragged_map, std::slice::from_ref(&id));
                let out =
                    ctx.run_ui(input(), |ui| paint_scene(ui.painter(), &dragged_scene, &view, &SceneTheme::LIGHT));
                ctx.tessellate(out.shapes, out.pixels_per_point).len()
            });
        });
        // One frame of an animated layout: every organisation moved, the scene updated.
        let all: Vec<patchwork::model::OrgId> = map.organisations_sorted().iter().map(|o| o.id.clone()).collect();
        let starts: Vec<[f32; 2]> = map.organisations_sorted().iter().map(|o| o.position).collect();
        let mut animated_map = map.clone();
        let mut animated_scene = scene.clone();
        group.bench_function(BenchmarkId::new("layout_animation_scene_update", n), |b| {
            let mut step = 0.0f32;
            b.iter(|| {
                step = (step + 1.0) % 20.0;
                for (id, p) in all.iter().zip(&starts) {
                    animated_map.set_position(id, [p[0] + step, p[1] - step]).expect("a generated organisation");
                }
                animated_scene.move_nodes(&animated_map, &all);
                animated_scene.edges.len()
            });
        });
        if n == 20_000 {
            let mut zoomed = view.clone();
            // About 200 organisations in view: a 14 x 14 patch of the 120-unit grid.
            zoomed.zoom = screen.width() / (14.0 * 120.0);
            zoomed.center = [6000.0, 6000.0];
            group.bench_function(BenchmarkId::new("paint_zoomed_200", n), |b| b.iter(|| paint(&zoomed)));
            group.bench_function(BenchmarkId::new("hit_test", n), |b| {
                let mut i = 0u32;
                b.iter(|| {
                    i = i.wrapping_add(7919);
                    let p = [(i % 17_000) as f32, ((i / 17) % 17_000) as f32];
                    scene.node_at(black_box(p), 4.0).map(|n| n.radius)
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
