//! Times the phases of a PNG figure of a generated map (for tuning;
//! `cargo run --release --example profile_png`).
#![allow(clippy::print_stdout, clippy::unwrap_used)]
fn main() {
    let map = patchwork::generate::generate_map(20_000, 1);
    let (fig, _) = patchwork::export::figure(&map, &patchwork::export::ExportOptions::default()).unwrap();
    let scale = 4000.0 / fig.width;
    let svg = fig.svg_at_scale(scale);
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let opt = resvg::usvg::Options::default();
        let tree = resvg::usvg::Tree::from_str(&svg, &opt).unwrap();
        let parse = t.elapsed();
        drop(tree);
        let t = std::time::Instant::now();
        let (w, h, _) = patchwork::export::render::rgba(&fig, 4000).unwrap();
        let render = t.elapsed();
        let t = std::time::Instant::now();
        let png = patchwork::export::render::png(&fig, 4000).unwrap();
        println!("parse {parse:?}, parse+render {render:?} ({w}x{h}), png {:?} ({} bytes)", t.elapsed(), png.len());
    }
}
