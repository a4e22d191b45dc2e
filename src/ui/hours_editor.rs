//! The opening-hours field in the inspector: the hours as text, checked as typed (red with the
//! reason, not saved until valid), and a week grid to drag over (7 days × 24 hours) with
//! "24/7", "Closed" and copying a day.

use crate::hours::{self, WeekGrid};
use crate::model::FieldValue;
use egui::{Color32, Sense, Stroke, Ui, Vec2};

const DAY_SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Drag state of one grid: the value being painted (open or closed) and the last cell painted.
#[derive(Clone, Copy, Default)]
struct Paint {
    open: bool,
    active: bool,
    last: Option<(usize, usize)>,
}

/// Edits an opening-hours value. `buffer` holds the text while typed; `value` changes only to
/// valid syntax (or to nothing when the text is emptied). Returns true if `value` changed.
pub fn hours_value_ui(
    ui: &mut Ui,
    field_name: &str,
    value: &mut Option<FieldValue>,
    buffer: &mut String,
    label_id: egui::Id,
) -> bool {
    let before = value.clone();
    let stored = match value {
        Some(FieldValue::Text(s)) => s.clone(),
        Some(other) => other.display(),
        None => String::new(),
    };
    if buffer.is_empty() && !stored.is_empty() {
        buffer.clone_from(&stored);
    }
    ui.vertical(|ui| {
        let r = ui
            .add(
                egui::TextEdit::singleline(buffer)
                    .hint_text("Mo-Fr 09:00-17:00; PH off")
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label_id);
        let text = buffer.trim().to_owned();
        let check = if text.is_empty() { Ok(()) } else { hours::parse(&text).map(|_| ()) };
        match &check {
            Ok(()) => {
                if r.changed() {
                    *value = (!text.is_empty()).then(|| FieldValue::Text(text.clone()));
                }
            }
            Err(e) => {
                let saved = if stored.is_empty() || hours::is_valid(&stored) {
                    "not saved"
                } else {
                    "free text, counted as unknown"
                };
                ui.colored_label(super::theme::ERROR, format!("Not valid opening hours ({saved}): {e}"));
            }
        }
        let grid = if text.is_empty() { Some([[false; 24]; 7]) } else { hours::grid_from_hours(&text) };
        if let Some(mut grid) = grid {
            let salt = ui.scope_id().with(("hours_grid", field_name));
            if grid_ui(ui, salt, &mut grid) {
                let new_text = hours::hours_from_grid(&grid);
                buffer.clone_from(&new_text);
                *value = Some(FieldValue::Text(new_text));
            }
        }
    });
    *value != before
}

/// Which of `count` cells of `size` an offset falls in.
pub(super) fn cell_of(offset: f32, size: f32, count: usize) -> Option<usize> {
    if offset < 0.0 {
        return None;
    }
    (0..count).find(|&i| offset < (i + 1) as f32 * size)
}

/// The week grid and its buttons; returns true when the grid changed.
fn grid_ui(ui: &mut Ui, salt: egui::Id, grid: &mut WeekGrid) -> bool {
    let mut changed = false;
    let cell = Vec2::new(((ui.available_width() - 34.0) / 24.0).clamp(6.0, 14.0), 12.0);
    let size = Vec2::new(34.0 + cell.x * 24.0, cell.y * 7.0 + 12.0);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Grid, true, "Week grid"));
    let origin = rect.min + Vec2::new(34.0, 12.0);
    let hit = |p: egui::Pos2| -> Option<(usize, usize)> {
        let v = p - origin;
        Some((cell_of(v.y, cell.y, 7)?, cell_of(v.x, cell.x, 24)?))
    };
    let mut paint: Paint = ui.data(|d| d.get_temp(salt)).unwrap_or_default();
    if response.drag_started() || response.clicked() {
        // The press, not where the pointer is once the drag is recognised.
        let origin_cell = ui.input(|i| i.pointer.press_origin()).and_then(hit);
        if let Some((d, h)) = origin_cell.or_else(|| response.interact_pointer_pos().and_then(hit)) {
            paint = Paint { open: !grid[d][h], active: true, last: Some((d, h)) };
            grid[d][h] = paint.open;
            changed = true;
        }
    }
    if paint.active
        && (response.dragged() || response.drag_started() || response.drag_stopped())
        && let Some((d, h)) = response.interact_pointer_pos().and_then(hit)
    {
        // Every hour between the last cell painted and this one, on the same day.
        let from = match paint.last {
            Some((ld, lh)) if ld == d => lh.min(h)..=lh.max(h),
            _ => h..=h,
        };
        for hour in from {
            if grid[d][hour] != paint.open {
                grid[d][hour] = paint.open;
                changed = true;
            }
        }
        paint.last = Some((d, h));
    }
    if response.drag_stopped() || response.clicked() {
        paint.active = false;
    }
    ui.data_mut(|d| d.insert_temp(salt, paint));

    paint_grid(ui, rect, origin, cell, grid);
    changed |= grid_buttons_ui(ui, salt, grid);
    changed
}

/// Paints the grid: hour marks, day names, open hours filled.
fn paint_grid(ui: &Ui, rect: egui::Rect, origin: egui::Pos2, cell: Vec2, grid: &WeekGrid) {
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let open_fill = Color32::from_rgb(0x2E, 0x86, 0x4B);
    let text_colour = visuals.text_color();
    let font = egui::FontId::proportional(9.0);
    for h in (0..24).step_by(6) {
        painter.text(
            origin + Vec2::new(h as f32 * cell.x, -1.0),
            egui::Align2::LEFT_BOTTOM,
            format!("{h:02}"),
            font.clone(),
            text_colour,
        );
    }
    for (d, day) in grid.iter().enumerate() {
        let y = origin.y + d as f32 * cell.y;
        painter.text(
            egui::pos2(rect.min.x, y + cell.y / 2.0),
            egui::Align2::LEFT_CENTER,
            DAY_SHORT[d],
            font.clone(),
            text_colour,
        );
        for (h, &open) in day.iter().enumerate() {
            let r = egui::Rect::from_min_size(egui::pos2(origin.x + h as f32 * cell.x, y), cell).shrink(0.5);
            let fill = if open { open_fill } else { visuals.extreme_bg_color };
            painter.rect_filled(r, 1.0, fill);
            painter.rect_stroke(r, 1.0, Stroke::new(0.5, visuals.weak_text_color()), egui::StrokeKind::Inside);
        }
    }
}

/// "24/7", "Closed" and copying a day; returns true when the grid changed.
fn grid_buttons_ui(ui: &mut Ui, salt: egui::Id, grid: &mut WeekGrid) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        if ui.small_button("24/7").on_hover_text("Open all day, every day").clicked() {
            *grid = [[true; 24]; 7];
            changed = true;
        }
        if ui.small_button("Closed").on_hover_text("Closed every day").clicked() {
            *grid = [[false; 24]; 7];
            changed = true;
        }
        let source_id = salt.with("copy_source");
        let mut source: usize = ui.data(|d| d.get_temp(source_id)).unwrap_or(0);
        super::fields::named_combo(ui, source_id, "Copy day", format!("Copy {}", DAY_SHORT[source]), |ui| {
            for (i, name) in DAY_SHORT.iter().enumerate() {
                ui.selectable_value(&mut source, i, *name);
            }
        });
        ui.data_mut(|d| d.insert_temp(source_id, source));
        let row = grid[source];
        if ui.small_button("to weekdays").clicked() {
            for day in &mut grid[..5] {
                *day = row;
            }
            changed = true;
        }
        if ui.small_button("to every day").clicked() {
            for day in grid.iter_mut() {
                *day = row;
            }
            changed = true;
        }
    });
    changed
}
