//! Load and save of generated maps (200, 2,000 and 20,000 organisations, three links each).
//! Targets at 20,000: load ≤ 60 ms, save ≤ 25 ms.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use patchwork::generate::generate_map;
use patchwork::io::{map_from_bytes, map_to_bytes};
use std::hint::black_box;

// The app's allocator (see main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::Path;

fn io(c: &mut Criterion) {
    let mut group = c.benchmark_group("json");
    group.sample_size(20);
    for n in [200usize, 2_000, 20_000] {
        let map = generate_map(n, 1);
        let bytes = map_to_bytes(&map);
        group.bench_with_input(BenchmarkId::new("load", n), &bytes, |b, bytes| {
            // The loaded map is freed outside the timing: loading is what is measured.
            b.iter_with_large_drop(|| map_from_bytes(Path::new("bench.json"), black_box(bytes)));
        });
        group.bench_with_input(BenchmarkId::new("save", n), &map, |b, map| {
            b.iter(|| map_to_bytes(black_box(map)).len());
        });
    }
    group.finish();
}

/// Figure exports and GraphML import of the 20,000-organisation map (targets: SVG ≤ 0.3 s,
/// PNG at 4,000 px ≤ 1 s, GraphML import ≤ 100 ms).
fn exports(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    let map = generate_map(20_000, 1);
    let options = patchwork::export::ExportOptions::default();
    group.bench_function("svg/20000", |b| {
        b.iter(|| patchwork::export::figure(black_box(&map), &options).map(|f| f.0.svg.len()));
    });
    let (fig, _) = patchwork::export::figure(&map, &options).unwrap_or_else(|_| unreachable!());
    group.bench_function("png_4000px/20000", |b| {
        b.iter(|| patchwork::export::render::png(black_box(&fig), 4000).map(|p| p.len()));
    });
    let graphml = patchwork::export::graphml::graphml(&map);
    let dir = std::env::temp_dir().join("patchwork-bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("g.graphml");
    let _ = std::fs::write(&path, graphml);
    group.bench_function("graphml_import/20000", |b| {
        b.iter(|| {
            patchwork::import::import_into(&patchwork::model::Map::new(), black_box(&path)).map(|m| m.0.org_count())
        });
    });
    // The same graph as other tools write GraphML (networkx, igraph, Gephi): a label and a type
    // per organisation, a type per link, no yEd drawing data.
    let plain = dir.join("plain.graphml");
    let _ = std::fs::write(&plain, plain_graphml(&map));
    group.bench_function("graphml_import_plain/20000", |b| {
        b.iter(|| {
            patchwork::import::import_into(&patchwork::model::Map::new(), black_box(&plain)).map(|m| m.0.org_count())
        });
    });
    group.finish();
}

/// The map as networkx's `write_graphml` writes a graph with `label` and `type` attributes.
fn plain_graphml(map: &patchwork::model::Map) -> String {
    use std::fmt::Write;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    let mut out = String::from(
        "<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n  \
         <key id=\"d0\" for=\"node\" attr.name=\"label\" attr.type=\"string\" />\n  \
         <key id=\"d1\" for=\"node\" attr.name=\"type\" attr.type=\"string\" />\n  \
         <key id=\"d2\" for=\"edge\" attr.name=\"type\" attr.type=\"string\" />\n  \
         <graph edgedefault=\"directed\">\n",
    );
    let typology = map.typology();
    for o in map.organisations_sorted() {
        let kind = typology.org_type(&o.org_type).map_or("", |t| t.name.as_str());
        let _ = write!(
            out,
            "    <node id=\"{}\">\n      <data key=\"d0\">{}</data>\n      <data key=\"d1\">{}</data>\n    </node>\n",
            esc(o.id.as_str()),
            esc(&o.name),
            esc(kind)
        );
    }
    for l in map.links_sorted() {
        let kind = typology.link_type(l.link_type).map_or("", |t| t.name.as_str());
        let _ = write!(
            out,
            "    <edge source=\"{}\" target=\"{}\">\n      <data key=\"d2\">{}</data>\n    </edge>\n",
            esc(l.from.as_str()),
            esc(l.to.as_str()),
            esc(kind)
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// Diff and three-way merge of two 20,000-organisation copies edited apart (target: each under a
/// second, files read and the result checked included in the merge).
fn versions(c: &mut Criterion) {
    use patchwork::model::{LinkRecord, Organisation};
    use patchwork::versions::{DiffOptions, MergeOptions, diff_maps, merge_maps};
    let mut group = c.benchmark_group("versions");
    group.sample_size(10);
    let base = generate_map(20_000, 1);
    let ids: Vec<_> = base.organisations_sorted().iter().map(|o| o.id.clone()).collect();
    let ty = base.typology().org_types[0].id.clone();
    let link_type = base.typology().link_types[0].id.clone();
    // Ours: 500 renamed, 1,000 moved, 100 added and linked. Theirs: 500 retyped, 300 links gone.
    let mut ours = base.clone();
    for (i, id) in ids.iter().enumerate().take(1_500) {
        let mut o = ours.org(id).cloned().unwrap_or_else(|| unreachable!());
        if i < 500 {
            o.name.push_str(" (renamed)");
        } else {
            o.position[0] += 40.0;
        }
        let _ = ours.replace_organisation(o);
    }
    for (i, id) in ours.next_org_ids(100).into_iter().enumerate() {
        let _ = ours.insert_organisation(Organisation::new(id.clone(), format!("New {i}"), ty.clone(), [0.0, 0.0]));
        let _ = ours.insert_link(LinkRecord::new(ours.next_link_id(), id, ids[i].clone(), link_type.clone()));
    }
    let mut theirs = base.clone();
    let other = base.typology().org_types[1].id.clone();
    for id in ids.iter().skip(10_000).take(500) {
        let mut o = theirs.org(id).cloned().unwrap_or_else(|| unreachable!());
        o.org_type = other.clone();
        let _ = theirs.replace_organisation(o);
    }
    for l in base.link_records().iter().skip(30_000).take(300) {
        let _ = theirs.remove_link(&l.id);
    }
    group.bench_function("diff/20000", |b| {
        b.iter(|| diff_maps(black_box(&base), black_box(&ours), DiffOptions::DEFAULT).changes.len());
    });
    group.bench_function("merge/20000", |b| {
        b.iter_with_large_drop(|| {
            merge_maps(black_box(&base), &ours, &theirs, &MergeOptions::default()).map(|m| m.map)
        });
    });
    // The same copies with every changed record stamped "last changed by" (Ana's and Bo's),
    // and 500 organisations changed in both (different fields, two stamps to reconcile).
    let stamp = |map: &mut patchwork::model::Map, by: &str, ids: &[patchwork::model::OrgId]| {
        let p = patchwork::model::Provenance::new(by, chrono::DateTime::UNIX_EPOCH);
        for id in ids {
            let mut o = map.org(id).cloned().unwrap_or_else(|| unreachable!());
            o.changed = Some(p.clone());
            let _ = map.replace_organisation(o);
        }
    };
    let (mut ours_stamped, mut theirs_stamped) = (ours.clone(), theirs.clone());
    stamp(&mut ours_stamped, "Ana", &ids[..500]);
    for id in &ids[..500] {
        let mut o = theirs_stamped.org(id).cloned().unwrap_or_else(|| unreachable!());
        o.notes = "checked".into();
        let _ = theirs_stamped.replace_organisation(o);
    }
    stamp(&mut theirs_stamped, "Bo", &ids[..500]);
    stamp(&mut theirs_stamped, "Bo", &ids[10_000..10_500]);
    group.bench_function("merge_stamped/20000", |b| {
        b.iter_with_large_drop(|| {
            merge_maps(black_box(&base), &ours_stamped, &theirs_stamped, &MergeOptions::default()).map(|m| m.map)
        });
    });
    group.finish();
}

criterion_group!(benches, io, exports, versions);
criterion_main!(benches);
