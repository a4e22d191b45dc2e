//! Turning a typology edit into one atomic, undoable map edit: members of deleted types move to
//! the type the user chose, values of removed fields and options are dropped.

use super::Edit;
use crate::model::{AppliesTo, FieldValue, FieldValues, Map, TypeId, Typology, typology::check_value};
use std::collections::HashMap;

/// A requested change of typology.
#[derive(Debug, Clone, Default)]
pub struct TypologyChange {
    /// The typology after the change.
    pub typology: Typology,
    /// For organisation types removed while in use: old type → the type its members move to.
    pub reassign_org_types: HashMap<TypeId, TypeId>,
    /// For link types removed while in use: old type → new type.
    pub reassign_link_types: HashMap<TypeId, TypeId>,
}

/// Keeps the values that still fit the typology; a multiple-choice value loses only the options
/// that were removed.
fn fitting_values(typology: &Typology, applies_to: AppliesTo, fields: &FieldValues) -> FieldValues {
    fields
        .iter()
        .filter_map(|(id, value)| {
            let def = typology.field(id).filter(|d| d.applies_to == applies_to)?;
            let value = match value {
                FieldValue::List(items) if def.kind.has_options() => {
                    FieldValue::List(items.iter().filter(|i| def.options.contains(i)).cloned().collect())
                }
                v => v.clone(),
            };
            check_value(def, &value).ok().map(|()| (id.clone(), value))
        })
        .collect()
}

/// The edit that applies `change` to `map`. Organisations and links whose type was removed and
/// is not reassigned keep their type, so the edit is refused with a message naming them.
#[must_use]
pub fn typology_change(map: &Map, change: TypologyChange) -> Edit {
    let t = &change.typology;
    let orgs = map
        .organisations_sorted()
        .into_iter()
        .filter_map(|o| {
            let mut new = o.clone();
            if let Some(to) = change.reassign_org_types.get(&o.org_type) {
                new.org_type = to.clone();
            }
            new.fields = fitting_values(t, AppliesTo::Organisations, &o.fields);
            (new != *o).then_some(new)
        })
        .collect();
    let links = map
        .link_records()
        .into_iter()
        .filter_map(|l| {
            let mut new = l.clone();
            if let Some(to) = change.reassign_link_types.get(&l.link_type) {
                new.link_type = to.clone();
            }
            new.fields = fitting_values(t, AppliesTo::Links, &l.fields);
            (new != l).then_some(new)
        })
        .collect();
    Edit::SetTypology { typology: Box::new(change.typology), orgs, links }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::{FieldId, OrgId, Organisation};

    #[test]
    fn deleting_a_type_in_use_reassigns_members_and_undoes_in_one_step() {
        let mut map = Map::new();
        let mut org =
            Organisation::new(OrgId::new("o1"), "Knit and natter", TypeId::new("community_group"), [0.0, 0.0]);
        org.fields
            .insert(FieldId::new("crisis_stages"), FieldValue::List(vec!["prevention".into(), "aftercare".into()]));
        org.fields.insert(FieldId::new("area"), FieldValue::Text("North".into()));
        map.insert_organisation(org).unwrap();
        let before = map.clone();

        let mut typology = map.typology().clone();
        typology.org_types.retain(|t| t.id.as_str() != "community_group");
        typology.fields.retain(|f| f.id.as_str() != "area");
        let stages = typology.fields.iter_mut().find(|f| f.id.as_str() == "crisis_stages").unwrap();
        stages.options.retain(|o| o != "aftercare");
        let mut change = TypologyChange { typology, ..Default::default() };

        // Without a reassignment the change is refused and nothing moves.
        let mut h = History::new();
        let edit = typology_change(&map, change.clone());
        let err = h.apply(&mut map, "Typology", edit).unwrap_err();
        assert!(err.to_string().contains("community_group"), "{err}");
        assert_eq!(map, before);

        change.reassign_org_types.insert(TypeId::new("community_group"), TypeId::new("peer_support"));
        let edit = typology_change(&map, change);
        h.apply(&mut map, "Typology", edit).unwrap();
        let o = map.org(&OrgId::new("o1")).unwrap();
        assert_eq!(o.org_type.as_str(), "peer_support");
        assert_eq!(o.fields.get(&FieldId::new("crisis_stages")), Some(&FieldValue::List(vec!["prevention".into()])));
        assert!(!o.fields.contains_key(&FieldId::new("area")));

        h.undo(&mut map).unwrap();
        assert_eq!(map, before);
    }
}
