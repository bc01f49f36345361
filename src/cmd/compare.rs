//! framescope compare A B [--by UNIT [--date-col COL]] [--from DIR] [--format table|csv|json]
//!                        [--out FILE] [--scheme auto|article] [--lean-exclude FRAME]...
//! framescope compare --all [--by UNIT] [--from DIR]
//!
//! Compares two outlets, two groups of outlets (`--by group`: values of a metadata column) or
//! two periods (`--by month --date-col published`) from a run's tables: per frame, own-voice
//! rates per 1,000 title+body tokens with bootstrap intervals, a permutation test and
//! Benjamini-Hochberg q-values; lean with intervals; sentiment toward each actor; distinctive
//! words (weighted log-odds, written in full to keyness_A_vs_B.csv beside --out, else in the
//! run folder). Groups made of outlets are resampled in two stages (outlets, then articles) and
//! permuted by outlet; the output says which scheme it used.
//! With --all: every outlet, group or period with its lean, and the matrix of lean differences.

use super::{ByArgs, StatArgs};
use framescope::compare::{self, Grouping, RunData};
use framescope::render::{self, compare::CompareView, OutputFormat};
use framescope::run::write_file_atomic;
use framescope::RunDir;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(
    about = "Compare outlets, groups or periods with intervals and tests, from a run's tables"
)]
pub struct Args {
    /// The two values to compare: outlets, or values of --by (exact name, else
    /// case-insensitive, else a unique prefix).
    #[arg(required_unless_present = "all", num_args = 2, value_names = ["A", "B"])]
    values: Vec<String>,
    /// Every value with its lean, and the matrix of lean differences.
    #[arg(long, conflicts_with = "values")]
    all: bool,
    #[command(flatten)]
    by: ByArgs,
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
    /// Leave this frame's hits out of lean (on top of the lexicon's `lean.exclude`); repeatable.
    #[arg(long, value_name = "FRAME")]
    lean_exclude: Vec<String>,
    /// Distinctive words shown each way.
    #[arg(long, default_value_t = 15)]
    top: usize,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let run = super::locate_run(a.from.as_deref())?;
    let data = RunData::load_with(&run, &a.lean_exclude)?;
    let unit = a.by.spec().resolve(&data.meta_columns)?;
    let g = data.grouping(&unit)?;
    if let Some(note) = g.left_out_note() {
        eprintln!("{}", super::terminal_safe(&note));
    }
    let settings = a.stats.settings();
    let text = if a.all {
        render::compare::ranking(&compare::rank(&data, &g, &settings), a.format)?
    } else {
        two(&a, &run, &data, &g, &settings)?
    };
    match &a.out {
        Some(path) => {
            write_file_atomic(path, text.as_bytes())?;
        }
        None => super::print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `compare A B`: the comparison, with the full keyness table written beside it.
fn two(
    a: &Args,
    run: &RunDir,
    data: &RunData,
    g: &Grouping,
    settings: &compare::Settings,
) -> anyhow::Result<String> {
    let (x, y) = (g.find(&a.values[0])?, g.find(&a.values[1])?);
    compare::check_distinct(&g.values[x], &g.values[y], g.unit.name())?;
    let c = compare::compare_units(data, g, x, y, settings);
    // Beside --out when given, else in the run folder; a read-only run still compares.
    let folder = match a.out.as_deref().and_then(Path::parent) {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) => PathBuf::from("."),
        None => run.path().to_path_buf(),
    };
    let kname = match render::compare::keyness_csv(&c)? {
        Some(csv) => {
            let kfile = folder.join(compare::keyness_file_name_by(&c.unit, &c.a, &c.b));
            match write_file_atomic(&kfile, csv.as_bytes()) {
                Ok(p) => Some(p.display().to_string()),
                Err(e) => {
                    eprintln!("warning: keyness table not written: {e}");
                    None
                }
            }
        }
        None => None,
    };
    let view = CompareView {
        format: a.format,
        top: a.top,
        colour: a.out.is_none()
            && a.format == OutputFormat::Table
            && std::io::stdout().is_terminal(),
        keyness_file: kname.as_deref(),
    };
    Ok(render::compare::comparison(&c, &view)?)
}
