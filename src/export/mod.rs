//! Everything Patchwork writes for other programs: figures (SVG, PNG, PDF) drawn from the same
//! scene as the screen, and data (CSV, XLSX, GraphML, GEXF, DOT, Kumu JSON, typology tables). No egui.
//! Every file goes through the atomic write.

pub mod data;
pub mod gexf;
pub mod graphml;
pub mod hairline;
pub mod html;
pub mod redact;
pub mod render;
pub mod svg;
pub mod week_chart;
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
    /// `.html`: the map as a self-contained web page (see [`html`]).
    WebPage,
}

impl Format {
    /// Every format with its extension and description, for help texts and the export dialog.
    pub const ALL: [(Format, &'static str, &'static str); 13] = [
        (Format::Svg, "svg", "SVG figure (vector, text as text)"),
        (Format::Png, "png", "PNG figure"),
        (Format::Pdf, "pdf", "PDF figure"),
        (Format::WebPage, "html", "Web page: explore the map in any browser, offline"),
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
            "html" | "htm" => Format::WebPage,
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
    /// Draw the map at this moment: organisations closed then are faded (before the view's).
    pub open_at: Option<crate::hours::Moment>,
    /// Draw this chart instead of the map (before the view's).
    pub chart: Option<crate::model::ViewChart>,
    /// Journeys drawn on figures, by name or id (`None`: those the view shows, else none).
    pub journeys: Option<Vec<String>>,
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
            open_at: None,
            chart: None,
            journeys: None,
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
    /// No journey of that name or id.
    #[error("there is no journey called '{0}' (journeys: {1})")]
    NoSuchJourney(String, String),
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

/// The figure (SVG) for a map and options: the same scene the canvas paints. With an open-at
/// moment, the organisations closed then are faded in the scene (as on the canvas) and the
/// caption says how many are open.
pub fn figure(map: &Map, options: &ExportOptions) -> Result<(svg::Figure, crate::scene::Scene), ExportError> {
    let chosen = chosen_view(map, options.view.as_deref())?;
    let filter = chosen.map(|v| v.filter.clone()).unwrap_or_default();
    let view_caption = chosen.map(|v| v.caption.clone());
    let open_at = options.open_at.or(chosen.and_then(|v| v.open_at));
    let (closed, open_line) = match open_at {
        Some(moment) => {
            let (open, line) = open_at_summary(map, &moment, crate::hours::now_local());
            (Some(open.closed()), Some(line))
        }
        None => (None, None),
    };
    let journeys = figure_journeys(map, options)?;
    let scene = crate::scene::build(
        map,
        &SceneOptions { theme: options.theme, filter, closed, journeys, ..SceneOptions::default() },
    );
    let caption = options.caption.clone().or(view_caption).filter(|c| !c.trim().is_empty());
    let caption = match (caption, open_line) {
        (Some(c), Some(l)) => Some(format!("{l}. {c}")),
        (c, l) => c.or(l),
    };
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

/// Who is open at `moment`, and the line the banner and captions show: "Open at Sunday 02:00:
/// 8 of 40 (faded: closed; 2 with no hours shown as unknown)".
#[must_use]
pub fn open_at_summary(
    map: &Map,
    moment: &crate::hours::Moment,
    now: chrono::NaiveDateTime,
) -> (crate::hours::OpenAt, String) {
    use crate::hours::Openness;
    let open = crate::hours::open_at(map, moment, now);
    let mut line = format!("Open at {}: {} of {}", moment.label(), open.count(Openness::Open), open.orgs.len());
    let unknown = open.count(Openness::Unknown);
    if unknown > 0 {
        let _ = std::fmt::Write::write_fmt(&mut line, format_args!(" ({unknown} unknown)"));
    }
    (open, line)
}

/// The week chart figure for the map (or the view's organisations), with the title, legend
/// and caption rules of map figures.
pub fn week_chart_figure(map: &Map, options: &ExportOptions) -> Result<svg::Figure, ExportError> {
    let chosen = chosen_view(map, options.view.as_deref())?;
    let shown;
    let map = match chosen.map(|v| &v.filter) {
        Some(filter) if *filter != Filter::default() => {
            shown = only_shown(map, filter);
            &shown
        }
        _ => map,
    };
    let index = crate::hours::HoursIndex::new(map);
    let chart = crate::hours::week_chart(map, &index, crate::hours::now_local(), None);
    let caption = options.caption.clone().or(chosen.map(|v| v.caption.clone())).filter(|c| !c.trim().is_empty());
    let title = options.title.then(|| match &options.view {
        Some(v) => format!("{} — {v}", map.meta.title),
        None => format!("{} — opening hours through the week", map.meta.title),
    });
    Ok(week_chart::week_chart_svg(
        &chart,
        &options.theme,
        &week_chart::ChartOptions { title, caption, legend: options.legend, transparent: options.transparent },
    ))
}

/// A copy of `map` with only the organisations `filter` shows.
fn only_shown(map: &Map, filter: &Filter) -> Map {
    let mut shown = map.clone();
    let hidden: Vec<crate::model::OrgId> =
        map.organisations().filter(|o| !crate::scene::org_passes(filter, o)).map(|o| o.id.clone()).collect();
    for id in hidden {
        let _ = shown.remove_organisation(&id);
    }
    shown
}

/// The journeys a figure draws: those named in the options (by id, else name, else name in any
/// case), else those the view shows.
fn figure_journeys(map: &Map, options: &ExportOptions) -> Result<crate::scene::JourneyChoice, ExportError> {
    let ids = match &options.journeys {
        // Checked against the map before redaction, which may have dropped sensitive ones.
        Some(names) if options.redact => {
            names.iter().filter_map(|n| resolve_journeys(map, std::slice::from_ref(n)).ok()).flatten().collect()
        }
        Some(names) => resolve_journeys(map, names)?,
        None => options
            .view
            .as_deref()
            .and_then(|name| map.views.iter().find(|v| v.name == name || v.name.eq_ignore_ascii_case(name)))
            .map(|v| v.journeys.clone())
            .unwrap_or_default(),
    };
    Ok(crate::scene::JourneyChoice { ids, steps: None })
}

/// The ids of the journeys named (by id, else name, else name in any case), in the order given.
pub fn resolve_journeys(map: &Map, names: &[String]) -> Result<Vec<crate::model::JourneyId>, ExportError> {
    let js = map.journeys();
    names
        .iter()
        .map(|name| {
            js.iter()
                .find(|j| j.id.as_str() == name)
                .or_else(|| js.iter().find(|j| &j.name == name))
                .or_else(|| js.iter().find(|j| j.name.eq_ignore_ascii_case(name)))
                .map(|j| j.id.clone())
                .ok_or_else(|| {
                    let all = js.iter().map(|j| format!("'{}'", j.name)).collect::<Vec<_>>().join(", ");
                    ExportError::NoSuchJourney(name.clone(), if all.is_empty() { "none".to_owned() } else { all })
                })
        })
        .collect()
}

fn chosen_view<'a>(map: &'a Map, view: Option<&str>) -> Result<Option<&'a crate::model::View>, ExportError> {
    let Some(name) = view else { return Ok(None) };
    let found = map
        .views
        .iter()
        .find(|v| v.name == name)
        .or_else(|| map.views.iter().find(|v| v.name.eq_ignore_ascii_case(name)));
    match found {
        Some(v) => Ok(Some(v)),
        None => Err(ExportError::NoSuchView(
            name.to_owned(),
            map.views.iter().map(|v| format!("'{}'", v.name)).collect::<Vec<_>>().join(", "),
        )),
    }
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

/// What a figure says when some organisations' labels found no room (they would have covered
/// another label or a marker).
#[must_use]
pub fn labels_left_out_note(scene: &crate::scene::Scene) -> Option<String> {
    let n = scene.labels_left_out;
    (n > 0).then(|| {
        let labelled = scene.nodes.iter().filter(|n| !n.label_lines.is_empty()).count();
        format!(
            "{n} of {labelled} organisation labels were left out: there was no room for them without covering another label or a marker (zoom into a view, or lay the map out more widely)."
        )
    })
}

/// Whether a figure export draws the week chart (asked for, or the chosen view's chart).
fn wants_chart(map: &Map, options: &ExportOptions) -> bool {
    options.chart.is_some()
        || options
            .view
            .as_deref()
            .and_then(|name| chosen_view(map, Some(name)).ok().flatten())
            .is_some_and(|v| v.chart.is_some())
}

/// A figure as the bytes of `format` (SVG, PNG or PDF); PNG size and PDF page notes go to
/// `notes`.
fn figure_bytes(
    fig: &svg::Figure,
    format: Format,
    options: &ExportOptions,
    notes: &mut Vec<String>,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Png => {
            let (width, note) = png_width(fig.width, fig.height, options);
            notes.extend(note);
            render::png(fig, width)?
        }
        Format::Pdf => {
            let (bytes, plan) = render::pdf(fig, options.page.map(|p| (p, options.orientation)), options.tile)?;
            notes.extend(plan.notes);
            bytes
        }
        _ => fig.svg.clone().into_bytes(),
    })
}

/// Exports `map` to `path` in the format its extension names.
pub fn export(map: &Map, path: &Path, options: &ExportOptions) -> Result<ExportReport, ExportError> {
    let format = Format::from_path(path).ok_or_else(|| ExportError::UnknownFormat(path.to_path_buf()))?;
    let mut report = ExportReport::default();
    // Journeys are named against the map as given: redaction renames them but keeps their ids.
    let resolved;
    let options = match &options.journeys {
        Some(names) if options.redact => {
            let ids = resolve_journeys(map, names)?;
            resolved = ExportOptions { journeys: Some(ids.into_iter().map(|id| id.0).collect()), ..options.clone() };
            &resolved
        }
        _ => options,
    };
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
        Format::Svg | Format::Png | Format::Pdf if wants_chart(map, options) => {
            let fig = week_chart_figure(map, options)?;
            let bytes = figure_bytes(&fig, format, options, &mut report.notes)?;
            write(path, &bytes)?;
        }
        Format::Svg | Format::Png | Format::Pdf => {
            let (fig, scene) = figure(map, options)?;
            report.notes.extend(labels_left_out_note(&scene));
            // The scene is not needed past here: freed before the figure is rendered.
            let alt_text = options.alt_text.as_ref().map(|_| data::alt_text(map, &scene));
            drop(scene);
            let bytes = figure_bytes(&fig, format, options, &mut report.notes)?;
            write(path, &bytes)?;
            if let (Some(alt), Some(text)) = (&options.alt_text, alt_text) {
                write(alt, text.as_bytes())?;
            }
        }
        Format::Csv => {
            let bom = |bytes: Vec<u8>| if options.csv_bom { data::with_bom(bytes) } else { bytes };
            write(path, &bom(data::organisations_csv(map)))?;
            write(&crate::formats::links_csv_path(path), &bom(data::links_csv(map)))?;
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
        Format::WebPage => write(path, html::web_page(map, options)?.as_bytes())?,
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
        assert_eq!(Format::from_path(Path::new("Map.HTML")), Some(Format::WebPage));
    }
}
