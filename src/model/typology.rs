//! The typology: the categories, link types and fields a research team uses to describe
//! organisations. It lives in the map file so it can change as understanding changes.

use super::ids::{FieldId, TypeId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An sRGB colour, written in files as `#RRGGBB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Colour {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl Colour {
    /// A colour from its three channels.
    #[must_use]
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// Parses `#RRGGBB` (case-insensitive); `None` for anything else.
    #[must_use]
    pub fn from_hex(s: &str) -> Option<Self> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// `#RRGGBB`, upper case as in most style guides.
    #[must_use]
    pub fn to_hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }

    /// Relative luminance (0 black – 1 white), used to pick readable text on a fill.
    #[must_use]
    pub fn luminance(self) -> f32 {
        let lin = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Colour {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Colour::from_hex(&s).ok_or_else(|| serde::de::Error::custom(format!("colour '{s}' is not of the form #RRGGBB")))
    }
}

/// The Okabe–Ito palette: distinguishable under the common colour-vision deficiencies. New types
/// take the next colour in turn.
pub const OKABE_ITO: [Colour; 8] = [
    Colour::rgb(0x00, 0x72, 0xb2),
    Colour::rgb(0xd5, 0x5e, 0x00),
    Colour::rgb(0xe6, 0x9f, 0x00),
    Colour::rgb(0xcc, 0x79, 0xa7),
    Colour::rgb(0x00, 0x9e, 0x73),
    Colour::rgb(0x56, 0xb4, 0xe9),
    Colour::rgb(0xf0, 0xe4, 0x42),
    Colour::rgb(0x00, 0x00, 0x00),
];

/// The id a name suggests: lower case, letters and digits kept, anything else `_`, ends
/// trimmed; "type" when nothing is left. Not necessarily free: see [`Typology::fresh_id`].
#[must_use]
pub fn id_slug(name: &str) -> String {
    let slug: String = name.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    let trimmed = slug.trim_matches('_');
    if trimmed.is_empty() { "type".to_owned() } else { trimmed.to_owned() }
}

/// Named colours offered first when choosing a type's colour: Okabe–Ito plus three from Paul
/// Tol's muted scheme, all distinguishable under the common colour-vision deficiencies.
pub const PALETTE: [(&str, Colour); 11] = [
    ("Blue", Colour::rgb(0x00, 0x72, 0xb2)),
    ("Vermillion", Colour::rgb(0xd5, 0x5e, 0x00)),
    ("Orange", Colour::rgb(0xe6, 0x9f, 0x00)),
    ("Reddish purple", Colour::rgb(0xcc, 0x79, 0xa7)),
    ("Bluish green", Colour::rgb(0x00, 0x9e, 0x73)),
    ("Sky blue", Colour::rgb(0x56, 0xb4, 0xe9)),
    ("Yellow", Colour::rgb(0xf0, 0xe4, 0x42)),
    ("Wine", Colour::rgb(0x88, 0x22, 0x55)),
    ("Teal", Colour::rgb(0x44, 0xaa, 0x99)),
    ("Grey", Colour::rgb(0x77, 0x77, 0x77)),
    ("Black", Colour::rgb(0x00, 0x00, 0x00)),
];

/// The palette name of a colour, if it is one of [`PALETTE`].
#[must_use]
pub fn palette_name(c: Colour) -> Option<&'static str> {
    PALETTE.iter().find(|(_, p)| *p == c).map(|(n, _)| *n)
}

/// The outline of an organisation's marker: the second cue beside colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A disc.
    #[default]
    Circle,
    /// An axis-aligned square.
    Square,
    /// A square on its point.
    Diamond,
    /// A triangle pointing up.
    Triangle,
    /// A triangle pointing down.
    TriangleDown,
    /// A regular pentagon.
    Pentagon,
    /// A regular hexagon.
    Hexagon,
    /// A regular octagon.
    Octagon,
    /// A five-pointed star.
    Star,
    /// A plus-shaped cross.
    Cross,
}

impl Shape {
    /// Every shape, in menu order.
    pub const ALL: [Shape; 10] = [
        Shape::Circle,
        Shape::Square,
        Shape::Diamond,
        Shape::Triangle,
        Shape::TriangleDown,
        Shape::Pentagon,
        Shape::Hexagon,
        Shape::Octagon,
        Shape::Star,
        Shape::Cross,
    ];

    /// A human label for menus and legends.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Shape::Circle => "Circle",
            Shape::Square => "Square",
            Shape::Diamond => "Diamond",
            Shape::Triangle => "Triangle",
            Shape::TriangleDown => "Triangle (down)",
            Shape::Pentagon => "Pentagon",
            Shape::Hexagon => "Hexagon",
            Shape::Octagon => "Octagon",
            Shape::Star => "Star",
            Shape::Cross => "Cross",
        }
    }
}

/// How a link type's line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LineStyle {
    /// A continuous line.
    #[default]
    Solid,
    /// Long dashes.
    Dashed,
    /// Dots.
    Dotted,
    /// Alternating dash and dot.
    DashDot,
}

impl LineStyle {
    /// Every style, in menu order.
    pub const ALL: [LineStyle; 4] = [LineStyle::Solid, LineStyle::Dashed, LineStyle::Dotted, LineStyle::DashDot];

    /// A human label for menus and legends.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            LineStyle::Solid => "Solid",
            LineStyle::Dashed => "Dashed",
            LineStyle::Dotted => "Dotted",
            LineStyle::DashDot => "Dash-dot",
        }
    }

    /// The pattern as on, off, on, off… lengths in line widths (a zero "on" is a round dot);
    /// empty for a solid line. One definition for the SVG's `stroke-dasharray` and the PNG's
    /// hairlines.
    #[must_use]
    pub fn dashes(self) -> &'static [f32] {
        match self {
            LineStyle::Solid => &[],
            LineStyle::Dashed => &[6.0, 4.0],
            LineStyle::Dotted => &[0.0, 3.0],
            LineStyle::DashDot => &[6.0, 3.0, 1.0, 3.0],
        }
    }
}

/// A category of organisation, with the definition and inclusion criteria that decide membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgType {
    /// Stable id used by organisations.
    pub id: TypeId,
    /// Display name.
    pub name: String,
    /// Definition and inclusion criteria, for the typology appendix.
    #[serde(default)]
    pub definition: String,
    /// Fill colour.
    pub colour: Colour,
    /// Marker shape.
    #[serde(default)]
    pub shape: Shape,
}

/// A kind of relationship between organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkType {
    /// Stable id used by links.
    pub id: TypeId,
    /// Display name.
    pub name: String,
    /// What counts as this kind of link.
    #[serde(default)]
    pub definition: String,
    /// Whether the link has a direction (drawn with an arrowhead).
    pub directed: bool,
    /// Line style.
    #[serde(default)]
    pub style: LineStyle,
    /// Line colour.
    pub colour: Colour,
}

/// What kind of value a field holds; decides the inspector widget and validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    #[default]
    Text,
    /// Several lines of text.
    LongText,
    /// One of the options.
    Choice,
    /// Any number of the options.
    MultiChoice,
    /// A number.
    Number,
    /// Yes or no.
    YesNo,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// Opening hours in OpenStreetMap's `opening_hours` syntax ("Mo-Fr 09:00-17:00; PH off").
    /// Text that does not parse is kept (a migrated file's free text) and counts as unknown.
    OpeningHours,
}

impl FieldKind {
    /// Every kind, in menu order.
    pub const ALL: [FieldKind; 8] = [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Choice,
        FieldKind::MultiChoice,
        FieldKind::Number,
        FieldKind::YesNo,
        FieldKind::Date,
        FieldKind::OpeningHours,
    ];

    /// A human label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Text => "Text",
            FieldKind::LongText => "Long text",
            FieldKind::Choice => "Choice",
            FieldKind::MultiChoice => "Multiple choice",
            FieldKind::Number => "Number",
            FieldKind::YesNo => "Yes / no",
            FieldKind::Date => "Date",
            FieldKind::OpeningHours => "Opening hours",
        }
    }

    /// Whether the field has a list of options.
    #[must_use]
    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::Choice | FieldKind::MultiChoice)
    }
}

/// Whether a field describes organisations or links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AppliesTo {
    /// Organisations carry this field.
    #[default]
    Organisations,
    /// Links carry this field.
    Links,
}

/// A field in the typology: an attribute every organisation (or link) may have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Stable id used as the key in `fields` objects.
    pub id: FieldId,
    /// Display name.
    pub name: String,
    /// Value kind.
    pub kind: FieldKind,
    /// What carries it.
    #[serde(default)]
    pub applies_to: AppliesTo,
    /// The allowed values, for choice kinds.
    #[serde(default)]
    pub options: Vec<String>,
    /// What the field means, shown as a tooltip.
    #[serde(default)]
    pub description: String,
    /// Private fields are dropped by redacted exports (e.g. a contact person).
    #[serde(default)]
    pub private: bool,
}

/// A value stored for a field. Its JSON form follows the kind: string, number, bool or list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// Yes/no.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text, a date or one choice.
    Text(String),
    /// Several choices.
    List(Vec<String>),
}

/// Reads a value straight from the JSON token, without the buffering (and recursion) of serde's
/// untagged enums: faster on large maps, and a nested list is an error at once.
impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> serde::de::Visitor<'de> for ValueVisitor {
            type Value = FieldValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text, a number, true/false or a list of text")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<FieldValue, E> {
                Ok(FieldValue::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(FieldValue::List(items))
            }
        }
        d.deserialize_any(ValueVisitor)
    }
}

impl FieldValue {
    /// A one-line rendering for tables and tooltips; lists joined with " | ".
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            FieldValue::Bool(true) => "yes".to_owned(),
            FieldValue::Bool(false) => "no".to_owned(),
            FieldValue::Number(n) => format!("{n}"),
            FieldValue::Text(s) => s.clone(),
            FieldValue::List(items) => items.join(" | "),
        }
    }

    fn kind_name(&self) -> &'static str {
        match self {
            FieldValue::Bool(_) => "yes/no",
            FieldValue::Number(_) => "a number",
            FieldValue::Text(_) => "text",
            FieldValue::List(_) => "a list",
        }
    }
}

/// Checks a value against its field definition. The error text completes "field 'x' ...".
pub fn check_value(def: &FieldDef, value: &FieldValue) -> Result<(), String> {
    let wrong = |expected: &str| Err(format!("should be {expected}, found {}", value.kind_name()));
    match (def.kind, value) {
        (FieldKind::Number, FieldValue::Number(n)) if !n.is_finite() => wrong("a finite number"),
        (FieldKind::Text | FieldKind::LongText | FieldKind::OpeningHours, FieldValue::Text(_))
        | (FieldKind::Number, FieldValue::Number(_))
        | (FieldKind::YesNo, FieldValue::Bool(_)) => Ok(()),
        (FieldKind::Date, FieldValue::Text(s)) => {
            if is_iso_date(s) {
                Ok(())
            } else {
                Err(format!("'{s}' is not a date of the form YYYY-MM-DD"))
            }
        }
        (FieldKind::Choice, FieldValue::Text(s)) => check_option(def, s),
        (FieldKind::MultiChoice, FieldValue::List(items)) => items.iter().try_for_each(|s| check_option(def, s)),
        (FieldKind::Text | FieldKind::LongText, _) => wrong("text"),
        (FieldKind::Number, _) => wrong("a number"),
        (FieldKind::YesNo, _) => wrong("true or false"),
        (FieldKind::Date, _) => wrong("a date string"),
        (FieldKind::OpeningHours, _) => wrong("opening hours as text"),
        (FieldKind::Choice, _) => wrong("one option as text"),
        (FieldKind::MultiChoice, _) => wrong("a list of options"),
    }
}

fn check_option(def: &FieldDef, s: &str) -> Result<(), String> {
    if def.options.iter().any(|o| o == s) {
        Ok(())
    } else {
        Err(format!("'{s}' is not one of its options ({})", def.options.join(", ")))
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
#[must_use]
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    matches!((num(0..4), num(5..7), num(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

/// The categories, link types and fields of a map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Typology {
    /// Organisation types, in legend order.
    pub org_types: Vec<OrgType>,
    /// Link types, in legend order.
    pub link_types: Vec<LinkType>,
    /// Field definitions, in inspector order.
    #[serde(default)]
    pub fields: Vec<FieldDef>,
}

impl Typology {
    /// The organisation type with this id.
    #[must_use]
    pub fn org_type(&self, id: &TypeId) -> Option<&OrgType> {
        self.org_types.iter().find(|t| &t.id == id)
    }

    /// The link type with this id.
    #[must_use]
    pub fn link_type(&self, id: &TypeId) -> Option<&LinkType> {
        self.link_types.iter().find(|t| &t.id == id)
    }

    /// The field with this id.
    #[must_use]
    pub fn field(&self, id: &FieldId) -> Option<&FieldDef> {
        self.fields.iter().find(|f| &f.id == id)
    }

    /// Fields that organisations (or links) carry, in order.
    pub fn fields_for(&self, applies_to: AppliesTo) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter().filter(move |f| f.applies_to == applies_to)
    }

    /// Checks the typology on its own: ids present and unique, choice fields with options.
    pub fn check(&self) -> Result<(), String> {
        fn unique<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
            let mut seen = std::collections::HashSet::new();
            for id in ids {
                if id.trim().is_empty() {
                    return Err(format!("a {what} has an empty id"));
                }
                if !seen.insert(id) {
                    return Err(format!("two {what}s have the id '{id}'"));
                }
            }
            Ok(())
        }
        unique("organisation type", self.org_types.iter().map(|t| t.id.as_str()))?;
        unique("link type", self.link_types.iter().map(|t| t.id.as_str()))?;
        unique("field", self.fields.iter().map(|f| f.id.as_str()))?;
        for f in &self.fields {
            let mut seen = std::collections::HashSet::new();
            for o in &f.options {
                if !seen.insert(o.as_str()) {
                    return Err(format!("field '{}' lists the option '{o}' twice", f.id));
                }
            }
        }
        Ok(())
    }

    /// A colour and shape for a new organisation type that no type has yet: the first pair, in
    /// palette and shape order, that uses the least-used shape and colour (so the first new
    /// types also get a shape of their own). With `colour` given (a colour the source file
    /// chose), only the shape is picked. `None` when every pair is taken: the caller says so
    /// and reuses a pair.
    #[must_use]
    pub fn unused_look(&self, colour: Option<Colour>) -> Option<(Colour, Shape)> {
        let taken = |c: Colour, s: Shape| self.org_types.iter().any(|t| t.colour == c && t.shape == s);
        let shape_uses = |s: Shape| self.org_types.iter().filter(|t| t.shape == s).count();
        let colour_uses = |c: Colour| self.org_types.iter().filter(|t| t.colour == c).count();
        let colours: Vec<Colour> = colour.map_or_else(|| PALETTE.iter().map(|(_, c)| *c).collect(), |c| vec![c]);
        let pairs = colours.iter().flat_map(|&c| Shape::ALL.into_iter().map(move |s| (c, s)));
        pairs.filter(|&(c, s)| !taken(c, s)).min_by_key(|&(c, s)| (shape_uses(s), colour_uses(c)))
    }

    /// An id not yet used by any organisation type, link type or field, derived from a name.
    #[must_use]
    pub fn fresh_id(&self, name: &str) -> String {
        let base = id_slug(name);
        let taken = |id: &str| {
            self.org_types.iter().any(|t| t.id.as_str() == id)
                || self.link_types.iter().any(|t| t.id.as_str() == id)
                || self.fields.iter().any(|f| f.id.as_str() == id)
        };
        if !taken(&base) {
            return base;
        }
        // There are finitely many ids taken, so one of the first len+2 candidates is free.
        let limit = self.org_types.len() + self.link_types.len() + self.fields.len() + 2;
        (2..=limit).map(|n| format!("{base}_{n}")).find(|id| !taken(id)).unwrap_or(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_hex_round_trip() {
        let c = Colour::from_hex("#0072B2").unwrap();
        assert_eq!(c, Colour::rgb(0, 0x72, 0xb2));
        assert_eq!(c.to_hex(), "#0072B2");
        assert!(Colour::from_hex("blue").is_none());
        assert!(Colour::from_hex("#12345").is_none());
        assert!(Colour::from_hex("#12345g").is_none());
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_iso_date("2026-11-26"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("26/11/2026"));
        assert!(!is_iso_date("2026-1-011"));
    }

    #[test]
    fn values_are_checked_against_kind_and_options() {
        let def = FieldDef {
            id: FieldId::new("anonymity"),
            name: "Anonymity".into(),
            kind: FieldKind::Choice,
            applies_to: AppliesTo::Organisations,
            options: vec!["anonymous".into(), "confidential".into()],
            description: String::new(),
            private: false,
        };
        assert!(check_value(&def, &FieldValue::Text("anonymous".into())).is_ok());
        let err = check_value(&def, &FieldValue::Text("maybe".into())).unwrap_err();
        assert_eq!(err, "'maybe' is not one of its options (anonymous, confidential)");
        let err = check_value(&def, &FieldValue::Number(1.0)).unwrap_err();
        assert_eq!(err, "should be one option as text, found a number");
    }

    #[test]
    fn unused_look_avoids_every_pair_in_use() {
        let mut t = crate::model::default_typology();
        let mut seen: Vec<(Colour, Shape)> = t.org_types.iter().map(|o| (o.colour, o.shape)).collect();
        for n in 0..(PALETTE.len() * Shape::ALL.len() - seen.len()) {
            let (colour, shape) = t.unused_look(None).unwrap();
            assert!(!seen.contains(&(colour, shape)), "pair {n} repeats");
            seen.push((colour, shape));
            let id = TypeId::new(format!("t{n}"));
            t.org_types.push(OrgType { id, name: format!("T{n}"), definition: String::new(), colour, shape });
        }
        assert_eq!(t.unused_look(None), None, "all 110 pairs are taken");
        // The default typology uses every shape once: the first new type reuses a shape, but
        // never with a colour that shape already has.
        let t = crate::model::default_typology();
        let (colour, shape) = t.unused_look(None).unwrap();
        assert!(!t.org_types.iter().any(|o| o.colour == colour && o.shape == shape));
        let given = Colour::rgb(1, 2, 3);
        assert_eq!(t.unused_look(Some(given)).map(|(c, _)| c), Some(given));
    }

    #[test]
    fn fresh_ids_avoid_collisions() {
        let mut t = Typology::default();
        assert_eq!(t.fresh_id("Crisis café!"), "crisis_café");
        t.org_types.push(OrgType {
            id: TypeId::new("walking_group"),
            name: "Walking group".into(),
            definition: String::new(),
            colour: OKABE_ITO[0],
            shape: Shape::Circle,
        });
        assert_eq!(t.fresh_id("Walking group"), "walking_group_2");
        assert_eq!(t.fresh_id("!!!"), "type");
    }
}
