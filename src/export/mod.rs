//! Everything Patchwork writes for other programs: figures (SVG, PNG, PDF) drawn from the same
//! scene as the screen, and data (CSV, XLSX, GraphML, GEXF, DOT, Kumu JSON, typology tables). No egui.
//! Every file goes through the atomic write.

pub mod data;
pub mod gexf;
pub mod graphml;
pub mod hairline;
pub mod redact;
pub mod render;
pub mod svg;
pub mod xlsx;
pub mod xml;

use crate::io::{WriteError, write_atomic};
use crate::model::{Filter, Map};
use crate::scene::{SceneOptions, SceneTheme};
use render::{Orientation, Paper};
use std::path::{Path, PathBuf};

/// A file format Patchwork exports, chosen by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`: the Patchwork map itself, canonical.
    MapJson,
    /// `.svg` figure.
    Svg,
    /// `.png` figure.
    Png,
    /// `.pdf` figure.
    Pdf,
    /// `.csv`: organisations (and `-links.csv` beside it).
    Csv,
    /// `.xlsx`: an Organisations sheet and a Links sheet.
    Xlsx,
    /// `.graphml`.
    GraphMl,
    /// `.gexf`.
    Gexf,
    /// `.dot` / `.gv`.
    Dot,
    /// `.kumu.json`: Kumu blueprint.
    KumuJson,
    /// `.md`: typology table.
    TypologyMarkdown,
    /// `.typology.csv`: typology table.
    TypologyCsv,
}

impl Format {
    /// Every format with its extension and description, for help texts and the export dialog.
    pub const ALL: [(Format, &'static str, &'static str); 12] = [
        (Format::Svg, "svg", "SVG figure (vector, text as text)"),
        (Format::Png, "png", "PNG figure"),
        (Format::Pdf, "pdf", "PDF figure"),
        (Format::Csv, "csv", "CSV: organisations, and links in NAME-links.csv"),
        (Format::Xlsx, "xlsx", "Excel workbook: Organisations and Links sheets"),
        (Format::GraphMl, "graphml", "GraphML (yEd, Gephi, networkx)"),
        (Format::Gexf, "gexf", "GEXF 1.3 (Gephi)"),
        (Format::Dot, "dot", "Graphviz DOT"),
        (Format::KumuJson, "kumu.json", "Kumu JSON blueprint"),
        (Format::TypologyMarkdown, "md", "Typology table (Markdown)"),
        (Format::TypologyCsv, "typology.csv", "Typology table (CSV)"),
        (Format::MapJson, "json", "Patchwork map (canonical JSON)"),
    ];

    /// The format a file name asks for.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".kumu.json") {
            return Some(Format::KumuJson);
        }
        if name.ends_with(".typology.csv") {
            return Some(Format::TypologyCsv);
        }
        let ext = name.rsplit_once('.')?.1;
        Some(match ext {
            "json" => Format::MapJson,
            "svg" => Format::Svg,
            "png" => Format::Png,
            "pdf" => Format::Pdf,
            "csv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            "graphml" => Format::GraphMl,
            "gexf" => Format::Gexf,
            "dot" | "gv" => Format::Dot,
            "md" | "markdown" => Format::TypologyMarkdown,
            _ => return None,
        })
    }

    /// Whether it is a figure (drawn from the scene).
    #[must_use]
    pub fn is_figure(self) -> bool {
        matches!(self, Format::Svg | Format::Png | Format::Pdf)
    }
}

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Export only what this saved view shows (its filter; its caption unless one is given).
    pub view: Option<String>,
    /// Colours for figures.
    pub theme: SceneTheme,
    /// PNG resolution as a multiple of the figure's size in CSS pixels (2 = 192 dpi).
    pub scale: f32,
    /// PDF paper (none: the figure's own size).
    pub page: Option<Paper>,
    /// PDF orientation.
    pub orientation: Orientation,
    /// PDF on a paper size the map does not fit at 6 pt labels: tile it across pages, after an
    /// overview page (otherwise the labels are left out, with a note).
    pub tile: bool,
    /// Replace sensitive names, drop notes and private fields (and, unless
    /// `redact_keep_tags_and_hours`, the tags and opening hours of sensitive organisations).
    pub redact: bool,
    /// With `redact`: keep the tags and opening hours of sensitive organisations.
    pub redact_keep_tags_and_hours: bool,
    /// Start CSV files (organisations, links, typology table) with a UTF-8 byte-order mark, so
    /// Excel reads them as UTF-8 ("café").
    pub csv_bom: bool,
    /// Also write a plain-text description of the figure here.
    pub alt_text: Option<PathBuf>,
    /// Put the map's title above the figure.
    pub title: bool,
    /// Draw the legend.
    pub legend: bool,
    /// Caption under the figure.
    pub caption: Option<String>,
    /// Transparent PNG background.
    pub transparent: bool,
    /// PNG width in pixels (the height in proportion); before `png_height` and `scale`.
    pub png_width: Option<u32>,
    /// PNG height in pixels (the width in proportion); before `scale`.
    pub png_height: Option<u32>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            view: None,
            theme: SceneTheme::LIGHT,
            scale: 2.0,
            page: None,
            orientation: Orientation::Auto,
            tile: false,
            redact: false,
            redact_keep_tags_and_hours: false,
            csv_bom: true,
            alt_text: None,
            title: true,
            legend: true,
            caption: None,
            transparent: false,
            png_width: None,
            png_height: None,
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Unknown extension.
    #[error("{}: cannot export to this kind of file (use one of: {})", .0.display(), Format::ALL.iter().map(|f| format!(".{}", f.1)).collect::<Vec<_>>().join(", "))]
    UnknownFormat(PathBuf),
    /// No saved view of that name.
    #[error("there is no saved view called '{0}' (views: {1})")]
    NoSuchView(String, String),
    /// Rendering failed.
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The map does not fit a workbook.
    #[error("{}: {source}", path.display())]
    Xlsx {
        /// The file that was to be written.
        path: PathBuf,
        /// Why.
        #[source]
        source: xlsx::XlsxError,
    },
}

/// What an export wrote and removed.
#[derive(Debug, Clone, Default)]
pub struct ExportReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Redaction summary lines (empty without `--redact`).
    pub redaction: Vec<String>,
    /// Things the user should know about what was written (a figure scaled down to fit).
    pub notes: Vec<String>,
}

/// The figure (SVG) for a map and options: the same scene the canvas paints.
pub fn figure(map: &Map, options: &ExportOptions) -> Result<(svg::Figure, crate::scene::Scene), ExportError> {
    let (filter, view_caption) = view_filter(map, options.view.as_deref())?;
    let scene = crate::scene::build(map, &SceneOptions { theme: options.theme, filter, ..SceneOptions::default() });
    let caption = options.caption.clone().or(view_caption).filter(|c| !c.trim().is_empty());
    let title = options.title.then(|| match &options.view {
        Some(v) => format!("{} — {v}", map.meta.title),
        None => map.meta.title.clone(),
    });
    let fig = svg::figure_svg(
        &scene,
        &options.theme,
        &svg::FigureOptions { title, caption, legend: options.legend, transparent: options.transparent },
    );
    Ok((fig, scene))
}

fn view_filter(map: &Map, view: Option<&str>) -> Result<(Filter, Option<String>), ExportError> {
    let Some(name) = view else { return Ok((Filter::default(), None)) };
    let found = map
        .views
        .iter()
        .find(|v| v.name == name)
        .or_else(|| map.views.iter().find(|v| v.name.eq_ignore_ascii_case(name)));
    match found {
        Some(v) => Ok((v.filter.clone(), Some(v.caption.clone()))),
        None => Err(ExportError::NoSuchView(
            name.to_owned(),
            map.views.iter().map(|v| format!("'{}'", v.name)).collect::<Vec<_>>().join(", "),
        )),
    }
}

/// `NAME.csv` → `NAME-links.csv`.
#[must_use]
pub fn links_csv_path(path: &Path) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!("{stem}-links.csv"))
}

/// The width in pixels of a PNG of a figure `width` × `height` units: as asked (`png_width`,
/// else `png_height`, else `scale`), but never past [`render::MAX_PNG_SIDE`] on either side: a
/// bigger figure is scaled down to fit, and the note says so.
#[must_use]
pub fn png_width(width: f32, height: f32, options: &ExportOptions) -> (u32, Option<String>) {
    let (width, height) = (width.max(1.0), height.max(1.0));
    let scale = match (options.png_width, options.png_height) {
        (Some(w), _) => w.max(1) as f32 / width,
        (None, Some(h)) => h.max(1) as f32 / height,
        (None, None) => options.scale.clamp(0.05, 16.0),
    };
    let (w, h) = (width * scale, height * scale);
    let limit = render::MAX_PNG_SIDE as f32;
    if w.max(h) <= limit {
        return (crate::convert::round_px(w).max(1), None);
    }
    let fit = limit / w.max(h);
    let fitted = crate::convert::round_px(w * fit).clamp(1, render::MAX_PNG_SIDE);
    let note = format!(
        "The figure would be {} × {} pixels, past the {}-pixel limit of a side: written {fitted} × {} pixels wide instead (for more detail use SVG or PDF).",
        crate::convert::round_px(w),
        crate::convert::round_px(h),
        render::MAX_PNG_SIDE,
        crate::convert::round_px(h * fit).max(1)
    );
    (fitted, Some(note))
}

/// Exports `map` to `path` in the format its extension names.
pub fn export(map: &Map, path: &Path, options: &ExportOptions) -> Result<ExportReport, ExportError> {
    let format = Format::from_path(path).ok_or_else(|| ExportError::UnknownFormat(path.to_path_buf()))?;
    let mut report = ExportReport::default();
    let redacted;
    let map = if options.redact {
        let (m, r) =
            redact::redact_with(map, redact::RedactOptions { keep_tags_and_hours: options.redact_keep_tags_and_hours });
        report.redaction = r.lines();
        redacted = m;
        &redacted
    } else {
        map
    };
    let mut write = |p: &Path, bytes: &[u8]| -> Result<(), ExportError> {
        write_atomic(p, bytes, false)?;
        report.written.push(p.to_path_buf());
        Ok(())
    };
    match format {
        Format::MapJson => write(path, &crate::io::map_to_bytes(map))?,
        Format::Svg | Format::Png | Format::Pdf => {
            let (fig, scene) = figure(map, options)?;
            // The scene is not needed past here: freed before the figure is rendered.
            let alt_text = options.alt_text.as_ref().map(|_| data::alt_text(map, &scene));
            drop(scene);
            let bytes = match format {
                Format::Svg => fig.svg.clone().into_bytes(),
                Format::Png => {
                    let (width, note) = png_width(fig.width, fig.height, options);
                    report.notes.extend(note);
                    render::png(&fig, width)?
                }
                _ => {
                    let (bytes, plan) =
                        render::pdf(&fig, options.page.map(|p| (p, options.orientation)), options.tile)?;
                    report.notes.extend(plan.notes);
                    bytes
                }
            };
            write(path, &bytes)?;
            if let (Some(alt), Some(text)) = (&options.alt_text, alt_text) {
                write(alt, text.as_bytes())?;
            }
        }
        Format::Csv => {
            let bom = |bytes: Vec<u8>| if options.csv_bom { data::with_bom(bytes) } else { bytes };
            write(path, &bom(data::organisations_csv(map)))?;
            write(&links_csv_path(path), &bom(data::links_csv(map)))?;
        }
        Format::Xlsx => {
            let bytes = xlsx::workbook(map).map_err(|source| ExportError::Xlsx { path: path.to_path_buf(), source })?;
            write(path, &bytes)?;
        }
        Format::GraphMl => write(path, graphml::graphml(map).as_bytes())?,
        Format::Gexf => write(path, gexf::gexf(map).as_bytes())?,
        Format::Dot => write(path, data::dot(map).as_bytes())?,
        Format::KumuJson => write(path, data::kumu_json(map).as_bytes())?,
        Format::TypologyMarkdown => write(path, data::typology_markdown(map).as_bytes())?,
        Format::TypologyCsv => {
            let bytes = data::typology_csv(map);
            write(path, &if options.csv_bom { data::with_bom(bytes) } else { bytes })?;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_extensions() {
        assert_eq!(Format::from_path(Path::new("a.kumu.json")), Some(Format::KumuJson));
        assert_eq!(Format::from_path(Path::new("a.JSON")), Some(Format::MapJson));
        assert_eq!(Format::from_path(Path::new("t.typology.csv")), Some(Format::TypologyCsv));
        assert_eq!(Format::from_path(Path::new("x.GraphML")), Some(Format::GraphMl));
        assert_eq!(Format::from_path(Path::new("x.XLSX")), Some(Format::Xlsx));
        assert_eq!(Format::from_path(Path::new("x.xyz")), None);
        assert_eq!(links_csv_path(Path::new("/tmp/out.csv")), PathBuf::from("/tmp/out-links.csv"));
    }
}
