use super::*;
use crate::model::{LinkRecord, Organisation};

/// A map of `n` organisations o0..o{n-1} joined by undirected partnership links.
fn graph(n: usize, edges: &[(usize, usize)]) -> Map {
    let mut map = Map::new();
    for i in 0..n {
        let o = Organisation::new(OrgId(format!("o{i}")), format!("Org {i}"), TypeId::new("peer_support"), [0.0, 0.0]);
        map.insert_organisation(o).unwrap();
    }
    for (k, &(a, b)) in edges.iter().enumerate() {
        let l = LinkRecord::new(
            LinkId(format!("l{k}")),
            OrgId(format!("o{a}")),
            OrgId(format!("o{b}")),
            TypeId::new("partnership"),
        );
        map.insert_link(l).unwrap();
    }
    map
}

fn metric(a: &Analysis, i: usize) -> &OrgMetrics {
    a.orgs.iter().find(|m| m.id.as_str() == format!("o{i}")).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn star_graph() {
    let a = analyse(&graph(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]));
    assert!(close(metric(&a, 0).betweenness, 1.0));
    assert!(close(metric(&a, 1).betweenness, 0.0));
    assert!(close(metric(&a, 0).closeness, 1.0));
    assert!(close(metric(&a, 1).closeness, 4.0 / 7.0));
    assert_eq!(metric(&a, 0).degree, 4);
    assert_eq!(a.articulation_points, vec![OrgId::new("o0")]);
    assert_eq!(a.bridges.len(), 4);
    assert_eq!(a.components.len(), 1);
}

#[test]
fn path_graph() {
    let a = analyse(&graph(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]));
    assert!(close(metric(&a, 2).betweenness, 4.0 / 6.0));
    assert!(close(metric(&a, 1).betweenness, 0.5));
    assert!(close(metric(&a, 0).closeness, 0.4));
    assert!(close(metric(&a, 2).closeness, 4.0 / 6.0));
    let arts: Vec<&str> = a.articulation_points.iter().map(OrgId::as_str).collect();
    assert_eq!(arts, ["o1", "o2", "o3"]);
}

#[test]
fn disconnected_graph_uses_wasserman_faust_closeness() {
    // networkx: closeness of o0 in {o0-o1, o2-o3, o4 isolated} = (1/1) * (1/4) = 0.25.
    let a = analyse(&graph(5, &[(0, 1), (2, 3)]));
    assert!(close(metric(&a, 0).closeness, 0.25));
    assert!(close(metric(&a, 4).closeness, 0.0));
    assert_eq!(a.components.len(), 3);
    assert_eq!(a.isolated, vec![OrgId::new("o4")]);
}

/// Zachary's karate club (as in networkx's `karate_club_graph`).
const KARATE: [(usize, usize); 78] = [
    (0, 1),
    (0, 2),
    (0, 3),
    (0, 4),
    (0, 5),
    (0, 6),
    (0, 7),
    (0, 8),
    (0, 10),
    (0, 11),
    (0, 12),
    (0, 13),
    (0, 17),
    (0, 19),
    (0, 21),
    (0, 31),
    (1, 2),
    (1, 3),
    (1, 7),
    (1, 13),
    (1, 17),
    (1, 19),
    (1, 21),
    (1, 30),
    (2, 3),
    (2, 7),
    (2, 8),
    (2, 9),
    (2, 13),
    (2, 27),
    (2, 28),
    (2, 32),
    (3, 7),
    (3, 12),
    (3, 13),
    (4, 6),
    (4, 10),
    (5, 6),
    (5, 10),
    (5, 16),
    (6, 16),
    (8, 30),
    (8, 32),
    (8, 33),
    (9, 33),
    (13, 33),
    (14, 32),
    (14, 33),
    (15, 32),
    (15, 33),
    (18, 32),
    (18, 33),
    (19, 33),
    (20, 32),
    (20, 33),
    (22, 32),
    (22, 33),
    (23, 25),
    (23, 27),
    (23, 29),
    (23, 32),
    (23, 33),
    (24, 25),
    (24, 27),
    (24, 31),
    (25, 31),
    (26, 29),
    (26, 33),
    (27, 33),
    (28, 31),
    (28, 33),
    (29, 32),
    (29, 33),
    (30, 32),
    (30, 33),
    (31, 32),
    (31, 33),
    (32, 33),
];

#[test]
fn karate_club_matches_networkx() {
    let a = analyse(&graph(34, &KARATE));
    // networkx.betweenness_centrality(G) and closeness_centrality(G).
    assert!((metric(&a, 0).betweenness - 0.437_635_281_385_281_46).abs() < 1e-9, "{}", metric(&a, 0).betweenness);
    assert!((metric(&a, 33).betweenness - 0.304_074_975_949_975_96).abs() < 1e-9, "{}", metric(&a, 33).betweenness);
    assert!((metric(&a, 0).closeness - 0.568_965_517_241_379_3).abs() < 1e-9);
    assert!((metric(&a, 33).closeness - 0.55).abs() < 1e-9);
    assert_eq!(metric(&a, 33).degree, 17);
    assert_eq!(a.articulation_points, vec![OrgId::new("o0")]);
}

#[test]
fn paths_follow_direction_and_chosen_types() {
    let map = crate::example_map().unwrap();
    let all = analyse(&map);
    // The anonymous listening line passes information to nobody.
    let line = all.orgs.iter().find(|m| m.id.as_str() == "o1").unwrap();
    assert_eq!(line.independence, Independence::Independent);
    assert!(all.independent_vsos.contains(&OrgId::new("o1")));
    assert!(all.orgs.iter().any(|m| matches!(m.independence, Independence::SharesInformation(_))));
    assert!(!all.isolated.is_empty());

    let referral = [TypeId::new("referral")];
    let r = reach(&map, &OrgId::new("o34"), 1, &referral);
    assert!(r.iter().all(|(_, d)| *d == 1));
    for (id, _) in &r {
        let p = shortest_path(&map, &OrgId::new("o34"), id, &referral).unwrap();
        assert_eq!(p.len(), 2);
        // And not back against the direction of referral, unless a referral runs that way too.
        let back = shortest_path(&map, id, &OrgId::new("o34"), &referral);
        if let Some(back) = back {
            assert!(back.len() >= 2);
        }
    }
    assert!(shortest_path(&map, &OrgId::new("o1"), &OrgId::new("o1"), &referral).is_some_and(|p| p.len() == 1));
}

#[test]
fn metrics_table_has_a_row_per_organisation() {
    let map = crate::example_map().unwrap();
    let a = analyse(&map);
    let rows = metrics_rows(&map, &a);
    assert_eq!(rows.len(), 41);
    assert_eq!(rows[0][..4], ["ID", "Name", "Type", "Degree"]);
}

/// The centralities come out the same however many threads share the searches (up to the last
/// bits of a sum taken in another order), and progress reaches the number of organisations.
#[test]
fn centralities_do_not_depend_on_the_thread_count() {
    let map = crate::generate::generate_map(600, 4);
    let g = Simple::of(&map);
    let seen = std::sync::atomic::AtomicUsize::new(0);
    let note = |done: usize| {
        seen.fetch_max(done, std::sync::atomic::Ordering::Relaxed);
    };
    let (b1, c1) = g.centralities(1, &note);
    let (b3, c3) = g.centralities(3, &|_| {});
    for (x, y) in b1.iter().zip(&b3).chain(c1.iter().zip(&c3)) {
        assert!((x - y).abs() < 1e-12, "{x} vs {y}");
    }
    assert!(b1.iter().any(|&b| b > 0.0) && c1.iter().any(|&c| c > 0.0));
    assert_eq!(seen.load(std::sync::atomic::Ordering::Relaxed), 600, "told every 256 searches and at the end");
}
