//! Journeys: the ordered path someone took through the patchwork in a crisis (a composite or
//! anonymised account from interviews). Pure data; the map checks that every step names an
//! organisation it holds (see [`crate::model::Map::set_journeys`]).

use super::ids::{JourneyId, OrgId, StepId};
use super::typology::Colour;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether a journey is someone's first crisis or a repeat one (the research finds they differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrisisEpisode {
    /// The first time.
    #[default]
    First,
    /// A crisis again, after earlier ones.
    Repeat,
}

impl CrisisEpisode {
    /// "first crisis" / "repeat crisis", as the default typology's crisis-episode field says it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CrisisEpisode::First => "first crisis",
            CrisisEpisode::Repeat => "repeat crisis",
        }
    }
}

/// The days of the week, Monday first (as in ISO 8601 and OpenStreetMap's `opening_hours`).
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A moment in the week when a step happened ("Sun 02:00"): enough to ask whether a service was
/// open then. Written in files as that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StepTime {
    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// Minutes after midnight, 0–1439.
    pub minute: u16,
}

impl StepTime {
    /// A time from a weekday (0 = Monday) and hour and minute; `None` if out of range.
    #[must_use]
    pub fn new(weekday: u8, hour: u8, minute: u8) -> Option<Self> {
        (weekday < 7 && hour < 24 && minute < 60)
            .then(|| Self { weekday, minute: u16::from(hour) * 60 + u16::from(minute) })
    }

    /// The hour of the day, 0–23.
    #[must_use]
    pub fn hour(self) -> u8 {
        u8::try_from(self.minute / 60).unwrap_or(23)
    }

    /// Whether it falls at night (22:00–06:59), when most daytime services are shut.
    #[must_use]
    pub fn is_night(self) -> bool {
        self.hour() >= 22 || self.hour() < 7
    }

    /// Reads "Sun 02:00", "sunday 2:00", "Tue 14:30" (weekday names in English, any case, three
    /// letters or whole). The error says what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (day, time) = text
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("'{text}' is not a weekday and a time such as 'Sun 02:00'"))?;
        let day_lower = day.to_ascii_lowercase();
        let weekday = WEEKDAYS
            .iter()
            .position(|d| day_lower.len() >= 3 && d.to_ascii_lowercase().starts_with(&day_lower[..3]))
            .ok_or_else(|| format!("'{day}' is not a day of the week (Mon … Sun)"))?;
        let (h, m) =
            time.trim().split_once(':').ok_or_else(|| format!("'{time}' is not a time of day such as 02:00"))?;
        let bad_time = || format!("'{}' is not a time of day between 00:00 and 23:59", time.trim());
        let hour: u8 = h.parse().map_err(|_| bad_time())?;
        let minute: u8 = m.parse().map_err(|_| bad_time())?;
        if m.len() != 2 {
            return Err(bad_time());
        }
        Self::new(u8::try_from(weekday).unwrap_or(0), hour, minute).ok_or_else(bad_time)
    }
}

impl fmt::Display for StepTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = WEEKDAYS.get(usize::from(self.weekday)).copied().unwrap_or("Mon");
        write!(f, "{day} {:02}:{:02}", self.minute / 60, self.minute % 60)
    }
}

impl TryFrom<String> for StepTime {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<StepTime> for String {
    fn from(t: StepTime) -> String {
        t.to_string()
    }
}

/// One step of a journey: where the person went, at what stage of the crisis, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyStep {
    /// Stable id, unique within its journey ("s1").
    pub id: StepId,
    /// The organisation (must exist in the map).
    pub org: OrgId,
    /// Crisis stage at this step (the crisis-stages field's words: "prevention", "keeping
    /// going", "acute crisis", "aftercare"; free text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stage: String,
    /// When, relative to the start ("week 1", "day 3", "six months later"; free text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub when: String,
    /// The weekday and time of day, if known ("Sun 02:00").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<StepTime>,
    /// A short note (dropped by redacted exports).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl JourneyStep {
    /// A step at an organisation with nothing else filled in.
    #[must_use]
    pub fn new(id: StepId, org: OrgId) -> Self {
        Self { id, org, stage: String::new(), when: String::new(), at: None, note: String::new() }
    }
}

/// A journey: an ordered path through the map in a colour of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// Stable id, unique in the map ("j1").
    pub id: JourneyId,
    /// Display name ("Sam: first crisis").
    pub name: String,
    /// First or repeat crisis.
    #[serde(default)]
    pub episode: CrisisEpisode,
    /// The colour its path is drawn in.
    pub colour: Colour,
    /// Sensitive journeys are left out of redacted exports altogether.
    #[serde(default)]
    pub sensitive: bool,
    /// Free description (dropped by redacted exports).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The steps, in order.
    #[serde(default)]
    pub steps: Vec<JourneyStep>,
    /// Who last changed it and when (dropped by redacted exports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<super::Provenance>,
}

impl Journey {
    /// A journey with no steps.
    #[must_use]
    pub fn new(id: JourneyId, name: impl Into<String>, episode: CrisisEpisode, colour: Colour) -> Self {
        Self {
            id,
            name: name.into(),
            episode,
            colour,
            sensitive: false,
            description: String::new(),
            steps: Vec::new(),
            changed: None,
        }
    }

    /// An unused step id for this journey (`s<n>`, one past the highest number used).
    #[must_use]
    pub fn next_step_id(&self) -> StepId {
        let next = self.steps.iter().filter_map(|s| super::ids::numeric_suffix(s.id.as_str(), b's')).max().unwrap_or(0);
        StepId(format!("s{}", next.saturating_add(1)))
    }

    /// Whether any step is at this organisation.
    #[must_use]
    pub fn visits(&self, org: &OrgId) -> bool {
        self.steps.iter().any(|s| &s.org == org)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_times_read_and_write_the_short_form() {
        let t = StepTime::parse("sunday 2:05").unwrap();
        assert_eq!((t.weekday, t.minute), (6, 125));
        assert_eq!(t.to_string(), "Sun 02:05");
        assert!(t.is_night());
        assert!(!StepTime::parse("Tue 14:30").unwrap().is_night());
        for bad in ["Sun", "Xyz 02:00", "Mon 24:00", "Mon 2:5", "Mon 02:60", "Mo 02:00"] {
            assert!(StepTime::parse(bad).is_err(), "{bad}");
        }
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"Sun 02:05\"");
        let err = serde_json::from_str::<StepTime>("\"Fun 02:00\"").unwrap_err().to_string();
        assert!(err.contains("'Fun' is not a day of the week"), "{err}");
    }

    #[test]
    fn step_ids_count_on() {
        let mut j = Journey::new(JourneyId::new("j1"), "A", CrisisEpisode::First, Colour::rgb(0, 0, 0));
        assert_eq!(j.next_step_id().as_str(), "s1");
        j.steps.push(JourneyStep::new(StepId::new("s7"), OrgId::new("o1")));
        assert_eq!(j.next_step_id().as_str(), "s8");
        assert!(j.visits(&OrgId::new("o1")) && !j.visits(&OrgId::new("o2")));
    }
}
