//! Times the phases of importing a generated GraphML file (for tuning;
//! `cargo run --release --example profile_graphml`).
#![allow(clippy::print_stdout, clippy::unwrap_used)]
fn main() {
    let map = patchwork::generate::generate_map(20_000, 1);
    let graphml = patchwork::export::graphml::graphml(&map);
    // `--file PATH` profiles another file (e.g. the plain GraphML the io bench writes).
    let args: Vec<String> = std::env::args().collect();
    let path = match args.iter().position(|a| a == "--file") {
        Some(i) => std::path::PathBuf::from(&args[i + 1]),
        None => {
            let path = std::env::temp_dir().join("patchwork-profile.graphml");
            std::fs::write(&path, &graphml).unwrap();
            path
        }
    };
    if std::env::args().any(|a| a == "--raw") {
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..5 {
            let t = std::time::Instant::now();
            let n = raw_events(&text);
            let raw = t.elapsed();
            let t = std::time::Instant::now();
            let r = patchwork::import::graphml_in::read_graphml(&path, text.as_bytes()).unwrap();
            println!("raw events {raw:?} ({n}), records {:?}", t.elapsed());
            std::hint::black_box(r);
        }
        return;
    }
    if std::env::args().any(|a| a == "--read-only") {
        for _ in 0..10 {
            let r = patchwork::import::graphml_in::read_graphml(&path, graphml.as_bytes()).unwrap();
            std::hint::black_box(r);
        }
        return;
    }
    if std::env::args().any(|a| a == "--merge-only") {
        let imported = patchwork::import::read_file(&path).unwrap();
        for _ in 0..10 {
            let t = std::time::Instant::now();
            let empty = patchwork::model::Map::new();
            let plan = patchwork::import::plan_types(&empty, &imported);
            let r = patchwork::import::merge_edit(&empty, &imported, &plan, &path).unwrap();
            println!("merge {:?}", t.elapsed());
            std::hint::black_box(r);
        }
        return;
    }
    if std::env::args().any(|a| a == "--import-only") {
        for _ in 0..10 {
            let t = std::time::Instant::now();
            let (m, _) = patchwork::import::import_into(&patchwork::model::Map::new(), &path).unwrap();
            let imported = t.elapsed();
            drop(std::hint::black_box(m));
            // The benchmark's time includes dropping the map.
            println!("import {imported:?} with drop {:?}", t.elapsed());
        }
        return;
    }
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let n = raw_events(&graphml);
        println!("raw events {:?} ({n})", t.elapsed());
    }
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let root = patchwork::import::xml_in::parse(&path, graphml.as_bytes()).unwrap();
        let t_parse = t.elapsed();
        drop(root);
        let t = std::time::Instant::now();
        let imported = patchwork::import::graphml_in::read_graphml(&path, graphml.as_bytes()).unwrap();
        let t_read = t.elapsed();
        drop(imported);
        let t = std::time::Instant::now();
        let (m, _) = patchwork::import::import_into(&patchwork::model::Map::new(), &path).unwrap();
        let t_all = t.elapsed();
        println!(
            "xml tree {t_parse:?} records {t_read:?} whole import {t_all:?} ({} bytes, {} orgs)",
            graphml.len(),
            m.org_count()
        );
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The XML items alone (what the GraphML reader reads its records from).
#[allow(dead_code)]
fn raw_events(text: &str) -> usize {
    let path = std::path::Path::new("raw.graphml");
    let mut reader = patchwork::import::xml_in::SafeReader::new(path, text.as_bytes()).unwrap();
    let mut n = 0;
    loop {
        match reader.read().unwrap() {
            patchwork::import::xml_in::Item::End => break,
            patchwork::import::xml_in::Item::Open(_) => n += reader.attrs().len(),
            _ => n += 1,
        }
    }
    n
}
