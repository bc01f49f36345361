//! framescope trend [FRAME...] [--by week|month|quarter|year] [--date-col COL]
//!                  [--group-by COLUMN] [--from DIR] [--format table|csv|json] [--out FILE]
//!
//! Own-voice rates per 1,000 title+body tokens for each period from the first dated article to
//! the last (empty periods included), per group when --group-by is given, with bootstrap
//! intervals (two-stage over outlets where a cell has two or more). The long table
//! (period, group, frame, articles, tokens, hits, rate, interval ...) is always written to
//! trend_<period>[_by_<group>].csv beside --out, else in the run folder; a compact table is
//! printed. Articles whose date does not parse are listed on standard error and left out.

use super::{ByArgs, StatArgs};
use framescope::compare::{self, Period, RunData, Unit, UnitSpec};
use framescope::render::{self, OutputFormat};
use framescope::run::write_file_atomic;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(about = "Frame rates per week, month, quarter or year, per group, with intervals")]
pub struct Args {
    /// Frames to follow [default: all] (exact id, else case-insensitive, else a unique prefix).
    frames: Vec<String>,
    #[command(flatten)]
    by: ByArgs,
    /// One line per value of this column (`group`, `country`, `outlet`).
    #[arg(long, value_name = "COLUMN")]
    group_by: Option<String>,
    /// Run folder [default: the newest under reports/].
    #[arg(long)]
    from: Option<PathBuf>,
    #[arg(long, default_value = "table", value_parser = super::enum_parser::<OutputFormat>(OutputFormat::NAMES))]
    format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    stats: StatArgs,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let run = super::locate_run(a.from.as_deref())?;
    let data = RunData::load(&run)?;
    let by = ByArgs {
        by: Some(a.by.by.clone().unwrap_or_else(|| Period::Month.to_string())),
        date_col: a.by.date_col.clone(),
    };
    let unit = by.spec().resolve(&data.meta_columns)?;
    if !matches!(unit, Unit::Period { .. }) {
        anyhow::bail!(
            "trend --by {}: a trend runs over periods (--by {}); group with --group-by",
            unit.name(),
            Period::NAMES.join("|")
        );
    }
    let periods = data.grouping(&unit)?;
    let groups = match &a.group_by {
        Some(g) => {
            let gu = UnitSpec::new(Some(g), None).resolve(&data.meta_columns)?;
            if matches!(gu, Unit::Period { .. }) {
                anyhow::bail!("--group-by {g}: name a column; periods go in --by");
            }
            Some(data.grouping(&gu)?)
        }
        None => None,
    };
    let frames = data.frame_indices(&a.frames)?;
    let t = compare::trend(
        &data,
        &periods,
        groups.as_ref(),
        &frames,
        &a.stats.settings(),
    )?;
    for l in t.left_out.iter().take(20) {
        eprintln!(
            "{}",
            super::terminal_safe(&format!(
                "left out: documents.csv line {} ({}): {}",
                l.line, l.source, l.reason
            ))
        );
    }
    if t.left_out.len() > 20 {
        eprintln!(
            "left out: {} more (all in --format json)",
            t.left_out.len() - 20
        );
    }
    let folder = match a.out.as_deref().and_then(Path::parent) {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) => PathBuf::from("."),
        None => run.path().to_path_buf(),
    };
    let name = match &t.group_by {
        Some(g) => format!("trend_{}_by_{}.csv", t.period, compare::slug(g)),
        None => format!("trend_{}.csv", t.period),
    };
    match write_file_atomic(&folder.join(&name), render::trend::csv(&t)?.as_bytes()) {
        Ok(p) => eprintln!("wrote {}", p.display()),
        Err(e) => eprintln!("warning: {name} not written: {e}"),
    }
    let text = render::trend::trend(&t, a.format)?;
    match &a.out {
        Some(path) => {
            write_file_atomic(path, text.as_bytes())?;
        }
        None => super::print(&super::terminal_safe_lines(&text))?,
    }
    Ok(ExitCode::SUCCESS)
}
