//! Newtype ids. They are the stable string ids written in map files; petgraph indices never leave
//! the model.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
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

/// Ids → values (graph indices, numbers). Ids of up to 15 bytes (nearly all: "o12", "l40312")
/// are kept inside the table, so a lookup reads one place in memory rather than the table and
/// then the id's own allocation; loading or importing 60,000 links makes 120,000 lookups, and
/// the second read missing the cache was most of their time. Longer ids go in a second table.
#[derive(Debug, Clone, Default)]
pub struct IdIndex<V> {
    short: foldhash::HashMap<u128, V>,
    long: foldhash::HashMap<String, V>,
}

impl<V: Copy> IdIndex<V> {
    /// The id as an inline key (its bytes, its length in the top byte), if it fits. Built in a
    /// register: a copy into a stack buffer read back whole stalled every lookup.
    fn short_key(id: &str) -> Option<u128> {
        let bytes = id.as_bytes();
        if bytes.len() >= 16 {
            return None;
        }
        let mut key = u128::from(u8::try_from(bytes.len()).ok()?) << 120;
        for (i, &b) in bytes.iter().enumerate() {
            key |= u128::from(b) << (8 * i);
        }
        Some(key)
    }

    /// The value for an id.
    #[must_use]
    pub fn get<K: Borrow<str> + ?Sized>(&self, id: &K) -> Option<V> {
        let id = id.borrow();
        match Self::short_key(id) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(id).copied(),
        }
    }

    /// Whether the id is in the index.
    #[must_use]
    pub fn contains_key<K: Borrow<str> + ?Sized>(&self, id: &K) -> bool {
        self.get(id).is_some()
    }

    /// Sets the value for an id; returns the value it had.
    pub fn insert<K: Borrow<str> + ?Sized>(&mut self, id: &K, value: V) -> Option<V> {
        let id = id.borrow();
        match Self::short_key(id) {
            Some(key) => self.short.insert(key, value),
            None => self.long.insert(id.to_owned(), value),
        }
    }

    /// Removes an id; returns its value.
    pub fn remove<K: Borrow<str> + ?Sized>(&mut self, id: &K) -> Option<V> {
        let id = id.borrow();
        match Self::short_key(id) {
            Some(key) => self.short.remove(&key),
            None => self.long.remove(id),
        }
    }

    /// Makes room for `n` more ids.
    pub fn reserve(&mut self, n: usize) {
        self.short.reserve(n);
    }

    /// How many ids are in the index.
    #[must_use]
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Whether the index is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The value for an id known to be in the index (like a `HashMap`'s, it panics otherwise).
impl<V: Copy, K: Borrow<str> + ?Sized> std::ops::Index<&K> for IdIndex<V> {
    type Output = V;

    fn index(&self, id: &K) -> &V {
        let id = id.borrow();
        let found = match Self::short_key(id) {
            Some(key) => self.short.get(&key),
            None => self.long.get(id),
        };
        found.expect("an id checked to be in the index")
    }
}

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
    fn the_id_index_keeps_short_and_long_ids_apart() {
        let mut index = IdIndex::default();
        let long = "an-organisation-id-longer-than-fifteen-bytes";
        for (n, id) in ["", "o1", "o1\0", "123456789012345", "1234567890123456", long, "é"].iter().enumerate() {
            assert_eq!(index.insert(id, n), None, "{id:?}");
        }
        assert_eq!(index.len(), 7);
        assert_eq!((index.get("o1"), index.get("o1\0"), index.get("o10")), (Some(1), Some(2), None));
        assert_eq!((index.get("123456789012345"), index.get("1234567890123456")), (Some(3), Some(4)));
        assert_eq!((index.get(long), index.get(""), index.get("é")), (Some(5), Some(0), Some(6)));
        assert_eq!(index.insert("o1", 9), Some(1));
        assert_eq!((index.remove(long), index.remove(long), index.remove("o1")), (Some(5), None, Some(9)));
        assert!(!index.contains_key("o1") && index.contains_key("o1\0") && index.len() == 5);
    }

    #[test]
    fn numeric_suffix_reads_generated_ids() {
        assert_eq!(numeric_suffix("o12", b'o'), Some(12));
        assert_eq!(numeric_suffix("cafe", b'o'), None);
        assert_eq!(numeric_suffix("l3", b'o'), None);
    }
}
