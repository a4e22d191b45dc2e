//! Deterministic generated maps for benchmarks and for anyone reproducing the published figures
//! (`patchwork generate --orgs N -o FILE`).

use crate::model::{FieldId, FieldValue, LinkRecord, Map, Organisation};
use crate::random::Rng;

/// A map with `orgs` organisations and about three links per organisation, using the default
/// typology, laid out on a jittered grid. Links mostly join near neighbours in the grid, as
/// real local networks do. Same arguments, same map.
#[must_use]
pub fn generate_map(orgs: usize, seed: u64) -> Map {
    let mut rng = Rng::new(seed);
    let mut map = Map::new();
    map.meta.title = format!("Generated map of {orgs} organisations");
    let typology = map.typology().clone();
    let side = (1..=orgs.max(1)).find(|s| s * s >= orgs).unwrap_or(1);
    let spacing = 120.0f32;
    let stages = typology.field(&FieldId::new("crisis_stages")).map(|f| f.options.clone()).unwrap_or_default();
    let mut records = Vec::with_capacity(orgs);
    for i in 0..orgs {
        let ty = &typology.org_types[rng.below(typology.org_types.len())];
        let (gx, gy) = ((i % side) as f32, (i / side) as f32);
        let pos = [gx * spacing + rng.unit() * 60.0, gy * spacing + rng.unit() * 60.0];
        let mut org = Organisation::new(
            crate::model::OrgId(format!("o{}", i + 1)),
            format!("{} {}", ty.name, i + 1),
            ty.id.clone(),
            pos,
        );
        if !stages.is_empty() {
            let stage = stages[rng.below(stages.len())].clone();
            org.fields.insert(FieldId::new("crisis_stages"), FieldValue::List(vec![stage]));
        }
        org.fields.insert(FieldId::new("area"), FieldValue::Text(format!("Area {}", i % 17)));
        records.push(org);
    }
    let mut links = Vec::with_capacity(orgs * 3);
    if orgs > 1 {
        for i in 0..orgs * 3 {
            let a = i / 3;
            // A neighbour within two grid steps either way (wrapping at the ends).
            let offset = rng.below(5) + rng.below(5) * side;
            let b = (a + orgs - (2 + 2 * side) % orgs + offset) % orgs;
            let b = if b == a { (a + 1) % orgs } else { b };
            let lt = &typology.link_types[rng.below(typology.link_types.len())];
            links.push(LinkRecord::new(
                crate::model::LinkId(format!("l{}", i + 1)),
                records[a].id.clone(),
                records[b].id.clone(),
                lt.id.clone(),
            ));
        }
    }
    // Built from valid parts only; an error here would be a bug in this function.
    Map::from_parts(map.meta.clone(), typology, records, links, Vec::new()).unwrap_or(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_maps_are_deterministic_and_sized() {
        let a = generate_map(200, 7);
        assert_eq!(a.org_count(), 200);
        assert_eq!(a.link_count(), 600);
        assert_eq!(crate::io::map_to_bytes(&a), crate::io::map_to_bytes(&generate_map(200, 7)));
        assert_ne!(crate::io::map_to_bytes(&a), crate::io::map_to_bytes(&generate_map(200, 8)));
    }
}
