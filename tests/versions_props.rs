//! Property tests of diff and merge over random edit sequences: merging a copy with an unchanged
//! one gives the copy; a merge without conflicts does not depend on which copy is "ours";
//! applying diff(old, new) to old gives new; every merge result loads and keeps the invariants.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::edits::{Op, edit_op, to_edit};
use patchwork::edit::{apply, stamped};
use patchwork::io::{map_from_bytes, map_to_bytes};
use patchwork::model::{Map, Provenance};
use patchwork::versions::{
    self, DiffOptions, MergeOptions, apply_diff, diff_maps, document, load_document, merge_maps,
};
use proptest::prelude::*;
use std::path::Path;

/// The example map after a sequence of operations.
fn edited(base: &Map, ops: &[Op]) -> Map {
    edited_by(base, ops, None)
}

/// The example map after a sequence of operations, each stamped "last changed by `author`" (a
/// second apart) when there is one, as the app stamps them.
fn edited_by(base: &Map, ops: &[Op], author: Option<&str>) -> Map {
    let start = chrono::DateTime::parse_from_rfc3339("2026-11-30T09:00:00Z").unwrap().to_utc();
    let mut map = base.clone();
    for (i, op) in (0i64..).zip(ops) {
        if let Some(edit) = to_edit(&map, op) {
            let edit = match author {
                Some(by) => stamped(&map, edit, &Provenance::new(by, start + chrono::TimeDelta::seconds(i))),
                None => edit,
            };
            apply(&mut map, edit).unwrap();
        }
    }
    map
}

/// The model's invariants hold and the map survives its own file.
fn check_loads(map: &Map) {
    common::edits::check_invariants(map);
    let back = map_from_bytes(Path::new("merged.json"), &map_to_bytes(map)).unwrap();
    assert_eq!(&back, map);
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(edit_op(), 0..16)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn merging_with_an_unchanged_copy_gives_the_changed_one(x_ops in ops()) {
        let base = patchwork::example_map().unwrap();
        let x = edited(&base, &x_ops);
        let ours = merge_maps(&base, &x, &base, &MergeOptions::default()).unwrap();
        prop_assert!(ours.conflicts.is_empty(), "{:?}", ours.conflicts);
        prop_assert_eq!(&ours.map, &x);
        let theirs = merge_maps(&base, &base, &x, &MergeOptions::default()).unwrap();
        prop_assert!(theirs.conflicts.is_empty(), "{:?}", theirs.conflicts);
        prop_assert_eq!(&theirs.map, &x);
    }

    #[test]
    fn a_merge_loads_and_without_conflicts_is_the_same_either_way_round(a_ops in ops(), b_ops in ops()) {
        let base = patchwork::example_map().unwrap();
        let (a, b) = (edited(&base, &a_ops), edited(&base, &b_ops));
        let ab = merge_maps(&base, &a, &b, &MergeOptions::default()).unwrap();
        let ba = merge_maps(&base, &b, &a, &MergeOptions::default()).unwrap();
        check_loads(&ab.map);
        check_loads(&ba.map);
        if ab.conflicts.is_empty() {
            prop_assert!(ba.conflicts.is_empty(), "{:?}", ba.conflicts);
            prop_assert_eq!(&ab.map, &ba.map);
        }
        // Marked conflicts and the other side's choices load too.
        let marked = merge_maps(&base, &a, &b, &MergeOptions { mark_conflicts: true, ..MergeOptions::default() }).unwrap();
        check_loads(&marked.map);
        prop_assert_eq!(marked.map.notes.len(), ab.conflicts.len());
        let choices = ab.conflicts.iter().map(|c| (c.id(), versions::Side::Theirs)).collect();
        let theirs = merge_maps(&base, &a, &b, &MergeOptions { choices, mark_conflicts: false }).unwrap();
        check_loads(&theirs.map);
    }

    #[test]
    fn stamps_never_add_a_conflict_and_keep_the_properties(a_ops in ops(), b_ops in ops()) {
        let base = patchwork::example_map().unwrap();
        let (a, b) = (edited(&base, &a_ops), edited(&base, &b_ops));
        let (sa, sb) = (edited_by(&base, &a_ops, Some("Ana")), edited_by(&base, &b_ops, Some("Bo")));
        let plain = merge_maps(&base, &a, &b, &MergeOptions::default()).unwrap();
        let ab = merge_maps(&base, &sa, &sb, &MergeOptions::default()).unwrap();
        let ids = |m: &versions::Merged| m.conflicts.iter().map(versions::Conflict::id).collect::<Vec<_>>();
        prop_assert_eq!(ids(&ab), ids(&plain));
        common::edits::check_invariants(&ab.map);
        if ab.conflicts.is_empty() {
            let ba = merge_maps(&base, &sb, &sa, &MergeOptions::default()).unwrap();
            prop_assert_eq!(&ab.map, &ba.map);
        }
        let with_base = merge_maps(&base, &sa, &base, &MergeOptions::default()).unwrap();
        prop_assert!(with_base.conflicts.is_empty());
        prop_assert_eq!(&with_base.map, &sa);
        let diff = diff_maps(&sa, &sb, DiffOptions::EXACT);
        let rebuilt = load_document(&apply_diff(&document(&sa), &diff), "rebuilt").unwrap();
        prop_assert_eq!(&rebuilt, &sb);
    }

    #[test]
    fn applying_the_diff_gives_the_new_version(a_ops in ops(), b_ops in ops()) {
        let base = patchwork::example_map().unwrap();
        let (old, new) = (edited(&base, &a_ops), edited(&base, &b_ops));
        let diff = diff_maps(&old, &new, DiffOptions::EXACT);
        prop_assert_eq!(diff.is_empty(), old == new);
        let rebuilt = load_document(&apply_diff(&document(&old), &diff), "rebuilt").unwrap();
        prop_assert_eq!(&rebuilt, &new);
        prop_assert_eq!(map_to_bytes(&rebuilt), map_to_bytes(&new));
    }
}
