//! The Patchwork map file: JSON with a `format` and `version`, ids as strings, stable order.
//! Saving an unchanged map gives the same bytes it was loaded from.

use super::atomic::{WriteError, write_atomic};
use crate::model::{Decor, Journey, LinkRef, Map, Meta, ModelError, Organisation, Region, StickyNote, Typology, View};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The value of the top-level `format` field.
pub const FORMAT: &str = "patchwork-map";

/// The file format version this build writes (and the newest it reads).
pub const FORMAT_VERSION: u64 = 2;

/// Files larger than this are refused before reading (256 MiB): far above any real map, and it
/// keeps a hostile file from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a map file could not be loaded. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The OS could not read it.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("{}: the file is {size} bytes, larger than the {limit}-byte limit for a map", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Nothing in it.
    #[error("{}: the file is empty", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Not UTF-8 text.
    #[error("{}: not a text file (invalid UTF-8 at line {line}, byte {offset})", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 0-based byte offset of the first bad byte.
        offset: usize,
    },
    /// Not valid JSON, or a field of the wrong shape.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// Valid JSON, but not a Patchwork map.
    #[error("{}: not a Patchwork map ({reason})", path.display())]
    WrongFormat {
        /// The file.
        path: PathBuf,
        /// Why not.
        reason: String,
    },
    /// Written by a newer Patchwork.
    #[error(
        "{}: this map was saved by a newer Patchwork (file version {found}; this version reads up to {supported}). Update Patchwork to open it.",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u64,
        /// The newest this build reads.
        supported: u64,
    },
    /// Well-formed, but breaks an invariant (a dangling link, an unknown type, ...).
    #[error("{}: {source}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The broken invariant.
        #[source]
        source: ModelError,
    },
}

/// The file as written: borrowed from the map so saving copies nothing it need not.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    title: &'a str,
    description: &'a str,
    typology: &'a Typology,
    organisations: Vec<&'a Organisation>,
    links: Vec<LinkRef<'a>>,
    views: &'a [View],
    #[serde(skip_serializing_if = "Option::is_none")]
    decor: Option<&'a Decor>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [StickyNote],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    regions: &'a [Region],
    // Optional in every version: a map without journeys is written exactly as before.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    journeys: &'a [Journey],
}

/// A link as read: its ends stay borrowed from the file's text (when they hold no escapes), so
/// loading looks them up without allocating 120,000 short strings for a 60,000-link map.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkIn<'a> {
    id: crate::model::LinkId,
    #[serde(borrow)]
    from: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    to: std::borrow::Cow<'a, str>,
    #[serde(rename = "type")]
    link_type: crate::model::TypeId,
    #[serde(default)]
    fields: crate::model::FieldValues,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    changed: Option<crate::model::Provenance>,
}

impl<'a> FileOut<'a> {
    /// The file for `map`: organisations and links in id order.
    fn of(map: &'a Map) -> Self {
        FileOut {
            format: FORMAT,
            version: FORMAT_VERSION,
            title: &map.meta.title,
            description: &map.meta.description,
            typology: map.typology(),
            organisations: map.organisations_sorted(),
            links: map.links_sorted(),
            views: &map.views,
            decor: map.decor.as_ref(),
            notes: &map.notes,
            regions: &map.regions,
            journeys: map.journeys(),
        }
    }
}

/// The file as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn<'a> {
    format: String,
    version: u64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    typology: Typology,
    #[serde(default)]
    organisations: Vec<Organisation>,
    #[serde(default, borrow)]
    links: Vec<LinkIn<'a>>,
    #[serde(default)]
    views: Vec<View>,
    #[serde(default)]
    decor: Option<Decor>,
    #[serde(default)]
    notes: Vec<StickyNote>,
    #[serde(default)]
    regions: Vec<Region>,
    #[serde(default)]
    journeys: Vec<Journey>,
}

/// Just enough to recognise the file before reading it in full.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Upgrades a file of an older version to the current one, step by step. `MIGRATIONS[i]` turns
/// version `i + 1` into `i + 2`, and may add warnings for the person opening the file.
type Migration = fn(&mut serde_json::Value, &mut Vec<String>) -> Result<(), String>;
const MIGRATIONS: &[Migration] = &[v1_to_v2];

/// The oldest version the current structs read as it is (its migrations change values, not the
/// layout), so its errors can name the line and column of the file as written.
const SAME_SHAPE_SINCE: u64 = 1;

/// Version 2 stores opening hours as data: each organisation text field that holds hours (id
/// `opening_hours`, or "hours" in its name) becomes the opening-hours kind, and its values in
/// common English ("Every day 6pm–2am") become the syntax ("Mo-Su 18:00-02:00"). The rest stay as
/// written (counted as unknown) and are listed in one warning.
// Every step has the migration signature; this one has nothing that can fail.
#[allow(clippy::unnecessary_wraps)]
fn v1_to_v2(file: &mut serde_json::Value, warnings: &mut Vec<String>) -> Result<(), String> {
    let mut hours_fields: Vec<String> = Vec::new();
    if let Some(fields) = file.pointer_mut("/typology/fields").and_then(serde_json::Value::as_array_mut) {
        for f in fields {
            let id = f.get("id").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
            let name = f.get("name").and_then(serde_json::Value::as_str).unwrap_or_default().to_lowercase();
            let on_orgs = f.get("applies_to").and_then(serde_json::Value::as_str).is_none_or(|a| a == "organisations");
            let is_text = f.get("kind").and_then(serde_json::Value::as_str) == Some("text");
            if is_text && on_orgs && (id == "opening_hours" || name.contains("hours")) {
                f["kind"] = "opening_hours".into();
                hours_fields.push(id);
            }
        }
    }
    if hours_fields.is_empty() {
        return Ok(());
    }
    let mut left: Vec<String> = Vec::new();
    let mut converted = 0usize;
    if let Some(orgs) = file.get_mut("organisations").and_then(serde_json::Value::as_array_mut) {
        for org in orgs {
            let name = org.get("name").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
            let Some(values) = org.get_mut("fields").and_then(serde_json::Value::as_object_mut) else { continue };
            for field in &hours_fields {
                let Some(serde_json::Value::String(text)) = values.get_mut(field.as_str()) else { continue };
                match crate::hours::migrate_free_text(text) {
                    Ok(syntax) => {
                        if *text != syntax {
                            converted += 1;
                        }
                        *text = syntax;
                    }
                    Err(_) => left.push(format!("{name}: '{text}'")),
                }
            }
        }
    }
    if !left.is_empty() {
        warnings.push(format!(
            "Opening hours are now data (file version 2): {converted} converted; {} left as text and \
             counted as unknown until rewritten in the opening-hours syntax (Mo-Fr 09:00-17:00): {}",
            left.len(),
            left.join("; ")
        ));
    }
    Ok(())
}

fn syntax(path: &Path, e: &serde_json::Error) -> LoadError {
    // serde_json appends " at line L column C"; we show the place as a prefix instead.
    let text = e.to_string();
    let message = text.rsplit_once(" at line ").map_or(text.as_str(), |(m, _)| m).to_owned();
    LoadError::Syntax { path: path.to_path_buf(), line: e.line(), column: e.column(), message }
}

/// Reads `format` and `version` alone and says what is wrong with them, if anything; returns
/// the version.
fn check_header(path: &Path, text: &str) -> Result<u64, LoadError> {
    let p = || path.to_path_buf();
    let header: Header = serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            LoadError::WrongFormat {
                path: p(),
                reason: "the file holds JSON, but not an object at the top level".into(),
            }
        } else {
            syntax(path, &e)
        }
    })?;
    match header.format.as_ref().and_then(|v| v.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(LoadError::WrongFormat {
                path: p(),
                reason: format!("its \"format\" is '{other}', expected '{FORMAT}'"),
            });
        }
        None => {
            return Err(LoadError::WrongFormat {
                path: p(),
                reason: format!("it has no \"format\": \"{FORMAT}\" field"),
            });
        }
    }
    let version = header.version.as_ref().and_then(serde_json::Value::as_u64).ok_or_else(|| {
        LoadError::WrongFormat { path: p(), reason: "its \"version\" is missing or not a whole number".into() }
    })?;
    if version > FORMAT_VERSION {
        return Err(LoadError::TooNew { path: p(), found: version, supported: FORMAT_VERSION });
    }
    if version == 0 {
        return Err(LoadError::WrongFormat { path: p(), reason: "version 0 was never written by Patchwork".into() });
    }
    Ok(version)
}

/// Reads an older file through the migration steps, collecting their warnings.
fn migrate(path: &Path, text: &str, version: u64, warnings: &mut Vec<String>) -> Result<Map, LoadError> {
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax(path, &e))?;
    let first = usize::try_from(version.saturating_sub(1)).unwrap_or(usize::MAX);
    for step in MIGRATIONS.iter().skip(first) {
        step(&mut value, warnings).map_err(|reason| LoadError::WrongFormat { path: path.to_path_buf(), reason })?;
    }
    value["version"] = FORMAT_VERSION.into();
    let current = value.to_string();
    let file: FileIn<'_> = serde_json::from_str(&current).map_err(|e| syntax(path, &e))?;
    build_map(path, file)
}

/// The map a parsed file describes, every invariant checked.
fn build_map(path: &Path, file: FileIn<'_>) -> Result<Map, LoadError> {
    let invalid = |source| LoadError::Invalid { path: path.to_path_buf(), source };
    let meta = Meta { title: file.title, description: file.description };
    let mut map = Map::from_parts(meta, file.typology, file.organisations, Vec::new(), file.views).map_err(invalid)?;
    map.reserve_links(file.links.len());
    for l in file.links {
        let link = crate::model::Link {
            id: l.id,
            link_type: l.link_type,
            fields: l.fields,
            notes: l.notes,
            changed: l.changed,
        };
        map.insert_link_between(link, &l.from, &l.to).map_err(invalid)?;
    }
    map.decor = file.decor;
    map.notes = file.notes;
    map.regions = file.regions;
    map.set_journeys(file.journeys).map_err(invalid)?;
    Ok(map)
}

/// Reads and checks a map file.
pub fn load_map(path: &Path) -> Result<Map, LoadError> {
    load_map_warning(path).map(|(map, _)| map)
}

/// Reads and checks a map file; also returns what migrating an older file could not do (for
/// the person opening it), empty for a current file.
pub fn load_map_warning(path: &Path) -> Result<(Map, Vec<String>), LoadError> {
    let io = |source| LoadError::Io { path: path.to_path_buf(), source };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: path.to_path_buf(), size, limit: MAX_FILE_BYTES });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    map_and_warnings_from_bytes(path, &bytes)
}

/// Parses a map from bytes; `path` is only used in error messages.
pub fn map_from_bytes(path: &Path, bytes: &[u8]) -> Result<Map, LoadError> {
    map_and_warnings_from_bytes(path, bytes).map(|(map, _)| map)
}

/// Parses a map from bytes, with the warnings of migrating an older file.
pub fn map_and_warnings_from_bytes(path: &Path, bytes: &[u8]) -> Result<(Map, Vec<String>), LoadError> {
    let p = || path.to_path_buf();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { path: p(), size: bytes.len() as u64, limit: MAX_FILE_BYTES });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = 1 + bytes[..offset].split(|&b| b == b'\n').count() - 1;
        LoadError::NotUtf8 { path: p(), line, offset }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty { path: p() });
    }
    if !text.trim_start().starts_with('{') {
        // Checked first: serde would also read a struct from a JSON array.
        return Err(LoadError::WrongFormat {
            path: p(),
            reason: "a map file is a JSON object, starting with '{'".into(),
        });
    }
    // The common case in one pass: a current-version file read straight into its structs. Only
    // if that fails, or the file is older, is it looked at again to say what is wrong.
    let direct = serde_json::from_str::<FileIn<'_>>(text);
    match direct {
        Ok(file) if file.format == FORMAT && file.version == FORMAT_VERSION => Ok((build_map(path, file)?, Vec::new())),
        other => {
            let version = check_header(path, text)?;
            match other {
                // Versions whose layout the current structs read: a shape error is the file's,
                // reported at its place in the file as written.
                Err(e) if version >= SAME_SHAPE_SINCE => Err(syntax(path, &e)),
                _ => {
                    let mut warnings = Vec::new();
                    let map = migrate(path, text, version, &mut warnings)?;
                    Ok((map, warnings))
                }
            }
        }
    }
}

/// The map as file bytes: pretty JSON with arrays of plain values kept on one line, in a stable
/// order (typology as the user ordered it; organisations and links by id), ending in a newline.
#[must_use]
pub fn map_to_bytes(map: &Map) -> Vec<u8> {
    let file = FileOut::of(map);
    let mut out = Vec::with_capacity(256 * (map.org_count() + map.link_count()) + 16 * 1024);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, super::pretty::MapFormatter::default());
    // Serialising plain data into a Vec cannot fail (no maps with non-string keys, no I/O).
    if file.serialize(&mut ser).is_err() {
        out.clear();
    }
    out.push(b'\n');
    out
}

/// Saves a map atomically, keeping the previous file as `NAME.bak`.
pub fn save_map(map: &Map, path: &Path) -> Result<(), WriteError> {
    write_atomic(path, &map_to_bytes(map), true)
}

/// The layout [`map_to_bytes`] writes in one pass, made the slow way (serde's pretty printer, then
/// a rewrite): kept to check the two agree.
#[cfg(test)]
fn two_pass_bytes(map: &Map) -> Vec<u8> {
    let file = FileOut::of(map);
    let mut out = inline_scalar_arrays(&serde_json::to_vec_pretty(&file).unwrap_or_default());
    out.push(b'\n');
    out
}

/// Rewrites pretty JSON so that arrays holding only strings, numbers, booleans or nulls sit on one
/// line (`"position": [120.0, 40.0]`), which keeps files short and diffs readable.
#[cfg(test)]
fn inline_scalar_arrays(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let mut i = 0;
    while i < json.len() {
        let b = json[i];
        if b == b'"' {
            let end = string_end(json, i);
            out.extend_from_slice(&json[i..end]);
            i = end;
        } else if b == b'[' {
            if let Some(end) = scalar_array_end(json, i) {
                write_inline(&json[i..end], &mut out);
                i = end;
            } else {
                out.push(b);
                i += 1;
            }
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}

/// Index just past the string starting at `start` (which holds `"`).
#[cfg(test)]
fn string_end(json: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < json.len() {
        match json[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    json.len()
}

/// If the array at `start` holds no objects or arrays, the index just past its `]`.
#[cfg(test)]
fn scalar_array_end(json: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < json.len() {
        match json[i] {
            b'"' => i = string_end(json, i),
            b'[' | b'{' => return None,
            b']' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Copies a scalar-only array, dropping the pretty printer's newlines and indentation.
#[cfg(test)]
fn write_inline(array: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < array.len() {
        match array[i] {
            b'"' => {
                let end = string_end(array, i);
                out.extend_from_slice(&array[i..end]);
                i = end;
            }
            b'\n' | b' ' => i += 1,
            b',' => {
                out.extend_from_slice(b", ");
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_arrays_go_on_one_line() {
        let pretty = b"{\n  \"a\": [\n    1.0,\n    2.5\n  ],\n  \"b\": [\n    {\n      \"c\": [\n        \"x, ]\",\n        \"y\"\n      ]\n    }\n  ],\n  \"e\": []\n}";
        let out = String::from_utf8(inline_scalar_arrays(pretty)).unwrap();
        assert_eq!(
            out,
            "{\n  \"a\": [1.0, 2.5],\n  \"b\": [\n    {\n      \"c\": [\"x, ]\", \"y\"]\n    }\n  ],\n  \"e\": []\n}"
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["b"][0]["c"][0], "x, ]");
    }

    #[test]
    fn new_map_round_trips_byte_for_byte() {
        let map = Map::new();
        let bytes = map_to_bytes(&map);
        let back = map_from_bytes(Path::new("new.json"), &bytes).unwrap();
        assert_eq!(back, map);
        assert_eq!(map_to_bytes(&back), bytes);
    }

    #[test]
    fn one_pass_layout_matches_the_pretty_printer_and_rewrite() {
        let mut maps = vec![crate::example_map().unwrap(), Map::new(), crate::generate::generate_map(300, 9)];
        // Awkward content: brackets and escapes in strings, empty lists, notes and regions.
        let mut odd = crate::generate::generate_map(20, 2);
        let mut org = odd.organisations_sorted()[0].clone();
        org.name = "A [b], \"c\" {d}\n\u{1F600}".into();
        org.tags = vec!["x, ]".into(), String::new()];
        odd.replace_organisation(org).unwrap();
        odd.notes.push(crate::model::StickyNote {
            id: "n1".into(),
            text: "[1, 2]".into(),
            position: [1.0, -2.5],
            changed: None,
        });
        odd.regions.push(crate::model::Region {
            label: "R".into(),
            colour: crate::model::Colour::rgb(1, 2, 3),
            members: vec![],
            changed: None,
        });
        let first = odd.organisations_sorted()[0].id.clone();
        let mut journey = crate::model::Journey::new(
            crate::model::JourneyId::new("j1"),
            "Sam [1]",
            crate::model::CrisisEpisode::Repeat,
            crate::model::Colour::rgb(0xD5, 0x5E, 0x00),
        );
        let mut step = crate::model::JourneyStep::new(crate::model::StepId::new("s1"), first);
        step.at = crate::model::StepTime::new(6, 2, 0);
        step.when = "week 1".into();
        journey.steps.push(step);
        odd.set_journeys(vec![journey]).unwrap();
        maps.push(odd);
        for map in &maps {
            let one = map_to_bytes(map);
            assert_eq!(String::from_utf8_lossy(&one), String::from_utf8_lossy(&two_pass_bytes(map)));
        }
    }

    #[test]
    fn link_ends_with_escapes_and_dangling_ends_are_read_right() {
        let mut map = crate::generate::generate_map(3, 1);
        map.insert_link(crate::model::LinkRecord::new(
            crate::model::LinkId::new("x"),
            crate::model::OrgId::new("o1"),
            crate::model::OrgId::new("o2"),
            crate::model::TypeId::new("partnership"),
        ))
        .unwrap();
        let text = String::from_utf8(map_to_bytes(&map)).unwrap();
        // The same id written with an escape is the same id.
        let escaped = text.replace("\"from\": \"o1\"", "\"from\": \"o\\u0031\"");
        assert_ne!(escaped, text);
        let loaded = map_from_bytes(Path::new("e.json"), escaped.as_bytes()).unwrap();
        assert_eq!(loaded, map);
        let dangling = text.replace("\"to\": \"o2\"", "\"to\": \"o99\"");
        let err = map_from_bytes(Path::new("d.json"), dangling.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("d.json: ") && err.contains("o99"), "{err}");
    }
}
