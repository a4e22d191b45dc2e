//! Who last changed an item and when: the stamp an edit leaves on the organisations and links
//! it touches, so a merged map still says whose knowledge each part came from.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The last change to an item: the author's name (as set in the app's settings) and the time,
/// to the second, in UTC. In files: `{"by": "Sam", "at": "2026-11-30T14:05:00Z"}` (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Who made the change (free text: a name or initials).
    pub by: String,
    /// When, in UTC, whole seconds.
    #[serde(serialize_with = "write_time", deserialize_with = "read_time")]
    pub at: DateTime<Utc>,
}

impl Provenance {
    /// A stamp for `by` at `at`, rounded down to the whole second (files keep seconds only, so
    /// a stamp reads back equal to what was written).
    #[must_use]
    pub fn new(by: impl Into<String>, at: DateTime<Utc>) -> Self {
        let at = DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at);
        Self { by: by.into(), at }
    }

    /// The time as written in files and data exports ("2026-11-30T14:05:00Z").
    #[must_use]
    pub fn at_rfc3339(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// The time for people ("30 Nov 2026 14:05", UTC).
    #[must_use]
    pub fn at_display(&self) -> String {
        self.at.format("%-d %b %Y %H:%M").to_string()
    }

    /// Of two stamps of the same item, the one to keep: the later, and on a tie the greater name
    /// (so the choice does not depend on which side is which).
    #[must_use]
    pub fn later<'a>(a: Option<&'a Self>, b: Option<&'a Self>) -> Option<&'a Self> {
        match (a, b) {
            (Some(a), Some(b)) => Some(if (&b.at, &b.by) > (&a.at, &a.by) { b } else { a }),
            (a, b) => a.or(b),
        }
    }
}

impl super::Map {
    /// Whether any organisation or link carries a stamp (data exports then add its columns).
    #[must_use]
    pub fn has_stamps(&self) -> bool {
        let graph = self.graph();
        graph.node_weights().any(|o| o.changed.is_some()) || graph.edge_weights().any(|l| l.changed.is_some())
    }

    /// For each person who last changed something: how many organisations and links, by name
    /// in alphabetical order.
    #[must_use]
    pub fn stamp_counts(&self) -> std::collections::BTreeMap<String, [usize; 2]> {
        let mut counts: std::collections::BTreeMap<String, [usize; 2]> = std::collections::BTreeMap::new();
        let graph = self.graph();
        for (slot, p) in graph
            .node_weights()
            .filter_map(|o| o.changed.as_ref().map(|p| (0, p)))
            .chain(graph.edge_weights().filter_map(|l| l.changed.as_ref().map(|p| (1, p))))
        {
            counts.entry(p.by.clone()).or_default()[slot] += 1;
        }
        counts
    }

    /// The people who last changed some organisation or link, each once, in alphabetical order
    /// (what the "Changed by" filter offers).
    #[must_use]
    pub fn authors(&self) -> Vec<String> {
        let graph = self.graph();
        let stamps = graph.node_weights().filter_map(|o| o.changed.as_ref());
        let stamps = stamps.chain(graph.edge_weights().filter_map(|l| l.changed.as_ref()));
        let names: std::collections::BTreeSet<&str> = stamps.map(|p| p.by.as_str()).collect();
        names.into_iter().map(str::to_owned).collect()
    }
}

fn write_time<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn read_time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
    DateTime::parse_from_rfc3339(&text).map(|t| t.with_timezone(&Utc)).map_err(|e| {
        serde::de::Error::custom(format!("'{text}' is not a date and time like 2026-11-30T14:05:00Z ({e})"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_to_the_second() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T14:05:07.25+01:00").unwrap().with_timezone(&Utc);
        let p = Provenance::new("Sam", at);
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(text, r#"{"by":"Sam","at":"2026-11-30T13:05:07Z"}"#);
        assert_eq!(serde_json::from_str::<Provenance>(&text).unwrap(), p);
        assert_eq!(p.at_display(), "30 Nov 2026 13:05");
    }

    #[test]
    fn a_bad_time_is_refused_with_the_text() {
        let e = serde_json::from_str::<Provenance>(r#"{"by":"Sam","at":"yesterday"}"#).unwrap_err();
        assert!(e.to_string().contains("'yesterday'"), "{e}");
    }

    #[test]
    fn later_keeps_the_later_stamp_either_way_round() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let ana = Provenance::new("Ana", t("2026-01-01T10:00:00Z"));
        let bo = Provenance::new("Bo", t("2026-01-02T10:00:00Z"));
        assert_eq!(Provenance::later(Some(&ana), Some(&bo)), Some(&bo));
        assert_eq!(Provenance::later(Some(&bo), Some(&ana)), Some(&bo));
        assert_eq!(Provenance::later(None, Some(&ana)), Some(&ana));
        let same_time = Provenance::new("Cy", ana.at);
        assert_eq!(Provenance::later(Some(&ana), Some(&same_time)), Provenance::later(Some(&same_time), Some(&ana)));
    }
}
