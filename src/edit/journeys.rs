//! Edits of journeys, each one undo step: [`Edit::SetJourneys`] with the whole list changed in
//! one place, so undo restores exactly the list before (order, ids and all).

use super::Edit;
use crate::model::{Journey, JourneyId, JourneyStep, Map, ModelError, OrgId, StepId};

fn with_journey(
    map: &Map,
    id: &JourneyId,
    change: impl FnOnce(&mut Journey) -> Result<(), ModelError>,
) -> Result<Edit, ModelError> {
    let mut journeys = map.journeys().to_vec();
    let journey = journeys.iter_mut().find(|j| &j.id == id).ok_or_else(|| ModelError::NoSuchJourney(id.clone()))?;
    change(journey)?;
    map.check_journeys(&journeys)?;
    Ok(Edit::SetJourneys(journeys))
}

fn step_index(journey: &Journey, step: &StepId) -> Result<usize, ModelError> {
    journey
        .steps
        .iter()
        .position(|s| &s.id == step)
        .ok_or_else(|| ModelError::NoSuchStep { journey: journey.id.clone(), step: step.clone() })
}

/// Adds a journey at the end of the list (its id must be new: see [`Map::next_journey_id`]).
pub fn add_journey(map: &Map, journey: Journey) -> Result<Edit, ModelError> {
    let mut journeys = map.journeys().to_vec();
    journeys.push(journey);
    map.check_journeys(&journeys)?;
    Ok(Edit::SetJourneys(journeys))
}

/// Removes a journey.
pub fn remove_journey(map: &Map, id: &JourneyId) -> Result<Edit, ModelError> {
    let mut journeys = map.journeys().to_vec();
    let before = journeys.len();
    journeys.retain(|j| &j.id != id);
    if journeys.len() == before {
        return Err(ModelError::NoSuchJourney(id.clone()));
    }
    Ok(Edit::SetJourneys(journeys))
}

/// Renames a journey.
pub fn rename_journey(map: &Map, id: &JourneyId, name: &str) -> Result<Edit, ModelError> {
    with_journey(map, id, |j| {
        name.clone_into(&mut j.name);
        Ok(())
    })
}

/// Replaces a journey's record (same id): name, episode, colour, flag, description, steps.
pub fn update_journey(map: &Map, journey: Journey) -> Result<Edit, ModelError> {
    let id = journey.id.clone();
    with_journey(map, &id, |j| {
        *j = journey;
        Ok(())
    })
}

/// Adds a step at `org` to a journey, at `index` (`None`: at the end); the step gets a fresh id,
/// which is returned with the edit.
pub fn add_step(map: &Map, id: &JourneyId, org: OrgId, index: Option<usize>) -> Result<(Edit, StepId), ModelError> {
    let mut new_id = StepId::default();
    let edit = with_journey(map, id, |j| {
        new_id = j.next_step_id();
        let at = index.unwrap_or(j.steps.len()).min(j.steps.len());
        j.steps.insert(at, JourneyStep::new(new_id.clone(), org));
        Ok(())
    })?;
    Ok((edit, new_id))
}

/// Removes a step from a journey.
pub fn remove_step(map: &Map, id: &JourneyId, step: &StepId) -> Result<Edit, ModelError> {
    with_journey(map, id, |j| {
        let i = step_index(j, step)?;
        j.steps.remove(i);
        Ok(())
    })
}

/// Moves a step to position `to` (0-based, clamped to the journey's length).
pub fn move_step(map: &Map, id: &JourneyId, step: &StepId, to: usize) -> Result<Edit, ModelError> {
    with_journey(map, id, |j| {
        let from = step_index(j, step)?;
        let s = j.steps.remove(from);
        j.steps.insert(to.min(j.steps.len()), s);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::History;
    use crate::model::{Colour, CrisisEpisode, Organisation, TypeId};

    fn map_with_orgs() -> Map {
        let mut map = Map::new();
        for id in ["o1", "o2", "o3"] {
            map.insert_organisation(Organisation::new(OrgId::new(id), id, TypeId::new("helpline"), [0.0, 0.0]))
                .unwrap();
        }
        map
    }

    fn steps(map: &Map) -> Vec<&str> {
        map.journeys()[0].steps.iter().map(|s| s.org.as_str()).collect()
    }

    #[test]
    fn journey_edits_undo_one_at_a_time() {
        let mut map = map_with_orgs();
        let mut h = History::new();
        let j = JourneyId::new("j1");
        let journey = Journey::new(j.clone(), "Sam", CrisisEpisode::First, Colour::rgb(0xD5, 0x5E, 0));
        let e = add_journey(&map, journey).unwrap();
        h.apply(&mut map, "Add journey", e).unwrap();
        for org in ["o1", "o2", "o3"] {
            let (edit, _) = add_step(&map, &j, OrgId::new(org), None).unwrap();
            h.apply(&mut map, "Add step", edit).unwrap();
        }
        assert_eq!(steps(&map), ["o1", "o2", "o3"]);
        let e = move_step(&map, &j, &StepId::new("s3"), 0).unwrap();
        h.apply(&mut map, "Move step", e).unwrap();
        assert_eq!(steps(&map), ["o3", "o1", "o2"]);
        let e = remove_step(&map, &j, &StepId::new("s1")).unwrap();
        h.apply(&mut map, "Remove step", e).unwrap();
        let e = rename_journey(&map, &j, "Sam, 2019").unwrap();
        h.apply(&mut map, "Rename", e).unwrap();
        assert_eq!((map.journeys()[0].name.as_str(), steps(&map)), ("Sam, 2019", vec!["o3", "o2"]));
        h.undo(&mut map).unwrap();
        h.undo(&mut map).unwrap();
        assert_eq!((map.journeys()[0].name.as_str(), steps(&map)), ("Sam", vec!["o3", "o1", "o2"]));
        h.undo(&mut map).unwrap();
        assert_eq!(steps(&map), ["o1", "o2", "o3"]);
        let e = remove_journey(&map, &j).unwrap();
        h.apply(&mut map, "Remove", e).unwrap();
        assert!(map.journeys().is_empty());
        h.undo(&mut map).unwrap();
        assert_eq!(map.journeys().len(), 1);
    }

    #[test]
    fn steps_must_be_at_organisations_of_the_map() {
        let map = map_with_orgs();
        let mut journey = Journey::new(JourneyId::new("j1"), "A", CrisisEpisode::Repeat, Colour::rgb(0, 0, 0));
        journey.steps.push(JourneyStep::new(StepId::new("s1"), OrgId::new("o9")));
        let err = add_journey(&map, journey).unwrap_err().to_string();
        assert_eq!(err, "journey j1 step s1 is at organisation o9, which does not exist");
        assert_eq!(
            remove_step(&map, &JourneyId::new("j9"), &StepId::new("s1")).unwrap_err().to_string(),
            "there is no journey j9"
        );
    }

    #[test]
    fn deleting_an_organisation_drops_its_steps_and_undo_brings_them_back() {
        let mut map = map_with_orgs();
        let mut h = History::new();
        let j = JourneyId::new("j1");
        let journey = Journey::new(j.clone(), "Sam", CrisisEpisode::First, Colour::rgb(0, 0, 0));
        let e = add_journey(&map, journey).unwrap();
        h.apply(&mut map, "Add journey", e).unwrap();
        for org in ["o1", "o2", "o3", "o2"] {
            let (edit, _) = add_step(&map, &j, OrgId::new(org), None).unwrap();
            h.apply(&mut map, "Add step", edit).unwrap();
        }
        let before = map.clone();
        h.apply(&mut map, "Delete", Edit::RemoveOrganisations(vec![OrgId::new("o2")])).unwrap();
        assert_eq!(steps(&map), ["o1", "o3"]);
        h.undo(&mut map).unwrap();
        assert_eq!(map, before);
        assert_eq!(steps(&map), ["o1", "o2", "o3", "o2"]);
        h.redo(&mut map).unwrap();
        assert_eq!(steps(&map), ["o1", "o3"]);
    }
}
