//! Kumu JSON blueprints: `{"elements": [...], "connections": [...]}`, with attributes either
//! flat or under `"attributes"` (as Kumu's full export writes them). Positions and pinned flags
//! come from `"maps"` (Kumu's project export and Patchwork's blueprint export): each map element
//! `{"element": id, "position": {"x", "y"}, "pinned"}` places the element with that `_id`; the
//! project's `defaultMap` is used when given, else the first map. A `sensitive` attribute
//! (true/false, yes/no) sets the sensitive flag; any other value counts as sensitive, so a
//! misspelt flag never exposes an organisation.

use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool, split_multi};
use crate::model::MapPos;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(items.iter().filter_map(text).collect::<Vec<_>>().join(" | ")),
        _ => None,
    }
}

/// An attribute's value as text; an object (which has none) is noted in `skipped` as left out.
fn value_text(v: &Value, origin: &str, raw_key: &str, skipped: &mut Vec<String>) -> Option<String> {
    let s = text(v);
    if s.is_none() && v.is_object() {
        skipped.push(format!("{origin}: {raw_key} holds an object, not a value; left out"));
    }
    s
}

/// Flattens `{"_id": .., "attributes": {..}}` and plain objects into (lower-case key, key, value).
fn entries(obj: &serde_json::Map<String, Value>) -> Vec<(String, String, Value)> {
    let mut out: Vec<(String, String, Value)> = obj
        .iter()
        .filter(|(k, _)| k.as_str() != "attributes")
        .map(|(k, v)| (k.to_lowercase(), k.clone(), v.clone()))
        .collect();
    if let Some(Value::Object(attrs)) = obj.get("attributes") {
        out.extend(attrs.iter().map(|(k, v)| (k.to_lowercase(), k.clone(), v.clone())));
    }
    out
}

/// Where one map of the blueprint places its elements: element id → (position, pinned). A
/// position that cannot be read is said in `report`.
fn placements(doc: &Value, report: &mut Vec<String>) -> HashMap<String, (Option<MapPos>, Option<bool>)> {
    let Some(maps) = doc.get("maps").and_then(Value::as_array) else { return HashMap::new() };
    let default = doc.get("defaultMap").and_then(Value::as_str);
    let chosen = default
        .and_then(|id| maps.iter().find(|m| m.get("_id").and_then(Value::as_str) == Some(id)))
        .or_else(|| maps.first());
    let Some(entries) = chosen.and_then(|m| m.get("elements")).and_then(Value::as_array) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for e in entries {
        let Some(id) = e.get("element").and_then(Value::as_str) else { continue };
        let coordinate = |axis: &str| {
            // Positions are f32 in a map; Kumu's are f64 of the same magnitude.
            #[allow(clippy::cast_possible_truncation)]
            let v = e.get("position")?.get(axis)?.as_f64()? as f32;
            v.is_finite().then_some(v)
        };
        let position = coordinate("x").zip(coordinate("y")).map(|(x, y)| [x, y]);
        if let (None, Some(given)) = (position, e.get("position")) {
            report.push(format!(
                "element {id}: position {given} is not two numbers a map can hold, so it is placed beside the map"
            ));
        }
        let pinned = e.get("pinned").and_then(Value::as_bool);
        out.insert(id.to_owned(), (position, pinned));
    }
    out
}

/// Reads a Kumu JSON blueprint.
pub fn read_kumu(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    // Windows tools save JSON with a UTF-8 byte-order mark, which serde_json refuses ("expected value").
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| ImportError::Malformed {
        path: path.to_path_buf(),
        place: format!("line {}, column {}", e.line(), e.column()),
        message: e.to_string().rsplit_once(" at line ").map_or_else(|| e.to_string(), |(m, _)| m.to_owned()),
    })?;
    if doc.get("format").and_then(Value::as_str) == Some(crate::io::FORMAT) {
        return Err(ImportError::Unusable {
            message: "this is a Patchwork map: open it with File › Open instead".into(),
            path: path.to_path_buf(),
        });
    }
    let (Some(elements), connections) =
        (doc.get("elements").and_then(Value::as_array), doc.get("connections").and_then(Value::as_array))
    else {
        return Err(ImportError::Unusable {
            message: "not a Kumu blueprint (no \"elements\" list)".into(),
            path: path.to_path_buf(),
        });
    };
    let mut imported = Imported::default();
    let placed = placements(&doc, &mut imported.skipped);
    for (i, e) in elements.iter().enumerate() {
        let origin = format!("element {}", i + 1);
        let Some(obj) = e.as_object() else {
            imported.skipped_orgs.push(format!("{origin}: not an object"));
            continue;
        };
        let mut org = ImportedOrg { origin: origin.clone(), ..ImportedOrg::default() };
        for (key, raw_key, v) in entries(obj) {
            let Some(s) = value_text(&v, &origin, &raw_key, &mut imported.skipped) else { continue };
            match key.as_str() {
                "_id" | "id" => org.id = Some(s),
                "label" | "name" => org.label = s,
                "type" | "element type" => org.type_name = Some(s).filter(|t| !t.is_empty()),
                "description" | "notes" => org.notes = Some(s),
                "tags" => org.tags = Some(split_multi(&s)),
                // A value that is neither yes nor no fails closed: the organisation stays protected.
                "sensitive" => org.sensitive = Some(parse_bool(&s).unwrap_or(true)),
                _ => org.fields.push((raw_key, s)),
            }
        }
        if let Some((position, pinned)) = org.id.as_ref().and_then(|id| placed.get(id)) {
            org.position = *position;
            org.pinned = *pinned;
        }
        if org.label.trim().is_empty() {
            imported.skipped_orgs.push(format!("{origin}: no label"));
            continue;
        }
        imported.orgs.push(org);
    }
    for (i, c) in connections.into_iter().flatten().enumerate() {
        let origin = format!("connection {}", i + 1);
        let Some(obj) = c.as_object() else {
            imported.skipped_links.push(format!("{origin}: not an object"));
            continue;
        };
        let mut link = ImportedLink { origin: origin.clone(), ..ImportedLink::default() };
        let (mut from_id, mut to_id) = (None, None);
        for (key, raw_key, v) in entries(obj) {
            let Some(s) = value_text(&v, &origin, &raw_key, &mut imported.skipped) else { continue };
            match key.as_str() {
                "_id" | "id" => link.id = Some(s),
                "from" => link.from = s,
                "to" => link.to = s,
                "_from_id" => from_id = Some(s),
                "_to_id" => to_id = Some(s),
                "type" | "connection type" => link.type_name = Some(s).filter(|t| !t.is_empty()),
                "direction" => link.directed = Some(!matches!(s.as_str(), "undirected" | "mutual")),
                "description" | "notes" => link.notes = Some(s),
                _ => link.fields.push((raw_key, s)),
            }
        }
        if let Some(f) = from_id {
            link.from = f;
        }
        if let Some(t) = to_id {
            link.to = t;
        }
        if link.from.is_empty() || link.to.is_empty() {
            imported.skipped_links.push(format!("{origin}: needs both from and to"));
            continue;
        }
        imported.links.push(link);
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_values_that_cannot_be_kept_are_reported() {
        let doc = br#"{"elements": [{"_id": "e1", "label": "One", "attributes": {"area": {"nested": 1}}},
                                    {"_id": "e2", "label": "Two"}, {"_id": "e3", "label": "Three"}],
                       "connections": [{"from": "One", "to": "Two", "weight": {"v": 2}}],
                       "maps": [{"elements": [{"element": "e1", "position": {"x": "a", "y": 1}},
                                              {"element": "e2", "position": {"x": 1e300, "y": 0}},
                                              {"element": "e3", "position": {"x": 5, "y": 6}}]}]}"#;
        let r = read_kumu(Path::new("k.json"), doc).unwrap();
        assert_eq!(
            r.skipped,
            [
                r#"element e1: position {"x":"a","y":1} is not two numbers a map can hold, so it is placed beside the map"#,
                r#"element e2: position {"x":1e+300,"y":0} is not two numbers a map can hold, so it is placed beside the map"#,
                "element 1: area holds an object, not a value; left out",
                "connection 1: weight holds an object, not a value; left out",
            ]
        );
        assert_eq!(r.orgs[2].position, Some([5.0, 6.0]));
    }

    #[test]
    fn a_byte_order_mark_is_read_past() {
        let doc = "\u{feff}{\"elements\": [{\"label\": \"One\"}]}";
        let r = read_kumu(Path::new("k.json"), doc.as_bytes()).unwrap();
        assert_eq!(r.orgs[0].label, "One");
    }

    #[test]
    fn positions_come_from_the_default_map_else_the_first() {
        let doc = br#"{"defaultMap": "map-b",
            "elements": [{"_id": "e1", "attributes": {"label": "One", "sensitive": "no"}}, {"_id": "e2", "label": "Two"}],
            "maps": [
              {"_id": "map-a", "elements": [{"element": "e1", "position": {"x": 1, "y": 2}, "pinned": true}]},
              {"_id": "map-b", "elements": [{"element": "e1", "position": {"x": 10.5, "y": -20}, "pinned": false},
                                            {"element": "e2", "position": {"x": "bad"}}]}]}"#;
        let r = read_kumu(Path::new("k.json"), doc).unwrap();
        assert_eq!(r.orgs[0].position, Some([10.5, -20.0]));
        assert_eq!(r.orgs[0].pinned, Some(false));
        assert_eq!(r.orgs[0].sensitive, Some(false));
        assert_eq!(r.orgs[1].position, None, "a position that is not a number is left out");
        assert_eq!(r.orgs[1].sensitive, None);
        let first = br#"{"elements": [{"_id": "e1", "label": "One"}],
            "maps": [{"_id": "m", "elements": [{"element": "e1", "position": {"x": 1, "y": 2}, "pinned": true}]}]}"#;
        let r = read_kumu(Path::new("k.json"), first).unwrap();
        assert_eq!((r.orgs[0].position, r.orgs[0].pinned), (Some([1.0, 2.0]), Some(true)));
    }
}
