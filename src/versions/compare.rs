//! A comparison of two versions as a map of its own, for a figure ("what changed between wave 1
//! and wave 2"): every organisation and link of either version, typed by what happened to it
//! (added, changed, moved, unchanged, removed), so the ordinary figure export draws it with a
//! legend of those kinds, in colours and shapes that stay apart under colour-vision deficiencies.

use crate::model::typology::{Colour, LineStyle, LinkType, OrgType, Shape, Typology};
use crate::model::{LinkId, LinkRecord, Map, MapPos, ModelError, OrgId, Organisation, TypeId};
use std::collections::HashSet;

/// The colour of what was added (Okabe–Ito bluish green), in the figure and the app's overlay.
pub const ADDED: Colour = Colour::rgb(0x00, 0x9e, 0x73);
/// The colour of what was changed (Okabe–Ito orange).
pub const CHANGED: Colour = Colour::rgb(0xe6, 0x9f, 0x00);
/// The colour of what was moved (Okabe–Ito sky blue).
pub const MOVED: Colour = Colour::rgb(0x56, 0xb4, 0xe9);
/// The colour of what was removed (Okabe–Ito vermillion).
pub const REMOVED: Colour = Colour::rgb(0xd5, 0x5e, 0x00);
/// The colour of what is the same in both versions (grey).
pub const UNCHANGED: Colour = Colour::rgb(0xbb, 0xbb, 0xbb);

/// The kinds of change, as organisation types: id, name, colour, shape.
const ORG_KINDS: [(&str, &str, Colour, Shape); 5] = [
    ("added", "Added", ADDED, Shape::Star),
    ("changed", "Changed", CHANGED, Shape::Diamond),
    ("moved", "Moved", MOVED, Shape::Square),
    ("unchanged", "Unchanged", UNCHANGED, Shape::Circle),
    ("removed", "Removed", REMOVED, Shape::Cross),
];

/// How a removed link is drawn, in the figure and the app's overlay: a dotted ghost.
pub const REMOVED_LINK_STYLE: LineStyle = LineStyle::Dotted;

/// The kinds of change, as link types: id, name, colour, line style.
const LINK_KINDS: [(&str, &str, Colour, LineStyle); 4] = [
    ("added_link", "Added link", ADDED, LineStyle::Solid),
    ("changed_link", "Changed link", CHANGED, LineStyle::Solid),
    ("unchanged_link", "Unchanged link", UNCHANGED, LineStyle::Solid),
    ("removed_link", "Removed link", REMOVED, REMOVED_LINK_STYLE),
];

/// How far an organisation moved between two versions, map units.
fn distance(a: MapPos, b: MapPos) -> f64 {
    f64::from(b[0] - a[0]).hypot(f64::from(b[1] - a[1]))
}

/// Whether anything but the position and the "last changed" stamp of an organisation differs
/// between two versions (a stamp alone is not a change, as in [`super::diff`]).
fn changed_in_place(before: &Organisation, now: &Organisation) -> bool {
    let mut same_place = before.clone();
    same_place.position = now.position;
    same_place.changed.clone_from(&now.changed);
    same_place != *now
}

/// Whether anything but the stamp of a link differs between two versions.
fn link_changed(before: &LinkRecord, now: &LinkRecord) -> bool {
    let mut same = before.clone();
    same.changed.clone_from(&now.changed);
    same != *now
}

/// An organisation of the old version that the new one no longer has, as a ghost to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Ghost {
    /// Its name in the old version.
    pub name: String,
    /// Where it was, map units.
    pub position: MapPos,
    /// Its type's marker shape in the old version (a circle when the type is unknown).
    pub shape: Shape,
}

/// A link of the old version that the new one no longer has, as a ghost to draw between its
/// ends: where they are drawn now if they are still there, else where they were.
#[derive(Debug, Clone, PartialEq)]
pub struct GhostLink {
    /// The link's id in the old version.
    pub id: LinkId,
    /// Its ends, by id.
    pub ends: [OrgId; 2],
    /// Where its ends were in the old version, map units.
    pub old_positions: [MapPos; 2],
}

/// An organisation that moved at least the comparison's threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// The organisation (in both versions).
    pub id: OrgId,
    /// Where it was in the old version, map units.
    pub from: MapPos,
    /// Where it is in the new version, map units.
    pub to: MapPos,
}

/// What the app draws over the canvas while comparing with another version: computed once from
/// the two versions (never per frame). Organisations and links are named by id, so the canvas
/// draws rings, badges and coloured lines where they are drawn now; removed ones are kept with
/// their old name, place and shape (a removed link with its ends).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareOverlay {
    /// Organisations of the new version that the old one did not have.
    pub added: HashSet<OrgId>,
    /// Organisations in both whose name, type, fields or anything but position differ.
    pub changed: HashSet<OrgId>,
    /// Organisations of the old version gone from the new one, sorted by id.
    pub removed: Vec<Ghost>,
    /// Organisations in both that moved at least `min_move` (changed or not), sorted by id.
    pub moved: Vec<Move>,
    /// Links of the new version that the old one did not have.
    pub added_links: HashSet<LinkId>,
    /// Links in both whose type, ends, fields or notes differ.
    pub changed_links: HashSet<LinkId>,
    /// Links of the old version gone from the new one, sorted by id.
    pub removed_links: Vec<GhostLink>,
}

impl CompareOverlay {
    /// The overlay of the changes from `old` to `new`; a move shorter than `min_move` map units
    /// (or no move at all) is not a move.
    #[must_use]
    pub fn new(old: &Map, new: &Map, min_move: f64) -> Self {
        let mut overlay = Self::default();
        for o in new.organisations_sorted() {
            let Some(before) = old.org(&o.id) else {
                overlay.added.insert(o.id.clone());
                continue;
            };
            if changed_in_place(before, o) {
                overlay.changed.insert(o.id.clone());
            }
            let d = distance(before.position, o.position);
            if d >= min_move && d > 0.0 {
                overlay.moved.push(Move { id: o.id.clone(), from: before.position, to: o.position });
            }
        }
        for o in old.organisations_sorted() {
            if new.org(&o.id).is_none() {
                let shape = old.typology().org_type(&o.org_type).map_or(Shape::Circle, |t| t.shape);
                overlay.removed.push(Ghost { name: o.name.clone(), position: o.position, shape });
            }
        }
        for l in new.links_sorted() {
            match old.link_record(l.id) {
                None => {
                    overlay.added_links.insert(l.id.clone());
                }
                Some(before) if link_changed(&before, &l.to_record()) => {
                    overlay.changed_links.insert(l.id.clone());
                }
                Some(_) => {}
            }
        }
        for l in old.links_sorted() {
            if new.edge_index(l.id).is_none() {
                let at = |id: &OrgId| old.org(id).map_or([0.0, 0.0], |o| o.position);
                overlay.removed_links.push(GhostLink {
                    id: l.id.clone(),
                    ends: [l.from.clone(), l.to.clone()],
                    old_positions: [at(l.from), at(l.to)],
                });
            }
        }
        overlay
    }

    /// How many organisations were added, changed, removed and moved, in that order.
    #[must_use]
    pub fn counts(&self) -> [usize; 4] {
        [self.added.len(), self.changed.len(), self.removed.len(), self.moved.len()]
    }

    /// How many links were added, changed and removed, in that order.
    #[must_use]
    pub fn link_counts(&self) -> [usize; 3] {
        [self.added_links.len(), self.changed_links.len(), self.removed_links.len()]
    }

    /// Whether there is nothing to draw.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.counts() == [0; 4] && self.link_counts() == [0; 3]
    }
}

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
                let moved = distance(before.position, o.position);
                if changed_in_place(before, o) {
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
            Some(before) if link_changed(&before, &l) => "changed_link",
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

    #[test]
    fn the_overlay_holds_added_changed_removed_and_moved_organisations() {
        let old = crate::example_map().unwrap();
        let mut new = old.clone();
        let ids: Vec<OrgId> = old.organisations_sorted().iter().map(|o| o.id.clone()).collect();
        let (gone, _) = new.remove_organisation(&ids[0]).unwrap();
        let mut retyped = new.org(&ids[1]).unwrap().clone();
        let other_type = old.typology().org_types.iter().find(|t| t.id != retyped.org_type).unwrap().id.clone();
        retyped.org_type = other_type;
        new.replace_organisation(retyped).unwrap();
        let p = new.org(&ids[2]).unwrap().position;
        new.set_position(&ids[2], [p[0] + 50.0, p[1]]).unwrap();
        let q = new.org(&ids[3]).unwrap().position;
        new.set_position(&ids[3], [q[0] + 1.0, q[1]]).unwrap();
        new.insert_organisation(Organisation::new(OrgId::new("o900"), "New", TypeId::new("helpline"), [0.0, 0.0]))
            .unwrap();
        let o = CompareOverlay::new(&old, &new, 5.0);
        assert_eq!(o.counts(), [1, 1, 1, 1], "one each; the 1-unit nudge is not a move");
        assert!(o.added.contains(&OrgId::new("o900")));
        assert!(o.changed.contains(&ids[1]));
        let shape = old.typology().org_type(&gone.org_type).unwrap().shape;
        assert_eq!(o.removed, vec![Ghost { name: gone.name.clone(), position: gone.position, shape }]);
        assert_eq!(o.moved, vec![Move { id: ids[2].clone(), from: p, to: [p[0] + 50.0, p[1]] }]);
        assert!(CompareOverlay::new(&old, &old, 5.0).is_empty());
    }

    #[test]
    fn the_overlay_holds_added_changed_and_removed_links_and_ignores_stamps() {
        let old = crate::example_map().unwrap();
        let mut new = old.clone();
        let links = old.link_records();
        // Removed with its organisation, removed alone, retyped, only restamped, added.
        let org_gone = links[0].from.clone();
        let with_org: Vec<LinkId> = old.links_of(&org_gone).into_iter().map(|l| l.id).collect();
        new.remove_organisation(&org_gone).unwrap();
        let alone = links.iter().find(|l| !with_org.contains(&l.id)).unwrap().clone();
        new.remove_link(&alone.id).unwrap();
        let kept: Vec<&LinkRecord> = links.iter().filter(|l| !with_org.contains(&l.id) && l.id != alone.id).collect();
        let mut retyped = kept[0].clone();
        retyped.link_type = old.typology().link_types.iter().find(|t| t.id != retyped.link_type).unwrap().id.clone();
        new.replace_link(retyped.clone()).unwrap();
        let mut restamped = kept[1].clone();
        restamped.changed = Some(crate::model::Provenance::new("Sam", chrono::DateTime::UNIX_EPOCH));
        new.replace_link(restamped).unwrap();
        let added =
            LinkRecord::new(new.next_link_id(), kept[2].to.clone(), kept[2].from.clone(), TypeId::new("referral"));
        new.insert_link(added.clone()).unwrap();

        let o = CompareOverlay::new(&old, &new, 5.0);
        assert_eq!(o.link_counts(), [1, 1, with_org.len() + 1]);
        assert!(o.added_links.contains(&added.id));
        assert!(o.changed_links.contains(&retyped.id), "a restamped link is not a change");
        let ghost = o.removed_links.iter().find(|g| g.id == alone.id).unwrap();
        let ends = [alone.from.clone(), alone.to.clone()];
        let old_positions = [old.org(&alone.from).unwrap().position, old.org(&alone.to).unwrap().position];
        assert_eq!(*ghost, GhostLink { id: alone.id.clone(), ends, old_positions });
        assert!(!o.is_empty());
        // The figure types links the same way.
        let c = comparison_map(&old, &new, 5.0).unwrap();
        let kind = |id: &LinkId| c.link_record(id).unwrap().link_type.to_string();
        assert_eq!(kind(&added.id), "added_link");
        assert_eq!(kind(&retyped.id), "changed_link");
        assert_eq!(kind(&kept[1].id), "unchanged_link");
        assert_eq!(kind(&alone.id), "removed_link");
    }
}
