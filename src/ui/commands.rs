//! Every user command in one enum: menus, shortcuts and tooltips are all read from here, so a
//! menu item and its shortcut can never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A user command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// Start a new, empty map.
    New,
    /// Open a map file.
    Open,
    /// Save to the current file.
    Save,
    /// Save to a new file.
    SaveAs,
    /// Read a CSV, XLSX, GraphML, GEXF or Kumu file into the map.
    Import,
    /// Write figures and data for other programs.
    Export,
    /// Leave the app.
    Quit,
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
    /// Copy the selection and delete it.
    Cut,
    /// Copy the selection.
    Copy,
    /// Paste copied organisations.
    Paste,
    /// Copy and paste in one go.
    Duplicate,
    /// Delete the selection.
    Delete,
    /// Select every organisation.
    SelectAll,
    /// Find an organisation by name.
    Find,
    /// Add an organisation in free space near the selection or the centre of the view.
    AddOrganisation,
    /// Link the selected organisation to the next one clicked.
    Connect,
    /// Fit the whole map in the window.
    ZoomFit,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Zoom to 100%.
    ZoomReset,
    /// Show or hide the legend.
    ToggleLegend,
    /// Show or hide the side panel (the inspector), giving the canvas the window's width.
    ToggleSidePanel,
    /// Light theme.
    ThemeLight,
    /// Dark theme.
    ThemeDark,
    /// Larger UI text and controls.
    UiScaleUp,
    /// Smaller UI text and controls.
    UiScaleDown,
    /// UI at its normal size.
    UiScaleReset,
    /// Edit organisation types, link types and fields.
    Typology,
    /// Edit the map's title and description.
    MapProperties,
    /// Arrange the map with a layout (one undo step).
    Layout(crate::layout::Algorithm),
    /// Stop a running layout, keeping where it got to.
    StopLayout,
    /// Open the Analysis window.
    Analysis,
    /// Saved views, filter and focus.
    Views,
    /// Present the saved views full screen.
    Present,
    /// Open or close the projector window.
    Projector,
    /// Fade everything but the selected organisation's neighbourhood.
    Focus,
    /// Show or hide the "Open at" control: organisations closed at a day and time fade.
    OpenAt,
    /// Type names to add organisations quickly (Tab changes the type).
    QuickAdd,
    /// Put a sticky note in the middle of the view.
    AddNote,
    /// Draw a labelled region around the selected organisations.
    AddRegion,
    /// Edit or delete sticky notes and regions.
    NotesAndRegions,
    /// Create, edit, show and compare journeys.
    Journeys,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

impl Command {
    /// The menu label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Command::New => "New",
            Command::Open => "Open…",
            Command::Save => "Save",
            Command::SaveAs => "Save As…",
            Command::Import => "Import…",
            Command::Export => "Export…",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Cut => "Cut",
            Command::Copy => "Copy",
            Command::Paste => "Paste",
            Command::Duplicate => "Duplicate",
            Command::Delete => "Delete",
            Command::SelectAll => "Select All",
            Command::Find => "Find…",
            Command::AddOrganisation => "Add Organisation",
            Command::Connect => "Connect To…",
            Command::ZoomFit => "Zoom to Fit",
            Command::ZoomIn => "Zoom In",
            Command::ZoomOut => "Zoom Out",
            Command::ZoomReset => "Actual Size",
            Command::ToggleLegend => "Legend",
            Command::ToggleSidePanel => "Side Panel",
            Command::ThemeLight => "Light Theme",
            Command::ThemeDark => "Dark Theme",
            Command::UiScaleUp => "Larger Text",
            Command::UiScaleDown => "Smaller Text",
            Command::UiScaleReset => "Normal Text Size",
            Command::Typology => "Typology…",
            Command::MapProperties => "Map Properties…",
            Command::Layout(a) => a.label(),
            Command::StopLayout => "Stop Layout",
            Command::Analysis => "Analysis…",
            Command::Views => "Views and Filters…",
            Command::Present => "Present",
            Command::Projector => "Projector Window",
            Command::Focus => "Focus on Selected",
            Command::OpenAt => "Open At…",
            Command::QuickAdd => "Quick Add…",
            Command::AddNote => "Add Sticky Note",
            Command::AddRegion => "Region Around Selection",
            Command::NotesAndRegions => "Notes and Regions…",
            Command::Journeys => "Journeys…",
        }
    }

    /// What it does, for tooltips.
    #[must_use]
    pub fn tooltip(self) -> &'static str {
        match self {
            Command::New => "Start a new map with the default crisis-support typology",
            Command::Open => "Open a Patchwork map file",
            Command::Save => "Save the map to its file",
            Command::SaveAs => "Save the map to a new file",
            Command::Import => {
                "Merge a CSV or XLSX sheet (Kumu columns), GraphML, GEXF or Kumu JSON file into this map"
            }
            Command::Export => "Figures (SVG, PNG, PDF) and data (CSV, XLSX, GraphML, GEXF, DOT, Kumu) with a preview",
            Command::Quit => "Close Patchwork",
            Command::Undo => "Undo the last change",
            Command::Redo => "Redo the last undone change",
            Command::Cut => "Copy the selected organisations (with the links among them) and delete them",
            Command::Copy => "Copy the selected organisations and the links among them",
            Command::Paste => "Paste copied organisations in free space in view",
            Command::Duplicate => "Copy and paste the selection in one step",
            Command::Delete => "Delete the selected organisations (and their links) and links",
            Command::SelectAll => "Select every organisation",
            Command::Find => "Find an organisation by part of its name",
            Command::AddOrganisation => "Add an organisation of the current type (or double-click the canvas)",
            Command::Connect => "Link the selected organisation to the next one you click (or drag from a rim)",
            Command::ZoomFit => "Show the whole map",
            Command::ZoomIn => "Zoom in around the centre",
            Command::ZoomOut => "Zoom out around the centre",
            Command::ZoomReset => "One map unit per screen point",
            Command::ToggleLegend => "Show or hide the legend of types in use",
            Command::ToggleSidePanel => "Show or hide the side panel (the inspector)",
            Command::ThemeLight => "Dark text on a light background",
            Command::ThemeDark => "Light text on a dark background",
            Command::UiScaleUp => "Make menus, panels and text larger",
            Command::UiScaleDown => "Make menus, panels and text smaller",
            Command::UiScaleReset => "Menus, panels and text at their normal size",
            Command::Typology => "Edit organisation types, link types and fields",
            Command::MapProperties => "Edit the map's title and description",
            Command::Layout(a) => crate::layout::Algorithm::ALL.iter().find(|x| x.0 == a).map_or("", |x| x.2),
            Command::StopLayout => "Stop the running layout and keep where it got to",
            Command::Analysis => "Degree, betweenness, isolated organisations, single points of failure, paths",
            Command::Views => "Save, apply and reorder views; filter by type, link type, sensitivity, provenance",
            Command::Present => {
                "Full screen, projector colours, large text; Space/→ next view, ←/Backspace back, Esc leaves"
            }
            Command::Projector => "A second window showing the presentation while you keep editing here",
            Command::Focus => "Show the selected organisation and its neighbours; fade the rest (Esc clears)",
            Command::OpenAt => {
                "Fade the organisations closed at a day and time (then 0 for now, 1–9 for the moments listed)"
            }
            Command::QuickAdd => "Type a name, Tab to change the type, Enter to add; repeat; Esc when done",
            Command::AddNote => "A free-text note on the canvas, saved in the map (shown or hidden per view)",
            Command::AddRegion => "A shaded, labelled area around the selected organisations",
            Command::NotesAndRegions => "Write, edit and delete sticky notes and regions",
            Command::Journeys => {
                "Paths people took in a crisis, step by step: create, edit, show on the map and compare"
            }
        }
    }

    /// The shortcuts that trigger it; the first is shown in menus.
    #[must_use]
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        let sc = KeyboardShortcut::new;
        match self {
            Command::New => vec![sc(CMD, Key::N)],
            Command::Open => vec![sc(CMD, Key::O)],
            Command::Save => vec![sc(CMD, Key::S)],
            Command::SaveAs => vec![sc(CMD_SHIFT, Key::S)],
            Command::Import => vec![sc(CMD, Key::I)],
            Command::Export => vec![sc(CMD, Key::E)],
            Command::Quit => vec![sc(CMD, Key::Q)],
            Command::Undo => vec![sc(CMD, Key::Z)],
            Command::Redo => vec![sc(CMD_SHIFT, Key::Z), sc(CMD, Key::Y)],
            Command::Cut => vec![sc(CMD, Key::X)],
            Command::Copy => vec![sc(CMD, Key::C)],
            Command::Paste => vec![sc(CMD, Key::V)],
            Command::Duplicate => vec![sc(CMD, Key::D)],
            Command::Delete => vec![sc(Modifiers::NONE, Key::Delete), sc(Modifiers::NONE, Key::Backspace)],
            Command::SelectAll => vec![sc(CMD, Key::A)],
            Command::Find => vec![sc(CMD, Key::F)],
            Command::AddOrganisation => vec![sc(Modifiers::NONE, Key::Insert)],
            Command::Connect => vec![sc(Modifiers::NONE, Key::L)],
            Command::ZoomFit => vec![sc(CMD, Key::Num0)],
            Command::ZoomIn => {
                vec![sc(Modifiers::NONE, Key::Plus), sc(Modifiers::NONE, Key::Equals), sc(CMD, Key::Plus)]
            }
            Command::ZoomOut => vec![sc(Modifiers::NONE, Key::Minus), sc(CMD, Key::Minus)],
            Command::ZoomReset => vec![sc(CMD, Key::Num1)],
            Command::UiScaleUp => vec![sc(CMD_SHIFT, Key::Plus)],
            Command::UiScaleDown => vec![sc(CMD_SHIFT, Key::Minus)],
            Command::Analysis => vec![sc(CMD_SHIFT, Key::A)],
            Command::Views => vec![sc(Modifiers::NONE, Key::F6)],
            Command::Present => vec![sc(Modifiers::NONE, Key::F5)],
            Command::Focus => vec![sc(Modifiers::NONE, Key::F)],
            Command::OpenAt => vec![sc(Modifiers::NONE, Key::T)],
            Command::QuickAdd => vec![sc(Modifiers::NONE, Key::N)],
            Command::ToggleSidePanel => vec![sc(Modifiers::NONE, Key::F9), sc(CMD, Key::Backslash)],
            Command::ToggleLegend
            | Command::Layout(_)
            | Command::StopLayout
            | Command::Projector
            | Command::AddNote
            | Command::AddRegion
            | Command::NotesAndRegions
            | Command::Journeys
            | Command::ThemeLight
            | Command::ThemeDark
            | Command::UiScaleReset
            | Command::Typology
            | Command::MapProperties => vec![],
        }
    }

    /// Commands whose shortcuts are checked each frame, most specific first (egui matches
    /// shortcuts ignoring extra Shift, so Ctrl+Shift+Z must be tried before Ctrl+Z).
    pub const SHORTCUT_ORDER: [Command; 33] = [
        Command::QuickAdd,
        Command::OpenAt,
        Command::Views,
        Command::Present,
        Command::Focus,
        Command::Analysis,
        Command::Import,
        Command::Export,
        Command::Redo,
        Command::SaveAs,
        Command::UiScaleUp,
        Command::UiScaleDown,
        Command::New,
        Command::Open,
        Command::Save,
        Command::Quit,
        Command::Undo,
        Command::Cut,
        Command::Copy,
        Command::Paste,
        Command::Duplicate,
        Command::SelectAll,
        Command::Find,
        Command::ZoomFit,
        Command::ZoomReset,
        Command::Delete,
        Command::AddOrganisation,
        Command::Connect,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ToggleLegend,
        Command::Typology,
        Command::ToggleSidePanel,
    ];

    /// Whether its shortcut is a plain key that typing text must not trigger.
    #[must_use]
    pub fn is_plain_key(self) -> bool {
        self.shortcuts().first().is_some_and(|s| s.modifiers == Modifiers::NONE)
    }

    /// Whether it acts on the canvas and so must not fire while a text field has focus
    /// (Ctrl+A, Ctrl+C, ... belong to the text field then).
    #[must_use]
    pub fn yields_to_text(self) -> bool {
        self.is_plain_key()
            || matches!(
                self,
                Command::Undo
                    | Command::Redo
                    | Command::Cut
                    | Command::Copy
                    | Command::Paste
                    | Command::SelectAll
                    | Command::ZoomIn
                    | Command::ZoomOut
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = std::collections::HashMap::new();
        for c in Command::SHORTCUT_ORDER {
            for s in c.shortcuts() {
                if let Some(other) =
                    seen.insert((s.modifiers.ctrl, s.modifiers.command, s.modifiers.shift, s.logical_key), c)
                {
                    panic!("{c:?} and {other:?} share a shortcut");
                }
            }
        }
    }
}
