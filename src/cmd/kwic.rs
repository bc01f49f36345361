//! framescope kwic FRAME [--outlet NAME] [--voice own|quote] [--from DIR]
//!
//! Prints every hit of a frame in context (keyword in context), read from the hits.csv of the
//! last `analyze` run (the newest run.json under reports/), or of --from DIR.

use framescope::kwic::{latest_run, load, split, KwicFilter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(about = "Show every hit of a frame in context, from the last run's outputs")]
pub struct Args {
    /// Frame id, e.g. occupation.
    frame: String,
    /// Only this outlet (case-insensitive; a unique prefix is enough).
    #[arg(long)]
    outlet: Option<String>,
    #[arg(long, value_parser = ["own", "quote"])]
    voice: Option<String>,
    #[arg(long, value_parser = ["title", "body", "teaser", "caption", "embed"])]
    zone: Option<String>,
    /// Run folder [default: the newest under reports/].
    #[arg(long)]
    from: Option<PathBuf>,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 45)]
    width: usize,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let dir = match a.from {
        Some(d) => d,
        None => latest_run(Path::new("reports")).ok_or_else(|| {
            anyhow::anyhow!(
                "no run found under reports/ (run `framescope analyze` first or pass --from DIR)"
            )
        })?,
    };
    let rows = load(
        &dir,
        &KwicFilter {
            frame: a.frame.clone(),
            outlet: a.outlet,
            voice: a.voice,
            zone: a.zone,
        },
    )?;
    for r in &rows {
        let (left, hit, right) = split(r, a.width);
        let flags = format!(
            "{}/{}{}{}",
            r.zone,
            r.voice,
            if r.attributed { " attr" } else { "" },
            if r.negated { " neg" } else { "" }
        );
        println!(
            "{:<20.20} {:<24.24} {:<18} {:>w$} [{hit}] {right}",
            r.outlet,
            r.doc_id,
            flags,
            left,
            w = a.width + 1
        );
    }
    eprintln!("{} hit(s) of {} in {}", rows.len(), a.frame, dir.display());
    Ok(ExitCode::SUCCESS)
}
