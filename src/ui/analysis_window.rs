//! The Analysis window: summary figures, a sortable table of metrics (click a row to select the
//! organisation), marker size by a metric, a highlighted referral path or component, and the
//! table as CSV.

use crate::analysis::{Analysis, analyse, shortest_path};
use crate::model::{Map, OrgId, TypeId};
use crate::scene::Highlight;
use std::collections::{HashMap, HashSet};
use std::sync::mpsc;

mod hours;

/// Columns of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Degree,
    In,
    Out,
    Betweenness,
    Closeness,
    Sharing,
}

/// A metric markers can be sized by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeMetric {
    /// Number of organisations linked.
    Degree,
    /// Betweenness centrality.
    Betweenness,
    /// Closeness centrality.
    Closeness,
}

impl SizeMetric {
    fn label(self) -> &'static str {
        match self {
            SizeMetric::Degree => "Degree",
            SizeMetric::Betweenness => "Betweenness",
            SizeMetric::Closeness => "Closeness",
        }
    }
}

/// What the window asks of the app.
#[derive(Debug, Default)]
pub struct AnalysisOutput {
    /// Select and centre this organisation.
    pub select: Option<OrgId>,
    /// Write the metrics CSV.
    pub export_csv: bool,
}

/// State of the Analysis window.
pub struct AnalysisWindow {
    /// Whether it is shown.
    pub open: bool,
    result: Option<(u64, Analysis)>,
    pending: Option<(u64, mpsc::Receiver<Analysis>)>,
    sort: (Column, bool),
    /// Marker size by this metric.
    pub size_by: Option<SizeMetric>,
    path_from: Option<OrgId>,
    path_to: Option<OrgId>,
    path_types: HashSet<TypeId>,
    /// Emphasised organisations and links (a path or a component), with what it shows.
    pub highlight: Option<(String, Highlight)>,
    message: Option<String>,
    /// The week chart, by the map revision it was made for.
    week: Option<(u64, crate::hours::WeekChart)>,
    /// Reach at a time: from this organisation…
    reach_from: Option<OrgId>,
    /// …at this moment ("Sun 02:00").
    reach_when: String,
}

impl Default for AnalysisWindow {
    fn default() -> Self {
        Self {
            open: false,
            result: None,
            pending: None,
            sort: (Column::Betweenness, true),
            size_by: None,
            path_from: None,
            path_to: None,
            path_types: HashSet::from([TypeId::new("referral")]),
            highlight: None,
            message: None,
            week: None,
            reach_from: None,
            reach_when: "Sun 02:00".to_owned(),
        }
    }
}

/// Maps up to this size are analysed at once; larger ones on a worker thread.
const SYNC_LIMIT: usize = 3000;

impl AnalysisWindow {
    /// The current analysis, computing it if the map changed.
    pub fn analysis(&mut self, map: &Map, revision: u64) -> Option<&Analysis> {
        if self.result.as_ref().is_none_or(|(r, _)| *r != revision) {
            if let Some((r, rx)) = &self.pending
                && let Ok(a) = rx.try_recv()
            {
                let r = *r;
                self.pending = None;
                self.result = Some((r, a));
            }
            let stale = self.result.as_ref().is_none_or(|(r, _)| *r != revision);
            if stale && self.pending.as_ref().is_none_or(|(r, _)| *r != revision) {
                if map.org_count() <= SYNC_LIMIT {
                    self.result = Some((revision, analyse(map)));
                } else {
                    let (tx, rx) = mpsc::channel();
                    let copy = map.clone();
                    std::thread::spawn(move || {
                        let _ = tx.send(analyse(&copy));
                    });
                    self.pending = Some((revision, rx));
                }
            }
        }
        self.result.as_ref().map(|(_, a)| a)
    }

    /// Whether a background analysis is running (the app keeps repainting until it lands).
    #[must_use]
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// What [`AnalysisWindow::size_values`] would give, as a metric name and a hash of the values:
    /// checked every frame to see whether the scene needs rebuilding, without building a map.
    #[must_use]
    pub fn size_fingerprint(&self) -> Option<(String, u64)> {
        use std::hash::{Hash, Hasher};
        let metric = self.size_by?;
        let (_, a) = self.result.as_ref()?;
        let mut h = std::hash::DefaultHasher::new();
        for m in &a.orgs {
            m.id.hash(&mut h);
            match metric {
                SizeMetric::Degree => m.degree.hash(&mut h),
                SizeMetric::Betweenness => m.betweenness.to_bits().hash(&mut h),
                SizeMetric::Closeness => m.closeness.to_bits().hash(&mut h),
            }
        }
        Some((metric.label().to_owned(), h.finish()))
    }

    /// Relative sizes for the scene, if markers are sized by a metric.
    #[must_use]
    pub fn size_values(&self) -> Option<(String, HashMap<OrgId, f32>)> {
        let metric = self.size_by?;
        let (_, a) = self.result.as_ref()?;
        let value = |m: &crate::analysis::OrgMetrics| match metric {
            SizeMetric::Degree => m.degree as f64,
            SizeMetric::Betweenness => m.betweenness,
            SizeMetric::Closeness => m.closeness,
        };
        let max = a.orgs.iter().map(value).fold(0.0f64, f64::max);
        let values = a
            .orgs
            .iter()
            .map(|m| (m.id.clone(), if max > 0.0 { crate::convert::ratio(value(m) / max) } else { 0.0 }))
            .collect();
        Some((metric.label().to_owned(), values))
    }

    /// Shows the window.
    pub fn ui(&mut self, ctx: &egui::Context, map: &Map, revision: u64) -> AnalysisOutput {
        let mut out = AnalysisOutput::default();
        if !self.open {
            return out;
        }
        let mut open = true;
        crate::ui::window(ctx, "Analysis").open(&mut open).default_size([720.0, 560.0]).show(ctx, |ui| {
            if self.analysis(map, revision).is_none() {
                ui.label("Analysing…");
                return;
            }
            self.summary_ui(ui, map);
            journeys_ui(ui, map);
            ui.separator();
            self.hours_ui(ui, map, revision);
            ui.separator();
            self.controls_ui(ui, map, &mut out);
            ui.separator();
            self.table_ui(ui, map, &mut out);
        });
        if !open {
            self.open = false;
        }
        out
    }

    fn summary_ui(&mut self, ui: &mut egui::Ui, map: &Map) {
        let Some((_, a)) = &self.result else { return };
        let name = |id: &OrgId| map.org(id).map_or_else(|| id.to_string(), |o| o.name.clone());
        ui.label(format!(
            "{} organisations in {} connected group{}; {} isolated; {} single point{} of failure; {} bridge link{}.",
            a.orgs.len(),
            a.components.len(),
            if a.components.len() == 1 { "" } else { "s" },
            a.isolated.len(),
            a.articulation_points.len(),
            if a.articulation_points.len() == 1 { "" } else { "s" },
            a.bridges.len(),
            if a.bridges.len() == 1 { "" } else { "s" },
        ));
        ui.label(format!(
            "{} of {} voluntary organisations have no information-sharing path to a statutory service.",
            a.independent_vsos.len(),
            a.vsos
        ));
        let mut pick = None;
        ui.horizontal_wrapped(|ui| {
            ui.label("Highlight:");
            if ui.button("Single points of failure").clicked() {
                pick = Some((
                    "Single points of failure".to_owned(),
                    a.articulation_points.iter().cloned().collect(),
                    HashSet::new(),
                ));
            }
            if ui.button("Isolated").clicked() {
                pick =
                    Some(("Isolated organisations".to_owned(), a.isolated.iter().cloned().collect(), HashSet::new()));
            }
            if ui.button("Independent of statutory services").clicked() {
                pick = Some((
                    "Independent voluntary organisations".to_owned(),
                    a.independent_vsos.iter().cloned().collect(),
                    HashSet::new(),
                ));
            }
            for (i, c) in a.components.iter().enumerate().take(6) {
                let label = format!("Group {} ({})", i + 1, c.len());
                if ui.button(&label).on_hover_text(c.iter().take(8).map(&name).collect::<Vec<_>>().join(", ")).clicked()
                {
                    pick = Some((label, c.iter().cloned().collect(), HashSet::new()));
                }
            }
        });
        if let Some((label, orgs, links)) = pick {
            self.highlight = Some((label, Highlight { orgs, links }));
        }
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, map: &Map, out: &mut AnalysisOutput) {
        ui.horizontal(|ui| {
            let shown = self.size_by.map_or("Same size", SizeMetric::label);
            super::fields::named_combo(ui, "size_by", "Marker size shows", shown, |ui| {
                ui.selectable_value(&mut self.size_by, None, "Same size");
                for m in [SizeMetric::Degree, SizeMetric::Betweenness, SizeMetric::Closeness] {
                    ui.selectable_value(&mut self.size_by, Some(m), m.label());
                }
            });
            if ui.button("Export table as CSV…").clicked() {
                out.export_csv = true;
            }
            if self.highlight.is_some() && ui.button("Clear highlight").clicked() {
                self.highlight = None;
            }
        });
        ui.horizontal_wrapped(|ui| {
            let orgs = map.organisations_sorted();
            let name_of = |id: &Option<OrgId>| {
                id.as_ref().and_then(|i| map.org(i)).map_or("Choose…".to_owned(), |o| o.name.clone())
            };
            ui.label("Path from");
            super::fields::named_combo(ui, "path_from", "Path from", name_of(&self.path_from), |ui| {
                for o in &orgs {
                    ui.selectable_value(&mut self.path_from, Some(o.id.clone()), &o.name);
                }
            });
            ui.label("to");
            super::fields::named_combo(ui, "path_to", "Path to", name_of(&self.path_to), |ui| {
                for o in &orgs {
                    ui.selectable_value(&mut self.path_to, Some(o.id.clone()), &o.name);
                }
            });
            ui.label("following");
            for lt in &map.typology().link_types {
                let mut on = self.path_types.contains(&lt.id);
                if ui.checkbox(&mut on, &lt.name).changed() {
                    if on {
                        self.path_types.insert(lt.id.clone());
                    } else {
                        self.path_types.remove(&lt.id);
                    }
                }
            }
            if ui.button("Show path").clicked() {
                self.show_path(map);
            }
        });
        if let Some(m) = &self.message {
            ui.label(m);
        }
        if let Some((label, _)) = &self.highlight {
            ui.label(format!("Highlighted: {label}"));
        }
    }

    fn show_path(&mut self, map: &Map) {
        let (Some(from), Some(to)) = (&self.path_from, &self.path_to) else {
            self.message = Some("Choose both ends of the path.".into());
            return;
        };
        let types: Vec<TypeId> = self.path_types.iter().cloned().collect();
        match shortest_path(map, from, to, &types) {
            Some(path) => {
                let mut links = HashSet::new();
                for pair in path.windows(2) {
                    if let Some(l) = map.links_of(&pair[0]).into_iter().find(|l| {
                        (types.is_empty() || types.contains(&l.link_type)) && (l.to == pair[1] || l.from == pair[1])
                    }) {
                        links.insert(l.id);
                    }
                }
                let names: Vec<String> = path.iter().filter_map(|id| map.org(id)).map(|o| o.name.clone()).collect();
                self.message = Some(format!(
                    "{} step{}: {}",
                    path.len() - 1,
                    if path.len() == 2 { "" } else { "s" },
                    names.join(" → ")
                ));
                self.highlight = Some(("Path".to_owned(), Highlight { orgs: path.into_iter().collect(), links }));
            }
            None => {
                self.message = Some("No path follows those link types between them.".into());
                self.highlight = None;
            }
        }
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, map: &Map, out: &mut AnalysisOutput) {
        let Some((_, a)) = &self.result else { return };
        let widths = [220.0, 60.0, 40.0, 40.0, 90.0, 80.0, 120.0];
        let cols = [
            (Column::Name, "Organisation"),
            (Column::Degree, "Degree"),
            (Column::In, "In"),
            (Column::Out, "Out"),
            (Column::Betweenness, "Betweenness"),
            (Column::Closeness, "Closeness"),
            (Column::Sharing, "Info sharing"),
        ];
        ui.horizontal(|ui| {
            for ((col, label), w) in cols.iter().zip(widths) {
                let arrow = if self.sort.0 == *col { if self.sort.1 { " ▼" } else { " ▲" } } else { "" };
                if ui
                    .add_sized([w, 20.0], egui::Button::new(format!("{label}{arrow}")))
                    .on_hover_text("Sort by this column")
                    .clicked()
                {
                    self.sort = if self.sort.0 == *col { (*col, !self.sort.1) } else { (*col, *col != Column::Name) };
                }
            }
        });
        let mut rows: Vec<&crate::analysis::OrgMetrics> = a.orgs.iter().collect();
        let (col, desc) = self.sort;
        rows.sort_by(|x, y| {
            let o = match col {
                Column::Name => x.name.to_lowercase().cmp(&y.name.to_lowercase()),
                Column::Degree => x.degree.cmp(&y.degree),
                Column::In => x.in_degree.cmp(&y.in_degree),
                Column::Out => x.out_degree.cmp(&y.out_degree),
                Column::Betweenness => x.betweenness.total_cmp(&y.betweenness),
                Column::Closeness => x.closeness.total_cmp(&y.closeness),
                Column::Sharing => x.independence.label().cmp(&y.independence.label()),
            };
            let o = if desc { o.reverse() } else { o };
            o.then_with(|| x.name.cmp(&y.name))
        });
        let _ = map;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(ui, 20.0, rows.len(), |ui, range| {
            for m in &rows[range] {
                ui.horizontal(|ui| {
                    if ui
                        .add_sized([widths[0], 18.0], egui::Button::new(&m.name).frame(false))
                        .on_hover_text("Select on the map")
                        .clicked()
                    {
                        out.select = Some(m.id.clone());
                    }
                    for (text, w) in [
                        m.degree.to_string(),
                        m.in_degree.to_string(),
                        m.out_degree.to_string(),
                        format!("{:.4}", m.betweenness),
                        format!("{:.4}", m.closeness),
                        m.independence.label(),
                    ]
                    .into_iter()
                    .zip(&widths[1..])
                    {
                        ui.add_sized([*w, 18.0], egui::Label::new(text));
                    }
                });
            }
        });
    }
}

/// The journeys in brief (a collapsed section; nothing for a map without journeys): the
/// organisations on most journeys, where journeys end by type, and first against repeat crisis.
fn journeys_ui(ui: &mut egui::Ui, map: &Map) {
    if map.journeys().is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Journeys ({})", map.journeys().len())).id_salt("analysis_journeys").show(
        ui,
        |ui| {
            let a = crate::analysis::journeys::analyse_journeys(map);
            for line in crate::analysis::journeys::journey_lines(map, &a).into_iter().skip(1) {
                if !line.is_empty() {
                    ui.label(line);
                }
            }
        },
    );
}
