//! Subcommands, one file each.

mod analyze;
mod compare;
mod eval_sentiment;
mod kwic;
mod lexicon;
pub mod report;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
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
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze(a) => analyze::run(*a),
        Command::Lexicon(c) => lexicon::run(c),
        Command::Kwic(a) => kwic::run(a),
        Command::EvalSentiment(a) => eval_sentiment::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Report(a) => report::run(a),
    }
}

/// A data file given on the command line, else the shipped file under `lexicons/` in the current
/// folder, else the copy built into the binary. Returns the text and where it came from.
pub fn data_file(
    given: Option<&Path>,
    default: &str,
    builtin: &str,
) -> anyhow::Result<(String, String)> {
    let path: PathBuf = match given {
        Some(p) => p.to_path_buf(),
        None => {
            let p = Path::new("lexicons").join(default);
            if !p.is_file() {
                return Ok((builtin.to_string(), format!("built-in {default}")));
            }
            p
        }
    };
    let text =
        std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok((text, path.display().to_string()))
}

/// Options that locate and run the sentiment model.
#[derive(clap::Args, Clone)]
pub struct ModelArgs {
    /// Sentiment model folder.
    #[arg(long = "model", default_value = "models/target-sentiment")]
    pub model_dir: PathBuf,
    /// ONNX Runtime library [default: $ORT_DYLIB_PATH, else models/runtime/libonnxruntime.so*].
    #[arg(long)]
    pub ort_lib: Option<PathBuf>,
    /// Threads for the sentiment model [default: one per core].
    #[arg(long)]
    pub model_threads: Option<usize>,
    /// Sequences per inference batch.
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
}

impl ModelArgs {
    pub fn options(&self) -> framescope::sentiment::SentimentOptions {
        framescope::sentiment::SentimentOptions {
            model_dir: self.model_dir.clone(),
            runtime: self.ort_lib.clone(),
            threads: self
                .model_threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            batch_size: self.batch_size,
        }
    }
}
