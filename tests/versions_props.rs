//! Property tests of diff and merge over random edit sequences: merging a copy with an unchanged
//! one gives the copy; a merge without conflicts does not depend on which copy is "ours";
//! applying diff(old, new) to old gives new; every merge result loads and keeps the invariants.

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

use patchwork::edit::{Edit, TypologyChange, apply, stamped, typology_change};
use patchwork::io::{map_from_bytes, map_to_bytes};
use patchwork::model::{FieldId, FieldValue, LinkRecord, Map, OrgId, Organisation, Provenance, TypeId};
use patchwork::versions::{
    self, DiffOptions, MergeOptions, apply_diff, diff_maps, document, load_document, merge_maps,
};
use proptest::prelude::*;
use std::path::Path;

/// An abstract operation; turned into a concrete edit against the current map, so every
/// operation is meaningful whatever came before.
#[derive(Debug, Clone)]
enum Op {
    Add { count: usize, type_ix: usize, x: f32, y: f32 },
    Remove { pick: usize },
    Move { pick: usize, dx: f32, dy: f32 },
    Rename { pick: usize, name: String },
    Retype { pick: usize, type_ix: usize },
    SetField { pick: usize, option: usize },
    Tag { pick: usize, tag: usize },
    Connect { a: usize, b: usize, type_ix: usize },
    RemoveLink { pick: usize },
    Retitle { title: String },
    DeleteTypeInUse { type_ix: usize, to_ix: usize },
    AddType { name: String },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1..3usize, 0..10usize, -500.0f32..500.0, -500.0f32..500.0).prop_map(|(count, type_ix, x, y)| Op::Add {
            count,
            type_ix,
            x,
            y
        }),
        any::<usize>().prop_map(|pick| Op::Remove { pick }),
        (any::<usize>(), -50.0f32..50.0, -50.0f32..50.0).prop_map(|(pick, dx, dy)| Op::Move { pick, dx, dy }),
        (any::<usize>(), "[a-zA-Z é]{0,8}").prop_map(|(pick, name)| Op::Rename { pick, name }),
        (any::<usize>(), 0..10usize).prop_map(|(pick, type_ix)| Op::Retype { pick, type_ix }),
        (any::<usize>(), 0..4usize).prop_map(|(pick, option)| Op::SetField { pick, option }),
        (any::<usize>(), 0..4usize).prop_map(|(pick, tag)| Op::Tag { pick, tag }),
        (any::<usize>(), any::<usize>(), 0..6usize).prop_map(|(a, b, type_ix)| Op::Connect { a, b, type_ix }),
        any::<usize>().prop_map(|pick| Op::RemoveLink { pick }),
        "[a-z ]{0,6}".prop_map(|title| Op::Retitle { title }),
        (0..10usize, 0..10usize).prop_map(|(type_ix, to_ix)| Op::DeleteTypeInUse { type_ix, to_ix }),
        "[A-Z][a-z]{2,6}".prop_map(|name| Op::AddType { name }),
    ]
}

fn to_edit(map: &Map, op: &Op) -> Option<Edit> {
    let orgs: Vec<OrgId> = map.organisations_sorted().into_iter().map(|o| o.id.clone()).collect();
    let pick = |p: usize| (!orgs.is_empty()).then(|| orgs[p % orgs.len()].clone());
    let t = map.typology();
    let org_type = |ix: usize| t.org_types[ix % t.org_types.len()].id.clone();
    Some(match op {
        Op::Add { count, type_ix, x, y } => Edit::AddOrganisations(
            map.next_org_ids(*count)
                .into_iter()
                .enumerate()
                .map(|(i, id)| {
                    Organisation::new(id, format!("Org {i}"), org_type(*type_ix), [*x + i as f32 * 10.0, *y])
                })
                .collect(),
        ),
        Op::Remove { pick: p } => Edit::RemoveOrganisations(vec![pick(*p)?]),
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
        Op::Retype { pick: p, type_ix } => {
            let mut o = map.org(&pick(*p)?)?.clone();
            o.org_type = org_type(*type_ix);
            Edit::UpdateOrganisations(vec![o])
        }
        Op::SetField { pick: p, option } => {
            let mut o = map.org(&pick(*p)?)?.clone();
            let def = t.field(&FieldId::new("crisis_stages"))?;
            o.fields.insert(def.id.clone(), FieldValue::List(def.options[..=*option % def.options.len()].to_vec()));
            Edit::UpdateOrganisations(vec![o])
        }
        Op::Tag { pick: p, tag } => {
            let mut o = map.org(&pick(*p)?)?.clone();
            let tag = ["LGBTQ+", "young people", "evenings", "Welsh"][*tag].to_owned();
            if o.tags.contains(&tag) {
                o.tags.retain(|t| *t != tag);
            } else {
                o.tags.push(tag);
            }
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
            let (gone, to) = (org_type(*type_ix), org_type(*to_ix));
            if gone == to {
                return None;
            }
            let mut typology = t.clone();
            typology.org_types.retain(|o| o.id != gone);
            let mut change = TypologyChange { typology, ..Default::default() };
            change.reassign_org_types.insert(gone, to);
            typology_change(map, change)
        }
        Op::AddType { name } => {
            let mut typology = t.clone();
            let mut new = typology.org_types[0].clone();
            new.id = TypeId::new(typology.fresh_id(name));
            new.name.clone_from(name);
            typology.org_types.push(new);
            typology_change(map, TypologyChange { typology, ..Default::default() })
        }
    })
}

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

fn check_invariants(map: &Map) {
    for o in map.organisations() {
        map.check_organisation(o).unwrap();
    }
    for l in map.link_records() {
        map.check_link(&l).unwrap();
    }
    // And it survives its own file.
    let back = map_from_bytes(Path::new("merged.json"), &map_to_bytes(map)).unwrap();
    assert_eq!(&back, map);
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 0..16)
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
        check_invariants(&ab.map);
        check_invariants(&ba.map);
        if ab.conflicts.is_empty() {
            prop_assert!(ba.conflicts.is_empty(), "{:?}", ba.conflicts);
            prop_assert_eq!(&ab.map, &ba.map);
        }
        // Marked conflicts and the other side's choices load too.
        let marked = merge_maps(&base, &a, &b, &MergeOptions { mark_conflicts: true, ..MergeOptions::default() }).unwrap();
        check_invariants(&marked.map);
        prop_assert_eq!(marked.map.notes.len(), ab.conflicts.len());
        let choices = ab.conflicts.iter().map(|c| (c.id(), versions::Side::Theirs)).collect();
        let theirs = merge_maps(&base, &a, &b, &MergeOptions { choices, mark_conflicts: false }).unwrap();
        check_invariants(&theirs.map);
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
        check_invariants(&ab.map);
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
