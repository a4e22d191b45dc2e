//! Property tests: for random sequences of edits, undoing all returns the original map, redoing
//! all returns the final one, invariants hold throughout, and save→load is lossless.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;

use common::edits::{Op, check_invariants, edit_op, to_edit};
use patchwork::edit::History;
use patchwork::io::{map_from_bytes, map_to_bytes};
use patchwork::model::Map;
use proptest::prelude::*;
use std::path::Path;

/// An edit, now and then an undo or a redo.
fn op() -> impl Strategy<Value = Op> {
    prop_oneof![10 => edit_op(), 1 => Just(Op::Undo), 1 => Just(Op::Redo)]
}

fn text(map: &Map) -> String {
    String::from_utf8(map_to_bytes(map)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn undo_all_restores_and_redo_all_replays(ops in prop::collection::vec(op(), 1..40)) {
        let mut map = patchwork::example_map().unwrap();
        let original = map.clone();
        let mut history = History::new();
        for op in &ops {
            match op {
                Op::Undo => { history.undo(&mut map).unwrap(); }
                Op::Redo => { history.redo(&mut map).unwrap(); }
                _ => if let Some(edit) = to_edit(&map, op) {
                    history.apply(&mut map, "step", edit).unwrap();
                },
            }
            check_invariants(&map);
        }
        // Redo whatever the sequence left undone: the tip of the history.
        while history.redo(&mut map).unwrap().is_some() {
            check_invariants(&map);
        }
        let last = map.clone();
        // save → load of any reachable map is lossless.
        let bytes = map_to_bytes(&map);
        let back = map_from_bytes(Path::new("prop.json"), &bytes).unwrap();
        prop_assert_eq!(text(&back), text(&map));
        prop_assert_eq!(&back, &map);

        while history.undo(&mut map).unwrap().is_some() {
            check_invariants(&map);
        }
        prop_assert_eq!(text(&map), text(&original));
        prop_assert_eq!(&map, &original);
        while history.redo(&mut map).unwrap().is_some() {}
        prop_assert_eq!(&map, &last);
    }
}
