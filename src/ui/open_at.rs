//! The "Open at" control over the canvas: a day and a time (or Now); organisations closed then
//! fade, as with focus, and the banner says how many are open. Press T to show it, then 0 for
//! now or 1–9 for the moments listed (those of the saved views first): two key presses to
//! "who is open at 2 am on Sunday?".

use super::view::ViewState;
use crate::hours::Moment;
use crate::hours::moment::DAY_NAMES;
use crate::model::Map;
use chrono::Weekday;
use egui::Key;

/// Moments offered when no saved view keeps one: a weekday afternoon, a Friday night, the small
/// hours of Sunday.
const DEFAULT_PRESETS: [(Weekday, u16); 3] = [(Weekday::Tue, 14 * 60), (Weekday::Fri, 22 * 60), (Weekday::Sun, 2 * 60)];

const DIGITS: [Key; 10] =
    [Key::Num0, Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];

/// The control's state: whether it is shown and the day and time being edited.
#[derive(Debug, Clone, Default)]
pub struct OpenAtControl {
    /// Shown over the canvas.
    pub shown: bool,
    /// Day being edited, 0 = Monday.
    day: usize,
    /// Time being edited, "HH:MM".
    time: String,
    /// The moment the fields were last filled from (to follow a view applied elsewhere).
    synced: Option<Moment>,
}

/// The moments offered under numbers 1–9: the saved views' (in order), then the defaults.
#[must_use]
pub fn presets(map: &Map) -> Vec<Moment> {
    let mut out: Vec<Moment> = Vec::new();
    let defaults = DEFAULT_PRESETS.iter().map(|&(day, minute)| Moment::Weekly { day, minute });
    for m in map.views.iter().filter_map(|v| v.open_at).chain(defaults) {
        if !out.contains(&m) && out.len() < 9 {
            out.push(m);
        }
    }
    out
}

impl OpenAtControl {
    /// Shows the control (starting at now unless a moment is in force) or hides it, which also
    /// stops the fade.
    pub fn toggle(&mut self, view: &mut ViewState) {
        self.shown = !self.shown;
        if !self.shown {
            view.open_at = None;
        } else if view.open_at.is_none() {
            self.set(view, Moment::weekly_of(crate::hours::now_local()));
        }
    }

    fn fill_from(&mut self, moment: Moment) {
        let (day, minute) = moment.day_and_minute();
        self.day = day as usize;
        self.time = format!("{:02}:{:02}", minute / 60, minute % 60);
        self.synced = Some(moment);
    }

    /// Shows the control in the top-right corner of the canvas, when shown or when a moment is
    /// in force (a view applied with one).
    pub fn ui(&mut self, ctx: &egui::Context, map: &Map, view: &mut ViewState) {
        if view.open_at.is_some() && !self.shown {
            self.shown = true;
        }
        if !self.shown {
            return;
        }
        if let Some(m) = view.open_at
            && self.synced != Some(m)
        {
            self.fill_from(m);
        }
        if self.time.is_empty() {
            self.fill_from(Moment::weekly_of(crate::hours::now_local()));
        }
        let presets = presets(map);
        // Digits pick a moment, unless a text field has them.
        if !ctx.egui_wants_keyboard_input() {
            let pressed = ctx.input(|i| DIGITS.iter().position(|k| i.key_pressed(*k)));
            match pressed {
                Some(0) => self.set(view, Moment::weekly_of(crate::hours::now_local())),
                Some(n) => {
                    if let Some(&m) = presets.get(n - 1) {
                        self.set(view, m);
                    }
                }
                None => {}
            }
        }
        let rect = view.canvas_rect;
        let mut close = false;
        egui::Area::new(egui::Id::unique("open_at_control"))
            .order(egui::Order::Foreground)
            .pivot(egui::Align2::RIGHT_TOP)
            .fixed_pos(rect.right_top() + egui::vec2(-8.0, 8.0))
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.strong("Open at");
                        let mut day = self.day;
                        super::fields::named_combo(ui, "open_at_day", "Day", DAY_NAMES[day.min(6)], |ui| {
                            for (i, name) in DAY_NAMES.iter().enumerate() {
                                ui.selectable_value(&mut day, i, *name);
                            }
                        });
                        let label = ui.label("at");
                        let r = ui
                            .add(egui::TextEdit::singleline(&mut self.time).desired_width(48.0).hint_text("HH:MM"))
                            .labelled_by(label.id)
                            .on_hover_text("Time");
                        if day != self.day || r.changed() {
                            self.day = day;
                            self.apply_fields(view);
                        }
                        if ui.button("Now").on_hover_text("The day and time now (0)").clicked() {
                            self.set(view, Moment::weekly_of(crate::hours::now_local()));
                        }
                        if ui.button("Off").on_hover_text("Stop fading and hide this (T)").clicked() {
                            close = true;
                        }
                    });
                    if Moment::parse(&format!("Mon {}", self.time.trim())).is_err() {
                        ui.colored_label(super::theme::ERROR, "Write the time as HH:MM, e.g. 02:00");
                    }
                    ui.horizontal_wrapped(|ui| {
                        for (i, m) in presets.iter().enumerate() {
                            let text = format!("{} {}", i + 1, m.label());
                            if ui.selectable_label(view.open_at == Some(*m), text).clicked() {
                                self.set(view, *m);
                            }
                        }
                    });
                });
            });
        if close {
            self.toggle(view);
        }
    }

    /// Sets the moment in force and the fields to match.
    fn set(&mut self, view: &mut ViewState, moment: Moment) {
        self.fill_from(moment);
        view.open_at = Some(moment);
    }

    /// The fields' day and time, if the time reads, become the moment in force.
    fn apply_fields(&mut self, view: &mut ViewState) {
        let text = format!("{} {}", &DAY_NAMES[self.day.min(6)][..3], self.time.trim());
        if let Ok(m) = Moment::parse(&text) {
            self.synced = Some(m);
            view.open_at = Some(m);
        }
    }
}
