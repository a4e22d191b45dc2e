//! CSV in Kumu's layout: an elements sheet (Label, Type, Description, Tags, ...) or a
//! connections sheet (From, To, Type, Direction, ...). Headers are matched case-insensitively;
//! any other column is a field.

use super::{ImportError, Imported, ImportedLink, ImportedOrg, parse_bool, split_multi};
use crate::export::data::csv_unsafe;
use std::path::Path;

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// Reads one CSV file: links if it has From and To columns, else organisations.
// One linear pass over the format's structure; splitting it would scatter the format.
#[allow(clippy::too_many_lines)]
pub fn read_csv(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    let malformed =
        |place: String, message: String| ImportError::Malformed { path: path.to_path_buf(), place, message };
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| malformed("line 1".into(), e.to_string()))?
        .iter()
        .map(|h| csv_unsafe(h.trim_start_matches('\u{feff}')).trim().to_owned())
        .collect();
    let lower: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let col = |names: &[&str]| lower.iter().position(|h| names.contains(&h.as_str()));
    let is_links = col(&["from"]).is_some() && col(&["to"]).is_some();
    let mut imported = Imported::default();
    for (row_no, record) in reader.records().enumerate() {
        let line = row_no + 2;
        let record = record.map_err(|e| {
            let place = e.position().map_or_else(|| format!("row {line}"), |p| format!("line {}", p.line()));
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                    format!("this row has {len} cells but the header has {expected_len}")
                }
                csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text (save the sheet as UTF-8 CSV)".to_owned(),
                _ => e.to_string(),
            };
            malformed(place, message)
        })?;
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).map(|s| csv_unsafe(s).to_owned());
        let origin = format!("row {line}");
        if is_links {
            let from =
                cell(col(&["from id"])).filter(|s| !s.is_empty()).or_else(|| cell(col(&["from"]))).unwrap_or_default();
            let to = cell(col(&["to id"])).filter(|s| !s.is_empty()).or_else(|| cell(col(&["to"]))).unwrap_or_default();
            if from.trim().is_empty() || to.trim().is_empty() {
                imported.skipped.push(format!("{origin}: a link needs both From and To"));
                continue;
            }
            let known = ["from", "to", "from id", "to id", "type", "direction", "label", "description", "notes", "id"];
            let type_name = cell(col(&["type"]))
                .filter(|s| !s.is_empty())
                .or_else(|| cell(col(&["label"])))
                .filter(|s| !s.is_empty());
            let directed = cell(col(&["direction"])).and_then(|d| match d.trim().to_lowercase().as_str() {
                "directed" | "forward" | "one-way" => Some(true),
                "undirected" | "mutual" | "none" | "two-way" => Some(false),
                _ => None,
            });
            imported.links.push(ImportedLink {
                origin,
                id: cell(col(&["id"])).filter(|s| !s.is_empty()),
                from: from.trim().to_owned(),
                to: to.trim().to_owned(),
                type_name,
                directed,
                notes: cell(col(&["description", "notes"])),
                fields: lower
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| !known.contains(&h.as_str()))
                    .map(|(i, _)| (headers[i].clone(), cell(Some(i)).unwrap_or_default()))
                    .collect(),
            });
        } else {
            let label = cell(col(&["label", "name"])).unwrap_or_default();
            if label.trim().is_empty() {
                imported.skipped.push(format!("{origin}: no Label"));
                continue;
            }
            let known = [
                "label",
                "name",
                "type",
                "element type",
                "description",
                "notes",
                "tags",
                "id",
                "x",
                "y",
                "pinned",
                "sensitive",
                "image",
            ];
            let num =
                |names: &[&str]| cell(col(names)).and_then(|s| s.trim().parse::<f32>().ok()).filter(|v| v.is_finite());
            let position = match (num(&["x"]), num(&["y"])) {
                (Some(x), Some(y)) => Some([x, y]),
                _ => None,
            };
            imported.orgs.push(ImportedOrg {
                origin,
                id: cell(col(&["id"])).filter(|s| !s.trim().is_empty()),
                label: label.trim().to_owned(),
                type_name: cell(col(&["type", "element type"])).filter(|s| !s.trim().is_empty()),
                notes: cell(col(&["description", "notes"])),
                tags: cell(col(&["tags"])).map(|t| split_multi(&t.replace(',', "|"))),
                fields: lower
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| !known.contains(&h.as_str()) && !h.is_empty())
                    .map(|(i, _)| (headers[i].clone(), cell(Some(i)).unwrap_or_default()))
                    .collect(),
                position,
                pinned: cell(col(&["pinned"])).and_then(|s| parse_bool(&s)),
                sensitive: cell(col(&["sensitive"])).and_then(|s| parse_bool(&s)),
                colour: None,
            });
        }
    }
    if imported.orgs.is_empty() && imported.links.is_empty() {
        return Err(ImportError::Unusable {
            message: "no rows to import (is the first row the column headers?)".into(),
            path: path.to_path_buf(),
        });
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kumu_elements_case_insensitively() {
        let csv = "label,TYPE,Description,Tags,Anonymity\nListening line,Helpline,Calls,evening | weekend,anonymous\n";
        let i = read_csv(Path::new("e.csv"), csv.as_bytes()).unwrap();
        assert_eq!(i.orgs.len(), 1);
        let o = &i.orgs[0];
        assert_eq!(o.type_name.as_deref(), Some("Helpline"));
        assert_eq!(o.tags.as_ref().unwrap(), &vec!["evening".to_owned(), "weekend".to_owned()]);
        assert_eq!(o.fields, vec![("Anonymity".to_owned(), "anonymous".to_owned())]);
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let csv = "Label,Type\nA,Helpline\nB,Helpline,extra\n";
        let e = read_csv(Path::new("bad.csv"), csv.as_bytes()).unwrap_err().to_string();
        assert_eq!(e, "bad.csv: line 3: this row has 3 cells but the header has 2");
    }

    #[test]
    fn links_sheet_is_recognised() {
        let csv = "From,To,Type,Direction\nA,B,Referral,directed\nA,,Referral,directed\n";
        let i = read_csv(Path::new("c.csv"), csv.as_bytes()).unwrap();
        assert_eq!(i.links.len(), 1);
        assert_eq!(i.links[0].directed, Some(true));
        assert_eq!(i.skipped.len(), 1);
    }
}
