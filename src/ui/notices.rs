//! The one notice queue: every window, the canvas and the app report what the user must know
//! (a change made, a file written, an edit refused) into [`Notices`], shown as toasts at the
//! bottom right. Information fades; errors stay until dismissed.

use super::theme;
use std::time::{Duration, Instant};

/// How long an information notice stays, and one offering Undo (it takes a moment to see that
/// the wrong thing went).
const SHOWN_FOR: Duration = Duration::from_secs(5);
const SHOWN_WITH_UNDO_FOR: Duration = Duration::from_secs(10);

/// A message shown at the bottom of the window.
#[derive(Debug, Clone)]
struct Notice {
    text: String,
    error: bool,
    shown_at: Instant,
    /// For a destructive change made without asking: the document revision just after it. The
    /// notice offers Undo while the map is still at that revision (so Undo reverts that change).
    undo_at: Option<u64>,
}

/// The notices shown, oldest first.
#[derive(Debug, Default)]
pub struct Notices {
    items: Vec<Notice>,
}

impl Notices {
    /// Tells the user something that went well or needs no action; it fades after a few seconds.
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(text.into(), false, None);
    }

    /// A notice for a change made without a confirmation, with an Undo button while the map is
    /// still at `revision` (the document's revision just after the change).
    pub fn info_with_undo(&mut self, text: impl Into<String>, revision: u64) {
        self.push(text.into(), false, Some(revision));
    }

    /// Reports something that failed; it stays until the user dismisses it.
    pub fn error(&mut self, text: impl Into<String>) {
        self.push(text.into(), true, None);
    }

    /// Adds a notice shown from now.
    fn push(&mut self, text: String, error: bool, undo_at: Option<u64>) {
        self.items.push(Notice { text, error, shown_at: Instant::now(), undo_at });
    }

    /// The texts shown, oldest first (for tests).
    #[must_use]
    pub fn texts(&self) -> Vec<String> {
        self.items.iter().map(|n| n.text.clone()).collect()
    }

    /// Drops faded notices and shows the newest four; `revision` is the document's, to offer
    /// Undo only while it still undoes the change noticed. Returns true when Undo was clicked
    /// (that notice is gone; the caller undoes).
    pub fn ui(&mut self, ctx: &egui::Context, revision: u64) -> bool {
        self.items.retain(|n| {
            n.error || n.shown_at.elapsed() < if n.undo_at.is_some() { SHOWN_WITH_UNDO_FOR } else { SHOWN_FOR }
        });
        if self.items.is_empty() {
            return false;
        }
        if self.items.iter().any(|n| !n.error) {
            ctx.request_repaint_after(Duration::from_millis(500));
        }
        let mut dismiss = None;
        let mut undo = None;
        egui::Area::new(egui::Id::unique("notices"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -36.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for (i, n) in self.items.iter().enumerate().rev().take(4) {
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
            self.items.remove(i);
        }
        if let Some(i) = undo {
            self.items.remove(i);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_in_order_and_errors_are_kept() {
        let mut n = Notices::default();
        n.info("saved");
        n.error("not saved");
        n.info_with_undo("deleted", 3);
        assert_eq!(n.texts(), ["saved", "not saved", "deleted"]);
        assert!(n.items[1].error && !n.items[0].error);
        assert_eq!(n.items[2].undo_at, Some(3));
    }
}
