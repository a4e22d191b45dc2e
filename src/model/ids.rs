//! Newtype ids. They are the stable string ids written in map files; petgraph indices never leave
//! the model.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps a string as an id.
            #[must_use]
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as written in files.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        // Lookups by `&str` (the derived `Hash` hashes the string alone, as `str` does).
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

string_id!(
    /// Identifies an organisation within one map ("o12").
    OrgId
);
string_id!(
    /// Identifies a link within one map ("l7").
    LinkId
);
string_id!(
    /// Identifies an organisation type or a link type in the typology ("helpline", "referral").
    TypeId
);
string_id!(
    /// Identifies a field definition in the typology ("anonymity").
    FieldId
);
string_id!(
    /// Identifies a journey within one map ("j2").
    JourneyId
);
string_id!(
    /// Identifies a step within its journey ("s3"): steps keep their id when reordered, so a
    /// diff or merge can follow them.
    StepId
);

/// Compares ids so that "o2" sorts before "o10": digit runs compare by value. Used to give map
/// files a stable, human-friendly order whatever the edit history was.
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (&a[..da], &b[..db]);
                // Strip leading zeros, then longer number is larger, then lexical.
                let za = na.iter().take_while(|c| **c == b'0').count();
                let zb = nb.iter().take_while(|c| **c == b'0').count();
                let (ta, tb) = (&na[za..], &nb[zb..]);
                let ord = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb)).then_with(|| da.cmp(&db));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

/// Sorts items by their id in [`natural_cmp`] order (ids are unique, so the order is total).
pub fn sort_by_natural_id<T>(items: &mut [T], id: impl Fn(&T) -> &str) {
    items.sort_unstable_by(|a, b| natural_cmp(id(a), id(b)));
}

/// The number after a one-letter prefix ("o12" → 12), used to hand out the next free id.
#[must_use]
pub fn numeric_suffix(id: &str, prefix: u8) -> Option<u64> {
    id.strip_prefix(char::from(prefix))?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn natural_order_puts_o2_before_o10() {
        assert_eq!(natural_cmp("o2", "o10"), Ordering::Less);
        assert_eq!(natural_cmp("o10", "o10"), Ordering::Equal);
        assert_eq!(natural_cmp("a", "b"), Ordering::Less);
        assert_eq!(natural_cmp("o1x", "o1"), Ordering::Greater);
        assert_eq!(natural_cmp("o01", "o1"), Ordering::Greater);
        assert_eq!(natural_cmp("x9", "o10"), Ordering::Greater);
    }

    #[test]
    fn sort_by_natural_id_matches_natural_order() {
        let mut ids =
            vec!["o10", "o2", "x", "o01", "o1", "l3", "o2a", "a9", "o100", "", "o1b2", "o18446744073709551616"];
        let mut expected = ids.clone();
        expected.sort_by(|a, b| natural_cmp(a, b));
        sort_by_natural_id(&mut ids, |s| s);
        assert_eq!(ids, expected);
    }

    #[test]
    fn numeric_suffix_reads_generated_ids() {
        assert_eq!(numeric_suffix("o12", b'o'), Some(12));
        assert_eq!(numeric_suffix("cafe", b'o'), None);
        assert_eq!(numeric_suffix("l3", b'o'), None);
    }
}
