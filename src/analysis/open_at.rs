//! Reach at a time: from an organisation, the shortest referral or signposting paths to the
//! organisations open at a moment. A path passes only through organisations that are open then
//! or whose hours are unknown (a closed service cannot pass anyone on); the start may be closed
//! (it is where the person is, or was told to go).

use crate::hours::{OpenAt, Openness};
use crate::model::{Map, OrgId, TypeId};
use std::collections::{HashMap, VecDeque};

/// The link types people are passed along: referral and signposting (by id, or by a name
/// containing "referral" or "signpost"); all directed types if the typology has neither.
#[must_use]
pub fn pathway_link_types(map: &Map) -> Vec<TypeId> {
    let types = &map.typology().link_types;
    let named: Vec<TypeId> = types
        .iter()
        .filter(|t| {
            let name = t.name.to_lowercase();
            matches!(t.id.as_str(), "referral" | "signposting")
                || name.contains("referral")
                || name.contains("signpost")
        })
        .map(|t| t.id.clone())
        .collect();
    if named.is_empty() { types.iter().filter(|t| t.directed).map(|t| t.id.clone()).collect() } else { named }
}

/// From `from`, the shortest path (following `types` in their direction) to each organisation
/// open in `open`, nearest first, ties by id; each path starts with `from` and ends at the open
/// organisation. `from` itself is not listed.
#[must_use]
pub fn reach_open_at(map: &Map, from: &OrgId, open: &OpenAt, types: &[TypeId]) -> Vec<Vec<OrgId>> {
    let state: HashMap<&OrgId, Openness> = open.orgs.iter().zip(open.openness.iter().copied()).collect();
    let adj = super::directed_adjacency(map, types);
    let mut prev: HashMap<OrgId, OrgId> = HashMap::new();
    let mut seen: std::collections::HashSet<OrgId> = std::collections::HashSet::from([from.clone()]);
    let mut queue = VecDeque::from([from.clone()]);
    let mut out = Vec::new();
    while let Some(v) = queue.pop_front() {
        let here = state.get(&v).copied().unwrap_or(Openness::Unknown);
        if &v != from {
            if here == Openness::Open {
                let mut path = vec![v.clone()];
                let mut cur = v.clone();
                while let Some(p) = prev.get(&cur) {
                    path.push(p.clone());
                    cur = p.clone();
                }
                path.reverse();
                out.push(path);
            }
            if here == Openness::Closed {
                continue;
            }
        }
        for w in adj.get(&v).into_iter().flatten() {
            if seen.insert(w.clone()) {
                prev.insert(w.clone(), v.clone());
                queue.push_back(w.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::Moment;

    #[test]
    fn at_2am_sunday_the_knitting_group_reaches_only_what_is_open() {
        let map = crate::example_map().unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap().and_hms_opt(2, 0, 0).unwrap();
        let open = crate::hours::HoursIndex::new(&map).at(Moment::Exact(at).resolve(at));
        let types = pathway_link_types(&map);
        assert!(types.iter().any(|t| t.as_str() == "referral"));
        let knitting = OrgId::new("o26");
        let paths = reach_open_at(&map, &knitting, &open, &types);
        for p in &paths {
            assert_eq!(p.first(), Some(&knitting));
            let end = p.last().unwrap();
            let i = open.orgs.iter().position(|o| o == end).unwrap();
            assert_eq!(open.openness[i], Openness::Open, "{p:?}");
            for mid in &p[1..p.len() - 1] {
                let i = open.orgs.iter().position(|o| o == mid).unwrap();
                assert_ne!(open.openness[i], Openness::Closed, "{p:?} passes a closed service");
            }
        }
        // Nearest first.
        assert!(paths.windows(2).all(|w| w[0].len() <= w[1].len()));
    }
}
