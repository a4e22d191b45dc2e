//! Data exports: CSV (Kumu-compatible columns), Kumu JSON, Graphviz DOT, the typology table
//! (Markdown and CSV) and the plain-text description (alt text) of a figure.

use crate::formats::csv_safe;
use crate::model::{AppliesTo, FieldValue, Map};
use std::collections::BTreeMap;
use std::fmt::Write;

fn csv_bytes(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(row);
    }
    w.into_inner().unwrap_or_default()
}

/// The analysis's per-organisation table ([`crate::analysis::metrics_rows`]) as CSV for other
/// tools, formula-safe (the ID, name and type columns are text).
#[must_use]
pub fn metrics_csv(map: &Map, analysis: &crate::analysis::Analysis) -> Vec<u8> {
    let rows = crate::analysis::metrics_rows(map, analysis)
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            if i > 0 {
                for cell in row.iter_mut().take(3) {
                    *cell = csv_safe(cell);
                }
            }
            row
        })
        .collect();
    csv_bytes(rows)
}

/// The UTF-8 byte-order mark that tells Excel (Windows) a CSV file is UTF-8; without it Excel
/// reads the file in the system's code page and shows "cafÃ©" for "café". Patchwork's CSV import
/// strips it.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` with [`UTF8_BOM`] in front (once: bytes that already start with it are returned as
/// they are).
#[must_use]
pub fn with_bom(bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(UTF8_BOM) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + UTF8_BOM.len());
    out.extend_from_slice(UTF8_BOM);
    out.extend_from_slice(&bytes);
    out
}

/// One cell of the organisations or links table that the CSV and XLSX exports write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableCell {
    /// Text exactly as in the map (not yet made formula-safe: the CSV writer does that).
    Text(String),
    /// A number, as the shortest decimal text that reads back as the same value.
    Number(String),
}

impl TableCell {
    /// The cell as a CSV writes it: text through [`csv_safe`], numbers as they are.
    #[must_use]
    pub fn to_csv(&self) -> String {
        match self {
            TableCell::Text(s) => csv_safe(s),
            TableCell::Number(n) => n.clone(),
        }
    }
}

fn text(s: &str) -> TableCell {
    TableCell::Text(s.to_owned())
}

fn value_table_cell(v: Option<&FieldValue>) -> TableCell {
    match v {
        None => TableCell::Text(String::new()),
        // Numbers stay numbers: a spreadsheet does not run "-3.5" as a formula.
        Some(FieldValue::Number(n)) => TableCell::Number(format!("{n}")),
        Some(v) => TableCell::Text(v.display()),
    }
}

fn csv_from_table(table: &[Vec<TableCell>]) -> Vec<u8> {
    csv_bytes(table.iter().map(|row| row.iter().map(TableCell::to_csv).collect()).collect())
}

/// The "Changed by" and "Changed at" cells of an item's stamp (empty when it has none).
fn stamp_cells(changed: Option<&crate::model::Provenance>) -> [TableCell; 2] {
    changed.map_or_else(|| [text(""), text("")], |p| [TableCell::Text(p.by.clone()), TableCell::Text(p.at_rfc3339())])
}

/// The organisations table: a header (Label, Type, Description, Tags as Kumu names them, one
/// column per field, then ID, X, Y, Pinned, Sensitive so a re-import merges and keeps the
/// layout; then, if any item of the map has a stamp, Changed by and Changed at) and one row per
/// organisation, in the map's order.
#[must_use]
pub fn organisations_table(map: &Map) -> Vec<Vec<TableCell>> {
    let t = map.typology();
    let fields: Vec<_> = t.fields_for(AppliesTo::Organisations).collect();
    let mut header: Vec<TableCell> = ["Label", "Type", "Description", "Tags"].map(text).to_vec();
    header.extend(fields.iter().map(|f| text(&f.name)));
    header.extend(["ID", "X", "Y", "Pinned", "Sensitive"].map(text));
    let stamps = map.has_stamps();
    if stamps {
        header.extend(crate::formats::CHANGED_COLUMNS.map(text));
    }
    let mut rows = vec![header];
    for o in map.organisations_sorted() {
        let type_name = t.org_type(&o.org_type).map_or_else(|| o.org_type.to_string(), |ty| ty.name.clone());
        let mut row =
            vec![text(&o.name), TableCell::Text(type_name), text(&o.notes), TableCell::Text(o.tags.join(" | "))];
        row.extend(fields.iter().map(|f| value_table_cell(o.fields.get(&f.id))));
        row.extend([
            text(o.id.as_str()),
            TableCell::Number(format!("{}", o.position[0])),
            TableCell::Number(format!("{}", o.position[1])),
            text(if o.pinned { "yes" } else { "no" }),
            text(if o.sensitive { "yes" } else { "no" }),
        ]);
        if stamps {
            row.extend(stamp_cells(o.changed.as_ref()));
        }
        rows.push(row);
    }
    rows
}

/// Organisations as CSV: [`organisations_table`], formula-safe.
#[must_use]
pub fn organisations_csv(map: &Map) -> Vec<u8> {
    csv_from_table(&organisations_table(map))
}

/// The links table: a header (From, To as organisation labels, Type, Direction, Label, then
/// Description, one column per link field, and ID, From ID, To ID for an exact re-import; then,
/// if any item of the map has a stamp, Changed by and Changed at) and one row per link.
#[must_use]
pub fn links_table(map: &Map) -> Vec<Vec<TableCell>> {
    let t = map.typology();
    let fields: Vec<_> = t.fields_for(AppliesTo::Links).collect();
    let mut header: Vec<TableCell> = ["From", "To", "Type", "Direction", "Label", "Description"].map(text).to_vec();
    header.extend(fields.iter().map(|f| text(&f.name)));
    header.extend(["ID", "From ID", "To ID"].map(text));
    let stamps = map.has_stamps();
    if stamps {
        header.extend(crate::formats::CHANGED_COLUMNS.map(text));
    }
    let mut rows = vec![header];
    let name = |id: &crate::model::OrgId| map.org(id).map_or_else(|| id.to_string(), |o| o.name.clone());
    for l in map.link_records() {
        let lt = t.link_type(&l.link_type);
        let type_name = lt.map_or_else(|| l.link_type.to_string(), |ty| ty.name.clone());
        let direction = if lt.is_some_and(|ty| ty.directed) { "directed" } else { "undirected" };
        let mut row = vec![
            TableCell::Text(name(&l.from)),
            TableCell::Text(name(&l.to)),
            text(&type_name),
            text(direction),
            TableCell::Text(type_name),
            text(&l.notes),
        ];
        row.extend(fields.iter().map(|f| value_table_cell(l.fields.get(&f.id))));
        row.extend([text(l.id.as_str()), text(l.from.as_str()), text(l.to.as_str())]);
        if stamps {
            row.extend(stamp_cells(l.changed.as_ref()));
        }
        rows.push(row);
    }
    rows
}

/// Links as CSV: [`links_table`], formula-safe.
#[must_use]
pub fn links_csv(map: &Map) -> Vec<u8> {
    csv_from_table(&links_table(map))
}

/// The typology for a report appendix, as Markdown: organisation types with definitions and
/// counts, link types, and fields with their options.
#[must_use]
pub fn typology_markdown(map: &Map) -> String {
    let t = map.typology();
    let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = format!(
        "# Typology: {}\n\n## Organisation types\n\n| Type | Definition | Count |\n| --- | --- | ---: |\n",
        cell(&map.meta.title)
    );
    for ot in &t.org_types {
        let _ = writeln!(out, "| {} | {} | {} |", cell(&ot.name), cell(&ot.definition), map.members_of(&ot.id).count());
    }
    out.push_str("\n## Link types\n\n| Type | Definition | Directed | Count |\n| --- | --- | --- | ---: |\n");
    let mut link_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for l in map.graph().edge_weights() {
        *link_counts.entry(l.link_type.as_str()).or_default() += 1;
    }
    for lt in &t.link_types {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&lt.name),
            cell(&lt.definition),
            if lt.directed { "yes" } else { "no" },
            link_counts.get(lt.id.as_str()).copied().unwrap_or(0)
        );
    }
    out.push_str("\n## Fields\n\n| Field | Kind | Options | Description |\n| --- | --- | --- | --- |\n");
    for f in &t.fields {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&f.name),
            f.kind.label(),
            cell(&f.options.join(", ")),
            cell(&f.description)
        );
    }
    out
}

/// The organisation types as CSV: Type, Definition, Count.
#[must_use]
pub fn typology_csv(map: &Map) -> Vec<u8> {
    let mut rows = vec![vec!["Type".to_owned(), "Definition".to_owned(), "Count".to_owned()]];
    for ot in &map.typology().org_types {
        rows.push(vec![csv_safe(&ot.name), csv_safe(&ot.definition), map.members_of(&ot.id).count().to_string()]);
    }
    csv_bytes(rows)
}

/// Longest piece of a DOT string: Graphviz's lexer refuses a quoted string over 16,384 bytes
/// ("longer than 16384?"), so longer text is written as pieces joined with DOT's `+`.
const DOT_PIECE_BYTES: usize = 8192;

/// A DOT string literal. NUL is left out: Graphviz reads strings as C strings, and a NUL in a
/// name (possible in a map file) made `dot` stop with a syntax error. Text over
/// [`DOT_PIECE_BYTES`] is split into quoted pieces joined by `+`, which Graphviz concatenates.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut piece_start = out.len();
    for c in s.chars() {
        let mut buf = [0u8; 4];
        let escaped: &str = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' | '\r' => "\\n",
            '\0' => "",
            c => c.encode_utf8(&mut buf),
        };
        if out.len() - piece_start + escaped.len() > DOT_PIECE_BYTES {
            out.push_str("\" + \"");
            piece_start = out.len();
        }
        out.push_str(escaped);
    }
    out.push('"');
    out
}

/// The Graphviz shape for a marker shape: only names Graphviz knows (its "Node Shapes" list).
/// Graphviz has no plus-shaped cross: the cross becomes `Msquare` (a box with short diagonals
/// across its corners), which no other shape uses, so types stay apart.
#[must_use]
pub fn dot_shape(shape: crate::model::Shape) -> &'static str {
    use crate::model::Shape;
    match shape {
        Shape::Circle => "ellipse",
        Shape::Square => "box",
        Shape::Diamond => "diamond",
        Shape::Triangle => "triangle",
        Shape::TriangleDown => "invtriangle",
        Shape::Pentagon => "pentagon",
        Shape::Hexagon => "hexagon",
        Shape::Octagon => "octagon",
        Shape::Star => "star",
        Shape::Cross => "Msquare",
    }
}

/// The map as Graphviz DOT, with positions (`pos`, for `neato -n`), colours and shapes. Every
/// shape, style and colour is one Graphviz knows, so `dot` prints no warning; an organisation or
/// link whose type is missing gets grey.
#[must_use]
pub fn dot(map: &Map) -> String {
    const GREY: &str = "#888888";
    let t = map.typology();
    let mut out = format!(
        "// Created by {}\ndigraph {} {{\n  graph [label={}, overlap=false];\n  node [style=filled, fontname=\"DejaVu Sans\"];\n",
        crate::CREATOR,
        dot_str("patchwork"),
        dot_str(&map.meta.title)
    );
    for o in map.organisations_sorted() {
        let ty = t.org_type(&o.org_type);
        let shape = dot_shape(ty.map_or(crate::model::Shape::Circle, |t| t.shape));
        let _ = writeln!(
            out,
            "  {} [label={}, shape={shape}, fillcolor={}, type={}, pos=\"{},{}!\"];",
            dot_str(o.id.as_str()),
            dot_str(&o.name),
            dot_str(&ty.map_or_else(|| GREY.to_owned(), |t| t.colour.to_hex())),
            dot_str(o.org_type.as_str()),
            o.position[0],
            -o.position[1]
        );
    }
    for l in map.link_records() {
        let lt = t.link_type(&l.link_type);
        let style = match lt.map(|t| t.style) {
            Some(crate::model::LineStyle::Dashed) => "dashed",
            Some(crate::model::LineStyle::Dotted) => "dotted",
            _ => "solid",
        };
        let dir = if lt.is_some_and(|t| t.directed) { "forward" } else { "none" };
        let _ = writeln!(
            out,
            "  {} -> {} [type={}, style={style}, dir={dir}, color={}];",
            dot_str(l.from.as_str()),
            dot_str(l.to.as_str()),
            dot_str(l.link_type.as_str()),
            dot_str(&lt.map_or_else(|| GREY.to_owned(), |t| t.colour.to_hex()))
        );
    }
    out.push_str("}\n");
    out
}

/// The element attribute of a Kumu blueprint carrying Patchwork's sensitive flag (boolean).
pub const KUMU_SENSITIVE: &str = "sensitive";

/// The `_id` of the one map a Kumu blueprint export holds.
pub const KUMU_MAP_ID: &str = "map-patchwork";

/// The map as a Kumu JSON blueprint: elements and connections, with field values as attributes
/// and each organisation's `sensitive` flag as a boolean attribute (so a Kumu round trip keeps
/// redaction protecting it). Positions and pinned flags go where Kumu's own project export keeps
/// them: one entry of `"maps"` whose `"elements"` place each element
/// (`{"element": id, "position": {"x", "y"}, "pinned"}`) and whose `"connections"` list every
/// connection; a plain blueprint import in Kumu reads the elements and connections.
#[must_use]
pub fn kumu_json(map: &Map) -> String {
    use serde_json::{Map as Obj, Value, json};
    let t = map.typology();
    let orgs = map.organisations_sorted();
    let elements: Vec<Value> = orgs
        .iter()
        .map(|o| {
            let mut e = Obj::new();
            e.insert("_id".into(), json!(o.id.as_str()));
            e.insert("label".into(), json!(o.name));
            e.insert("type".into(), json!(t.org_type(&o.org_type).map_or(o.org_type.as_str(), |ty| ty.name.as_str())));
            e.insert("description".into(), json!(o.notes));
            e.insert("tags".into(), json!(o.tags));
            e.insert(KUMU_SENSITIVE.into(), json!(o.sensitive));
            for (f, v) in &o.fields {
                let name = t.field(f).map_or_else(|| f.to_string(), |d| d.name.clone());
                e.insert(name, serde_json::to_value(v).unwrap_or(Value::Null));
            }
            Value::Object(e)
        })
        .collect();
    let placed: Vec<Value> = orgs
        .iter()
        .map(|o| {
            json!({
                "_id": format!("node-{}", o.id),
                "element": o.id.as_str(),
                "position": { "x": o.position[0], "y": o.position[1] },
                "pinned": o.pinned,
            })
        })
        .collect();
    let name = |id: &crate::model::OrgId| map.org(id).map_or_else(|| id.to_string(), |o| o.name.clone());
    let connections: Vec<Value> = map
        .link_records()
        .into_iter()
        .map(|l| {
            let lt = t.link_type(&l.link_type);
            let mut c = json!({
                "_id": l.id.as_str(),
                "from": name(&l.from),
                "to": name(&l.to),
                "_from_id": l.from.as_str(),
                "_to_id": l.to.as_str(),
                "type": lt.map_or(l.link_type.as_str(), |ty| ty.name.as_str()),
                "direction": if lt.is_some_and(|ty| ty.directed) { "directed" } else { "undirected" },
                "description": l.notes,
            });
            if let Some(obj) = c.as_object_mut() {
                for (f, v) in &l.fields {
                    let name = t.field(f).map_or_else(|| f.to_string(), |d| d.name.clone());
                    obj.insert(name, serde_json::to_value(v).unwrap_or(Value::Null));
                }
            }
            c
        })
        .collect();
    let edges: Vec<Value> = map
        .link_records()
        .iter()
        .map(|l| json!({ "_id": format!("edge-{}", l.id), "connection": l.id.as_str() }))
        .collect();
    let maps = json!([{
        "_id": KUMU_MAP_ID,
        "name": map.meta.title,
        "elements": placed,
        "connections": edges,
    }]);
    let doc = json!({ "elements": elements, "connections": connections, "maps": maps });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// A plain-text description of a figure for accessible reports: what it shows, counts by type,
/// the most connected organisations and the isolated ones.
#[must_use]
pub fn alt_text(map: &Map, shown: &crate::scene::Scene) -> String {
    let mut out = format!(
        "Network map \"{}\": {} organisations and {} links.\n",
        map.meta.title,
        shown.nodes.len(),
        shown.edges.len()
    );
    if !shown.legend_org_types.is_empty() {
        let parts: Vec<String> = shown.legend_org_types.iter().map(|t| format!("{} {}", t.count, t.name)).collect();
        let _ = writeln!(out, "Organisations by type: {}.", parts.join("; "));
    }
    if !shown.legend_link_types.is_empty() {
        let parts: Vec<String> = shown.legend_link_types.iter().map(|t| format!("{} {}", t.count, t.name)).collect();
        let _ = writeln!(out, "Links by type: {}.", parts.join("; "));
    }
    let mut degree: BTreeMap<&crate::model::OrgId, usize> = shown.nodes.iter().map(|n| (&n.id, 0)).collect();
    for e in &shown.edges {
        *degree.entry(&e.from).or_default() += 1;
        *degree.entry(&e.to).or_default() += 1;
    }
    let name = |id: &crate::model::OrgId| map.org(id).map_or_else(|| id.to_string(), |o| o.name.clone());
    let mut ranked: Vec<(&crate::model::OrgId, usize)> =
        degree.iter().map(|(k, v)| (*k, *v)).filter(|(_, d)| *d > 0).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| name(a.0).cmp(&name(b.0))));
    if !ranked.is_empty() {
        let top: Vec<String> = ranked.iter().take(5).map(|(id, d)| format!("{} ({d} links)", name(id))).collect();
        let _ = writeln!(out, "Most connected: {}.", top.join(", "));
    }
    let mut isolated: Vec<String> = degree.iter().filter(|(_, d)| **d == 0).map(|(id, _)| name(id)).collect();
    isolated.sort();
    if isolated.is_empty() {
        out.push_str("No organisation is isolated.\n");
    } else {
        let _ = writeln!(out, "Isolated (no links shown): {}.", isolated.join(", "));
    }
    // Journeys drawn, step by step, as the numbered discs read.
    for j in &shown.journeys {
        let steps: Vec<String> = j.badges.iter().map(|b| format!("{}. {}", b.number, name(&b.org))).collect();
        let _ = writeln!(out, "Journey \"{}\" ({}): {}.", j.name, j.episode.label(), steps.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_csv_has_a_row_per_organisation_and_safe_names() {
        let mut map = crate::example_map().unwrap();
        let first = map.organisations().next().unwrap().id.clone();
        let mut org = map.org(&first).unwrap().clone();
        org.name = "=HYPERLINK(\"x\")".into();
        map.replace_organisation(org).unwrap();
        let csv = String::from_utf8(metrics_csv(&map, &crate::analysis::analyse(&map))).unwrap();
        assert_eq!(csv.lines().count(), 41);
        assert!(csv.starts_with("ID,Name,Type,Degree"));
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
    }

    #[test]
    fn dot_leaves_out_nul_which_graphviz_cannot_read() {
        let mut map = crate::example_map().unwrap();
        map.meta.title = "title\0".into();
        let first = map.organisations().next().unwrap().id.clone();
        let mut org = map.org(&first).unwrap().clone();
        org.name = "nul\0byte \"q\" \\".into();
        map.replace_organisation(org).unwrap();
        let dot = dot(&map);
        assert!(!dot.contains('\0'));
        assert!(dot.contains(r#"label="nulbyte \"q\" \\""#), "{dot}");
    }

    #[test]
    fn dot_writes_long_text_in_pieces_graphviz_can_read() {
        let name = format!("{}\"é{}", "A".repeat(20_000), "B".repeat(20_000));
        let quoted = dot_str(&name);
        let pieces: Vec<&str> = quoted.split("\" + \"").collect();
        assert!(pieces.len() >= 5, "{}", pieces.len());
        assert!(pieces.iter().all(|p| p.len() <= DOT_PIECE_BYTES + 1), "each piece under Graphviz's 16,384 bytes");
        // Joined again, the pieces are the one escaped string.
        assert_eq!(pieces.concat(), format!("\"{}\\\"é{}\"", "A".repeat(20_000), "B".repeat(20_000)));
        assert_eq!(dot_str("short"), "\"short\"");
    }

    #[test]
    fn csv_has_kumu_columns_and_one_row_per_item() {
        let map = crate::example_map().unwrap();
        let orgs = String::from_utf8(organisations_csv(&map)).unwrap();
        assert!(orgs.starts_with("Label,Type,Description,Tags,Mental-health focus"));
        let mut r = csv::Reader::from_reader(orgs.as_bytes());
        assert_eq!(r.records().count(), 40);
        let links = String::from_utf8(links_csv(&map)).unwrap();
        assert!(links.starts_with("From,To,Type,Direction,Label"));
    }

    #[test]
    fn alt_text_names_isolated_and_most_connected() {
        let map = crate::example_map().unwrap();
        let scene = crate::scene::build(&map, &crate::scene::SceneOptions::default());
        let text = alt_text(&map, &scene);
        assert!(text.contains("40 organisations and 72 links"));
        assert!(text.contains("Most connected:"));
        assert!(text.contains("Isolated (no links shown):"));
        assert!(text.contains("St Mary"));
    }

    #[test]
    fn byte_order_mark_is_added_once() {
        let once = with_bom(b"Label\r\n".to_vec());
        assert_eq!(once, b"\xEF\xBB\xBFLabel\r\n");
        assert_eq!(with_bom(once.clone()), once);
    }

    #[test]
    fn every_shape_has_a_graphviz_name() {
        // From Graphviz's list of polygon-based node shapes.
        let known = [
            "box",
            "polygon",
            "ellipse",
            "oval",
            "circle",
            "point",
            "egg",
            "triangle",
            "plaintext",
            "plain",
            "diamond",
            "trapezium",
            "parallelogram",
            "house",
            "pentagon",
            "hexagon",
            "septagon",
            "octagon",
            "doublecircle",
            "doubleoctagon",
            "tripleoctagon",
            "invtriangle",
            "invtrapezium",
            "invhouse",
            "Mdiamond",
            "Msquare",
            "Mcircle",
            "rect",
            "rectangle",
            "square",
            "star",
            "none",
            "underline",
            "cylinder",
            "note",
            "tab",
            "folder",
            "box3d",
            "component",
        ];
        let names: Vec<&str> = crate::model::Shape::ALL.iter().map(|s| dot_shape(*s)).collect();
        for n in &names {
            assert!(known.contains(n), "{n}");
        }
        let mut distinct = names.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), names.len(), "each shape stays apart: {names:?}");
    }

    #[test]
    fn kumu_blueprint_carries_sensitive_positions_and_pinned() {
        let map = crate::example_map().unwrap();
        let doc: serde_json::Value = serde_json::from_str(&kumu_json(&map)).unwrap();
        let elements = doc["elements"].as_array().unwrap();
        let rainbow = elements.iter().find(|e| e["_id"] == "o22").unwrap();
        assert_eq!(rainbow[KUMU_SENSITIVE], true);
        let placed = doc["maps"][0]["elements"].as_array().unwrap();
        let o1 = map.org(&crate::model::OrgId::new("o1")).unwrap();
        let p = placed.iter().find(|e| e["element"] == "o1").unwrap();
        assert!((p["position"]["x"].as_f64().unwrap() - f64::from(o1.position[0])).abs() < 1e-3);
        assert_eq!(p["pinned"], o1.pinned);
        assert_eq!(doc["maps"][0]["_id"], KUMU_MAP_ID);
    }
}
