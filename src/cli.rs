//! The command line: `patchwork [FILE]` opens the app; subcommands run without a window.
//! Output goes through [`out`] so there is one place that writes to stdout.

use crate::export::{
    self, ExportOptions,
    render::{Orientation, Paper},
};
use crate::io::{self, load_map};
use crate::model::Map;
use crate::scene::SceneTheme;
use anyhow::bail;
use clap::{Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

mod versions_cmd;

/// Patchwork: typology maps of crisis support, offline.
#[derive(Debug, Parser)]
#[command(name = "patchwork", version, about, long_about = None)]
pub struct Cli {
    /// A map file to open in the app (default: the bundled example map).
    pub file: Option<PathBuf>,
    /// What to do without opening a window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a map file; prints a one-line summary, or the error and exits 1.
    Validate {
        /// The map file.
        file: PathBuf,
    },
    /// Counts by type, summary figures (components, isolated organisations, single points of
    /// failure, independent voluntary organisations) and metrics per organisation.
    Stats(StatsArgs),
    /// Arrange a map automatically and write the result (pinned organisations stay put).
    Layout(LayoutArgs),
    /// Write the map in another form, chosen by the output's extension: .svg .png .pdf (figures),
    /// .csv (organisations, plus NAME-links.csv), .xlsx (Organisations and Links sheets), .graphml, .gexf, .dot, .kumu.json, .md and
    /// .typology.csv (typology table), .json (canonical map).
    Export(ExportArgs),
    /// Read a CSV or XLSX sheet (Kumu columns), GraphML (yEd, Gephi, networkx), GEXF (Gephi) or Kumu
    /// JSON file into a map; with --merge-into, update that map instead of starting a new one.
    Import {
        /// The file to read.
        input: PathBuf,
        /// Where to write the resulting map.
        #[arg(short, long)]
        output: PathBuf,
        /// A map to merge into (organisations with the same ID, else the same label and type,
        /// are updated rather than duplicated).
        #[arg(long)]
        merge_into: Option<PathBuf>,
        /// What an organisation type named in the file becomes: "FROM=TO", TO an existing type's
        /// name or id, or a new type's name (repeat for several). Without it, names are matched
        /// ignoring case, accents, plurals and near-miss spellings, and the report says how.
        #[arg(long = "map-type", value_name = "FROM=TO")]
        map_type: Vec<String>,
        /// The same for link types ("Info sharing=Information sharing").
        #[arg(long = "map-link-type", value_name = "FROM=TO")]
        map_link_type: Vec<String>,
    },
    /// What changed between two versions of a map: organisations, links, typology entries,
    /// views, notes and regions added, removed or changed, each changed field with its old and
    /// new value. Exit status 0: the same, 1: different, 2: an error.
    Diff(versions_cmd::DiffArgs),
    /// Three-way merge: combine the changes OURS and THEIRS each made to BASE. Conflicts are
    /// listed, kept in the result as sticky notes showing both values (our value in the map),
    /// and exit with status 1. Without -o the result replaces OURS, as a git merge driver
    /// (`patchwork merge %O %A %B`) expects.
    Merge(versions_cmd::MergeArgs),
    /// Write a generated map (for benchmarks and reproducing performance figures).
    Generate {
        /// Number of organisations (about three links each).
        #[arg(long, default_value_t = 2000)]
        orgs: usize,
        /// Random seed: the same seed gives the same map.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write the map.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// Arguments of `patchwork export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The map file.
    file: PathBuf,
    /// Where to write.
    #[arg(short, long)]
    output: PathBuf,
    /// Export what this saved view shows (figures use its caption too).
    #[arg(long)]
    view: Option<String>,
    /// Figure colours: light, dark, print or projector.
    #[arg(long, default_value = "light")]
    theme: String,
    /// PNG resolution as a multiple of the figure's size (2 = about 192 dpi).
    #[arg(long, default_value_t = 2.0)]
    scale: f32,
    /// PNG width in pixels, the height in proportion (instead of --scale). A figure past
    /// 16,384 pixels a side is scaled down to fit, with a note.
    #[arg(long, conflicts_with = "height")]
    width: Option<u32>,
    /// PNG height in pixels, the width in proportion (instead of --scale).
    #[arg(long)]
    height: Option<u32>,
    /// Fit a PDF to a page: a4, a3 or a2 (default: the figure's own size). Labels are never set
    /// under 6 pt: a map that does not fit at that size has them left out, with a note.
    #[arg(long)]
    page: Option<String>,
    /// With --page: when the map does not fit the page at 6 pt labels, print it across as many
    /// pages as it needs, after an overview page.
    #[arg(long, requires = "page")]
    tile: bool,
    /// PDF page orientation: auto, portrait or landscape.
    #[arg(long, default_value = "auto")]
    orientation: String,
    /// Pseudonyms for sensitive organisations; drop notes and private fields, and the tags and
    /// opening hours of sensitive organisations.
    #[arg(long)]
    redact: bool,
    /// With --redact: keep the tags and opening hours of sensitive organisations.
    #[arg(long, requires = "redact")]
    keep_tags_and_hours: bool,
    /// CSV: leave out the UTF-8 byte-order mark (written by default so Excel shows "café").
    #[arg(long)]
    no_bom: bool,
    /// Also write a plain-text description of the figure (for accessible reports).
    #[arg(long)]
    alt_text: Option<PathBuf>,
    /// Caption under the figure.
    #[arg(long)]
    caption: Option<String>,
    /// Leave out the legend.
    #[arg(long)]
    no_legend: bool,
    /// Leave out the title.
    #[arg(long)]
    no_title: bool,
    /// Transparent PNG background.
    #[arg(long)]
    transparent: bool,
    /// Draw the map at this moment, organisations closed then faded: a weekday and time ("Sun
    /// 02:00", the coming one) or a date and time ("2026-12-06T02:00").
    #[arg(long, value_name = "WHEN")]
    open_at: Option<String>,
    /// Draw a chart instead of the map: week (how many are open in each hour, gaps named).
    #[arg(long, value_enum)]
    chart: Option<ChartArg>,
    /// Draw this journey on the figure, by name or id (repeat for several; default: the
    /// journeys the --view shows).
    #[arg(long = "journey", value_name = "NAME")]
    journeys: Vec<String>,
    /// Draw what changed since this older version instead: added, changed, moved, unchanged and
    /// removed organisations and links, with a legend.
    #[arg(long, value_name = "OLD.json")]
    compare_with: Option<PathBuf>,
}

/// A chart `patchwork export --chart` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartArg {
    /// Organisations open in each hour of the week, and the gaps.
    Week,
}

/// Arguments of `patchwork stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// The map file.
    file: PathBuf,
    /// Print everything as JSON instead of tables.
    #[arg(long)]
    json: bool,
    /// The per-organisation measures to compute, comma-separated: degree, betweenness,
    /// closeness (default: all). Betweenness and closeness grow with the square of the map
    /// (shared over the machine's cores, with progress on stderr); leave them out of a quick look
    /// at a big map.
    #[arg(long, value_delimiter = ',', default_value = "degree,betweenness,closeness")]
    metrics: Vec<Metric>,
    /// Instead: who is open at this moment, by type with their hours: a weekday and time ("Sun
    /// 02:00", the coming one) or a date and time ("2026-12-06T02:00", so term dates and bank
    /// holidays apply).
    #[arg(long, value_name = "WHEN")]
    open_at: Option<String>,
    /// With --open-at: the shortest referral or signposting paths from this organisation (id or
    /// name) to those open then.
    #[arg(long, value_name = "ORG", requires = "open_at")]
    reach_from: Option<String>,
}

/// A per-organisation measure `patchwork stats` can compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Metric {
    /// Degree, in-degree and out-degree.
    Degree,
    /// Betweenness centrality (networkx's normalisation).
    Betweenness,
    /// Closeness centrality (networkx's, Wasserman–Faust for disconnected maps).
    Closeness,
}

/// Arguments of `patchwork layout`.
#[derive(Debug, clap::Args)]
pub struct LayoutArgs {
    /// The map file.
    file: PathBuf,
    /// Where to write the arranged map.
    #[arg(short, long)]
    output: PathBuf,
    /// force, lanes, types, circle or tidy.
    #[arg(long, default_value = "force")]
    algorithm: String,
    /// Random seed (force layout): the same seed gives the same result.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Iterations (force layout; default: 300 up to 2,000 organisations, fewer for larger maps).
    #[arg(long)]
    iterations: Option<usize>,
    /// Start the force layout from random positions instead of the current ones.
    #[arg(long)]
    scramble: bool,
}

/// Writes one line to stdout. A closed pipe (e.g. `| head`) is not an error worth a panic.
pub fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
}

/// A command's outcome that is not success but already reported (e.g. `diff` found
/// differences): the process exits with this status and prints nothing more.
#[derive(Debug, thiserror::Error)]
#[error("exit status {0}")]
pub struct Exit(pub u8);

/// Writes an error and its causes to stderr.
pub fn report_error(e: &anyhow::Error) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "error: {e}");
    for cause in e.chain().skip(1) {
        // thiserror messages already include their source where it helps; skip repeats.
        if !e.to_string().contains(&cause.to_string()) {
            let _ = writeln!(stderr, "  caused by: {cause}");
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => crate::ui::run(cli.file.as_deref()),
        Some(Command::Validate { file }) => {
            let map = load_map_warned(&file)?;
            warn_bad_hours(&map);
            out(&format!("{}: OK — {}", file.display(), summary(&map)));
            Ok(())
        }
        Some(Command::Stats(args)) => stats_cmd(args),
        Some(Command::Layout(args)) => layout_cmd(args),
        Some(Command::Generate { orgs, seed, output }) => {
            let map = crate::generate::generate_map(orgs, seed);
            io::write_atomic(&output, &io::map_to_bytes(&map), false)?;
            out(&format!("wrote {} ({})", output.display(), summary(&map)));
            Ok(())
        }
        Some(Command::Export(args)) => export_cmd(args),
        Some(Command::Diff(args)) => versions_cmd::diff_cmd(&args),
        Some(Command::Merge(args)) => versions_cmd::merge_cmd(&args),
        Some(Command::Import { input, output, merge_into, map_type, map_link_type }) => {
            let base = match &merge_into {
                Some(p) => load_map(p)?,
                None => Map::new(),
            };
            let choices: Vec<(crate::import::TypeKind, String)> = map_type
                .into_iter()
                .map(|c| (crate::import::TypeKind::Org, c))
                .chain(map_link_type.into_iter().map(|c| (crate::import::TypeKind::Link, c)))
                .collect();
            let (map, report) = crate::import::import_into_with(&base, &input, &choices)?;
            io::write_atomic(&output, &io::map_to_bytes(&map), merge_into.as_deref() == Some(output.as_path()))?;
            for line in report.lines() {
                out(&line);
            }
            if report.types_read_as.iter().any(|l| l.contains("near miss")) {
                out("To keep a name apart from the type it was read as, import again with \
                     --map-type \"NAME=NAME\" (--map-link-type for link types).");
            }
            out(&format!("wrote {} ({})", output.display(), summary(&map)));
            Ok(())
        }
    }
}

/// "40 organisations, 72 links, 10 organisation types, 6 link types, 3 views".
#[must_use]
pub fn summary(map: &Map) -> String {
    let t = map.typology();
    format!(
        "\"{}\": {} organisations, {} links, {} organisation types, {} link types, {} fields, {} views",
        map.meta.title,
        map.org_count(),
        map.link_count(),
        t.org_types.len(),
        t.link_types.len(),
        t.fields.len(),
        map.views.len()
    )
}

fn export_cmd(args: ExportArgs) -> anyhow::Result<()> {
    let ExportArgs {
        file,
        output,
        view,
        theme,
        scale,
        width,
        height,
        page,
        tile,
        orientation,
        redact,
        keep_tags_and_hours,
        no_bom,
        alt_text,
        caption,
        no_legend,
        no_title,
        transparent,
        open_at,
        chart,
        journeys,
        compare_with,
    } = args;
    let mut map = load_map_warned(&file)?;
    if let Some(old) = compare_with {
        map = crate::versions::comparison_map(&load_map(&old)?, &map, crate::versions::DiffOptions::DEFAULT.min_move)?;
    }
    let open_at = open_at.as_deref().map(crate::hours::Moment::parse).transpose()?;
    if open_at.is_some() {
        warn_bad_hours(&map);
    }
    let options = ExportOptions {
        open_at,
        chart: chart.map(|ChartArg::Week| crate::model::ViewChart::Week),
        view,
        theme: SceneTheme::named(&theme)
            .ok_or_else(|| anyhow::anyhow!("unknown theme '{theme}' (use light, dark, print or projector)"))?,
        scale,
        page: page
            .map(|p| Paper::named(&p).ok_or_else(|| anyhow::anyhow!("unknown page size '{p}' (use a4, a3 or a2)")))
            .transpose()?,
        orientation: match orientation.to_ascii_lowercase().as_str() {
            "auto" => Orientation::Auto,
            "portrait" => Orientation::Portrait,
            "landscape" => Orientation::Landscape,
            other => bail!("unknown orientation '{other}' (use auto, portrait or landscape)"),
        },
        tile,
        redact,
        redact_keep_tags_and_hours: keep_tags_and_hours,
        csv_bom: !no_bom,
        alt_text,
        title: !no_title,
        legend: !no_legend,
        caption,
        transparent,
        png_width: width,
        png_height: height,
        journeys: (!journeys.is_empty()).then_some(journeys),
    };
    if width == Some(0) || height == Some(0) {
        bail!("--width and --height must be at least 1 pixel");
    }
    if !(0.05..=16.0).contains(&options.scale) {
        bail!("--scale must be between 0.05 and 16");
    }
    let report = export::export(&map, &output, &options)?;
    for line in report.redaction.iter().chain(&report.notes) {
        out(line);
    }
    for path in &report.written {
        out(&format!("wrote {}", path.display()));
    }
    Ok(())
}

/// Loads a map, telling stderr what migrating an older file could not do.
fn load_map_warned(file: &std::path::Path) -> anyhow::Result<Map> {
    let (map, warnings) = io::load_map_warning(file)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(map)
}

/// Each organisation's hours that do not parse, on stderr (they count as unknown).
fn warn_bad_hours(map: &Map) {
    for e in crate::hours::HoursIndex::new(map).errors {
        eprintln!("warning: {e} (counted as unknown)");
    }
}

fn stats_cmd(args: StatsArgs) -> anyhow::Result<()> {
    let StatsArgs { file, json, metrics, open_at, reach_from } = args;
    let map = load_map_warned(&file)?;
    if let Some(when) = open_at {
        let moment = crate::hours::Moment::parse(&when)?;
        return open_at_cmd(&map, &moment, reach_from.as_deref(), json);
    }
    let centralities = metrics.iter().any(|m| matches!(m, Metric::Betweenness | Metric::Closeness));
    let analysis = crate::analysis::analyse_with(&map, centralities, &stats_progress(map.org_count()));
    if json {
        let mut per_org = serde_json::to_value(&analysis.orgs)?;
        let left_out: Vec<&str> = [
            (Metric::Degree, &["degree", "in_degree", "out_degree"][..]),
            (Metric::Betweenness, &["betweenness"][..]),
            (Metric::Closeness, &["closeness"][..]),
        ]
        .into_iter()
        .filter(|(m, _)| !metrics.contains(m))
        .flat_map(|(_, keys)| keys.iter().copied())
        .collect();
        for row in per_org.as_array_mut().into_iter().flatten() {
            if let Some(row) = row.as_object_mut() {
                for key in &left_out {
                    row.remove(*key);
                }
            }
        }
        let mut doc = serde_json::json!({
            "title": map.meta.title,
            "organisations": map.org_count(),
            "links": map.link_count(),
            "components": analysis.components.len(),
            "isolated": analysis.isolated,
            "articulation_points": analysis.articulation_points,
            "bridges": analysis.bridges,
            "voluntary_organisations": analysis.vsos,
            "independent_voluntary_organisations": analysis.independent_vsos,
            "metrics": per_org,
            "journeys": journeys_json(&map),
        });
        let stamps = map.stamp_counts();
        if !stamps.is_empty() {
            doc["changed_by"] = stamps
                .into_iter()
                .map(|(by, [o, l])| (by, serde_json::json!({"organisations": o, "links": l})))
                .collect::<serde_json::Map<_, _>>()
                .into();
        }
        out(&serde_json::to_string_pretty(&doc)?);
    } else {
        for line in stats_lines(&map) {
            out(&line);
        }
        for line in analysis_lines(&map, &analysis, &metrics) {
            out(&line);
        }
        let journeys = crate::analysis::journeys::analyse_journeys(&map);
        for line in crate::analysis::journeys::journey_lines(&map, &journeys) {
            out(&line);
        }
    }
    Ok(())
}

/// An organisation by id, else by name (any case).
fn find_org<'a>(map: &'a Map, key: &str) -> anyhow::Result<&'a crate::model::Organisation> {
    map.org(&crate::model::OrgId::new(key))
        .or_else(|| map.organisations_sorted().into_iter().find(|o| o.name.eq_ignore_ascii_case(key)))
        .ok_or_else(|| anyhow::anyhow!("no organisation with the id or name '{key}'"))
}

/// `stats --open-at`: who is open at a moment, by type, with hours; the unknown; and with
/// `reach_from` the shortest referral/signposting paths to those open.
fn open_at_cmd(map: &Map, moment: &crate::hours::Moment, reach_from: Option<&str>, json: bool) -> anyhow::Result<()> {
    use crate::hours::Openness;
    let now = crate::hours::now_local();
    let at = moment.resolve(now);
    let index = crate::hours::HoursIndex::new(map);
    for e in &index.errors {
        eprintln!("warning: {e} (counted as unknown)");
    }
    let open = index.at(at);
    let field = crate::hours::hours_field(map.typology()).cloned();
    let hours_of =
        |o: &crate::model::Organisation| field.as_ref().and_then(|f| crate::hours::hours_text(o, f)).map(str::to_owned);
    let type_name = |o: &crate::model::Organisation| {
        map.typology().org_type(&o.org_type).map_or_else(|| o.org_type.to_string(), |t| t.name.clone())
    };
    let orgs_in = |state: Openness| -> Vec<&crate::model::Organisation> {
        let mut v: Vec<&crate::model::Organisation> = open.with(state).filter_map(|id| map.org(id)).collect();
        // By type in typology order, then by name.
        let rank = |o: &crate::model::Organisation| map.typology().org_types.iter().position(|t| t.id == o.org_type);
        v.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)));
        v
    };
    let (opened, unknown) = (orgs_in(Openness::Open), orgs_in(Openness::Unknown));
    let reach = match reach_from {
        Some(key) => {
            let from = find_org(map, key)?;
            let types = crate::analysis::open_at::pathway_link_types(map);
            Some((from, crate::analysis::open_at::reach_open_at(map, &from.id, &open, &types)))
        }
        None => None,
    };
    let name = |id: &crate::model::OrgId| map.org(id).map_or_else(|| id.to_string(), |o| o.name.clone());
    if json {
        let row = |o: &&crate::model::Organisation| serde_json::json!({"id": o.id.as_str(), "name": o.name, "type": o.org_type.as_str(), "hours": hours_of(o)});
        let mut doc = serde_json::json!({
            "title": map.meta.title,
            "moment": moment.to_string(),
            "at": at.format("%Y-%m-%dT%H:%M").to_string(),
            "organisations": open.orgs.len(),
            "open_count": opened.len(),
            "closed_count": open.count(Openness::Closed),
            "open": opened.iter().map(row).collect::<Vec<_>>(),
            "unknown": unknown.iter().map(row).collect::<Vec<_>>(),
            "invalid_hours": index.errors.iter().map(|e| serde_json::json!({
                "id": e.id.as_str(), "name": e.name, "hours": e.text, "position": e.error.position, "error": e.error.reason,
            })).collect::<Vec<_>>(),
        });
        if let Some((from, paths)) = &reach {
            doc["reach_from"] = from.id.as_str().into();
            doc["reach"] = paths
                .iter()
                .map(|p| serde_json::json!({"to": p.last().map(crate::model::OrgId::as_str), "steps": p.len() - 1, "path": p.iter().map(crate::model::OrgId::as_str).collect::<Vec<_>>()}))
                .collect();
        }
        out(&serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    let when = match moment {
        crate::hours::Moment::Weekly { .. } => format!("{} ({})", moment.label(), at.format("%A %-d %B %Y %H:%M")),
        crate::hours::Moment::Exact(_) => moment.label(),
    };
    out(&format!("Open at {when}: {} of {}", opened.len(), open.orgs.len()));
    let mut last_type = String::new();
    for o in &opened {
        let t = type_name(o);
        if t != last_type {
            out(&format!("  {t}"));
            last_type = t;
        }
        out(&format!("    {} — {}", o.name, hours_of(o).unwrap_or_default()));
    }
    out(&format!("Closed: {}", open.count(Openness::Closed)));
    out(&format!("Unknown (no hours recorded, or hours that do not say): {}", unknown.len()));
    for o in &unknown {
        out(&format!("    {} — {}", o.name, hours_of(o).unwrap_or_else(|| "no hours".into())));
    }
    if let Some((from, paths)) = &reach {
        out(&format!(
            "Reach from {} at {}: {} open within referral/signposting paths",
            from.name,
            moment.label(),
            paths.len()
        ));
        for p in paths {
            let steps = p.len() - 1;
            out(&format!(
                "  {steps} step{}: {}",
                if steps == 1 { "" } else { "s" },
                p.iter().map(name).collect::<Vec<_>>().join(" → ")
            ));
        }
    }
    Ok(())
}

/// The journeys part of `stats --json`: each journey with its steps, and the analysis.
fn journeys_json(map: &Map) -> serde_json::Value {
    let list: Vec<serde_json::Value> = map
        .journeys()
        .iter()
        .map(|j| {
            let steps: Vec<serde_json::Value> = j
                .steps
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "org": s.org,
                        "name": map.org(&s.org).map(|o| o.name.as_str()),
                        "stage": s.stage,
                        "when": s.when,
                        "at": s.at,
                    })
                })
                .collect();
            serde_json::json!({"id": j.id, "name": j.name, "episode": j.episode, "steps": steps})
        })
        .collect();
    serde_json::json!({"list": list, "analysis": crate::analysis::journeys::analyse_journeys(map)})
}

/// Progress of `stats` on stderr for a big map (betweenness and closeness take a while): a line
/// at each tenth, so a log stays short and stdout stays the result.
fn stats_progress(orgs: usize) -> impl Fn(usize, usize) + Sync {
    let last_tenth = std::sync::atomic::AtomicUsize::new(0);
    move |done, total| {
        let tenth = done * 10 / total.max(1);
        if orgs >= 2_000 && tenth > last_tenth.fetch_max(tenth, std::sync::atomic::Ordering::Relaxed) {
            eprintln!("stats: betweenness and closeness {}% ({done} of {total} organisations)", tenth * 10);
        }
    }
}

fn layout_cmd(args: LayoutArgs) -> anyhow::Result<()> {
    let LayoutArgs { file, output, algorithm, seed, iterations, scramble } = args;
    let map = load_map(&file)?;
    let alg = crate::layout::Algorithm::named(&algorithm)
        .ok_or_else(|| anyhow::anyhow!("unknown algorithm '{algorithm}' (use force, lanes, types, circle or tidy)"))?;
    let iterations = iterations.unwrap_or_else(|| crate::layout::auto_iterations(map.org_count()));
    if iterations == 0 || iterations > 100_000 {
        bail!("--iterations must be between 1 and 100000");
    }
    let params = crate::layout::ForceParams { iterations, seed, scramble, ..crate::layout::ForceParams::default() };
    let result = crate::layout::run(&map, alg, &params);
    let moved = result.moves.len();
    let notes = result.notes.clone();
    let mut arranged = map.clone();
    crate::edit::apply(&mut arranged, result.edit(&map))?;
    io::write_atomic(&output, &io::map_to_bytes(&arranged), false)?;
    out(&format!(
        "{}: moved {moved} organisations ({} pinned stayed put); {} link crossings",
        alg.label(),
        map.organisations().filter(|o| o.pinned).count(),
        crate::layout::edge_crossings(&arranged)
    ));
    for note in &notes {
        out(note);
    }
    out(&format!("wrote {}", output.display()));
    Ok(())
}

/// Summary figures and the per-organisation table as text lines.
#[must_use]
pub fn analysis_lines(map: &Map, a: &crate::analysis::Analysis, metrics: &[Metric]) -> Vec<String> {
    let name = |id: &crate::model::OrgId| map.org(id).map_or_else(|| id.to_string(), |o| o.name.clone());
    let names = |ids: &[crate::model::OrgId]| {
        if ids.is_empty() { "none".to_owned() } else { ids.iter().map(name).collect::<Vec<_>>().join(", ") }
    };
    let mut lines = vec![
        String::new(),
        format!("Connected components: {}", a.components.len()),
        format!("Isolated organisations ({}): {}", a.isolated.len(), names(&a.isolated)),
        format!("Single points of failure ({}): {}", a.articulation_points.len(), names(&a.articulation_points)),
        format!("Bridge links: {}", a.bridges.len()),
        format!(
            "Voluntary organisations with no information-sharing path to a statutory service: {} of {}",
            a.independent_vsos.len(),
            a.vsos
        ),
        String::new(),
        format!(
            "{:<44} {:>6} {:>4} {:>4} {:>11} {:>9}  {}",
            "Organisation", "Degree", "In", "Out", "Betweenness", "Closeness", "Information sharing"
        ),
    ];
    let mut rows: Vec<_> = a.orgs.iter().collect();
    rows.sort_by(|x, y| {
        y.betweenness.total_cmp(&x.betweenness).then_with(|| y.degree.cmp(&x.degree)).then_with(|| x.name.cmp(&y.name))
    });
    // Measures left out (--metrics) show as "-".
    let shown = |m: Metric, text: String| if metrics.contains(&m) { text } else { "-".to_owned() };
    for m in rows {
        let short: String = m.name.chars().take(44).collect();
        lines.push(format!(
            "{short:<44} {:>6} {:>4} {:>4} {:>11} {:>9}  {}",
            shown(Metric::Degree, m.degree.to_string()),
            shown(Metric::Degree, m.in_degree.to_string()),
            shown(Metric::Degree, m.out_degree.to_string()),
            shown(Metric::Betweenness, format!("{:.4}", m.betweenness)),
            shown(Metric::Closeness, format!("{:.4}", m.closeness)),
            m.independence.label()
        ));
    }
    lines
}

/// Counts by organisation type and link type, in typology order, as aligned text lines.
#[must_use]
pub fn stats_lines(map: &Map) -> Vec<String> {
    let mut by_org: BTreeMap<&str, usize> = BTreeMap::new();
    for o in map.organisations() {
        *by_org.entry(o.org_type.as_str()).or_default() += 1;
    }
    let mut by_link: BTreeMap<String, usize> = BTreeMap::new();
    for l in map.graph().edge_weights() {
        *by_link.entry(l.link_type.as_str().to_owned()).or_default() += 1;
    }
    let t = map.typology();
    let mut lines = vec![map.meta.title.clone(), String::new()];
    lines.push(format!("Organisations: {}", map.org_count()));
    for ot in &t.org_types {
        lines.push(format!("  {:<40} {:>6}", ot.name, by_org.get(ot.id.as_str()).copied().unwrap_or(0)));
    }
    lines.push(String::new());
    lines.push(format!("Links: {}", map.link_count()));
    for lt in &t.link_types {
        lines.push(format!("  {:<40} {:>6}", lt.name, by_link.get(lt.id.as_str()).copied().unwrap_or(0)));
    }
    let stamps = map.stamp_counts();
    if !stamps.is_empty() {
        lines.push(String::new());
        lines.push("Last changed by (organisations, links):".to_owned());
        let (mut orgs, mut links) = (map.org_count(), map.link_count());
        for (by, [o, l]) in &stamps {
            lines.push(format!("  {by:<40} {o:>6} {l:>6}"));
            (orgs, links) = (orgs.saturating_sub(*o), links.saturating_sub(*l));
        }
        lines.push(format!("  {:<40} {orgs:>6} {links:>6}", "(not recorded)"));
    }
    lines
}
