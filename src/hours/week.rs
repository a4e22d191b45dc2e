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
    /// The organisations open throughout, by id.
    pub open: Vec<OrgId>,
    /// Their names, in the same order.
    pub names: Vec<String>,
}

impl Gap {
    /// "Sunday 02:00–06:00: only Anytown Crisis Text Service, NHS 111 and 2 more".
    #[must_use]
    pub fn describe(&self) -> String {
        let when = format!("{} {:02}:00–{:02}:00", DAY_NAMES[self.day], self.from_hour, self.to_hour);
        let who = match self.names.len() {
            0 => "nothing open".to_owned(),
            n if n <= 6 => format!("only {}", join_and(&self.names)),
            n => format!("only {} and {} more", self.names[..5].join(", "), n - 5),
        };
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

/// The chart for the week starting on the Monday on or before `around`'s date. A gap is a run
/// of hours, within one day, in which the same organisations are open and no more than
/// `gap_at_most` of them (the caller picks it; [`default_gap_threshold`] is a third of the
/// busiest hour, at least the always-open ones).
#[must_use]
pub fn week_chart(map: &Map, index: &HoursIndex, around: NaiveDateTime, gap_at_most: Option<u32>) -> WeekChart {
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
    for d in 0..7 {
        for h in 0..24 {
            let at = week_start + Duration::hours(i64::try_from(d * 24 + h).unwrap_or(0));
            let states = index.states_at(at);
            let set: Vec<usize> =
                (0..index.orgs.len()).filter(|&i| index.slot_state(i, &states) == Openness::Open).collect();
            open[d][h] = u32::try_from(set.len()).unwrap_or(u32::MAX);
            for &i in &set {
                if let Some(t) = type_of[i] {
                    by_type[t].1[d][h] += 1;
                }
            }
            sets.push(set);
        }
    }
    let threshold = gap_at_most.unwrap_or_else(|| default_gap_threshold(&open));
    let mut gaps = Vec::new();
    for d in 0..7 {
        let mut h = 0;
        while h < 24 {
            if open[d][h] > threshold {
                h += 1;
                continue;
            }
            let start = h;
            while h < 24 && open[d][h] <= threshold && sets[d * 24 + h] == sets[d * 24 + start] {
                h += 1;
            }
            let ids: Vec<OrgId> = sets[d * 24 + start].iter().map(|&i| index.orgs[i].clone()).collect();
            let names = ids.iter().map(|id| map.org(id).map_or_else(|| id.to_string(), |o| o.name.clone())).collect();
            gaps.push(Gap { day: d, from_hour: start, to_hour: h, open: ids, names });
        }
    }
    let with_hours = index.parsed_count();
    WeekChart { week_start, open, by_type, with_hours, unknown: index.orgs.len() - with_hours, gaps }
}

/// A third of the busiest hour's count, but never below the quietest hour's (so the quietest
/// hours are always named).
#[must_use]
pub fn default_gap_threshold(open: &[[u32; 24]; 7]) -> u32 {
    let max = open.iter().flatten().copied().max().unwrap_or(0);
    let min = open.iter().flatten().copied().min().unwrap_or(0);
    (max / 3).max(min)
}

impl WeekChart {
    /// The busiest hour's count (the colour scale's top).
    #[must_use]
    pub fn max(&self) -> u32 {
        self.open.iter().flatten().copied().max().unwrap_or(0)
    }
}
