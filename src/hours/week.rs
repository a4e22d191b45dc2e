//! The week chart: how many organisations are open in each hour of a week, in total and per
//! organisation type, and the gaps — runs of hours when few are open, named by who is.

use super::moment::DAY_NAMES;
use super::{HoursIndex, Openness};
use crate::model::{Map, OrgId, TypeId};
use chrono::{Datelike, Duration, NaiveDateTime};

/// Open counts for each hour of a week, Monday 00:00 first.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekChart {
    /// The Monday 00:00 the week starts at (its date rules and holidays apply).
    pub week_start: NaiveDateTime,
    /// Organisations open at the start of each hour: `open[day][hour]`.
    pub open: [[u32; 24]; 7],
    /// The same per organisation type, in typology order: (type, counts).
    pub by_type: Vec<(TypeId, [[u32; 24]; 7])>,
    /// Organisations with hours that parse (the most that can be open).
    pub with_hours: usize,
    /// Organisations with no usable hours (unknown at every hour).
    pub unknown: usize,
    /// Organisations open in every hour of the week (names, id order).
    pub always: Vec<String>,
    /// Runs of hours with few open, in week order.
    pub gaps: Vec<Gap>,
}

/// A run of hours when few organisations are open, and who they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Day, 0 = Monday.
    pub day: usize,
    /// First hour of the run.
    pub from_hour: usize,
    /// The hour after the run's last (up to 24).
    pub to_hour: usize,
    /// The organisations open throughout besides those open around the clock, by id.
    pub open: Vec<OrgId>,
    /// Their names, in the same order.
    pub names: Vec<String>,
    /// How many organisations open around the clock are open too.
    pub always: usize,
}

impl Gap {
    /// "Sunday 02:00–08:00: only the 6 open around the clock and Anytown Night Sanctuary".
    #[must_use]
    pub fn describe(&self) -> String {
        let when = format!("{} {:02}:00–{:02}:00", DAY_NAMES[self.day], self.from_hour, self.to_hour);
        let mut who: Vec<String> = Vec::new();
        if self.always > 0 {
            who.push(format!("the {} open around the clock", self.always));
        }
        who.extend(self.names.iter().cloned());
        let who = if who.is_empty() { "nothing open".to_owned() } else { format!("only {}", join_and(&who)) };
        format!("{when}: {who}")
    }
}

fn join_and(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// How many organisations besides those open around the clock may be open in an hour that
/// still counts as a gap.
pub const GAP_EXTRA: usize = 2;

/// The chart for the week starting on the Monday on or before `around`'s date. A gap is a run
/// of hours, within one day, in which the same organisations are open and at most `gap_extra`
/// of them are not open around the clock ([`GAP_EXTRA`] unless given).
#[must_use]
pub fn week_chart(map: &Map, index: &HoursIndex, around: NaiveDateTime, gap_extra: Option<usize>) -> WeekChart {
    let monday = around.date() - Duration::days(i64::from(around.weekday().num_days_from_monday()));
    let week_start = monday.and_time(chrono::NaiveTime::MIN);
    let typology = map.typology();
    let type_of: Vec<Option<usize>> = index
        .orgs
        .iter()
        .map(|id| map.org(id).and_then(|o| typology.org_types.iter().position(|t| t.id == o.org_type)))
        .collect();
    let mut open = [[0u32; 24]; 7];
    let mut by_type: Vec<(TypeId, [[u32; 24]; 7])> =
        typology.org_types.iter().map(|t| (t.id.clone(), [[0; 24]; 7])).collect();
    // The open set of each hour, as organisation indexes.
    let mut sets: Vec<Vec<usize>> = Vec::with_capacity(168);
    for (d, day) in open.iter_mut().enumerate() {
        for (h, count) in day.iter_mut().enumerate() {
            let at = week_start + Duration::hours(i64::try_from(d * 24 + h).unwrap_or(0));
            let states = index.states_at(at);
            let set: Vec<usize> =
                (0..index.orgs.len()).filter(|&i| index.slot_state(i, &states) == Openness::Open).collect();
            *count = u32::try_from(set.len()).unwrap_or(u32::MAX);
            for &i in &set {
                if let Some(t) = type_of[i] {
                    by_type[t].1[d][h] += 1;
                }
            }
            sets.push(set);
        }
    }
    let extra = gap_extra.unwrap_or(GAP_EXTRA);
    // Open in every hour: counted per organisation (sets are in index order).
    let mut hours_open = vec![0u32; index.orgs.len()];
    for set in &sets {
        for &i in set {
            hours_open[i] += 1;
        }
    }
    let is_always: Vec<bool> = hours_open.iter().map(|&n| n as usize == sets.len()).collect();
    let always: Vec<usize> = (0..index.orgs.len()).filter(|&i| is_always[i]).collect();
    let besides = |set: &[usize]| -> Vec<usize> { set.iter().copied().filter(|&i| !is_always[i]).collect() };
    let name = |i: usize| map.org(&index.orgs[i]).map_or_else(|| index.orgs[i].to_string(), |o| o.name.clone());
    let mut gaps = Vec::new();
    for d in 0..7 {
        let mut h = 0;
        while h < 24 {
            let others = besides(&sets[d * 24 + h]);
            if others.len() > extra {
                h += 1;
                continue;
            }
            let start = h;
            while h < 24 && sets[d * 24 + h] == sets[d * 24 + start] {
                h += 1;
            }
            gaps.push(Gap {
                day: d,
                from_hour: start,
                to_hour: h,
                open: others.iter().map(|&i| index.orgs[i].clone()).collect(),
                names: others.iter().map(|&i| name(i)).collect(),
                always: always.len(),
            });
        }
    }
    let always = always.iter().map(|&i| name(i)).collect();
    let with_hours = index.parsed_count();
    WeekChart { week_start, open, by_type, with_hours, unknown: index.orgs.len() - with_hours, always, gaps }
}

impl WeekChart {
    /// The busiest hour's count (the colour scale's top).
    #[must_use]
    pub fn max(&self) -> u32 {
        self.open.iter().flatten().copied().max().unwrap_or(0)
    }
}
