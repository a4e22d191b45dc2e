//! Notices: short messages at the bottom right of the window, errors kept until dismissed.

use super::PatchworkApp;
use crate::ui::commands::Command;
use crate::ui::theme;
use std::time::{Duration, Instant};

/// A message shown at the bottom of the window.
#[derive(Debug, Clone)]
pub(super) struct Notice {
    pub(super) text: String,
    pub(super) error: bool,
    pub(super) shown_at: Instant,
    /// For a destructive change made without asking: the document revision just after it. The
    /// notice offers Undo while the map is still at that revision (so Undo reverts that change).
    pub(super) undo_at: Option<u64>,
}

impl PatchworkApp {
    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.notices.push(Notice { text: text.into(), error: false, shown_at: Instant::now(), undo_at: None });
    }

    /// A notice for a change made without a confirmation, with an Undo button for it.
    pub(super) fn info_with_undo(&mut self, text: impl Into<String>) {
        let undo_at = Some(self.doc.revision());
        self.notices.push(Notice { text: text.into(), error: false, shown_at: Instant::now(), undo_at });
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.notices.push(Notice { text: text.into(), error: true, shown_at: Instant::now(), undo_at: None });
    }

    pub(super) fn notices_ui(&mut self, ctx: &egui::Context) {
        // A notice with Undo stays longer: it takes a moment to notice the wrong thing went.
        let keep = |n: &Notice| if n.undo_at.is_some() { 10 } else { 5 };
        self.notices.retain(|n| n.error || n.shown_at.elapsed() < Duration::from_secs(keep(n)));
        if self.notices.is_empty() {
            return;
        }
        if self.notices.iter().any(|n| !n.error) {
            ctx.request_repaint_after(Duration::from_millis(500));
        }
        let mut dismiss = None;
        let mut undo = None;
        let revision = self.doc.revision();
        egui::Area::new(egui::Id::unique("notices"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -36.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for (i, n) in self.notices.iter().enumerate().rev().take(4) {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_max_width(420.0);
                        ui.horizontal(|ui| {
                            if n.error {
                                ui.colored_label(theme::ERROR, &n.text);
                                if ui.button("Dismiss").clicked() {
                                    dismiss = Some(i);
                                }
                            } else {
                                ui.label(&n.text);
                                if n.undo_at == Some(revision) && ui.button("Undo").clicked() {
                                    undo = Some(i);
                                }
                            }
                        });
                    });
                }
            });
        if let Some(i) = dismiss {
            self.notices.remove(i);
        }
        if let Some(i) = undo {
            self.notices.remove(i);
            self.run_command(Command::Undo, ctx);
        }
    }
}
