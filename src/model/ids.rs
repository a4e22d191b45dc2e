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

/// Sorts items by their id in natural order, fast: ids of the usual form (letters then digits,
/// "o12") compare as (prefix, number) without scanning; anything else falls back to
/// [`natural_cmp`]. The order is exactly `natural_cmp`'s.
pub fn sort_by_natural_id<T>(items: &mut [T], id: impl Fn(&T) -> &str) {
    fn simple(s: &str) -> Option<(&str, u64)> {
        let split = s.find(|c: char| c.is_ascii_digit())?;
        let (prefix, digits) = s.split_at(split);
        if prefix.bytes().any(|b| b.is_ascii_digit()) || digits.len() > 18 || digits.starts_with('0') {
            return None;
        }
        Some((prefix, digits.parse().ok()?))
    }
    let mut keyed: Vec<(Option<(&str, u64)>, usize)> =
        items.iter().enumerate().map(|(i, t)| (simple(id(t)), i)).collect();
    keyed.sort_unstable_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) if x != y && x.0 == y.0 => x.1.cmp(&y.1),
        _ => natural_cmp(id(&items[a.1]), id(&items[b.1])),
    });
    // Apply the permutation in place.
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut pos: Vec<usize> = (0..items.len()).collect(); // pos[original] = current index
    let mut at: Vec<usize> = (0..items.len()).collect(); // at[current] = original
    for (target, &orig) in order.iter().enumerate() {
        let cur = pos[orig];
        if cur != target {
            items.swap(target, cur);
            let displaced = at[target];
            at[cur] = displaced;
            pos[displaced] = cur;
            at[target] = orig;
            pos[orig] = target;
        }
    }
}

/// The number after a one-letter prefix ("o12" → 12), used to hand out the next free id.
#[must_use]
pub fn numeric_suffix(id: &str, prefix: u8) -> Option<u64> {
    // A byte comparison: `strip_prefix(char)` went through `memcmp` for every id of a big map.
    match id.as_bytes().split_first() {
        Some((&first, _)) if first == prefix => id.get(1..)?.parse().ok(),
        _ => None,
    }
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
    fn fast_sort_matches_natural_order() {
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
