//! Journeys drawn over the map: a curved path per leg in the journey's colour, with an arrowhead,
//! and a numbered badge beside the organisation of each step. Computed here so the canvas and
//! every figure draw the same thing.

use super::{Scene, points_bounds};
use crate::model::{Colour, CrisisEpisode, JourneyId, Map, MapPos, OrgId};
use std::collections::HashMap;

/// Journey colours: the Okabe–Ito palette (distinct under the common colour-vision deficiencies),
/// in the order new journeys take them. Black is left out (the outline and label colour) and so is
/// yellow (unreadable as a line on a light background).
pub const JOURNEY_PALETTE: [Colour; 6] = [
    Colour::rgb(0xD5, 0x5E, 0x00), // vermillion
    Colour::rgb(0x00, 0x72, 0xB2), // blue
    Colour::rgb(0xCC, 0x79, 0xA7), // reddish purple
    Colour::rgb(0x00, 0x9E, 0x73), // bluish green
    Colour::rgb(0xE6, 0x9F, 0x00), // orange
    Colour::rgb(0x56, 0xB4, 0xE9), // sky blue
];

/// The colour for a new journey: the first of [`JOURNEY_PALETTE`] no journey of the map uses,
/// else the palette again in turn.
#[must_use]
pub fn next_colour(map: &Map) -> Colour {
    let used: Vec<Colour> = map.journeys().iter().map(|j| j.colour).collect();
    JOURNEY_PALETTE
        .iter()
        .copied()
        .find(|c| !used.contains(c))
        .unwrap_or(JOURNEY_PALETTE[used.len() % JOURNEY_PALETTE.len()])
}

/// Which journeys a scene draws, and how far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JourneyChoice {
    /// The journeys to draw, by id, in this order (unknown ids are skipped).
    pub ids: Vec<JourneyId>,
    /// Draw only the first this many steps of each (presentation steps through a journey).
    pub steps: Option<usize>,
}

/// The line between two consecutive steps.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyLeg {
    /// A curved polyline, map units, from the rim of one marker to the rim of the next.
    pub points: Vec<MapPos>,
    /// Arrowhead at the end (tip first).
    pub arrow: Option<[MapPos; 3]>,
}

/// The numbered disc beside a step's organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct StepBadge {
    /// The step's number, from 1.
    pub number: usize,
    /// The organisation.
    pub org: OrgId,
    /// Centre, map units.
    pub center: MapPos,
    /// Radius, map units.
    pub radius: f32,
    /// Height of the number, map units.
    pub text_size: f32,
}

/// One journey, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyItem {
    /// The journey.
    pub id: JourneyId,
    /// Its name (for the legend).
    pub name: String,
    /// First or repeat crisis (for the legend).
    pub episode: CrisisEpisode,
    /// Its colour.
    pub colour: Colour,
    /// Line width, map units.
    pub width: f32,
    /// Legs in order (none between two steps at the same organisation).
    pub legs: Vec<JourneyLeg>,
    /// One badge per step drawn.
    pub badges: Vec<StepBadge>,
}

impl JourneyItem {
    /// The legend's text for it: "Sam (first crisis)".
    #[must_use]
    pub fn legend_label(&self) -> String {
        format!("{} ({})", self.name, self.episode.label())
    }
}

/// Where a step's organisation is drawn: its marker if shown, else its position in the map.
fn anchor(scene: &Scene, map: &Map, org: &OrgId, default_radius: f32) -> Option<(MapPos, f32)> {
    match scene.node(org) {
        Some(n) => Some((n.center, n.radius)),
        None => map.org(org).map(|o| (o.position, default_radius)),
    }
}

/// With journeys drawn, the links fade back (as outside a highlight) so the paths read.
pub(super) fn fade_links(scene: &mut Scene, map: &Map, choice: &JourneyChoice) {
    if choice.ids.iter().any(|id| map.journey(id).is_some()) {
        for e in &mut scene.edges {
            e.faded = true;
        }
    }
}

/// Lays out the chosen journeys over the scene's markers and grows the scene's bounds to hold
/// them.
pub(super) fn add(scene: &mut Scene, map: &Map, choice: &JourneyChoice) {
    scene.journeys.clear();
    if choice.ids.is_empty() {
        return;
    }
    let default_radius = scene.nodes.first().map_or(14.0, |n| n.radius);
    let badge_radius = (default_radius * 0.6).max(6.0);
    let width = (default_radius * 0.3).max(3.0);
    // Badges already placed at each organisation, so the next one goes round the marker.
    let mut badges_at: HashMap<OrgId, usize> = HashMap::new();
    let mut items = Vec::new();
    for (slot, id) in choice.ids.iter().enumerate() {
        let Some(journey) = map.journey(id) else { continue };
        let shown = choice.steps.unwrap_or(usize::MAX).min(journey.steps.len());
        let anchors: Vec<Option<(MapPos, f32)>> =
            journey.steps[..shown].iter().map(|s| anchor(scene, map, &s.org, default_radius)).collect();
        let mut legs = Vec::new();
        for pair in anchors.windows(2) {
            let (Some((a, ra)), Some((b, rb))) = (pair[0], pair[1]) else { continue };
            let len = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
            if len < ra + rb + 2.0 {
                continue;
            }
            // Each journey bends a little further, so two journeys along the same pair stay apart.
            let bend = len * (0.1 + 0.05 * (slot % 4) as f32);
            let (points, arrow) = super::geometry::link_path(a, b, [ra + 3.0, rb + 3.0], bend, Some(width * 3.2 + 4.0));
            legs.push(JourneyLeg { points, arrow });
        }
        let mut badges = Vec::new();
        for (i, (step, place)) in journey.steps[..shown].iter().zip(&anchors).enumerate() {
            let Some((center, radius)) = *place else { continue };
            let n = badges_at.entry(step.org.clone()).or_default();
            // Upper right first, then round clockwise.
            let angle = (-45.0_f32 + 50.0 * *n as f32).to_radians();
            *n += 1;
            let dist = radius + badge_radius * 0.8;
            badges.push(StepBadge {
                number: i + 1,
                org: step.org.clone(),
                center: [center[0] + dist * angle.cos(), center[1] + dist * angle.sin()],
                radius: badge_radius,
                text_size: badge_radius * 1.25,
            });
        }
        items.push(JourneyItem {
            id: journey.id.clone(),
            name: journey.name.clone(),
            episode: journey.episode,
            colour: journey.colour,
            width,
            legs,
            badges,
        });
    }
    scene.journeys = items;
    if let Some((min, max)) = journeys_bounds(&scene.journeys) {
        scene.bounds = Some(match scene.bounds {
            Some((a, b)) => ([a[0].min(min[0]), a[1].min(min[1])], [b[0].max(max[0]), b[1].max(max[1])]),
            None => (min, max),
        });
    }
}

/// Bounding box of every leg and badge.
fn journeys_bounds(items: &[JourneyItem]) -> Option<(MapPos, MapPos)> {
    let mut pts: Vec<MapPos> = Vec::new();
    for j in items {
        for leg in &j.legs {
            pts.extend(&leg.points);
            pts.extend(leg.arrow.iter().flatten());
        }
        for b in &j.badges {
            let [x, y] = b.center;
            pts.push([x - b.radius, y - b.radius]);
            pts.push([x + b.radius, y + b.radius]);
        }
    }
    (!pts.is_empty()).then(|| points_bounds(&pts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Journey, JourneyStep, StepId};
    use crate::scene::{SceneOptions, build, dist2};

    fn example_with_journey() -> Map {
        let mut map = crate::generate::generate_map(6, 3);
        let ids: Vec<OrgId> = map.organisations_sorted().iter().map(|o| o.id.clone()).collect();
        let mut j = Journey::new(JourneyId::new("j1"), "Sam", CrisisEpisode::First, JOURNEY_PALETTE[0]);
        for (n, org) in [&ids[0], &ids[1], &ids[1], &ids[2]].into_iter().enumerate() {
            j.steps.push(JourneyStep::new(StepId(format!("s{}", n + 1)), org.clone()));
        }
        map.set_journeys(vec![j]).unwrap();
        map
    }

    #[test]
    fn a_shown_journey_has_numbered_badges_and_curved_legs() {
        let map = example_with_journey();
        let hidden = build(&map, &SceneOptions::default());
        assert!(hidden.journeys.is_empty(), "journeys are drawn only when chosen");
        let choice = JourneyChoice { ids: vec![JourneyId::new("j1"), JourneyId::new("j9")], steps: None };
        let scene = build(&map, &SceneOptions { journeys: choice, ..SceneOptions::default() });
        assert_eq!(scene.journeys.len(), 1, "an unknown id is skipped");
        let j = &scene.journeys[0];
        assert_eq!(j.badges.iter().map(|b| b.number).collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert_eq!(j.legs.len(), 2, "no leg between two steps at the same organisation");
        let (b1, b2) = (j.badges[1].center, j.badges[2].center);
        assert!(dist2(b1, b2) > 1.0, "two badges at one organisation sit apart");
        // Curved: the middle of the leg is off the straight line between its ends.
        let leg = &j.legs[0];
        let (a, b, mid) = (leg.points[0], *leg.points.last().unwrap(), leg.points[leg.points.len() / 2]);
        assert!(crate::scene::dist_to_segment(mid, a, b) > 1.0);
        assert!(leg.arrow.is_some());
        assert!(scene.edges.iter().all(|e| e.faded), "links fade back behind a journey");
        assert!(hidden.edges.iter().all(|e| !e.faded));
        let (min, max) = scene.bounds.unwrap();
        for b in &j.badges {
            assert!(b.center[0] >= min[0] && b.center[0] <= max[0] && b.center[1] >= min[1] && b.center[1] <= max[1]);
        }
    }

    #[test]
    fn revealing_steps_draws_the_first_ones_and_moving_a_marker_redraws() {
        let map = example_with_journey();
        let choice = JourneyChoice { ids: vec![JourneyId::new("j1")], steps: Some(2) };
        let mut scene = build(&map, &SceneOptions { journeys: choice.clone(), ..SceneOptions::default() });
        assert_eq!(scene.journeys[0].badges.len(), 2);
        assert_eq!(scene.journeys[0].legs.len(), 1);
        let mut moved = map.clone();
        let first = moved.journeys()[0].steps[0].org.clone();
        moved.set_position(&first, [900.0, 900.0]).unwrap();
        scene.move_nodes(&moved, std::slice::from_ref(&first));
        let rebuilt = build(&moved, &SceneOptions { journeys: choice, ..SceneOptions::default() });
        assert_eq!(scene.journeys, rebuilt.journeys);
    }

    #[test]
    fn new_journeys_take_unused_palette_colours() {
        let mut map = example_with_journey();
        assert_eq!(next_colour(&map), JOURNEY_PALETTE[1]);
        map.set_journeys(Vec::new()).unwrap();
        assert_eq!(next_colour(&map), JOURNEY_PALETTE[0]);
    }
}
