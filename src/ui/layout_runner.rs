//! Runs layouts from the UI. The force layout runs on a worker thread and streams positions so
//! the canvas animates it; it can be stopped; the whole run is one undo step.

use crate::edit::{Document, Edit};
use crate::layout::{Algorithm, ForceLayout, ForceParams};
use crate::model::{MapPos, OrgId};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

enum Message {
    Progress(Vec<(OrgId, MapPos)>, f32),
    Done(Vec<(OrgId, MapPos)>),
}

/// A force layout in progress.
pub struct Running {
    rx: mpsc::Receiver<Message>,
    stop: Arc<AtomicBool>,
    start: Vec<(OrgId, MapPos)>,
    decor_before: Option<crate::model::Decor>,
    progress: f32,
}

/// Layout state of the app: options and the run in progress.
#[derive(Default)]
pub struct LayoutRunner {
    /// Only move the selected organisations.
    pub only_selected: bool,
    running: Option<Running>,
    seed: u64,
}

impl LayoutRunner {
    /// Whether a force layout is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Progress of the running layout, 0–1.
    #[must_use]
    pub fn progress(&self) -> Option<f32> {
        self.running.as_ref().map(|r| r.progress)
    }

    /// Starts a layout. Instant ones are applied at once (one undo step); the force layout starts
    /// on a worker thread. Returns what the layout has to say (a pinned organisation outside its
    /// lane), or an error text if nothing can move.
    pub fn start(
        &mut self,
        algorithm: Algorithm,
        doc: &mut Document,
        selection: &HashSet<OrgId>,
    ) -> Result<Vec<String>, String> {
        if self.running.is_some() {
            return Err("A layout is already running.".into());
        }
        let only = (self.only_selected && !selection.is_empty()).then(|| selection.clone());
        if self.only_selected && selection.is_empty() {
            return Err("Select the organisations to arrange, or switch off “Only selected”.".into());
        }
        self.seed += 1;
        let iterations = crate::layout::auto_iterations(doc.map().org_count());
        let params = ForceParams { only, seed: self.seed, iterations, ..ForceParams::default() };
        if algorithm != Algorithm::Force {
            let mut result = crate::layout::run(doc.map(), algorithm, &params);
            let notes = std::mem::take(&mut result.notes);
            let edit = result.edit(doc.map());
            doc.apply(format!("{} layout", algorithm.label()), edit).map_err(|e| e.to_string())?;
            return Ok(notes);
        }
        let map = doc.map().clone();
        let start: Vec<(OrgId, MapPos)> =
            map.organisations_sorted().iter().map(|o| (o.id.clone(), o.position)).collect();
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stop_worker = stop.clone();
        std::thread::spawn(move || {
            let mut layout = ForceLayout::new(&map, &params);
            let mut last = Instant::now();
            while !layout.step() {
                if stop_worker.load(Ordering::Relaxed) {
                    break;
                }
                if last.elapsed() >= Duration::from_millis(30) {
                    last = Instant::now();
                    if tx.send(Message::Progress(layout.positions(), layout.progress())).is_err() {
                        return;
                    }
                }
            }
            let _ = tx.send(Message::Done(layout.positions()));
        });
        self.running = Some(Running { rx, stop, start, decor_before: doc.map().decor.clone(), progress: 0.0 });
        Ok(Vec::new())
    }

    /// Asks the running layout to stop; the positions reached are kept (one undo step).
    pub fn stop(&mut self) {
        if let Some(r) = &self.running {
            r.stop.store(true, Ordering::Relaxed);
        }
    }

    /// Applies streamed positions; call every frame. Returns an error text if an update failed.
    pub fn poll(&mut self, doc: &mut Document) -> Option<String> {
        let running = self.running.as_mut()?;
        let mut latest = None;
        let mut done = None;
        while let Ok(msg) = running.rx.try_recv() {
            match msg {
                Message::Progress(p, f) => {
                    latest = Some(p);
                    running.progress = f;
                }
                Message::Done(p) => done = Some(p),
            }
        }
        let moves = done.as_ref().or(latest.as_ref())?;
        let moves: Vec<(OrgId, MapPos)> = moves.iter().filter(|(id, _)| doc.map().org(id).is_some()).cloned().collect();
        if let Err(e) = doc.apply_live(Edit::MoveOrganisations(moves.clone())) {
            self.running = None;
            return Some(e.to_string());
        }
        if done.is_some() {
            let running = self.running.take()?;
            let moved: HashSet<&OrgId> = moves.iter().map(|(id, _)| id).collect();
            let undo: Vec<(OrgId, MapPos)> = running.start.into_iter().filter(|(id, _)| moved.contains(id)).collect();
            let mut redo = vec![Edit::MoveOrganisations(moves)];
            let mut undo = vec![Edit::MoveOrganisations(undo)];
            if running.decor_before.is_some() {
                // A force layout leaves no lanes or hulls behind.
                if let Err(e) = doc.apply_live(Edit::SetDecor(None)) {
                    return Some(e.to_string());
                }
                redo.push(Edit::SetDecor(None));
                undo.insert(0, Edit::SetDecor(running.decor_before));
            }
            doc.record("Force-directed layout", Edit::Batch(redo), Edit::Batch(undo));
        }
        None
    }
}
