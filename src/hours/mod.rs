//! Opening hours as data: OpenStreetMap `opening_hours` strings ("Mo-Su 18:00-02:00", "24/7",
//! "Mo-Fr 09:00-17:00; PH off"), parsed and evaluated with the `opening-hours` crate against the
//! United Kingdom's public holidays; the moment a question is asked about ("Sun 02:00", or a
//! precise `2026-12-06T02:00`); who is open then; the week chart of how many are open per hour
//! and its gaps; and turning common English free text ("Every day 6pm–2am") into the syntax.
//!
//! An organisation with no hours recorded, or hours that do not parse, is *unknown* at every
//! moment, never closed.

mod convert;
mod grid;
pub mod moment;
mod week;

pub use convert::{convert_free_text, migrate_free_text};
pub use grid::{WeekGrid, grid_from_hours, hours_from_grid};
pub use moment::{Moment, MomentError};
pub use week::{GAP_EXTRA, Gap, WeekChart, week_chart};

use crate::model::{FieldId, FieldKind, FieldValue, Map, OrgId, Organisation, Typology};
use chrono::NaiveDateTime;
use opening_hours::localization::Country;
use opening_hours::{Context, OpeningHours, RuleKind};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Why an hours string is not valid `opening_hours` syntax, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at character {position}: {reason}")]
pub struct HoursError {
    /// 1-based character position in the string where reading failed.
    pub position: usize,
    /// What was expected or what is wrong, in one line.
    pub reason: String,
}

/// A malformed hours string on an organisation: names it, the text (its first
/// [`QUOTED_CHARS`] characters, so a hostile file's megabyte of hours is not echoed whole)
/// and the position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name} ({id}): opening hours '{}' are not valid {error}", quoted(text))]
pub struct OrgHoursError {
    /// The organisation.
    pub id: OrgId,
    /// Its name.
    pub name: String,
    /// The hours as written.
    pub text: String,
    /// What is wrong and where.
    pub error: HoursError,
}

/// How many characters of an organisation's hours an error message quotes.
pub const QUOTED_CHARS: usize = 60;

/// `text`, or its first [`QUOTED_CHARS`] characters and "…" when it is longer.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Whether an organisation is open at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Openness {
    /// Its hours say open.
    Open,
    /// Its hours say closed.
    Closed,
    /// No hours recorded, hours that do not parse, or hours that say "unknown" then.
    Unknown,
}

/// The evaluation context: UK public holidays for `PH` rules, the ones kept by the whole
/// country (Christmas, Boxing Day, Good Friday, the May bank holidays). The calendar does not
/// tell the nations' own holidays apart (St Andrew's Day, England's August bank holiday), so
/// those are ordinary days rather than making every `PH` rule unknown on them.
static CONTEXT: LazyLock<Context> = LazyLock::new(|| Context::default().with_holidays(Country::GB.holidays()));

/// Parses an `opening_hours` string (leading and trailing spaces ignored).
pub fn parse(text: &str) -> Result<OpeningHours, HoursError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(HoursError { position: 1, reason: "the hours are empty".into() });
    }
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    match trimmed.parse::<OpeningHours>() {
        Ok(oh) => Ok(oh.with_context(CONTEXT.clone())),
        Err(e) => Err(error_of(&e, trimmed, lead)),
    }
}

/// Position and a one-line reason from the parser's error (pest's multi-line report names the
/// place as `--> line:column` and the expectation on its last line).
fn error_of(e: &opening_hours_syntax::error::Error, text: &str, lead: usize) -> HoursError {
    let report = e.to_string();
    let position = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .and_then(|p| p.split(':').nth(1))
        .and_then(|c| c.trim().parse::<usize>().ok());
    let reason_line = report.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    let reason = reason_line.trim_start_matches('=').trim();
    let reason = if reason.contains("expected") {
        let at: String =
            position.map_or_else(String::new, |p| text.chars().skip(p.saturating_sub(1)).take(12).collect());
        if at.is_empty() { format!("{reason} (at the end)") } else { format!("{reason}, found '{at}'") }
    } else {
        reason.to_owned()
    };
    let reason = reason.replace("expected ", "expected one of: ").replace("one of: one of", "one of");
    HoursError { position: position.unwrap_or(1) + lead, reason: humanise(&reason) }
}

/// Pest rule names read like code (`wide_range_selectors`, `wday`): spaces and words read better.
fn humanise(s: &str) -> String {
    let s = s.replace('_', " ");
    let s = if let Some(rest) = s.strip_prefix("expected one of: wday") {
        format!("expected a weekday (Mo, Tu, We, Th, Fr, Sa, Su){rest}")
    } else if let Some(rest) = s.strip_prefix("expected one of: extended time") {
        format!("expected a time (HH:MM){rest}")
    } else if let Some(rest) = s.strip_prefix("expected one of: minute") {
        format!("expected minutes 00–59{rest}")
    } else {
        s
    };
    s.replace("EOI", "the end")
}

/// Whether the string parses as `opening_hours` syntax.
#[must_use]
pub fn is_valid(text: &str) -> bool {
    parse(text).is_ok()
}

/// The field holding opening hours in this typology: the first organisation field of the
/// opening-hours kind.
#[must_use]
pub fn hours_field(typology: &Typology) -> Option<&FieldId> {
    typology
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::OpeningHours && f.applies_to == crate::model::AppliesTo::Organisations)
        .map(|f| &f.id)
}

/// An organisation's hours text, if it has any (empty text counts as none).
#[must_use]
pub fn hours_text<'a>(org: &'a Organisation, field: &FieldId) -> Option<&'a str> {
    match org.fields.get(field) {
        Some(FieldValue::Text(s)) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    }
}

/// What an organisation's hours are, parsed once.
#[derive(Debug, Clone)]
enum Slot {
    /// No hours recorded.
    None,
    /// Index into the distinct parsed expressions.
    Expr(u32),
    /// Hours that do not parse.
    Invalid,
}

/// Every organisation's hours parsed once, distinct strings once each, so asking about many
/// moments (a week chart is 168) costs one evaluation per distinct string per moment.
#[derive(Debug, Clone, Default)]
pub struct HoursIndex {
    /// Organisations in id order.
    orgs: Vec<OrgId>,
    slots: Vec<Slot>,
    exprs: Vec<OpeningHours>,
    /// Hours that do not parse, in id order.
    pub errors: Vec<OrgHoursError>,
}

impl HoursIndex {
    /// Parses the hours of every organisation in `map` (none if its typology has no hours field).
    #[must_use]
    pub fn new(map: &Map) -> Self {
        let mut index = HoursIndex::default();
        let field = hours_field(map.typology()).cloned();
        let mut distinct: HashMap<&str, Result<u32, HoursError>> = HashMap::new();
        for org in map.organisations_sorted() {
            index.orgs.push(org.id.clone());
            let text = field.as_ref().and_then(|f| hours_text(org, f));
            let slot = match text {
                None => Slot::None,
                Some(text) => {
                    let parsed = distinct.entry(text).or_insert_with(|| {
                        parse(text).map(|oh| {
                            index.exprs.push(oh);
                            u32::try_from(index.exprs.len() - 1).unwrap_or(u32::MAX)
                        })
                    });
                    match parsed {
                        Ok(i) => Slot::Expr(*i),
                        Err(error) => {
                            index.errors.push(OrgHoursError {
                                id: org.id.clone(),
                                name: org.name.clone(),
                                text: text.to_owned(),
                                error: error.clone(),
                            });
                            Slot::Invalid
                        }
                    }
                }
            };
            index.slots.push(slot);
        }
        index
    }

    /// How many organisations have hours that parse.
    #[must_use]
    pub fn parsed_count(&self) -> usize {
        self.slots.iter().filter(|s| matches!(s, Slot::Expr(_))).count()
    }

    /// How many organisations have any hours recorded.
    #[must_use]
    pub fn recorded_count(&self) -> usize {
        self.slots.iter().filter(|s| !matches!(s, Slot::None)).count()
    }

    /// Every organisation (id order) and whether it is open at `at`.
    #[must_use]
    pub fn at(&self, at: NaiveDateTime) -> OpenAt {
        let states: Vec<Openness> = self.exprs.iter().map(|oh| state_at(oh, at)).collect();
        let openness = self
            .slots
            .iter()
            .map(|s| match s {
                Slot::Expr(i) => states.get(*i as usize).copied().unwrap_or(Openness::Unknown),
                Slot::None | Slot::Invalid => Openness::Unknown,
            })
            .collect();
        OpenAt { orgs: self.orgs.clone(), openness }
    }

    /// The distinct parsed expressions' states at `at` (for the week chart).
    fn states_at(&self, at: NaiveDateTime) -> Vec<Openness> {
        self.exprs.iter().map(|oh| state_at(oh, at)).collect()
    }

    fn slot_state(&self, i: usize, states: &[Openness]) -> Openness {
        match self.slots.get(i) {
            Some(Slot::Expr(e)) => states.get(*e as usize).copied().unwrap_or(Openness::Unknown),
            _ => Openness::Unknown,
        }
    }
}

/// One expression's state at a moment.
fn state_at(oh: &OpeningHours, at: NaiveDateTime) -> Openness {
    match oh.state(at).0 {
        RuleKind::Open => Openness::Open,
        RuleKind::Closed => Openness::Closed,
        RuleKind::Unknown => Openness::Unknown,
    }
}

/// Who is open at one moment: every organisation of the map in id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpenAt {
    /// Organisations in id order.
    pub orgs: Vec<OrgId>,
    /// Each one's state, by the same index.
    pub openness: Vec<Openness>,
}

impl OpenAt {
    /// The organisations in `state`.
    pub fn with(&self, state: Openness) -> impl Iterator<Item = &OrgId> {
        self.orgs.iter().zip(&self.openness).filter(move |(_, s)| **s == state).map(|(id, _)| id)
    }

    /// How many are in `state`.
    #[must_use]
    pub fn count(&self, state: Openness) -> usize {
        self.openness.iter().filter(|s| **s == state).count()
    }

    /// The closed ones, which the scene fades.
    #[must_use]
    pub fn closed(&self) -> std::collections::HashSet<OrgId> {
        self.with(Openness::Closed).cloned().collect()
    }
}

/// Who is open at `moment` (resolved against `now` when it is a weekday and time).
#[must_use]
pub fn open_at(map: &Map, moment: &Moment, now: NaiveDateTime) -> OpenAt {
    HoursIndex::new(map).at(moment.resolve(now))
}

/// The local date and time now, for "Now" and for resolving "Sun 02:00" to the coming Sunday.
#[must_use]
pub fn now_local() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

#[cfg(test)]
mod tests;
