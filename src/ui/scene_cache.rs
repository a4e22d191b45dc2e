//! The scene a canvas draws, kept until what it was built from changes: the editor and the
//! presentation each hold a [`SceneCache`], keyed by a typed record of their inputs (the
//! editor's is [`SceneKey`]), so "does the scene need rebuilding?" is an equality of values.

use super::view::ViewState;
use crate::edit::Document;
use crate::hours::Moment;
use crate::model::{Filter, JourneyId, Map, OrgId};
use crate::scene::{Highlight, Scene};

/// A scene and the key it was built for. `K` records every input of the build that can change
/// between frames; a scene is rebuilt exactly when the key differs.
#[derive(Debug)]
pub struct SceneCache<K> {
    key: Option<K>,
    scene: Scene,
}

impl<K> Default for SceneCache<K> {
    fn default() -> Self {
        Self { key: None, scene: Scene::default() }
    }
}

impl<K: PartialEq> SceneCache<K> {
    /// The scene last built (empty before the first).
    #[must_use]
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The key the scene was last built for (`None` before the first build or after
    /// [`SceneCache::clear`]).
    #[must_use]
    pub fn key(&self) -> Option<&K> {
        self.key.as_ref()
    }

    /// Forgets the key, so the next request builds (a new document).
    pub fn clear(&mut self) {
        self.key = None;
    }

    /// The scene for `key`: the one kept if it was built for an equal key, else `build()`'s.
    pub fn scene_for(&mut self, key: K, build: impl FnOnce() -> Scene) -> &Scene {
        if self.key.as_ref() != Some(&key) {
            self.scene = build();
            self.key = Some(key);
        }
        &self.scene
    }
}

/// What the editor's scene is built from, besides the map (whose revision stands for it).
#[derive(Debug, Clone, PartialEq)]
pub struct SceneKey {
    /// The document's revision.
    pub revision: u64,
    /// Dark theme.
    pub dark: bool,
    /// The view's filter.
    pub filter: Filter,
    /// The "open at" moment in force, if any.
    pub open_at: Option<Moment>,
    /// The journeys drawn.
    pub journeys: Vec<JourneyId>,
    /// Marker sizes by a metric: the analysis window's fingerprint (metric and values).
    pub size_by: Option<(String, u64)>,
    /// What is emphasised.
    pub highlight: HighlightKey,
}

/// What the editor's scene emphasises, by what decides it.
#[derive(Debug, Clone, PartialEq)]
pub enum HighlightKey {
    /// Nothing.
    None,
    /// A focus: the organisation and everything within `steps` links of it (a function of the
    /// map, so the revision covers the rest).
    Focus {
        /// The organisation in focus.
        org: OrgId,
        /// How many links out the focus reaches.
        steps: usize,
    },
    /// The analysis window's highlight (a path, a component), under its label.
    Analysis {
        /// The analysis window's name for it.
        label: String,
        /// The organisations and links highlighted.
        highlight: Highlight,
    },
}

impl HighlightKey {
    /// The highlight to build the scene with.
    #[must_use]
    pub fn highlight(&self, map: &Map) -> Option<Highlight> {
        match self {
            Self::None => None,
            Self::Focus { org, steps } => Some(Highlight {
                orgs: crate::analysis::neighbourhood(map, org, *steps),
                links: std::collections::HashSet::new(),
            }),
            Self::Analysis { highlight, .. } => Some(highlight.clone()),
        }
    }
}

impl SceneKey {
    /// Whether a scene built for this key no longer shows `revision` and `view`: the map, the
    /// filter, the open-at moment, the journeys or whether a focus is on changed since. Checked
    /// at the end of a frame, so a change made during it shows on the next one.
    #[must_use]
    pub fn is_stale_for(&self, revision: u64, view: &ViewState) -> bool {
        self.revision != revision
            || self.filter != view.filter
            || self.open_at != view.open_at
            || self.journeys != view.journeys
            || view.focus.is_some() != matches!(self.highlight, HighlightKey::Focus { .. })
    }
}

impl SceneKey {
    /// Whether everything but the revision is equal (every field named, so a new one cannot be
    /// forgotten).
    fn same_but_revision(&self, other: &Self) -> bool {
        let Self { revision: _, dark, filter, open_at, journeys, size_by, highlight } = self;
        *dark == other.dark
            && *filter == other.filter
            && *open_at == other.open_at
            && *journeys == other.journeys
            && *size_by == other.size_by
            && *highlight == other.highlight
    }
}

impl SceneCache<SceneKey> {
    /// The scene for `key`, as [`SceneCache::scene_for`], except that when organisations were
    /// dragged (or moved by an animated layout) and nothing else changed since the last build,
    /// just their markers and links are updated ([`Scene::move_nodes`]) instead of a rebuild.
    pub fn scene_or_moved(&mut self, key: SceneKey, doc: &Document, build: impl FnOnce() -> Scene) -> &Scene {
        let moved = self
            .key
            .as_ref()
            .filter(|old| old.revision != key.revision && old.same_but_revision(&key))
            .and_then(|old| doc.moved_since(old.revision));
        if let Some(ids) = moved {
            self.scene.move_nodes(doc.map(), &ids);
            self.key = Some(key);
            return &self.scene;
        }
        self.scene_for(key, build)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_only_when_the_key_changes() {
        let mut cache: SceneCache<u32> = SceneCache::default();
        let mut builds = 0;
        for key in [1, 1, 2, 2, 1] {
            cache.scene_for(key, || {
                builds += 1;
                Scene::default()
            });
        }
        assert_eq!(builds, 3);
        cache.clear();
        assert!(cache.key().is_none());
    }

    #[test]
    fn a_scene_key_is_stale_when_the_view_changes() {
        let view = ViewState::default();
        let key = SceneKey {
            revision: 4,
            dark: false,
            filter: view.filter.clone(),
            open_at: view.open_at,
            journeys: view.journeys.clone(),
            size_by: None,
            highlight: HighlightKey::None,
        };
        assert!(!key.is_stale_for(4, &view));
        assert!(key.is_stale_for(5, &view));
        let focused = ViewState { focus: Some((OrgId::from("o1"), 1)), ..ViewState::default() };
        assert!(key.is_stale_for(4, &focused));
    }
}
