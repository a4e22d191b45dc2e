//! The import preview: before a file changes the map, each type and link type named in it is
//! shown with how many records use it and what it will become (an existing type, matched as a
//! person would, or a new one); the user can change any of them, then import as one undo step.

use crate::import::types::Matched;
use crate::import::{Imported, TypeKind, TypePlan, TypeTarget};
use crate::model::{Map, TypeId, Typology};
use std::path::PathBuf;

/// What the preview asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportChoice {
    /// Nothing yet.
    Waiting,
    /// Import the file as planned.
    Import,
    /// Close without importing.
    Cancel,
}

/// A file read and waiting for the user to confirm what its types become.
pub struct ImportPreview {
    /// The file.
    pub path: PathBuf,
    /// Its records.
    pub imported: Imported,
    /// What each type name becomes.
    pub plan: TypePlan,
    /// The types to choose from (the map's, with those the file carries).
    typology: Typology,
}

impl ImportPreview {
    /// A preview of `imported` (read from `path`) going into `map`.
    #[must_use]
    pub fn new(map: &Map, path: PathBuf, imported: Imported) -> Self {
        let typology = crate::import::typology_for(map, &imported);
        let plan = TypePlan::new(&typology, &imported);
        Self { path, imported, plan, typology }
    }

    fn file_name(&self) -> String {
        self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// The preview window; closing it by × cancels.
    pub fn ui(&mut self, ctx: &egui::Context) -> ImportChoice {
        let mut open = true;
        let mut choice = ImportChoice::Waiting;
        let title = format!("Import {}", self.file_name());
        crate::ui::window(ctx, title)
            .id(egui::Id::unique("import preview"))
            .open(&mut open)
            .default_width(560.0)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .show(ctx, |ui| {
                ui.label(self.summary());
                ui.label("Check what each type in the file becomes; nothing changes until you press Import.");
                egui::ScrollArea::vertical().max_height(ui.ctx().content_rect().height() * 0.6).show(ui, |ui| {
                    self.rows_ui(ui, TypeKind::Org);
                    ui.add_space(8.0);
                    self.rows_ui(ui, TypeKind::Link);
                });
                ui.separator();
                ui.horizontal(|ui| {
                    if ui.button("Import").clicked() {
                        choice = ImportChoice::Import;
                    }
                    if ui.button("Cancel").clicked() {
                        choice = ImportChoice::Cancel;
                    }
                });
            });
        if open { choice } else { ImportChoice::Cancel }
    }

    fn summary(&self) -> String {
        let i = &self.imported;
        let orgs = i.orgs.len() + i.skipped_orgs.len();
        let links = i.links.len() + i.skipped_links.len();
        let summary = format!("{orgs} organisation records and {links} link records in the file.");
        match i.skipped_orgs.len() + i.skipped_links.len() {
            0 => summary,
            unusable => format!("{summary} {unusable} cannot be used; the report after importing says why."),
        }
    }

    /// One kind's table: name in the file, records, what it becomes, and how it was matched.
    fn rows_ui(&mut self, ui: &mut egui::Ui, kind: TypeKind) {
        if self.plan.rows(kind).is_empty() {
            return;
        }
        ui.strong(match kind {
            TypeKind::Org => "Organisation types",
            TypeKind::Link => "Link types",
        });
        let existing: Vec<(TypeId, String)> = match kind {
            TypeKind::Org => self.typology.org_types.iter().map(|t| (t.id.clone(), t.name.clone())).collect(),
            TypeKind::Link => self.typology.link_types.iter().map(|t| (t.id.clone(), t.name.clone())).collect(),
        };
        egui::Grid::new(("import types", kind == TypeKind::Org)).striped(true).num_columns(4).show(ui, |ui| {
            ui.label("In the file");
            ui.label("Records");
            ui.label("Becomes");
            ui.label("");
            ui.end_row();
            for (i, row) in self.plan.rows_mut(kind).iter_mut().enumerate() {
                let name = ui.label(&row.name);
                ui.label(row.count.to_string());
                let shown = match &row.target {
                    TypeTarget::Existing(id) => {
                        existing.iter().find(|(e, _)| e == id).map_or(id.as_str(), |(_, n)| n.as_str())
                    }
                    TypeTarget::New(name) => name.as_str(),
                };
                let label = match &row.target {
                    TypeTarget::Existing(_) => shown.to_owned(),
                    TypeTarget::New(_) => format!("New type '{shown}'"),
                };
                egui::ComboBox::from_id_salt(("import target", kind == TypeKind::Org, i))
                    .selected_text(label)
                    .width(240.0)
                    .show_ui(ui, |ui| {
                        let new = TypeTarget::New(row.name.clone());
                        if ui.selectable_label(row.target == new, format!("New type '{}'", row.name)).clicked() {
                            row.target = new;
                            row.matched = None;
                        }
                        for (id, name) in &existing {
                            let target = TypeTarget::Existing(id.clone());
                            if ui.selectable_label(row.target == target, name).clicked() {
                                row.target = target;
                                row.matched = Some(Matched::Chosen);
                            }
                        }
                    })
                    .response
                    .labelled_by(name.id);
                ui.label(match row.matched {
                    Some(Matched::Exact) => "",
                    Some(Matched::SameWords) => "same words",
                    Some(Matched::Shortened) => "shortened name",
                    Some(Matched::NearMiss(_)) => "near miss in spelling: check",
                    Some(Matched::Chosen) => "chosen",
                    None => "new",
                });
                ui.end_row();
            }
        });
    }
}
