//! The command line: `patchwork [FILE]` opens the app; subcommands run without a window.
//! Output goes through [`out`] so there is one place that writes to stdout.

use crate::io::{self, load_map};
use crate::model::Map;
use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// Count organisations by type and links by type.
    Stats {
        /// The map file.
        file: PathBuf,
    },
    /// Write the map in another form, chosen by the output's extension (.json: canonical map).
    Export {
        /// The map file.
        file: PathBuf,
        /// Where to write.
        #[arg(short, long)]
        output: PathBuf,
    },
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

/// Writes one line to stdout. A closed pipe (e.g. `| head`) is not an error worth a panic.
pub fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
}

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
        None => crate::ui::run(cli.file),
        Some(Command::Validate { file }) => {
            let map = load_map(&file)?;
            out(&format!("{}: OK — {}", file.display(), summary(&map)));
            Ok(())
        }
        Some(Command::Stats { file }) => {
            let map = load_map(&file)?;
            for line in stats_lines(&map) {
                out(&line);
            }
            Ok(())
        }
        Some(Command::Generate { orgs, seed, output }) => {
            let map = crate::generate::generate_map(orgs, seed);
            io::write_atomic(&output, &io::map_to_bytes(&map), false)?;
            out(&format!("wrote {} ({})", output.display(), summary(&map)));
            Ok(())
        }
        Some(Command::Export { file, output }) => {
            let map = load_map(&file)?;
            export(&map, &output)?;
            out(&format!("wrote {}", output.display()));
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
    lines
}

/// Writes `map` to `output` in the format its extension names.
pub fn export(map: &Map, output: &Path) -> anyhow::Result<()> {
    let ext = output.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if ext == "json" {
        io::write_atomic(output, &io::map_to_bytes(map), false)
            .with_context(|| format!("exporting to {}", output.display()))?;
        return Ok(());
    }
    bail!("{}: cannot export to '.{ext}' files (supported: .json)", output.display())
}
