//! framescope kwic FRAME [--outlet NAME] [--voice own|quote] [--zone ZONE] [--from DIR]
//!
//! Prints every hit of a frame in context (keyword in context), streamed from the hits.csv of
//! the last `analyze` run (the newest run.json under reports/), or of --from DIR.

use framescope::kwic::{self, for_each, split, KwicFilter};
use framescope::{Voice, Zone};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(about = "Show every hit of a frame in context, from the last run's outputs")]
pub struct Args {
    /// Frame id, e.g. occupation.
    frame: String,
    /// Only this outlet (exact name, else case-insensitive, else a unique prefix).
    #[arg(long)]
    outlet: Option<String>,
    #[arg(long, value_parser = super::enum_parser::<Voice>(&["own", "quote"]))]
    voice: Option<Voice>,
    #[arg(long, value_parser = super::enum_parser::<Zone>(&["title", "body", "teaser", "caption", "embed"]))]
    zone: Option<Zone>,
    /// Run folder [default: the newest under reports/].
    #[arg(long)]
    from: Option<PathBuf>,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 45)]
    width: usize,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let run = super::locate_run(a.from.as_deref())?;
    let filter = KwicFilter {
        frame: a.frame.clone(),
        outlet: a.outlet,
        voice: a.voice,
        zone: a.zone,
    };
    // A frame whose side follows its agent shows, per line, who does the act and the side.
    let by_agent = run.manifest().lexicon.is_agent_dependent(&a.frame);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed: Option<std::io::Error> = None;
    let n = for_each(&run, &filter, |r| {
        let (left, hit, right) = split(r, a.width);
        let mut flags = format!(
            "{}/{}{}{}",
            r.zone,
            r.voice,
            if r.attributed { " attr" } else { "" },
            if r.negated { " neg" } else { "" }
        );
        if by_agent {
            flags = format!("{flags:<18} {:<24.24}", kwic::agent_note(r));
        }
        let line = writeln!(
            out,
            "{:<20.20} {:<24.24} {:<18} {:>w$} [{}] {}",
            super::terminal_safe(&r.outlet),
            super::terminal_safe(&r.doc_id),
            flags,
            super::terminal_safe(&left),
            super::terminal_safe(&hit),
            super::terminal_safe(&right),
            w = a.width + 1
        );
        // A closed pipe ends the listing; the error is handled once, below.
        line.map_err(|e| {
            let msg = e.to_string();
            failed = Some(e);
            framescope::Error::Output(msg)
        })
    });
    let n = match (n, failed) {
        (_, Some(e)) => return Err(e.into()),
        (n, None) => n?,
    };
    out.flush()?;
    eprintln!("{n} hit(s) of {} in {}", a.frame, run.path().display());
    Ok(ExitCode::SUCCESS)
}
