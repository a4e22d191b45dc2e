//! Journeys as data for the research questions: which organisations many journeys pass through,
//! where journeys end (by type: how many end at A&E or the police), how first and repeat crisis
//! journeys differ, and which steps were taken when the organisation was closed.

use crate::model::{CrisisEpisode, JourneyId, Map, OrgId, Organisation, StepId, StepTime, TypeId};
use serde::Serialize;
use std::collections::BTreeMap;

/// An organisation and the journeys that pass through it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgInJourneys {
    /// The organisation.
    pub id: OrgId,
    /// Its name.
    pub name: String,
    /// Its type id.
    pub org_type: TypeId,
    /// Names of the journeys with a step there, in the map's journey order.
    pub journeys: Vec<String>,
    /// Steps there, over all journeys.
    pub steps: usize,
}

/// Where one journey ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JourneyEnd {
    /// The journey.
    pub id: JourneyId,
    /// Its name.
    pub name: String,
    /// First or repeat crisis.
    pub episode: CrisisEpisode,
    /// How many steps it has.
    pub steps: usize,
    /// The organisation of its last step.
    pub org: OrgId,
    /// That organisation's name.
    pub org_name: String,
    /// Its type id.
    pub org_type: TypeId,
    /// Its type's name.
    pub type_name: String,
    /// When the last step happened, if recorded ("Sun 02:00").
    pub at: Option<StepTime>,
}

/// First against repeat crisis journeys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpisodeComparison {
    /// First-crisis journeys.
    pub first: usize,
    /// Repeat-crisis journeys.
    pub repeat: usize,
    /// Mean steps per first-crisis journey (0 for none).
    pub first_mean_steps: f64,
    /// Mean steps per repeat-crisis journey (0 for none).
    pub repeat_mean_steps: f64,
    /// Organisation types visited in first-crisis journeys only, by name.
    pub first_only_types: Vec<String>,
    /// Organisation types visited in repeat-crisis journeys only, by name.
    pub repeat_only_types: Vec<String>,
    /// Organisation types visited in both, by name.
    pub shared_types: Vec<String>,
}

/// Everything the Analysis window and `patchwork stats` say about journeys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyAnalysis {
    /// Organisations on at least one journey: most journeys first, then most steps, then name.
    pub organisations: Vec<OrgInJourneys>,
    /// Where each journey (with steps) ends, in the map's journey order.
    pub endings: Vec<JourneyEnd>,
    /// How many journeys end at each organisation type (type name → count), most first.
    pub endings_by_type: Vec<(String, usize)>,
    /// First against repeat crisis.
    pub comparison: EpisodeComparison,
    /// Steps with a recorded time at which their organisation's opening hours say it was closed
    /// (see [`steps_outside_opening_hours`]).
    pub outside_hours: Vec<OffHoursStep>,
}

/// "1 journey", "2 journeys".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn mean(total: usize, n: usize) -> f64 {
    if n == 0 { 0.0 } else { total as f64 / n as f64 }
}

/// Analyses the map's journeys.
#[must_use]
pub fn analyse_journeys(map: &Map) -> JourneyAnalysis {
    let t = map.typology();
    let type_name = |id: &TypeId| t.org_type(id).map_or_else(|| id.to_string(), |ty| ty.name.clone());
    let mut per_org: BTreeMap<&OrgId, OrgInJourneys> = BTreeMap::new();
    for j in map.journeys() {
        for step in &j.steps {
            let Some(org) = map.org(&step.org) else { continue };
            let entry = per_org.entry(&org.id).or_insert_with(|| OrgInJourneys {
                id: org.id.clone(),
                name: org.name.clone(),
                org_type: org.org_type.clone(),
                journeys: Vec::new(),
                steps: 0,
            });
            entry.steps += 1;
            if entry.journeys.last() != Some(&j.name) {
                entry.journeys.push(j.name.clone());
            }
        }
    }
    let mut organisations: Vec<OrgInJourneys> = per_org.into_values().collect();
    for o in &mut organisations {
        o.journeys.dedup();
    }
    organisations.sort_by(|a, b| {
        b.journeys.len().cmp(&a.journeys.len()).then(b.steps.cmp(&a.steps)).then_with(|| a.name.cmp(&b.name))
    });
    let endings: Vec<JourneyEnd> = map
        .journeys()
        .iter()
        .filter_map(|j| {
            let last = j.steps.last()?;
            let org = map.org(&last.org)?;
            Some(JourneyEnd {
                id: j.id.clone(),
                name: j.name.clone(),
                episode: j.episode,
                steps: j.steps.len(),
                org: org.id.clone(),
                org_name: org.name.clone(),
                org_type: org.org_type.clone(),
                type_name: type_name(&org.org_type),
                at: last.at,
            })
        })
        .collect();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for e in &endings {
        *by_type.entry(e.type_name.clone()).or_default() += 1;
    }
    let mut endings_by_type: Vec<(String, usize)> = by_type.into_iter().collect();
    endings_by_type.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    JourneyAnalysis {
        organisations,
        endings,
        endings_by_type,
        comparison: compare_episodes(map),
        outside_hours: steps_outside_opening_hours(map, crate::hours::now_local()),
    }
}

fn compare_episodes(map: &Map) -> EpisodeComparison {
    let t = map.typology();
    let mut counts = [0usize; 2];
    let mut steps = [0usize; 2];
    let mut types: [std::collections::BTreeSet<usize>; 2] = Default::default();
    for j in map.journeys() {
        let k = usize::from(j.episode == CrisisEpisode::Repeat);
        counts[k] += 1;
        steps[k] += j.steps.len();
        for s in &j.steps {
            if let Some(i) = map.org(&s.org).and_then(|o| t.org_types.iter().position(|ty| ty.id == o.org_type)) {
                types[k].insert(i);
            }
        }
    }
    let names = |it: &mut dyn Iterator<Item = &usize>| it.map(|&i| t.org_types[i].name.clone()).collect::<Vec<_>>();
    EpisodeComparison {
        first: counts[0],
        repeat: counts[1],
        first_mean_steps: mean(steps[0], counts[0]),
        repeat_mean_steps: mean(steps[1], counts[1]),
        first_only_types: names(&mut types[0].difference(&types[1])),
        repeat_only_types: names(&mut types[1].difference(&types[0])),
        shared_types: names(&mut types[0].intersection(&types[1])),
    }
}

/// A step taken when its organisation was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OffHoursStep {
    /// The journey.
    pub journey: JourneyId,
    /// The step.
    pub step: StepId,
    /// Its number in the journey, from 1.
    pub number: usize,
    /// The organisation.
    pub org: OrgId,
    /// When the step happened.
    pub at: StepTime,
}

/// The steps taken outside their organisation's opening hours: each step's weekday and time is
/// taken in the week of `now` (so date rules such as term time apply to that week); hours not
/// recorded or not readable are unknown and never count as closed.
#[must_use]
pub fn steps_outside_opening_hours(map: &Map, now: chrono::NaiveDateTime) -> Vec<OffHoursStep> {
    use crate::hours::{Moment, Openness};
    let index = crate::hours::HoursIndex::new(map);
    // The steps by time, so each moment's hours are worked out once for all the steps at it (a
    // week has at most 10,080 minutes) rather than once per step: a journey of 100,000 steps
    // took 17 s that way.
    let mut timed: Vec<(StepTime, usize, usize)> = Vec::new();
    for (j, journey) in map.journeys().iter().enumerate() {
        timed.extend(journey.steps.iter().enumerate().filter_map(|(i, s)| Some((s.at?, j, i))));
    }
    timed.sort_unstable();
    let mut slot_of: std::collections::HashMap<OrgId, usize> = std::collections::HashMap::new();
    let mut closed: Vec<(usize, usize, StepTime)> = Vec::new();
    for group in timed.chunk_by(|a, b| a.0 == b.0) {
        let at = group[0].0;
        let Ok(day) = chrono::Weekday::try_from(at.weekday) else { continue };
        let open = index.at(Moment::Weekly { day, minute: at.minute }.resolve(now));
        if slot_of.is_empty() {
            slot_of = open.orgs.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        }
        for &(_, j, i) in group {
            let org = &map.journeys()[j].steps[i].org;
            if slot_of.get(org).and_then(|&k| open.openness.get(k)) == Some(&Openness::Closed) {
                closed.push((j, i, at));
            }
        }
    }
    closed.sort_unstable();
    closed
        .into_iter()
        .map(|(j, i, at)| {
            let (journey, step) = (&map.journeys()[j], &map.journeys()[j].steps[i]);
            OffHoursStep {
                journey: journey.id.clone(),
                step: step.id.clone(),
                number: i + 1,
                org: step.org.clone(),
                at,
            }
        })
        .collect()
}

/// The steps with a recorded time (`at`) at which `is_open` says their organisation was closed:
/// `is_open(organisation, time)` answers `Some(true)` (open), `Some(false)` (closed) or `None`
/// (hours unknown: never counted as closed).
pub fn steps_outside_hours(map: &Map, is_open: impl Fn(&Organisation, StepTime) -> Option<bool>) -> Vec<OffHoursStep> {
    let mut out = Vec::new();
    for j in map.journeys() {
        for (i, s) in j.steps.iter().enumerate() {
            let (Some(at), Some(org)) = (s.at, map.org(&s.org)) else { continue };
            if is_open(org, at) == Some(false) {
                out.push(OffHoursStep {
                    journey: j.id.clone(),
                    step: s.id.clone(),
                    number: i + 1,
                    org: org.id.clone(),
                    at,
                });
            }
        }
    }
    out
}

/// The journey analysis as text lines for `patchwork stats` (empty for a map with no journeys).
#[must_use]
pub fn journey_lines(map: &Map, a: &JourneyAnalysis) -> Vec<String> {
    if map.journeys().is_empty() {
        return Vec::new();
    }
    let mut lines = vec![String::new(), format!("Journeys: {}", map.journeys().len())];
    for j in map.journeys() {
        let route: Vec<String> =
            j.steps.iter().map(|s| map.org(&s.org).map_or_else(|| s.org.to_string(), |o| o.name.clone())).collect();
        lines.push(format!("  {} ({}, {} steps): {}", j.name, j.episode.label(), j.steps.len(), route.join(" → ")));
    }
    lines.push(String::new());
    lines.push("Organisations in most journeys:".to_owned());
    for o in a.organisations.iter().take(10) {
        lines.push(format!(
            "  {:<44} {:>12} {:>9}  ({})",
            o.name.chars().take(44).collect::<String>(),
            plural(o.journeys.len(), "journey"),
            plural(o.steps, "step"),
            o.journeys.join(", ")
        ));
    }
    lines.push(String::new());
    lines.push("Where journeys end, by type:".to_owned());
    for (type_name, n) in &a.endings_by_type {
        let which: Vec<String> = a
            .endings
            .iter()
            .filter(|e| &e.type_name == type_name)
            .map(|e| match e.at {
                Some(at) if at.is_night() => format!("{} at {} ({at}, at night)", e.name, e.org_name),
                Some(at) => format!("{} at {} ({at})", e.name, e.org_name),
                None => format!("{} at {}", e.name, e.org_name),
            })
            .collect();
        lines.push(format!("  {type_name}: {n} — {}", which.join("; ")));
    }
    let c = &a.comparison;
    lines.push(String::new());
    lines.push(format!(
        "First crisis: {}, {:.1} steps on average; repeat crisis: {}, {:.1} steps on average",
        plural(c.first, "journey"),
        c.first_mean_steps,
        plural(c.repeat, "journey"),
        c.repeat_mean_steps
    ));
    let list = |v: &[String]| if v.is_empty() { "none".to_owned() } else { v.join(", ") };
    lines.push(format!("  Types in first-crisis journeys only: {}", list(&c.first_only_types)));
    lines.push(format!("  Types in repeat-crisis journeys only: {}", list(&c.repeat_only_types)));
    lines.push(format!("  Types in both: {}", list(&c.shared_types)));
    lines.push(String::new());
    lines.push(format!("Steps taken outside opening hours: {}", a.outside_hours.len()));
    for off in &a.outside_hours {
        let journey = map.journey(&off.journey).map_or_else(|| off.journey.to_string(), |j| j.name.clone());
        let org = map.org(&off.org).map_or_else(|| off.org.to_string(), |o| o.name.clone());
        lines.push(format!("  {journey}, step {}: {org} at {}", off.number, off.at));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Colour, Journey, JourneyStep};

    fn map() -> Map {
        let mut map = Map::new();
        for (id, ty) in [("o1", "community_group"), ("o2", "crisis_cafe"), ("o3", "statutory")] {
            map.insert_organisation(Organisation::new(OrgId::new(id), id, TypeId::new(ty), [0.0, 0.0])).unwrap();
        }
        let journey = |id: &str, episode, orgs: &[&str]| {
            let mut j = Journey::new(JourneyId::new(id), id.to_uppercase(), episode, Colour::rgb(0, 0, 0));
            for (n, o) in orgs.iter().enumerate() {
                let mut s = JourneyStep::new(StepId(format!("s{}", n + 1)), OrgId::new(*o));
                s.at = StepTime::new(6, u8::try_from(n).unwrap(), 0);
                j.steps.push(s);
            }
            j
        };
        map.set_journeys(vec![
            journey("a", CrisisEpisode::First, &["o1", "o2", "o3"]),
            journey("b", CrisisEpisode::Repeat, &["o2", "o2", "o3"]),
            journey("c", CrisisEpisode::Repeat, &[]),
        ])
        .unwrap();
        map
    }

    #[test]
    fn counts_organisations_endings_and_episodes() {
        let map = map();
        let a = analyse_journeys(&map);
        let top: Vec<(&str, usize, usize)> =
            a.organisations.iter().map(|o| (o.id.as_str(), o.journeys.len(), o.steps)).collect();
        assert_eq!(top, [("o2", 2, 3), ("o3", 2, 2), ("o1", 1, 1)]);
        assert_eq!(a.endings.len(), 2, "a journey with no steps ends nowhere");
        assert_eq!(a.endings_by_type, [("Statutory service".to_owned(), 2)]);
        assert_eq!((a.comparison.first, a.comparison.repeat), (1, 2));
        assert!((a.comparison.repeat_mean_steps - 1.5).abs() < 1e-9);
        assert_eq!(a.comparison.first_only_types.len(), 1);
        let text = journey_lines(&map, &a).join("\n");
        assert!(text.contains("A (first crisis, 3 steps): o1 → o2 → o3"), "{text}");
    }

    fn with_steps(n: usize) -> Map {
        let mut map = crate::example_map().unwrap();
        let orgs: Vec<OrgId> = map.organisations_sorted().iter().map(|o| o.id.clone()).collect();
        let mut journeys = map.journeys().to_vec();
        journeys[0].steps = (0..n)
            .map(|i| {
                let mut step = crate::model::JourneyStep::new(
                    crate::model::StepId::new(format!("s{i}")),
                    orgs[i * 7 % orgs.len()].clone(),
                );
                let minute = u16::try_from(i * 37 % 1440).unwrap();
                step.at = (i % 5 != 0).then_some(StepTime { weekday: u8::try_from(i % 7).unwrap(), minute });
                step
            })
            .collect();
        map.set_journeys(journeys).unwrap();
        map
    }

    #[test]
    fn steps_outside_hours_are_found_as_asking_about_each_step_would_in_journey_order() {
        let map = with_steps(3000);
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(12, 0, 0).unwrap();
        let index = crate::hours::HoursIndex::new(&map);
        let one_by_one = steps_outside_hours(&map, |org, at| {
            let day = chrono::Weekday::try_from(at.weekday).ok()?;
            let open = index.at(crate::hours::Moment::Weekly { day, minute: at.minute }.resolve(now));
            let i = open.orgs.iter().position(|id| id == &org.id)?;
            match open.openness[i] {
                crate::hours::Openness::Open => Some(true),
                crate::hours::Openness::Closed => Some(false),
                crate::hours::Openness::Unknown => None,
            }
        });
        assert!(one_by_one.len() > 100, "{}", one_by_one.len());
        assert_eq!(steps_outside_opening_hours(&map, now), one_by_one);
    }

    #[test]
    fn a_journey_of_100000_steps_is_checked_against_hours_quickly() {
        // Each step used to evaluate every organisation's hours: 100,000 steps took 12-17 s.
        let map = with_steps(100_000);
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(12, 0, 0).unwrap();
        let started = std::time::Instant::now();
        let off = steps_outside_opening_hours(&map, now);
        let took = started.elapsed();
        assert!(off.len() > 1000, "{}", off.len());
        assert!(took.as_secs_f64() < 5.0, "took {took:?}");
    }

    /// The example's journeys in the week of Monday 7 December 2026: the Kitchen Table Group
    /// meets every other Sunday (odd ISO weeks; 13 December is in week 50) and the Nightline's
    /// term ended on 11 December; every other step was taken while its organisation was open.
    #[test]
    fn the_example_steps_outside_opening_hours_follow_the_week_asked_about() {
        let map = crate::example_map().unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(12, 0, 0).unwrap();
        let off: Vec<(String, usize)> =
            steps_outside_opening_hours(&map, now).into_iter().map(|s| (s.journey.to_string(), s.number)).collect();
        assert_eq!(off, [("j1".to_owned(), 5), ("j3".to_owned(), 2)]);
    }

    #[test]
    fn steps_outside_hours_use_the_evaluator_given_and_unknown_is_not_closed() {
        let map = map();
        // Closed before 01:00, hours unknown for o3.
        let off = steps_outside_hours(&map, |o, at| (o.id.as_str() != "o3").then_some(at.hour() >= 1));
        let found: Vec<(&str, usize)> = off.iter().map(|s| (s.journey.as_str(), s.number)).collect();
        assert_eq!(found, [("a", 1), ("b", 1)]);
    }
}
