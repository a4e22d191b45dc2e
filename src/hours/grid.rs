//! The week grid the inspector edits: 7 days × 24 hours, open or not, to and from the syntax.

use super::Openness;
use chrono::{Duration, NaiveDate};

/// Open hours of a typical week: `grid[day][hour]`, Monday first; an hour is open when the
/// hours say open at its start.
pub type WeekGrid = [[bool; 24]; 7];

/// Days of the syntax, Monday first.
const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// The grid of an hours string over an ordinary week (no holidays, a week in term time for
/// most date ranges: 12–18 January 2026), or `None` if it does not parse.
#[must_use]
pub fn grid_from_hours(text: &str) -> Option<WeekGrid> {
    let oh = super::parse(text).ok()?.with_context(opening_hours::Context::default());
    let monday = NaiveDate::from_ymd_opt(2026, 1, 12)?.and_hms_opt(0, 0, 0)?;
    let mut grid = [[false; 24]; 7];
    for (d, day) in grid.iter_mut().enumerate() {
        for (h, cell) in day.iter_mut().enumerate() {
            let at = monday + Duration::hours(i64::try_from(d * 24 + h).ok()?);
            *cell = super::state_at(&oh, at) == Openness::Open;
        }
    }
    Some(grid)
}

/// The syntax for a grid: "24/7", "off", or day groups with their hours ("Mo-Fr 09:00-17:00,
/// Sa 10:00-12:00"); an evening that runs on past midnight is written as one span
/// ("Fr 18:00-02:00"). Groups are joined with "," (additional rules), so a span past midnight is
/// not cut off by the next day's group.
#[must_use]
pub fn hours_from_grid(grid: &WeekGrid) -> String {
    if grid.iter().all(|d| d.iter().all(|&h| h)) {
        return "24/7".into();
    }
    if grid.iter().all(|d| d.iter().all(|&h| !h)) {
        return "off".into();
    }
    // Runs per day as (start, end) hours, end up to 24 + the next morning's hours.
    let mut runs: [Vec<(usize, usize)>; 7] = Default::default();
    let mut taken = [[false; 24]; 7];
    for d in 0..7 {
        let mut h = 0;
        while h < 24 {
            if grid[d][h] && !taken[d][h] {
                let start = h;
                while h < 24 && grid[d][h] {
                    taken[d][h] = true;
                    h += 1;
                }
                let mut end = h;
                // Carry on into the next morning, unless the whole next day is open too (then
                // the next day gets its own run) or this is the day's start (a 24-hour day).
                if end == 24 && start > 0 {
                    let next = (d + 1) % 7;
                    let mut m = 0;
                    while m < 12 && grid[next][m] && !taken[next][m] {
                        m += 1;
                    }
                    if m < 12 && m > 0 {
                        for t in &mut taken[next][..m] {
                            *t = true;
                        }
                        end = 24 + m;
                    }
                }
                runs[d].push((start, end));
            } else {
                h += 1;
            }
        }
    }
    // Days with the same runs in a row form one group.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for d in 0..7 {
        if runs[d].is_empty() {
            continue;
        }
        match groups.last_mut() {
            Some((_, last)) if *last + 1 == d && runs[*last] == runs[d] => *last = d,
            _ => groups.push((d, d)),
        }
    }
    let hour = |h: usize| if h == 24 { "24:00".to_owned() } else { format!("{:02}:00", h % 24) };
    groups
        .iter()
        .map(|&(a, b)| {
            let days = match b - a {
                0 => DAYS[a].to_owned(),
                1 => format!("{},{}", DAYS[a], DAYS[b]),
                _ => format!("{}-{}", DAYS[a], DAYS[b]),
            };
            let times: Vec<String> = runs[a]
                .iter()
                .map(
                    |&(s, e)| if s == 0 && e == 24 { "00:00-24:00".into() } else { format!("{}-{}", hour(s), hour(e)) },
                )
                .collect();
            format!("{days} {}", times.join(","))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
