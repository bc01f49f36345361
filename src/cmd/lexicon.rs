//! framescope lexicon check FILE [--forms]
//! framescope lexicon forms FILE
//!
//! `check` validates a lexicon and prints its sides, frames (with term and form counts) and
//! actors. Errors name the file, line and entry; warnings are printed but do not fail the check.
//! `forms` prints every surface form of every frame, one per line, sorted and deduplicated, for
//! use with other tools (e.g. `grep -F -f`).

use framescope::lexicon::Lexicon;
use framescope::render;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
#[command(about = "Work with lexicon files")]
pub enum Command {
    /// Validate a lexicon and print its frames, sides and term counts.
    Check {
        file: PathBuf,
        /// Also list every surface form.
        #[arg(long)]
        forms: bool,
    },
    /// Print every surface form of every frame, one per line (sorted, deduplicated).
    Forms { file: PathBuf },
}

pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    let (file, forms) = match c {
        Command::Check { file, forms } => (file, forms),
        Command::Forms { file } => {
            let lex = Lexicon::from_file(&file)?;
            let mut text = render::lexicon::forms(&lex).join("\n");
            text.push('\n');
            super::print(&text)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let lex = Lexicon::from_file(&file)?;
    for w in &lex.warnings {
        eprintln!("warning: {w}");
    }
    super::print(&render::lexicon::check(&lex, forms))?;
    Ok(ExitCode::SUCCESS)
}
