//! Renders the application icon `assets/icons/patchwork.svg` into the files packages need:
//! `assets/icons/hicolor/NxN/apps/patchwork.png` (the freedesktop icon theme sizes 16–512),
//! `assets/icons/patchwork.ico` (Windows) and `assets/icons/patchwork.icns` (macOS).
//!
//! `cargo run --example render_icon` after changing the SVG; commit what it writes, so packaging
//! needs no renderer. The output is deterministic (same SVG, same bytes).
//!
//! ICO and ICNS are written by hand: both are a short header and a table of contents in front of
//! plain PNG images (ICO has stored PNGs since Windows Vista, ICNS since macOS 10.7), about thirty
//! lines here against two more crates in every test build.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use resvg::{tiny_skia, usvg};
use std::path::Path;

/// The sizes freedesktop icon themes ask for.
const THEME_SIZES: [u32; 7] = [16, 32, 48, 64, 128, 256, 512];
/// The sizes inside the Windows icon (256 is the largest ICO holds).
const ICO_SIZES: [u32; 6] = [16, 32, 48, 64, 128, 256];
/// ICNS entry types holding PNG images, with their pixel sizes.
const ICNS_TYPES: [(&[u8; 4], u32); 11] = [
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
];

fn render(tree: &usvg::Tree, size: u32) -> Vec<u8> {
    let mut pixmap = tiny_skia::Pixmap::new(size, size).unwrap();
    let scale = size as f32 / tree.size().width();
    resvg::render(tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().unwrap()
}

fn ico(pngs: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let count = u16::try_from(pngs.len()).unwrap();
    let mut out = Vec::new();
    out.extend_from_slice(&[0, 0, 1, 0]); // reserved, type 1 = icon
    out.extend_from_slice(&count.to_le_bytes());
    let mut offset = 6 + 16 * pngs.len();
    for (size, png) in pngs {
        // A width or height of 256 is written as 0.
        let side = u8::try_from(*size).unwrap_or(0);
        out.extend_from_slice(&[side, side, 0, 0]); // width, height, palette size, reserved
        out.extend_from_slice(&1u16.to_le_bytes()); // colour planes
        out.extend_from_slice(&32u16.to_le_bytes()); // bits per pixel
        out.extend_from_slice(&u32::try_from(png.len()).unwrap().to_le_bytes());
        out.extend_from_slice(&u32::try_from(offset).unwrap().to_le_bytes());
        offset += png.len();
    }
    for (_, png) in pngs {
        out.extend_from_slice(png);
    }
    out
}

fn icns(entries: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let total = 8 + entries.iter().map(|(_, png)| 8 + png.len()).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(b"icns");
    out.extend_from_slice(&u32::try_from(total).unwrap().to_be_bytes());
    for (kind, png) in entries {
        out.extend_from_slice(*kind);
        out.extend_from_slice(&u32::try_from(8 + png.len()).unwrap().to_be_bytes());
        out.extend_from_slice(png);
    }
    out
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icons");
    let svg = std::fs::read(dir.join("patchwork.svg")).unwrap();
    let tree = usvg::Tree::from_data(&svg, &usvg::Options::default()).unwrap();
    for size in THEME_SIZES {
        let path = dir.join(format!("hicolor/{size}x{size}/apps/patchwork.png"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, render(&tree, size)).unwrap();
        println!("wrote {}", path.display());
    }
    let pngs: Vec<(u32, Vec<u8>)> = ICO_SIZES.iter().map(|&s| (s, render(&tree, s))).collect();
    std::fs::write(dir.join("patchwork.ico"), ico(&pngs)).unwrap();
    println!("wrote {}", dir.join("patchwork.ico").display());
    let entries: Vec<(&[u8; 4], Vec<u8>)> = ICNS_TYPES.iter().map(|&(k, s)| (k, render(&tree, s))).collect();
    std::fs::write(dir.join("patchwork.icns"), icns(&entries)).unwrap();
    println!("wrote {}", dir.join("patchwork.icns").display());
}
