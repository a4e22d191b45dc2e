//! The Analysis window's opening-hours section: the week chart (how many organisations are open
//! in each hour, the gaps named) and reach at a time (the shortest referral or signposting
//! paths from an organisation to those open at a moment), highlighted on the map.

use super::AnalysisWindow;
use crate::hours::{HoursIndex, Moment, WeekChart, week_chart};
use crate::model::{Map, OrgId};
use crate::scene::Highlight;
use egui::{Sense, Ui, Vec2};
use std::collections::HashSet;

impl AnalysisWindow {
    /// The week chart for the map, made again when the map changes.
    fn week(&mut self, map: &Map, revision: u64) -> &WeekChart {
        if self.week.as_ref().is_some_and(|(r, _)| *r != revision) {
            self.week = None;
        }
        &self
            .week
            .get_or_insert_with(|| (revision, week_chart(map, &HoursIndex::new(map), crate::hours::now_local(), None)))
            .1
    }

    /// The section: the chart, its gaps, and reach at a time.
    pub(super) fn hours_ui(&mut self, ui: &mut Ui, map: &Map, revision: u64) {
        egui::CollapsingHeader::new("Opening hours through the week").default_open(true).show(ui, |ui| {
            let chart = self.week(map, revision).clone();
            week_grid_ui(ui, map, &chart);
            ui.label(format!(
                "{} organisations with hours; {} unknown (no hours: never counted as closed).",
                chart.with_hours, chart.unknown
            ));
            if !chart.always.is_empty() {
                ui.label(format!("Open around the clock ({}): {}", chart.always.len(), chart.always.join(", ")));
            }
            egui::CollapsingHeader::new(format!("Gaps ({})", chart.gaps.len())).default_open(false).show(ui, |ui| {
                for g in &chart.gaps {
                    ui.label(g.describe());
                }
            });
            self.reach_ui(ui, map);
        });
    }

    fn reach_ui(&mut self, ui: &mut Ui, map: &Map) {
        ui.horizontal_wrapped(|ui| {
            let orgs = map.organisations_sorted();
            let shown =
                self.reach_from.as_ref().and_then(|i| map.org(i)).map_or("Choose…".to_owned(), |o| o.name.clone());
            ui.label("Reach from");
            super::super::fields::named_combo(ui, "reach_from", "Reach from", shown, |ui| {
                for o in &orgs {
                    ui.selectable_value(&mut self.reach_from, Some(o.id.clone()), &o.name);
                }
            });
            let at = ui.label("at");
            ui.add(egui::TextEdit::singleline(&mut self.reach_when).desired_width(110.0).hint_text("Sun 02:00"))
                .labelled_by(at.id);
            if ui.button("Show reach").clicked() {
                self.show_reach(map);
            }
        });
    }

    fn show_reach(&mut self, map: &Map) {
        let Some(from) = self.reach_from.clone() else {
            self.message = Some("Choose where to start.".into());
            return;
        };
        let moment = match Moment::parse(&self.reach_when) {
            Ok(m) => m,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let open = HoursIndex::new(map).at(moment.resolve(crate::hours::now_local()));
        let types = crate::analysis::open_at::pathway_link_types(map);
        let paths = crate::analysis::open_at::reach_open_at(map, &from, &open, &types);
        let name = |id: &OrgId| map.org(id).map_or_else(|| id.to_string(), |o| o.name.clone());
        if paths.is_empty() {
            self.message = Some(format!(
                "At {}, no referral or signposting path from {} reaches a service open then.",
                moment.label(),
                name(&from)
            ));
            self.highlight = None;
            return;
        }
        let mut orgs: HashSet<OrgId> = HashSet::from([from.clone()]);
        let mut links = HashSet::new();
        for path in &paths {
            for pair in path.windows(2) {
                if let Some(l) = map
                    .links_of(&pair[0])
                    .into_iter()
                    .find(|l| types.contains(&l.link_type) && l.from == pair[0] && l.to == pair[1])
                {
                    links.insert(l.id);
                }
            }
            orgs.extend(path.iter().cloned());
        }
        let nearest: Vec<String> = paths
            .iter()
            .take(5)
            .map(|p| {
                format!(
                    "{} ({} step{})",
                    name(p.last().unwrap_or(&from)),
                    p.len() - 1,
                    if p.len() == 2 { "" } else { "s" }
                )
            })
            .collect();
        self.message = Some(format!(
            "At {} {} reaches {} open: nearest {}",
            moment.label(),
            name(&from),
            paths.len(),
            nearest.join(", ")
        ));
        self.highlight = Some((format!("Reach at {}", moment.label()), Highlight { orgs, links }));
    }
}

/// The 7 × 24 grid, each hour shaded by how many are open, with the count per type on hover.
fn week_grid_ui(ui: &mut Ui, map: &Map, chart: &WeekChart) {
    let width = ui.available_width().clamp(320.0, 640.0);
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, 150.0), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Grid, true, "Week chart"));
    let font_px = 10.0;
    super::super::week_paint::paint_week_chart(&ui.painter_at(rect), rect, chart, ui.visuals().text_color(), font_px);
    if let Some(p) = response.hover_pos() {
        let (origin, cell) = super::super::week_paint::layout(rect, font_px);
        let v = p - origin;
        let cell_of = super::super::hours_editor::cell_of;
        if let (Some(d), Some(h)) = (cell_of(v.y, cell.y, 7), cell_of(v.x, cell.x, 24)) {
            let by_type: Vec<String> = chart
                .by_type
                .iter()
                .filter(|(_, counts)| counts[d][h] > 0)
                .map(|(t, counts)| {
                    let name = map.typology().org_type(t).map_or_else(|| t.to_string(), |ty| ty.name.clone());
                    format!("{name}: {}", counts[d][h])
                })
                .collect();
            response.on_hover_text(format!(
                "{} {:02}:00: {} open\n{}",
                crate::hours::moment::DAY_NAMES[d],
                h,
                chart.open[d][h],
                by_type.join("\n")
            ));
        }
    }
}
