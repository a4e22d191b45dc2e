//! Property tests: for random sequences of edits, undoing all returns the original map, redoing
//! all returns the final one, invariants hold throughout, and save→load is lossless.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use patchwork::edit::{Edit, History, TypologyChange, typology_change};
use patchwork::io::{map_from_bytes, map_to_bytes};
use patchwork::model::{FieldId, FieldValue, LinkRecord, Map, OrgId, Organisation, TypeId};
use proptest::prelude::*;
use std::path::Path;

/// An abstract operation; turned into a concrete edit against the current map, so every
/// operation is meaningful whatever came before.
#[derive(Debug, Clone)]
enum Op {
    Add { count: usize, type_ix: usize, x: f32, y: f32 },
    Remove { pick: usize, count: usize },
    Move { pick: usize, dx: f32, dy: f32 },
    Rename { pick: usize, name: String },
    SetField { pick: usize, option: usize },
    Connect { a: usize, b: usize, type_ix: usize },
    RemoveLink { pick: usize },
    Retitle { title: String },
    DeleteTypeInUse { type_ix: usize, to_ix: usize },
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1..4usize, 0..10usize, -500.0f32..500.0, -500.0f32..500.0).prop_map(|(count, type_ix, x, y)| Op::Add {
            count,
            type_ix,
            x,
            y
        }),
        (any::<usize>(), 1..3usize).prop_map(|(pick, count)| Op::Remove { pick, count }),
        (any::<usize>(), -50.0f32..50.0, -50.0f32..50.0).prop_map(|(pick, dx, dy)| Op::Move { pick, dx, dy }),
        (any::<usize>(), "[a-zA-Z <>&\"é]{0,12}").prop_map(|(pick, name)| Op::Rename { pick, name }),
        (any::<usize>(), 0..4usize).prop_map(|(pick, option)| Op::SetField { pick, option }),
        (any::<usize>(), any::<usize>(), 0..6usize).prop_map(|(a, b, type_ix)| Op::Connect { a, b, type_ix }),
        any::<usize>().prop_map(|pick| Op::RemoveLink { pick }),
        "[a-z ]{0,10}".prop_map(|title| Op::Retitle { title }),
        (0..10usize, 0..10usize).prop_map(|(type_ix, to_ix)| Op::DeleteTypeInUse { type_ix, to_ix }),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn ids(map: &Map) -> Vec<OrgId> {
    map.organisations_sorted().into_iter().map(|o| o.id.clone()).collect()
}

fn to_edit(map: &Map, op: &Op) -> Option<Edit> {
    let orgs = ids(map);
    let pick = |p: usize| (!orgs.is_empty()).then(|| orgs[p % orgs.len()].clone());
    let t = map.typology();
    Some(match op {
        Op::Add { count, type_ix, x, y } => {
            let ty = t.org_types[type_ix % t.org_types.len()].id.clone();
            let new = map
                .next_org_ids(*count)
                .into_iter()
                .enumerate()
                .map(|(i, id)| Organisation::new(id, format!("Org {i}"), ty.clone(), [*x + i as f32 * 10.0, *y]))
                .collect();
            Edit::AddOrganisations(new)
        }
        Op::Remove { pick: p, count } => {
            let mut chosen: Vec<OrgId> = (0..*count).filter_map(|i| pick(p.wrapping_add(i))).collect();
            chosen.dedup();
            Edit::RemoveOrganisations(chosen)
        }
        Op::Move { pick: p, dx, dy } => {
            let id = pick(*p)?;
            let pos = map.org(&id)?.position;
            Edit::MoveOrganisations(vec![(id, [pos[0] + dx, pos[1] + dy])])
        }
        Op::Rename { pick: p, name } => {
            let mut o = map.org(&pick(*p)?)?.clone();
            o.name.clone_from(name);
            Edit::UpdateOrganisations(vec![o])
        }
        Op::SetField { pick: p, option } => {
            let mut o = map.org(&pick(*p)?)?.clone();
            let def = t.field(&FieldId::new("crisis_stages"))?;
            o.fields.insert(def.id.clone(), FieldValue::List(def.options[..=*option % def.options.len()].to_vec()));
            Edit::UpdateOrganisations(vec![o])
        }
        Op::Connect { a, b, type_ix } => {
            let (from, to) = (pick(*a)?, pick(*b)?);
            if from == to {
                return None;
            }
            let ty = t.link_types[type_ix % t.link_types.len()].id.clone();
            Edit::AddLinks(vec![LinkRecord::new(map.next_link_id(), from, to, ty)])
        }
        Op::RemoveLink { pick: p } => {
            let links = map.link_records();
            if links.is_empty() {
                return None;
            }
            Edit::RemoveLinks(vec![links[p % links.len()].id.clone()])
        }
        Op::Retitle { title } => {
            let mut meta = map.meta.clone();
            meta.title.clone_from(title);
            Edit::SetMeta(meta)
        }
        Op::DeleteTypeInUse { type_ix, to_ix } => {
            let gone: TypeId = t.org_types[type_ix % t.org_types.len()].id.clone();
            let to: TypeId = t.org_types[to_ix % t.org_types.len()].id.clone();
            if gone == to {
                return None;
            }
            let mut typology = t.clone();
            typology.org_types.retain(|o| o.id != gone);
            let mut change = TypologyChange { typology, ..Default::default() };
            change.reassign_org_types.insert(gone, to);
            typology_change(map, change)
        }
        Op::Undo | Op::Redo => return None,
    })
}

fn text(map: &Map) -> String {
    String::from_utf8(map_to_bytes(map)).unwrap()
}

fn check_invariants(map: &Map) {
    for o in map.organisations() {
        map.check_organisation(o).unwrap();
    }
    for l in map.link_records() {
        map.check_link(&l).unwrap();
    }
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
