//! Subcommands, one file each.

mod analyze;
mod kwic;
mod lexicon;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes (documented in the README).
pub const EXIT_ERROR: u8 = 1;
pub const EXIT_STRICT: u8 = 3;

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
    Analyze(analyze::Args),
    #[command(subcommand)]
    Lexicon(lexicon::Command),
    Kwic(kwic::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Lexicon(c) => lexicon::run(c),
        Command::Kwic(a) => kwic::run(a),
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
