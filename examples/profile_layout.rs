//! Times force-layout steps on a generated 20,000-organisation map (for tuning;
//! `cargo run --release --example profile_layout`).
#![allow(clippy::print_stdout, clippy::unwrap_used)]
use patchwork::layout::{ForceLayout, ForceParams};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let map = patchwork::generate::generate_map(20_000, 1);
    let params = ForceParams { iterations: 1_000_000, seed: 7, scramble: true, ..ForceParams::default() };
    let mut f = ForceLayout::new(&map, &params);
    for round in 0..5 {
        let t = std::time::Instant::now();
        for _ in 0..40 {
            f.step();
        }
        println!("round {round}: {:?}/step", t.elapsed() / 40);
    }
}
