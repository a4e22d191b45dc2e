//! Times the phases of a PNG figure of a generated map (for tuning;
//! `cargo run --release --example profile_png`). Minimum of five runs each.
#![allow(clippy::print_stdout, clippy::unwrap_used)]
use std::time::{Duration, Instant};

fn best(mut f: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    let map = patchwork::generate::generate_map(20_000, 1);
    let (fig, _) = patchwork::export::figure(&map, &patchwork::export::ExportOptions::default()).unwrap();
    let scale = 4000.0 / fig.width;
    let svgs = best(|| drop(fig.svgs_around_hairlines(scale)));
    let (under, over) = fig.svgs_around_hairlines(scale).unwrap();
    let opt = resvg::usvg::Options::default();
    let parse = best(|| drop(resvg::usvg::Tree::from_str(&over, &opt).unwrap()));
    let h = patchwork::convert::round_px(fig.height * scale);
    let mut pixels = vec![0u8; 4000 * h as usize * 4];
    let hairlines = &fig.raster_links.as_ref().unwrap().hairlines;
    let draw = best(|| hairlines.draw(&mut pixels, 4000, 0.0, scale));
    let tree = resvg::usvg::Tree::from_str(&over, &opt).unwrap();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(4000, h).unwrap();
    let over_render =
        best(|| resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut()));
    let rgba = best(|| drop(patchwork::export::render::rgba(&fig, 4000).unwrap()));
    let png = best(|| drop(patchwork::export::render::png(&fig, 4000).unwrap()));
    println!(
        "one thread: SVGs {svgs:?} ({} + {} bytes), parse over {parse:?}, hairlines {draw:?}, render over {over_render:?}\nall threads: pixels {rgba:?}, PNG {png:?}",
        under.len(),
        over.len()
    );
}
