//! The starting typology from the research this app serves (see design notes). Kept as JSON in
//! `assets/default_typology.json` so researchers can read it, and the same text seeds every new map.

use super::typology::Typology;

const DEFAULT_TYPOLOGY_JSON: &str = include_str!("../../assets/default_typology.json");

/// The default crisis-support typology: organisation types (helplines to statutory services),
/// link types (referral, signposting, partnership, information sharing, funding, co-location) and
/// fields (mental-health focus, crisis stages, access, anonymity, provenance, ...).
///
/// # Panics
/// Never in practice: the bundled JSON is checked by this module's test.
#[must_use]
pub fn default_typology() -> Typology {
    // The asset is part of the binary and checked by the test below, so this cannot fail at run time.
    #[allow(clippy::expect_used)]
    serde_json::from_str(DEFAULT_TYPOLOGY_JSON).expect("bundled default typology is valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AppliesTo, FieldKind, TypeId};

    #[test]
    fn default_typology_is_complete_and_consistent() {
        let t = default_typology();
        t.check().unwrap();
        for id in [
            "helpline",
            "crisis_cafe",
            "drop_in",
            "crisis_house",
            "peer_support",
            "advocacy",
            "carers",
            "community_specific",
            "community_group",
            "statutory",
        ] {
            assert!(t.org_type(&TypeId::new(id)).is_some(), "missing org type {id}");
        }
        for id in ["referral", "signposting", "partnership", "information_sharing", "funding", "co_location"] {
            assert!(t.link_type(&TypeId::new(id)).is_some(), "missing link type {id}");
        }
        assert!(t.link_type(&TypeId::new("referral")).unwrap().directed);
        assert!(!t.link_type(&TypeId::new("partnership")).unwrap().directed);
        for f in &t.fields {
            assert_eq!(f.kind.has_options(), !f.options.is_empty(), "field {}", f.id);
        }
        assert!(
            t.fields_for(AppliesTo::Organisations)
                .any(|f| f.id.as_str() == "crisis_stages" && f.kind == FieldKind::MultiChoice)
        );
        // Shape is a second cue: every type has its own.
        let shapes: std::collections::HashSet<_> = t.org_types.iter().map(|o| o.shape).collect();
        assert_eq!(shapes.len(), t.org_types.len());
    }
}
