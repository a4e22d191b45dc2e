//! The moment an "open at" question is about: a weekday and time ("Sun 02:00"), meaning that
//! moment in the coming week, or a precise date and time (`2026-12-06T02:00`), under which date
//! rules such as term time and public holidays apply to a known day.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A moment to ask "who is open?" about. Written in files and on the command line as
/// `Sun 02:00` or `2026-12-06T02:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Moment {
    /// A weekday and minute of the day, in the coming week.
    Weekly {
        /// The day.
        day: Weekday,
        /// Minutes after midnight, 0–1439.
        minute: u16,
    },
    /// A precise local date and time.
    Exact(NaiveDateTime),
}

/// Why a moment could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a moment: write a weekday and a time ('Sun 02:00', 'Tuesday 14:30') or a date and time ('2026-12-06T02:00')"
)]
pub struct MomentError(pub String);

/// Day names for labels, Monday first.
pub const DAY_NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A weekday from "Mo", "Mon", "Monday" (any case).
fn weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_lowercase();
    if s.len() < 2 {
        return None;
    }
    DAY_NAMES.iter().enumerate().find(|(_, n)| n.to_lowercase().starts_with(&s)).and_then(|(i, _)| {
        let i = u8::try_from(i).ok()?;
        Weekday::try_from(i).ok()
    })
}

/// "02:00", "2:00", "14:30", "2am", "2:30pm", "midnight", "noon".
fn time_of_day(s: &str) -> Option<u16> {
    let s = s.trim().to_lowercase();
    match s.as_str() {
        "midnight" => return Some(0),
        "noon" | "midday" => return Some(12 * 60),
        _ => {}
    }
    let (body, pm) = if let Some(b) = s.strip_suffix("am") {
        (b.trim(), Some(false))
    } else if let Some(b) = s.strip_suffix("pm") {
        (b.trim(), Some(true))
    } else {
        (s.as_str(), None)
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?),
        None if pm.is_some() => (body.parse::<u16>().ok()?, 0),
        None => return None,
    };
    if m > 59 {
        return None;
    }
    let h = match pm {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        None if h < 24 => h,
        Some(_) | None => return None,
    };
    Some(h * 60 + m)
}

impl Moment {
    /// Reads `Sun 02:00`, `Sunday 2am`, `2026-12-06T02:00` or `2026-12-06 02:00`.
    pub fn parse(text: &str) -> Result<Moment, MomentError> {
        let err = || MomentError(text.to_owned());
        let t = text.trim();
        for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
            if let Ok(at) = NaiveDateTime::parse_from_str(t, fmt) {
                return Ok(Moment::Exact(at));
            }
        }
        let (day, time) = t.split_once(char::is_whitespace).ok_or_else(err)?;
        let day = weekday(day.trim_end_matches(',')).ok_or_else(err)?;
        let minute = time_of_day(time).ok_or_else(err)?;
        Ok(Moment::Weekly { day, minute })
    }

    /// The moment `now` falls on, to the minute, as a weekday and time.
    #[must_use]
    pub fn weekly_of(now: NaiveDateTime) -> Moment {
        let minute = u16::try_from(now.hour() * 60 + now.minute()).unwrap_or(0);
        Moment::Weekly { day: now.weekday(), minute }
    }

    /// The date and time meant: a weekly moment is the next time that weekday and time come
    /// round on or after `now`'s day (today counts, even if the time has passed).
    #[must_use]
    pub fn resolve(&self, now: NaiveDateTime) -> NaiveDateTime {
        match *self {
            Moment::Exact(at) => at,
            Moment::Weekly { day, minute } => {
                let ahead = (7 + day.num_days_from_monday() - now.weekday().num_days_from_monday()) % 7;
                let date: NaiveDate = now.date() + Duration::days(i64::from(ahead));
                let time = NaiveTime::from_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)
                    .unwrap_or(NaiveTime::MIN);
                date.and_time(time)
            }
        }
    }

    /// The weekday (0 = Monday) and minute of the day.
    #[must_use]
    pub fn day_and_minute(&self) -> (u32, u16) {
        match *self {
            Moment::Weekly { day, minute } => (day.num_days_from_monday(), minute),
            Moment::Exact(at) => {
                (at.weekday().num_days_from_monday(), u16::try_from(at.hour() * 60 + at.minute()).unwrap_or(0))
            }
        }
    }

    /// For people: "Sunday 02:00", or "Sunday 6 December 2026 02:00".
    #[must_use]
    pub fn label(&self) -> String {
        match *self {
            Moment::Weekly { day, minute } => {
                format!("{} {:02}:{:02}", DAY_NAMES[day.num_days_from_monday() as usize], minute / 60, minute % 60)
            }
            Moment::Exact(at) => at.format("%A %-d %B %Y %H:%M").to_string(),
        }
    }
}

impl fmt::Display for Moment {
    /// The form files and the command line use: `Sun 02:00` or `2026-12-06T02:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Moment::Weekly { day, minute } => write!(f, "{day} {:02}:{:02}", minute / 60, minute % 60),
            Moment::Exact(at) => write!(f, "{}", at.format("%Y-%m-%dT%H:%M")),
        }
    }
}

impl TryFrom<String> for Moment {
    type Error = MomentError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Moment::parse(&s)
    }
}

impl From<Moment> for String {
    fn from(m: Moment) -> String {
        m.to_string()
    }
}
