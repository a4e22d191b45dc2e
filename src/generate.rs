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
    // Hours come from a stream of their own, so the rest of the map is what it was before maps
    // had hours.
    let mut hours_rng = Rng::new(seed ^ 0x0F0F_5EED);
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
        if let Some(hours) = hours(&mut hours_rng) {
            org.fields.insert(FieldId::new("opening_hours"), FieldValue::Text(hours));
        }
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

/// Opening hours as organisations record them: mostly `opening_hours` syntax of the common
/// kinds (weekday office hours, evenings past midnight, one day a week, 24/7, monthly groups),
/// one in twenty free text the syntax does not read, one in ten none.
fn hours(rng: &mut Rng) -> Option<String> {
    const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    const FREE: [&str; 4] =
        ["Term time, 8pm–8am", "Ring for an appointment", "Every other Sunday afternoon", "Daylight hours"];
    let open = 7 + rng.below(4);
    let close = 15 + rng.below(5);
    let day = DAYS[rng.below(7)];
    let other = DAYS[rng.below(7)];
    let evening = 17 + rng.below(5);
    let late = rng.below(4);
    let text = match rng.below(20) {
        0 | 1 => return None,
        2 => FREE[rng.below(FREE.len())].to_owned(),
        3 | 4 => "24/7".to_owned(),
        5..=8 => format!("Mo-Fr {open:02}:00-{close:02}:00; PH off"),
        9 | 10 => format!("Mo-Fr {open:02}:30-{close:02}:00"),
        11 | 12 => format!("Mo-Su {evening:02}:00-{late:02}:00"),
        13 | 14 => format!("{day} {evening:02}:00-{:02}:00", evening + 2),
        15 => format!("{day},{other} {open:02}:00-{:02}:00", open + 4),
        16 => format!("Fr-Su {evening:02}:00-24:00"),
        17 => format!("{day}[1] 19:00-21:00"),
        18 => "week 1-53/2 Su 14:00-17:00".to_owned(),
        _ => format!("Mo-Sa {open:02}:00-{close:02}:00; Su 10:00-14:00"),
    };
    Some(text)
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
