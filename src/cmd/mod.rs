//! Subcommands, one file each.

mod analyze;
mod compare;
mod eval_sentiment;
mod kwic;
mod lexicon;
pub mod report;
mod trend;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes (documented in the README).
pub const EXIT_ERROR: u8 = 1;
pub const EXIT_STRICT: u8 = 3;
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Parser)]
#[command(
    name = "framescope",
    version,
    about = "Media-bias and framing analyser: voice-aware framing-lexicon scores per outlet"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Analyze(Box<analyze::Args>),
    #[command(subcommand)]
    Lexicon(lexicon::Command),
    Kwic(kwic::Args),
    EvalSentiment(eval_sentiment::Args),
    Compare(compare::Args),
    Report(report::Args),
    Trend(trend::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze(a) => analyze::run(*a),
        Command::Lexicon(c) => lexicon::run(c),
        Command::Kwic(a) => kwic::run(a),
        Command::EvalSentiment(a) => eval_sentiment::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Report(a) => report::run(a),
        Command::Trend(a) => trend::run(a),
    }
}

/// A clap parser for a library enum: its names as the possible values, parsed once here.
pub fn enum_parser<T>(names: &'static [&'static str]) -> impl TypedValueParser<Value = T>
where
    T: std::str::FromStr<Err = String> + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(names).try_map(|s| s.parse::<T>())
}

/// Prints to standard output; a closed pipe comes back as an error that `main` ends quietly.
pub fn print(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Text from the data (outlet names, file names, article text) made safe to print on a
/// terminal: control characters, which could move the cursor or retitle the window, become
/// U+FFFD.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(|c| c.is_control()) {
        s.chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// [`terminal_safe`] for each line of a multi-line text, keeping its line breaks.
pub fn terminal_safe_lines(s: &str) -> String {
    s.split('\n')
        .map(|l| terminal_safe(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Options that locate and run the sentiment model.
#[derive(clap::Args, Clone)]
pub struct ModelArgs {
    /// Sentiment model: a folder, or the name of an installed model (a folder under models/,
    /// such as target-sentiment), looked up in the same places as the default [default:
    /// models/target-sentiment under the working folder, next to the executable, under
    /// $FRAMESCOPE_HOME, or under ~/.local/share/framescope].
    #[arg(long = "model")]
    pub model_dir: Option<PathBuf>,
    /// ONNX Runtime library [default: $ORT_DYLIB_PATH, else models/runtime/libonnxruntime.so*
    /// in the same places as the model].
    #[arg(long)]
    pub ort_lib: Option<PathBuf>,
    /// Threads for the sentiment model [default: one per core].
    #[arg(long)]
    pub model_threads: Option<usize>,
    /// Sequences per inference batch.
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Where the model runs: cpu, or cuda / cuda:N (needs the onnxruntime-gpu library as the
    /// runtime; see the README).
    #[arg(long, default_value = "cpu")]
    pub device: framescope::sentiment::Device,
}

impl ModelArgs {
    /// The options, with the model and runtime found (or an error listing where it looked).
    pub fn options(&self) -> anyhow::Result<framescope::sentiment::SentimentOptions> {
        use framescope::sentiment::{find_model_dir, find_runtime_in};
        let roots = data_roots();
        let model_dir = find_model_dir(self.model_dir.as_deref(), &roots)?;
        let runtime = match (&self.ort_lib, std::env::var_os("ORT_DYLIB_PATH")) {
            (Some(p), _) => p.clone(),
            (None, Some(p)) if !p.is_empty() => PathBuf::from(p),
            _ => find_runtime_in(&roots)?,
        };
        Ok(framescope::sentiment::SentimentOptions {
            model_dir,
            runtime: Some(runtime),
            threads: self
                .model_threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            batch_size: self.batch_size,
            device: self.device,
        })
    }
}

pub use framescope::sentiment::data_roots;

/// The unit of comparison, shared by `compare`, `trend` and `report`.
#[derive(clap::Args, Clone, Default)]
pub struct ByArgs {
    /// Compare by this: `outlet`, a metadata column of documents.csv (`group`, `country`; write
    /// `column:NAME` for a column named like a period), or `week|month|quarter|year` of
    /// --date-col.
    #[arg(long, value_name = "UNIT")]
    pub by: Option<String>,
    /// ISO date column (YYYY-MM-DD) for --by week|month|quarter|year [default: date, else
    /// published, else published_at].
    #[arg(long, value_name = "COLUMN")]
    pub date_col: Option<String>,
}

impl ByArgs {
    pub fn spec(&self) -> framescope::compare::UnitSpec {
        framescope::compare::UnitSpec::new(self.by.as_deref(), self.date_col.as_deref())
    }
}

/// Resampling options shared by `compare` and `trend`.
#[derive(clap::Args, Clone)]
pub struct StatArgs {
    /// Seed of the bootstrap and permutation draws.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Bootstrap resamples and permutations.
    #[arg(long, default_value_t = 2000)]
    pub resamples: usize,
    /// Resampling scheme: `auto` is two-stage (outlets, then articles) when every side has two
    /// or more outlets and the unit groups outlets; `article` treats articles as independent.
    #[arg(long, default_value = "auto", value_parser = enum_parser::<framescope::compare::SchemeChoice>(framescope::compare::SchemeChoice::NAMES))]
    pub scheme: framescope::compare::SchemeChoice,
}

impl StatArgs {
    pub fn settings(&self) -> framescope::compare::Settings {
        framescope::compare::Settings {
            resamples: self.resamples.max(1),
            seed: self.seed,
            scheme: self.scheme,
            ..Default::default()
        }
    }
}

/// Columns of the terminal on standard output; else `$COLUMNS`; else 100.
pub fn terminal_width() -> usize {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        // SAFETY: TIOCGWINSZ only writes a `winsize` into the struct passed.
        let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
        if ok && ws.ws_col >= 40 {
            return usize::from(ws.ws_col);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|&c| c >= 40)
        .unwrap_or(100)
}

/// The folder for framescope's own state (the last run of each working folder):
/// `$FRAMESCOPE_HOME/state`, else `$XDG_STATE_HOME/framescope`, else
/// `~/.local/state/framescope`.
pub fn state_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("FRAMESCOPE_HOME")
        .map(|h| h.join("state"))
        .or_else(|| env("XDG_STATE_HOME").map(|s| s.join("framescope")))
        .or_else(|| env("HOME").map(|h| h.join(".local/state/framescope")))
}

/// The run to read: `--from`, else the last `analyze` in this folder, else the newest under
/// reports/; says on stderr which, unless it was given.
pub fn locate_run(from: Option<&std::path::Path>) -> anyhow::Result<framescope::RunDir> {
    use framescope::run::last::{self, Found};
    let cwd = std::env::current_dir()?;
    let (run, found) = last::locate(from, state_dir().as_deref(), &cwd)?;
    let why = match found {
        Found::Given => return Ok(run),
        Found::LastAnalyze => "the last analyze in this folder",
        Found::NewestUnderReports => "the newest under reports/",
    };
    eprintln!(
        "reading run {} ({why}; --from DIR for another)",
        terminal_safe(&run.path().display().to_string())
    );
    Ok(run)
}
