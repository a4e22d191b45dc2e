//! Pure data: the map, its typology and its invariants. No egui, no I/O.

mod default_typology;
pub mod ids;
pub mod journey;
pub mod map;
mod provenance;
pub mod typology;

pub use default_typology::default_typology;
pub use ids::{FieldId, JourneyId, LinkId, OrgId, StepId, TypeId};
pub use journey::{CrisisEpisode, Journey, JourneyStep, StepTime};
pub use map::{
    Decor, FieldValues, Filter, Lane, Link, LinkRecord, LinkRef, Map, MapPos, Meta, ModelError, Organisation, Region,
    StickyNote, View, ViewChart, Viewport,
};
pub use provenance::Provenance;
pub use typology::{AppliesTo, Colour, FieldDef, FieldKind, FieldValue, LineStyle, LinkType, OrgType, Shape, Typology};
