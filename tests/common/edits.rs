//! Random edit sequences for property tests (undo/redo, diff and merge): abstract operations,
//! turned into a concrete edit against the current map so every operation means something
//! whatever came before.

use patchwork::edit::{Edit, TypologyChange, typology_change};
use patchwork::model::{FieldId, FieldValue, LinkRecord, Map, OrgId, Organisation, TypeId};
use proptest::prelude::*;

/// An abstract operation on a map (see [`to_edit`]); `pick`s choose an organisation or link
/// modulo how many there are.
#[derive(Debug, Clone)]
pub enum Op {
    Add {
        count: usize,
        type_ix: usize,
        x: f32,
        y: f32,
    },
    Remove {
        pick: usize,
        count: usize,
    },
    Move {
        pick: usize,
        dx: f32,
        dy: f32,
    },
    Rename {
        pick: usize,
        name: String,
    },
    Retype {
        pick: usize,
        type_ix: usize,
    },
    SetField {
        pick: usize,
        option: usize,
    },
    Tag {
        pick: usize,
        tag: usize,
    },
    Connect {
        a: usize,
        b: usize,
        type_ix: usize,
    },
    RemoveLink {
        pick: usize,
    },
    Retitle {
        title: String,
    },
    DeleteTypeInUse {
        type_ix: usize,
        to_ix: usize,
    },
    AddType {
        name: String,
    },
    /// Undo a step (for tests with a history; [`to_edit`] gives no edit).
    Undo,
    /// Redo a step (likewise).
    Redo,
}

/// Any edit of organisations, links, the title or the typology (no undo or redo). Names carry
/// XML and JSON specials and a non-ASCII letter.
pub fn edit_op() -> impl Strategy<Value = Op> {
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
        (any::<usize>(), 0..10usize).prop_map(|(pick, type_ix)| Op::Retype { pick, type_ix }),
        (any::<usize>(), 0..4usize).prop_map(|(pick, option)| Op::SetField { pick, option }),
        (any::<usize>(), 0..4usize).prop_map(|(pick, tag)| Op::Tag { pick, tag }),
        (any::<usize>(), any::<usize>(), 0..6usize).prop_map(|(a, b, type_ix)| Op::Connect { a, b, type_ix }),
        any::<usize>().prop_map(|pick| Op::RemoveLink { pick }),
        "[a-z ]{0,10}".prop_map(|title| Op::Retitle { title }),
        (0..10usize, 0..10usize).prop_map(|(type_ix, to_ix)| Op::DeleteTypeInUse { type_ix, to_ix }),
        "[A-Z][a-z]{2,6}".prop_map(|name| Op::AddType { name }),
    ]
}

/// The edit `op` makes of `map`, or `None` where it means nothing there (nothing to pick, a
/// link to itself, a type reassigned to itself, undo and redo).
pub fn to_edit(map: &Map, op: &Op) -> Option<Edit> {
    let orgs: Vec<OrgId> = map.organisations_sorted().into_iter().map(|o| o.id.clone()).collect();
    let pick = |p: usize| (!orgs.is_empty()).then(|| orgs[p % orgs.len()].clone());
    let t = map.typology();
    let org_type = |ix: usize| t.org_types[ix % t.org_types.len()].id.clone();
    let update = |p: usize, change: &dyn Fn(&mut Organisation)| {
        let mut o = map.org(&pick(p)?)?.clone();
        change(&mut o);
        Some(Edit::UpdateOrganisations(vec![o]))
    };
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
        Op::Remove { pick: p, count } => {
            let mut chosen: Vec<OrgId> = (0..*count).filter_map(|i| pick(p.wrapping_add(i))).collect();
            chosen.dedup();
            if chosen.is_empty() {
                return None;
            }
            Edit::RemoveOrganisations(chosen)
        }
        Op::Move { pick: p, dx, dy } => {
            let id = pick(*p)?;
            let pos = map.org(&id)?.position;
            Edit::MoveOrganisations(vec![(id, [pos[0] + dx, pos[1] + dy])])
        }
        Op::Rename { pick: p, name } => update(*p, &|o| o.name.clone_from(name))?,
        Op::Retype { pick: p, type_ix } => update(*p, &|o| o.org_type = org_type(*type_ix))?,
        Op::SetField { pick: p, option } => {
            let def = t.field(&FieldId::new("crisis_stages"))?;
            let value = FieldValue::List(def.options[..=*option % def.options.len()].to_vec());
            update(*p, &|o| {
                o.fields.insert(def.id.clone(), value.clone());
            })?
        }
        Op::Tag { pick: p, tag } => {
            let tag = ["LGBTQ+", "young people", "evenings", "Welsh"][*tag].to_owned();
            update(*p, &|o| {
                if o.tags.contains(&tag) {
                    o.tags.retain(|t| *t != tag);
                } else {
                    o.tags.push(tag.clone());
                }
            })?
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
        Op::Undo | Op::Redo => return None,
    })
}

/// Panics unless every organisation and link of `map` keeps the model's invariants.
pub fn check_invariants(map: &Map) {
    for o in map.organisations() {
        map.check_organisation(o).unwrap();
    }
    for l in map.link_records() {
        map.check_link(&l).unwrap();
    }
}
