//! A comparison of two versions as a map of its own, for a figure ("what changed between wave 1
//! and wave 2"): every organisation and link of either version, typed by what happened to it
//! (added, changed, moved, unchanged, removed), so the ordinary figure export draws it with a
//! legend of those kinds, in colours and shapes that stay apart under colour-vision deficiencies.

use crate::model::typology::{Colour, LineStyle, LinkType, OrgType, Shape, Typology};
use crate::model::{LinkRecord, Map, ModelError, Organisation, TypeId};

/// The kinds of change, as organisation types: id, name, colour, shape.
const ORG_KINDS: [(&str, &str, Colour, Shape); 5] = [
    ("added", "Added", Colour::rgb(0x00, 0x9e, 0x73), Shape::Star),
    ("changed", "Changed", Colour::rgb(0xe6, 0x9f, 0x00), Shape::Diamond),
    ("moved", "Moved", Colour::rgb(0x56, 0xb4, 0xe9), Shape::Square),
    ("unchanged", "Unchanged", Colour::rgb(0xbb, 0xbb, 0xbb), Shape::Circle),
    ("removed", "Removed", Colour::rgb(0xd5, 0x5e, 0x00), Shape::Cross),
];

/// The kinds of change, as link types: id, name, colour, line style.
const LINK_KINDS: [(&str, &str, Colour, LineStyle); 4] = [
    ("added_link", "Added link", Colour::rgb(0x00, 0x9e, 0x73), LineStyle::Solid),
    ("changed_link", "Changed link", Colour::rgb(0xe6, 0x9f, 0x00), LineStyle::Solid),
    ("unchanged_link", "Unchanged link", Colour::rgb(0xbb, 0xbb, 0xbb), LineStyle::Solid),
    ("removed_link", "Removed link", Colour::rgb(0xd5, 0x5e, 0x00), LineStyle::Dotted),
];

fn typology() -> Typology {
    Typology {
        org_types: ORG_KINDS
            .iter()
            .map(|(id, name, colour, shape)| OrgType {
                id: TypeId::new(*id),
                name: (*name).to_owned(),
                definition: String::new(),
                colour: *colour,
                shape: *shape,
            })
            .collect(),
        link_types: LINK_KINDS
            .iter()
            .map(|(id, name, colour, style)| LinkType {
                id: TypeId::new(*id),
                name: (*name).to_owned(),
                definition: String::new(),
                directed: false,
                style: *style,
                colour: *colour,
            })
            .collect(),
        fields: Vec::new(),
    }
}

/// The comparison of `old` and `new` as a map: `new`'s organisations and links where they are
/// now, `old`'s removed ones where they were, each typed by what happened to it. A move shorter
/// than `min_move` map units is not a move. Names, positions and the sensitive flag are kept (so
/// a redacted export still hides sensitive organisations); fields, notes and views are not.
pub fn comparison_map(old: &Map, new: &Map, min_move: f64) -> Result<Map, ModelError> {
    let mut map = Map::with_typology(typology());
    map.meta.title = format!("{}: changes since “{}”", new.meta.title, old.meta.title);
    let strip = |o: &Organisation, kind: &str| {
        let mut c = Organisation::new(o.id.clone(), o.name.clone(), TypeId::new(kind), o.position);
        c.sensitive = o.sensitive;
        c
    };
    for o in new.organisations_sorted() {
        let kind = match old.org(&o.id) {
            None => "added",
            Some(before) => {
                let mut same_place = before.clone();
                same_place.position = o.position;
                let moved =
                    f64::from(o.position[0] - before.position[0]).hypot(f64::from(o.position[1] - before.position[1]));
                if same_place != *o {
                    "changed"
                } else if moved >= min_move && moved > 0.0 {
                    "moved"
                } else {
                    "unchanged"
                }
            }
        };
        map.insert_organisation(strip(o, kind))?;
    }
    for o in old.organisations_sorted() {
        if new.org(&o.id).is_none() {
            map.insert_organisation(strip(o, "removed"))?;
        }
    }
    let link =
        |l: &LinkRecord, kind: &str| LinkRecord::new(l.id.clone(), l.from.clone(), l.to.clone(), TypeId::new(kind));
    for l in new.link_records() {
        let kind = match old.link_record(&l.id) {
            None => "added_link",
            Some(before) if before != l => "changed_link",
            Some(_) => "unchanged_link",
        };
        map.insert_link(link(&l, kind))?;
    }
    for l in old.link_records() {
        if new.link_record(&l.id).is_none() {
            map.insert_link(link(&l, "removed_link"))?;
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkId, OrgId};

    #[test]
    fn every_organisation_and_link_of_both_versions_is_typed_by_what_happened() {
        let old = crate::example_map().unwrap();
        let mut new = old.clone();
        let ids: Vec<OrgId> = old.organisations_sorted().iter().map(|o| o.id.clone()).collect();
        let (gone, _) = new.remove_organisation(&ids[0]).unwrap();
        let mut renamed = new.org(&ids[1]).unwrap().clone();
        renamed.name.push('!');
        new.replace_organisation(renamed).unwrap();
        let p = new.org(&ids[2]).unwrap().position;
        new.set_position(&ids[2], [p[0] + 50.0, p[1]]).unwrap();
        new.insert_organisation(Organisation::new(OrgId::new("o900"), "New", TypeId::new("helpline"), [0.0, 0.0]))
            .unwrap();
        let c = comparison_map(&old, &new, 5.0).unwrap();
        let kind = |id: &OrgId| c.org(id).unwrap().org_type.to_string();
        assert_eq!(kind(&gone.id), "removed");
        assert_eq!(kind(&ids[1]), "changed");
        assert_eq!(kind(&ids[2]), "moved");
        assert_eq!(kind(&ids[3]), "unchanged");
        assert_eq!(kind(&OrgId::new("o900")), "added");
        assert_eq!(c.org_count(), old.org_count() + 1);
        assert_eq!(c.link_count(), old.link_count());
        let removed = old.links_of(&gone.id);
        assert_eq!(c.link_record(&LinkId::new(removed[0].id.to_string())).unwrap().link_type.as_str(), "removed_link");
    }
}
