//! File › Export…: choose a format and options, see a preview (the figure as it will be
//! written, or the first lines of a data file), then pick where to save.

use crate::export::render::{Orientation, Paper};
use crate::export::{ExportOptions, Format};
use crate::model::Map;
use crate::scene::SceneTheme;
use egui::Ui;

/// State of the export window.
pub struct ExportWindow {
    /// Whether it is shown.
    pub open: bool,
    format: Format,
    options: ExportOptions,
    theme_name: &'static str,
    greyscale: bool,
    preview: Option<(String, Preview)>,
}

enum Preview {
    /// The picture, its size in pixels, and the figure's size and label size in figure units
    /// (what the PDF page plan needs).
    Image(egui::TextureHandle, [usize; 2], ((f32, f32), Option<f32>)),
    Text(String),
    Error(String),
}

impl Default for ExportWindow {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Png,
            options: ExportOptions::default(),
            theme_name: "light",
            greyscale: false,
            preview: None,
        }
    }
}

/// What the user asked for.
pub struct ExportRequest {
    /// Format (the file name's extension follows it).
    pub format: Format,
    /// Options.
    pub options: ExportOptions,
}

fn extension(format: Format) -> &'static str {
    Format::ALL.iter().find(|f| f.0 == format).map_or("json", |f| f.1)
}

impl ExportWindow {
    /// The suggested file name for a map title and format.
    #[must_use]
    pub fn suggested_name(title: &str, format: Format) -> String {
        let base: String =
            title.chars().map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { '_' }).collect();
        let base = base.trim();
        format!("{}.{}", if base.is_empty() { "map" } else { base }, extension(format))
    }

    /// Figures follow the editor's "Open at" moment, so they fade what the screen fades.
    pub fn follow_open_at(&mut self, moment: Option<crate::hours::Moment>) {
        self.options.open_at = moment;
    }

    fn preview_key(&self, map_revision: u64) -> String {
        let o = &self.options;
        format!(
            "{map_revision}|{:?}|{:?}|{:?}|{:?}|{}|{}|{}|{}|{}|{:?}|{}|{}|{}",
            o.open_at,
            self.format,
            o.view,
            o.journeys,
            self.theme_name,
            o.redact,
            o.redact_keep_tags_and_hours,
            o.legend,
            o.title,
            o.caption,
            o.transparent,
            o.csv_bom,
            self.greyscale
        )
    }

    /// What the PDF page plan says about the previewed figure (labels left out, tiles), shown
    /// as a warning before the file is written.
    fn pdf_notes_ui(&self, ui: &mut Ui) {
        let Some((_, Preview::Image(_, _, (size, label)))) = &self.preview else { return };
        let paper = self.options.page.map(|p| (p, self.options.orientation));
        let plan = crate::export::render::pdf_plan(*size, *label, paper, self.options.tile);
        for note in &plan.notes {
            ui.colored_label(ui.visuals().warn_fg_color, note);
        }
    }

    fn build_preview(&self, ctx: &egui::Context, map: &Map) -> Preview {
        let redacted;
        let map = if self.options.redact {
            let keep =
                crate::export::redact::RedactOptions { keep_tags_and_hours: self.options.redact_keep_tags_and_hours };
            redacted = crate::export::redact::redact_with(map, keep).0;
            &redacted
        } else {
            map
        };
        // A web page shows the same figure, so its preview is the figure's.
        if self.format.is_figure() || self.format == Format::WebPage {
            let fig = match crate::export::figure(map, &self.options) {
                Ok((fig, _)) => fig,
                Err(e) => return Preview::Error(e.to_string()),
            };
            match crate::export::render::rgba(&fig, 640) {
                Ok((w, h, mut px)) => {
                    if self.greyscale {
                        for p in px.chunks_exact_mut(4) {
                            let l = crate::convert::round_u8(
                                0.2126 * f32::from(p[0]) + 0.7152 * f32::from(p[1]) + 0.0722 * f32::from(p[2]),
                            );
                            p[0] = l;
                            p[1] = l;
                            p[2] = l;
                        }
                    }
                    let size = [w as usize, h as usize];
                    let image = egui::ColorImage::from_rgba_premultiplied(size, &px);
                    let figure = ((fig.width, fig.height), fig.labels.as_ref().map(|l| l.1));
                    Preview::Image(
                        ctx.load_texture("export_preview", image, egui::TextureOptions::LINEAR),
                        size,
                        figure,
                    )
                }
                Err(e) => Preview::Error(e.to_string()),
            }
        } else {
            let text = match self.format {
                // A workbook is shown as its Organisations sheet, which has the CSV's columns.
                Format::Csv | Format::Xlsx => {
                    String::from_utf8_lossy(&crate::export::data::organisations_csv(map)).into_owned()
                }
                Format::GraphMl => crate::export::graphml::graphml(map),
                Format::Gexf => crate::export::gexf::gexf(map),
                Format::Dot => crate::export::data::dot(map),
                Format::KumuJson => crate::export::data::kumu_json(map),
                Format::TypologyMarkdown => crate::export::data::typology_markdown(map),
                Format::TypologyCsv => String::from_utf8_lossy(&crate::export::data::typology_csv(map)).into_owned(),
                _ => String::from_utf8_lossy(&crate::io::map_to_bytes(map)).into_owned(),
            };
            Preview::Text(text.lines().take(40).collect::<Vec<_>>().join("\n"))
        }
    }

    /// Shows the window; returns a request when the user presses Export.
    pub fn ui(&mut self, ctx: &egui::Context, map: &Map, map_revision: u64) -> Option<ExportRequest> {
        if !self.open {
            self.preview = None;
            return None;
        }
        let mut request = None;
        let mut open = true;
        crate::ui::window(ctx, "Export").open(&mut open).default_size([760.0, 560.0]).show(ctx, |ui| {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(260.0);
                    self.options_ui(ui, map);
                    ui.add_space(10.0);
                    if ui.button("Export…").on_hover_text("Choose where to save and write the file").clicked() {
                        request = Some(ExportRequest { format: self.format, options: self.options.clone() });
                    }
                });
                ui.separator();
                ui.vertical(|ui| {
                    let key = self.preview_key(map_revision);
                    if self.preview.as_ref().is_none_or(|(k, _)| *k != key) {
                        let p = self.build_preview(ui.ctx(), map);
                        self.preview = Some((key, p));
                    }
                    ui.label("Preview");
                    egui::ScrollArea::both().max_height(480.0).show(ui, |ui| {
                        match self.preview.as_ref().map(|p| &p.1) {
                            Some(Preview::Image(tex, size, _)) => {
                                let w = ui.available_width().min(size[0] as f32);
                                let h = w * size[1] as f32 / size[0].max(1) as f32;
                                ui.image((tex.id(), egui::vec2(w, h)));
                            }
                            Some(Preview::Text(t)) => {
                                ui.add(
                                    egui::Label::new(egui::RichText::new(t).monospace())
                                        .wrap_mode(egui::TextWrapMode::Extend),
                                );
                            }
                            Some(Preview::Error(e)) => {
                                ui.colored_label(super::theme::ERROR, e);
                            }
                            None => {}
                        }
                    });
                });
            });
        });
        self.open = open;
        request
    }

    fn options_ui(&mut self, ui: &mut Ui, map: &Map) {
        let current = Format::ALL.iter().find(|f| f.0 == self.format).map_or("", |f| f.2);
        ui.label("Format");
        super::fields::named_combo(ui, "export_format", "Export format", current, |ui| {
            for (f, _, label) in Format::ALL {
                ui.selectable_value(&mut self.format, f, label);
            }
        });
        ui.add_space(6.0);
        ui.label("Show");
        let shown = self.options.view.clone().unwrap_or_else(|| "The whole map".to_owned());
        super::fields::named_combo(ui, "export_view", "Saved view to export", shown, |ui| {
            ui.selectable_value(&mut self.options.view, None, "The whole map");
            for v in &map.views {
                ui.selectable_value(&mut self.options.view, Some(v.name.clone()), &v.name);
            }
        });
        journeys_ui(ui, map, &mut self.options);
        ui.checkbox(&mut self.options.redact, "Redact for sharing").on_hover_text(
            "Pseudonyms for sensitive organisations; notes and private fields left out, and the tags and \
             opening hours of sensitive organisations",
        );
        if self.options.redact {
            ui.checkbox(
                &mut self.options.redact_keep_tags_and_hours,
                "Keep tags and opening hours of sensitive organisations",
            )
            .on_hover_text("Tags such as 'LGBTQ+' and hours such as 'Fridays 7pm–9pm' can identify a small group");
        }
        if matches!(self.format, Format::Csv | Format::TypologyCsv) {
            ui.checkbox(&mut self.options.csv_bom, "Byte-order mark for Excel")
                .on_hover_text("Lets Excel on Windows show accents (café) correctly; untick for tools that dislike it");
        }
        if self.format.is_figure() {
            ui.add_space(6.0);
            ui.label("Colours");
            super::fields::named_combo(ui, "export_theme", "Figure colours", self.theme_name, |ui| {
                for name in ["light", "dark", "print", "projector"] {
                    if ui.selectable_label(self.theme_name == name, name).clicked() {
                        self.theme_name = name;
                        self.options.theme = SceneTheme::named(name).unwrap_or(SceneTheme::LIGHT);
                    }
                }
            });
            ui.checkbox(&mut self.options.title, "Title");
            ui.checkbox(&mut self.options.legend, "Legend");
            let mut caption = self.options.caption.clone().unwrap_or_default();
            let l = ui.label("Caption (blank: the view's)");
            if ui.add(egui::TextEdit::multiline(&mut caption).desired_rows(2)).labelled_by(l.id).changed() {
                self.options.caption = (!caption.trim().is_empty()).then_some(caption);
            }
            ui.checkbox(&mut self.greyscale, "Preview in greyscale")
                .on_hover_text("Check that a black-and-white print still reads: shapes carry the types");
        }
        if self.format == Format::WebPage {
            ui.label("One HTML file that opens in any browser with no network: pan, zoom, search, details, and the saved views as steps (the view chosen above comes first).");
        }
        match self.format {
            Format::Png => {
                ui.horizontal(|ui| {
                    let l = ui.label("Scale");
                    ui.add(egui::Slider::new(&mut self.options.scale, 0.5..=8.0).step_by(0.5)).labelled_by(l.id);
                });
                ui.checkbox(&mut self.options.transparent, "Transparent background");
            }
            Format::Pdf => {
                let shown = self.options.page.map_or("Figure size", Paper::label);
                ui.label("Page");
                super::fields::named_combo(ui, "export_page", "PDF page size", shown, |ui| {
                    ui.selectable_value(&mut self.options.page, None, "Figure size");
                    for (paper, name) in Paper::ALL {
                        ui.selectable_value(&mut self.options.page, Some(paper), name);
                    }
                });
                if self.options.page.is_some() {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.options.orientation, Orientation::Auto, "Auto");
                        ui.radio_value(&mut self.options.orientation, Orientation::Portrait, "Portrait");
                        ui.radio_value(&mut self.options.orientation, Orientation::Landscape, "Landscape");
                    });
                    ui.checkbox(&mut self.options.tile, "Tile across pages if labels would be under 6 pt")
                        .on_hover_text("Prints the map across as many pages as it needs, after an overview page");
                }
                self.pdf_notes_ui(ui);
            }
            _ => {}
        }
    }
}

/// Which journeys a figure draws: a tick box each, starting from those the chosen view shows.
fn journeys_ui(ui: &mut egui::Ui, map: &Map, options: &mut ExportOptions) {
    if map.journeys().is_empty() {
        return;
    }
    let from_view = || {
        options
            .view
            .as_deref()
            .and_then(|name| map.views.iter().find(|v| v.name == name))
            .map(|v| v.journeys.iter().map(ToString::to_string).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let mut chosen = options.journeys.clone().unwrap_or_else(from_view);
    let before = chosen.clone();
    ui.horizontal_wrapped(|ui| {
        ui.label("Journeys drawn:");
        for j in map.journeys() {
            let mut on = chosen.iter().any(|c| c == j.id.as_str());
            if ui.checkbox(&mut on, &j.name).changed() {
                if on {
                    chosen.push(j.id.to_string());
                } else {
                    chosen.retain(|c| c != j.id.as_str());
                }
            }
        }
    });
    if chosen != before {
        options.journeys = Some(chosen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    struct State {
        window: ExportWindow,
        map: Map,
        request: Option<ExportRequest>,
    }

    #[test]
    fn csv_byte_order_mark_and_keeping_tags_are_checkboxes() {
        let window = ExportWindow { open: true, format: Format::Csv, ..ExportWindow::default() };
        let state = State { window, map: crate::example_map().unwrap(), request: None };
        let mut h = Harness::new_ui_state(
            |ui, s: &mut State| {
                if let Some(r) = s.window.ui(ui.ctx(), &s.map, 0) {
                    s.request = Some(r);
                }
            },
            state,
        );
        h.run();
        assert!(h.query_by_label("Keep tags and opening hours of sensitive organisations").is_none());
        h.get_by_label("Byte-order mark for Excel").click();
        h.get_by_label("Redact for sharing").click();
        h.run();
        h.get_by_label("Keep tags and opening hours of sensitive organisations").click();
        h.run();
        h.get_by_label("Export…").click();
        h.run();
        let request = h.state().request.as_ref().unwrap();
        assert_eq!(request.format, Format::Csv);
        assert!(!request.options.csv_bom, "unticked: no byte-order mark");
        assert!(request.options.redact && request.options.redact_keep_tags_and_hours);
    }
}
