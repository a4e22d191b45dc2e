//! `patchwork diff` and `patchwork merge`: the command line of [`crate::versions`].

use super::{Exit, out, report_error};
use crate::io::{self, load_map};
use crate::versions::{self, DiffOptions, MergeOptions};
use std::path::PathBuf;

/// Arguments of `patchwork diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The older version.
    old: PathBuf,
    /// The newer version.
    new: PathBuf,
    /// Print the changes as JSON (each changed field with "old" and "new").
    #[arg(long)]
    json: bool,
    /// List every move, however small (by default moves under 5 map units are left out).
    #[arg(long)]
    positions: bool,
}

/// Arguments of `patchwork merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The version both copies started from (git's %O).
    base: PathBuf,
    /// Our copy (git's %A); replaced by the result when there is no --output.
    ours: PathBuf,
    /// Their copy (git's %B).
    theirs: PathBuf,
    /// Where to write the merged map (default: over OURS, as a git merge driver does).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Print the conflicts and notes as JSON.
    #[arg(long)]
    json: bool,
}

/// `diff`: exit 0 when equal, 1 when different, 2 on an error.
pub fn diff_cmd(args: &DiffArgs) -> anyhow::Result<()> {
    let loaded = load_map(&args.old).and_then(|old| Ok((old, load_map(&args.new)?)));
    let (old, new) = match loaded {
        Ok(maps) => maps,
        Err(e) => {
            report_error(&e.into());
            return Err(Exit(2).into());
        }
    };
    // --positions shows every move; a change of nothing but a "last changed" stamp stays out.
    let options =
        if args.positions { DiffOptions { min_move: 0.0, ..DiffOptions::DEFAULT } } else { DiffOptions::DEFAULT };
    let diff = versions::diff_maps(&old, &new, options);
    if args.json {
        let doc = serde_json::json!({ "equal": diff.is_empty(), "changes": diff.changes });
        out(&serde_json::to_string_pretty(&doc)?);
    } else if diff.is_empty() {
        out("no changes");
    } else {
        for (what, added, removed, changed) in diff.counts() {
            out(&format!("{what}s: {added} added, {removed} removed, {changed} changed"));
        }
        out("");
        for line in diff.lines() {
            out(&line);
        }
    }
    if diff.is_empty() { Ok(()) } else { Err(Exit(1).into()) }
}

/// `merge`: exit 0 when merged cleanly, 1 with conflicts (result written, conflicts marked),
/// 2 on an error (nothing written).
pub fn merge_cmd(args: &MergeArgs) -> anyhow::Result<()> {
    let result = (|| -> anyhow::Result<_> {
        let (base, ours, theirs) = (load_map(&args.base)?, load_map(&args.ours)?, load_map(&args.theirs)?);
        let options = MergeOptions { mark_conflicts: true, ..MergeOptions::default() };
        let merged = versions::merge_maps(&base, &ours, &theirs, &options)?;
        let target = args.output.as_ref().unwrap_or(&args.ours);
        io::write_atomic(target, &io::map_to_bytes(&merged.map), false)?;
        Ok((merged, target.clone()))
    })();
    let (merged, target) = match result {
        Ok(r) => r,
        Err(e) => {
            report_error(&e);
            return Err(Exit(2).into());
        }
    };
    if args.json {
        let doc = serde_json::json!({
            "conflicts": merged.conflicts,
            "notes": merged.notes,
            "written": target,
        });
        out(&serde_json::to_string_pretty(&doc)?);
    } else {
        for note in &merged.notes {
            out(note);
        }
        for c in &merged.conflicts {
            out(&format!("CONFLICT {}", c.describe()));
        }
        out(&format!("wrote {} ({})", target.display(), super::summary(&merged.map)));
        if !merged.conflicts.is_empty() {
            out(&format!(
                "{} conflict(s): each is marked by a sticky note starting “MERGE CONFLICT” beside what it concerns, \
                 showing both values; the map holds ours. Resolve them, delete the notes and save.",
                merged.conflicts.len()
            ));
        }
    }
    if merged.conflicts.is_empty() { Ok(()) } else { Err(Exit(1).into()) }
}
