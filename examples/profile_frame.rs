//! Times one canvas frame of a generated 20,000-organisation map, whole map or zoomed in to
//! about 200 organisations (for tuning; `cargo run --release --example profile_frame [zoomed]`;
//! with `COUNT=1`, prints the shapes and meshes of one frame instead).
#![allow(clippy::print_stdout, clippy::unwrap_used)]
use patchwork::scene::{SceneOptions, SceneTheme, build};
use patchwork::ui::canvas::paint_scene;
use patchwork::ui::view::ViewState;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let zoomed = std::env::args().any(|a| a == "zoomed");
    let ctx = egui::Context::default();
    patchwork::ui::theme::install_fonts(&ctx);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0));
    let input = || egui::RawInput { screen_rect: Some(screen), ..egui::RawInput::default() };
    let _ = ctx.run_ui(input(), |_| {});
    let map = patchwork::generate::generate_map(20_000, 1);
    let scene = build(&map, &SceneOptions::default());
    let mut view = ViewState { canvas_rect: screen, ..ViewState::default() };
    view.fit(scene.bounds);
    if zoomed {
        view.zoom = screen.width() / (14.0 * 120.0);
        view.center = [6000.0, 6000.0];
    }
    for round in 0..5 {
        let t = std::time::Instant::now();
        let (mut run, mut tess) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
        let frames = 200;
        for _ in 0..frames {
            let t0 = std::time::Instant::now();
            let out = ctx.run_ui(input(), |ui| paint_scene(ui.painter(), &scene, &view, &SceneTheme::LIGHT));
            let t1 = std::time::Instant::now();
            if std::env::var("COUNT").is_ok() {
                let mut kinds = std::collections::BTreeMap::<String, (usize, usize)>::new();
                for s in &out.shapes {
                    let name = format!("{:?}", s.shape).chars().take_while(|c| c.is_alphanumeric()).collect::<String>();
                    let verts = if let egui::Shape::Mesh(m) = &s.shape { m.vertices.len() } else { 0 };
                    let e = kinds.entry(name).or_default();
                    e.0 += 1;
                    e.1 += verts;
                }
                println!("{kinds:?}");
            }
            let prims = ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
            if std::env::var("COUNT").is_ok() {
                for p in &prims {
                    if let egui::epaint::Primitive::Mesh(m) = &p.primitive {
                        println!("prim mesh {} verts {} idx", m.vertices.len(), m.indices.len());
                    }
                }
                return;
            }
            let n = ctx.tessellate(out.shapes, out.pixels_per_point).len();
            std::hint::black_box(n);
            run += t1 - t0;
            tess += t1.elapsed();
        }
        println!(
            "round {round}: {:?}/frame (paint {:?}, tessellate {:?})",
            t.elapsed() / frames,
            run / frames,
            tess / frames
        );
    }
}
