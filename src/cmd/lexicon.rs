//! framescope lexicon check FILE [--forms]
//! framescope lexicon forms FILE
//!
//! `check` validates a lexicon and prints its sides, frames (with term and form counts) and
//! actors. Errors name the file, line and entry; warnings are printed but do not fail the check.
//! `forms` prints every surface form of every frame, one per line, sorted and deduplicated, for
//! use with other tools (e.g. `grep -F -f`).

use framescope::lexicon::Lexicon;
use std::fmt::Write as _;
use std::io::Write as _;
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
            let mut all: Vec<&str> = lex
                .frames
                .iter()
                .flat_map(|f| {
                    f.terms
                        .iter()
                        .flat_map(|t| t.forms.iter().map(String::as_str))
                })
                .collect();
            all.sort_unstable();
            all.dedup();
            let mut out = std::io::stdout().lock();
            for f in all {
                writeln!(out, "{f}")?;
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    let lex = Lexicon::from_file(&file)?;
    for w in &lex.warnings {
        eprintln!("warning: {w}");
    }
    // Built whole, then printed once: a closed pipe is one error, handled in `main`.
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} ({}), sha256 {}",
        lex.id,
        lex.version,
        lex.language,
        &lex.hash[..12]
    );
    for s in &lex.sides {
        let _ = writeln!(o, "side {:<4} {}", s.id, s.label);
    }
    if let Some((a, b)) = &lex.lean {
        let _ = writeln!(o, "lean = ({a} - {b}) / ({a} + {b})");
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{:<26} {:<5} {:>5} {:>5}",
        "frame", "side", "terms", "forms"
    );
    for f in &lex.frames {
        let nforms: usize = f.terms.iter().map(|t| t.forms.len()).sum();
        let _ = writeln!(
            o,
            "{:<26} {:<5} {:>5} {:>5}",
            f.id,
            f.side.as_deref().unwrap_or("-"),
            f.terms.len(),
            nforms
        );
        if forms {
            for t in &f.terms {
                let ctx = if t.followed_by.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  (followed by {} within {})",
                        t.followed_by.join("|"),
                        t.within
                    )
                };
                let _ = writeln!(o, "    {}: {}{ctx}", t.term, t.forms.join(", "));
            }
        }
    }
    let _ = writeln!(o);
    for a in &lex.actors {
        let _ = writeln!(
            o,
            "actor {:<22} {:<5} {} aliases",
            a.id,
            a.side.as_deref().unwrap_or("-"),
            a.aliases.len()
        );
    }
    let _ = writeln!(
        o,
        "ok: {} frames, {} terms, {} actors, {} warning(s)",
        lex.frames.len(),
        lex.frames.iter().map(|f| f.terms.len()).sum::<usize>(),
        lex.actors.len(),
        lex.warnings.len()
    );
    super::print(&o)?;
    Ok(ExitCode::SUCCESS)
}
