//! The look of the map's decorations, in one place: the canvas and every figure read these, so
//! a lane's shading or a hull's outline is changed here and nowhere else. (Colours come from
//! the [`super::SceneTheme`] and the typology; marker and label sizes from the scene.)

/// Opacity of the shading of every other crisis lane (in the theme's label colour).
pub const LANE_SHADE_OPACITY: f32 = 0.05;
/// Text size of a lane's header, map units.
pub const LANE_TEXT: f32 = 16.0;
/// Gap from a lane's top to its header text, map units.
pub const LANE_TEXT_TOP: f32 = 8.0;
/// Opacity of a type hull's fill (in the type's colour).
pub const HULL_FILL_OPACITY: f32 = 0.14;
/// Opacity of a type hull's outline.
pub const HULL_STROKE_OPACITY: f32 = 0.6;
/// Width of a type hull's outline, map units.
pub const HULL_STROKE_WIDTH: f32 = 1.5;
/// Gap between a hull's top and its label, map units.
pub const HULL_LABEL_GAP: f32 = 4.0;

/// The smallest radius (screen points) the canvas draws a marker at on maps small enough to
/// draw in detail, so its shape, the colour-blind-safe second cue, can still be told apart when
/// the map is zoomed out (figures are drawn at their own scale and do not need it).
pub const MIN_MARKER_PX: f32 = 4.5;
