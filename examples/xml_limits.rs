//! Times reading hostile GraphML shapes: one element with 200,000 attributes, a 1 MB node id
//! and name, 100,000 keys (each used once by one node), and the same keys declared but unused.
//! Each should take well under a second (`cargo run --release --example xml_limits [--import]`).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `each(0) + each(1) + ... + each(n - 1)`.
fn numbered(n: usize, each: impl Fn(usize) -> String) -> String {
    (0..n).fold(String::new(), |mut s, i| {
        s.push_str(&each(i));
        s
    })
}

fn main() {
    let attrs = numbered(200_000, |i| format!(" a{i}=\"v{i}\""));
    let long = "x".repeat(1 << 20);
    let keys: String = numbered(100_000, |i| format!("<key id=\"k{i}\" for=\"node\" attr.name=\"field {i}\"/>"));
    let data = numbered(100_000, |i| format!("<data key=\"k{i}\">{i}</data>"));
    let shapes = [
        ("200,000 attributes", format!("<graphml><graph><node id=\"n\"{attrs}/></graph></graphml>")),
        (
            "1 MB id and name",
            format!(
                "<graphml><key id=\"l\" for=\"node\" attr.name=\"label\"/><graph><node id=\"{long}\"><data key=\"l\">{long}</data></node></graph></graphml>"
            ),
        ),
        ("100,000 keys, used", format!("<graphml>{keys}<graph><node id=\"n\">{data}</node></graph></graphml>")),
        ("100,000 keys, unused", format!("<graphml>{keys}<graph><node id=\"n\"/></graph></graphml>")),
    ];
    let dir = std::env::temp_dir().join("patchwork-xml-limits");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, doc) in shapes {
        let path = dir.join("shape.graphml");
        std::fs::write(&path, &doc).unwrap();
        let best = |f: &dyn Fn()| {
            (0..5)
                .map(|_| {
                    let t = std::time::Instant::now();
                    f();
                    t.elapsed()
                })
                .min()
                .unwrap()
        };
        let read = best(&|| drop(std::hint::black_box(patchwork::import::read_file(&path).unwrap())));
        // The whole import (read, then merge into a new map) once: `--import`.
        let import = std::env::args().any(|a| a == "--import").then(|| {
            let t = std::time::Instant::now();
            drop(std::hint::black_box(patchwork::import::import_into(&patchwork::model::Map::new(), &path).unwrap()));
            format!(", whole import {:.2?}", t.elapsed())
        });
        println!("{name:<22} {:>5.1} MB  read {read:>10.2?}{}", doc.len() as f64 / 1e6, import.unwrap_or_default());
    }
}
