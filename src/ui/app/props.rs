//! The Map properties window: title and description, applied as one undo step when a field
//! loses focus or the window closes.

use crate::edit::{Document, Edit};
use crate::model::Meta;
use crate::ui::draft::{CommitTiming, Draft};
use crate::ui::notices::Notices;

/// Map › Map Properties: a draft of the map's title and description, following the map (an
/// undo, a load) while keeping what is typed.
#[derive(Default)]
pub(super) struct PropsWindow {
    /// The window is shown.
    pub(super) open: bool,
    draft: Option<Draft<Meta>>,
    timing: CommitTiming,
}

impl PropsWindow {
    /// Forgets the draft (another map was opened).
    pub(super) fn forget(&mut self) {
        self.draft = None;
    }

    /// Applies edited map properties as one undo step: when focus leaves a field, and when the
    /// window closes (so text being typed is kept); an edit refused is reported into `notices`.
    pub(super) fn commit_now(&mut self, doc: &mut Document, notices: &mut Notices) {
        if let Some(edited) = self.draft.as_mut().and_then(Draft::take_edit)
            && let Err(e) = doc.apply("Edit map properties", Edit::SetMeta(edited))
        {
            notices.error(e.to_string());
        }
    }

    /// Shows the window (if open); closed, it applies and forgets the draft.
    pub(super) fn ui(&mut self, ctx: &egui::Context, doc: &mut Document, notices: &mut Notices) {
        if !self.open {
            self.commit_now(doc, notices);
            self.draft = None;
            return;
        }
        if self.timing.due(ctx) {
            self.commit_now(doc, notices);
        }
        match self.draft.as_mut() {
            Some(d) => {
                d.follow(&doc.map().meta);
            }
            None => self.draft = Some(Draft::new(&doc.map().meta)),
        }
        let mut open = true;
        if let Some(draft) = self.draft.as_mut().map(|d| &mut d.value) {
            crate::ui::window(ctx, "Map properties").open(&mut open).default_width(420.0).show(ctx, |ui| {
                let l = ui.label("Title");
                ui.add(egui::TextEdit::singleline(&mut draft.title).desired_width(f32::INFINITY)).labelled_by(l.id);
                let l = ui.label("Description");
                ui.add(egui::TextEdit::multiline(&mut draft.description).desired_rows(5).desired_width(f32::INFINITY))
                    .labelled_by(l.id);
            });
        }
        self.open = open;
        if !open {
            self.commit_now(doc, notices);
        }
    }
}
