//! framescope compare A B [--from DIR] [--format table|csv|json] [--out FILE]
//! framescope compare --all [--from DIR]
//!
//! Compares two outlets from the last run's tables (or --from DIR): per frame, own-voice rates
//! per 1,000 title+body tokens with bootstrap intervals over articles, a permutation test and
//! Benjamini-Hochberg q-values; lean with intervals; sentiment toward each actor; distinctive
//! words (weighted log-odds, written in full to keyness_A_vs_B.csv beside --out, else in the
//! run folder).
//! With --all: outlets ranked by lean, and the matrix of lean differences.

use framescope::compare::{self, RunData, Settings};
use framescope::render::{self, compare::CompareView, OutputFormat};
use framescope::run::write_file_atomic;
use framescope::RunDir;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(about = "Compare outlets' framing with intervals and tests, from the last run's tables")]
pub struct Args {
    /// Outlets to compare (exact name, else case-insensitive, else a unique prefix).
    #[arg(required_unless_present = "all", num_args = 2, value_names = ["A", "B"])]
    outlets: Vec<String>,
    /// Rank all outlets by lean and show the matrix of lean differences.
    #[arg(long, conflicts_with = "outlets")]
    all: bool,
    /// Run folder [default: the newest under reports/].
    #[arg(long)]
    from: Option<PathBuf>,
    #[arg(long, default_value = "table", value_parser = super::enum_parser::<OutputFormat>(OutputFormat::NAMES))]
    format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Seed of the bootstrap and permutation draws.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Bootstrap resamples and permutations.
    #[arg(long, default_value_t = 2000)]
    resamples: usize,
    /// Distinctive words shown each way.
    #[arg(long, default_value_t = 15)]
    top: usize,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let run = RunDir::locate(a.from.as_deref())?;
    let data = RunData::load(&run)?;
    let settings = Settings {
        resamples: a.resamples.max(1),
        seed: a.seed,
        ..Settings::default()
    };
    let text = if a.all {
        render::compare::ranking(&compare::rank_by_lean(&data, &settings), a.format)?
    } else {
        let (x, y) = (data.outlet(&a.outlets[0])?, data.outlet(&a.outlets[1])?);
        compare::check_distinct(&x, &y)?;
        let c = compare::compare(&data, &x, &y, &settings);
        // Beside --out when given, else in the run folder; a read-only run still compares.
        let folder = match a.out.as_deref().and_then(Path::parent) {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            Some(_) => PathBuf::from("."),
            None => run.path().to_path_buf(),
        };
        let kfile = folder.join(compare::keyness_file_name(&x, &y));
        let kname = match write_file_atomic(&kfile, render::compare::keyness_csv(&c)?.as_bytes()) {
            Ok(p) => Some(p.display().to_string()),
            Err(e) => {
                eprintln!("warning: keyness table not written: {e}");
                None
            }
        };
        let view = CompareView {
            format: a.format,
            top: a.top,
            colour: a.out.is_none()
                && a.format == OutputFormat::Table
                && std::io::stdout().is_terminal(),
            keyness_file: kname.as_deref(),
        };
        render::compare::comparison(&c, &view)?
    };
    match &a.out {
        Some(path) => {
            write_file_atomic(path, text.as_bytes())?;
        }
        None => super::print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
