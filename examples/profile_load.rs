//! Times the phases of loading a generated map (for tuning; `cargo run --release --example profile_load`).
#![allow(clippy::print_stdout, clippy::unwrap_used)]
fn main() {
    let map = patchwork::generate::generate_map(20_000, 1);
    let bytes = patchwork::io::map_to_bytes(&map);
    let text = std::str::from_utf8(&bytes).unwrap();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let t_value = t.elapsed();
        drop(v);
        let t = std::time::Instant::now();
        let m = patchwork::io::map_from_bytes(std::path::Path::new("x"), &bytes).unwrap();
        let t_load = t.elapsed();
        let t = std::time::Instant::now();
        let b = patchwork::io::map_to_bytes(&m);
        let t_save = t.elapsed();
        let t = std::time::Instant::now();
        let s = patchwork::scene::build(&m, &patchwork::scene::SceneOptions::default());
        let t_scene = t.elapsed();
        println!(
            "value {t_value:?} load {t_load:?} save {t_save:?} scene {t_scene:?} ({} bytes, {} nodes)",
            b.len(),
            s.nodes.len()
        );
    }
}
