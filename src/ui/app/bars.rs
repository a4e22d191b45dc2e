//! The panels around the canvas: the side panel (inspector), the status bar and the state
//! banner that says when a filter, focus or open-at moment hides or fades organisations.

use super::PatchworkApp;
use crate::scene::SceneTheme;
use crate::ui::canvas;
use crate::ui::commands::Command;
use crate::ui::plural;

/// "1 organisation", "2 organisations".
/// "40 organisations · 72 links", or with a filter "31 of 40 organisations · 60 of 72 links shown".
fn shown_counts(orgs: usize, orgs_shown: usize, links: usize, links_shown: usize) -> String {
    if orgs_shown >= orgs && links_shown >= links {
        return format!("{} · {}", plural(orgs, "organisation"), plural(links, "link"));
    }
    format!("{orgs_shown} of {} · {links_shown} of {} shown", plural(orgs, "organisation"), plural(links, "link"))
}

impl PatchworkApp {
    /// The panels around the canvas: menu bar, toolbar, status bar, side panel and, over the
    /// canvas, the state banner.
    pub(super) fn panels_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
        let toolbar = egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui)).response.rect;
        let screen = ui.ctx().content_rect();
        crate::ui::set_windows_area(
            ui.ctx(),
            egui::Rect::from_min_max(egui::pos2(screen.left(), toolbar.bottom()), screen.max),
        );
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        if let Some(id) = self.side_panel_ui(ui).and_then(|out| out.focus) {
            self.focus_on(&id);
        }
        self.state_banner_ui(ui);
    }

    /// The canvas in the room the panels left, with the comparison overlay while File ›
    /// Compare with… is open; its requests (hide the legend) are carried out and its errors
    /// reported.
    pub(super) fn canvas_panel_ui(&mut self, ui: &mut egui::Ui, scene_theme: &SceneTheme) {
        let mut canvas_out = None;
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
            canvas_out = Some(canvas::canvas_ui(
                ui,
                &mut self.doc,
                &mut self.view,
                self.scene.scene(),
                scene_theme,
                self.settings.show_legend,
            ));
            if let Some(compare) = &self.compare {
                let painter = ui.painter_at(self.view.canvas_rect);
                crate::ui::compare_paint::paint_overlay(
                    &painter,
                    &compare.overlay,
                    self.scene.scene(),
                    &self.view,
                    scene_theme,
                );
            }
        });
        if canvas_out.as_ref().is_some_and(|o| o.hide_legend) {
            let ctx = ui.ctx().clone();
            self.run_command(Command::ToggleLegend, &ctx);
        }
        for e in canvas_out.map(|o| o.errors).unwrap_or_default() {
            self.notices.error(e);
        }
    }

    /// The side panel (the inspector) on the right: resizable down to 180 points and never more
    /// than half the window, so the canvas keeps at least half; collapsed (F9), a thin strip
    /// with a button to bring it back.
    fn side_panel_ui(&mut self, ui: &mut egui::Ui) -> Option<crate::ui::inspector::InspectorOutput> {
        let mut toggle = false;
        let mut out = None;
        if self.view.side_panel_hidden {
            egui::Panel::right("inspector_collapsed").resizable(false).exact_size(30.0).show(ui, |ui| {
                let show = ui.button("‹").on_hover_text("Show the side panel (F9)");
                show.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Show side panel"));
                toggle = show.clicked();
            });
        } else {
            let width = ui.ctx().content_rect().width();
            let max = (width * 0.5).clamp(180.0, 720.0);
            let default = (width * 0.35).clamp(180.0, 440.0);
            egui::Panel::right("inspector").resizable(true).default_size(default).min_size(180.0).max_size(max).show(
                ui,
                |ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                        let hide = ui.small_button("›").on_hover_text("Hide the side panel (F9)");
                        hide.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Hide side panel"));
                        toggle = hide.clicked();
                    });
                    // Content never widens the panel: the canvas must not jump when the selection changes.
                    ui.set_max_width(ui.available_width());
                    out = Some(self.inspector.ui(ui, &mut self.doc, &mut self.view, &mut self.notices));
                },
            );
        }
        if toggle {
            self.view.side_panel_hidden = !self.view.side_panel_hidden;
        }
        out
    }

    /// The status bar: organisations and links shown (of how many), the selection, the zoom,
    /// unsaved changes, the view's caption and a running layout's progress with Stop.
    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let map = self.doc.map();
            ui.label(shown_counts(
                map.org_count(),
                self.scene.scene().nodes.len(),
                map.link_count(),
                self.scene.scene().edges.len(),
            ));
            let (s, l) = (self.view.selection.len(), self.view.selected_links.len());
            if s + l > 0 {
                ui.label(format!("· {} selected", s + l));
            }
            ui.label(format!("· zoom {:.0}%", self.view.zoom * 100.0));
            if let Some(why) = canvas::names_hidden(self.scene.scene(), &self.view, self.view.canvas_rect) {
                ui.label(names_hidden_text(why)).on_hover_text(Command::ZoomIn.tooltip());
            }
            if self.doc.is_dirty() {
                ui.label("· unsaved changes");
            }
            if !self.view.caption.is_empty() {
                ui.label(format!("· {}", self.view.caption));
            }
            if let Some(p) = self.layout.progress() {
                ui.label(format!("· layout {:.0}%", p * 100.0));
                if ui.button("Stop").on_hover_text(Command::StopLayout.tooltip()).clicked() {
                    self.layout.stop();
                }
            }
        });
    }

    /// A strip over the canvas while a filter or focus hides or fades organisations, saying so
    /// and offering to show everything: nothing is hidden without it being visible.
    fn state_banner_ui(&mut self, ui: &mut egui::Ui) {
        let filtered = self.view.filter != crate::model::Filter::default();
        let focus = self.view.focus.as_ref().and_then(|(id, _)| self.doc.map().org(id)).map(|o| o.name.clone());
        let open_at = self.view.open_at.and(self.open_at_line.clone());
        if !filtered && focus.is_none() && open_at.is_none() {
            return;
        }
        let map = self.doc.map();
        let mut parts = Vec::new();
        if filtered {
            let hidden = map.org_count().saturating_sub(self.scene.scene().nodes.len());
            // A person filter hides most of a map: say whose changes are shown.
            let people = &self.view.filter.changed_by;
            let whose = if people.is_empty() { String::new() } else { format!(", changed by {}", people.join(" or ")) };
            parts.push(format!(
                "Filter on{whose}: {} hidden ({})",
                plural(hidden, "organisation"),
                shown_counts(
                    map.org_count(),
                    self.scene.scene().nodes.len(),
                    map.link_count(),
                    self.scene.scene().edges.len()
                )
            ));
        }
        if let Some(name) = focus {
            parts.push(format!("Focus on {name}: the rest is faded"));
        }
        if let Some(line) = open_at {
            parts.push(line);
        }
        let mut show_all = false;
        egui::Panel::top("state_banner").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(parts.join(" · "));
                show_all = ui.button("Show all").clicked();
            });
        });
        if show_all {
            self.view.filter = crate::model::Filter::default();
            self.view.focus = None;
            self.view.caption.clear();
            if self.view.open_at.is_some() {
                self.open_at.toggle(&mut self.view);
            }
        }
    }
}

/// The status bar's note that the canvas shows no names, and how to see them.
fn names_hidden_text(why: canvas::NamesHidden) -> String {
    match why {
        canvas::NamesHidden::TooSmall { zoom } => {
            format!("· names hidden at this zoom: zoom in to {:.0}% (+) to read them", (zoom * 100.0).ceil())
        }
        canvas::NamesHidden::TooMany => {
            "· names hidden: too many organisations in view, zoom in (+) to read them".to_owned()
        }
    }
}
